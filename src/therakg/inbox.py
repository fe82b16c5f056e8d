"""The quality inbox: every problem the graph has, in one list, grouped by term.

It gathers the SHACL results, the quality checks (`queries/qc/`) and, where asked, the
reasoner's findings. Each item says what is wrong, how to fix it, and the file and line of
the term. Known false positives are waived in `curation/waivers.tsv` with a recorded reason;
a waived item stays in the list, marked waived, and no longer blocks a release.

waivers.tsv columns: rule (a check name such as `duplicate-label`, `shapes:<property>` for
a SHACL rule, or `reasoner`), term (a compact IRI), reason, who, date.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from itertools import groupby
from pathlib import Path

from .build import Build, build_graph
from .checks import load_checks, run_checks
from .errors import TheraKGError
from .namespaces import compact
from .project import Project
from .store import open_store
from .validate import validate

WAIVERS = Path("curation/waivers.tsv")
WAIVER_COLUMNS = ("rule", "term", "reason", "who", "date")

#: a SHACL property -> the edit command option that sets it (for suggested fixes)
_EDIT_OPTIONS = {
    "skos:prefLabel": "--label", "skos:definition": "--definition", "skos:altLabel": "--synonym",
    "skos:broader": "--parent", "tkg:icd10": "--icd10", "tkg:deliveredBy": "--delivered-by",
    "tkg:deliveredIn": "--delivered-in", "tkg:suitableFor": "--suitable-for", "tkg:measuredBy": "--measured-by",
    "tkg:intervention": "--intervention", "tkg:condition": "--condition", "tkg:population": "--population",
    "tkg:recommendation": "--recommendation", "tkg:certainty": "--certainty", "tkg:source": "--source",
    "tkg:sourceLocator": "--locator", "tkg:sourcePage": "--source-page", "tkg:confirmedAt": "--confirmed-at",
}
_STATEMENT_PROPERTIES = {"tkg:intervention", "tkg:condition", "tkg:population", "tkg:recommendation", "tkg:certainty",
                         "tkg:source", "tkg:sourceLocator", "tkg:sourcePage", "tkg:confirmedAt"}


@dataclass
class Item:
    """One problem: where, what, how bad, how to fix it, and whether it is waived."""

    rule: str
    severity: str  # "error" or "warning"
    term: str
    term_label: str
    message: str
    fix: str
    file: str | None = None
    line: int | None = None
    waived: str | None = None  # the recorded reason, when waived

    @property
    def blocks(self) -> bool:
        return self.severity == "error" and self.waived is None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file and self.line else (self.file or "")


@dataclass
class Inbox:
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> list[Item]:
        return [i for i in self.items if i.blocks]

    def by_term(self) -> list[tuple[str, list[Item]]]:
        ordered = sorted(self.items, key=lambda i: (i.file or "~", i.line or 0, i.term, i.rule))
        return [(term, list(items)) for term, items in groupby(ordered, key=lambda i: i.term)]

    def summary(self) -> str:
        errors = sum(i.blocks for i in self.items)
        warnings = sum(i.severity == "warning" and i.waived is None for i in self.items)
        waived = sum(i.waived is not None for i in self.items)
        return f"{errors} error(s), {warnings} warning(s), {waived} waived, in {len(self.by_term())} term(s)."

    def to_json(self) -> str:
        return json.dumps({"summary": self.summary(), "notes": self.notes, "items": [asdict(i) for i in self.items]},
                          indent=2, ensure_ascii=False)

    def to_text(self, markdown: bool = False) -> str:
        lines = ["# Quality inbox" if markdown else "Quality inbox", "", self.summary(), ""]
        lines += [f"Note: {n}" for n in self.notes]
        for term, items in self.by_term():
            first = items[0]
            head = f"{first.term_label} ({term})" if term else "The ontology"
            where = f" [{first.where}]" if first.where else ""
            lines.append(f"## {head}{where}" if markdown else f"{head}{where}")
            for item in items:
                mark = f"WAIVED ({item.waived})" if item.waived else item.severity.upper()
                lines.append(f"{'-' if markdown else '  -'} [{mark}] {item.rule}: {item.message}")
                if item.fix and not item.waived:
                    lines.append(f"{'  ' if markdown else '      '}fix: {item.fix}")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def gather(project: Project, built: Build | None = None, *, reasoner: bool = False) -> Inbox:
    """Every problem of the project's graph, waivers applied."""
    built = built or build_graph(project)
    inbox = Inbox()
    report = validate(project, built.sources)
    for term in report.terms:
        for problem in term.problems:
            prop = problem.property or ""
            inbox.items.append(Item(
                rule=f"shapes:{prop}" if prop else f"shapes:{problem.shape}",
                severity="error" if problem.severity == "Violation" else "warning",
                term=term.term, term_label=term.label,
                message=f"{prop + ': ' if prop else ''}{problem.message}" + (f" (value: {problem.value})" if problem.value else ""),
                fix=_shape_fix(term.term, prop, term.file, term.line),
                file=term.file, line=term.line,
            ))
    with open_store("memory") as store:
        store.load(built.graph)
        for result in run_checks(store, load_checks(project)):
            for finding in result.problems:
                path, line = built.sources.origin(finding.term) if finding.term is not None else (None, None)
                label = finding.name.rsplit(" (", 1)[0] if finding.term is not None else finding.name
                inbox.items.append(Item(
                    rule=result.check.name, severity=result.check.severity,
                    term=compact(str(finding.term)) if finding.term is not None else "",
                    term_label=label, message=finding.problem, fix=result.check.fix,
                    file=project.relative(path) if path else None, line=line,
                ))
    if reasoner:
        _add_reasoner_findings(inbox, built)
    _apply_waivers(inbox, load_waivers(project))
    return inbox


def _shape_fix(term: str, prop: str, file: str | None, line: int | None) -> str:
    option = _EDIT_OPTIONS.get(prop)
    where = f" (in {file}:{line})" if file and line else ""
    if option is None:
        return f"Edit {prop or 'the term'} of {term}{where} so that it meets the rule."
    command = "evidence" if prop in _STATEMENT_PROPERTIES else "term"
    return f"`therakg {command} update {term} {option} ...`{where}"


def _add_reasoner_findings(inbox: Inbox, built: Build) -> None:
    from .errors import ReasonerUnavailable
    from .reason import reason

    try:
        result = reason(built.graph, built.sources)
    except ReasonerUnavailable as e:
        inbox.notes.append(f"The reasoner did not run: {e}")
        return
    if not result.consistent:
        for line in result.explanation or ["the ontology is inconsistent"]:
            inbox.items.append(Item("reasoner", "error", "", "The ontology", line,
                                    "Correct the type or property use named, so that no term falls in two disjoint classes."))
    for cls in result.unsatisfiable:
        inbox.items.append(Item("reasoner", "error", cls, cls, "this class can have no members (unsatisfiable)",
                                "Check the class's axioms in ontology/therakg.ttl."))


def load_waivers(project: Project) -> dict[tuple[str, str], str]:
    """(rule, term) -> the recorded reason; a malformed row names the file and line."""
    path = project.root / WAIVERS
    if not path.exists():
        return {}
    waivers = {}
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows or tuple(c.strip() for c in rows[0]) != WAIVER_COLUMNS:
        raise TheraKGError(f"{WAIVERS}:1: the header must be {' / '.join(WAIVER_COLUMNS)} (tab-separated).")
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(WAIVER_COLUMNS):
            raise TheraKGError(f"{WAIVERS}:{number}: expected {len(WAIVER_COLUMNS)} tab-separated columns, found {len(row)}.")
        rule, term, reason, who, date = (c.strip() for c in row)
        if not reason:
            raise TheraKGError(f"{WAIVERS}:{number}: a waiver needs a reason.")
        waivers[(rule, term)] = f"{reason} ({who}, {date})" if who or date else reason
    return waivers


def _apply_waivers(inbox: Inbox, waivers: dict[tuple[str, str], str]) -> None:
    for item in inbox.items:
        reason = waivers.get((item.rule, item.term))
        if reason is not None:
            item.waived = reason
