"""Scale the real graph up synthetically, for benchmarks: `python bench/scale.py 10 > big.nt`.

Each copy renames every resource (`tkr:stroke` -> `tkr:stroke-c3`) and its labels
(`Stroke (copy 3)`) and identifiers (`NG222-c3`), keeping the ontology (classes, properties, recommendation and
certainty schemes) shared, so copies are linked exactly as the real graph is and the
queries do the same work per copy. Copy 0 is the real graph, untouched.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from therakg.build import build_graph  # noqa: E402
from therakg.namespaces import TKR  # noqa: E402
from therakg.project import Project  # noqa: E402

LABELS = {SKOS.prefLabel, SKOS.altLabel, RDFS.label}


def real_graph() -> Graph:
    return build_graph(Project(Path(__file__).resolve().parents[1])).graph


def scaled(graph: Graph, copies: int) -> Graph:
    """The graph and copies-1 renamed copies of its resources."""
    out = Graph()
    out += graph
    resource = str(TKR)
    for n in range(1, copies):
        def rename(term):
            if isinstance(term, URIRef) and str(term).startswith(resource):
                return URIRef(f"{term}-c{n}")
            return term
        for s, p, o in graph:
            if not str(s).startswith(resource):
                continue  # the ontology is shared, not copied
            if p in LABELS and isinstance(o, Literal):
                o = Literal(f"{o} (copy {n})", lang=o.language, datatype=o.datatype)
            elif p == DCTERMS.identifier:  # identifiers name one source each, as in the real graph
                o = Literal(f"{o}-c{n}")
            out.add((rename(s), p, rename(o)))
    return out


def copies_for(graph: Graph, target_triples: int) -> int:
    return max(1, math.ceil(target_triples / len(graph)))


if __name__ == "__main__":
    factor = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    sys.stdout.buffer.write(scaled(real_graph(), factor).serialize(format="nt", encoding="utf-8"))
