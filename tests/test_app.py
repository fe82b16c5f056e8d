"""Every page of the app, run headless with Streamlit's AppTest, on the embedded store and on Virtuoso.

Each page must render, show the graph's own data for a known term (checked against the
library, not hard-coded), and handle an unknown term with a message, never a traceback.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import therakg
from therakg.explore import EvidenceTable

from conftest import ROOT

APP = str(ROOT / "app")


def run_view(app_dir, name):
    import importlib
    import sys

    if app_dir not in sys.path:
        sys.path.insert(0, app_dir)
    importlib.import_module(f"views.{name}").render()


@pytest.fixture(scope="module")
def kg():
    return therakg.open()


@pytest.fixture(params=["memory", "virtuoso"])
def backend(request, monkeypatch):
    """The store the app reads: the embedded one, or the shipped graph on a real Virtuoso."""
    if request.param == "virtuoso":
        server = request.getfixturevalue("virtuoso_with_project")
        monkeypatch.setenv("THERAKG_STORE", server.address)
    else:
        monkeypatch.delenv("THERAKG_STORE", raising=False)
    return request.param


def page(name: str, **params) -> AppTest:
    at = AppTest.from_function(run_view, args=(APP, name), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def text_of(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.header]
    parts += [e.value for e in at.subheader] + [e.value for e in at.caption] + [e.value for e in at.info]
    parts += [e.value for e in at.warning] + [e.value for e in at.error] + [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def no_failure(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# -- search ----------------------------------------------------------------------------------


def test_search_groups_by_kind_and_folds_us_spelling(backend):
    at = page("search", q="behavior")
    no_failure(at)
    shown = text_of(at)
    assert "Behavioural activation" in shown and "term?id=tkr:behavioural-activation" in shown and "target=\"_self\"" in shown
    assert "Intervention" in shown and "Professional role" in shown  # grouped by kind


def test_search_puts_an_exact_match_first(backend):
    at = page("search", q="GAD")
    no_failure(at)
    first_list = next(m.value for m in at.markdown if m.value.startswith("- "))
    assert first_list.splitlines()[0].startswith("- <a href=\"term?id=tkr:generalised-anxiety-disorder\"")


def test_search_for_nothing_says_so():
    at = page("search", q="zzqxv")
    no_failure(at)
    assert "Nothing in TheraKG is called anything like" in at.warning[0].value


# -- term pages --------------------------------------------------------------------------------


def test_condition_page_shows_every_intervention_grouped_by_recommendation(backend, kg):
    at = page("term", id="generalised anxiety disorder")
    no_failure(at)
    shown = text_of(at)
    assert at.title[0].value == "Generalised anxiety disorder"
    rows = kg.query("interventions-for-condition", condition="generalised anxiety disorder")
    assert rows
    for row in rows:
        assert row["interventionLabel"] in shown
        assert f"{row['recommendationLabel']} (" in shown  # a heading per recommendation
        assert f"{row['sourceId']}</a> | {row['locator']} |" in shown  # the source, linked, with its number
    assert "ICD-10:** F41.1" in shown


def test_intervention_page_shows_forms_roles_and_conditions(backend, kg):
    at = page("term", id="CBT")
    no_failure(at)
    shown = text_of(at)
    assert at.title[0].value == "Cognitive behavioural therapy"
    for row in kg.query("intervention-forms", intervention="CBT"):
        assert row["formLabel"] in shown
    for row in kg.query("conditions-for-intervention", intervention="CBT"):
        assert row["conditionLabel"] in shown
    assert "Psychological intervention" in shown


@pytest.mark.parametrize("name, kind, query, param, column", [
    ("physiotherapist", "Professional role", "interventions-by-role", "role", "interventionLabel"),
    ("hospital", "Setting", "interventions-in-setting", "setting", "interventionLabel"),
    ("NG222", "Source", "statements-from-source", "source", "interventionLabel"),
    ("adults", "Age group", "interventions-for-age-group", "age_group", "interventionLabel"),
])
def test_role_setting_source_and_age_group_pages(backend, kg, name, kind, query, param, column):
    at = page("term", id=name)
    no_failure(at)
    shown = text_of(at)
    assert kind in shown
    for row in kg.query(query, **{param: name}):
        assert row[column] in shown


def test_outcome_measure_page_shows_what_it_is_used_for(backend, kg):
    at = page("term", id="PHQ-9")
    no_failure(at)
    shown = text_of(at)
    assert at.title[0].value == "Patient Health Questionnaire-9"
    for row in kg.query("term-links", term="PHQ-9"):
        assert row["otherLabel"] in shown


def test_unknown_term_gets_a_message_with_the_closest_names(backend):
    at = page("term", id="depresion")
    assert not at.exception
    assert at.title[0].value == "Term not found"
    assert "Major depression" in at.warning[0].value  # the closest match is offered


def test_a_term_page_without_a_term_explains_itself():
    at = page("term")
    no_failure(at)
    assert "term?id=" in at.info[0].value


# -- explore, graph, compare, tailoring ---------------------------------------------------------


def test_explore_filters_by_facet_and_offers_a_csv(backend, kg):
    at = page("explore")
    no_failure(at)
    at.multiselect(key="f_recommendation").select("Do not offer").run()
    no_failure(at)
    frame = at.dataframe[0].value
    assert set(frame["Recommendation"]) == {"Do not offer"}
    expected = EvidenceTable(kg).filter(recommendation=["Do not offer"])
    assert len(frame) == len(expected)
    assert at.get("download_button")


def test_graph_view_draws_the_neighbourhood(backend):
    at = page("graph", id="stroke")
    no_failure(at)
    shown = text_of(at)
    assert "terms and" in shown and "Stroke" in shown
    assert "Barthel Index" in shown  # a neighbour, in the keyboard-friendly list


def test_graph_view_handles_an_unknown_term():
    at = page("graph", id="no such thing at all")
    assert not at.exception
    assert "No term is called" in at.warning[0].value


def test_compare_puts_interventions_side_by_side(backend, kg):
    at = page("compare")
    at.multiselect(key="compare").select("Cognitive behavioural therapy").select("Counselling").run()
    no_failure(at)
    shown = text_of(at)
    for row in kg.query("conditions-for-intervention", intervention="counselling"):
        assert row["conditionLabel"] in shown
    assert "Delivery" in shown


def test_tailoring_ranks_offer_before_consider_and_leaves_out_excluded_modalities(backend):
    at = page("tailoring")
    at.selectbox(key="condition").select("Major depression").run()
    no_failure(at)
    labels = [e.label for e in at.expander]
    assert labels and all("—" in label for label in labels)
    strengths = [label.split("—")[1].split("(")[0].strip() for label in labels]
    order = ["Offer", "Consider", "Only in research", "No recommendation"]
    assert [order.index(s) for s in strengths] == sorted(order.index(s) for s in strengths)
    assert any("Antidepressant therapy" in label for label in labels) or "Antidepressant therapy" in text_of(at)
    at.multiselect(key="exclude").select("Pharmacological intervention").run()
    no_failure(at)
    assert not any("Antidepressant therapy" in e.label for e in at.expander)
    assert "Left out because of the modalities you excluded: Antidepressant therapy" in text_of(at)
    assert "Teaching tool" in at.warning[0].value
    assert "Assessment" in text_of(at)  # the planning steps


# -- case studies, console, ontology, about ---------------------------------------------------


def test_case_studies_link_to_their_terms(backend, kg):
    at = page("cases")
    no_failure(at)
    shown = text_of(at)
    cases = kg.query("case-studies")
    assert cases, "the graph has case studies"
    for row in cases:
        assert row["caseLabel"] in shown and row["conditionLabel"] in shown


def test_case_study_page_sets_out_goals_and_monitoring(backend, kg):
    case = next(c for c in kg.query("case-studies") if "stroke" in c["caseLabel"].lower())
    at = page("term", id=case["case"])
    no_failure(at)
    shown = text_of(at)
    assert "SMART goals" in shown and "Monitoring and review" in shown and "fictional" in shown
    assert "The chosen interventions, and the evidence for them" in shown


def test_console_refuses_an_update_and_says_why(backend):
    at = page("console")
    at.text_area(key="sparql").input("DELETE WHERE { ?s ?p ?o }")
    at.button[1].click().run()
    assert not at.exception
    assert "Refused" in at.error[0].value and "read-only" in at.error[0].value


def test_console_runs_a_query_with_labels_and_downloads(backend, kg):
    at = page("console")
    at.text_area(key="sparql").input("SELECT ?term ?label WHERE { ?term a tkg:Setting ; skos:prefLabel ?label }")
    at.button[1].click().run()
    no_failure(at)
    frame = at.dataframe[0].value
    assert set(frame["label"]) == {r["settingLabel"] for r in kg.query("settings")}
    assert len(at.get("download_button")) == 2


def test_console_fills_in_a_catalogue_example():
    at = page("console")
    at.selectbox(key="example").select("who-delivers-intervention").run()
    at.button[0].click().run()
    no_failure(at)
    assert "VALUES (?intervention)" in at.text_area(key="sparql").value


def test_ontology_page_shows_the_tree_and_the_properties(backend):
    at = page("ontology")
    no_failure(at)
    shown = text_of(at)
    assert "**Intervention**" in shown and "**Psychological intervention**" in shown
    properties = at.dataframe[0].value
    assert "delivered by" in set(properties["Property"])


def test_about_page_shows_version_licence_and_disclaimer(backend):
    at = page("about")
    no_failure(at)
    shown = text_of(at)
    assert "0.1.0" in shown and "creativecommons.org/licenses/by/4.0" in shown
    assert "not clinical advice" in shown


def test_a_server_that_is_down_is_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("THERAKG_STORE", "sparql:http://127.0.0.1:9/sparql")
    at = page("search", q="stroke")
    assert not at.exception
    assert at.error and "could not be opened" in at.error[0].value


# -- what the pages put into HTML -------------------------------------------------------------


def test_text_from_the_graph_cannot_add_markup_or_scripts():
    import sys

    sys.path.insert(0, APP)
    from common import external, link

    made = link("https://w3id.org/therakg/resource/x", '<img src=x onerror="alert(1)">')
    assert "<img" not in made and "&lt;img" in made and 'target="_self"' in made
    assert external("javascript:alert(1)", "click") == "click"
    assert external("https://www.nice.org.uk/guidance/ng222", "<b>NG222</b>").count("<b>") == 0
