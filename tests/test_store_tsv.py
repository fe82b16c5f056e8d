"""The embedded store's bulk path: SPARQL TSV read back into exactly the terms the row-by-row path gives."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from therakg.store.oxigraph import to_rdflib
from therakg.store.tsv import parse_cell, read_tsv

XSD = "http://www.w3.org/2001/XMLSchema#"
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
typed = st.sampled_from([("1.5", "decimal"), ("-0.25", "decimal"), ("1.0E5", "double"), ("true", "boolean"),
                         ("false", "boolean"), ("2026-11-23", "date"), ("2019-11", "gYearMonth"), ("2019", "gYear")])
terms = st.one_of(
    text.map(ox.Literal),
    st.tuples(text, st.sampled_from(["en", "en-us", "fr"])).map(lambda a: ox.Literal(a[0], language=a[1])),
    st.integers(-10**12, 10**12).map(lambda i: ox.Literal(str(i), datatype=ox.NamedNode(XSD + "integer"))),
    typed.map(lambda v: ox.Literal(v[0], datatype=ox.NamedNode(XSD + v[1]))),
    text.map(lambda t: ox.NamedNode("https://example.org/" + "".join(c for c in t if c.isalnum()))),
)
QUERY = "SELECT ?s ?o ?unbound WHERE { ?s <urn:p> ?o OPTIONAL { ?s <urn:q> ?unbound } } ORDER BY ?s"


@settings(max_examples=300, deadline=None)
@given(st.lists(terms, min_size=1, max_size=6))
def test_tsv_gives_the_same_terms_as_converting_each_solution(values):
    store = ox.Store()
    for i, value in enumerate(values):
        store.add(ox.Quad(ox.NamedNode(f"urn:s:{i:03d}"), ox.NamedNode("urn:p"), value))
    expected = [{"s": to_rdflib(s), "o": to_rdflib(o), "unbound": None} for s, o, _ in store.query(QUERY)]
    names, rows = read_tsv(store.query(QUERY).serialize(format=ox.QueryResultsFormat.TSV).decode())
    assert names == ["s", "o", "unbound"]
    assert rows == expected


def test_blank_nodes_empty_answers_and_bad_cells():
    assert str(parse_cell("_:b0")) == "b0" and parse_cell("") is None
    assert read_tsv("?a\t?b\n") == (["a", "b"], [])
    try:
        parse_cell("not a term")
    except ValueError as e:
        assert "not a term" in str(e)
    else:
        raise AssertionError("a cell that is no RDF term must be an error")
