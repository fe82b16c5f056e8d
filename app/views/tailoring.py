"""Tailoring explorer: a teaching tool that ranks interventions for a situation, with reasons."""

import streamlit as st

from common import esc, facets, footer, friendly_errors, kg, link, md, search_index
from therakg.tailoring import DISCLAIMER, tailor


def _names(kind: str) -> list[str]:
    return sorted((t["label"] for t in search_index().terms.values() if t["kind_label"] == kind), key=str.casefold)


def render() -> None:
    st.title("Tailoring explorer")
    st.warning(f"**Teaching tool.** {DISCLAIMER}")
    st.write("Describe a situation: the explorer ranks the interventions the sources say to offer or consider "
             "(offer before consider, then those delivered in the chosen setting, then by certainty), with the "
             "evidence behind each and who would deliver it. It then walks through planning care, with matching case studies.")
    with friendly_errors():
        modalities = sorted({m for f in facets().values() for m in f.get("modality", ())})
        first, second = st.columns(2)
        with first:
            condition = st.selectbox("Condition", _names("Condition"), index=None, key="condition", bind="query-params",
                                     placeholder="choose a condition")
            age_group = st.selectbox("Age group", _names("Age group"), index=None, key="age", bind="query-params",
                                     placeholder="any age")
        with second:
            setting = st.selectbox("Setting", _names("Setting"), index=None, key="setting", bind="query-params",
                                   placeholder="any setting")
            excluded = st.multiselect("Leave out these modalities", modalities, key="exclude", bind="query-params")
        if not condition:
            st.info("Choose a condition to begin.")
            footer()
            return
        result = tailor(kg(), condition, age_group, setting, excluded, facets=facets())
        st.header("Candidate interventions")
        if not result.candidates:
            st.info("No source in TheraKG says to offer or consider an intervention for this situation.")
        for n, c in enumerate(result.candidates, 1):
            where = "" if c.in_setting is None else (" · delivered in this setting" if c.in_setting else " · not recorded in this setting")
            with st.expander(f"{n}. {c.label} — {c.recommendation} ({c.certainty.lower()}){where}", expanded=n <= 3):
                md(f"**Open:** {link(c.intervention, c.label)} · **Modality:** {esc(', '.join(c.modalities)) or '—'}  \n"
                            f"**Who would deliver it:** {esc(', '.join(c.roles)) or 'not recorded'}  \n"
                            f"**Where:** {esc(', '.join(c.settings)) or 'not recorded'}")
                md("**Why (the evidence):**\n" + "\n".join(
                    f"- {link(r['source'], r['sourceId'])} {esc(r['locator'])}: {esc(r['recommendationLabel'].lower())} for "
                    f"{esc(r['forConditionLabel'])}, {esc(r['populationLabel'].lower())} ({esc((r['certaintyLabel'] or 'not graded').lower())})"
                    + (f" — *{esc(r['qualifier'])}*" if r["qualifier"] else "")
                    for r in c.reasons))
        if result.not_to_offer:
            st.header("What the sources say not to offer")
            md("\n".join(f"- {link(c.intervention, c.label)}: " + "; ".join(
                f"{link(r['source'], r['sourceId'])} {esc(r['locator'])} ({esc(r['populationLabel'].lower())})" for r in c.reasons) for c in result.not_to_offer))
        if result.left_out:
            st.caption(f"Left out because of the modalities you excluded: {', '.join(result.left_out)}.")
        st.header("Planning the care")
        for n, step in enumerate(result.steps, 1):
            md(f"**{n}. {link(step['step'], step['stepLabel'])}** — {esc(step['definition'])}")
        st.header("Case studies to work through")
        if result.cases:
            md("\n".join(f"- {link(c['case'], c['label'])} ({esc(c['age_group_label'].lower())}): {esc(c['summary'])}"
                                  for c in result.cases))
        else:
            st.caption("No case study matches this condition yet.")
    footer()
