"""The `therakg` command line: each command parses its options, makes one library call, prints.

Commands live in modules by area: `pipeline` (build, validate, reason, stats, check),
`querying` (queries, query, sparql), `serving` (load, serve) and `curating` (fmt, edits, diff, release).

Exit codes for commands that check something (after pySHACL): 0 all is well,
1 problems found, 2 the check could not run (bad input, missing tool).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import TheraKGError
from ..project import find_project

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def friendly_errors(command):
    """Turn a TheraKGError into one clear line on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except TheraKGError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


def pass_project(command):
    """Find the project (from --project, $THERAKG_PROJECT or the working directory) and pass it first."""

    @functools.wraps(command)
    @click.pass_context
    def wrapper(ctx: click.Context, *args, **kwargs):
        try:
            project = find_project(ctx.obj)
        except TheraKGError as e:
            raise click.UsageError(str(e)) from None
        return command(project, *args, **kwargs)

    return wrapper


store_option = click.option(
    "--store",
    "store",
    envvar="THERAKG_STORE",
    default=None,
    metavar="ADDRESS",
    help="Where the graph lives: memory (default: built from the project), oxigraph:PATH, or sparql:URL. "
    "Also read from THERAKG_STORE.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="therakg")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="THERAKG_PROJECT",
    help="The TheraKG project folder (default: the nearest folder above the working directory holding ontology/therakg.ttl).",
)
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None) -> None:
    """TheraKG: an open knowledge graph of therapeutic interventions in health and social care.

    For education, not clinical advice.

    \b
    Example:
        therakg build && therakg validate && therakg reason && therakg stats
    """
    ctx.obj = project_dir


from . import curating, pipeline, querying, serving  # noqa: E402,F401 - register the commands
