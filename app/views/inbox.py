"""Quality inbox: every problem the graph has, grouped by term, with a fix, a file and line, and waivers."""

from __future__ import annotations

import streamlit as st

from common import esc, footer, friendly_errors, kg, md
from therakg.inbox import WAIVERS, gather


def render() -> None:
    st.title("Quality inbox")
    st.write("The SHACL shapes, the quality checks and (if you ask) the reasoner, in one list grouped by term. Each "
             "item says what is wrong, how to fix it, and where the term is written. Known false positives are "
             f"waived in `{WAIVERS}` with a recorded reason; they stay here, marked waived, and do not block a release.")
    with_reasoner = st.checkbox("Run the reasoner too (slower; needs Java)", key="inbox_reasoner")
    if st.button("Gather the problems", type="primary") or "inbox" in st.session_state:
        if "inbox" not in st.session_state or st.session_state.get("inbox_with_reasoner") != with_reasoner:
            with friendly_errors(), st.spinner("Checking the whole graph ..."):
                st.session_state.inbox = gather(kg().project, reasoner=with_reasoner)
                st.session_state.inbox_with_reasoner = with_reasoner
        inbox = st.session_state.get("inbox")
        if inbox is not None:
            _show(inbox)
    footer()


def _show(inbox) -> None:
    (st.error if inbox.blocking else st.success)(inbox.summary())
    for note in inbox.notes:
        st.info(note)
    show = st.multiselect("Show", ["error", "warning", "waived"], default=["error", "warning", "waived"], key="inbox_show")
    st.download_button("Download as Markdown", inbox.to_text(markdown=True), file_name="quality-inbox.md")
    for term, items in inbox.by_term():
        items = [i for i in items if ("waived" if i.waived else i.severity) in show]
        if not items:
            continue
        first = items[0]
        mark = "error" if any(i.blocks for i in items) else ("waived" if all(i.waived for i in items) else "warning")
        title = f"{first.term_label} ({term})" if term else "The ontology"
        with st.expander(f"[{mark}] {title}" + (f" — {first.where}" if first.where else "")):
            for item in items:
                state = f"waived: {esc(item.waived)}" if item.waived else esc(item.severity)
                md(f"- **{esc(item.rule)}** ({state}): {esc(item.message)}"
                   + (f"  \n  *Fix:* {esc(item.fix)}" if item.fix and not item.waived else ""))
