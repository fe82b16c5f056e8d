"""Find a term by what a person calls it: a label, a synonym, an identifier or a compact IRI.

Matching ignores case, accents and punctuation ("parkinsons", "Parkinson's disease" and
"PARKINSON’S DISEASE" all find `tkr:parkinsons-disease`). An unknown or ambiguous name is a
clear error listing the closest matches, never a silent guess.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict

from rdflib import URIRef
from rdflib.namespace import SKOS

from .errors import TheraKGError
from .namespaces import PREFIXES, TKG, compact
from .store import Store

#: a parameter type -> the class its terms belong to (None: any labelled term)
KINDS: dict[str, URIRef | None] = {
    "term": None,
    "intervention": TKG.Intervention,
    "condition": TKG.Condition,
    "age-group": TKG.AgeGroup,
    "role": TKG.ProfessionalRole,
    "setting": TKG.Setting,
    "outcome-measure": TKG.OutcomeMeasure,
    "source": TKG.Source,
    "recommendation": TKG.RecommendationStrength,
    "certainty": TKG.CertaintyLevel,
    "case-study": TKG.CaseStudy,
    "modality": TKG.Intervention,  # a class: one of the Intervention subclasses
    "area": TKG.Condition,  # a class: one of the Condition subclasses
}
CLASS_KINDS = {"modality", "area"}

_NAMES = """
SELECT DISTINCT ?term ?property ?name WHERE {
    VALUES ?property { skos:prefLabel skos:altLabel rdfs:label dcterms:identifier }
    %s
    ?term ?property ?name .
}
"""
_OF_CLASS = "?term a/rdfs:subClassOf* ?class ."
_SUBCLASS = "?term rdfs:subClassOf+ ?class ."
_ANY = "?term a ?type ."


class UnknownTerm(TheraKGError):
    """No term, or more than one, answers to the name given."""


def normalise(name: str) -> str:
    """Lower case, no accents, punctuation as spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


class TermIndex:
    """Every name of the terms of one kind in a store, ready to look up."""

    def __init__(self, store: Store, kind: str = "term"):
        if kind not in KINDS:
            raise TheraKGError(f"Unknown term kind {kind!r}; known kinds: {', '.join(KINDS)}.")
        self.kind = kind
        cls = KINDS[kind]
        pattern = _SUBCLASS if kind in CLASS_KINDS else _OF_CLASS if cls is not None else _ANY
        rows = store.select(_NAMES % pattern, {"class": cls} if cls is not None else None)
        self.names: dict[str, set[URIRef]] = defaultdict(set)
        self.preferred: dict[str, set[URIRef]] = defaultdict(set)
        self.labels: dict[URIRef, str] = {}
        for row in rows:
            term, name = row["term"], str(row["name"])
            if not isinstance(term, URIRef):
                continue
            self.names[normalise(name)].add(term)
            if row["property"] == SKOS.prefLabel:
                self.preferred[normalise(name)].add(term)
                self.labels.setdefault(term, name)

    def resolve(self, name: str) -> URIRef:
        """The one term called `name`; UnknownTerm (with the closest names) otherwise."""
        iri = _as_iri(name.strip())
        if iri is not None:
            if iri in self.labels or any(iri in terms for terms in self.names.values()):
                return iri
            raise UnknownTerm(f"There is no {self._what()} {compact(str(iri))} in the graph.{self._closest(str(iri))}")
        key = normalise(name)
        for found in (self.preferred.get(key, set()), self.names.get(key, set())):
            if len(found) == 1:
                return next(iter(found))
            if len(found) > 1:
                options = "; ".join(self._describe(t) for t in sorted(found))
                raise UnknownTerm(f"{name!r} could mean more than one {self._what()}: {options}. Use the compact IRI.")
        raise UnknownTerm(f"No {self._what()} is called {name!r}.{self._closest(name)}")

    def _closest(self, name: str) -> str:
        key = normalise(name.rsplit("/", 1)[-1].rsplit(":", 1)[-1].replace("-", " "))
        matches = difflib.get_close_matches(key, list(self.names), n=5, cutoff=0.6)
        if not matches:
            matches = [n for n in self.names if key and key in n][:5]
        terms = list(dict.fromkeys(t for m in matches for t in sorted(self.names[m])))[:5]
        return f" Closest: {'; '.join(self._describe(t) for t in terms)}." if terms else ""

    def _describe(self, term: URIRef) -> str:
        return f"{self.labels.get(term, compact(str(term)))} ({compact(str(term))})"

    def _what(self) -> str:
        return "term" if self.kind == "term" else self.kind.replace("-", " ")


def _as_iri(name: str) -> URIRef | None:
    """`tkr:stroke`, `<https://...>` or `https://...` as an IRI; None for a plain name."""
    if name.startswith("<") and name.endswith(">"):
        return URIRef(name[1:-1])
    if re.match(r"https?://", name):
        return URIRef(name)
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[A-Za-z0-9_.-]+", local):
        return URIRef(PREFIXES[prefix] + local)
    return None


def resolve(store: Store, name: str, kind: str = "term") -> URIRef:
    """The term of `kind` that `name` names (label, synonym, identifier or compact IRI)."""
    return TermIndex(store, kind).resolve(name)
