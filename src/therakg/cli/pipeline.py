"""Commands that build and check the graph: build, validate, reason, stats, check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..build import build_graph, write_release
from ..checks import load_checks, run_checks
from ..checks import report as checks_report
from ..graph import open_store_for
from ..inbox import gather
from ..project import Project
from ..reason import reason as run_reasoner
from ..stats import stats as count_stats
from ..tables import format_table
from ..validate import validate as run_validation
from . import EXIT_OK, EXIT_PROBLEMS, friendly_errors, main, pass_project, store_option

out_option = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the release graph to (default: dist/ in the project).",
)


@main.command()
@out_option
@pass_project
@friendly_errors
def build(project: Project, out: Path | None) -> None:
    """Parse every source file, merge, derive shortcut edges, and write the release graph.

    Writes therakg.ttl and therakg.nt. A syntax error names the file and line (exit 2).

    \b
    Example:
        therakg build --out dist/
    """
    result = build_graph(project)
    files = write_release(result.graph, out or project.dist_dir)
    click.echo(
        f"Built {len(result.graph)} triples from {len(result.sources.files)} source files "
        f"({len(result.derived)} derived shortcut edges)."
    )
    for path in files:
        click.echo(f"  wrote {project.relative(path)}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_project
@friendly_errors
def validate(project: Project, fmt: str) -> None:
    """Check the data against the SHACL shapes, and report problems term by term.

    Exit 0 when the data conforms, 1 when it has violations, 2 when validation could not run.

    \b
    Example:
        therakg validate --format json > report.json
    """
    report = run_validation(project)
    click.echo(report.to_json() if fmt == "json" else report.to_text())
    sys.exit(EXIT_OK if report.conforms else EXIT_PROBLEMS)


@main.command()
@out_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_project
@friendly_errors
def reason(project: Project, out: Path | None, fmt: str) -> None:
    """Run the OWL reasoner (HermiT): consistency, unsatisfiable classes, inferred types.

    When all is well, the inferred types are added to the release graph in the output
    folder and also written alone to therakg-inferred.ttl. Exit 0 consistent, 1 inconsistent
    or unsatisfiable classes, 2 the reasoner could not run (for example, no Java).

    \b
    Example:
        therakg reason --format json
    """
    built = build_graph(project)
    result = run_reasoner(built.graph, built.sources)
    written: list[Path] = []
    if result.ok:
        out_dir = out or project.dist_dir
        written = write_release(built.graph + result.inferred, out_dir)
        inferred_file = out_dir / "therakg-inferred.ttl"
        result.inferred.serialize(inferred_file, format="turtle", encoding="utf-8")
        written.append(inferred_file)
    if fmt == "json":
        click.echo(json.dumps({
            "consistent": result.consistent,
            "unsatisfiable_classes": result.unsatisfiable,
            "inferred_triples": len(result.inferred),
            "explanation": result.explanation,
            "written": [project.relative(p) for p in written],
        }, indent=2))
    elif not result.consistent:
        click.echo("The ontology is INCONSISTENT:", err=True)
        for line in result.explanation:
            click.echo(f"  - {line}", err=True)
    elif result.unsatisfiable:
        click.echo("The ontology is consistent, but these classes can have no members (unsatisfiable):", err=True)
        for cls in result.unsatisfiable:
            click.echo(f"  - {cls}", err=True)
    else:
        click.echo(f"The ontology is consistent; no unsatisfiable classes; {len(result.inferred)} inferred types.")
        for path in written:
            click.echo(f"  wrote {project.relative(path)}")
    sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@pass_project
@friendly_errors
def stats(project: Project, fmt: str, store: str | None) -> None:
    """Count terms per class, and evidence statements per recommendation and certainty.

    \b
    Example:
        therakg stats --format json
    """
    with open_store_for(project, store) as opened:
        tables = count_stats(project, opened)
    if fmt == "json":
        click.echo(json.dumps([{"title": t.title, "rows": [dict(zip(t.headers, r)) for r in t.rows]} for t in tables], indent=2))
        return
    click.echo("\n\n".join(format_table(t.headers, t.rows, title=t.title) for t in tables))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--report", is_flag=True, help="The quality inbox: SHACL results, quality checks and (with --reason) "
              "reasoner findings in one list, grouped by term, with a suggested fix, file and line, and waivers applied.")
@click.option("--reason", "with_reasoner", is_flag=True, help="With --report: run the reasoner too (needs Java).")
@store_option
@pass_project
@friendly_errors
def check(project: Project, fmt: str, report: bool, with_reasoner: bool, store: str | None) -> None:
    """Run the quality checks in queries/qc/ (each "Ensure that ..."; any row returned is a problem).

    Exit 0 when no error-level check finds a problem (warnings are reported), 1 when one
    does, 2 when the checks could not run. With --report, the whole quality inbox (waived
    items are listed as waived and do not fail).

    \b
    Example:
        therakg check --report --format markdown
    """
    if report:
        inbox = gather(project, reasoner=with_reasoner)
        click.echo(inbox.to_json() if fmt == "json" else inbox.to_text(markdown=fmt == "markdown"), nl=False)
        sys.exit(EXIT_PROBLEMS if inbox.blocking else EXIT_OK)
    with open_store_for(project, store) as opened:
        results = run_checks(opened, load_checks(project))
    if fmt == "json":
        click.echo(json.dumps([
            {"check": r.check.name, "ensure": r.check.ensure, "severity": r.check.severity, "passed": r.passed,
             "problems": [{"term": f.name, "problem": f.problem} for f in r.problems]} for r in results
        ], indent=2))
    else:
        click.echo(checks_report(results))
    failed = any(not r.passed and r.check.severity == "error" for r in results)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)
