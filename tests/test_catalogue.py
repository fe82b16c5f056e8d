"""The query catalogue: every query is documented, runs, follows the label convention, and
gives the same answers on the embedded store and on a real Virtuoso."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef

from therakg.errors import TheraKGError
from therakg.guard import check_query
from therakg.queries import catalogue, catalogue_markdown, run_query
from therakg.store import open_store
from therakg.store.sparql import SparqlStore
from therakg.store.sparqltext import placeholders
from therakg.terms import KINDS, UnknownTerm, resolve

from conftest import ROOT

CATALOGUE = catalogue(__import__("therakg.project", fromlist=["Project"]).Project(ROOT))
REQUIRED_TOPICS = [
    "interventions-for-condition", "not-to-offer-for-condition", "conditions-for-intervention",
    "who-delivers-intervention", "interventions-by-role", "interventions-for-age-group",
    "outcome-measures-for-condition", "evidence-for-link", "statements-from-source", "compare-interventions",
    "used-alongside", "conditions-without-offer", "complementary-therapies-evidence",
    "counts-by-modality-and-recommendation", "class-hierarchy", "search-terms", "recently-changed-terms",
]


@pytest.fixture(scope="module")
def memory(built):
    store = open_store("memory")
    store.load(built.graph)
    return store


def test_the_catalogue_has_at_least_30_queries_covering_every_topic():
    assert len(CATALOGUE) >= 30
    assert not set(REQUIRED_TOPICS) - set(CATALOGUE)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_has_a_full_header_and_an_example_for_its_parameters(name):
    query = CATALOGUE[name]
    assert query.title and len(query.description) > 30
    assert set(query.audience) <= {"educator", "curator", "analyst"} and query.audience
    assert all(p.type in KINDS or p.type in ("text", "integer", "date") for p in query.params)
    required = {p.name for p in query.params if not p.optional}
    assert required <= set(query.example), f"{name}: the example must give {required}"
    assert check_query(query.text).form == "SELECT"
    # A `VALUES ?name { UNDEF }` placeholder only does anything for a declared parameter.
    assert placeholders(query.text) <= {p.name for p in query.params}, f"{name}: a placeholder names no parameter"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_query_runs_on_the_shipped_graph_and_labels_sit_beside_iris(memory, name):
    query = CATALOGUE[name]
    answer = run_query(memory, query, query.example)
    for row in answer.rows:
        for variable, value in row.items():
            if isinstance(value, URIRef) and variable not in ("statement", "url", "sourcePage", "confirmedAt", "value", "property"):
                assert f"{variable}Label" in row, f"{name}: ?{variable} is an IRI but ?{variable}Label is not projected"


def test_interventions_for_a_condition_include_finer_conditions_and_respect_age(memory):
    query = get_query_from_catalogue("interventions-for-condition")
    everyone = run_query(memory, query, {"condition": "anxiety disorders"}).records()
    conditions = {r["forConditionLabel"] for r in everyone}
    assert len(conditions) > 1, "statements about conditions below anxiety disorders should be included"
    children = run_query(memory, query, {"condition": "anxiety disorders", "age_group": "children"}).records()
    assert {r["populationLabel"] for r in children} <= {"Children", "Children and young people", "Young people"}
    assert len(children) < len(everyone)


def test_interventions_for_an_age_group_include_those_recommended_for_an_overlapping_population(memory):
    # "children" has few interventions recorded as suitable; the rest come from evidence about
    # overlapping populations ("children and young people"), and none from adults-only evidence.
    rows = run_query(memory, get_query_from_catalogue("interventions-for-age-group"), {"age_group": "children"}).records()
    recommended = {r["interventionLabel"] for r in rows if r["basis"] == "recommended by a source"}
    assert "Parenting programmes" in recommended
    evidence = run_query(memory, get_query_from_catalogue("evidence-table"), {}).records()
    adults_only = {r["interventionLabel"] for r in evidence if r["populationLabel"] in ("Adults", "Older adults")} - {
        r["interventionLabel"] for r in evidence if r["populationLabel"] not in ("Adults", "Older adults")}
    assert adults_only and not recommended & adults_only


def test_age_groups_overlap_by_their_ranges(built):
    overlaps = {(str(a).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1])
                for a, b in built.graph.subject_objects(URIRef("https://w3id.org/therakg/ontology#overlapsAgeGroup"))}
    assert ("children", "children-and-young-people") in overlaps and ("children-and-young-people", "children") in overlaps
    assert ("adults", "adults") in overlaps
    assert ("children", "older-adults") not in overlaps


def test_what_not_to_offer_lists_only_do_not_offer_or_research(memory):
    rows = run_query(memory, get_query_from_catalogue("not-to-offer-for-condition"), {"condition": "depression"}).records()
    assert rows and {r["recommendationLabel"] for r in rows} <= {"Do not offer", "Only in research"}


def test_complementary_therapies_are_all_listed_with_their_evidence_or_none(memory):
    rows = run_query(memory, get_query_from_catalogue("complementary-therapies-evidence"), {}).records()
    with_evidence = {str(r["therapy"]) for r in memory.select("""SELECT DISTINCT ?therapy WHERE {
        ?therapy a tkg:ComplementaryIntervention . ?statement tkg:intervention/skos:broader* ?therapy }""")}
    therapies = {str(r["therapy"]) for r in memory.select("SELECT ?therapy WHERE { ?therapy a tkg:ComplementaryIntervention }")}
    assert {r["therapy"] for r in rows} == therapies
    assert {r["therapy"] for r in rows if r["recommendationLabel"]} == with_evidence
    assert therapies - with_evidence, "the graph should have a therapy without evidence for this test to mean anything"
    assert all(r["recommendationLabel"] is None for r in rows if r["therapy"] not in with_evidence)


def test_search_matches_labels_synonyms_and_identifiers_exact_matches_first(memory):
    query = get_query_from_catalogue("search-terms")
    rows = run_query(memory, query, {"text": "gad"}).records()
    assert rows[0]["matched"].lower() == "gad"  # the exact match (a synonym) comes first
    assert rows[0]["termLabel"] == "Generalised anxiety disorder"
    assert any(r["matched"] == "GAD-7" for r in rows)  # a longer name containing the text follows
    assert all(r["termLabel"] and r["kindLabel"] for r in rows)
    assert all("gad" in r["matched"].lower() for r in rows)


def get_query_from_catalogue(name):
    return CATALOGUE[name]


# -- term lookup -------------------------------------------------------------------------


def test_a_term_is_found_by_label_synonym_compact_iri_case_and_accents(memory):
    stroke = URIRef("https://w3id.org/therakg/resource/stroke")
    assert resolve(memory, "Stroke", "condition") == stroke
    assert resolve(memory, "STRÖKE", "condition") == stroke
    assert resolve(memory, "tkr:stroke", "condition") == stroke
    assert resolve(memory, "GAD", "condition") == URIRef("https://w3id.org/therakg/resource/generalised-anxiety-disorder")
    assert resolve(memory, "parkinsons disease", "condition") == URIRef("https://w3id.org/therakg/resource/parkinsons-disease")


def test_an_unknown_name_lists_the_closest_matches(memory):
    with pytest.raises(UnknownTerm, match=r"No condition is called 'strok'.*Closest: Stroke \(tkr:stroke\)"):
        resolve(memory, "strok", "condition")
    with pytest.raises(UnknownTerm, match="no intervention tkr:stroke"):
        resolve(memory, "tkr:stroke", "intervention")


def test_an_ambiguous_name_is_an_error_naming_each_term():
    store = open_store("memory")
    store.load(__import__("rdflib").Graph().parse(format="turtle", data="""
        @prefix tkr: <https://w3id.org/therakg/resource/> . @prefix tkg: <https://w3id.org/therakg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        tkr:a a tkg:Condition ; skos:prefLabel "Alpha"@en ; skos:altLabel "AB"@en .
        tkr:b a tkg:Condition ; skos:prefLabel "Beta"@en ; skos:altLabel "ab"@en ."""))
    with pytest.raises(UnknownTerm, match=r"could mean more than one condition: Alpha \(tkr:a\); Beta \(tkr:b\)"):
        resolve(store, "Ab", "condition")


def test_missing_or_unknown_parameters_are_clear_errors(memory):
    query = get_query_from_catalogue("interventions-for-condition")
    with pytest.raises(TheraKGError, match="needs condition"):
        run_query(memory, query, {})
    with pytest.raises(TheraKGError, match="has no parameter colour"):
        run_query(memory, query, {"condition": "stroke", "colour": "red"})
    with pytest.raises(TheraKGError, match="a date"):
        run_query(memory, get_query_from_catalogue("recently-changed-terms"), {"since": "last week"})


def test_the_catalogue_reference_documents_every_query_and_is_up_to_date():
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    missing = [name for name in CATALOGUE if f"`{name}`" not in text]
    assert not missing, f"docs/queries.md does not document: {missing}"
    assert text.rstrip("\n") == catalogue_markdown(list(CATALOGUE.values())).rstrip("\n"), (
        "docs/queries.md is out of date: run `therakg queries --format markdown > docs/queries.md`"
    )


# -- the same answers from a real SPARQL server --------------------------------------------


def _normalised(records):
    """Rows as sorted tuples; GROUP_CONCAT cells are compared as sets (their order is undefined)."""
    def cell(value):
        if isinstance(value, str) and re.search(r"[;,] ", value):
            return tuple(sorted(re.split(r"[;,] ", value)))
        return value
    return sorted(tuple(sorted((k, repr(cell(v))) for k, v in r.items())) for r in records)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_virtuoso_gives_the_same_answers_as_the_embedded_store(memory, virtuoso_with_project, name):
    server = SparqlStore(virtuoso_with_project.address.removeprefix("sparql:"))
    query = CATALOGUE[name]
    embedded = run_query(memory, query, query.example).records()
    remote = run_query(server, query, query.example).records()
    assert _normalised(remote) == _normalised(embedded)
