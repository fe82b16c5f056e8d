"""A malformed source file is reported with its file, line and problem, and nothing is written."""

from __future__ import annotations

import pytest

from conftest import add_data, tree_digest
from therakg.build import build_graph
from therakg.errors import SourceSyntaxError

BROKEN = """@prefix tkr: <https://w3id.org/therakg/resource/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

tkr:fine skos:prefLabel "Fine"@en .
tkr:broken skos:prefLabel "Unterminated@en .
"""


def test_syntax_error_names_file_and_line(project_copy):
    path = add_data(project_copy, "broken.ttl", BROKEN)
    with pytest.raises(SourceSyntaxError) as caught:
        build_graph(project_copy)
    assert caught.value.path == path
    assert caught.value.line == 5
    assert "string" in caught.value.problem


def test_unbound_prefix_names_file_and_line(project_copy):
    path = add_data(project_copy, "prefix.ttl", '@prefix tkr: <https://w3id.org/therakg/resource/> .\n\ntkr:a nope:b tkr:c .\n')
    with pytest.raises(SourceSyntaxError) as caught:
        build_graph(project_copy)
    assert (caught.value.path, caught.value.line) == (path, 3)
    assert "nope" in caught.value.problem


@pytest.mark.parametrize("command", ["build", "validate", "reason", "stats"])
def test_cli_reports_syntax_error_and_exits_2(project_copy, cli, command):
    add_data(project_copy, "broken.ttl", BROKEN)
    before = tree_digest(project_copy.ontology_dir)

    result = cli("--project", str(project_copy.root), command)

    assert result.code == 2
    assert "broken.ttl:5:" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project_copy.ontology_dir) == before
    assert not (project_copy.root / "dist").exists()
