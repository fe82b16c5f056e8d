"""A term's neighbourhood, to a chosen depth: the nodes and labelled edges around it.

Built by walking `term-links` outwards one step at a time, so it works on any store.
Sources and case studies are shown but not walked through (they link to everything), and
the walk stops at `max_nodes` so a deep view of a busy term stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .namespaces import RDF, SKOS
from .pages import KINDS

#: kinds of term the walk shows but does not continue through
_LEAVES = {"Source", "Case study", "Age group"}


@dataclass
class Neighbourhood:
    centre: str
    nodes: dict[str, dict] = field(default_factory=dict)  # IRI -> {"label", "kind", "depth"}
    edges: set[tuple[str, str, str]] = field(default_factory=set)  # (from, property label, to)
    truncated: bool = False


def neighbourhood(kg, term: str, depth: int = 1, max_nodes: int = 60) -> Neighbourhood:
    """The terms within `depth` links of `term` (a name or IRI), and the links between them."""
    centre = str(kg.resolve(term))
    details = kg.query("term-details", term=centre)
    label = next((r["value"] for r in details if r["property"] == str(SKOS.prefLabel)), centre)
    types = {r["value"] for r in details if r["property"] == str(RDF.type)}
    kind = next((KINDS[t][1] for t in KINDS if t in types), "Term")
    found = Neighbourhood(centre, nodes={centre: {"label": label, "kind": kind, "depth": 0}})
    frontier = [centre]
    for level in range(1, depth + 1):
        next_frontier = []
        for node in frontier:
            for row in kg.query("term-links", term=node):
                other = row["other"]
                if other not in found.nodes:
                    if len(found.nodes) >= max_nodes:
                        found.truncated = True
                        continue
                    found.nodes[other] = {"label": row["otherLabel"], "kind": row["otherKindLabel"], "depth": level}
                    if row["otherKindLabel"] not in _LEAVES:
                        next_frontier.append(other)
                found.edges.add((row["from"], row["propertyLabel"], row["to"]))
        frontier = next_frontier
    found.edges = _one_per_pair(found)
    return found


def _one_per_pair(found: Neighbourhood) -> set[tuple[str, str, str]]:
    """One link per pair of terms, read outwards from the centre ("stroke is measured by the
    Barthel Index", not also "the Barthel Index tracks stroke")."""
    kept: dict[frozenset, tuple[str, str, str]] = {}
    for edge in sorted(found.edges):
        a, _, b = edge
        pair = frozenset((a, b))
        outward = found.nodes[a]["depth"] <= found.nodes[b]["depth"]
        if pair not in kept or (outward and found.nodes[kept[pair][0]]["depth"] > found.nodes[kept[pair][2]]["depth"]):
            kept[pair] = edge
    return set(kept.values())
