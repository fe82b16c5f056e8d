"""Build the release graph: parse every source file, merge, derive shortcut edges, write dist/.

The shortcut edges (`tkg:addresses`, `tkg:addressedBy`, `tkg:notRecommendedFor`) are
derived from evidence statements by the CONSTRUCT rules in `queries/derive/`, so they are
never written twice by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from .errors import TheraKGError
from .namespaces import bind_prefixes
from .progress import step
from .project import Project
from .sources import SourceGraph, load_sources
from .store import open_store

RELEASE_NAME = "therakg"


@dataclass
class Build:
    """A built graph: the merged sources plus what the rules derived from them."""

    sources: SourceGraph
    derived: Graph

    @cached_property
    def graph(self) -> Graph:
        graph = self.sources.graph + self.derived
        bind_prefixes(graph)
        return graph


def build_graph(project: Project) -> Build:
    """Parse and merge the project's sources and derive the shortcut edges (nothing is written)."""
    return build_from(project, load_sources(project.source_files()))


def build_from(project: Project, sources: SourceGraph) -> Build:
    """The build of sources already read: derive the shortcut edges (nothing is written)."""
    step("Deriving shortcut edges from evidence statements")
    return Build(sources, derive(sources.graph, derivation_rules(project)))


def derivation_rules(project: Project) -> list[Path]:
    rules = sorted((project.queries_dir / "derive").glob("*.rq"))
    if not rules:
        raise TheraKGError(f"No derivation rules in {project.queries_dir / 'derive'}: the build cannot derive shortcut edges.")
    return rules


def derive(graph: Graph, rules: list[Path]) -> Graph:
    """Everything the CONSTRUCT `rules` derive from `graph`, minus what it already states."""
    derived = Graph()
    with open_store("memory") as store:
        store.load(graph)
        for rule in rules:
            derived += store.construct(rule.read_text(encoding="utf-8"))
    return derived - graph


def write_release(graph: Graph, out_dir: Path) -> list[Path]:
    """Write the graph as Turtle and N-Triples into `out_dir`; return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, fmt in ((".ttl", "turtle"), (".nt", "nt")):
        path = out_dir / f"{RELEASE_NAME}{suffix}"
        tmp = path.with_suffix(path.suffix + ".tmp")
        graph.serialize(tmp, format=fmt, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written
