"""The quality inbox: SHACL, quality checks and waivers in one list, grouped by term."""

from __future__ import annotations

import json

import pytest

from conftest import add_data
from therakg.errors import TheraKGError
from therakg.inbox import WAIVERS, gather, load_waivers

BROKEN = """
@prefix tkg: <https://w3id.org/therakg/ontology#> .
@prefix tkr: <https://w3id.org/therakg/resource/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
tkr:test-therapy a tkg:PsychologicalIntervention ;
    skos:prefLabel "Test therapy"@en ;
    skos:definition "lower-case definition of a test therapy."@en ;
    skos:broader tkr:psychotherapy .
tkr:test-no-definition a tkg:PsychologicalIntervention ;
    skos:prefLabel "Therapy without a definition"@en ;
    skos:broader tkr:psychotherapy .
"""


def test_problems_from_shapes_and_checks_are_grouped_by_term_with_fixes_and_places(project_copy):
    path = add_data(project_copy, "broken.ttl", BROKEN)
    inbox = gather(project_copy)
    by_term = dict(inbox.by_term())
    lower = by_term["tkr:test-therapy"]
    assert any(i.rule == "definition-lower-case" and i.severity == "error" for i in lower)
    assert all(i.file == project_copy.relative(path) and i.line for i in lower)
    assert all(i.fix for i in lower)
    missing = by_term["tkr:test-no-definition"]
    rules = {i.rule for i in missing}
    assert "shapes:skos:definition" in rules and "missing-definition" in rules
    assert any("--definition" in i.fix for i in missing if i.rule == "shapes:skos:definition")
    assert inbox.blocking


def test_a_waiver_keeps_the_item_visible_and_stops_it_blocking(project_copy, cli):
    add_data(project_copy, "broken.ttl", BROKEN.split("tkr:test-no-definition")[0])
    waivers = project_copy.root / WAIVERS
    waivers.parent.mkdir(parents=True, exist_ok=True)
    waivers.write_text("rule\tterm\treason\twho\tdate\n"
                       "definition-lower-case\ttkr:test-therapy\tA test of waivers\tTest Curator\t2026-11-23\n")
    inbox = gather(project_copy)
    (item,) = [i for i in inbox.items if i.term == "tkr:test-therapy" and i.rule == "definition-lower-case"]
    assert item.waived.startswith("A test of waivers") and not item.blocks
    result = cli("--project", str(project_copy.root), "check", "--report", "--format", "json")
    assert result.code == 0, result.stdout
    items = json.loads(result.stdout)["items"]
    assert any(i["term"] == "tkr:test-therapy" and i["waived"] for i in items)
    text = cli("--project", str(project_copy.root), "check", "--report").stdout
    assert "WAIVED (A test of waivers" in text


def test_the_shipped_graph_has_no_blocking_item(project):
    assert not gather(project).blocking


def test_a_malformed_waiver_file_names_its_line(project_copy):
    waivers = project_copy.root / WAIVERS
    waivers.parent.mkdir(parents=True, exist_ok=True)
    waivers.write_text("rule\tterm\treason\twho\tdate\nmissing-label\ttkr:x\n")
    with pytest.raises(TheraKGError, match=r"waivers.tsv:2: expected 5"):
        load_waivers(project_copy)


def test_check_report_exits_1_on_an_unwaived_error(project_copy, cli):
    add_data(project_copy, "broken.ttl", BROKEN)
    result = cli("--project", str(project_copy.root), "check", "--report", "--format", "markdown")
    assert result.code == 1
    assert result.stdout.startswith("# Quality inbox") and "## Test therapy (tkr:test-therapy)" in result.stdout
