"""Search as you type: ranking, folding and the scan inside words, on the shipped graph."""

from __future__ import annotations

import pytest

from therakg.graph import TheraKG
from therakg.search import CONTAINS, EXACT, STARTS, WORD_STARTS, TermSearch, fold
from therakg.store import open_store


@pytest.fixture(scope="module")
def search(built, project):
    store = open_store("memory")
    store.load(built.graph)
    return TermSearch(TheraKG(store, project))


def brute_force(search, text):
    """The best rank of every term for the text, found by reading every name."""
    query, ranks = fold(text), {}
    for term, names in search._names_of.items():
        found = [r for r in (_rank(folded, query) for folded, _, _ in names) if r is not None]
        if found:
            ranks[term] = min(found)
    return ranks


def _rank(folded, query):
    spaced = f" {folded}"
    if folded == query:
        return EXACT
    if folded.startswith(query):
        return STARTS
    if f" {query}" in spaced:
        return WORD_STARTS
    return CONTAINS if len(query) > 1 and query in folded else None


def test_hits_come_best_first_then_shortest_label(search):
    hits = search.search("anx", limit=200)
    keys = [(h.rank, len(h.label), h.label.casefold()) for h in hits]
    assert keys == sorted(keys) and hits


@pytest.mark.parametrize("text", ["a", "an", "anx", "cbt", "GAD", "therapy", "xiety", "ia", "anxiety dis", "behavior", "zzz"])
def test_the_indexes_find_exactly_what_reading_every_name_finds(search, text):
    expected = brute_force(search, text)
    hits = search.search(text, limit=10_000)
    assert {h.term: h.rank for h in hits} == expected


def test_a_synonym_match_names_the_synonym_and_one_letter_matches_only_word_starts(search):
    cbt = search.search("cbt", limit=1)[0]
    assert (cbt.label, cbt.matched, cbt.rank) == ("Cognitive behavioural therapy", "CBT", EXACT) and cbt.via_synonym
    assert all(h.rank != CONTAINS for h in search.search("x", limit=10_000))
    assert {h.rank for h in search.search("xiety", limit=5)} == {CONTAINS}
