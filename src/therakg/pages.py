"""What a term's page shows, for each kind of term, gathered from the query catalogue.

One call, `term_page(kg, name)`, resolves a name (label, synonym, identifier or compact
IRI), works out what kind of term it is and runs the catalogue queries that kind's page
needs. The app draws the result; a notebook can use it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .namespaces import OWL, TKG, compact

#: the kinds of term with a page of their own: class IRI -> (key, label)
KINDS = {
    str(TKG.Condition): ("condition", "Condition"),
    str(TKG.Intervention): ("intervention", "Intervention"),
    str(TKG.ProfessionalRole): ("role", "Professional role"),
    str(TKG.Setting): ("setting", "Setting"),
    str(TKG.OutcomeMeasure): ("outcome-measure", "Outcome measure"),
    str(TKG.Source): ("source", "Source"),
    str(TKG.AgeGroup): ("age-group", "Age group"),
    str(TKG.CaseStudy): ("case-study", "Case study"),
}

#: for each kind, the sections of its page: (title, catalogue query, parameter name)
SECTIONS: dict[str, list[tuple[str, str, str]]] = {
    "condition": [
        ("Interventions", "interventions-for-condition", "condition"),
        ("Who is involved, and where", "roles-and-settings-for-condition", "condition"),
        ("Outcome measures", "outcome-measures-for-condition", "condition"),
        ("Finer conditions", "narrower-conditions", "condition"),
        ("Case studies and other links", "term-links", "term"),
    ],
    "intervention": [
        ("Conditions", "conditions-for-intervention", "intervention"),
        ("Who delivers it, and where", "who-delivers-intervention", "intervention"),
        ("Used alongside", "used-alongside", "intervention"),
        ("Specific forms", "intervention-forms", "intervention"),
        ("Other links", "term-links", "term"),
    ],
    "role": [("Interventions this role delivers", "interventions-by-role", "role"), ("Other links", "term-links", "term")],
    "setting": [("Interventions in this setting", "interventions-in-setting", "setting"), ("Other links", "term-links", "term")],
    "source": [("Statements from this source", "statements-from-source", "source")],
    "outcome-measure": [("Links", "term-links", "term")],
    "age-group": [("Interventions suitable for this age group", "interventions-for-age-group", "age_group"), ("Other links", "term-links", "term")],
    "case-study": [("Terms this case uses", "term-links", "term")],
}


@dataclass
class Fact:
    """One property of a term and its values, as term-details gives them."""

    property: str
    label: str
    values: list[tuple[str, str | None]] = field(default_factory=list)  # (value, label of an IRI value)


@dataclass
class TermPage:
    term: str
    label: str
    kind: str  # a key of KINDS, or "term" for anything else
    kind_label: str
    definition: str | None
    alt_labels: list[str]
    categories: list[str]  # labels of its modality or area classes
    facts: dict[str, Fact]  # by compact property name (skos:broader, tkg:icd10, ...)
    sections: dict[str, list[dict]]  # section title -> rows

    @property
    def compact(self) -> str:
        return compact(self.term)

    def values(self, prop: str) -> list[tuple[str, str | None]]:
        fact = self.facts.get(prop)
        return fact.values if fact else []

    def first(self, prop: str) -> str | None:
        values = self.values(prop)
        return values[0][0] if values else None


def term_page(kg, name: str) -> TermPage:
    """The page of the term `name` names; UnknownTerm (with the closest names) when none does."""
    term = str(kg.resolve(name))
    facts: dict[str, Fact] = {}
    for row in kg.query("term-details", term=term):
        prop = compact(row["property"])
        fact = facts.setdefault(prop, Fact(row["property"], row["propertyLabel"] or prop))
        fact.values.append((row["value"], row["valueLabel"]))
    types = [value for value, _ in facts.get("rdf:type", Fact("", "")).values]
    kind, kind_label = next((KINDS[t] for t in KINDS if t in types), ("term", "Term"))
    categories = sorted({label for value, label in facts.get("rdf:type", Fact("", "")).values
                         if label and value not in KINDS and value.startswith(str(TKG))})
    page = TermPage(
        term=term,
        label=_one(facts, "skos:prefLabel") or compact(term),
        kind=kind,
        kind_label=kind_label,
        definition=_one(facts, "skos:definition"),
        alt_labels=[value for value, _ in facts.get("skos:altLabel", Fact("", "")).values],
        categories=categories,
        facts=facts,
        sections={},
    )
    for title, query, param in SECTIONS.get(kind, []):
        page.sections[title] = kg.query(query, **{param: term})
    if kind == "case-study":
        page.sections[CASE_EVIDENCE] = case_evidence(kg, page)
    return page


CASE_EVIDENCE = "Evidence for the chosen interventions"


def case_evidence(kg, page: TermPage) -> list[dict]:
    """What the sources say about each of a case's interventions for each of its conditions."""
    rows = []
    for intervention, intervention_label in page.values("tkg:caseIntervention"):
        for condition, condition_label in page.values("tkg:caseCondition"):
            for row in kg.query("evidence-for-link", intervention=intervention, condition=condition):
                rows.append(row | {"intervention": intervention, "interventionLabel": intervention_label,
                                   "condition": condition, "conditionLabel": condition_label})
    return rows


def is_deprecated(page: TermPage) -> bool:
    return page.first(compact(str(OWL.deprecated))) in ("true", True)


def _one(facts: dict[str, Fact], prop: str) -> str | None:
    fact = facts.get(prop)
    return fact.values[0][0] if fact and fact.values else None

