"""Commands that ask the graph questions: queries, query, sparql."""

from __future__ import annotations

import json
import sys

import click

from ..errors import TheraKGError
from ..graph import open_store_for, store_address
from ..guard import check_query
from ..project import Project
from ..queries import catalogue, catalogue_markdown, get_query, run_query
from ..results import FORMATS, Answer
from ..sandbox import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT, Caps, Sandbox
from ..tables import format_table
from . import friendly_errors, main, pass_project, store_option

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="How to write the answer."
)
max_rows_option = click.option(
    "--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS, show_default=True, help="Stop after this many rows."
)


def _print(answer: Answer, fmt: str) -> None:
    click.echo(answer.render(fmt))
    if answer.note():
        click.echo(answer.note(), err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True,
              help="markdown writes the catalogue reference (docs/queries.md).")
@click.option("--audience", type=click.Choice(["educator", "curator", "analyst"]), help="Only queries for this audience.")
@pass_project
@friendly_errors
def queries(project: Project, fmt: str, audience: str | None) -> None:
    """List the query catalogue: each query's name, title, audience and parameters.

    \b
    Example:
        therakg queries --audience educator
    """
    listed = [q for q in catalogue(project).values() if audience is None or audience in q.audience]
    if fmt == "json":
        click.echo(json.dumps([q.describe() for q in listed], indent=2))
        return
    if fmt == "markdown":
        click.echo(catalogue_markdown(listed))
        return
    rows = [[q.name, q.title, ", ".join(q.audience),
             " ".join(f"{p.name}={p.type}" + ("?" if p.optional else "") for p in q.params)] for q in listed]
    click.echo(format_table(["name", "title", "audience", "parameters (? = optional)"], rows))


@main.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter; a term may be named by label, synonym or compact IRI. Repeat for more.")
@format_option
@max_rows_option
@store_option
@pass_project
@friendly_errors
def query(project: Project, name: str, params: tuple[str, ...], fmt: str, max_rows: int, store: str | None) -> None:
    """Run a catalogue query by NAME, with parameters.

    \b
    Example:
        therakg query interventions-for-condition -p condition="generalised anxiety disorder" --format csv
    """
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise TheraKGError(f"A parameter is KEY=VALUE, got {item!r}.")
        values[key.strip()] = value.strip()
    chosen = get_query(project, name)
    with open_store_for(project, store) as opened:
        _print(run_query(opened, chosen, values, max_rows), fmt)


@main.command()
@click.argument("file", type=click.File("r", encoding="utf-8"))
@format_option
@max_rows_option
@click.option("--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Stop the query after this many seconds.")
@store_option
@pass_project
@friendly_errors
def sparql(project: Project, file, fmt: str, max_rows: int, timeout: float, store: str | None) -> None:
    """Run your own SPARQL query from FILE (or - for standard input), read-only.

    Updates, SERVICE, LOAD and remote FROM are refused before the query runs; the answer
    is capped in rows and time. The project's prefixes (tkg:, tkr:, skos: ...) are declared.

    \b
    Example:
        echo 'SELECT ?label WHERE { ?c a tkg:Condition ; skos:prefLabel ?label }' | therakg sparql - --format csv
    """
    checked = check_query(file.read())
    caps = Caps(timeout=timeout, max_rows=max_rows)
    with Sandbox.for_project(project, store_address(store), workers=1, caps=caps) as sandbox:
        answer = sandbox.run(checked, max_rows=max_rows)
    _print(answer, fmt)
    sys.stdout.flush()
