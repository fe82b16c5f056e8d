"""Each SHACL shape catches the broken input it exists for, and says so in plain words.

Every file in fixtures/shapes/ is a small piece of bad data with a header naming the
shape it breaks (`# shape:`) and the violations it must cause (`# expect: TERM PROPERTY`).
Each is added to a copy of the shipped graph, which conforms on its own.
"""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from conftest import FIXTURES, add_data, tree_digest
from therakg.namespaces import SH, compact
from therakg.validate import validate

SHAPE_FIXTURES = sorted((FIXTURES / "shapes").glob("*.ttl"))


def header(path, key):
    return [m.group(1).strip() for m in re.finditer(rf"^# {key}: (.+)$", path.read_text(), re.M)]


def test_every_node_shape_has_a_failing_fixture(project):
    shapes = Graph().parse(project.shapes_file)
    names = {compact(str(s)).replace("https://w3id.org/therakg/shapes#", "tkgsh:") for s in shapes.subjects(RDF.type, SH.NodeShape)}
    covered = {shape for path in SHAPE_FIXTURES for shape in header(path, "shape")}
    assert names, "no node shapes found"
    assert names <= covered, f"shapes without a failing fixture: {sorted(names - covered)}"


def test_every_shape_constraint_has_a_message(project):
    shapes = Graph().parse(project.shapes_file)
    for prop_shape in shapes.objects(None, SH.property):
        assert shapes.value(prop_shape, SH.message) is not None, f"a property shape of {shapes.value(predicate=SH.property, object=prop_shape)} has no sh:message"


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES, ids=lambda p: p.stem)
def test_fixture_is_caught(project_copy, fixture):
    expected = {tuple(line.split()) for line in header(fixture, "expect")}
    assert expected, f"{fixture.name} has no '# expect:' lines"
    added = add_data(project_copy, fixture.name, fixture.read_text())

    report = validate(project_copy)

    assert not report.conforms
    found = {(t.term, p.property) for t in report.terms for p in t.problems}
    assert expected <= found, f"expected {expected}, got {found}"
    # The fixture breaks only what it says it breaks: no other term is reported.
    assert {t.term for t in report.terms} == {focus for focus, _ in expected}
    for term in report.terms:
        assert term.file is not None and term.line is not None
        if term.term.startswith(("tkr:test-", "tkg:")):
            assert term.file == project_copy.relative(added)
        assert all(p.message and not p.message.startswith("fails ") for p in term.problems)


def test_duplicate_label_names_the_other_term(project_copy):
    add_data(project_copy, "dup.ttl", (FIXTURES / "shapes" / "term-duplicate-label.ttl").read_text())
    text = validate(project_copy).to_text()
    assert "tkr:stroke" in text and '"Stroke"' in text


def test_cli_validate_reports_violations_with_exit_1(project_copy, cli):
    fixture = FIXTURES / "shapes" / "statement-recommendation-not-in-scheme.ttl"
    add_data(project_copy, fixture.name, fixture.read_text())
    before = tree_digest(project_copy.ontology_dir)

    text = cli("--project", str(project_copy.root), "validate")
    as_json = cli("--project", str(project_copy.root), "validate", "--format", "json")

    assert text.code == 1 and as_json.code == 1
    assert "tkr:test-statement" in text.stdout
    assert "tkg:recommendation" in text.stdout
    assert "test-fixtures/statement-recommendation-not-in-scheme.ttl:" in text.stdout
    report = json.loads(as_json.stdout)
    assert report["conforms"] is False and report["violations"] == 1
    [term] = report["terms"]
    assert term["label"] == "NG222 1.5.2: Counselling for Major depression"
    assert term["kind"] == "EvidenceStatement"
    assert term["problems"][0]["value"] == "tkg:Maybe"
    assert tree_digest(project_copy.ontology_dir) == before
