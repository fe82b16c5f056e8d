"""The namespaces of the model (see docs/model.md) and the prefixes every query may use."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

TKG = Namespace("https://w3id.org/therakg/ontology#")
TKR = Namespace("https://w3id.org/therakg/resource/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "tkg": str(TKG),
    "tkr": str(TKR),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "xsd": str(XSD),
    "sh": str(SH),
}


def bind_prefixes(graph) -> None:
    """Give a graph the project's prefixes, so written Turtle stays readable."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


def compact(iri: str) -> str:
    """`https://w3id.org/therakg/resource/stroke` -> `tkr:stroke`; other IRIs unchanged."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
