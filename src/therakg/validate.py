"""SHACL validation with a report people can read.

pySHACL checks the merged source graph against `ontology/shapes.ttl` (W3C SHACL,
https://www.w3.org/TR/shacl/#validation-report). Results are grouped by term, each with
the term's label, the file and line it comes from, the property and the shape's
plain-English message. Validation runs on an rdflib in-memory graph: pySHACL is ~100x
slower on an Oxigraph-backed one.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .labels import kind, label
from .namespaces import SH, compact
from .progress import step
from .project import Project
from .sources import SourceGraph, load_sources, parse_file


@dataclass
class Problem:
    property: str | None
    message: str
    value: str | None
    severity: str
    shape: str


@dataclass
class TermProblems:
    term: str
    label: str
    kind: str
    file: str | None
    line: int | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ValidationReport:
    terms: list[TermProblems]

    @property
    def violations(self) -> int:
        return sum(p.severity == "Violation" for t in self.terms for p in t.problems)

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def to_json(self) -> str:
        return json.dumps(
            {"conforms": self.conforms, "violations": self.violations, "terms": [asdict(t) for t in self.terms]},
            indent=2,
            ensure_ascii=False,
        )

    def to_text(self) -> str:
        if not self.terms:
            return "The graph conforms to the shapes: no problems found."
        count = sum(len(t.problems) for t in self.terms)
        lines = [f"{count} problem(s) in {len(self.terms)} term(s):", ""]
        for t in self.terms:
            where = f"{t.file}:{t.line}" if t.file and t.line else (t.file or "(not found in any source file)")
            lines.append(f"{t.term} — {t.kind} \"{t.label}\"  [{where}]")
            for p in t.problems:
                prop = f"{p.property}: " if p.property else ""
                value = f" (value: {p.value})" if p.value is not None else ""
                marker = "" if p.severity == "Violation" else f"[{p.severity}] "
                lines.append(f"  - {marker}{prop}{p.message}{value}")
            lines.append("")
        return "\n".join(lines).rstrip()


def validate(project: Project, sources: SourceGraph | None = None) -> ValidationReport:
    """Validate the project's sources (or an already loaded SourceGraph) against its shapes."""
    sources = sources or load_sources(project.source_files())
    shapes = parse_file(project.shapes_file)
    step("Checking the graph against the SHACL shapes")
    _, results, _ = shacl_validate(
        sources.graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return _report(results, shapes, sources, project)


def _report(results: Graph, shapes: Graph, sources: SourceGraph, project: Project) -> ValidationReport:
    data = sources.graph
    by_term: dict[Node, TermProblems] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if focus not in by_term:
            path, line = sources.origin(focus)
            by_term[focus] = TermProblems(
                term=_show(focus),
                label=label(data, focus),
                kind=kind(data, focus),
                file=project.relative(path) if path else None,
                line=line,
            )
        by_term[focus].problems.append(_problem(results, shapes, result))
    terms = sorted(by_term.values(), key=lambda t: (t.file or "~", t.line or 0, t.term))
    for t in terms:
        t.problems.sort(key=lambda p: (p.property or "", p.message))
    return ValidationReport(terms)


def _problem(results: Graph, shapes: Graph, result: Node) -> Problem:
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = results.value(result, SH.resultSeverity)
    message = results.value(result, SH.resultMessage)
    component = results.value(result, SH.sourceConstraintComponent)
    return Problem(
        property=_show(path) if isinstance(path, URIRef) else None,
        message=str(message) if message is not None else f"fails {_show(component)}",
        value=_show(value) if value is not None else None,
        severity=_show(severity).removeprefix("sh:") if severity else "Violation",
        shape=_show(_node_shape(shapes, results.value(result, SH.sourceShape))),
    )


def _node_shape(shapes: Graph, shape: Node) -> Node:
    """The named node shape a (blank) property shape belongs to."""
    parent = shapes.value(predicate=SH.property, object=shape)
    return parent if parent is not None else shape


def _show(term: Node | None) -> str:
    return "" if term is None else compact(str(term))
