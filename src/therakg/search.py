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

import heapq
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
        self.terms: dict[str, dict] = {}
        names: dict[tuple[str, str], tuple[str, bool]] = {}  # (folded name, term) -> (name, is the label)
        for row in kg.query("term-names"):
            term = self.terms.setdefault(row["term"], {"term": row["term"], "label": row["termLabel"],
                                                       "kind": row["kind"], "kind_label": row["kindLabel"]})
            names.setdefault((fold(row["name"]), row["term"]), (row["name"], row["name"] == term["label"]))
        # (folded name with a leading space, so " word" finds a word start; term; name; is the label)
        self._names = [(f" {folded}", term, name, is_label) for (folded, term), (name, is_label) in names.items()]

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """The best match of each term for `text`, best first; nothing for empty text."""
        query = fold(text)
        if not query:
            return []
        word = f" {query}"  # names are stored with a leading space, so this finds word starts
        best: dict[str, tuple[int, bool, str]] = {}  # term -> (rank, matched a synonym, name)
        for spaced, term, name, is_label in self._names:
            at = spaced.find(word)
            if at < 0:
                if len(query) < 2 or spaced.find(query) < 0:
                    continue  # one letter matches only at the start of a word
                rank = CONTAINS
            elif at == 0:
                rank = EXACT if spaced == word else STARTS
            else:
                rank = WORD_STARTS
            found = (rank, not is_label, name)
            seen = best.get(term)
            if seen is None or found[:2] < seen[:2]:
                best[term] = found
        terms = self.terms
        top = heapq.nsmallest(limit, best.items(), key=lambda item: (
            item[1][0], len(terms[item[0]]["label"]), terms[item[0]]["label"].casefold()))
        return [Hit(term, terms[term]["label"], terms[term]["kind"], terms[term]["kind_label"], name, rank)
                for term, (rank, _, name) in top]

    def grouped(self, text: str, limit: int = 50) -> dict[str, list[Hit]]:
        """search(), grouped by kind of term; kinds ordered by their best hit."""
        groups: dict[str, list[Hit]] = defaultdict(list)
        for hit in self.search(text, limit):
            groups[hit.kind_label].append(hit)
        return dict(groups)
