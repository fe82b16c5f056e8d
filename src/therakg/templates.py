"""Bulk editing through spreadsheets, in the spirit of ROBOT templates.

`export_template` writes interventions, conditions or evidence statements as a table (TSV,
or CSV by the file's extension) that a curator edits in a spreadsheet; `plan_import` reads
it back as one `Change`: a row whose id exists updates that term or statement (only the
cells that differ), a row with a new id adds one. The import goes through the same gate as
every edit (`curate.save`). A bad row is reported by row number and column, and nothing
is written.

Cells holding several values separate them with " | "; a US spelling among synonyms is
written `behavioral activation@en-us`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from . import edits
from .curate import Change, Workspace
from .errors import TheraKGError
from .namespaces import TKG, compact

SEPARATOR = " | "
TERM_COLUMNS = ("id", "type", "label", "synonyms", "definition", "parent", "icd10", "exact_match", *edits.LINKS)
EVIDENCE_COLUMNS = ("id", *edits.EVIDENCE)
KINDS = {"interventions": TKG.Intervention, "conditions": TKG.Condition, "evidence": TKG.EvidenceStatement}

_TERM_PROPS = {
    "label": SKOS.prefLabel, "synonyms": SKOS.altLabel, "definition": SKOS.definition, "parent": SKOS.broader,
    "icd10": TKG.icd10, "exact_match": SKOS.exactMatch, **{f: prop for f, (prop, _) in edits.LINKS.items()},
}


class TemplateError(TheraKGError):
    """One or more rows of a template are wrong; each problem names its row and column."""


# -- export --------------------------------------------------------------------------------------


def export_rows(graph: Graph, kind: str) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The header and rows of the template for `kind` (interventions, conditions, evidence)."""
    if kind not in KINDS:
        raise TheraKGError(f"Unknown template {kind!r}: choose one of {', '.join(KINDS)}.")
    if kind == "evidence":
        rows = [_statement_row(graph, s) for s in sorted(set(graph.subjects(RDF.type, TKG.EvidenceStatement)))]
        return EVIDENCE_COLUMNS, rows
    top = KINDS[kind]
    subclasses = set(graph.transitive_subjects(RDFS.subClassOf, top)) - {top}
    terms = {t for cls in subclasses for t in graph.subjects(RDF.type, cls) if isinstance(t, URIRef)}
    terms = {t for t in terms if (t, OWL.deprecated, Literal(True)) not in graph}
    rows = [_term_row(graph, t, subclasses) for t in sorted(terms, key=lambda t: str(graph.value(t, SKOS.prefLabel)))]
    return TERM_COLUMNS, rows


def export_template(graph: Graph, kind: str, path: Path | None = None) -> str:
    """The template as text (tab-separated, or comma-separated for a .csv path)."""
    header, rows = export_rows(graph, kind)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter="," if path and path.suffix == ".csv" else "\t",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _term_row(graph: Graph, term: URIRef, subclasses: set) -> dict[str, str]:
    row = {"id": compact(str(term)),
           "type": _cell(sorted(compact(str(c)) for c in graph.objects(term, RDF.type) if c in subclasses))}
    for name, prop in _TERM_PROPS.items():
        row[name] = _cell(_show(v) for v in graph.objects(term, prop))
    return row


def _statement_row(graph: Graph, statement: URIRef) -> dict[str, str]:
    row = {"id": compact(str(statement))}
    for name, (prop, _) in edits.EVIDENCE.items():
        row[name] = _cell(_show(v) for v in graph.objects(statement, prop))
    return row


def _show(value) -> str:
    if isinstance(value, URIRef):
        return compact(str(value))
    if isinstance(value, Literal) and value.language and value.language != "en":
        return f"{value}@{value.language}"
    return str(value)


def _cell(values) -> str:
    return SEPARATOR.join(sorted(values))


# -- import --------------------------------------------------------------------------------------


def read_template(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the numbered rows (the header is row 1) of a TSV or CSV template."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TheraKGError(f"{path}: no such file.") from None
    except UnicodeDecodeError as e:
        raise TheraKGError(f"{path}: not UTF-8 text ({e.reason}).") from None
    delimiter = "," if Path(path).suffix == ".csv" else "\t"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise TheraKGError(f"{path}: the file is empty.")
    header = [h.strip() for h in rows[0]]
    numbered = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise TemplateError(f"{path} row {number}: {len(cells)} cells, but the header has {len(header)} columns.")
        numbered.append((number, {h: c.strip() for h, c in zip(header, cells)}))
    return header, numbered


def plan_import(ws: Workspace, path: Path) -> Change:
    """Every row of the template as one change; a TemplateError lists each bad row and column."""
    header, rows = read_template(path)
    columns = EVIDENCE_COLUMNS if "recommendation" in header else TERM_COLUMNS
    unknown = [h for h in header if h not in columns]
    if unknown or "id" not in header:
        raise TemplateError(f"{path} row 1: unknown column(s) {', '.join(unknown) or '(none)'}"
                            f"{'' if 'id' in header else '; the id column is missing'}. Columns: {', '.join(columns)}.")
    draft = _Draft(ws)
    problems, touched, summaries = [], [], []
    for number, row in rows:
        try:
            change = _row_change(draft, row, columns is EVIDENCE_COLUMNS)
        except TheraKGError as e:
            problems.append(f"{path} row {number}, column {_column_of(e, row)}: {e}")
            continue
        if change is not None:
            draft.apply(change)
            touched += change.terms
            summaries.append(f"row {number}: {change.summary}")
    if problems:
        raise TemplateError("The import was not saved; fix these rows:\n" + "\n".join(f"  - {p}" for p in problems))
    files = {p: g for p, g in draft.ws.graphs.items() if p not in ws.graphs or g is not ws.graphs[p]}
    summary = f"Imported {Path(path).name}: {len(summaries)} row(s) changed"
    return Change("import", summary, touched, files, reason="\n".join(summaries) or None)


def _row_change(draft: _Draft, row: dict[str, str], evidence: bool) -> Change | None:
    ident = row.get("id", "")
    fields = {k: cell_values(k, v) for k, v in row.items() if k != "id"}
    if evidence:
        exists = bool(ident) and draft.ws.file_of(draft.iri(ident)) is not None
        if not exists:
            return edits.add_evidence(draft.ws, {k: v for k, v in fields.items() if v not in ("", [])})
        current = _statement_row(draft.ws.graph, draft.iri(ident))
        changed = {k: v for k, v in fields.items() if _cell(_as_list(v)) != current.get(k, "")}
        return edits.update_evidence(draft.ws, ident, changed) if changed else None
    exists = bool(ident) and draft.ws.file_of(draft.iri(ident)) is not None
    if not exists:
        return edits.add_term(draft.ws, {k: v for k, v in fields.items() if v not in ("", [])}, iri=ident or None)
    current = _term_row(draft.ws.graph, draft.iri(ident), draft.kinds)
    changed = {k: v for k, v in fields.items() if _cell(_as_list(v)) != current.get(k, "")}
    return edits.update_term(draft.ws, ident, changed) if changed else None


def cell_values(column: str, cell: str):
    """A cell as the edit functions take it: lists for repeatable columns, text otherwise."""
    if column in ("synonyms", "parent", "icd10", "exact_match", *edits.LINKS, "type"):
        return [p.strip() for p in cell.split("|") if p.strip()]
    return cell


def _as_list(value) -> list[str]:
    return value if isinstance(value, list) else ([value] if value else [])


def _column_of(error: Exception, row: dict[str, str]) -> str:
    """The column a row error is about, where the message lets us tell."""
    text = str(error)
    for column, value in row.items():
        parts = [p.strip() for p in value.split("|") if p.strip()]
        if any(f"'{p}'" in text or f'"{p}"' in text for p in parts):
            return column
    for column in row:
        if column.replace("_", " ") in text:
            return column
    return "(row)"


class _Draft:
    """The workspace with the rows planned so far applied (in memory only)."""

    def __init__(self, ws: Workspace):
        self.ws = ws.draft()
        graph = self.ws.graph
        self.kinds = set(graph.transitive_subjects(RDFS.subClassOf, TKG.Intervention)) | set(
            graph.transitive_subjects(RDFS.subClassOf, TKG.Condition))

    def apply(self, change: Change) -> None:
        names_changed = change.operation.endswith("add") or "label" in change.summary or "synonyms" in change.summary
        self.ws.replace(change.files, names_changed)  # names changed: later rows must find them

    @staticmethod
    def iri(ident: str) -> URIRef:
        from .terms import _as_iri

        return _as_iri(ident) or URIRef(ident)
