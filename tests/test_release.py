"""therakg release: a dated, checked, checksummed release in dist/release/YYYY-MM-DD/."""

from __future__ import annotations

import hashlib
import json

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

from conftest import add_data, requires_java


@requires_java()
def test_release_writes_every_format_docs_tables_changes_and_checksums(project_copy, cli):
    first = cli("--project", str(project_copy.root), "release", "--version", "2026-11-01")
    assert first.code == 0, first.stderr
    folder = project_copy.root / "dist" / "release" / "2026-11-01"
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"therakg.ttl", "therakg.nt", "therakg.jsonld", "therakg.owl", "docs/index.html", "evidence.csv",
            "interventions.csv", "conditions.csv", "sources.csv", "changes.md", "SHA256SUMS"} <= names
    graph = Graph().parse(folder / "therakg.ttl")
    ontology = URIRef("https://w3id.org/therakg/ontology")
    assert graph.value(ontology, OWL.versionIRI) == URIRef("https://w3id.org/therakg/ontology/releases/2026-11-01")
    assert graph.value(ontology, OWL.versionInfo) == Literal("2026-11-01")
    assert len(Graph().parse(folder / "therakg.jsonld")) == len(graph)
    import owlready2

    assert owlready2.World().get_ontology((folder / "therakg.owl").as_uri()).load() is not None
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert "Behavioural activation" in (folder / "interventions.csv").read_text()
    assert "TheraKG" in (folder / "docs" / "index.html").read_text()

    psychological = project_copy.data_dir / "interventions" / "psychological.ttl"
    psychological.write_text(psychological.read_text().replace('"Behavioural activation"@en', '"Behavioural activation therapy"@en'))
    second = cli("--project", str(project_copy.root), "release", "--version", "2026-11-02")
    assert second.code == 0, second.stderr
    changes = json.loads((project_copy.root / "dist" / "release" / "2026-11-02" / "changes.json").read_text())
    assert [t["term"] for t in changes["terms_relabelled"]] == ["tkr:behavioural-activation"]
    again = cli("--project", str(project_copy.root), "release", "--version", "2026-11-02")
    assert again.code == 2 and "--replace" in again.stderr


def test_release_refuses_a_graph_that_fails_its_checks_and_writes_nothing(project_copy, cli):
    add_data(project_copy, "broken.ttl", """
        @prefix tkg: <https://w3id.org/therakg/ontology#> .
        @prefix tkr: <https://w3id.org/therakg/resource/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        tkr:test-therapy a tkg:PsychologicalIntervention ; skos:prefLabel "Test therapy"@en ;
            skos:broader tkr:psychotherapy .
    """)
    result = cli("--project", str(project_copy.root), "release", "--version", "2026-11-03")
    assert result.code == 1
    assert "refused" in result.stderr and "tkr:test-therapy" in result.stderr
    assert not (project_copy.root / "dist" / "release" / "2026-11-03").exists()


def test_a_release_is_named_by_a_date(project_copy, cli):
    result = cli("--project", str(project_copy.root), "release", "--version", "v1")
    assert result.code == 2 and "YYYY-MM-DD" in result.stderr
