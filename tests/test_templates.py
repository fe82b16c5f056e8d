"""Spreadsheet templates: export, edit, import through the same gate; bad rows by number and column."""

from __future__ import annotations

import csv
import io
import os

import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from conftest import tree_digest
from therakg.curate import Curator, Workspace, save
from therakg.namespaces import TKR
from therakg.templates import TemplateError, export_template, plan_import

CURATOR = Curator("Test Curator")


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def write_rows(path, rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())


@pytest.mark.parametrize("kind", ["interventions", "conditions", "evidence"])
def test_an_exported_template_imports_back_as_no_change(project_copy, tmp_path, kind):
    ws = Workspace(project_copy)
    path = tmp_path / f"{kind}.tsv"
    path.write_text(export_template(ws.graph, kind))
    assert len(rows_of(path.read_text())) > 50
    change = plan_import(ws, path)
    assert change.files == {}, change.reason


def test_an_edited_cell_and_a_new_row_become_one_checked_change(project_copy, tmp_path):
    ws = Workspace(project_copy)
    rows = rows_of(export_template(ws.graph, "interventions"))
    for row in rows:
        if row["id"] == "tkr:behavioural-activation":
            row["synonyms"] = "BA | behavioral activation@en-us | activity scheduling"
    rows.append({**{k: "" for k in rows[0]}, "type": "tkg:PsychologicalIntervention", "label": "Compassion-focused therapy",
                 "definition": "A talking therapy that helps a person meet self-criticism with warmth.",
                 "parent": "tkr:psychotherapy"})
    path = tmp_path / "interventions.tsv"
    write_rows(path, rows)
    before = tree_digest(project_copy.ontology_dir)
    saved = save(ws, plan_import(ws, path), CURATOR)
    changed = {k for k, v in tree_digest(project_copy.ontology_dir).items() if before.get(k) != v}
    assert changed == {"data/interventions/psychological.ttl"}
    graph = Workspace(project_copy).graph
    ba = TKR["behavioural-activation"]
    assert (ba, SKOS.altLabel, Literal("activity scheduling", lang="en")) in graph
    assert (ba, SKOS.altLabel, Literal("behavioral activation", lang="en-us")) in graph
    assert (TKR["compassion-focused-therapy"], SKOS.broader, TKR.psychotherapy) in graph
    assert sorted(str(t) for t in saved.change.terms) == sorted([str(ba), str(TKR["compassion-focused-therapy"])])


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(project_copy, tmp_path, cli):
    ws = Workspace(project_copy)
    rows = rows_of(export_template(ws.graph, "evidence"))[:3]
    rows[1]["recommendation"] = "Maybe"
    rows[2]["population"] = "Martians"
    path = tmp_path / "evidence.tsv"
    write_rows(path, rows)
    with pytest.raises(TemplateError) as bad:
        plan_import(ws, path)
    message = str(bad.value)
    assert "row 3, column recommendation" in message and "row 4, column population" in message
    before = tree_digest(project_copy.ontology_dir)
    result = cli("--project", str(project_copy.root), "import", str(path), env={**os.environ, "THERAKG_CURATOR": "t"})
    assert result.code == 1 and "row 3, column recommendation" in result.stderr
    assert tree_digest(project_copy.ontology_dir) == before


def test_unknown_columns_and_ragged_rows_are_refused(project_copy, tmp_path):
    ws = Workspace(project_copy)
    path = tmp_path / "x.tsv"
    path.write_text("id\tcolour\ntkr:stroke\tblue\n")
    with pytest.raises(TemplateError, match="row 1: unknown column"):
        plan_import(ws, path)
    path.write_text("id\tlabel\ntkr:stroke\tStroke\textra\n")
    with pytest.raises(TemplateError, match="row 2: 3 cells"):
        plan_import(ws, path)


def test_cli_export_writes_csv_by_extension(project_copy, cli, tmp_path):
    out = tmp_path / "conditions.csv"
    result = cli("--project", str(project_copy.root), "export", "--template", "conditions", "--out", str(out))
    assert result.code == 0, result.stderr
    header = out.read_text().splitlines()[0]
    assert header.startswith("id,type,label,synonyms,definition,parent,icd10")
    assert any(r["id"] == "tkr:generalised-anxiety-disorder" and r["icd10"] == "F41.1"
               for r in csv.DictReader(io.StringIO(out.read_text())))
