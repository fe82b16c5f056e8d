"""Explore: filter the whole evidence base by facets, chart it, download it as CSV."""

import altair as alt
import pandas as pd
import streamlit as st

from common import evidence, footer, friendly_errors
from therakg.explore import FACETS

_RECOMMENDATION_ORDER = ["Offer", "Consider", "Only in research", "No recommendation", "Do not offer"]
_CERTAINTY_ORDER = ["High certainty", "Moderate certainty", "Low certainty", "Very low certainty", "Not graded"]


def render() -> None:
    st.title("Explore the evidence")
    st.write("Every evidence statement in TheraKG. Narrow it down with the filters; leave a filter empty to keep everything. "
             "The filters are part of the address, so a filtered view can be shared.")
    with friendly_errors():
        table = evidence()
        options = table.options()
        chosen = {}
        columns = st.columns(3)
        for i, facet in enumerate(FACETS):
            with columns[i % 3]:
                chosen[facet.replace(" ", "_")] = st.multiselect(
                    facet.capitalize(), options[facet], key=f"f_{facet.replace(' ', '_')}", bind="query-params")
        rows = table.filter(**chosen)
        statements = len({row["statement"] for row in rows})
        st.subheader(f"{statements} statement{'s' if statements != 1 else ''}")
        if not rows:
            st.info("No statement meets all these filters. Remove one to widen the search.")
            return
        counts = pd.DataFrame(table.counts(rows))
        chart = alt.Chart(counts).mark_bar().encode(
            x=alt.X("statements:Q", title="Statements"),
            y=alt.Y("recommendation:N", sort=_RECOMMENDATION_ORDER, title="Recommendation"),
            color=alt.Color("certainty:N", sort=_CERTAINTY_ORDER, title="Certainty",
                            scale=alt.Scale(domain=_CERTAINTY_ORDER, scheme="viridis")),
            order=alt.Order("certainty:N"),
            tooltip=["recommendation", "certainty", "statements"],
        ).properties(height=220, title="Statements by recommendation and certainty")
        st.altair_chart(chart, width="stretch")
        frame = table.frame(rows)
        st.dataframe(frame.drop(columns=["Intervention IRI", "Condition IRI", "Source IRI", "Statement IRI"]),
                     hide_index=True, width="stretch")
        st.download_button("Download as CSV", frame.to_csv(index=False).encode("utf-8"),
                           file_name="therakg-evidence.csv", mime="text/csv")
    footer()
