"""Quality checks as queries: `queries/qc/*-violation.rq`, where any row returned is a problem.

After the ODK convention and the Disease Ontology's verify queries: each file opens with an
"Ensure that ..." line saying what it guards, a `# severity:` line and a `# fix:` line (the
remedy the quality inbox suggests). A check returns
`?term` (where the problem is) and `?problem` (what is wrong, in plain words). An `error`
fails `therakg check`; a `warning` is reported but does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from .errors import TheraKGError
from .namespaces import compact
from .project import Project
from .store import Store
from .terms import TermIndex

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Check:
    name: str
    ensure: str
    severity: str
    path: Path
    fix: str = ""

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem a check found: the term (named for people) and what is wrong."""

    name: str
    problem: str
    term: URIRef | None = None


@dataclass
class CheckResult:
    check: Check
    problems: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def read_check(path: Path) -> Check:
    lines = path.read_text(encoding="utf-8").splitlines()
    ensure = next((l.lstrip("# ").strip() for l in lines[:1] if l.startswith("# Ensure that ")), None)
    if ensure is None:
        raise TheraKGError(f"{path}: a check must open with a '# Ensure that ...' line.")
    severity = next((m.group(1) for l in lines if (m := re.match(r"#\s*severity:\s*(\w+)", l))), "error")
    if severity not in SEVERITIES:
        raise TheraKGError(f"{path}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}.")
    fix = next((m.group(1).strip() for l in lines if (m := re.match(r"#\s*fix:\s*(.+)", l))), "")
    return Check(path.name.removesuffix("-violation.rq"), ensure, severity, path, fix)


def load_checks(project: Project) -> list[Check]:
    return [read_check(p) for p in sorted((project.queries_dir / "qc").glob("*-violation.rq"))]


def run_checks(store: Store, checks: list[Check]) -> list[CheckResult]:
    """Run every check on `store`; problems name terms by label where they have one."""
    labels = TermIndex(store).labels
    results = []
    for check in checks:
        rows = store.select(check.text)
        problems = sorted({
            Finding(_name(row.get("term"), labels), str(row.get("problem") or ""),
                    row.get("term") if isinstance(row.get("term"), URIRef) else None)
            for row in rows
        })
        results.append(CheckResult(check, problems))
    return results


def _name(term, labels: dict) -> str:
    if isinstance(term, URIRef):
        label = labels.get(term)
        return f"{label} ({compact(str(term))})" if label else compact(str(term))
    return str(term)


def report(results: list[CheckResult]) -> str:
    lines = []
    for result in results:
        mark = "pass" if result.passed else result.check.severity.upper()
        lines.append(f"[{mark}] {result.check.name}: {result.check.ensure}")
        for finding in result.problems[:20]:
            lines.append(f"    {finding.name} {finding.problem}")
        if len(result.problems) > 20:
            lines.append(f"    ... and {len(result.problems) - 20} more")
    failed = [r for r in results if not r.passed and r.check.severity == "error"]
    warned = [r for r in results if not r.passed and r.check.severity == "warning"]
    lines.append(f"\n{len(results)} checks: {len(failed)} failed, {len(warned)} with warnings.")
    return "\n".join(lines)
