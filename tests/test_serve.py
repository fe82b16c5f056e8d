"""`therakg serve`: a real endpoint process, queried with SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from conftest import ROOT

MAX_ROWS, TIMEOUT = 50, 2


@pytest.fixture(scope="module")
def endpoint():
    """The real command, on a free loopback port, with small caps so the tests can reach them."""
    process = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-m", "therakg", "serve", "--port", "0", "--max-rows", str(MAX_ROWS),
         "--timeout", str(TIMEOUT), "--workers", "3"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )
    line = process.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
    assert match, f"serve did not start: {line}"
    yield f"http://127.0.0.1:{match.group(1)}"
    process.terminate()
    process.wait(10)


def client(endpoint, query, fmt=JSON):
    sparql = SPARQLWrapper(f"{endpoint}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def test_select_in_every_result_format(endpoint):
    query = "SELECT ?label WHERE { tkr:stroke skos:prefLabel ?label }"
    assert client(endpoint, query).queryAndConvert()["results"]["bindings"][0]["label"]["value"] == "Stroke"
    xml = client(endpoint, query, XML).queryAndConvert()
    assert "Stroke" in xml.toxml()
    assert client(endpoint, query, CSV).queryAndConvert().decode().splitlines() == ["label", "Stroke"]
    assert client(endpoint, query, TSV).queryAndConvert().decode().splitlines()[1] == '"Stroke"@en'


def test_ask_and_construct(endpoint):
    assert client(endpoint, "ASK { tkr:stroke a tkg:Condition }").queryAndConvert()["boolean"] is True
    data = client(endpoint, "CONSTRUCT WHERE { tkr:stroke skos:prefLabel ?l }", TURTLE).queryAndConvert()
    graph = Graph().parse(data=data, format="turtle")
    assert len(graph) == 1


def test_post_with_a_query_body(endpoint):
    request = urllib.request.Request(
        f"{endpoint}/sparql", data=b"SELECT ?l WHERE { tkr:stroke skos:prefLabel ?l }",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}, method="POST")
    with urllib.request.urlopen(request) as response:
        assert response.read().decode().splitlines() == ["l", "Stroke"]


@pytest.mark.parametrize("query,status,message", [
    ("INSERT DATA { tkr:a tkr:b tkr:c }", 403, "Updates"),
    ("LOAD <http://example.org/x.ttl>", 403, "Updates"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE is refused"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", 403, "FROM <file:///etc/passwd> is refused"),
    ("SELECT ?s WHERE { ?s ?p }", 400, "not valid SPARQL"),
])
def test_refuses_before_any_engine_sees_the_query(endpoint, query, status, message):
    code, _, body = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": query}))
    assert code == status and message in body


def test_an_update_over_the_protocol_is_refused(endpoint):
    for body, kind in ((b"update=INSERT+DATA+%7B%7D", "application/x-www-form-urlencoded"),
                       (b"INSERT DATA {}", "application/sparql-update")):
        request = urllib.request.Request(f"{endpoint}/sparql", data=body, headers={"Content-Type": kind}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request)
        assert caught.value.code == 403


def test_rows_are_capped_and_the_response_says_so(endpoint):
    code, headers, body = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert code == 200
    document = json.loads(body)
    assert len(document["results"]["bindings"]) == MAX_ROWS
    assert headers["X-TheraKG-Truncated"] == "true" and headers["X-TheraKG-Max-Rows"] == str(MAX_ROWS)
    assert document["therakg"] == {"truncated": True, "max_rows": MAX_ROWS}


def test_a_runaway_query_is_stopped_at_the_time_cap_and_the_endpoint_recovers(endpoint):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    code, headers, body = get(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": heavy}))
    assert code == 503 and f"time cap of {TIMEOUT} s" in body
    assert time.monotonic() - started < TIMEOUT + 5
    assert client(endpoint, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True


def test_the_catalogue_as_named_urls(endpoint):
    code, _, body = get(f"{endpoint}/queries")
    assert code == 200 and len(json.loads(body)) >= 30
    url = f"{endpoint}/queries/interventions-for-condition?" + urllib.parse.urlencode({"condition": "GAD", "format": "csv"})
    code, headers, body = get(url)
    assert code == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and {r["forConditionLabel"] for r in rows} == {"Generalised anxiety disorder"}
    code, _, body = get(f"{endpoint}/queries/interventions-for-condition?condition=depresion")
    assert code == 400 and "Closest: Major depression" in body
    assert get(f"{endpoint}/queries/no-such-query")[0] == 404


def test_sparqlwrapper_reports_a_refusal_as_an_error(endpoint):
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client(endpoint, "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }").query()


def test_bounded_concurrent_load(endpoint):
    """20 clients, 300 requests on loopback: no errors; the latency figures are reported."""
    queries = [
        "SELECT ?label WHERE { ?c a tkg:Condition ; skos:prefLabel ?label } LIMIT 20",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s tkg:recommendation tkg:Offer }",
    ]
    urls = [f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": queries[i % 2]}) for i in range(280)]
    urls += [f"{endpoint}/queries/interventions-for-condition?condition=depression"] * 20

    def fetch(url):
        started = time.perf_counter()
        code, _, _ = get(url)
        return code, time.perf_counter() - started

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(fetch, urls))
    assert [code for code, _ in results if code != 200] == []
    latencies = sorted(t for _, t in results)
    p50, p95 = statistics.median(latencies), latencies[int(0.95 * len(latencies)) - 1]
    print(f"\nendpoint under load: {len(results)} requests, 20 clients: p50 {1000 * p50:.0f} ms, p95 {1000 * p95:.0f} ms")
