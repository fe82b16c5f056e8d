"""The reasoner finds inconsistencies and unsatisfiable classes, and explains them."""

from __future__ import annotations

import json
import os

from rdflib import Graph
from rdflib.namespace import RDF

from conftest import FIXTURES, add_data, requires_java, tree_digest
from therakg.build import build_graph
from therakg.namespaces import TKG, TKR
from therakg.reason import reason

pytestmark = requires_java()


def test_shipped_ontology_is_consistent(built):
    result = reason(built.graph, built.sources)
    assert result.consistent and result.unsatisfiable == []
    # Without the categories the build derives, the reasoner finds the same types itself
    # through the class hierarchy.
    derived_types = {t for t in built.derived.triples((None, RDF.type, None)) if str(t[2]).startswith(str(TKG))}
    alone = reason(built.graph - derived_types, built.sources)
    assert (TKR["cognitive-behavioural-therapy"], RDF.type, TKG.Intervention) in alone.inferred


def test_term_in_two_disjoint_classes_is_explained(project_copy):
    add_data(project_copy, "clash.ttl", (FIXTURES / "reasoning" / "disjoint-types.ttl").read_text())
    built = build_graph(project_copy)
    result = reason(built.graph, built.sources)
    assert not result.consistent
    [line] = [e for e in result.explanation if "tkr:test-both" in e]
    assert "tkg:Intervention" in line and "tkg:Condition" in line
    assert "clash.ttl" in line


def test_range_clash_names_the_statement_and_property(project_copy):
    add_data(project_copy, "range.ttl", (FIXTURES / "reasoning" / "range-clash.ttl").read_text())
    built = build_graph(project_copy)
    result = reason(built.graph, built.sources)
    assert not result.consistent
    text = "\n".join(result.explanation)
    assert "tkr:nurse" in text
    assert "tkg:condition of tkr:test-statement" in text


def test_unsatisfiable_class_is_listed(project_copy):
    add_data(project_copy, "unsat.ttl", (FIXTURES / "reasoning" / "unsatisfiable-class.ttl").read_text())
    built = build_graph(project_copy)
    result = reason(built.graph, built.sources)
    assert result.consistent
    assert result.unsatisfiable == ["tkg:TestImpossible"]


def test_cli_reason_writes_inferred_types(project_copy, cli):
    result = cli("--project", str(project_copy.root), "reason", "--format", "json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["consistent"] and report["inferred_triples"] > 0
    inferred = project_copy.root / "dist" / "therakg-inferred.ttl"
    assert inferred.is_file() and len(Graph().parse(inferred)) == report["inferred_triples"]


def test_cli_reason_exits_1_on_inconsistency_and_changes_nothing(project_copy, cli):
    add_data(project_copy, "clash.ttl", (FIXTURES / "reasoning" / "disjoint-types.ttl").read_text())
    before = tree_digest(project_copy.ontology_dir)
    result = cli("--project", str(project_copy.root), "reason")
    assert result.code == 1
    assert "INCONSISTENT" in result.stderr and "tkr:test-both" in result.stderr
    assert tree_digest(project_copy.ontology_dir) == before
    assert not (project_copy.root / "dist").exists()


def test_cli_reason_without_java_exits_2(project_copy, cli, tmp_path):
    # The interpreter is started by its absolute path, so an empty PATH hides only Java.
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    result = cli("--project", str(project_copy.root), "reason", env=env)
    assert result.code == 2, (result.stdout, result.stderr)
    assert "Java" in result.stderr
