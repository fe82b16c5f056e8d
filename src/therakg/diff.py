"""What changed between two versions of the graph, in a curator's words.

Terms added, removed, deprecated, relabelled, and with a changed definition; evidence
statements added, removed or changed (recommendation, certainty, source, population, ...):
the "what changed for teaching" view. A version is a git revision of the project, a
project folder, a release folder, or a graph file.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS
from rdflib.term import Node

from .build import build_graph
from .errors import TheraKGError
from .labels import kind, label, statement_label
from .namespaces import TKG, compact
from .project import ONTOLOGY_FILE, Project
from .sources import parse_file

#: the fields of an evidence statement a teacher cares about, in the order they are shown
STATEMENT_FIELDS = {
    "intervention": TKG.intervention,
    "condition": TKG.condition,
    "population": TKG.population,
    "recommendation": TKG.recommendation,
    "certainty": TKG.certainty,
    "source": TKG.source,
    "locator": TKG.sourceLocator,
    "qualifier": TKG.qualifier,
}


# -- reading a version ----------------------------------------------------------------------------


def load_version(spec: str, project: Project) -> Graph:
    """The graph at `spec`: a graph file, a project or release folder, or a git revision."""
    path = Path(spec)
    if path.is_file():
        return parse_file(path)
    if path.is_dir():
        if (path / ONTOLOGY_FILE).is_file():
            return build_graph(Project(path)).graph
        for name in ("therakg.ttl", "therakg.nt"):
            if (path / name).is_file():
                return parse_file(path / name)
        raise TheraKGError(f"{spec} holds neither a TheraKG project nor a built graph (therakg.ttl).")
    return _graph_at_revision(spec, project)


def _graph_at_revision(revision: str, project: Project) -> Graph:
    if revision.startswith("-"):
        raise TheraKGError(f"{revision!r} is not a file, a folder or a git revision.")
    try:
        archive = subprocess.run(
            ["git", "-C", str(project.root), "archive", "--format=tar", revision, "--", "ontology", "queries"],
            capture_output=True, check=True,
        ).stdout
    except FileNotFoundError:
        raise TheraKGError(f"{revision!r} is not a file or folder, and git is not installed to read it as a revision.") from None
    except subprocess.CalledProcessError as e:
        problem = e.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TheraKGError(
            f"{revision!r} is not a file, a folder or a git revision of this project"
            + (f" ({problem[-1]})" if problem else "") + "."
        ) from None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return build_graph(Project(Path(tmp))).graph


# -- comparing ---------------------------------------------------------------------------------------


@dataclass
class TermChange:
    term: str
    kind: str
    label: str
    old: str | None = None
    new: str | None = None


@dataclass
class StatementChange:
    statement: str
    label: str
    changes: dict[str, list[str | None]] = field(default_factory=dict)  # field -> [old, new]


@dataclass
class GraphDiff:
    old: str
    new: str
    terms_added: list[TermChange] = field(default_factory=list)
    terms_removed: list[TermChange] = field(default_factory=list)
    terms_deprecated: list[TermChange] = field(default_factory=list)
    terms_relabelled: list[TermChange] = field(default_factory=list)
    definitions_changed: list[TermChange] = field(default_factory=list)
    evidence_added: list[StatementChange] = field(default_factory=list)
    evidence_removed: list[StatementChange] = field(default_factory=list)
    evidence_changed: list[StatementChange] = field(default_factory=list)

    SECTIONS = (
        ("evidence_added", "Evidence added"),
        ("evidence_removed", "Evidence removed"),
        ("evidence_changed", "Evidence changed"),
        ("terms_added", "Terms added"),
        ("terms_removed", "Terms removed"),
        ("terms_deprecated", "Terms deprecated"),
        ("terms_relabelled", "Terms relabelled"),
        ("definitions_changed", "Definitions changed"),
    )

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name, _ in self.SECTIONS)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name, _ in self.SECTIONS}

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    def to_text(self, markdown: bool = False) -> str:
        title = f"Changes from {self.old} to {self.new}"
        lines = [f"# {title}" if markdown else title, ""]
        if self.empty:
            lines.append("No changes to terms or evidence.")
            return "\n".join(lines)
        summary = ", ".join(f"{len(getattr(self, n))} {h.lower()}" for n, h in self.SECTIONS if getattr(self, n))
        lines += [f"In short: {summary}.", ""]
        for name, heading in self.SECTIONS:
            items = getattr(self, name)
            if not items:
                continue
            lines.append(f"## {heading} ({len(items)})" if markdown else f"{heading} ({len(items)}):")
            if markdown:
                lines.append("")
            for item in items:
                lines.append(("- " if markdown else "  - ") + _describe(item, markdown))
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _describe(item: TermChange | StatementChange, markdown: bool) -> str:
    code = (lambda s: f"`{s}`") if markdown else (lambda s: s)
    if isinstance(item, StatementChange):
        text = f"{item.label} ({code(item.statement)})"
        if item.changes:
            text += ": " + "; ".join(f"{f} {o or '(none)'} → {n or '(none)'}" for f, (o, n) in item.changes.items())
        return text
    text = f"{item.kind} \"{item.label}\" ({code(item.term)})"
    if item.old is not None or item.new is not None:
        text += f": \"{item.old}\" → \"{item.new}\""
    return text


def diff_graphs(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> GraphDiff:
    """Compare two graphs term by term and statement by statement."""
    result = GraphDiff(old_name, new_name)
    old_terms, new_terms = _terms(old), _terms(new)
    for term in sorted(new_terms - old_terms):
        result.terms_added.append(_term(new, term))
    for term in sorted(old_terms - new_terms):
        result.terms_removed.append(_term(old, term))
    for term in sorted(old_terms & new_terms):
        if _deprecated(new, term) and not _deprecated(old, term):
            result.terms_deprecated.append(_term(new, term))
        elif _text(old, term, SKOS.prefLabel) != _text(new, term, SKOS.prefLabel):
            result.terms_relabelled.append(_term(new, term, _text(old, term, SKOS.prefLabel), _text(new, term, SKOS.prefLabel)))
        if _text(old, term, SKOS.definition) != _text(new, term, SKOS.definition):
            result.definitions_changed.append(
                _term(new, term, _text(old, term, SKOS.definition), _text(new, term, SKOS.definition)))
    old_statements = set(old.subjects(RDF.type, TKG.EvidenceStatement))
    new_statements = set(new.subjects(RDF.type, TKG.EvidenceStatement))
    for statement in sorted(new_statements - old_statements):
        result.evidence_added.append(StatementChange(compact(str(statement)), statement_label(new, statement)))
    for statement in sorted(old_statements - new_statements):
        result.evidence_removed.append(StatementChange(compact(str(statement)), statement_label(old, statement)))
    for statement in sorted(old_statements & new_statements):
        changes = {}
        for name, prop in STATEMENT_FIELDS.items():
            # compared by identity (a relabelled term is not a changed statement), shown by label
            if set(old.objects(statement, prop)) != set(new.objects(statement, prop)):
                changes[name] = [_value(old, statement, prop), _value(new, statement, prop)]
        if changes:
            result.evidence_changed.append(StatementChange(compact(str(statement)), statement_label(new, statement), changes))
    return result


def _terms(graph: Graph) -> set[Node]:
    """Named individuals and classes with a preferred label (evidence statements have none)."""
    return {s for s in graph.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef)
            and (s, RDF.type, TKG.EvidenceStatement) not in graph}


def _term(graph: Graph, term: Node, old: str | None = None, new: str | None = None) -> TermChange:
    return TermChange(compact(str(term)), kind(graph, term), label(graph, term), old, new)


def _deprecated(graph: Graph, term: Node) -> bool:
    return (term, OWL.deprecated, Literal(True)) in graph


def _text(graph: Graph, term: Node, prop) -> str | None:
    values = sorted(str(v) for v in graph.objects(term, prop))
    return " | ".join(values) if values else None


def _value(graph: Graph, statement: Node, prop) -> str | None:
    """A statement field as people read it: the label of a term, the text of a literal."""
    values = sorted(label(graph, v) if isinstance(v, URIRef) else str(v) for v in graph.objects(statement, prop))
    return " | ".join(values) if values else None
