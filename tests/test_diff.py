"""therakg diff: what changed between two versions, in curator's words."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, SKOS

from therakg.diff import diff_graphs
from therakg.namespaces import TKG, TKR


@pytest.fixture(scope="module")
def changed(built):
    """The shipped graph, and a copy with one change of every kind."""
    old = built.graph
    new = Graph()
    new += old
    ba, ga = TKR["behavioural-activation"], TKR["guided-self-help"]
    new.set((ba, SKOS.prefLabel, Literal("Behavioural activation therapy", lang="en")))
    new.set((ga, SKOS.definition, Literal("A new definition.", lang="en")))
    new.add((TKR["art-classes"], OWL.deprecated, Literal(True)))
    new.add((TKR["a-new-term"], SKOS.prefLabel, Literal("A new term", lang="en")))
    statement = TKR["ev-ng222-1-5-2-guided-self-help-depression"]
    new.set((statement, TKG.recommendation, TKG.Offer))
    removed = next(s for s in old.subjects(TKG.source, TKR["nice-ng32"]))
    new.remove((removed, None, None))
    return old, new, statement, removed


def test_every_kind_of_change_is_reported_where_it_belongs(changed):
    old, new, statement, removed = changed
    result = diff_graphs(old, new)
    assert [t.term for t in result.terms_relabelled] == ["tkr:behavioural-activation"]
    assert result.terms_relabelled[0].old == "Behavioural activation"
    assert [t.term for t in result.definitions_changed] == ["tkr:guided-self-help"]
    assert [t.term for t in result.terms_deprecated] == ["tkr:art-classes"]
    assert [t.term for t in result.terms_added] == ["tkr:a-new-term"]
    assert not result.terms_removed
    (change,) = result.evidence_changed
    assert change.statement == "tkr:ev-ng222-1-5-2-guided-self-help-depression"
    assert change.changes == {"recommendation": ["Consider", "Offer"]}
    assert [s.statement for s in result.evidence_removed] == [f"tkr:{removed.rsplit('/', 1)[-1]}"]
    assert not result.evidence_added


def test_the_same_graph_has_no_changes(built):
    result = diff_graphs(built.graph, built.graph)
    assert result.empty
    assert "No changes" in result.to_text()


def test_formats_text_markdown_and_json(changed):
    old, new, *_ = changed
    result = diff_graphs(old, new, "v1", "v2")
    text, markdown = result.to_text(), result.to_text(markdown=True)
    assert text.startswith("Changes from v1 to v2") and "Evidence changed (1):" in text
    assert "recommendation Consider → Offer" in text
    assert markdown.startswith("# Changes from v1 to v2") and "## Terms deprecated (1)" in markdown
    data = json.loads(result.to_json())
    assert data["evidence_changed"][0]["changes"]["recommendation"] == ["Consider", "Offer"]


@pytest.mark.skipif(shutil.which("git") is None, reason="comparing git revisions needs git")
def test_cli_diff_against_a_git_revision(project_copy, cli):
    root = project_copy.root
    git = lambda *a: subprocess.run(["git", "-C", str(root), *a], check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    path = root / "ontology" / "data" / "interventions" / "psychological.ttl"
    path.write_text(path.read_text().replace('"Behavioural activation"@en', '"Behavioural activation therapy"@en'))
    result = cli("--project", str(root), "diff", "HEAD", "--format", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [t["term"] for t in data["terms_relabelled"]] == ["tkr:behavioural-activation"]
    bad = cli("--project", str(root), "diff", "no-such-revision")
    assert bad.code == 2 and "not a file, a folder or a git revision" in bad.stderr
