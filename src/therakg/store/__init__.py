"""Open a store by address (in the spirit of oaklib's selectors):

- `memory`: an embedded Oxigraph store in memory (the default);
- `oxigraph:PATH`: an embedded Oxigraph store on disk (`oxigraph-ro:PATH` opens it read-only);
- `sparql:URL`: any SPARQL 1.1 server (see `therakg.store.sparql`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import StoreError
from .base import Bindings, Capabilities, Row, Store
from .oxigraph import OxigraphStore
from .sparql import SparqlStore

DEFAULT_STORE = "memory"

_BACKENDS: dict[str, Callable[[str], Store]] = {
    "memory": lambda rest: OxigraphStore(),
    "oxigraph": lambda rest: OxigraphStore(rest),
    "oxigraph-ro": lambda rest: OxigraphStore(rest, read_only=True),
    "sparql": SparqlStore,
}


def open_store(address: str = DEFAULT_STORE) -> Store:
    """Open the store at `address`. Raises StoreError naming the known schemes if it is unknown."""
    scheme, _, rest = address.partition(":")
    backend = _BACKENDS.get(scheme)
    if backend is None:
        known = ", ".join(f"{s}:…" if s != "memory" else s for s in _BACKENDS)
        raise StoreError(f"Unknown store address {address!r}. Known kinds: {known}.")
    if scheme != "memory" and not rest:
        raise StoreError(f"A {scheme} store needs {'a folder' if scheme.startswith('oxigraph') else 'a URL'}: {scheme}:….")
    return backend(rest)


__all__ = ["Bindings", "Capabilities", "Row", "Store", "StoreError", "open_store", "DEFAULT_STORE"]
