"""Compare: two or three interventions side by side."""

import streamlit as st

from common import esc, footer, friendly_errors, kg, link, links, md, search_index
from therakg.pages import term_page


def render() -> None:
    st.title("Compare interventions")
    st.write("Pick two or three interventions to see, side by side, the conditions they are linked to and what "
             "the sources say, who delivers them, where, and for which ages.")
    with friendly_errors():
        names = sorted((t["label"] for t in search_index().terms.values() if t["kind_label"] == "Intervention"), key=str.casefold)
        chosen = st.multiselect("Interventions", names, key="compare", bind="query-params", max_selections=3,
                                placeholder="for example: Cognitive behavioural therapy")
        if len(chosen) < 2:
            st.info("Choose at least two interventions.")
            footer()
            return
        pages = [term_page(kg(), name) for name in chosen]
        st.header("Conditions and what the sources say")
        conditions = {}
        for page in pages:
            for row in page.sections["Conditions"]:
                conditions.setdefault(row["condition"], {"label": row["conditionLabel"]})[page.term] = row["recommendations"]
        header = "| Condition | " + " | ".join(link(p.term, p.label) for p in pages) + " |"
        lines = [header, "|" + "---|" * (len(pages) + 1)]
        for iri, cells in sorted(conditions.items(), key=lambda kv: kv[1]["label"].casefold()):
            lines.append(f"| {link(iri, cells['label'])} | " + " | ".join(esc(cells.get(p.term, "—")) for p in pages) + " |")
        md("\n".join(lines) if conditions else "No evidence statements for these interventions yet.")
        st.caption("A cell lists every recommendation the sources make for that pair; open a condition to see which "
                   "source says what, for whom.")
        st.header("Delivery")
        for column, page in zip(st.columns(len(pages)), pages):
            with column:
                delivery = page.sections["Who delivers it, and where"]
                st.subheader(page.label)
                md(f"**Modality:** {esc(', '.join(page.categories)) or '—'}  \n"
                            f"**Roles:** {links((r['term'], r['termLabel']) for r in delivery if r['kind'] == 'role')}  \n"
                            f"**Settings:** {links((r['term'], r['termLabel']) for r in delivery if r['kind'] == 'setting')}  \n"
                            f"**Ages:** {links(page.values('tkg:suitableFor'))}")
    footer()
