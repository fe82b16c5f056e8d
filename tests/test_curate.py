"""The safe edit path: canonical files, checked edits, atomic writes, concurrent changes, undo."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, SKOS

from conftest import tree_digest
from therakg import edits
from therakg.canonical import canonical_file
from therakg.curate import ConcurrentChange, Curator, EditRejected, Workspace, change_log, save, undo
from therakg.namespaces import TKG, TKR
from therakg.sources import parse_file

CURATOR = Curator("Test Curator")
NEW_TERM = {
    "type": "tkg:PsychologicalIntervention",
    "label": "Compassion-focused therapy",
    "definition": "A talking therapy that helps a person meet self-criticism and shame with warmth.",
    "parent": "Psychological therapy",
    "synonyms": ["CFT"],
    "delivered_by": ["Clinical psychologist"],
}


def env_with_curator(**extra):
    return {**os.environ, "THERAKG_CURATOR": "Test Curator", **extra}


# -- fmt -------------------------------------------------------------------------------------------


def test_every_shipped_file_is_canonical(cli):
    result = cli("fmt", "--check")
    assert result.code == 0, result.stdout


def test_fmt_rewrites_a_messy_file_keeping_its_graph_and_comments(project_copy, cli):
    path = project_copy.data_dir / "settings.ttl"
    original = parse_file(path)
    messy = "# A note a curator wrote.\n" + path.read_text().replace("\n\n", "\n").replace("    ", "\t") + "\n# A trailing note.\n"
    path.write_text(messy)
    check = cli("--project", str(project_copy.root), "fmt", "--check")
    assert check.code == 1 and "ontology/data/settings.ttl" in check.stdout
    assert path.read_text() == messy, "--check must write nothing"
    assert cli("--project", str(project_copy.root), "fmt").code == 0
    text = path.read_text()
    assert isomorphic(parse_file(path), original)
    assert "# A note a curator wrote." in text and "# A trailing note." in text
    assert canonical_file(path) == text, "formatting twice changes nothing"
    assert cli("--project", str(project_copy.root), "fmt", "--check").code == 0


# -- edits that pass -------------------------------------------------------------------------------


def test_add_term_writes_one_file_stamps_provenance_and_logs(project_copy):
    ws = Workspace(project_copy)
    before = tree_digest(project_copy.ontology_dir)
    saved = save(ws, edits.add_term(ws, NEW_TERM), CURATOR)
    term = TKR["compassion-focused-therapy"]
    (path,) = saved.files
    changed = {k for k, v in tree_digest(project_copy.ontology_dir).items() if before.get(k) != v}
    assert changed == {str(path.relative_to(project_copy.ontology_dir))}
    graph = parse_file(path)
    assert (term, SKOS.broader, TKR.psychotherapy) in graph
    assert (term, DCTERMS.contributor, Literal("Test Curator")) in graph
    assert (term, DCTERMS.modified, None) in graph
    assert (term, TKG.deliveredBy, TKR["clinical-psychologist"]) in graph
    assert canonical_file(path) == path.read_text(), "edits are written in the canonical layout"
    (entry,) = change_log(project_copy)
    assert entry["operation"] == "term add" and entry["who"] == "Test Curator"
    assert entry["terms"] == ["tkr:compassion-focused-therapy"]


def test_merge_repoints_every_use_and_keeps_the_old_names(project_copy):
    ws = Workspace(project_copy)
    old, new = TKR["behavioural-activation"], TKR["cognitive-behavioural-therapy"]
    uses = {(s, p) for s, p in ws.graph.subject_predicates(old)}
    assert uses, "the fixture term must be in use for this test to mean anything"
    save(ws, edits.merge_terms(ws, "Behavioural activation", "tkr:cognitive-behavioural-therapy"), CURATOR)
    graph = Workspace(project_copy).graph
    assert not set(graph.subject_predicates(old)) - {(old, DCTERMS.isReplacedBy)}
    assert (old, OWL.deprecated, Literal(True)) in graph
    assert (old, DCTERMS.isReplacedBy, new) in graph
    assert (old, SKOS.prefLabel, Literal("obsolete Behavioural activation", lang="en")) in graph
    assert (new, SKOS.altLabel, Literal("Behavioural activation", lang="en")) in graph
    for s, p in uses:
        if s != new:
            assert (s, p, new) in graph


def test_deprecate_an_unused_term_with_reason_and_replacement(project_copy):
    ws = Workspace(project_copy)
    save(ws, edits.add_term(ws, NEW_TERM), CURATOR)
    ws = Workspace(project_copy)
    save(ws, edits.deprecate_term(ws, "Compassion-focused therapy", "Duplicated a broader term", "Psychological therapy"), CURATOR)
    graph = Workspace(project_copy).graph
    term = TKR["compassion-focused-therapy"]
    assert (term, OWL.deprecated, Literal(True)) in graph
    assert (term, DCTERMS.isReplacedBy, TKR.psychotherapy) in graph
    assert str(graph.value(term, SKOS.prefLabel)) == "obsolete Compassion-focused therapy"
    assert str(graph.value(term, SKOS.historyNote)) == "Duplicated a broader term"


# -- edits that are refused: nothing written -------------------------------------------------------


def test_an_edit_that_breaks_a_shape_is_rejected_and_writes_nothing(project_copy):
    ws = Workspace(project_copy)
    before = tree_digest(project_copy.ontology_dir)
    duplicate = {**NEW_TERM, "label": "Behavioural activation"}
    with pytest.raises(EditRejected) as rejected:
        save(ws, edits.add_term(ws, duplicate, iri="tkr:another-ba"), CURATOR)
    message = str(rejected.value)
    assert "tkr:another-ba" in message and "skos:prefLabel" in message
    assert tree_digest(project_copy.ontology_dir) == before


def test_deprecating_a_term_still_in_use_is_rejected(project_copy):
    ws = Workspace(project_copy)
    before = tree_digest(project_copy.ontology_dir)
    with pytest.raises(EditRejected) as rejected:
        save(ws, edits.deprecate_term(ws, "Behavioural activation", "Testing", "tkr:cognitive-behavioural-therapy"), CURATOR)
    assert "deprecated-term-in-use" in str(rejected.value)
    assert tree_digest(project_copy.ontology_dir) == before


def test_a_file_changed_since_loading_refuses_the_save(project_copy):
    ws = Workspace(project_copy)
    change = edits.add_term(ws, NEW_TERM)
    (target,) = change.files
    other = project_copy.data_dir / "settings.ttl"
    other.write_text(other.read_text() + "\n# edited by someone else meanwhile\n")
    before = tree_digest(project_copy.ontology_dir)
    with pytest.raises(ConcurrentChange) as refused:
        save(ws, change, CURATOR)
    assert "ontology/data/settings.ttl" in str(refused.value) and "Nothing was written" in str(refused.value)
    assert tree_digest(project_copy.ontology_dir) == before


def test_unknown_names_and_missing_fields_are_clear(project_copy):
    ws = Workspace(project_copy)
    with pytest.raises(edits.BadEdit, match="needs a definition"):
        edits.add_term(ws, {"type": "tkg:PsychologicalIntervention", "label": "X"})
    with pytest.raises(Exception, match="Closest"):
        edits.add_term(ws, {**NEW_TERM, "parent": "Behavioral activatoin"})
    with pytest.raises(edits.BadEdit, match="Unknown field"):
        edits.update_term(ws, "Behavioural activation", {"colour": "blue"})


# -- undo --------------------------------------------------------------------------------------------


def test_undo_puts_back_the_exact_bytes_and_refuses_after_a_later_change(project_copy):
    before = tree_digest(project_copy.ontology_dir)
    ws = Workspace(project_copy)
    saved = save(ws, edits.add_term(ws, NEW_TERM), CURATOR)
    assert undo(project_copy, CURATOR).startswith("Added tkr:compassion-focused-therapy")
    assert tree_digest(project_copy.ontology_dir) == before
    assert change_log(project_copy)[0]["operation"] == "undo"
    ws = Workspace(project_copy)
    saved = save(ws, edits.add_term(ws, NEW_TERM), CURATOR)
    (path,) = saved.files
    path.write_text(path.read_text() + "\n# a later hand edit\n")
    with pytest.raises(ConcurrentChange, match="undo would lose that change"):
        undo(project_copy, CURATOR)


# -- atomic writes under SIGKILL -------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from therakg.atomic import write_atomically
    path = Path(sys.argv[1])
    texts = [("A" * 4_000_000) + "\\n", ("B" * 6_000_000) + "\\n"]
    i = 0
    print("ready", flush=True)
    while True:
        write_atomically(path, texts[i % 2])
        i += 1
""")


def test_a_writer_killed_mid_save_leaves_the_old_file_or_the_new_one(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text("A" * 4_000_000 + "\n")
    complete = {"A" * 4_000_000 + "\n", "B" * 6_000_000 + "\n"}
    for attempt in range(12):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.037 * attempt)  # kill at a different point of the write each time
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert path.read_text() in complete, f"attempt {attempt}: a partial file was left"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "data.ttl"]
    assert all(name.endswith(".tmp") for name in leftovers), leftovers


def test_a_cli_edit_killed_at_any_moment_leaves_every_file_whole(project_copy):
    original = {p: p.read_text() for p in project_copy.source_files()}
    args = [sys.executable, "-m", "therakg", "--project", str(project_copy.root), "term", "add",
            "--type", "tkg:PsychologicalIntervention", "--label", "Compassion-focused therapy",
            "--definition", "A talking therapy that helps a person meet self-criticism with warmth."]
    for delay in (0.5, 2.0, 4.0):
        child = subprocess.Popen(args, env=env_with_curator(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        for path in project_copy.source_files():
            parse_file(path)  # raises with file and line if anything is partial
            if path in original and path.read_text() != original[path]:
                assert "compassion-focused-therapy" in path.read_text(), f"{path} changed but not by the edit"


# -- the command line ------------------------------------------------------------------------------


def test_cli_evidence_add_from_yaml_then_update_and_retract(project_copy, cli, tmp_path):
    spec = tmp_path / "statement.yaml"
    spec.write_text(textwrap.dedent("""
        intervention: Behavioural activation
        condition: Depression
        population: Adults
        recommendation: Consider
        certainty: Not graded
        source: NG222
        locator: "9.9.9"
        source-page: https://example.org/test-page
        confirmed-at: https://example.org/test-page
        comment: A test statement.
    """))
    env = env_with_curator()
    added = cli("--project", str(project_copy.root), "evidence", "add", "--from", str(spec), env=env)
    assert added.code == 0, added.stderr
    statement = "tkr:ev-ng222-9-9-9-behavioural-activation-depression"
    assert statement in added.stdout
    updated = cli("--project", str(project_copy.root), "evidence", "update", statement, "--qualifier", "as a test", env=env)
    assert updated.code == 0, updated.stderr
    graph = Workspace(project_copy).graph
    iri = URIRef(TKR["ev-ng222-9-9-9-behavioural-activation-depression"])
    assert str(graph.value(iri, TKG.qualifier)) == "as a test"
    assert graph.value(iri, TKG.recommendation) == TKG.Consider
    retracted = cli("--project", str(project_copy.root), "evidence", "retract", statement, "--reason", "A test", env=env)
    assert retracted.code == 0, retracted.stderr
    assert (iri, None, None) not in Workspace(project_copy).graph
    entry = change_log(project_copy)[0]
    assert entry["operation"] == "evidence retract" and entry["reason"] == "A test"
    assert "9.9.9" in entry["removed"]


def test_cli_rejected_edit_exits_1_and_writes_nothing(project_copy, cli):
    before = tree_digest(project_copy.ontology_dir)
    result = cli("--project", str(project_copy.root), "term", "add", "--type", "tkg:PsychologicalIntervention",
                 "--label", "Behavioural activation", "--id", "tkr:another-ba", "--definition", "A duplicate.",
                 env=env_with_curator())
    assert result.code == 1
    assert "not saved" in result.stderr and "tkr:another-ba" in result.stderr
    assert tree_digest(project_copy.ontology_dir) == before


def test_cli_dry_run_writes_nothing(project_copy, cli):
    before = tree_digest(project_copy.ontology_dir)
    result = cli("--project", str(project_copy.root), "term", "update", "Behavioural activation",
                 "--synonym", "BA", "--dry-run")
    assert result.code == 0, result.stderr
    assert "dry run" in result.stdout
    assert tree_digest(project_copy.ontology_dir) == before


def test_cli_edit_needs_a_curator_and_a_readable_file(project_copy, cli, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "THERAKG_CURATOR"}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "no-config")
    result = cli("--project", str(project_copy.root), "term", "update", "Behavioural activation", "--synonym", "BA", env=env)
    assert result.code == 2 and "THERAKG_CURATOR" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("label: ok\ndefinition: [unclosed\n")
    result = cli("--project", str(project_copy.root), "term", "add", "--from", str(bad), env=env_with_curator())
    assert result.code == 2 and "bad.yaml:" in result.stderr and "not valid YAML" in result.stderr


def test_the_change_log_is_json_lines(project_copy):
    ws = Workspace(project_copy)
    save(ws, edits.add_term(ws, NEW_TERM), CURATOR)
    lines = (project_copy.root / "curation" / "changelog.jsonl").read_text().splitlines()
    assert [json.loads(line)["summary"] for line in lines] == ['Added tkr:compassion-focused-therapy "Compassion-focused therapy"']



def test_cli_deprecate_refuses_a_term_in_use_and_merge_repoints_it(project_copy, cli):
    env = env_with_curator()
    refused = cli("--project", str(project_copy.root), "term", "deprecate", "Behavioural activation",
                  "--reason", "Testing", "--replaced-by", "Cognitive behavioural therapy", env=env)
    assert refused.code == 1 and "deprecated-term-in-use" in refused.stderr
    merged = cli("--project", str(project_copy.root), "term", "merge", "Behavioural activation",
                 "Cognitive behavioural therapy", env=env)
    assert merged.code == 0, merged.stderr
    assert 'Merged tkr:behavioural-activation "Behavioural activation" into' in merged.stdout
    graph = Workspace(project_copy).graph
    assert (TKR["behavioural-activation"], OWL.deprecated, Literal(True)) in graph
    assert not list(graph.subjects(TKG.intervention, TKR["behavioural-activation"]))
