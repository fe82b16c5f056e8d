"""Counts for `therakg stats`: terms per class, statements per recommendation and certainty.

The counts are catalogue queries (`queries/counts-by-*.rq`), so the CLI, the app and any
SPARQL user get the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from .project import Project
from .queries import catalogue
from .store import Store

STATS_QUERIES = ("counts-by-class", "counts-by-recommendation", "counts-by-certainty")


@dataclass
class StatsTable:
    title: str
    headers: list[str]
    rows: list[list[object]]


def stats(project: Project, store: Store) -> list[StatsTable]:
    """Run each counting query against `store` and return its table."""
    queries = catalogue(project)
    tables = []
    for name in STATS_QUERIES:
        query = queries[name]
        rows = store.select(query.text)
        headers = list(rows[0].keys()) if rows else []
        tables.append(StatsTable(query.title, headers, [[_plain(v) for v in row.values()] for row in rows]))
    return tables


def _plain(value):
    if value is None:
        return None
    python = getattr(value, "toPython", lambda: value)()
    return python if isinstance(python, int) else str(value)
