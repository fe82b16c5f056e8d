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
from bisect import bisect_left, bisect_right
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

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


def _later_word_starts(folded: str):
    """Where each word of a folded name but the first starts (words are separated by single spaces)."""
    at = folded.find(" ")
    while at >= 0:
        yield at + 1
        at = folded.find(" ", at + 1)


def _rank(folded: str, query: str) -> int | None:
    """How a folded name matches the folded text, or None."""
    if folded == query:
        return EXACT
    if folded.startswith(query):
        return STARTS
    if f" {query}" in folded:
        return WORD_STARTS
    if len(query) > 1 and query in folded:
        return CONTAINS
    return None


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
    """Every name of every term (from the catalogue's `term-names`), ready to search.

    Two sorted indexes make a search touch only what matches: the names themselves (the
    names that equal or start with the text are one range, found by bisection) and the rest
    of each name from every later word start (names with a word that starts with the text).
    Terms are numbered in result order (shorter label first), so the best terms of a range
    are its smallest numbers. Only when those give fewer terms than asked for are the names
    scanned for the text inside a word.
    """

    def __init__(self, kg):
        self.terms: dict[str, dict] = {}
        names: dict[tuple[str, str], tuple[str, bool]] = {}  # (folded name, term) -> (name, is the label)
        for row in kg.query("term-names"):
            term = self.terms.setdefault(row["term"], {"term": row["term"], "label": row["termLabel"],
                                                       "kind": row["kind"], "kind_label": row["kindLabel"]})
            names.setdefault((fold(row["name"]), row["term"]), (row["name"], row["name"] == term["label"]))
        self._by_rank = sorted(self.terms, key=lambda term: (len(self.terms[term]["label"]), self.terms[term]["label"].casefold()))
        number = {term: n for n, term in enumerate(self._by_rank)}
        self._names_of: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)  # term -> (folded, name, is the label)
        whole, inner = [], []
        for (folded, term), (name, is_label) in names.items():
            self._names_of[term].append((folded, name, is_label))
            whole.append((folded, number[term]))
            inner.extend((folded[at:], number[term]) for at in _later_word_starts(folded))
        whole.sort()
        inner.sort()
        self._whole, self._whole_terms = [k for k, _ in whole], [n for _, n in whole]
        self._inner, self._inner_terms = [k for k, _ in inner], [n for _, n in inner]
        self._text = "\n".join(self._whole)  # every name, for the scan inside words
        self._offsets = list(accumulate((len(k) + 1 for k in self._whole[:-1]), initial=0))

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """The best match of each term for `text`, best first; nothing for empty text."""
        query = fold(text)
        if not query:
            return []
        after = query[:-1] + chr(ord(query[-1]) + 1)  # the first text that no longer starts with the query
        exact = bisect_left(self._whole, query)
        starts = bisect_right(self._whole, query)
        tiers = [
            (EXACT, lambda: self._whole_terms[exact:starts]),
            (STARTS, lambda: self._whole_terms[starts:bisect_left(self._whole, after, starts)]),
            (WORD_STARTS, lambda: self._inner_terms[bisect_left(self._inner, query):bisect_left(self._inner, after)]),
        ]
        if len(query) > 1:  # one letter matches only at the start of a word
            tiers.append((CONTAINS, lambda: self._containing(query)))
        chosen: dict[int, int] = {}  # term number -> rank
        for rank, numbers in tiers:
            if len(chosen) >= limit:
                break
            for n in heapq.nsmallest(limit - len(chosen), set(numbers()).difference(chosen)):
                chosen[n] = rank
        hits = []
        for n, rank in sorted(chosen.items(), key=lambda item: (item[1], item[0])):
            term = self._by_rank[n]
            info = self.terms[term]
            name = min((not is_label, len(name), name) for folded, name, is_label in self._names_of[term]
                       if _rank(folded, query) == rank)[2]
            hits.append(Hit(term, info["label"], info["kind"], info["kind_label"], name, rank))
        return hits

    def _containing(self, query: str) -> list[int]:
        """The numbers of the terms with a name that contains the text."""
        found, at = [], self._text.find(query)
        while at >= 0:
            found.append(self._whole_terms[bisect_right(self._offsets, at) - 1])
            at = self._text.find(query, at + 1)
        return found

    def grouped(self, text: str, limit: int = 50) -> dict[str, list[Hit]]:
        """search(), grouped by kind of term; kinds ordered by their best hit."""
        groups: dict[str, list[Hit]] = defaultdict(list)
        for hit in self.search(text, limit):
            groups[hit.kind_label].append(hit)
        return dict(groups)
