"""Shared fixtures: the shipped project, throw-away copies of it, and the real CLI."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from therakg import virtuoso as virtuoso_server
from therakg.build import build_graph
from therakg.project import Project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def tree_digest(folder: Path) -> dict[str, str]:
    """A checksum of every file under `folder`, to prove nothing was changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def shipped_ontology_is_never_changed():
    """Whatever the tests do, the project's own ontology/ must come out exactly as it went in."""
    before = tree_digest(ROOT / "ontology")
    yield
    assert tree_digest(ROOT / "ontology") == before, "a test changed files under ontology/"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def built(project):
    """The shipped graph, built once for the whole session."""
    return build_graph(project)


@pytest.fixture
def project_copy(tmp_path) -> Project:
    """A throw-away copy of the project's ontology and queries, safe to break."""
    for folder in ("ontology", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> CliResult:
    """Run the real `therakg` command line in a subprocess."""
    done = subprocess.run(
        [sys.executable, "-m", "therakg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def cli():
    return run_cli


def add_data(project: Project, name: str, text: str) -> Path:
    """Add a Turtle file to a project copy's data folder."""
    path = project.data_dir / "test-fixtures" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def requires_java():
    return pytest.mark.skipif(shutil.which("java") is None, reason="the HermiT reasoner needs Java")


#: set by CI: tests that need a real SPARQL server or browser must run, never skip
REQUIRE_SERVERS = os.environ.get("THERAKG_REQUIRE_SERVERS") == "1"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A private Virtuoso on loopback, started once per session and stopped at the end."""
    if not virtuoso_server.available():
        reason = "Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)"
        if REQUIRE_SERVERS:
            pytest.fail(f"{reason}, but THERAKG_REQUIRE_SERVERS=1: the server contract suite must run.")
        pytest.skip(reason)
    with virtuoso_server.PrivateVirtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_with_project(virtuoso, built):
    """The private Virtuoso holding the shipped graph in the project's named graph."""
    virtuoso.load(built.graph)
    return virtuoso
