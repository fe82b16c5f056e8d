"""SPARQL text helpers shared by every backend: prefixes and parameter binding.

Parameters are bound as RDF terms through an inline `VALUES` block (SPARQL 1.1 Query,
section 10.2, https://www.w3.org/TR/sparql11-query/#inline-data) placed at the start of
the query's WHERE group. Terms are written by rdflib's serialiser, which escapes them, and
IRIs are checked against the IRIREF production, so a parameter can never change the shape
of a query. Every engine (embedded or remote) understands VALUES, so binding works the
same on all of them.

A query may also say where else a parameter should narrow the search, by writing
`VALUES ?name { UNDEF }` at the start of an inner group (a UNION branch, say). Unbound,
that block matches anything; bound, it holds the same term as the outer block, so the
answer is the same, but an engine that would otherwise work out the whole branch before
joining it with the parameter (the embedded engine does) starts from the term instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import StoreError
from ..namespaces import PREFIXES

# IRIREF, SPARQL 1.1 Query grammar rule [139].
_IRIREF_BODY = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Tokens to skip when looking for the WHERE group: comments, strings, IRIs.
_SKIP = re.compile(
    r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<' + _IRIREF_BODY.pattern + ">"
)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\bVALUES\s+[?$]([A-Za-z_][A-Za-z0-9_]*)\s*\{\s*UNDEF\s*\}", re.IGNORECASE)


def with_prefixes(query: str) -> str:
    """The project's prefix declarations, placed before the query's own.

    SPARQL lets a query redeclare a prefix, so a query's own declarations still win.
    """
    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return header + query


def term_to_sparql(term: Node) -> str:
    """An rdflib term as SPARQL syntax, refusing anything that is not a well-formed term."""
    if isinstance(term, URIRef):
        if not _IRIREF_BODY.fullmatch(str(term)):
            raise StoreError(f"Cannot bind {str(term)!r}: it is not a valid IRI.")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise StoreError("Cannot bind a blank node as a parameter: blank nodes have no identity across queries.")
    raise StoreError(f"Cannot bind {term!r}: parameters must be IRIs or literals.")


def bind_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """The query with `VALUES (?name ...) { (term ...) }` at the start of its WHERE group,
    and each `VALUES ?name { UNDEF }` placeholder of a bound parameter filled with its term."""
    if not bindings:
        return query
    names = [_varname(name) for name in bindings]
    terms = [term_to_sparql(term) for term in bindings.values()]
    query = _fill_placeholders(query, dict(zip(names, terms)))
    # One VALUES block for all parameters at the top: some engines (Virtuoso 7) mishandle
    # several there.
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}"
    at = _where_group_start(query)
    return f"{query[:at]} {block} {query[at:]}"


def placeholders(query: str) -> set[str]:
    """The variables a query marks with a `VALUES ?name { UNDEF }` placeholder."""
    return {m.group(1) for m in _PLACEHOLDER.finditer(_blank_out(query))}


def _fill_placeholders(query: str, terms: Mapping[str, str]) -> str:
    code = _blank_out(query)  # same length as query, so offsets carry over
    out, last = [], 0
    for match in _PLACEHOLDER.finditer(code):
        term = terms.get(match.group(1))
        if term is not None:
            out += [query[last:match.start()], f"VALUES ?{match.group(1)} {{ {term} }}"]
            last = match.end()
    return "".join(out) + query[last:]


def _varname(name: str) -> str:
    name = name.lstrip("?$")
    if not _VARNAME.fullmatch(name):
        raise StoreError(f"{name!r} is not a valid SPARQL variable name.")
    return name


def _where_group_start(query: str) -> int:
    """The index just after the `{` that opens the query's WHERE group."""
    code = _blank_out(query)
    where = _WHERE.search(code)
    brace = code.find("{", where.end() if where else 0)
    if brace < 0:
        raise StoreError("Cannot bind parameters: the query has no WHERE group.")
    return brace + 1


def _blank_out(query: str) -> str:
    """The query with comments, strings and IRIs replaced by spaces (same length)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), query)
