"""Search: type a name, see matching terms grouped by kind, exact matches first."""

import streamlit as st

from common import KIND_COLOURS, esc, footer, friendly_errors, link, md, search_index


def render() -> None:
    st.title("Search TheraKG")
    st.write("Find an intervention, condition, professional role, setting, outcome measure or source by its "
             "name, a synonym or an abbreviation. Case, accents and British or US spelling don't matter.")
    text = st.text_input("Search", key="q", live=True, bind="query-params", type="search",
                         placeholder="for example: anxiety, physiotherapist, PHQ-9, behavior therapy")
    with friendly_errors():
        if not text or not text.strip():
            st.info("Start typing to search. Try *generalised anxiety disorder*, *CBT* or *stroke*.")
            return
        groups = search_index().grouped(text, limit=60)
        if not groups:
            st.warning(f"Nothing in TheraKG is called anything like “{text}”. Try a shorter or more general word.")
            return
        total = sum(len(hits) for hits in groups.values())
        st.caption(f"{total} matching term{'s' if total != 1 else ''}")
        for kind, hits in groups.items():
            colour = KIND_COLOURS.get(kind, "#555")
            md(f"#### <span style='color:{colour}'>{esc(kind)}</span>")
            lines = []
            for hit in hits:
                via = f" — matched “{esc(hit.matched)}”" if hit.via_synonym else ""
                lines.append(f"- {link(hit.term, hit.label)}{via}")
            md("\n".join(lines))
    footer()
