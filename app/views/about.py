"""About: what TheraKG is, its version and counts, the sources covered, the licence, the disclaimer."""

import streamlit as st

from common import DISCLAIMER, esc, external, footer, friendly_errors, kg, link, md, store_address


def render() -> None:
    st.title("About TheraKG")
    st.write("TheraKG is an open knowledge graph of therapeutic interventions in health and social care. It links "
             "interventions to the conditions they address, the age groups they suit, the professionals who deliver "
             "them, the settings they happen in and the outcome measures that track them, and records the evidence "
             "behind each link: which source says so, whether it says offer, consider or do not offer, and how certain "
             "that is. It is written for people teaching and learning health and social care in the UK.")
    st.warning(DISCLAIMER)
    with friendly_errors():
        release = (kg().query("release-info") or [{}])[0]
        md(f"**Version:** {esc(release.get('version') or 'unknown')} (`{esc(release.get('versionIri') or '')}`)  \n"
                    f"**Licence:** {external(release.get('licence'), release.get('licence') or 'not stated')} "
                    "(Creative Commons Attribution 4.0: share and adapt, with credit)  \n"
                    f"**Graph:** `{store_address()}`")
        st.header("What is inside")
        counts = kg().query("counts-by-class")
        st.dataframe([{"Kind": r["category"], "Within": r["within"] or "", "Terms": r["terms"]} for r in counts],
                     hide_index=True)
        st.header("Sources covered")
        md("\n".join(f"- {link(r['source'], r['sourceLabel'])} ({r['statements']} statements)"
                              for r in kg().query("sources")))
    footer()
