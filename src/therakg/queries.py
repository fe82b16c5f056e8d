"""The query catalogue: SPARQL as data, one `.rq` file per question in `queries/`.

Each file opens with a header the CLI, the app and the docs all read:

    # title: Counts by class
    # description: How many terms of each kind the graph holds.
    # audience: educator | curator | analyst
    # param: condition — condition — the condition to look up
    # param: age_group — age-group, optional — only statements for this age group

A parameter binds the query variable of the same name as an RDF term (through VALUES, never
by pasting text). Its type says how a person's text becomes a term: a term kind
(`condition`, `intervention`, `role` ... see `therakg.terms.KINDS`) is looked up by label,
synonym or compact IRI; `text`, `integer` and `date` become literals. An optional parameter
left out leaves its variable free, so the query matches every value.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import TheraKGError
from .guard import CheckedQuery, check_query
from .project import Project
from .results import Answer
from .store import Store
from .terms import KINDS, TermIndex

LITERAL_TYPES = ("text", "integer", "date")

_HEADER = re.compile(r"^#\s*(title|description|audience|param):\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    help: str
    optional: bool = False


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
            name, kind, help_text = parts
            kind, _, flag = (k.strip() for k in kind.partition(","))
            if kind not in KINDS and kind not in LITERAL_TYPES:
                raise TheraKGError(f"{path}: parameter {name!r} has unknown type {kind!r}.")
            params.append(Param(name, kind, help_text, optional=flag == "optional"))
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


def bind_params(store: Store, query: Query, values: Mapping[str, object]) -> dict[str, Node]:
    """A person's parameter values as RDF terms, looked up by the parameters' types."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        listed = ", ".join(known) or "none"
        raise TheraKGError(f"The query {query.name!r} has no parameter {', '.join(unknown)}; its parameters: {listed}.")
    missing = [p.name for p in query.params if not p.optional and values.get(p.name) in (None, "")]
    if missing:
        raise TheraKGError(f"The query {query.name!r} needs {', '.join(missing)} (see `therakg queries`).")
    indexes: dict[str, TermIndex] = {}
    bound: dict[str, Node] = {}
    for name, value in values.items():
        param = known[name]
        if value in (None, ""):
            continue
        if isinstance(value, URIRef | Literal):
            bound[name] = value
        elif param.type in KINDS:
            if param.type not in indexes:
                indexes[param.type] = TermIndex(store, param.type)
            bound[name] = indexes[param.type].resolve(str(value))
        else:
            bound[name] = _literal(param, value)
    return bound


def _literal(param: Param, value: object) -> Literal:
    try:
        if param.type == "integer":
            return Literal(int(value), datatype=XSD.integer)
        if param.type == "date":
            return Literal(datetime.date.fromisoformat(str(value)), datatype=XSD.date)
    except ValueError:
        raise TheraKGError(f"Parameter {param.name!r} needs {'a whole number' if param.type == 'integer' else 'a date (YYYY-MM-DD)'}, got {value!r}.") from None
    return Literal(str(value))


def run_query(store: Store, query: Query, values: Mapping[str, object] | None = None, max_rows: int | None = None) -> Answer:
    """Run a catalogue query on `store` with a person's parameter values."""
    return run_checked(store, check_query(query.text), bind_params(store, query, values or {}), max_rows)


def run_checked(store: Store, query: CheckedQuery, bindings: Mapping[str, Node] | None = None, max_rows: int | None = None) -> Answer:
    """Run a query that has passed the guard, capping SELECT answers at `max_rows`."""
    if query.form == "SELECT":
        rows = store.select(query.text, bindings, None if max_rows is None else max_rows + 1)
        variables = list(query.variables) if query.variables is not None else None
        return Answer.of_rows(rows, max_rows, variables=variables)
    if query.form == "ASK":
        return Answer("ASK", boolean=store.ask(query.text, bindings))
    return Answer(query.form, graph=store.construct(query.text, bindings))

