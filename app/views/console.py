"""SPARQL console: read-only, capped exactly like the endpoint, with the catalogue as examples."""

import json

import streamlit as st

from common import footer, kg, store_address
from therakg.errors import TheraKGError
from therakg.guard import QueryRefused, check_query
from therakg.sandbox import Caps, QueryTimeout, Sandbox

CAPS = Caps()  # the endpoint's defaults: the same time and row caps


@st.cache_resource(show_spinner="Starting the query workers ...")
def _sandbox(address: str) -> Sandbox:
    graph = kg()
    return Sandbox.for_project(graph.project, address, workers=1, caps=CAPS)


def _example(name: str) -> None:
    """Fill the editor with a catalogue query, its parameters bound to the values given."""
    query = kg().queries()[name]
    values = {p.name: st.session_state.get(f"param_{p.name}") for p in query.params}
    try:
        st.session_state.sparql = kg().query_text(name, **{k: v for k, v in values.items() if v}).strip()
        st.session_state.example_error = None
    except TheraKGError as e:
        st.session_state.example_error = str(e)


def render() -> None:
    st.title("SPARQL console")
    st.write(f"Ask the graph anything in SPARQL 1.1. Queries are read-only (updates, SERVICE and LOAD are refused), "
             f"stop after {CAPS.timeout:g} seconds and return at most {CAPS.max_rows:,} rows — the same rules as the "
             "SPARQL endpoint. The usual prefixes (tkg:, tkr:, skos:, rdfs:, dcterms: ...) are already declared.")
    queries = kg().queries()
    with st.expander("Start from a catalogue query", expanded=not st.session_state.get("sparql")):
        name = st.selectbox("Query", sorted(queries), format_func=lambda n: f"{queries[n].title} ({n})", key="example")
        query = queries[name]
        st.caption(query.description)
        for param in query.params:
            st.text_input(f"{param.name} ({param.type}{', optional' if param.optional else ''})",
                          value=str(query.example.get(param.name, "")), key=f"param_{param.name}", help=param.help)
        st.button("Use this query", on_click=_example, args=(name,))
        if st.session_state.get("example_error"):
            st.error(st.session_state.example_error)
    text = st.text_area("Query", key="sparql", height=260,
                        placeholder="SELECT ?intervention ?label WHERE { ?intervention a tkg:Intervention ; skos:prefLabel ?label } LIMIT 10")
    if not st.button("Run", type="primary") and not st.session_state.get("ran"):
        footer()
        return
    st.session_state.ran = True
    if not text.strip():
        st.info("Write a query, or start from a catalogue query above.")
        return
    try:
        checked = check_query(text)
    except QueryRefused as e:
        st.error(f"Refused: {e}")
        return
    try:
        answer = _sandbox(store_address()).run(checked)
    except QueryTimeout as e:
        st.error(f"Stopped: {e} Narrow the query (add a LIMIT or a more specific pattern).")
        return
    except TheraKGError as e:
        st.error(str(e))
        return
    except Exception as e:  # noqa: BLE001 - never a traceback on the page
        st.error(f"The query could not be run: {type(e).__name__}: {e}")
        return
    st.caption(f"{answer.form} answered in {answer.elapsed * 1000:.0f} ms.")
    if answer.note():
        st.warning(answer.note())
    if answer.form == "ASK":
        st.success("Yes" if answer.boolean else "No")
    elif answer.form == "SELECT":
        frame = answer.dataframe()
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button("Download CSV", frame.to_csv(index=False).encode("utf-8"), "therakg-query.csv", "text/csv")
        st.download_button("Download JSON", json.dumps(answer.records(), ensure_ascii=False, indent=1).encode("utf-8"),
                           "therakg-query.json", "application/json")
    else:
        turtle = answer.serialize_graph("turtle")
        st.code(turtle, language="turtle")
        st.download_button("Download Turtle", turtle.encode("utf-8"), "therakg-query.ttl", "text/turtle")
    footer()
