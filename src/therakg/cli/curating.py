"""Commands for curators: fmt, the edit commands (term, evidence, undo), export/import templates, diff and release."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import edits
from ..build import build_graph
from ..canonical import format_files
from ..curate import EditRejected, Workspace, check_change, find_curator, read_fields, save
from ..curate import undo as undo_last
from ..diff import diff_graphs, load_version
from ..atomic import write_atomically
from ..release import ReleaseRefused, make_release
from ..templates import KINDS as TEMPLATE_KINDS
from ..templates import TemplateError, export_template, plan_import
from ..project import Project
from . import EXIT_OK, EXIT_PROBLEMS, friendly_errors, main, pass_project


@main.command()
@click.option("--check", "check_only", is_flag=True, help="Only report files that are not in the canonical layout (exit 1 if any).")
@pass_project
@friendly_errors
def fmt(project: Project, check_only: bool) -> None:
    """Rewrite every Turtle source file in the one canonical layout, so a one-line edit is a one-line diff.

    Sorted subjects and predicates, stable prefixes, one blank line between subjects;
    comments are kept at the top of their file. With --check nothing is written: exit 1
    lists the files that would change (CI runs this).

    \b
    Example:
        therakg fmt --check
    """
    results = format_files(project.editable_files(), write=not check_only)
    changed = [r.path for r in results if r.changed]
    if check_only:
        for path in changed:
            click.echo(f"not canonical: {project.relative(path)}")
        click.echo(f"{len(results) - len(changed)} of {len(results)} files are in the canonical layout.")
        sys.exit(EXIT_PROBLEMS if changed else EXIT_OK)
    for path in changed:
        click.echo(f"formatted {project.relative(path)}")
    click.echo(f"{len(changed)} of {len(results)} files rewritten.")


# -- edits ---------------------------------------------------------------------------------------

curator_option = click.option(
    "--curator", default=None, metavar="NAME",
    help="Who makes the edit: a name or an ORCID (default: $THERAKG_CURATOR, or curator = \"...\" in ~/.config/therakg/config.toml).",
)
dry_run_option = click.option("--dry-run", is_flag=True, help="Check the edit against the whole graph and report, but write nothing.")
from_option = click.option(
    "--from", "from_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Read the fields from a YAML or JSON file (field names as in the options, with _ for -); options given on the line win.",
)


def _fields(from_file: Path | None, given: dict) -> dict:
    """Fields from a YAML/JSON file, overridden by the options actually given."""
    fields = read_fields(from_file) if from_file else {}
    for name, value in given.items():
        if value not in (None, ()):
            fields[name] = list(value) if isinstance(value, tuple) else value
    return fields


def _apply(project: Project, plan, curator: str | None, dry_run: bool) -> None:
    """Plan the edit on freshly loaded files, check it, and save it unless this is a dry run."""
    workspace = Workspace(project)
    who = find_curator(curator) if not dry_run else None
    change = plan(workspace)
    if not change.files:
        click.echo(f"{change.summary}: nothing to change.")
        return
    if dry_run:
        verdict = check_change(workspace, change)
        click.echo(f"{change.summary} (dry run, nothing written)")
        click.echo(("Would be accepted: " if verdict.accepted else "Would be REJECTED: ") + verdict.explain())
        sys.exit(EXIT_OK if verdict.accepted else EXIT_PROBLEMS)
    try:
        saved = save(workspace, change, who)
    except EditRejected as e:
        click.echo(str(e), err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(saved.change.summary)
    for path in saved.files:
        click.echo(f"  wrote {project.relative(path)}")
    click.echo("Checked against the whole graph: " + saved.verdict.explain())


def term_field_options(command):
    for flag, name, help_text, multiple in reversed([
        ("--type", "type", "The class: a compact IRI (tkg:PsychologicalIntervention) or its label; repeatable.", True),
        ("--label", "label", "The preferred label, in British spelling.", False),
        ("--synonym", "synonyms", "A synonym, abbreviation or US spelling (add @en-us for US spellings); repeatable.", True),
        ("--definition", "definition", "A definition in your own words.", False),
        ("--parent", "parent", "A broader term (label or compact IRI); repeatable.", True),
        ("--icd10", "icd10", "A checked WHO ICD-10 code; repeatable.", True),
        ("--exact-match", "exact_match", "The IRI of the same concept in another ontology; repeatable.", True),
        ("--delivered-by", "delivered_by", "A professional role that delivers it; repeatable.", True),
        ("--delivered-in", "delivered_in", "A setting it happens in; repeatable.", True),
        ("--suitable-for", "suitable_for", "An age group it suits; repeatable.", True),
        ("--measured-by", "measured_by", "An outcome measure used with it; repeatable.", True),
        ("--used-alongside", "used_alongside", "An intervention it is used alongside; repeatable.", True),
    ]):
        command = click.option(flag, name, multiple=multiple, default=None, help=help_text)(command)
    return command


def evidence_field_options(command):
    for flag, name, help_text in reversed([
        ("--intervention", "intervention", "The intervention (label, synonym or compact IRI)."),
        ("--condition", "condition", "The condition."),
        ("--population", "population", "The age group the source speaks of."),
        ("--recommendation", "recommendation", "Offer, Consider, Do not offer, Only in research or No recommendation."),
        ("--certainty", "certainty", "The certainty the source gives (or 'Not graded')."),
        ("--source", "source", "The source, by identifier (NG222) or compact IRI."),
        ("--locator", "locator", "The recommendation number or section in the source (1.5.2)."),
        ("--source-page", "source_page", "The address of the page holding the recommendation."),
        ("--confirmed-at", "confirmed_at", "The address of the page where you read it."),
        ("--qualifier", "qualifier", "A condition on the recommendation (e.g. 'if the person prefers')."),
        ("--comment", "comment", "What the source says, in your own words."),
    ]):
        command = click.option(flag, name, default=None, help=help_text)(command)
    return command


@main.group()
def term() -> None:
    """Add, update, deprecate or merge terms, checked against the whole graph before anything is written.

    \b
    Example:
        therakg term add --type tkg:PsychologicalIntervention --label "Compassion-focused therapy" \\
            --definition "A talking therapy that ..." --parent "Psychological therapy"
    """


@term.command("add")
@term_field_options
@click.option("--id", "iri", default=None, help="The new term's identifier (default: made from the label, tkr:compassion-focused-therapy).")
@click.option("--into", "into_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The data file to file it in (default: beside its parent, or with most terms of its class).")
@from_option
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def term_add(project: Project, iri, into_file, from_file, curator, dry_run, **given) -> None:
    """Add a term: type, label and definition at least.

    \b
    Example:
        therakg term add --from new-term.yaml --curator "A. Curator"
    """
    fields = _fields(from_file, given)
    _apply(project, lambda ws: edits.add_term(ws, fields, iri=iri, file=into_file), curator, dry_run)


@term.command("update")
@click.argument("name")
@term_field_options
@from_option
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def term_update(project: Project, name, from_file, curator, dry_run, **given) -> None:
    """Change fields of a term; a repeatable field given replaces the whole list.

    \b
    Example:
        therakg term update "Behavioural activation" --synonym BA --synonym "behavioral activation@en-us"
    """
    fields = _fields(from_file, given)
    _apply(project, lambda ws: edits.update_term(ws, name, fields), curator, dry_run)


@term.command("deprecate")
@click.argument("name")
@click.option("--reason", required=True, help="Why the term is obsolete (kept as its history note).")
@click.option("--replaced-by", default=None, help="The term to use instead.")
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def term_deprecate(project: Project, name, reason, replaced_by, curator, dry_run) -> None:
    """Mark a term obsolete (never deleted): owl:deprecated, the replacement, the label prefixed "obsolete".

    A term still in use (by evidence or another term) cannot be deprecated: merge it into
    its replacement instead, which re-points every use.

    \b
    Example:
        therakg term deprecate tkr:old-term --reason "Split into two terms" --replaced-by tkr:new-term
    """
    _apply(project, lambda ws: edits.deprecate_term(ws, name, reason, replaced_by), curator, dry_run)


@term.command("merge")
@click.argument("name")
@click.argument("into")
@click.option("--reason", default=None, help="Why (default: 'Merged into ...').")
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def term_merge(project: Project, name, into, reason, curator, dry_run) -> None:
    """Merge NAME into INTO: every use re-pointed, NAME's labels kept as synonyms, NAME deprecated.

    \b
    Example:
        therakg term merge "Talking therapy" "Psychological therapy"
    """
    _apply(project, lambda ws: edits.merge_terms(ws, name, into, reason), curator, dry_run)


@main.group()
def evidence() -> None:
    """Add, update or retract evidence statements, checked against the whole graph before anything is written.

    \b
    Example:
        therakg evidence add --intervention "Behavioural activation" --condition Depression \\
            --population Adults --recommendation Offer --certainty "Not graded" --source NG222 \\
            --locator 1.5.2 --confirmed-at https://www.nice.org.uk/guidance/ng222/chapter/Recommendations
    """


@evidence.command("add")
@evidence_field_options
@from_option
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def evidence_add(project: Project, from_file, curator, dry_run, **given) -> None:
    """Add an evidence statement, filed with the other statements from its source.

    \b
    Example:
        therakg evidence add --from statement.yaml
    """
    fields = _fields(from_file, given)
    _apply(project, lambda ws: edits.add_evidence(ws, fields), curator, dry_run)


@evidence.command("update")
@click.argument("statement")
@evidence_field_options
@from_option
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def evidence_update(project: Project, statement, from_file, curator, dry_run, **given) -> None:
    """Change fields of an evidence statement (by its identifier, e.g. tkr:ev-ng222-1-5-2-...).

    \b
    Example:
        therakg evidence update tkr:ev-ng222-1-5-3-antidepressant-therapy-depression --qualifier routinely
    """
    fields = _fields(from_file, given)
    _apply(project, lambda ws: edits.update_evidence(ws, statement, fields), curator, dry_run)


@evidence.command("retract")
@click.argument("statement")
@click.option("--reason", required=True, help="Why the statement is withdrawn (kept in the change log with the statement).")
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def evidence_retract(project: Project, statement, reason, curator, dry_run) -> None:
    """Take an evidence statement out of the graph; the change log keeps it and the reason.

    \b
    Example:
        therakg evidence retract tkr:ev-ng32-1-2-1-art-classes-social-isolation --reason "Misread the verb"
    """
    _apply(project, lambda ws: edits.retract_evidence(ws, statement, reason), curator, dry_run)


@main.command()
@curator_option
@pass_project
@friendly_errors
def undo(project: Project, curator) -> None:
    """Put back the files the last edit changed (refused if they changed since).

    \b
    Example:
        therakg undo
    """
    summary = undo_last(project, find_curator(curator))
    click.echo(f"Undid: {summary}")


@main.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt_name", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@pass_project
@friendly_errors
def diff(project: Project, old: str, new: str | None, fmt_name: str) -> None:
    """What changed between two versions, in curator's words: terms and evidence.

    OLD and NEW are each a git revision (HEAD~3, a tag), a project folder, a release
    folder or a graph file; NEW defaults to the project as it is now. Reports terms added,
    removed, deprecated, relabelled and with changed definitions, and evidence statements
    added, removed or changed (recommendation, certainty, source ...).

    \b
    Example:
        therakg diff HEAD~1 --format markdown
    """
    old_graph = load_version(old, project)
    new_graph = load_version(new, project) if new else build_graph(project).graph
    result = diff_graphs(old_graph, new_graph, old, new or "the working copy")
    click.echo(result.to_json() if fmt_name == "json" else result.to_text(markdown=fmt_name == "markdown"), nl=False)


@main.command()
@click.option("--version", "version", default=None, metavar="YYYY-MM-DD", help="The release date (default: today).")
@click.option("--replace", is_flag=True, help="Redo a release of the same date.")
@pass_project
@friendly_errors
def release(project: Project, version: str | None, replace: bool) -> None:
    """Publish a dated release in dist/release/YYYY-MM-DD/, refusing if validation, QC or reasoning fails.

    Writes the graph stamped with owl:versionIRI and owl:versionInfo (Turtle, N-Triples,
    JSON-LD, RDF/XML), HTML documentation of the ontology, CSV tables for educators, what
    changed since the previous release, and SHA256SUMS. Needs Java for the reasoner.

    \b
    Example:
        therakg release --version 2026-12-01
    """
    try:
        made = make_release(project, version, replace=replace)
    except ReleaseRefused as e:
        click.echo(str(e), err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"Release {made.version} written to {project.relative(made.folder)} ({len(made.files)} files).")
    click.echo(f"Changes since release {made.previous}: see changes.md." if made.previous else "The first release: no earlier one to compare with.")


@main.command("export")
@click.option("--template", "kind", type=click.Choice(sorted(TEMPLATE_KINDS)), required=True,
              help="Which table: interventions, conditions or evidence.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (.tsv, or .csv for comma-separated); default: standard output as TSV.")
@pass_project
@friendly_errors
def export_command(project: Project, kind: str, out: Path | None) -> None:
    """Write interventions, conditions or evidence statements as a spreadsheet template to edit and import.

    Several values in one cell are separated by " | "; US spellings among synonyms end in @en-us.

    \b
    Example:
        therakg export --template interventions --out interventions.tsv
    """
    text = export_template(Workspace(project).graph, kind, out)
    if out is None:
        click.echo(text, nl=False)
        return
    write_atomically(out, text)
    click.echo(f"Wrote {text.count(chr(10)) - 1} {kind} to {out}.")


@main.command("import")
@click.argument("template", type=click.Path(dir_okay=False, path_type=Path))
@curator_option
@dry_run_option
@pass_project
@friendly_errors
def import_command(project: Project, template: Path, curator, dry_run) -> None:
    """Apply an edited template: a row with a known id updates it, a row with a new id adds it.

    Every row goes through the same check as any edit, as one change: a bad row is reported
    by row number and column, and nothing is written.

    \b
    Example:
        therakg import interventions.tsv --dry-run
    """
    def plan(ws):
        try:
            return plan_import(ws, template)
        except TemplateError as e:
            click.echo(str(e), err=True)
            sys.exit(EXIT_PROBLEMS)

    _apply(project, plan, curator, dry_run)
