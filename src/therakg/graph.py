"""Open the graph in one call, from a notebook, a script, the CLI or the app.

    >>> import therakg
    >>> kg = therakg.open()                      # the embedded store, built from the project
    >>> kg.query("interventions-for-condition", condition="depression")[:1]
    [{'recommendation': 'Offer', 'intervention': 'https://w3id.org/therakg/resource/...', ...}]
    >>> kg.query("interventions-for-condition", condition="GAD", as_frame=True)   # a DataFrame

The store is chosen by address (`memory`, `oxigraph:PATH`, `sparql:URL`), by argument or by
the THERAKG_STORE environment variable. The embedded `memory` store is built from the
project's source files each time; any other store must have been loaded first
(`therakg load`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .build import build_graph
from .errors import StoreError, TheraKGError
from .guard import check_query
from .project import Project, find_project
from .queries import Query, bind_params, catalogue, run_checked, run_query
from .results import Answer
from .store import DEFAULT_STORE, Store, open_store
from .store.sparqltext import bind_values
from .terms import TermIndex

#: rows returned to a person's own query unless they ask for another cap
DEFAULT_MAX_ROWS = 10_000


def store_address(address: str | None = None) -> str:
    """The store to use: the argument, else $THERAKG_STORE, else the embedded in-memory store."""
    return address or os.environ.get("THERAKG_STORE") or DEFAULT_STORE


def open_store_for(project: Project, address: str | None = None) -> Store:
    """The store at `address`, holding the project's graph (built now when it is `memory`)."""
    address = store_address(address)
    store = open_store(address)
    if address == "memory":
        store.load(build_graph(project).graph)
    elif len(store) == 0:
        store.close()
        raise StoreError(f"The store {address} holds no data yet: load it first with `therakg load --store {address}`.")
    return store


class TheraKG:
    """The graph and its query catalogue: what a notebook needs."""

    def __init__(self, store: Store, project: Project):
        self.store = store
        self.project = project
        self._indexes: dict = {}  # term lookups, built once per kind
        self._catalogue: dict[str, Query] | None = None

    def queries(self) -> dict[str, Query]:
        """The catalogue, by name: each with its title, description, audience and parameters."""
        if self._catalogue is None:
            self._catalogue = catalogue(self.project)
        return self._catalogue

    def query(self, name: str, *, as_frame: bool = False, max_rows: int | None = None, **params):
        """Run a catalogue query by name, parameters as keywords; rows as dicts or a DataFrame."""
        answer = run_query(self.store, self._query(name), params, max_rows, self._indexes)
        return self._out(answer, as_frame)

    def query_text(self, name: str, **params) -> str:
        """A catalogue query's SPARQL with its parameters bound, exactly as it would run."""
        query = self._query(name)
        return bind_values(query.text, bind_params(self.store, query, params, self._indexes))

    def _query(self, name: str) -> Query:
        queries = self.queries()
        if name not in queries:
            raise TheraKGError(f"No query named {name!r}. Known queries: {', '.join(sorted(queries))}.")
        return queries[name]

    def sparql(self, text: str, *, as_frame: bool = False, max_rows: int = DEFAULT_MAX_ROWS):
        """Run your own read-only query (updates, SERVICE and LOAD are refused)."""
        return self._out(run_checked(self.store, check_query(text), max_rows=max_rows), as_frame)

    def resolve(self, name: str, kind: str = "term"):
        """The IRI of the term a label, synonym or compact IRI names."""
        if kind not in self._indexes:
            self._indexes[kind] = TermIndex(self.store, kind)
        return self._indexes[kind].resolve(name)

    @staticmethod
    def _out(answer: Answer, as_frame: bool):
        if answer.form == "ASK":
            return answer.boolean
        if answer.form != "SELECT":
            return answer.graph
        return answer.dataframe() if as_frame else answer.records()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> TheraKG:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open(store: str | None = None, project: str | Path | None = None) -> TheraKG:  # noqa: A001 - reads as therakg.open()
    """Open the graph: `therakg.open()`, `therakg.open("sparql:http://host/sparql")`."""
    found = find_project(Path(project) if project else None)
    return TheraKG(open_store_for(found, store), found)
