"""The store seam: every backend answers in the same shape and binds parameters safely.

The same contract runs on every backend: the embedded store in memory and on disk, and a
real Virtuoso server (each test in a fresh named graph of its own).
"""

from __future__ import annotations

import uuid

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from therakg.errors import StoreError
from therakg.namespaces import TKR
from therakg.store import open_store
from therakg.store.sparql import SparqlStore
from therakg.store.sparqltext import bind_values, placeholders

DATA = """
@prefix tkr: <https://w3id.org/therakg/resource/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
tkr:a skos:prefLabel "Alpha"@en ; skos:altLabel "A \\"quoted\\" } name" ; skos:notation 3 .
tkr:b skos:prefLabel "Beta"@en .
"""


@pytest.fixture(params=["memory", "oxigraph", "virtuoso"])
def store(request, tmp_path):
    if request.param == "virtuoso":
        server = request.getfixturevalue("virtuoso")
        graph = f"https://w3id.org/therakg/test/{uuid.uuid4()}"
        opened = SparqlStore(f"{server.url}#graph={graph}", graph_store=server.graph_store, user="dba", password="dba")
        opened.load(Graph().parse(data=DATA, format="turtle"), graph=graph)
        yield opened
        return
    address = "memory" if request.param == "memory" else f"oxigraph:{tmp_path / 'store'}"
    with open_store(address) as s:
        s.load(Graph().parse(data=DATA, format="turtle"))
        yield s


def test_rows_have_every_variable_with_none_when_unbound(store):
    rows = store.select("SELECT ?term ?label ?missing WHERE { ?term skos:prefLabel ?label } ORDER BY ?label")
    assert rows == [
        {"term": TKR.a, "label": Literal("Alpha", lang="en"), "missing": None},
        {"term": TKR.b, "label": Literal("Beta", lang="en"), "missing": None},
    ]


def test_literals_come_back_as_rdflib_terms(store):
    [row] = store.select("SELECT ?n ?alt WHERE { tkr:a skos:notation ?n ; skos:altLabel ?alt }")
    assert row["n"] == Literal(3, datatype=XSD.integer)
    assert row["alt"] == Literal('A "quoted" } name')  # a plain string, not ^^xsd:string


def test_bindings_are_bound_as_terms(store):
    query = "SELECT ?label WHERE { ?term skos:prefLabel ?label }"
    assert store.select(query, {"term": TKR.b}) == [{"label": Literal("Beta", lang="en")}]
    tricky = Literal('A "quoted" } name')
    assert store.select("SELECT ?term WHERE { ?term skos:altLabel ?alt }", {"alt": tricky}) == [{"term": TKR.a}]


def test_a_placeholder_in_a_branch_is_bound_to_the_same_term(store):
    query = """SELECT ?label WHERE {
        { VALUES ?term { UNDEF } ?term skos:prefLabel ?label }
        UNION { VALUES ?term { UNDEF } ?term skos:altLabel ?label }
        FILTER (?label != "VALUES ?term { UNDEF }")  # text that looks like one is left alone
    }"""
    bound = {row["label"] for row in store.select(query, {"term": TKR.a})}
    assert bound == {Literal("Alpha", lang="en"), Literal('A "quoted" } name')}
    assert len(store.select(query)) == 3  # unbound, a placeholder matches anything
    assert store.select(query, {"term": Literal('x" } ?s ?p ?o { "')}) == []


def test_placeholders_are_filled_with_the_bound_term_and_nothing_else():
    query = """SELECT * WHERE { { VALUES ?term { UNDEF } ?term ?p ?o } UNION { VALUES ?other { UNDEF } ?other ?p ?o }
        # VALUES ?term { UNDEF } in a comment stays as it is
    }"""
    assert placeholders(query) == {"term", "other"}
    bound = bind_values(query, {"term": TKR.a})
    assert bound.count(f"VALUES ?term {{ <{TKR.a}> }}") == 1  # the placeholder; the top block lists names in brackets
    assert "VALUES ?other { UNDEF }" in bound and "# VALUES ?term { UNDEF } in a comment" in bound


def test_a_hostile_parameter_cannot_change_the_query(store):
    hostile = Literal('x" } ?s ?p ?o { "')
    assert store.select("SELECT ?term WHERE { ?term skos:altLabel ?alt }", {"alt": hostile}) == []
    with pytest.raises(StoreError, match="not a valid IRI"):
        store.select("SELECT ?label WHERE { ?term skos:prefLabel ?label }", {"term": URIRef("http://x/> } ?s ?p ?o {")})
    with pytest.raises(StoreError, match="variable name"):
        store.select("SELECT * WHERE { ?s ?p ?o }", {"s o": TKR.a})


def test_ask_and_construct(store):
    assert store.ask("ASK { tkr:a skos:prefLabel ?l }")
    assert not store.ask("ASK { tkr:a skos:prefLabel ?l }", {"l": Literal("Beta", lang="en")})
    graph = store.construct("CONSTRUCT { ?t skos:prefLabel ?l } WHERE { ?t skos:prefLabel ?l }", {"t": TKR.a})
    assert set(graph) == {(TKR.a, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Alpha", lang="en"))}


def test_wrong_query_form_and_bad_syntax_are_clear_errors(store):
    with pytest.raises(StoreError, match="SELECT"):
        store.select("ASK { ?s ?p ?o }")
    with pytest.raises(StoreError, match="not valid SPARQL"):
        store.select("SELECT ?s WHERE { ?s ?p }")


def test_load_a_file_and_count(store, tmp_path):
    path = tmp_path / "more.nt"
    path.write_text('<https://w3id.org/therakg/resource/c> <http://www.w3.org/2004/02/skos/core#prefLabel> "Gamma" .\n')
    before = len(store)
    store.load(path, graph=getattr(store, "graph", None))
    assert len(store) == before + 1
    with pytest.raises(StoreError, match="format"):
        store.load(tmp_path / "data.unknown")


def test_capabilities(tmp_path):
    assert open_store("memory").capabilities.persistent is False
    with open_store(f"oxigraph:{tmp_path / 'db'}") as disk:
        assert disk.capabilities.persistent and not disk.capabilities.read_only


def test_on_disk_store_keeps_its_data(tmp_path):
    address = f"oxigraph:{tmp_path / 'db'}"
    with open_store(address) as first:
        first.load(Graph().parse(data=DATA, format="turtle"))
    with open_store(address) as again:
        assert again.ask("ASK { tkr:b skos:prefLabel 'Beta'@en }")


def test_unknown_addresses_are_refused_clearly():
    with pytest.raises(StoreError, match="Known kinds: memory, oxigraph"):
        open_store("postgres:db")
    with pytest.raises(StoreError, match="needs a folder"):
        open_store("oxigraph:")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_memory = open_store("memory")


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_parameter_round_trips_unchanged(text):
    """Whatever a person types, binding it yields exactly that literal back: it never becomes query syntax."""
    rows = _memory.select("SELECT ?value WHERE { BIND(?given AS ?value) }", {"given": Literal(text)})
    assert rows == [{"value": Literal(text)}]
