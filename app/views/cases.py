"""Case studies: the fictional teaching cases, each linked to the terms it uses."""

import streamlit as st

from common import footer, friendly_errors, kg, link, md


def render() -> None:
    st.title("Case studies")
    st.info("Every case is fictional: it describes no real person and is not clinical advice. Each shows how "
            "assessment, SMART goals, interventions and monitoring fit together, with questions for discussion.")
    with friendly_errors():
        cases: dict[str, dict] = {}
        for row in kg().query("case-studies"):
            case = cases.setdefault(row["case"], {"label": row["caseLabel"], "summary": row["summary"],
                                                  "age": (row["ageGroup"], row["ageGroupLabel"]), "conditions": {}, "settings": {}})
            case["conditions"][row["condition"]] = row["conditionLabel"]
            case["settings"][row["setting"]] = row["settingLabel"]
        if not cases:
            st.caption("No case studies yet.")
        for iri, case in cases.items():
            st.subheader(case["label"].removeprefix("Case study: "))
            st.write(case["summary"] or "")
            md(f"**Read the case:** {link(iri, case['label'])}  \n"
                        f"**Conditions:** {', '.join(link(i, n) for i, n in case['conditions'].items())} · "
                        f"**Age group:** {link(*case['age'])} · "
                        f"**Settings:** {', '.join(link(i, n) for i, n in case['settings'].items())}")
    footer()
