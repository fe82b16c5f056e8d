"""Progress for long steps: a bar on a terminal, silence in pipes, logs and tests."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


def progress(items: Iterable[T], label: str, length: int | None = None) -> Iterator[T]:
    """Yield `items`, drawing a progress bar on stderr only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, length=length, file=sys.stderr) as bar:
        yield from bar


def step(message: str) -> None:
    """Announce a step on a terminal (stderr), so long runs never look frozen."""
    if sys.stderr.isatty():
        click.echo(f"… {message}", err=True)
