"""Search-as-you-type over every name of every term, grouped by kind.

Matching ignores case, accents and punctuation, and folds US spellings into British ones
("behavior therapy" finds "Behavioural therapy", "pediatric" finds "paediatric"). Exact
matches come first, then names that start with the text, then names with a word that
does, then names that merely contain it.

    >>> search = TermSearch(therakg.open())
    >>> [hit.label for hit in search.search("parkinson")]
    ["Parkinson's disease", ...]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .terms import normalise

#: US -> British spelling, applied to the search text and to every name alike
_SPELLING = [
    (r"\bbehavior", "behaviour"), (r"\bcolor", "colour"), (r"\bhumor", "humour"),
    (r"\bcenter", "centre"), (r"\bpediatric", "paediatric"), (r"\borthopedic", "orthopaedic"),
    (r"\banesthe", "anaesthe"), (r"\bhemo", "haemo"), (r"\bhema", "haema"), (r"\bedema", "oedema"),
    (r"\besophag", "oesophag"), (r"\bestrogen", "oestrogen"), (r"\bgyneco", "gynaeco"),
    (r"\bleukemia", "leukaemia"), (r"\banemi", "anaemi"), (r"\bdiarrhea", "diarrhoea"),
    (r"\bprogram\b", "programme"), (r"\bprograms\b", "programmes"), (r"\bfiber", "fibre"),
    (r"\bmeter\b", "metre"), (r"\bcounselor", "counsellor"), (r"\bcounseling", "counselling"),
    (r"\bdefense", "defence"), (r"\blicense", "licence"), (r"\bcatalog\b", "catalogue"),
    (r"\bdialog\b", "dialogue"), (r"\btraveling", "travelling"), (r"\bmodeling", "modelling"),
    (r"([a-z]{3})yz(e|ed|es|ing)\b", r"\1ys\2"),  # analyze -> analyse
    (r"([a-z]{3})iz(e|ed|es|ing|ation|ations)\b", r"\1is\2"),  # organize -> organise
]
_SPELLING = [(re.compile(pattern), british) for pattern, british in _SPELLING]

EXACT, STARTS, WORD_STARTS, CONTAINS = range(4)


def fold(text: str) -> str:
    """The form names are compared in: normalised, then US spellings made British."""
    folded = normalise(text)
    for pattern, british in _SPELLING:
        folded = pattern.sub(british, folded)
    return folded


@dataclass(frozen=True)
class Hit:
    term: str
    label: str
    kind: str  # the IRI of the kind of term (tkg:Condition, ...)
    kind_label: str
    matched: str  # the name that matched: the label, a synonym or an identifier
    rank: int  # EXACT, STARTS, WORD_STARTS or CONTAINS

    @property
    def via_synonym(self) -> bool:
        return self.matched != self.label


class TermSearch:
    """Every name of every term (from the catalogue's `term-names`), ready to search."""

    def __init__(self, kg):
        self._names: list[tuple[str, str, dict]] = []  # (folded name, name, term row)
        terms: dict[str, dict] = {}
        for row in kg.query("term-names"):
            term = terms.setdefault(row["term"], {"term": row["term"], "label": row["termLabel"],
                                                  "kind": row["kind"], "kind_label": row["kindLabel"]})
            self._names.append((fold(row["name"]), row["name"], term))
        self.terms = terms

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """The best match of each term for `text`, best first; nothing for empty text."""
        query = fold(text)
        if not query:
            return []
        best: dict[str, Hit] = {}
        for folded, name, term in self._names:
            rank = _rank(folded, query)
            if rank is None:
                continue
            seen = best.get(term["term"])
            prefer_label = name == term["label"]
            if seen is None or rank < seen.rank or (rank == seen.rank and prefer_label and seen.via_synonym):
                best[term["term"]] = Hit(term["term"], term["label"], term["kind"], term["kind_label"], name, rank)
        hits = sorted(best.values(), key=lambda h: (h.rank, len(h.label), h.label.casefold()))
        return hits[:limit]

    def grouped(self, text: str, limit: int = 50) -> dict[str, list[Hit]]:
        """search(), grouped by kind of term; kinds ordered by their best hit."""
        groups: dict[str, list[Hit]] = defaultdict(list)
        for hit in self.search(text, limit):
            groups[hit.kind_label].append(hit)
        return dict(groups)


def _rank(name: str, query: str) -> int | None:
    if name == query:
        return EXACT
    if name.startswith(query):
        return STARTS
    at = name.find(query)
    if at < 0:
        return None
    if f" {query}" in f" {name}":
        return WORD_STARTS
    return CONTAINS
