"""A dated release others can cite: `dist/release/YYYY-MM-DD/`.

A release refuses to run unless the graph conforms to the shapes, passes every error-level
quality check (waived items aside) and is consistent under the reasoner. It then writes:

- the graph (with the reasoner's inferred types) stamped with `owl:versionIRI` and
  `owl:versionInfo`, as Turtle, N-Triples, JSON-LD and RDF/XML (the last loads in
  owlready2 and Protégé);
- HTML documentation of the ontology (pyLODE);
- CSV tables for educators (the evidence table, interventions, conditions, sources);
- what changed since the previous release (Markdown and JSON);
- SHA256SUMS, a checksum for every file.

Everything is written to a temporary folder first and moved into place at the end, so a
failed release leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from .build import build_graph
from .diff import diff_graphs
from .errors import TheraKGError
from .inbox import gather
from .namespaces import TKG, bind_prefixes
from .project import Project
from .queries import catalogue, run_query
from .reason import reason
from .results import Answer
from .store import open_store

ONTOLOGY_IRI = URIRef("https://w3id.org/therakg/ontology")
VERSION_BASE = "https://w3id.org/therakg/ontology/releases/"
GRAPH_FORMATS = {"therakg.ttl": "turtle", "therakg.nt": "nt", "therakg.jsonld": "json-ld", "therakg.owl": "xml"}
#: CSV file -> catalogue query that fills it
TABLES = {"evidence.csv": "evidence-table", "sources.csv": "sources"}
#: CSV file -> the kind of term it lists (from queries/export/terms.rq)
TERM_TABLES = {"interventions.csv": TKG.Intervention, "conditions.csv": TKG.Condition}


class ReleaseRefused(TheraKGError):
    """The graph is not fit to release; nothing was written."""


@dataclass
class Release:
    folder: Path
    version: str
    files: list[Path] = field(default_factory=list)
    previous: str | None = None


def release_folder(project: Project) -> Path:
    return project.dist_dir / "release"


def make_release(project: Project, version: str | None = None, *, replace: bool = False) -> Release:
    """Check the graph and write a dated release; ReleaseRefused (nothing written) if a check fails."""
    version = version or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(version)
    except ValueError:
        raise TheraKGError(f"A release is named by its date, YYYY-MM-DD, not {version!r}.") from None
    target = release_folder(project) / version
    if target.exists() and not replace:
        raise TheraKGError(f"There is already a release {version} in {project.relative(target)}; pass --replace to redo it.")

    built = build_graph(project)
    inbox = gather(project, built)
    blocking = [item for item in inbox.items if item.blocks]
    if blocking:
        lines = "\n".join(f"  - {item.term_label} ({item.term}): {item.message}" for item in blocking[:20])
        more = f"\n  ... and {len(blocking) - 20} more" if len(blocking) > 20 else ""
        raise ReleaseRefused(
            f"The release was refused: {len(blocking)} problem(s) must be fixed or waived first "
            f"(`therakg check --report` lists them with fixes):\n{lines}{more}"
        )
    reasoned = reason(built.graph, built.sources)
    if not reasoned.ok:
        why = reasoned.explanation or [f"unsatisfiable class {c}" for c in reasoned.unsatisfiable]
        raise ReleaseRefused("The release was refused: the reasoner found the ontology inconsistent:\n"
                             + "\n".join(f"  - {w}" for w in why))

    graph = built.graph + reasoned.inferred
    bind_prefixes(graph)
    stamp_version(graph, version)
    previous = _previous_release(project, version)
    with tempfile.TemporaryDirectory(dir=_ensure(release_folder(project))) as tmp:
        staging = Path(tmp) / version
        staging.mkdir()
        for name, fmt in GRAPH_FORMATS.items():
            graph.serialize(staging / name, format=fmt, encoding="utf-8")
        _check_owlready_loads(staging / "therakg.owl")
        _write_docs(project, staging / "docs")
        _write_tables(project, graph, staging)
        _write_changes(graph, previous, version, staging)
        _write_checksums(staging)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    files = sorted(p for p in target.rglob("*") if p.is_file())
    return Release(target, version, files, previous.name if previous else None)


def stamp_version(graph: Graph, version: str) -> None:
    """Set the ontology's version IRI and version info to this release."""
    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), ONTOLOGY_IRI)
    graph.set((ontology, OWL.versionIRI, URIRef(VERSION_BASE + version)))
    graph.set((ontology, OWL.versionInfo, Literal(version)))


def _previous_release(project: Project, version: str) -> Path | None:
    folder = release_folder(project)
    earlier = sorted(p for p in folder.glob("????-??-??") if p.is_dir() and p.name < version and (p / "therakg.ttl").is_file())
    return earlier[-1] if earlier else None


def _check_owlready_loads(path: Path) -> None:
    import owlready2

    world = owlready2.World()
    try:
        world.get_ontology(path.as_uri()).load()
    except Exception as e:  # owlready2 raises many kinds; any means Protégé users would fail too
        raise TheraKGError(f"The RDF/XML release does not load in owlready2: {e}") from e


def _write_docs(project: Project, folder: Path) -> None:
    """The ontology's HTML documentation (classes, properties, metadata) by pyLODE."""
    root = logging.getLogger()
    level = root.level
    try:
        from pylode import OntPub  # it logs its progress to the root logger: keep that quiet

        root.setLevel(logging.WARNING)
        html = OntPub(ontology=str(project.ontology_file)).make_html()
    finally:
        root.setLevel(level)
    folder.mkdir()
    (folder / "index.html").write_text(html, encoding="utf-8")


def _write_tables(project: Project, graph: Graph, folder: Path) -> None:
    queries = catalogue(project)
    terms = (project.queries_dir / "export" / "terms.rq").read_text(encoding="utf-8")
    with open_store("memory") as store:
        store.load(graph)
        for name, query in TABLES.items():
            answer = run_query(store, queries[query], {}, None, {})
            (folder / name).write_text(answer.render("csv"), encoding="utf-8")
        for name, kind in TERM_TABLES.items():
            rows = store.select(terms, {"kind": kind})
            answer = Answer.of_rows(rows, variables=["term", "label", "type", "definition", "synonyms", "parents", "icd10"])
            (folder / name).write_text(answer.render("csv"), encoding="utf-8")


def _write_changes(graph: Graph, previous: Path | None, version: str, folder: Path) -> None:
    if previous is None:
        text = f"# Changes in release {version}\n\nThe first release: there is no earlier one to compare with.\n"
        (folder / "changes.md").write_text(text, encoding="utf-8")
        return
    old = Graph().parse(previous / "therakg.ttl", format="turtle")
    changes = diff_graphs(old, graph, f"release {previous.name}", f"release {version}")
    (folder / "changes.md").write_text(changes.to_text(markdown=True), encoding="utf-8")
    (folder / "changes.json").write_text(changes.to_json(), encoding="utf-8")


def _write_checksums(folder: Path) -> None:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
