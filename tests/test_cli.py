"""The command line: documented, honest exit codes, a clear message when run in the wrong place."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from therakg.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command):
    result = cli(command, "--help")
    assert result.code == 0
    assert "Example:" in result.stdout
    assert f"therakg {command}" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command):
    assert f"therakg {command}" in (ROOT / "docs" / "cli.md").read_text()


def test_outside_a_project_the_error_says_what_to_do(cli, tmp_path):
    result = cli("validate", cwd=tmp_path)
    assert result.code == 2
    assert "No TheraKG project here" in result.stderr and "--project" in result.stderr


def test_build_writes_turtle_and_ntriples(project_copy, cli):
    result = cli("--project", str(project_copy.root), "build")
    assert result.code == 0, result.stderr
    assert (project_copy.root / "dist" / "therakg.ttl").is_file()
    assert (project_copy.root / "dist" / "therakg.nt").is_file()
    assert "derived shortcut edges" in result.stdout


def test_stats_json_matches_the_table(project_copy, cli):
    table = cli("--project", str(project_copy.root), "stats")
    data = cli("--project", str(project_copy.root), "stats", "--format", "json")
    assert table.code == data.code == 0
    tables = {t["title"]: t["rows"] for t in json.loads(data.stdout)}
    offers = next(r["statements"] for r in tables["Evidence statements by recommendation"] if r["recommendation"] == "Offer")
    assert offers > 0
    assert "Evidence statements by recommendation" in table.stdout
