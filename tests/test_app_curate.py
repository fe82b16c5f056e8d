"""The app's Curate and Quality inbox pages, run headless on a throw-away copy of the project."""

from __future__ import annotations

import textwrap

import pytest

from conftest import add_data, tree_digest
from test_app import no_failure, page, text_of
from therakg.curate import change_log


@pytest.fixture
def app_project(project_copy, monkeypatch):
    monkeypatch.setenv("THERAKG_PROJECT", str(project_copy.root))
    monkeypatch.setenv("THERAKG_CURATOR", "Test Curator")
    monkeypatch.delenv("THERAKG_STORE", raising=False)
    return project_copy


def fill(at, operation: str, new_id: str = "", **fields):
    at.radio(key="operation").set_value(operation).run()
    if new_id:
        at.text_input(key="name-new-id").input(new_id)
    for name, value in fields.items():
        at.text_input(key=f"field-{operation}-{name}").input(value)
    return next(b for b in at.button if b.label == "Check").click().run()


NEW_TERM = dict(type="tkg:PsychologicalIntervention", label="Compassion-focused therapy",
                definition="A talking therapy that helps a person meet self-criticism with warmth.",
                parent="Psychological therapy", synonyms="CFT | compassion focused therapy")


def test_check_shows_the_verdict_then_save_writes_and_undo_puts_it_back(app_project):
    before = tree_digest(app_project.ontology_dir)
    at = fill(page("curate"), "Add a term", **NEW_TERM)
    no_failure(at)
    assert any("Ready to save" in s.value for s in at.success)
    assert tree_digest(app_project.ontology_dir) == before, "checking writes nothing"
    at = next(b for b in at.button if b.label == "Save").click().run()
    no_failure(at)
    assert any(s.value.startswith("Saved: Added tkr:compassion-focused-therapy") for s in at.success)
    psychological = app_project.data_dir / "interventions" / "psychological.ttl"
    assert "tkr:compassion-focused-therapy" in psychological.read_text()
    assert change_log(app_project)[0]["who"] == "Test Curator"
    at = next(b for b in at.button if b.label.startswith("Undo the last edit: Added tkr:compassion-focused-therapy")).click().run()
    no_failure(at)
    assert tree_digest(app_project.ontology_dir) == before


def test_an_edit_that_breaks_a_rule_is_refused_with_reasons_and_no_save_button(app_project):
    before = tree_digest(app_project.ontology_dir)
    at = fill(page("curate"), "Add a term", new_id="tkr:another-ba", **{**NEW_TERM, "label": "Behavioural activation"})
    assert any("would be refused" in e.value and "skos:prefLabel" in e.value for e in at.error)
    assert not [b for b in at.button if b.label == "Save"]
    assert tree_digest(app_project.ontology_dir) == before


def test_an_unknown_name_is_a_message_not_a_traceback(app_project):
    at = fill(page("curate"), "Add a term", **{**NEW_TERM, "parent": "No such parent term"})
    assert not at.exception
    assert any("No term is called 'No such parent term'" in e.value for e in at.error)


def test_quality_inbox_lists_problems_by_term(app_project):
    add_data(app_project, "broken.ttl", textwrap.dedent("""
        @prefix tkg: <https://w3id.org/therakg/ontology#> .
        @prefix tkr: <https://w3id.org/therakg/resource/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        tkr:test-therapy a tkg:PsychologicalIntervention ; skos:prefLabel "Test therapy"@en ;
            skos:definition "lower-case definition."@en ; skos:broader tkr:psychotherapy .
    """))
    at = page("inbox")
    at = next(b for b in at.button if b.label == "Gather the problems").click().run()
    assert not at.exception
    assert any("error(s)" in e.value for e in at.error)
    shown = text_of(at)
    assert "[error] Test therapy (tkr:test-therapy) — ontology/data/test-fixtures/broken.ttl:" in shown


def fill_names(at, operation: str, **names):
    at.radio(key="operation").set_value(operation).run()
    for name, value in names.items():
        at.text_input(key=f"name-{operation}-{name}").input(value)
    return at


@pytest.mark.parametrize("operation, names, fields, expect", [
    ("Update a term", {"term": "Behavioural activation"}, {"synonyms": "BA | activity scheduling"}, "Ready to save"),
    ("Deprecate a term", {"term": "Behavioural activation", "reason": "Testing", "replaced by": "Cognitive behavioural therapy"},
     {}, "would be refused"),  # still used by evidence: merge instead
    ("Merge two terms", {"term": "Behavioural activation", "into": "Cognitive behavioural therapy"}, {}, "Ready to save"),
    ("Add evidence", {}, {"intervention": "Behavioural activation", "condition": "Depression", "population": "Adults",
                          "recommendation": "Consider", "certainty": "Not graded", "source": "NG222", "locator": "9.9.9",
                          "source_page": "https://example.org/p", "confirmed_at": "https://example.org/p"}, "Ready to save"),
    ("Update evidence", {"statement": "tkr:ev-ng222-1-5-2-guided-self-help-depression"}, {"recommendation": "Offer"}, "Ready to save"),
    ("Retract evidence", {"statement": "tkr:ev-ng222-1-5-2-guided-self-help-depression", "reason": "Testing"}, {}, "Ready to save"),
])
def test_every_operation_has_a_form_whose_check_gives_a_verdict(app_project, operation, names, fields, expect):
    before = tree_digest(app_project.ontology_dir)
    at = fill_names(page("curate"), operation, **names)
    for name, value in fields.items():
        at.text_input(key=f"field-{operation}-{name}").input(value)
    at = next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception
    shown = [s.value for s in at.success] + [e.value for e in at.error]
    assert any(expect in s for s in shown), shown
    assert tree_digest(app_project.ontology_dir) == before, "checking writes nothing"


def test_a_file_changed_after_loading_makes_save_refuse_in_the_app(app_project):
    at = fill(page("curate"), "Add a term", **NEW_TERM)
    settings = app_project.data_dir / "settings.ttl"
    settings.write_text(settings.read_text() + "\n# changed by another curator\n")
    before = tree_digest(app_project.ontology_dir)
    at = next(b for b in at.button if b.label == "Save").click().run()
    assert any("changed on disk" in e.value and "Nothing was written" in e.value for e in at.error)
    assert tree_digest(app_project.ontology_dir) == before
