"""Curate: forms for every edit, the check against the whole graph shown before saving, undo.

Every form goes through the library's one edit path (therakg.edits plans the change,
therakg.curate checks and saves it), exactly as the command line does.
"""

from __future__ import annotations

import streamlit as st

from common import footer, friendly_errors, kg, refresh_graph
from therakg import edits
from therakg.curate import ConcurrentChange, EditRejected, Workspace, change_log, check_change, find_curator, last_edit, save, undo
from therakg.errors import TheraKGError
from therakg.templates import cell_values

HINT = "Several values: separate them with | (a US spelling ends in @en-us)."
MULTI = {"type", "synonyms", "parent", "icd10", "exact_match", *edits.LINKS}

#: operation -> (the name/statement inputs it takes first, the field list, the planner)
OPERATIONS = {
    "Add a term": ((), edits.TERM_FIELDS, lambda ws, names, f: edits.add_term(ws, f, iri=names.get("new id") or None)),
    "Update a term": (("term",), edits.TERM_FIELDS, lambda ws, names, f: edits.update_term(ws, names["term"], f)),
    "Deprecate a term": (("term", "reason", "replaced by"), (), lambda ws, names, f: edits.deprecate_term(
        ws, names["term"], names["reason"], names.get("replaced by") or None)),
    "Merge two terms": (("term", "into", "reason"), (), lambda ws, names, f: edits.merge_terms(
        ws, names["term"], names["into"], names.get("reason") or None)),
    "Add evidence": ((), tuple(edits.EVIDENCE), lambda ws, names, f: edits.add_evidence(ws, f)),
    "Update evidence": (("statement",), tuple(edits.EVIDENCE), lambda ws, names, f: edits.update_evidence(ws, names["statement"], f)),
    "Retract evidence": (("statement", "reason"), (), lambda ws, names, f: edits.retract_evidence(ws, names["statement"], names["reason"])),
}


def _workspace() -> Workspace:
    """The source files as this curator loaded them (a save refuses if they changed since)."""
    if "curate_ws" not in st.session_state:
        st.session_state.curate_ws = Workspace(kg().project)
    return st.session_state.curate_ws


def _default_curator() -> str:
    try:
        return find_curator().name
    except TheraKGError:
        return ""


def render() -> None:
    st.title("Curate")
    st.write("Add and revise terms and evidence. Each edit is checked against the whole graph (the SHACL shapes and "
             "the quality checks) before anything is written; an edit that would add a problem is refused and nothing "
             "is written. Saved edits go to the project's source files, in the canonical layout, with your name and a "
             "line in the change log.")
    project = kg().project
    curator = st.text_input("Your name or ORCID", value=_default_curator(), key="curator",
                            help="Recorded on every term you change and in the change log.")
    operation = st.radio("Edit", list(OPERATIONS), horizontal=True, key="operation")
    names_needed, fields, planner = OPERATIONS[operation]
    with st.form(f"form-{operation}"):
        names = {n: st.text_input(n.capitalize(), key=f"name-{operation}-{n}") for n in names_needed}
        if operation == "Add a term":
            names["new id"] = st.text_input("New id (optional)", key="name-new-id", help="Default: made from the label.")
        values = {f: st.text_input(f.replace("_", " ").capitalize(), key=f"field-{operation}-{f}",
                                   help=HINT if f in MULTI else None) for f in fields}
        checked = st.form_submit_button("Check", type="primary")
    given = {f: cell_values(f, v) if f in MULTI else v for f, v in values.items() if v.strip()}
    key = (operation, tuple(sorted(names.items())), tuple(sorted((k, str(v)) for k, v in given.items())))
    if checked:
        with friendly_errors():
            change = planner(_workspace(), {k: v.strip() for k, v in names.items()}, given)
            with st.spinner("Checking the whole graph ..."):
                st.session_state.pending = (key, change, check_change(_workspace(), change))
    pending = st.session_state.get("pending")
    if pending and pending[0] == key:
        _, change, verdict = pending
        st.subheader(change.summary)
        (st.success if verdict.accepted else st.error)(
            ("Ready to save: " if verdict.accepted else "This edit would be refused: ") + verdict.explain())
        if verdict.accepted:
            if not curator.strip():
                st.warning("Give your name or ORCID above to save.")
            elif st.button("Save", type="primary"):
                _save(change, curator)
    _undo_and_log(project, curator)
    footer()


def _save(change, curator: str) -> None:
    try:
        saved = save(_workspace(), change, find_curator(curator))
    except (EditRejected, ConcurrentChange) as e:
        st.error(str(e))
        st.session_state.pop("curate_ws", None)  # reload what is on disk now
        return
    except TheraKGError as e:
        st.error(str(e))
        return
    st.session_state.pop("pending", None)
    refresh_graph()
    st.success(f"Saved: {saved.change.summary} ({', '.join(kg().project.relative(p) for p in saved.files)}).")


def _undo_and_log(project, curator: str) -> None:
    st.header("Undo and change log")
    last = last_edit(project)
    if last:
        if st.button(f"Undo the last edit: {last['summary']}", disabled=not curator.strip()):
            try:
                summary = undo(project, find_curator(curator))
            except TheraKGError as e:
                st.error(str(e))
            else:
                st.session_state.pop("curate_ws", None)
                st.session_state.pop("pending", None)
                refresh_graph()
                st.success(f"Undone: {summary}")
    else:
        st.caption("No edit to undo.")
    entries = change_log(project, 25)
    if entries:
        st.dataframe([{k: e.get(k, "") for k in ("when", "who", "operation", "summary")} for e in entries], hide_index=True)
    else:
        st.caption("The change log is empty.")
