"""Query answers and the formats they are written in.

For people and scripts: `table` (the terminal), `csv`, `tsv` and `json` (a list of objects
keyed by variable name). For SPARQL clients: the W3C result formats (JSON, XML, CSV, TSV:
https://www.w3.org/TR/sparql11-results-json/, https://www.w3.org/TR/rdf-sparql-XMLres/,
https://www.w3.org/TR/sparql11-results-csv-tsv/) and Turtle or N-Triples for graphs.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from .errors import TheraKGError
from .namespaces import bind_prefixes, compact
from .store.base import Row
from .tables import format_table

FORMATS = ("table", "csv", "tsv", "json")
#: SPARQL result media types, by short name (the endpoint negotiates among them)
SPARQL_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA = {"turtle": "text/turtle", "nt": "application/n-triples"}


@dataclass
class Answer:
    """What a query returned: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT, DESCRIBE)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    #: True when the row cap cut the answer short
    truncated: bool = False
    max_rows: int | None = None
    #: seconds the engine took, where measured
    elapsed: float | None = None

    @classmethod
    def of_rows(cls, rows: list[Row], max_rows: int | None = None, variables: list[str] | None = None) -> Answer:
        """Rows fetched with a cap of max_rows + 1, so one extra row tells that there were more."""
        truncated = max_rows is not None and len(rows) > max_rows
        rows = rows[:max_rows] if truncated else rows
        names = variables if variables is not None else (list(rows[0]) if rows else [])
        return cls("SELECT", names, rows, truncated=truncated, max_rows=max_rows)

    def records(self) -> list[dict[str, object]]:
        """The rows as plain values: IRIs and literals as strings, numbers and booleans as such."""
        return [{name: plain(row.get(name)) for name in self.variables} for row in self.rows]

    def dataframe(self):
        """The rows as a pandas DataFrame (pandas comes with the app's dependencies)."""
        import pandas

        return pandas.DataFrame(self.records(), columns=self.variables)

    def note(self) -> str | None:
        """A line saying the answer was cut short, or None."""
        if self.truncated:
            return f"Showing the first {self.max_rows:,} rows: the row cap was reached."
        return None

    # -- for people and scripts ------------------------------------------------------------

    def render(self, fmt: str) -> str:
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return self.serialize_graph("turtle")
        if self.form == "ASK":
            return json.dumps({"boolean": self.boolean}) if fmt == "json" else ("yes" if self.boolean else "no")
        if fmt == "table":
            rows = [[_cell(row.get(name)) for name in self.variables] for row in self.rows]
            return format_table(self.variables, rows) + f"\n({len(self.rows)} rows)"
        if fmt == "json":
            return json.dumps(self.records(), indent=2, ensure_ascii=False)
        if fmt in ("csv", "tsv"):
            out = io.StringIO()
            writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            writer.writerow(self.variables)
            writer.writerows([["" if v is None else v for v in r.values()] for r in self.records()])
            return out.getvalue().rstrip("\n")
        raise TheraKGError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")

    # -- for SPARQL clients ----------------------------------------------------------------

    def serialize_sparql(self, fmt: str) -> bytes:
        """The answer in a W3C SPARQL results format (json, xml, csv, tsv)."""
        if fmt == "tsv" and self.form == "SELECT":
            return self._tsv()
        result = Result(self.form if self.form in ("SELECT", "ASK") else "SELECT")
        if self.form == "ASK":
            result.askAnswer = bool(self.boolean)
        else:
            result.vars = [Variable(v) for v in self.variables]
            result.bindings = [{Variable(k): v for k, v in row.items() if v is not None} for row in self.rows]
        out = io.BytesIO()
        result.serialize(out, format=fmt, encoding="utf-8")
        data = out.getvalue()
        if fmt == "json" and self.truncated:
            # Extra members are allowed by the JSON results format; clients ignore them.
            document = json.loads(data)
            document["therakg"] = {"truncated": True, "max_rows": self.max_rows}
            data = json.dumps(document).encode("utf-8")
        return data

    def _tsv(self) -> bytes:
        """SPARQL 1.1 TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/#tsv): terms in Turtle syntax."""
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        for row in self.rows:
            cells = ["" if row.get(v) is None else _tsv_term(row[v]) for v in self.variables]
            lines.append("\t".join(cells))
        return ("\n".join(lines) + "\n").encode("utf-8")

    def serialize_graph(self, fmt: str) -> str:
        graph = self.graph if self.graph is not None else Graph()
        bind_prefixes(graph)
        return graph.serialize(format=fmt)


def plain(value: Node | None) -> object:
    """An rdflib term as a plain value for JSON or CSV."""
    if value is None:
        return None
    if isinstance(value, Literal):
        python = value.toPython()
        return python if isinstance(python, bool | int | float) else str(value)
    return str(value)


def _tsv_term(term: Node) -> str:
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _cell(value: Node | None) -> object:
    if isinstance(value, URIRef):
        return compact(str(value))
    return plain(value)
