"""Reading the hand-edited source files: parse each, remember where every term came from.

A syntax error names the file, the line and the problem. Nothing here writes a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from .errors import SourceSyntaxError
from .namespaces import bind_prefixes, compact
from .progress import progress


@dataclass
class SourceGraph:
    """The merged graph of a set of source files, and which file describes each subject."""

    graph: Graph
    files: list[Path]
    origins: dict[Node, Path] = field(default_factory=dict)

    def origin(self, subject: Node) -> tuple[Path | None, int | None]:
        """The file that describes `subject` and the line where its description starts."""
        path = self.origins.get(subject)
        if path is None or not isinstance(subject, URIRef):
            return path, None
        return path, subject_line(path, subject)


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file, turning any syntax error into a SourceSyntaxError(file, line, problem)."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as e:
        raise SourceSyntaxError(path, e.lines + 1, e._why) from None
    except (UnicodeDecodeError, ValueError) as e:
        raise SourceSyntaxError(path, _error_line(path, e), str(e)) from None
    return graph


def load_sources(files: list[Path]) -> SourceGraph:
    """Parse every file and merge them; the first file to describe a subject is its origin."""
    return merge_sources({path: parse_file(path) for path in progress(files, label="Parsing source files")})


def merge_sources(graphs: dict[Path, Graph]) -> SourceGraph:
    """Merge already parsed files (for example, files as an edit would leave them)."""
    merged = Graph()
    bind_prefixes(merged)
    result = SourceGraph(merged, list(graphs))
    for path, graph in graphs.items():
        for subject in graph.subjects(unique=True):
            result.origins.setdefault(subject, path)
        merged += graph
    return result


def subject_line(path: Path, subject: URIRef) -> int | None:
    """The first line of `path` that starts with `subject` (compact or full IRI), or None."""
    starts = _line_starts(Path(path), Path(path).stat().st_mtime_ns)
    return starts.get(compact(str(subject))) or starts.get(f"<{subject}>")


_LEADING_TERM = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w-]*:[^\s;,]*?)(?=[\s;,]|\.?$|\.\s)")


@cache
def _line_starts(path: Path, mtime_ns: int) -> dict[str, int]:
    """The first line on which each term starts a line of `path` (read once per version of the file)."""
    starts: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            match = _LEADING_TERM.match(line)
            if match:
                starts.setdefault(match.group(1), number)
    return starts


def _error_line(path: Path, error: Exception) -> int:
    """Best-effort line of a non-syntax parse error (bad encoding, bad literal)."""
    position = getattr(error, "start", None)
    if position is None:
        return 1
    return Path(path).read_bytes()[:position].count(b"\n") + 1
