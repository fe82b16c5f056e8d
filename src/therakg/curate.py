"""The one safe path for every edit to the graph's source files.

An edit is planned first (a `Change`: the new content of each file it touches, nothing
written), then checked against the whole graph as it would be after the edit: the SHACL
shapes and the quality checks. An edit that adds a problem the graph did not have is
rejected and explains itself; nothing is written. Problems that were already there are
reported but do not block, so a curator can always fix one thing at a time.

Saving an accepted change:
1. refuses if any source file changed since the data was loaded (another curator, another
   tool): the curator reloads and re-applies, nothing is lost;
2. keeps the files as they were, so `undo` can put them back;
3. writes each touched file atomically, in the canonical layout (see canonical.py);
4. stamps each touched term with `dcterms:modified` and the curator (`dcterms:contributor`),
   and appends an entry to the change log (`curation/changelog.jsonl`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Node

from .atomic import digest, write_atomically
from .build import build_from
from .canonical import canonical_text, header_comments
from .errors import TheraKGError
from .namespaces import compact
from .project import Project
from .inbox import gather
from .sources import merge_sources, parse_file
from .store import open_store
from .terms import TermIndex

CHANGELOG = Path("curation/changelog.jsonl")
UNDO_DIR = Path(".therakg/undo")
LOCK_FILE = Path(".therakg/edit.lock")
KEEP_UNDO = 20


class EditRejected(TheraKGError):
    """The edit would add problems to the graph; nothing was written."""

    def __init__(self, verdict: Verdict):
        self.verdict = verdict
        super().__init__("The edit was not saved: " + verdict.explain())


class ConcurrentChange(TheraKGError):
    """A source file changed on disk after the data was loaded; nothing was written."""


# -- who is editing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Curator:
    """Who makes an edit: a name, or an ORCID (then recorded as its https://orcid.org/ IRI)."""

    name: str

    @property
    def term(self) -> Node:
        orcid = re.fullmatch(r"(?:https://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", self.name.strip())
        return URIRef(f"https://orcid.org/{orcid.group(1)}") if orcid else Literal(self.name.strip())


def config_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "therakg" / "config.toml"


def find_curator(name: str | None = None) -> Curator:
    """The curator: the argument, else $THERAKG_CURATOR, else `curator` in the config file."""
    name = name or os.environ.get("THERAKG_CURATOR")
    if not name and config_file().is_file():
        try:
            name = tomllib.loads(config_file().read_text(encoding="utf-8")).get("curator")
        except tomllib.TOMLDecodeError as e:
            raise TheraKGError(f"{config_file()}: not valid TOML ({e}).") from None
    if not name or not str(name).strip():
        raise TheraKGError(
            "Every edit records who made it. Say who you are with --curator NAME (or an ORCID), "
            f"the THERAKG_CURATOR environment variable, or a line curator = \"...\" in {config_file()}."
        )
    return Curator(str(name))


def read_fields(path: Path) -> dict:
    """The fields of an edit from a YAML or JSON file (JSON is YAML); a bad file names its line."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TheraKGError(f"{path}: no such file.") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise TheraKGError(f"{path}{where}: not valid YAML or JSON ({problem}).") from None
    if not isinstance(data, dict):
        raise TheraKGError(f"{path}: expected field names and values (a mapping), found {type(data).__name__}.")
    return {str(k).replace("-", "_"): v for k, v in data.items()}


# -- the source files as loaded --------------------------------------------------------------


class Workspace:
    """The project's source files as loaded: one graph per file, and each file's digest."""

    def __init__(self, project: Project):
        self.project = project
        self.paths = project.source_files()
        self.graphs: dict[Path, Graph] = {path: parse_file(path) for path in self.paths}
        self.digests: dict[Path, str | None] = {path: digest(path) for path in self.paths}
        self._baseline: Findings | None = None
        self._indexes: dict[str, TermIndex] = {}
        self._merged: Graph | None = None

    @property
    def graph(self) -> Graph:
        """All the files' graphs merged (do not change it: edit a file's graph through a Change)."""
        if self._merged is None:
            self._merged = Graph()
            for graph in self.graphs.values():
                self._merged += graph
        return self._merged

    def replace(self, files: dict[Path, Graph], names_changed: bool = True) -> None:
        """Take `files` as the new graphs of those files."""
        self.graphs.update(files)
        self._merged = None
        self._baseline = None
        if names_changed:
            self._indexes.clear()

    def file_of(self, subject: Node) -> Path | None:
        """The file that describes `subject`."""
        return next((p for p, g in self.graphs.items() if (subject, None, None) in g), None)

    def resolve(self, name: str, kind: str = "term") -> URIRef:
        """The term a label, synonym, identifier or compact IRI names (as loaded)."""
        if kind not in self._indexes:
            with open_store("memory") as store:
                store.load(self.graph)
                self._indexes[kind] = TermIndex(store, kind)
        return self._indexes[kind].resolve(name)

    def draft(self) -> Workspace:
        """A copy to plan several edits on in memory (shares the loaded files until one changes)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.graphs = dict(self.graphs)
        copy._indexes = dict(self._indexes)
        return copy

    def baseline(self) -> Findings:
        """The problems the graph has as loaded (computed once)."""
        if self._baseline is None:
            self._baseline = findings(self.project, self.graphs)
        return self._baseline


# -- a planned edit, and its check ------------------------------------------------------------


@dataclass
class Change:
    """An edit planned but not written: the new graph of every file it touches."""

    operation: str
    summary: str
    terms: list[URIRef]
    files: dict[Path, Graph]
    reason: str | None = None
    removed: Graph | None = None  # what the edit takes out of the graph, kept in the change log

    def applied(self, workspace: Workspace) -> dict[Path, Graph]:
        return {**workspace.graphs, **self.files}


@dataclass
class Findings:
    """The problems a graph has: SHACL results and QC check results, each as one line."""

    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def findings(project: Project, graphs: dict[Path, Graph]) -> Findings:
    """The quality inbox of the graph the files make, each unwaived item as one line.

    Lines carry no file or line number, so the same problem before and after an edit is the
    same line however the file moved.
    """
    inbox = gather(project, build_from(project, merge_sources(graphs)))
    found = Findings()
    for item in inbox.items:
        if item.waived is not None:
            continue
        line = f"{item.term_label} ({item.term}) {item.message} [{item.rule}]"
        if item.severity == "warning":
            found.warnings.append(line)
        else:
            (found.violations if item.rule.startswith("shapes:") else found.errors).append(line)
    return found


@dataclass
class Verdict:
    """What an edit would do to the graph's problems."""

    new_violations: list[str]
    new_errors: list[str]
    new_warnings: list[str]
    fixed: int
    remaining: int

    @property
    def accepted(self) -> bool:
        return not self.new_violations and not self.new_errors

    def explain(self) -> str:
        lines = []
        if self.new_violations:
            lines.append("it would break these rules of the shapes:")
            lines += [f"  - {v}" for v in self.new_violations]
        if self.new_errors:
            lines.append("it would fail these quality checks:")
            lines += [f"  - {e}" for e in self.new_errors]
        if self.new_warnings:
            lines.append("warnings (these do not block the edit):")
            lines += [f"  - {w}" for w in self.new_warnings]
        if not lines:
            lines.append("no new problems.")
        if self.fixed:
            lines.append(f"It fixes {self.fixed} problem(s) the graph had.")
        if self.remaining:
            lines.append(f"{self.remaining} problem(s) the graph already had remain (see `therakg check --report`).")
        return "\n".join(lines)


def check_change(workspace: Workspace, change: Change) -> Verdict:
    """Validate the whole graph as it would be after `change`, against the graph as loaded."""
    before = workspace.baseline()
    after = findings(workspace.project, change.applied(workspace))
    old = set(before.violations) | set(before.errors) | set(before.warnings)
    new = set(after.violations) | set(after.errors) | set(after.warnings)
    return Verdict(
        new_violations=sorted(set(after.violations) - old),
        new_errors=sorted(set(after.errors) - old),
        new_warnings=sorted(set(after.warnings) - old),
        fixed=len(old - new),
        remaining=len(old & new),
    )


# -- saving ------------------------------------------------------------------------------------


@dataclass
class Saved:
    change: Change
    verdict: Verdict
    files: list[Path]


def save(workspace: Workspace, change: Change, curator: Curator, *, today: dt.date | None = None) -> Saved:
    """Check `change`; if it adds no problem and no file changed since loading, write it."""
    today = today or dt.date.today()
    stamped = _stamped(change, curator, today)
    verdict = check_change(workspace, stamped)
    if not verdict.accepted:
        raise EditRejected(verdict)
    project = workspace.project
    with _edit_lock(project):
        _refuse_if_changed(workspace)
        texts = {path: _file_text(path, graph) for path, graph in stamped.files.items()}
        before = {path: (path.read_text(encoding="utf-8") if path.exists() else None) for path in texts}
        _keep_for_undo(project, stamped, before, texts, curator)
        for path, text in texts.items():
            write_atomically(path, text)
        _log(project, stamped, curator, before, texts)
    workspace.replace(stamped.files)
    workspace.digests.update({path: digest(path) for path in stamped.files})
    return Saved(stamped, verdict, list(texts))


def _stamped(change: Change, curator: Curator, today: dt.date) -> Change:
    """The change with `dcterms:modified` and the curator on every term it touches."""
    files = {}
    for path, graph in change.files.items():
        graph = copy_graph(graph)
        for term in change.terms:
            if (term, None, None) in graph:
                graph.set((term, DCTERMS.modified, Literal(today.isoformat(), datatype=XSD.date)))
                graph.add((term, DCTERMS.contributor, curator.term))
        files[path] = graph
    return Change(change.operation, change.summary, change.terms, files, change.reason, change.removed)


def _file_text(path: Path, graph: Graph) -> str:
    comments = header_comments(path.read_text(encoding="utf-8")) if path.exists() else []
    return canonical_text(graph, comments)


def _refuse_if_changed(workspace: Workspace) -> None:
    changed = [p for p in workspace.paths if digest(p) != workspace.digests[p]]
    added = [p for p in workspace.project.source_files() if p not in workspace.digests]
    if changed or added:
        names = ", ".join(workspace.project.relative(p) for p in (changed + added)[:5])
        raise ConcurrentChange(
            f"{names} changed on disk after the data was loaded (another curator or tool saved it). "
            "Nothing was written: reload the data and make the edit again."
        )


@contextmanager
def _edit_lock(project: Project):
    """One edit at a time per project, across processes."""
    path = project.root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _log(project: Project, change: Change, curator: Curator, before: dict, after: dict) -> None:
    entry = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "who": curator.name,
        "operation": change.operation,
        "summary": change.summary,
        "terms": [compact(str(t)) for t in change.terms],
        "files": [project.relative(p) for p in after],
    }
    if change.reason:
        entry["reason"] = change.reason
    if change.removed is not None and len(change.removed):
        entry["removed"] = change.removed.serialize(format="nt")
    append_log(project, entry)


def append_log(project: Project, entry: dict) -> None:
    path = project.root / CHANGELOG
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    write_atomically(path, old + json.dumps(entry, ensure_ascii=False) + "\n")


def change_log(project: Project, limit: int | None = None) -> list[dict]:
    """The change log, newest first."""
    path = project.root / CHANGELOG
    if not path.exists():
        return []
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return entries[::-1][:limit]


# -- undo ----------------------------------------------------------------------------------------


def _keep_for_undo(project: Project, change: Change, before: dict, after: dict, curator: Curator) -> None:
    folder = project.root / UNDO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.json"))
    number = int(existing[-1].stem) + 1 if existing else 1
    record = {
        "summary": change.summary,
        "who": curator.name,
        "files": {project.relative(p): {"before": before[p], "after_digest": _text_digest(after[p])} for p in after},
    }
    write_atomically(folder / f"{number:06d}.json", json.dumps(record, ensure_ascii=False))
    for old in existing[: max(0, len(existing) + 1 - KEEP_UNDO)]:
        old.unlink()


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def last_edit(project: Project) -> dict | None:
    """The most recent edit that can be undone, or None."""
    records = sorted((project.root / UNDO_DIR).glob("*.json"))
    return json.loads(records[-1].read_text(encoding="utf-8")) if records else None


def undo(project: Project, curator: Curator) -> str:
    """Put back the files the last edit changed, if nobody changed them since; returns its summary."""
    records = sorted((project.root / UNDO_DIR).glob("*.json"))
    if not records:
        raise TheraKGError("There is no edit to undo.")
    record = json.loads(records[-1].read_text(encoding="utf-8"))
    with _edit_lock(project):
        for name, state in record["files"].items():
            if digest(project.root / name) != state["after_digest"]:
                raise ConcurrentChange(
                    f"{name} changed after the edit \"{record['summary']}\": undo would lose that change, so nothing was put back."
                )
        for name, state in record["files"].items():
            path = project.root / name
            if state["before"] is None:
                path.unlink()
            else:
                write_atomically(path, state["before"])
        records[-1].unlink()
        append_log(project, {
            "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "who": curator.name,
            "operation": "undo",
            "summary": f"Undid: {record['summary']}",
            "terms": [],
            "files": list(record["files"]),
        })
    return record["summary"]


def copy_graph(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy
