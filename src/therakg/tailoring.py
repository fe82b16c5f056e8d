"""The tailoring explorer: candidate interventions for one person's situation, with reasons.

A teaching tool, not clinical advice. Given a condition, an age group, a setting and
modalities to leave out, it ranks the interventions the sources say to offer or consider
(offer before consider, then the setting asked for, then certainty), gives each its
reasons (the evidence statements) and who would deliver it, lists what the sources say
not to offer, and finds the case studies that match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .explore import term_facets
from .namespaces import TKG

RECOMMENDATION_ORDER = {str(TKG.Offer): 0, str(TKG.Consider): 1, str(TKG.OnlyInResearch): 2,
                        str(TKG.NoRecommendation): 3, str(TKG.DoNotOffer): 4}
CERTAINTY_ORDER = {str(TKG.CertaintyHigh): 0, str(TKG.CertaintyModerate): 1, str(TKG.CertaintyLow): 2,
                   str(TKG.CertaintyVeryLow): 3, str(TKG.CertaintyNotGraded): 4}
DISCLAIMER = ("A teaching tool, not clinical advice: it shows what the cited sources say in general. "
              "Decisions about a person's care are made with them by qualified professionals.")


@dataclass
class Candidate:
    intervention: str
    label: str
    recommendation: str  # the strongest recommendation among its statements (label)
    certainty: str  # the best certainty among the statements with that recommendation (label)
    modalities: list[str]
    roles: list[str]
    settings: list[str]
    in_setting: bool | None  # delivered in the setting asked for; None when no setting was asked
    reasons: list[dict] = field(default_factory=list)  # the evidence statements
    rank: tuple = ()


@dataclass
class Tailoring:
    condition: str
    candidates: list[Candidate]  # offer / consider / research, best first
    not_to_offer: list[Candidate]
    left_out: list[str]  # interventions dropped because of an excluded modality
    steps: list[dict]  # the care process, from assessment round to review
    cases: list[dict]  # matching case studies, best match first
    disclaimer: str = DISCLAIMER


def tailor(kg, condition: str, age_group: str | None = None, setting: str | None = None,
           exclude_modalities: list[str] = (), facets: dict | None = None) -> Tailoring:
    """Rank the interventions for `condition` (names or IRIs) for this age group and setting."""
    condition_iri = str(kg.resolve(condition, "condition"))
    setting_label = None
    if setting:
        setting_iri = kg.resolve(setting, "setting")
        setting_label = next(r["value"] for r in kg.query("term-details", term=str(setting_iri))
                             if r["property"].endswith("#prefLabel"))
    params = {"condition": condition_iri} | ({"age_group": age_group} if age_group else {})
    rows = kg.query("interventions-for-condition", **params)
    facets = term_facets(kg) if facets is None else facets
    excluded = set(exclude_modalities)

    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["intervention"], []).append(row)
    candidates, not_to_offer, left_out = [], [], []
    for intervention, reasons in grouped.items():
        info = facets.get(intervention, {})
        modalities = sorted(info.get("modality", ()))
        if excluded & set(modalities):
            left_out.append(reasons[0]["interventionLabel"])
            continue
        strongest = min(RECOMMENDATION_ORDER.get(r["recommendation"], 9) for r in reasons)
        best = min((r for r in reasons if RECOMMENDATION_ORDER.get(r["recommendation"], 9) == strongest),
                   key=lambda r: CERTAINTY_ORDER.get(r["certainty"], 9))
        settings = sorted(info.get("setting", ()))
        in_setting = None if setting_label is None else setting_label in settings
        candidate = Candidate(
            intervention, best["interventionLabel"], best["recommendationLabel"], best["certaintyLabel"] or "Not graded",
            modalities, sorted(info.get("role", ())), settings, in_setting, reasons,
            (strongest, in_setting is False, CERTAINTY_ORDER.get(best["certainty"], 9), best["interventionLabel"].casefold()))
        (not_to_offer if strongest == RECOMMENDATION_ORDER[str(TKG.DoNotOffer)] else candidates).append(candidate)
    candidates.sort(key=lambda c: c.rank)
    not_to_offer.sort(key=lambda c: c.label.casefold())
    conditions = {condition_iri} | {r["forCondition"] for r in rows}
    return Tailoring(condition_iri, candidates, not_to_offer, sorted(left_out), care_steps(kg),
                     matching_cases(kg, conditions, age_group and str(kg.resolve(age_group, "age-group")), setting_label))


def care_steps(kg) -> list[dict]:
    """The care process steps in order, starting at assessment and following each next step."""
    steps = {row["step"]: row for row in kg.query("care-process")}
    following = {row["next"] for row in steps.values() if row["next"]}
    start = next((s for s in steps if s.endswith("/assessment")), next(iter(set(steps) - following), None))
    ordered, step = [], start
    while step in steps and steps[step] not in ordered:
        ordered.append(steps[step])
        step = steps[step]["next"]
    return ordered + [row for row in steps.values() if row not in ordered]


def matching_cases(kg, conditions: set[str], age_group: str | None, setting_label: str | None) -> list[dict]:
    """Case studies about one of `conditions`, best first: same age group, then same setting."""
    cases: dict[str, dict] = {}
    for row in kg.query("case-studies"):
        case = cases.setdefault(row["case"], {"case": row["case"], "label": row["caseLabel"], "summary": row["summary"],
                                              "conditions": set(), "age_group": row["ageGroup"],
                                              "age_group_label": row["ageGroupLabel"], "settings": set()})
        case["conditions"].add(row["condition"])
        case["settings"].add(row["settingLabel"])
    matched = [c for c in cases.values() if c["conditions"] & conditions]
    return sorted(matched, key=lambda c: (c["age_group"] != age_group, setting_label not in c["settings"], c["label"]))
