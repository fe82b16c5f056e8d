"""Graph view: a term's neighbourhood as an interactive network, for teaching how things connect."""

import json

import streamlit as st
from pyvis.network import Network

from common import KIND_COLOURS, esc, footer, friendly_errors, kg, link, md
from therakg.neighbourhood import neighbourhood
from therakg.terms import UnknownTerm


def render() -> None:
    st.title("Graph view")
    st.write("A term and the terms linked to it. Drag the nodes, zoom with the mouse wheel or trackpad, "
             "and hover over a node to see its kind. Colours show the kind of term.")
    left, right = st.columns([3, 1])
    with left:
        name = st.text_input("Term", key="id", bind="query-params", placeholder="for example: stroke, CBT, physiotherapist")
    with right:
        depth = st.slider("Depth", 1, 3, key="depth", bind="query-params",
                          help="How many links away from the term to draw.")
    md(" ".join(f"<span style='color:{c}'>●</span> {k}" for k, c in KIND_COLOURS.items() if k != "Term"))
    if not name:
        st.info("Give a term to draw its neighbourhood, for example *stroke*.")
        footer()
        return
    with friendly_errors():
        try:
            found = neighbourhood(kg(), name, depth=depth)
        except UnknownTerm as e:
            st.warning(str(e))
            return
        net = Network(height="560px", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
        net.set_options(json.dumps({
            "nodes": {"font": {"size": 18}},
            "edges": {"font": {"size": 12, "align": "middle"}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
            "physics": {"barnesHut": {"springLength": 170}, "stabilization": {"iterations": 300}},
            "interaction": {"keyboard": True, "hover": True},
        }))
        for iri, node in found.nodes.items():
            net.add_node(iri, label=_safe(node["label"]), title=node["kind"] or "Term",
                         color=KIND_COLOURS.get(node["kind"] or "Term", "#7f8c8d"),
                         size=30 if iri == found.centre else 20, shape="dot")
        for source, label, target in sorted(found.edges):
            net.add_edge(source, target, label=_safe(label), title=_safe(label))
        st.iframe(net.generate_html(notebook=False), height=580)
        centre = found.nodes[found.centre]
        st.caption(f"{len(found.nodes)} terms and {len(found.edges)} links around {centre['label']}."
                   + (" The drawing stops at 60 terms; lower the depth to see all links of the nearest ones." if found.truncated else ""))
        md(f"Open the page of {link(found.centre, centre['label'])}.")
        with st.expander("The same links as a list (for keyboard and screen-reader users)"):
            labels = {iri: node["label"] for iri, node in found.nodes.items()}
            md("\n".join(f"- {link(a, labels[a])} — {esc(p)} → {link(b, labels[b])}" for a, p, b in sorted(found.edges)))
    footer()


def _safe(text: str) -> str:
    """Text that cannot close the drawing's script or add markup to its tooltips."""
    return text.replace("<", "‹").replace(">", "›").replace("&", "and")
