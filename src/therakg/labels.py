"""Human names for terms: what a report shows instead of a raw IRI."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from .namespaces import TKG, compact


def label(graph: Graph, term: Node) -> str:
    """The preferred label of `term`, a readable name for an evidence statement, or its compact IRI."""
    for prop in (SKOS.prefLabel, RDFS.label):
        value = graph.value(term, prop)
        if value is not None:
            return str(value)
    if (term, RDF.type, TKG.EvidenceStatement) in graph:
        return statement_label(graph, term)
    return compact(str(term)) if isinstance(term, URIRef) else str(term)


def statement_label(graph: Graph, statement: Node) -> str:
    """E.g. 'NG222 1.5.2: Counselling for Major depression'."""
    source = graph.value(statement, TKG.source)
    ident = graph.value(source, DCTERMS.identifier) if source else None
    locator = graph.value(statement, TKG.sourceLocator)
    where = " ".join(str(x) for x in (ident, locator) if x is not None)
    what = [graph.value(statement, p) for p in (TKG.intervention, TKG.condition)]
    names = [label(graph, t) if t is not None else "?" for t in what]
    head = f"{where}: " if where else ""
    return f"{head}{names[0]} for {names[1]}"


def kind(graph: Graph, term: Node) -> str:
    """The top category of a term (Intervention, Condition, ...), following rdfs:subClassOf."""
    tops = {TKG[name] for name in TOP_KINDS}
    seen: set[Node] = set()
    todo = list(graph.objects(term, RDF.type))
    while todo:
        cls = todo.pop()
        if cls in tops:
            return compact(str(cls)).removeprefix("tkg:")
        if cls not in seen:
            seen.add(cls)
            todo.extend(graph.objects(cls, RDFS.subClassOf))
    return "Term"


TOP_KINDS = (
    "Intervention", "Condition", "AgeGroup", "ProfessionalRole", "Setting", "OutcomeMeasure", "Source",
    "EvidenceStatement", "CareProcessStep", "EffectivenessMethod", "TrainingActivity",
    "RecommendationStrength", "CertaintyLevel",
)
