"""Where a TheraKG project keeps its files.

A project is a folder holding `ontology/therakg.ttl`. Commands find it by walking up from
the working directory (like git), or take it from `--project` / `THERAKG_PROJECT`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectNotFound

ONTOLOGY_FILE = Path("ontology/therakg.ttl")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_file(self) -> Path:
        return self.root / ONTOLOGY_FILE

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def data_dir(self) -> Path:
        return self.ontology_dir / "data"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    def source_files(self) -> list[Path]:
        """The files that make up the graph: the ontology, then every data file, sorted."""
        return [self.ontology_file, *sorted(self.data_dir.rglob("*.ttl"))]

    def editable_files(self) -> list[Path]:
        """Every hand-edited Turtle file: the source files and the SHACL shapes."""
        return [*self.source_files(), self.shapes_file]

    def relative(self, path: Path) -> str:
        """A path as people should read it: relative to the project root where possible."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def find_project(start: str | os.PathLike | None = None) -> Project:
    """The project at `start`, or $THERAKG_PROJECT, or the nearest one above the working directory."""
    if start is None:
        start = os.environ.get("THERAKG_PROJECT")
    if start is not None:
        root = Path(start)
        if not (root / ONTOLOGY_FILE).is_file():
            raise ProjectNotFound(f"{root} is not a TheraKG project: {ONTOLOGY_FILE} is missing there.")
        return Project(root)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / ONTOLOGY_FILE).is_file():
            return Project(folder)
    raise ProjectNotFound(
        f"No TheraKG project here: no {ONTOLOGY_FILE} in {here} or any folder above it. "
        "Run the command inside a TheraKG checkout, or pass --project DIR."
    )
