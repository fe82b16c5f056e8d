"""The query catalogue: SPARQL as data, one `.rq` file per question in `queries/`.

Each file opens with a header the CLI, the app and the docs all read:

    # title: Counts by class
    # description: How many terms of each kind the graph holds.
    # audience: educator | curator | analyst
    # param: condition — term — the condition to look up
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import TheraKGError
from .project import Project

_HEADER = re.compile(r"^#\s*(title|description|audience|param):\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    help: str


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    title: str
    description: str
    audience: tuple[str, ...]
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def read_query(path: Path) -> Query:
    """Read one `.rq` file and its header."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = match.groups()
        if key == "param":
            parts = [p.strip() for p in re.split(r"\s+[—-]\s+", value, maxsplit=2)]
            if len(parts) != 3:
                raise TheraKGError(f"{path}: a param line needs 'name — type — help', got {value!r}.")
            params.append(Param(*parts))
        else:
            fields[key] = value.strip()
    missing = [k for k in ("title", "description", "audience") if not fields.get(k)]
    if missing:
        raise TheraKGError(f"{path}: the query header lacks {', '.join(missing)}.")
    audience = tuple(a.strip() for a in re.split(r"[|,]", fields["audience"]) if a.strip())
    return Query(path.stem, path, fields["title"], fields["description"], audience, tuple(params))


def catalogue(project: Project) -> dict[str, Query]:
    """Every query in `queries/` (not its subfolders), by name."""
    return {q.name: q for q in map(read_query, sorted(project.queries_dir.glob("*.rq")))}


def get_query(project: Project, name: str) -> Query:
    queries = catalogue(project)
    if name not in queries:
        raise TheraKGError(f"No query named {name!r}. Known queries: {', '.join(sorted(queries)) or '(none)'}.")
    return queries[name]
