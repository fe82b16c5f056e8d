"""OWL reasoning with owlready2 and HermiT: consistency, unsatisfiable classes, inferred types.

HermiT (OWL 2 Direct Semantics, https://www.w3.org/TR/owl2-direct-semantics/) needs Java.
owlready2 cannot read Turtle, so the graph goes to it as N-Triples. When the ontology is
inconsistent HermiT says only that; TheraKG then looks for the usual culprit itself — a
term that would belong to two disjoint classes, through its asserted types or the domains
and ranges of the properties it is used with — and names the axioms and files involved.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from .errors import ReasonerUnavailable
from .labels import label
from .namespaces import bind_prefixes, compact
from .progress import step
from .sources import SourceGraph


@dataclass
class ReasonResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    inferred: Graph = field(default_factory=Graph)
    explanation: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def reason(graph: Graph, sources: SourceGraph | None = None) -> ReasonResult:
    """Run HermiT over `graph`. `sources` (where each term came from) sharpens explanations."""
    import owlready2

    java = shutil.which("java")
    if java is None:
        raise ReasonerUnavailable("The OWL reasoner (HermiT) needs Java, and no 'java' is on PATH. Install a Java runtime (e.g. Debian's default-jre-headless).")
    owlready2.JAVA_EXE = java
    world = owlready2.World()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "therakg.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        step("Running the HermiT reasoner")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonResult(consistent=False, explanation=explain_inconsistency(graph, sources))
        except owlready2.OwlReadyJavaError as e:
            raise ReasonerUnavailable(f"The HermiT reasoner failed to run: {str(e).strip()[:500]}") from e
    unsatisfiable = sorted(
        compact(c.iri) for c in world.inconsistent_classes() if getattr(c, "iri", None) and c.iri != str(OWL.Nothing)
    )
    return ReasonResult(consistent=True, unsatisfiable=unsatisfiable, inferred=_inferred_types(world, graph))


def _inferred_types(world, graph: Graph) -> Graph:
    """Every named class each individual belongs to that the graph does not already state."""
    import owlready2

    inferred = Graph()
    bind_prefixes(inferred)
    for individual in world.individuals():
        subject = URIRef(individual.iri)
        for cls in individual.INDIRECT_is_a:
            if isinstance(cls, owlready2.ThingClass) and cls is not owlready2.Thing:
                triple = (subject, RDF.type, URIRef(cls.iri))
                if triple not in graph:
                    inferred.add(triple)
    return inferred


# ---------------------------------------------------------------- explaining an inconsistency


def explain_inconsistency(graph: Graph, sources: SourceGraph | None = None) -> list[str]:
    """Plain-English reasons the ontology is inconsistent, as far as TheraKG can find them."""
    disjoint = _disjoint_pairs(graph)
    reasons: list[str] = []
    for individual, why in _class_memberships(graph).items():
        closure = _with_superclasses(graph, why)
        for a, b in combinations(sorted(closure), 2):
            if frozenset((a, b)) in disjoint:
                reasons.append(
                    f"{_name(graph, individual)}{_where(sources, individual)} would be both "
                    f"{compact(str(a))} and {compact(str(b))}, which the ontology declares disjoint: "
                    f"it is {compact(str(a))} because {closure[a][0]}, and {compact(str(b))} because {closure[b][0]}."
                )
    if not reasons:
        reasons.append(
            "HermiT found the ontology inconsistent, but no term belongs to two disjoint classes. "
            "Look for functional properties with two values, owl:sameAs/owl:differentFrom clashes, "
            "or restrictions in the TBox (ontology/therakg.ttl)."
        )
    return reasons


def _disjoint_pairs(graph: Graph) -> set[frozenset[Node]]:
    pairs = {frozenset(p) for p in graph.subject_objects(OWL.disjointWith)}
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(graph, graph.value(axiom, OWL.members)))
        pairs.update(frozenset(p) for p in combinations(members, 2))
    return pairs


def _class_memberships(graph: Graph) -> dict[Node, dict[Node, str]]:
    """For each individual: each class it is put in, and why (asserted, or by a domain or range)."""
    classes = set(graph.subjects(RDF.type, OWL.Class))
    members: dict[Node, dict[Node, str]] = {}

    def note(individual, cls, why):
        if isinstance(cls, URIRef) and not isinstance(individual, BNode) and individual not in classes:
            members.setdefault(individual, {}).setdefault(cls, why)

    for s, cls in graph.subject_objects(RDF.type):
        note(s, cls, f"it is typed {compact(str(cls))}")
    for prop in set(graph.subjects(RDFS.domain)) | set(graph.subjects(RDFS.range)):
        domain, range_ = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        for s, o in graph.subject_objects(prop):
            if domain is not None:
                note(s, domain, f"it is the subject of {compact(str(prop))}, whose domain is {compact(str(domain))}")
            if range_ is not None:
                note(o, range_, f"it is the {compact(str(prop))} of {compact(str(s))}, whose range is {compact(str(range_))}")
    return members


def _with_superclasses(graph: Graph, why: dict[Node, str]) -> dict[Node, tuple[str, Node]]:
    closure: dict[Node, tuple[str, Node]] = {}
    for cls, reason in why.items():
        for ancestor in graph.transitive_objects(cls, RDFS.subClassOf):
            closure.setdefault(ancestor, (reason, cls))
    return closure


def _name(graph: Graph, term: Node) -> str:
    return f"{compact(str(term))} (\"{label(graph, term)}\")"


def _where(sources: SourceGraph | None, term: Node) -> str:
    if sources is None:
        return ""
    path, line = sources.origin(term)
    if path is None:
        return ""
    return f" [{path.parent.name}/{path.name}{':' + str(line) if line else ''}]"
