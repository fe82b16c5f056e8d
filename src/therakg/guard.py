"""Check a person's SPARQL before any engine sees it: read-only, local, and small.

Both rdflib and pyoxigraph would otherwise act on a query's own instructions: run
`SERVICE <http://...>` (an outbound request), fetch `FROM <http://...>`, or (as updates)
`LOAD` a URL or a local file. So every query from a person (the `sparql` command, the
endpoint, the Python API) is parsed here first, and refused unless it is a plain
SELECT, ASK, CONSTRUCT or DESCRIBE (SPARQL 1.1 Query, section 2-16,
https://www.w3.org/TR/sparql11-query/) over the data we hold.
"""

from __future__ import annotations

import functools

import threading
from collections.abc import Collection
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from .errors import TheraKGError
from .store.sparqltext import with_prefixes

#: the longest query text accepted, in characters
MAX_QUERY_LENGTH = 20_000

#: rdflib's parser (pyparsing) is not thread-safe; the endpoint checks queries from many threads
_PARSER_LOCK = threading.Lock()
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class QueryRefused(TheraKGError):
    """A query asks for something a read-only, local endpoint does not do."""


@dataclass(frozen=True)
class CheckedQuery:
    text: str  # the query as given (the project's prefixes are added when it runs)
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: tuple[str, ...] | None = None  # what a SELECT projects, in order; None for SELECT *


def check_query(text: str, graphs: Collection[str] = ()) -> CheckedQuery:
    """The query, if it is safe to run; otherwise QueryRefused saying why in plain words.

    `graphs` are the named graphs the store holds: `FROM <g>` may name only those, so no
    engine is ever asked to fetch a graph from elsewhere. Accepted queries are remembered
    (parsing costs tens of milliseconds; the catalogue's queries are checked again and again).
    """
    return _check(text, frozenset(graphs))


@functools.lru_cache(maxsize=512)
def _check(text: str, graphs: frozenset[str]) -> CheckedQuery:
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryRefused(f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}.")
    try:
        with _PARSER_LOCK:
            tree = parseQuery(with_prefixes(text))
    except ParseException as e:
        if _is_update(text):
            raise QueryRefused("Updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE ...) are refused: this is read-only.") from None
        raise QueryRefused(f"The query is not valid SPARQL: {e.msg} (line {e.lineno - _prefix_lines()}, column {e.col}).") from None
    query = tree[1]
    for node in _walk(query):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise QueryRefused(f"SERVICE is refused: queries run only on this graph, never on {node.get('term')}.")
    for clause in query["datasetClause"] if "datasetClause" in query else []:
        iri = clause["default"] if "default" in clause else clause["named"]
        if str(iri) not in graphs:
            raise QueryRefused(f"FROM <{iri}> is refused: it is not a graph held here, and remote graphs are never fetched.")
    variables = None
    if "projection" in query:
        variables = tuple(str(v["evar"] if "evar" in v else v["var"]) for v in query["projection"])
    return CheckedQuery(text, _FORMS[query.name], variables)


def _is_update(text: str) -> bool:
    try:
        with _PARSER_LOCK:
            parseUpdate(with_prefixes(text))
    except ParseException:
        return False
    return True


def _prefix_lines() -> int:
    return with_prefixes("").count("\n")


def _walk(node):
    """Every node of an rdflib parse tree (CompValues are dicts; ParseResults are lists)."""
    yield node
    if isinstance(node, dict):
        children = node.values()
    elif isinstance(node, list | ParseResults):
        children = node
    else:
        return
    for child in children:
        yield from _walk(child)
