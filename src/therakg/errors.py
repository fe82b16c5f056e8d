"""Errors that reach people: each one says what went wrong in plain words."""

from __future__ import annotations

from pathlib import Path


class TheraKGError(Exception):
    """Something the user can act on; the CLI prints it without a traceback."""


class SourceSyntaxError(TheraKGError):
    """A source file is not valid Turtle. Names the file, the line and the problem."""

    def __init__(self, path: Path, line: int, problem: str):
        self.path = Path(path)
        self.line = line
        self.problem = problem
        super().__init__(f"{self.path}:{line}: {problem}")


class ProjectNotFound(TheraKGError):
    """No TheraKG project (a folder with ontology/therakg.ttl) where one was looked for."""


class StoreError(TheraKGError):
    """A store could not be opened, or refused an operation."""


class ReasonerUnavailable(TheraKGError):
    """The OWL reasoner could not be started (for example, no Java)."""
