"""TheraKG in the browser: `streamlit run app/streamlit_app.py` (or `make run`).

Runs on the embedded store by default; set THERAKG_STORE (for example
`sparql:http://localhost:8890/sparql`) to browse a graph on a SPARQL server instead.
"""

import streamlit as st

from common import DISCLAIMER, store_address
from views import about, cases, compare, console, curate, explore, graph, inbox, ontology, search, tailoring, term

st.set_page_config(page_title="TheraKG", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page(search.render, title="Search", icon=":material/search:", url_path="search", default=True),
    st.Page(term.render, title="Term", icon=":material/article:", url_path="term"),
    st.Page(explore.render, title="Explore", icon=":material/filter_alt:", url_path="explore"),
    st.Page(graph.render, title="Graph view", icon=":material/hub:", url_path="graph"),
    st.Page(compare.render, title="Compare", icon=":material/compare_arrows:", url_path="compare"),
    st.Page(tailoring.render, title="Tailoring explorer", icon=":material/tune:", url_path="tailoring"),
    st.Page(cases.render, title="Case studies", icon=":material/menu_book:", url_path="cases"),
    st.Page(console.render, title="SPARQL console", icon=":material/terminal:", url_path="console"),
    st.Page(ontology.render, title="Ontology", icon=":material/account_tree:", url_path="ontology"),
    st.Page(curate.render, title="Curate", icon=":material/edit_note:", url_path="curate"),
    st.Page(inbox.render, title="Quality inbox", icon=":material/fact_check:", url_path="inbox"),
    st.Page(about.render, title="About", icon=":material/info:", url_path="about"),
]

page = st.navigation(PAGES)
with st.sidebar:
    st.caption(DISCLAIMER)
    st.caption(f"Graph: `{store_address()}`")
page.run()
