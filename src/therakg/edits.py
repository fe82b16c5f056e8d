"""What a curator can do to the graph, planned as a `Change` (nothing here writes a file).

Terms: add, update, deprecate (never delete: `owl:deprecated`, `dcterms:isReplacedBy`, the
label prefixed "obsolete", the reason as `skos:historyNote`), merge. Evidence statements:
add, update, retract. Terms are named the way people name them (a label, a synonym, an
identifier or a compact IRI); `save` in curate.py checks and writes the change.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .curate import Change, Workspace, copy_graph
from .errors import TheraKGError
from .namespaces import TKG, TKR, compact
from .terms import _as_iri, normalise

#: term fields that link to other terms: field -> (property, kind of term it points to)
LINKS = {
    "delivered_by": (TKG.deliveredBy, "role"),
    "delivered_in": (TKG.deliveredIn, "setting"),
    "suitable_for": (TKG.suitableFor, "age-group"),
    "measured_by": (TKG.measuredBy, "outcome-measure"),
    "used_alongside": (TKG.usedAlongside, "intervention"),
}
TERM_FIELDS = ("type", "label", "synonyms", "definition", "parent", "icd10", "exact_match", *LINKS)

#: evidence fields: field -> (property, kind of term, or None for text / an address)
EVIDENCE = {
    "intervention": (TKG.intervention, "intervention"),
    "condition": (TKG.condition, "condition"),
    "population": (TKG.population, "age-group"),
    "recommendation": (TKG.recommendation, "recommendation"),
    "certainty": (TKG.certainty, "certainty"),
    "source": (TKG.source, "source"),
    "locator": (TKG.sourceLocator, None),
    "source_page": (TKG.sourcePage, "address"),
    "confirmed_at": (TKG.confirmedAt, "address"),
    "qualifier": (TKG.qualifier, "text"),
    "comment": (RDFS.comment, "text"),
}
EVIDENCE_REQUIRED = ("intervention", "condition", "population", "recommendation", "certainty", "source", "locator",
                     "source_page", "confirmed_at")


class BadEdit(TheraKGError):
    """The edit is not well formed (a missing field, an unknown term, an unknown field)."""


# -- terms -------------------------------------------------------------------------------------


def add_term(ws: Workspace, fields: dict, *, iri: str | None = None, file: Path | None = None,
             today: dt.date | None = None) -> Change:
    """A new term; `type`, `label` and `definition` are required."""
    _known_fields(fields, TERM_FIELDS)
    for name in ("type", "label", "definition"):
        if not fields.get(name):
            raise BadEdit(f"A new term needs a {name}.")
    term = (_as_iri(iri) or TKR[slug(iri)]) if iri else TKR[slug(fields["label"])]
    if ws.file_of(term) is not None:
        raise BadEdit(f"{compact(str(term))} already exists: use `term update` to change it.")
    classes = [resolve_class(ws, t) for t in _as_list(fields["type"])]
    path = Path(file) if file else _home_for(ws, classes[0], fields.get("parent"))
    graph = copy_graph(ws.graphs.get(path, Graph()))
    for cls in classes:
        graph.add((term, RDF.type, cls))
    graph.add((term, DCTERMS.created, Literal((today or dt.date.today()).isoformat(), datatype=XSD.date)))
    graph.add((term, TKG.curationStatus, Literal("draft")))
    _set_term_fields(ws, graph, term, {k: v for k, v in fields.items() if k != "type"})
    label = fields["label"]
    return Change("term add", f"Added {compact(str(term))} \"{label}\"", [term], {path: graph})


def update_term(ws: Workspace, name: str, fields: dict) -> Change:
    """Replace the given fields of a term (a list replaces the whole list)."""
    _known_fields(fields, TERM_FIELDS)
    if not fields:
        raise BadEdit("Say what to change: at least one field.")
    term, path = _find(ws, name)
    graph = copy_graph(ws.graphs[path])
    if "type" in fields:
        for old in list(graph.objects(term, RDF.type)):
            graph.remove((term, RDF.type, old))
        for cls in _as_list(fields["type"]):
            graph.add((term, RDF.type, resolve_class(ws, cls)))
    _set_term_fields(ws, graph, term, {k: v for k, v in fields.items() if k != "type"})
    what = ", ".join(fields)
    return Change("term update", f"Updated {what} of {_named(ws, term)}", [term], {path: graph})


def deprecate_term(ws: Workspace, name: str, reason: str, replaced_by: str | None = None) -> Change:
    """Mark a term obsolete, with the reason and (where there is one) the term that replaces it."""
    if not reason or not reason.strip():
        raise BadEdit("Deprecating a term needs a reason.")
    term, path = _find(ws, name)
    graph = copy_graph(ws.graphs[path])
    if (term, OWL.deprecated, Literal(True)) in graph:
        raise BadEdit(f"{_named(ws, term)} is already deprecated.")
    _mark_obsolete(graph, term, reason.strip())
    summary = f"Deprecated {_named(ws, term)}"
    if replaced_by:
        replacement = ws.resolve(replaced_by)
        if replacement == term:
            raise BadEdit("A term cannot be replaced by itself.")
        graph.add((term, DCTERMS.isReplacedBy, replacement))
        summary += f", replaced by {_named(ws, replacement)}"
    return Change("term deprecate", summary, [term], {path: graph}, reason=reason.strip())


def merge_terms(ws: Workspace, name: str, into: str, reason: str | None = None) -> Change:
    """Fold one term into another: every use re-pointed, its names kept as synonyms, it deprecated."""
    old, old_path = _find(ws, name)
    new, new_path = _find(ws, into)
    if old == new:
        raise BadEdit("A term cannot be merged into itself.")
    reason = (reason or "").strip() or f"Merged into {compact(str(new))}."
    files: dict[Path, Graph] = {}
    for path, graph in ws.graphs.items():
        if (None, None, old) in graph:
            graph = files.setdefault(path, copy_graph(graph))
            for s, p, _ in list(graph.triples((None, None, old))):
                graph.remove((s, p, old))
                if s != new:
                    graph.add((s, p, new))
    target = files.setdefault(new_path, copy_graph(ws.graphs[new_path]))
    source = files.setdefault(old_path, copy_graph(ws.graphs[old_path])) if old_path != new_path else target
    for label in list(source.objects(old, SKOS.prefLabel)) + list(source.objects(old, SKOS.altLabel)):
        if label not in set(target.objects(new, SKOS.prefLabel)):
            target.add((new, SKOS.altLabel, label))
    for prop, _ in LINKS.values():
        for value in list(source.objects(old, prop)):
            target.add((new, prop, value))
            source.remove((old, prop, value))
    _mark_obsolete(source, old, reason)
    source.add((old, DCTERMS.isReplacedBy, new))
    summary = f"Merged {_named(ws, old)} into {_named(ws, new)}"
    return Change("term merge", summary, [old, new], files, reason=reason)


def _mark_obsolete(graph: Graph, term: URIRef, reason: str) -> None:
    for label in list(graph.objects(term, SKOS.prefLabel)):
        graph.remove((term, SKOS.prefLabel, label))
        text = str(label) if str(label).startswith("obsolete ") else f"obsolete {label}"
        graph.add((term, SKOS.prefLabel, Literal(text, lang=label.language)))
    graph.set((term, OWL.deprecated, Literal(True)))
    graph.set((term, TKG.curationStatus, Literal("deprecated")))
    graph.add((term, SKOS.historyNote, Literal(reason, lang="en")))


def _set_term_fields(ws: Workspace, graph: Graph, term: URIRef, fields: dict) -> None:
    simple = {
        "label": (SKOS.prefLabel, lambda v: [_text(v)]),
        "definition": (SKOS.definition, lambda v: [_text(v)]),
        "synonyms": (SKOS.altLabel, lambda v: [_text(x) for x in _as_list(v)]),
        "icd10": (TKG.icd10, lambda v: [Literal(x) for x in _as_list(v)]),
        "exact_match": (SKOS.exactMatch, lambda v: [_address(x, "exact_match") for x in _as_list(v)]),
        "parent": (SKOS.broader, lambda v: [ws.resolve(x) for x in _as_list(v)]),
    }
    simple.update({f: (prop, lambda v, kind=kind: [ws.resolve(x, kind) for x in _as_list(v)]) for f, (prop, kind) in LINKS.items()})
    for name, value in fields.items():
        prop, convert = simple[name]
        values = convert(value) if value not in (None, "", []) else []
        graph.remove((term, prop, None))
        for v in values:
            graph.add((term, prop, v))


# -- evidence ----------------------------------------------------------------------------------


def add_evidence(ws: Workspace, fields: dict, *, today: dt.date | None = None) -> Change:
    """A new evidence statement, filed with the other statements from its source."""
    _known_fields(fields, EVIDENCE)
    missing = [f for f in EVIDENCE_REQUIRED if not fields.get(f)]
    if missing:
        raise BadEdit(f"An evidence statement needs: {', '.join(missing)}.")
    values = _evidence_values(ws, fields)
    source = values[TKG.source][0]
    ident = next(iter(ws.graph.objects(source, DCTERMS.identifier)), source.rsplit("/", 1)[-1])
    local = "-".join(slug(str(x)) for x in (ident, fields["locator"])) + "-" + "-".join(
        values[p][0].rsplit("/", 1)[-1] for p in (TKG.intervention, TKG.condition))
    statement = TKR[f"ev-{local}"]
    if ws.file_of(statement) is not None:
        raise BadEdit(f"{compact(str(statement))} already exists: use `evidence update` to change it.")
    path = ws.file_of(source)
    graph = copy_graph(ws.graphs[path])
    graph.add((statement, RDF.type, TKG.EvidenceStatement))
    graph.add((statement, DCTERMS.created, Literal((today or dt.date.today()).isoformat(), datatype=XSD.date)))
    for prop, objects in values.items():
        for o in objects:
            graph.add((statement, prop, o))
    summary = f"Added evidence {compact(str(statement))}"
    return Change("evidence add", summary, [statement], {path: graph})


def update_evidence(ws: Workspace, name: str, fields: dict) -> Change:
    """Replace the given fields of an evidence statement."""
    _known_fields(fields, EVIDENCE)
    if not fields:
        raise BadEdit("Say what to change: at least one field.")
    statement, path = _find_statement(ws, name)
    graph = copy_graph(ws.graphs[path])
    for prop, objects in _evidence_values(ws, fields).items():
        graph.remove((statement, prop, None))
        for o in objects:
            graph.add((statement, prop, o))
    return Change("evidence update", f"Updated {', '.join(fields)} of {compact(str(statement))}", [statement], {path: graph})


def retract_evidence(ws: Workspace, name: str, reason: str) -> Change:
    """Take a statement out of the graph; the change log keeps it, with the reason."""
    if not reason or not reason.strip():
        raise BadEdit("Retracting evidence needs a reason.")
    statement, path = _find_statement(ws, name)
    graph = copy_graph(ws.graphs[path])
    removed = Graph()
    for triple in list(graph.triples((statement, None, None))):
        removed.add(triple)
        graph.remove(triple)
    summary = f"Retracted {compact(str(statement))}"
    return Change("evidence retract", summary, [], {path: graph}, reason=reason.strip(), removed=removed)


def _evidence_values(ws: Workspace, fields: dict) -> dict:
    values = {}
    for name, value in fields.items():
        prop, kind = EVIDENCE[name]
        items = _as_list(value) if value not in (None, "") else []
        if kind is None:
            values[prop] = [Literal(str(x)) for x in items]
        elif kind == "text":
            values[prop] = [_text(x) for x in items]
        elif kind == "address":
            values[prop] = [_address(x, name) for x in items]
        else:
            values[prop] = [ws.resolve(str(x), kind) for x in items]
    return values


# -- helpers ------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """`Behavioural activation` -> `behavioural-activation` (ASCII, lower case)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def resolve_class(ws: Workspace, name: str) -> URIRef:
    """A class of the ontology, by compact IRI or label (`tkg:PsychologicalIntervention`, `Psychological intervention`)."""
    graph = ws.graph
    classes = set(graph.subjects(RDF.type, OWL.Class))
    iri = _as_iri(name.strip())
    if iri is not None:
        if iri in classes:
            return iri
        raise BadEdit(f"There is no class {compact(str(iri))} in the ontology.")
    key = normalise(name)
    for cls in classes:
        names = [*graph.objects(cls, SKOS.prefLabel), *graph.objects(cls, RDFS.label), cls.rsplit("#", 1)[-1]]
        if any(normalise(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(n))) == key for n in names):
            return cls
    raise BadEdit(f"No class is called {name!r}: use a compact IRI such as tkg:PsychologicalIntervention.")


def _home_for(ws: Workspace, cls: URIRef, parent) -> Path:
    """Where a new term is filed: beside its parent, else with most terms of its class."""
    if parent:
        found = ws.file_of(ws.resolve(_as_list(parent)[0]))
        if found is not None:
            return found
    counts = {p: len(set(g.subjects(RDF.type, cls))) for p, g in ws.graphs.items()}
    best = max(counts, key=counts.get)
    if counts[best]:
        return best
    return ws.project.data_dir / f"{slug(cls.rsplit('#', 1)[-1])}.ttl"


def _find(ws: Workspace, name: str) -> tuple[URIRef, Path]:
    term = ws.resolve(name)
    path = ws.file_of(term)
    if path is None:
        raise BadEdit(f"{compact(str(term))} is not described in any source file.")
    return term, path


def _find_statement(ws: Workspace, name: str) -> tuple[URIRef, Path]:
    iri = _as_iri(name.strip()) or TKR[name.strip()]
    path = ws.file_of(iri)
    if path is None or (iri, RDF.type, TKG.EvidenceStatement) not in ws.graphs[path]:
        raise BadEdit(f"There is no evidence statement {compact(str(iri))}.")
    return iri, path


def _named(ws: Workspace, term: URIRef) -> str:
    label = next(iter(ws.graph.objects(term, SKOS.prefLabel)), None)
    return f"{compact(str(term))} \"{label}\"" if label else compact(str(term))


def _known_fields(fields: dict, known) -> None:
    unknown = sorted(set(fields) - set(known))
    if unknown:
        raise BadEdit(f"Unknown field(s): {', '.join(unknown)}. Known: {', '.join(known)}.")


def _as_list(value) -> list:
    if isinstance(value, (list, tuple)):
        return [v for v in value if v not in (None, "")]
    return [value]


def _text(value) -> Literal:
    """'Behavioral activation@en-us' -> a literal tagged en-us; plain text is British English (en)."""
    text = str(value).strip()
    match = re.fullmatch(r"(.*)@([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", text, flags=re.S)
    if match:
        return Literal(match.group(1).strip(), lang=match.group(2).lower())
    return Literal(text, lang="en")


def _address(value, field: str) -> URIRef:
    text = str(value).strip()
    if not re.match(r"https?://\S+$", text):
        raise BadEdit(f"{field} must be a web address (http:// or https://), not {text!r}.")
    return URIRef(text)

