"""The evidence base as one table, filtered by facets, and counted for a chart.

    >>> table = EvidenceTable(therakg.open())
    >>> rows = table.filter(modality=["Psychological intervention"], recommendation=["Offer"])
    >>> table.counts(rows)      # statements by recommendation and certainty
"""

from __future__ import annotations

from collections import Counter, defaultdict

#: facet -> (the row field it filters, or the term whose facets it reads, and the facet name)
FACETS = {
    "modality": ("intervention", "modality"),
    "area": ("condition", "area"),
    "age group": (None, "populationLabel"),
    "role": ("intervention", "role"),
    "setting": ("intervention", "setting"),
    "recommendation": (None, "recommendationLabel"),
}

COLUMNS = ["interventionLabel", "conditionLabel", "populationLabel", "recommendationLabel",
           "certaintyLabel", "sourceId", "locator", "intervention", "condition", "source", "statement"]
HEADINGS = {"interventionLabel": "Intervention", "conditionLabel": "Condition", "populationLabel": "Age group",
            "recommendationLabel": "Recommendation", "certaintyLabel": "Certainty", "sourceId": "Source",
            "locator": "Recommendation number", "intervention": "Intervention IRI", "condition": "Condition IRI",
            "source": "Source IRI", "statement": "Statement IRI"}


def term_facets(kg) -> dict[str, dict[str, set[str]]]:
    """For each intervention and condition: facet name -> the labels of its values."""
    facets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in kg.query("term-facets"):
        facets[row["term"]][row["facet"]].add(row["valueLabel"])
    return facets


class EvidenceTable:
    """Every evidence statement with its facets (from `evidence-table` and `term-facets`)."""

    def __init__(self, kg):
        self.rows = kg.query("evidence-table")
        self.facets = term_facets(kg)

    def options(self) -> dict[str, list[str]]:
        """Every value each facet can take, sorted."""
        out: dict[str, set[str]] = {facet: set() for facet in FACETS}
        for row in self.rows:
            for facet in FACETS:
                out[facet] |= self._values(row, facet)
        return {facet: sorted(values) for facet, values in out.items()}

    def filter(self, **chosen: list[str]) -> list[dict]:
        """The rows whose every facet meets the choice (a facet left empty keeps everything).

        Facet names use underscores for spaces: `age_group=["Adults"]`.
        """
        wanted = {facet.replace("_", " "): set(values) for facet, values in chosen.items() if values}
        unknown = set(wanted) - set(FACETS)
        if unknown:
            raise ValueError(f"Unknown facet {', '.join(sorted(unknown))}; facets: {', '.join(FACETS)}.")
        return [row for row in self.rows if all(self._values(row, f) & v for f, v in wanted.items())]

    def _values(self, row: dict, facet: str) -> set[str]:
        term_field, name = FACETS[facet]
        if term_field is None:
            return {row[name]} if row.get(name) else set()
        return self.facets.get(row[term_field], {}).get(name, set())

    @staticmethod
    def counts(rows: list[dict]) -> list[dict]:
        """Statements by recommendation and certainty: rows for a chart."""
        seen = {(row["statement"], row["recommendationLabel"], row["certaintyLabel"]) for row in rows}
        tally = Counter((rec, cert) for _, rec, cert in seen)
        return [{"recommendation": rec, "certainty": cert, "statements": n} for (rec, cert), n in sorted(tally.items())]

    @staticmethod
    def frame(rows: list[dict]):
        """The rows as a DataFrame with readable headings, ready to show or save as CSV."""
        import pandas

        return pandas.DataFrame(rows, columns=COLUMNS).rename(columns=HEADINGS)
