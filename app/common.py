"""What every page shares: the cached graph and indexes, links between pages, errors shown kindly.

Pages get their data only through the library (therakg) and its query catalogue; there is
no SPARQL here.
"""

from __future__ import annotations

import contextlib
import html
import os
from urllib.parse import quote

import streamlit as st

import therakg
from therakg.errors import TheraKGError
from therakg.explore import EvidenceTable, term_facets
from therakg.namespaces import compact
from therakg.search import TermSearch

DISCLAIMER = ("**For education, not clinical advice.** TheraKG shows what published guidelines and reviews "
              "say in general, to help people learn. It does not replace a professional's judgement or the "
              "guideline itself; decisions about a person's care are made with them by qualified professionals.")

KIND_COLOURS = {"Condition": "#c0392b", "Intervention": "#2471a3", "Professional role": "#229954",
                "Setting": "#b9770e", "Outcome measure": "#7d3c98", "Source": "#566573",
                "Age group": "#17a589", "Case study": "#a04000", "Term": "#7f8c8d"}


def store_address() -> str:
    return therakg.graph.store_address(None)


def _graph_key() -> tuple[str, str | None]:
    """What the cached graph depends on: the store, and the project folder if one was chosen."""
    return store_address(), os.environ.get("THERAKG_PROJECT")


@st.cache_resource(show_spinner="Opening the graph ...")
def _open(address: str, project: str | None = None):
    return therakg.open(address, project)


def kg():
    """The graph, opened once per server and project (or a clear message on the page if it cannot be)."""
    try:
        return _open(*_graph_key())
    except TheraKGError as e:
        st.error(f"The graph could not be opened: {e}")
        st.stop()


@st.cache_resource(show_spinner="Indexing names ...")
def _search(address: str, project: str | None = None) -> TermSearch:
    return TermSearch(_open(address, project))


@st.cache_resource(show_spinner="Reading the evidence ...")
def _evidence(address: str, project: str | None = None) -> EvidenceTable:
    return EvidenceTable(_open(address, project))


@st.cache_resource(show_spinner=False)
def _facets(address: str, project: str | None = None):
    return term_facets(_open(address, project))


def refresh_graph() -> None:
    """After an edit: the next page run rebuilds the embedded graph and its indexes from the files."""
    st.session_state.pop("curate_ws", None)
    if is_remote():
        st.info("The files are saved. This browser reads a SPARQL server: load the new build there "
                "(`therakg load`) to see the change here.")
        return
    for cached in (_open, _search, _evidence, _facets):
        cached.clear()


def search_index() -> TermSearch:
    kg()
    return _search(*_graph_key())


def evidence() -> EvidenceTable:
    kg()
    return _evidence(*_graph_key())


def facets():
    kg()
    return _facets(*_graph_key())


@contextlib.contextmanager
def friendly_errors():
    """Show what went wrong in plain words, never a traceback."""
    try:
        yield
    except TheraKGError as e:
        st.error(str(e))
    except Exception as e:  # noqa: BLE001 - a page must never show a traceback
        st.error(f"Something went wrong while preparing this page: {type(e).__name__}: {e}. "
                 "If the graph is on a SPARQL server, check that it is running.")


def term_url(iri: str) -> str:
    """The permanent, shareable address of a term's page (relative to the app)."""
    return f"term?id={quote(compact(iri), safe=':')}"


def esc(text) -> str:
    """Text from the graph, safe to put in a page's HTML (the graph may come from a remote server)."""
    return html.escape("" if text is None else str(text), quote=True)


def md(text: str) -> None:
    """Markdown whose links stay in this tab; every value from the graph in it must pass through esc()."""
    st.markdown(text, unsafe_allow_html=True)


def link(iri: str | None, label: str | None) -> str:
    """A link to a term's page, opening in the same tab; the label alone when there is no IRI."""
    if not iri:
        return esc(label)
    return f'<a href="{esc(term_url(iri))}" target="_self">{esc(label or compact(iri))}</a>'


def links(pairs) -> str:
    """Several links, comma-separated, each once."""
    seen = dict.fromkeys((iri, label) for iri, label in pairs if iri)
    return ", ".join(link(iri, label) for iri, label in seen) or "none recorded"


def external(url: str | None, text: str) -> str:
    """A link to a page outside TheraKG (new tab); web addresses only, anything else is shown as text."""
    if url and str(url).startswith(("https://", "http://")):
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def footer() -> None:
    st.divider()
    st.caption(DISCLAIMER.replace("**", ""))


def is_remote() -> bool:
    return store_address().startswith("sparql:")


def environment_store() -> str | None:
    return os.environ.get("THERAKG_STORE")
