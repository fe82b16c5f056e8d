"""Ontology: the class hierarchy as a tree with counts, and every property explained."""

import streamlit as st

from common import esc, footer, friendly_errors, kg, md


def render() -> None:
    st.title("The model")
    st.write("TheraKG's categories (classes), each with how many terms belong to it, and the properties that link "
             "terms or give their values.")
    with friendly_errors():
        classes = kg().query("class-hierarchy")
        children: dict = {}
        info = {}
        for row in classes:
            info[row["class"]] = row
            children.setdefault(row["parent"], []).append(row["class"])
        lines = []

        def walk(parent, depth):
            for cls in sorted(set(children.get(parent, [])), key=lambda c: info[c]["classLabel"]):
                row = info[cls]
                definition = f" — {esc(row['definition'])}" if row["definition"] else ""
                lines.append(f"{'    ' * depth}- **{esc(row['classLabel'])}** ({row['terms']}){definition}")
                if depth < 6:
                    walk(cls, depth + 1)

        walk(None, 0)
        st.header("Classes")
        md("\n".join(lines))
        st.header("Properties")
        rows = kg().query("properties")
        st.dataframe([{"Property": r["propertyLabel"], "Kind": r["kind"], "Applies to": r["domainLabel"],
                       "Points to": r["rangeLabel"], "Meaning": r["definition"]} for r in rows],
                     hide_index=True, width="stretch")
    footer()
