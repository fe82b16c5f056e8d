"""A term's page: one design per kind, at a permanent address (term?id=tkr:stroke)."""

from collections import defaultdict

import streamlit as st

from common import KIND_COLOURS, esc, external, footer, friendly_errors, kg, link, links, md, term_url
from therakg.pages import CASE_EVIDENCE, is_deprecated, term_page
from therakg.terms import UnknownTerm

#: properties shown in the page's own sections, not again under "Details"
_SHOWN = {"rdf:type", "skos:prefLabel", "skos:altLabel", "skos:definition", "skos:broaderTransitive",
          "dcterms:created", "dcterms:modified", "tkg:curationStatus", "rdfs:label", "tkg:scenario",
          "tkg:assessment", "tkg:goal", "tkg:monitoring", "tkg:discussionQuestion"}
_RECOMMENDATION_ORDER = ["Offer", "Consider", "Only in research", "No recommendation", "Do not offer"]


def render() -> None:
    name = st.query_params.get("id")
    if not name:
        st.title("Term pages")
        st.info("Open a term from **Search**, or give its name in the address, for example `term?id=tkr:stroke`.")
        footer()
        return
    with friendly_errors():
        try:
            page = term_page(kg(), name)
        except UnknownTerm as e:
            st.title("Term not found")
            st.warning(f"{e} Try **Search** to find it by name.")
            footer()
            return
        _header(page)
        {"condition": _condition, "intervention": _intervention, "role": _role, "setting": _setting,
         "source": _source, "outcome-measure": _outcome_measure, "age-group": _age_group,
         "case-study": _case_study}.get(page.kind, _other)(page)
        _details(page)
    footer()


def _header(page) -> None:
    colour = KIND_COLOURS.get(page.kind_label, "#555")
    st.title(page.label)
    kinds = " · ".join([page.kind_label] + page.categories)
    md(f"<span style='color:{colour};font-weight:600'>{esc(kinds)}</span>")
    if is_deprecated(page):
        replaced = page.values("dcterms:isReplacedBy")
        st.warning("This term is deprecated." + (f" Use {links(replaced)} instead." if replaced else ""))
    if page.definition:
        md(f"> {esc(page.definition)}")
    if page.alt_labels:
        md(f"**Also called:** {esc(', '.join(sorted(set(page.alt_labels), key=str.casefold)))}")
    st.caption(f"Permanent link to this page: `{term_url(page.term)}` · identifier `{page.compact}`")


def _table(rows, columns: dict[str, str], links_for: dict[str, str] | None = None) -> None:
    """Rows as a Markdown table: `columns` maps a row field to its heading; `links_for`
    maps a label field to the IRI field it links to."""
    if not rows:
        st.caption("None recorded.")
        return
    links_for = links_for or {}
    lines = ["| " + " | ".join(columns.values()) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = []
        for field in columns:
            value = row.get(field)
            value = link(row.get(links_for[field]), value) if field in links_for else esc(value)
            cells.append(value.replace("|", "&#124;").replace("\n", " "))
        lines.append("| " + " | ".join(cells) + " |")
    md("\n".join(lines))


def _condition(page) -> None:
    facts = []
    if page.first("tkg:icd10"):
        facts.append(f"**ICD-10:** {esc(page.first('tkg:icd10'))} (WHO ICD-10)")
    for prop, name in (("skos:exactMatch", "Same as"), ("skos:closeMatch", "Close to")):
        if page.values(prop):
            facts.append(f"**{name}:** " + ", ".join(external(v, v.rsplit('/', 1)[-1]) for v, _ in page.values(prop)))
    facts.append(f"**Broader condition:** {links(page.values('skos:broader'))}")
    md("  \n".join(facts))

    st.header("Interventions")
    rows = page.sections["Interventions"]
    if not rows:
        st.caption("No evidence statements yet for this condition.")
    by_recommendation = defaultdict(list)
    for row in rows:
        by_recommendation[row["recommendationLabel"]].append(row)
    for recommendation in sorted(by_recommendation, key=lambda r: _RECOMMENDATION_ORDER.index(r) if r in _RECOMMENDATION_ORDER else 9):
        st.subheader(f"{recommendation} ({len(by_recommendation[recommendation])})")
        _table(by_recommendation[recommendation],
               {"interventionLabel": "Intervention", "forConditionLabel": "For", "populationLabel": "Age group",
                "qualifier": "When", "certaintyLabel": "Certainty", "sourceId": "Source", "locator": "Number"},
               {"interventionLabel": "intervention", "forConditionLabel": "forCondition", "populationLabel": "population",
                "sourceId": "source"})
        with st.expander("Where each recommendation comes from"):
            for row in by_recommendation[recommendation]:
                md(f"- {esc(row['interventionLabel'])}: {link(row['source'], row['sourceId'])} "
                   f"recommendation {esc(row['locator'])} — {external(row['url'], 'read the source')}")
    st.header("Who is involved, and where")
    roles = [r for r in page.sections["Who is involved, and where"] if r["kind"] == "role"]
    settings = [r for r in page.sections["Who is involved, and where"] if r["kind"] == "setting"]
    left, right = st.columns(2)
    with left:
        st.subheader("Roles")
        _table(roles, {"termLabel": "Role", "forInterventions": "Delivers"}, {"termLabel": "term"})
    with right:
        st.subheader("Settings")
        _table(settings, {"termLabel": "Setting", "forInterventions": "Hosts"}, {"termLabel": "term"})
    st.header("Outcome measures")
    _table(page.sections["Outcome measures"], {"measureLabel": "Measure", "measures": "What it measures",
                                               "completedBy": "Completed by"}, {"measureLabel": "measure"})
    st.header("Finer conditions")
    _table(page.sections["Finer conditions"], {"narrowerLabel": "Condition", "broaderLabel": "Under", "icd10": "ICD-10"},
           {"narrowerLabel": "narrower", "broaderLabel": "broader"})
    _cases(page, "Case studies and other links")


def _intervention(page) -> None:
    md(f"**Modality:** {esc(', '.join(page.categories)) or 'not recorded'}  \n"
                f"**Broader intervention:** {links(page.values('skos:broader'))}  \n"
                f"**Suitable for:** {links(page.values('tkg:suitableFor'))}")
    st.header("Conditions")
    rows = page.sections["Conditions"]
    for row in rows:
        row["strength"] = row["recommendations"]
    _table(rows, {"conditionLabel": "Condition", "strength": "What the sources say", "statements": "Statements",
                  "sources": "Sources"}, {"conditionLabel": "condition"})
    st.header("Who delivers it, and where")
    delivery = page.sections["Who delivers it, and where"]
    left, right = st.columns(2)
    with left:
        st.subheader("Roles")
        _table([r for r in delivery if r["kind"] == "role"], {"termLabel": "Role", "viaLabel": "As part of"},
               {"termLabel": "term", "viaLabel": "via"})
    with right:
        st.subheader("Settings")
        _table([r for r in delivery if r["kind"] == "setting"], {"termLabel": "Setting", "viaLabel": "As part of"},
               {"termLabel": "term", "viaLabel": "via"})
    st.header("Used alongside")
    _table(page.sections["Used alongside"], {"partnerLabel": "Intervention"}, {"partnerLabel": "partner"})
    st.header("Specific forms")
    _table(page.sections["Specific forms"], {"formLabel": "Form", "broaderLabel": "Under", "definition": "What it is"},
           {"formLabel": "form", "broaderLabel": "broader"})
    st.header("Outcome measures")
    md(links(page.values("tkg:measuredBy")))


def _role(page) -> None:
    st.header("Interventions this role delivers")
    _table(page.sections["Interventions this role delivers"],
           {"interventionLabel": "Intervention", "modalityLabel": "Modality", "statements": "Statements"},
           {"interventionLabel": "intervention"})


def _setting(page) -> None:
    st.header("Interventions in this setting")
    _table(page.sections["Interventions in this setting"], {"interventionLabel": "Intervention", "modalityLabel": "Modality"},
           {"interventionLabel": "intervention"})


def _source(page) -> None:
    facts = [f"**Identifier:** {esc(page.first('dcterms:identifier') or '—')}",
             f"**Publisher:** {esc(page.first('dcterms:publisher') or '—')}",
             f"**Type:** {esc(page.first('dcterms:type') or '—')}",
             f"**Published:** {esc(page.first('dcterms:issued') or 'date not confirmed')}"]
    if page.first("schema:url"):
        facts.append(f"**Read it:** {external(page.first('schema:url'), page.first('schema:url'))}")
    md("  \n".join(facts))
    st.header("Statements from this source")
    _table(page.sections["Statements from this source"],
           {"locator": "Number", "recommendationLabel": "Recommendation", "interventionLabel": "Intervention",
            "conditionLabel": "Condition", "populationLabel": "Age group", "certaintyLabel": "Certainty"},
           {"interventionLabel": "intervention", "conditionLabel": "condition"})


def _outcome_measure(page) -> None:
    _linked(page, "Links")


def _age_group(page) -> None:
    low, high = page.first("tkg:minAge"), page.first("tkg:maxAge")
    md(f"**Ages:** {esc(low or 0)} to {esc(high) if high is not None else 'any age'}")
    st.header("Interventions suitable for this age group")
    _table(page.sections["Interventions suitable for this age group"],
           {"interventionLabel": "Intervention", "modalityLabel": "Modality"}, {"interventionLabel": "intervention"})


def _case_study(page) -> None:
    st.info("A fictional case for teaching: it describes no real person and is not clinical advice.")
    for prop, title in (("tkg:scenario", "The situation"), ("tkg:assessment", "Assessment")):
        if page.first(prop):
            st.header(title)
            st.write(page.first(prop))
    st.header("SMART goals")
    md("\n".join(f"1. {esc(goal)}" for goal, _ in page.values("tkg:goal")) or "None recorded.")
    if page.first("tkg:monitoring"):
        st.header("Monitoring and review")
        st.write(page.first("tkg:monitoring"))
    if page.values("tkg:discussionQuestion"):
        st.header("Questions for discussion")
        md("\n".join(f"- {esc(q)}" for q, _ in page.values("tkg:discussionQuestion")))
    st.header("The chosen interventions, and the evidence for them")
    evidence = page.sections.get(CASE_EVIDENCE, [])
    if evidence:
        _table(evidence, {"interventionLabel": "Intervention", "conditionLabel": "Condition",
                          "recommendationLabel": "Recommendation", "populationLabel": "Age group",
                          "sourceId": "Source", "locator": "Number"},
               {"interventionLabel": "intervention", "conditionLabel": "condition", "sourceId": "source"})
    else:
        st.caption("No source in TheraKG makes a statement about these interventions for this condition yet.")
    st.header("Terms this case uses")
    for prop, title in (("tkg:caseCondition", "Conditions"), ("tkg:caseAgeGroup", "Age group"),
                        ("tkg:caseSetting", "Settings"), ("tkg:caseIntervention", "Interventions"),
                        ("tkg:caseRole", "Roles"), ("tkg:caseMeasure", "Outcome measures")):
        md(f"**{title}:** {links(page.values(prop))}")


def _other(page) -> None:
    pass


def _cases(page, section: str) -> None:
    rows = page.sections.get(section, [])
    cases = [r for r in rows if r["otherKindLabel"] == "Case study"]
    if cases:
        st.header("Case studies")
        md("\n".join(f"- {link(r['other'], r['otherLabel'])}" for r in cases))


def _linked(page, section: str) -> None:
    grouped = defaultdict(list)
    for row in page.sections.get(section, []):
        grouped[(row["propertyLabel"], row["from"] == page.term)].append(row)
    for (prop, outgoing), rows in sorted(grouped.items()):
        st.subheader(f"{prop.capitalize()}" if outgoing else f"{prop.capitalize()} (from)")
        md("\n".join(f"- {link(r['other'], r['otherLabel'])} ({esc(r['otherKindLabel'].lower())})" for r in rows))


def _details(page) -> None:
    rest = {prop: fact for prop, fact in page.facts.items() if prop not in _SHOWN}
    with st.expander("All recorded details"):
        for prop, fact in sorted(rest.items(), key=lambda kv: kv[1].label):
            values = ", ".join(link(v, label) if label else external(v, v) for v, label in fact.values)
            md(f"**{esc(fact.label)}:** {values}")
        created, modified = page.first("dcterms:created"), page.first("dcterms:modified")
        status = page.first("tkg:curationStatus")
        st.caption(f"Created {created or '—'} · modified {modified or '—'} · status {status or '—'}")
