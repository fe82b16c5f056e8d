"""Quality checks: each has a passing and a failing fixture, and none can silently drop out."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from therakg.build import derivation_rules, derive
from therakg.checks import load_checks, run_checks
from therakg.project import Project
from therakg.store import open_store

from conftest import FIXTURES, ROOT

CHECKS = {c.name: c for c in load_checks(Project(ROOT))}
EXPECTED_CHECKS = 18  # raise this when you add a check; a check that disappears fails here


def test_no_check_silently_drops_out():
    assert len(CHECKS) == EXPECTED_CHECKS >= 15
    fixtures = {p.name for p in (FIXTURES / "qc").iterdir()}
    assert fixtures == set(CHECKS), "every check needs tests/fixtures/qc/NAME/{pass,fail}.ttl"


def _run(name: str, fixture: str) -> list:
    project = Project(ROOT)
    graph = Graph().parse(project.ontology_file)
    graph.parse(FIXTURES / "qc" / name / f"{fixture}.ttl")
    graph += derive(graph, derivation_rules(project))
    with open_store("memory") as store:
        store.load(graph)
        [result] = run_checks(store, [CHECKS[name]])
    return result.problems


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_passes_its_passing_fixture_and_fails_its_failing_one(name):
    assert CHECKS[name].ensure.startswith("Ensure that ")
    assert _run(name, "pass") == []
    problems = _run(name, "fail")
    assert problems and all(finding.problem for finding in problems)


def test_check_command_exit_codes_and_json(cli, project_copy):
    done = cli("--project", str(project_copy.root), "check", "--format", "json")
    assert done.code in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert len(report) == EXPECTED_CHECKS
    errors = [r for r in report if not r["passed"] and r["severity"] == "error"]
    assert done.code == (1 if errors else 0)
    bad = project_copy.data_dir / "broken.ttl"
    bad.write_text((FIXTURES / "qc" / "age-range" / "fail.ttl").read_text())
    done = cli("--project", str(project_copy.root), "check")
    assert done.code == 1 and "[ERROR] age-range" in done.stdout and "starts at 12 but ends at 5" in done.stdout
