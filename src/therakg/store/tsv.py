"""Reading SPARQL 1.1 TSV results (https://www.w3.org/TR/sparql11-results-csv-tsv/) as rdflib terms.

The embedded store writes a whole answer as TSV in native code far faster than Python can
build its rows term by term; each distinct cell is then turned into an rdflib term once.
Terms are in Turtle syntax: `<iri>`, `_:label`, `"text"`, `"text"@lang`, `"text"^^<datatype>`,
and bare numbers and booleans. An empty cell is an unbound variable.
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_BARE = (
    (re.compile(r"[+-]?\d+"), XSD.integer),
    (re.compile(r"[+-]?\d*\.\d+"), XSD.decimal),
    (re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+"), XSD.double),
    (re.compile(r"true|false"), XSD.boolean),
)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _SIMPLE[match.group(3)]

    return _ESCAPE.sub(one, text)


def parse_cell(cell: str):
    """One TSV cell as an rdflib term (None when empty: the variable is unbound)."""
    if not cell:
        return None
    first = cell[0]
    if first == "<":
        return URIRef(_unescape(cell[1:-1]))
    if first == '"':
        end = cell.rindex('"')
        lexical = _unescape(cell[1:end])
        rest = cell[end + 1:]
        if rest.startswith("@"):
            return Literal(lexical, lang=rest[1:])
        if rest.startswith("^^<"):
            return Literal(lexical, datatype=URIRef(rest[3:-1]))
        return Literal(lexical)
    if cell.startswith("_:"):
        return BNode(cell[2:])
    for pattern, datatype in _BARE:
        if pattern.fullmatch(cell):
            return Literal(cell, datatype=datatype)
    raise ValueError(f"Not an RDF term in SPARQL TSV: {cell!r}")


class _Terms(dict):
    """Cell text -> rdflib term, each distinct cell parsed once (lookups of known cells run in C)."""

    def __missing__(self, cell: str):
        term = self[cell] = parse_cell(cell)
        return term


def read_tsv(text: str) -> tuple[list[str], list[dict]]:
    """The variable names and the rows of a SPARQL TSV answer."""
    lines = text.split("\n")
    names = [name[1:] for name in lines[0].split("\t")] if lines[0] else []
    rows = lines[1:]
    if rows and rows[-1] == "":
        rows.pop()
    get = _Terms().__getitem__
    return names, [dict(zip(names, map(get, line.split("\t")))) for line in rows]
