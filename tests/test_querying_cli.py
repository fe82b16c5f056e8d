"""The real `therakg queries`, `query`, `sparql` and `load` commands, run as a person would."""

from __future__ import annotations

import csv
import io
import json

import pytest

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_queries_lists_the_catalogue(cli):
    done = cli("queries", "--format", "json")
    assert done.code == 0
    listed = {q["name"]: q for q in json.loads(done.stdout)}
    assert len(listed) >= 30
    assert listed["interventions-for-condition"]["params"][0] == {
        "name": "condition", "type": "condition", "optional": False, "help": 'the condition, e.g. depression or "GAD"'}


def test_query_json_is_a_list_of_objects_with_labels_beside_iris(cli):
    done = cli("query", "interventions-for-condition", "-p", "condition=GAD", "--format", "json")
    assert done.code == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and all(r["forConditionLabel"] == "Generalised anxiety disorder" for r in rows)
    assert all(r["intervention"].startswith("https://w3id.org/therakg/resource/") and r["interventionLabel"] for r in rows)


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("tsv", "\t")])
def test_query_csv_and_tsv(cli, fmt, delimiter):
    done = cli("query", "statements-from-source", "-p", "source=NG222", "--format", fmt)
    assert done.code == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout), delimiter=delimiter))
    assert rows and {r["locator"] for r in rows} >= {"1.5.3"}


def test_query_table_uses_compact_iris(cli):
    done = cli("query", "who-delivers-intervention", "-p", "intervention=physiotherapy")
    assert done.code == 0 and "tkr:physiotherapist" in done.stdout and "rows)" in done.stdout


def test_an_unknown_term_is_one_clear_line_with_suggestions(cli):
    done = cli("query", "interventions-for-condition", "-p", "condition=depresion")
    assert done.code == 2
    assert done.stderr.startswith("error: No condition is called 'depresion'. Closest: Major depression (tkr:depression)")
    assert "Traceback" not in done.stderr


def test_sparql_reads_a_file_or_stdin(cli, tmp_path):
    query = tmp_path / "mine.rq"
    query.write_text("SELECT ?label WHERE { tkr:stroke skos:prefLabel ?label }")
    done = cli("sparql", str(query), "--format", "csv")
    assert done.code == 0, done.stderr
    assert done.stdout.splitlines() == ["label", "Stroke"]


@pytest.mark.parametrize("text,message", [
    ("INSERT DATA { tkr:a tkr:b tkr:c }", "Updates"),
    ("LOAD <file:///etc/passwd>", "Updates"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM <http://example.org/data.ttl> is refused"),
    ("SELECT ?s WHERE { ?s ?p }", "not valid SPARQL"),
])
def test_sparql_refuses_what_it_should(cli, tmp_path, text, message):
    query = tmp_path / "bad.rq"
    query.write_text(text)
    done = cli("sparql", str(query))
    assert done.code == 2 and message in done.stderr, done.stderr


def test_sparql_caps_rows_and_time(cli, tmp_path):
    many = tmp_path / "many.rq"
    many.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    done = cli("sparql", str(many), "--max-rows", "5", "--format", "csv")
    assert done.code == 0 and len(done.stdout.splitlines()) == 6
    assert "row cap" in done.stderr
    heavy = tmp_path / "heavy.rq"
    heavy.write_text(HEAVY)
    done = cli("sparql", str(heavy), "--timeout", "1")
    assert done.code == 2 and "time cap of 1 s" in done.stderr


def test_load_into_an_on_disk_store_then_query_it_with_store(cli, tmp_path):
    address = f"oxigraph:{tmp_path / 'db'}"
    done = cli("load", "--store", address)
    assert done.code == 0 and "Loaded" in done.stdout, done.stderr
    done = cli("query", "statements-from-source", "-p", "source=NG222", "--store", address, "--format", "json")
    assert done.code == 0 and json.loads(done.stdout)


def test_an_empty_store_says_how_to_fill_it(cli, tmp_path):
    done = cli("query", "sources", "--store", f"oxigraph:{tmp_path / 'empty'}")
    assert done.code == 2 and "therakg load --store" in done.stderr


def test_a_server_that_is_down_is_one_clear_message(cli):
    done = cli("query", "sources", "--store", "sparql:http://127.0.0.1:9/sparql")
    assert done.code == 2 and "Cannot reach the SPARQL server at http://127.0.0.1:9/sparql" in done.stderr
    assert "Traceback" not in done.stderr


def test_load_pushes_to_virtuoso_and_the_catalogue_runs_there(cli, virtuoso):
    import os

    env = {**os.environ, **virtuoso.environment()}
    graph = "https://w3id.org/therakg/test/cli-load"
    done = cli("load", "--endpoint", virtuoso.url, "--graph", graph, env=env)
    assert done.code == 0, done.stderr
    address = f"sparql:{virtuoso.url}#graph={graph}"
    done = cli("query", "statements-from-source", "-p", "source=NG222", "--format", "json", env={**env, "THERAKG_STORE": address})
    assert done.code == 0, done.stderr
    local = cli("query", "statements-from-source", "-p", "source=NG222", "--format", "json")
    key = lambda r: (r["locator"] or "", r["intervention"], r["population"])  # noqa: E731
    assert sorted(json.loads(done.stdout), key=key) == sorted(json.loads(local.stdout), key=key)


def test_load_without_credentials_explains_what_to_set(cli, virtuoso):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("THERAKG_SPARQL")}
    env["THERAKG_GRAPH_STORE"] = virtuoso.graph_store
    done = cli("load", "--endpoint", virtuoso.url, env=env)
    assert done.code == 2 and "THERAKG_SPARQL_USER" in done.stderr, done.stderr
