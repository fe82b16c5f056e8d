"""Open a store by address: `open_store("memory")`, `open_store("oxigraph:PATH")`.

An address is `scheme` or `scheme:rest`. Each scheme names a backend; the remote SPARQL
backend (`sparql:URL`) plugs in here the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import StoreError
from .base import Bindings, Capabilities, Row, Store
from .oxigraph import OxigraphStore

DEFAULT_STORE = "memory"

_BACKENDS: dict[str, Callable[[str], Store]] = {
    "memory": lambda rest: OxigraphStore(),
    "oxigraph": lambda rest: OxigraphStore(rest or None),
}


def open_store(address: str = DEFAULT_STORE) -> Store:
    """Open the store at `address`. Raises StoreError naming the known schemes if it is unknown."""
    scheme, _, rest = address.partition(":")
    backend = _BACKENDS.get(scheme)
    if backend is None:
        known = ", ".join(f"{s}:…" if s != "memory" else s for s in _BACKENDS)
        raise StoreError(f"Unknown store address {address!r}. Known kinds: {known}.")
    if scheme == "oxigraph" and not rest:
        raise StoreError("An Oxigraph store needs a folder: oxigraph:PATH.")
    return backend(rest)


__all__ = ["Bindings", "Capabilities", "Row", "Store", "StoreError", "open_store", "DEFAULT_STORE"]
