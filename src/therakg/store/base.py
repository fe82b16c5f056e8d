"""The store seam: one interface, several backends.

Every backend answers SPARQL 1.1 queries (https://www.w3.org/TR/sparql11-query/) and
returns results in the same shape, so callers never care which engine is behind it:

- `select` -> a list of rows; a row is a dict from every projected variable name to an
  rdflib term (`URIRef`, `Literal`, `BNode`), or `None` where the variable is unbound;
- `ask` -> a bool;
- `construct` -> an `rdflib.Graph`.

Parameters are passed as `bindings` (variable name -> rdflib term) and bound as RDF terms
in an inline VALUES block (see `sparqltext`), never pasted into query text as raw strings. A backend declares what it can do in `capabilities`, and
refuses loudly what it cannot.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from ..errors import StoreError
from .sparqltext import bind_values, with_prefixes

Row = dict[str, Node | None]
Bindings = Mapping[str, Node]


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do (in the spirit of rdflib's Store flags)."""

    read_only: bool = False
    persistent: bool = False
    remote: bool = False
    named_graphs: bool = True


class Store(ABC):
    """A place the graph lives and answers SPARQL. Use as a context manager, or call close()."""

    capabilities: Capabilities = Capabilities()
    #: how the store was opened, e.g. "memory" or "oxigraph:/data/tkg"
    address: str = ""

    def select(self, query: str, bindings: Bindings | None = None, max_rows: int | None = None) -> list[Row]:
        """Rows of a SELECT query, with `bindings` bound as RDF terms; at most `max_rows` of them."""
        return self._select(self._prepare(query, bindings), max_rows)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""
        return self._ask(self._prepare(query, bindings))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """The graph a CONSTRUCT (or DESCRIBE) query builds."""
        return self._construct(self._prepare(query, bindings))

    @staticmethod
    def _prepare(query: str, bindings: Bindings | None) -> str:
        return with_prefixes(bind_values(query, bindings))

    @abstractmethod
    def _select(self, query: str, max_rows: int | None) -> list[Row]: ...

    @abstractmethod
    def _ask(self, query: str) -> bool: ...

    @abstractmethod
    def _construct(self, query: str) -> Graph: ...

    @abstractmethod
    def _load(self, data: bytes, format: str, graph: str | None, replace: bool) -> None: ...

    @abstractmethod
    def __len__(self) -> int:
        """The number of triples (or quads) held."""

    def load(
        self, source: Graph | Path | str, format: str | None = None, graph: str | None = None, replace: bool = False
    ) -> None:
        """Add RDF to the store: an rdflib Graph, or a file (format guessed from its suffix).

        `graph` names the target graph; None is the default graph. With `replace`, what the
        target graph held before is dropped first (as a Graph Store Protocol PUT does).
        """
        if self.capabilities.read_only:
            raise StoreError(f"The store {self.address} is read-only: it cannot load data.")
        if isinstance(source, Graph):
            self._load(source.serialize(format="nt", encoding="utf-8"), "nt", graph, replace)
            return
        path = Path(source)
        fmt = format or _FORMATS_BY_SUFFIX.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(f"Cannot tell the RDF format of {path}; pass format= (one of {sorted(set(_FORMATS_BY_SUFFIX.values()))}).")
        self._load(path.read_bytes(), fmt, graph, replace)

    def close(self) -> None:
        """Release the store's resources. Safe to call twice."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_FORMATS_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".jsonld": "json-ld"}

