"""One canonical Turtle layout for every source file, so a one-line edit is a one-line diff.

The layout is rdflib's `longturtle` (sorted subjects, `a` then sorted predicates, one
predicate per line, a blank line between subjects, only the prefixes the file uses) with
trailing spaces removed. Comments are kept: the file's opening comment block stays at the
top, and any comment found further down joins it there (sorting would otherwise strand it
beside the wrong subject), so formatting never loses a word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from .atomic import write_atomically
from .namespaces import bind_prefixes
from .sources import parse_file


def header_comments(text: str) -> list[str]:
    """Every comment line of a Turtle text, in order (a line whose first non-space character is #)."""
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


def canonical_text(graph: Graph, comments: list[str]) -> str:
    """`graph` in the canonical layout, under `comments`."""
    # Blank nodes get names from their content, so nested shapes always sort the same way.
    canonical = Graph()
    canonical += to_canonical_graph(graph)
    graph = canonical
    bind_prefixes(graph)
    body = graph.serialize(format="longturtle")
    lines = [line.rstrip() for line in body.strip("\n").splitlines()]
    head = "\n".join(comments) + "\n\n" if comments else ""
    return head + "\n".join(lines) + "\n"


def canonical_file(path: Path) -> str:
    """The canonical text of the Turtle file at `path` (a syntax error names the file and line)."""
    graph = parse_file(path)
    return canonical_text(graph, header_comments(path.read_text(encoding="utf-8")))


@dataclass
class FormatResult:
    path: Path
    changed: bool


def format_files(paths: list[Path], write: bool = True) -> list[FormatResult]:
    """Put each file in the canonical layout; with write=False only report which would change."""
    results = []
    for path in paths:
        text = canonical_file(path)
        changed = text != path.read_text(encoding="utf-8")
        if changed and write:
            write_atomically(path, text)
        results.append(FormatResult(path, changed))
    return results
