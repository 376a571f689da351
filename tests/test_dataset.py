"""The real dataset in claims/: complete, sourced, dated, and in our own words."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT
from mkdocs_claims.model import STRONG_SOURCE_KINDS, Dataset
from mkdocs_claims.project import check_project, read_project_options

SHARED = ROOT.parent / "shared"
TODAY = dt.datetime.now(tz=dt.UTC).date()


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    result = check_project(ROOT, read_project_options(ROOT / "mkdocs.yml"), TODAY)
    assert [str(p) for p in result.problems] == []  # no errors and no warnings
    assert result.dataset is not None
    return result.dataset


def test_at_least_seventy_claims(dataset: Dataset) -> None:
    assert len(dataset.claims) >= 70


def test_every_claim_is_sourced(dataset: Dataset) -> None:
    for claim in dataset.claims:
        sources = [dataset.source(i) for i in claim.cited_source_ids]
        assert len({s.id for s in sources if s}) >= 2, claim.id
        if claim.verdict_id != "unproven":
            assert any(s and s.kind in STRONG_SOURCE_KINDS for s in sources), claim.id
        assert claim.appearances or claim.appearances_note, claim.id
        assert all(point.source_ids for point in claim.evidence), claim.id


def test_every_source_is_cited(dataset: Dataset) -> None:
    cited = {s for c in dataset.claims for s in c.cited_source_ids}
    cited |= {a.source_id for c in dataset.claims for a in c.appearances}
    cited |= {s for t in dataset.glossary for s in t.sources} | {s for e in dataset.timeline for s in e.sources}
    assert [s.id for s in dataset.sources if s.id not in cited] == []


def test_every_source_is_complete(dataset: Dataset) -> None:
    for source in dataset.sources:
        assert source.title and source.date and source.kind, source.id
        assert source.publisher or source.author, source.id
        assert not source.url or source.url.startswith(("http://", "https://")), source.id


def test_seed_articles_are_registered_and_cited_as_appearances(dataset: Dataset) -> None:
    seeds = {"explainer-2025-debunking-myths", "grokipedia-scs", "rationalwiki-scs", "remotepad-2024"}
    appearing = {a.source_id for c in dataset.claims for a in c.appearances}
    assert seeds <= appearing


def test_no_review_date_in_the_future(dataset: Dataset) -> None:
    for claim in dataset.claims:
        assert dt.date.fromisoformat(claim.reviewed) <= TODAY, claim.id
        assert all(dt.date.fromisoformat(c.date) <= TODAY for c in claim.changelog), claim.id


def test_verdicts_use_the_scale_and_vary(dataset: Dataset) -> None:
    verdicts = Counter(c.verdict_id for c in dataset.claims)
    assert set(verdicts) <= {v.id for v in dataset.scale.verdicts}
    assert verdicts["true"] >= 5 and verdicts["false"] >= 5  # a myth-vs-fact site checks facts too


def test_glossary_is_complete(dataset: Dataset) -> None:
    assert len(dataset.glossary) >= 25
    for term in dataset.glossary:
        assert term.term and term.original and term.romanization and term.definition, term.id
        assert term.original_lang == "zh-Hans" and term.romanization_lang == "zh-Latn-pinyin", term.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in term.original), term.id
    assert sum(1 for t in dataset.glossary if t.claims) >= 20


def test_timeline_is_complete(dataset: Dataset) -> None:
    assert len(dataset.timeline) >= 25
    years = sorted(int(e.date[:4]) for e in dataset.timeline)
    assert years[0] < 2005 and years[-1] >= 2025
    assert all(e.sources for e in dataset.timeline)


def test_featured_and_quiz_selections(dataset: Dataset) -> None:
    assert 3 <= sum(c.featured for c in dataset.claims) <= 12
    assert sum(c.quiz for c in dataset.claims) >= 12


def test_quotes_are_short(dataset: Dataset) -> None:
    for claim in dataset.claims:
        for point in claim.evidence:
            if point.quote:
                assert len(point.quote.text.split()) <= 40, claim.id


def test_every_audience_has_claims(dataset: Dataset) -> None:
    for audience in ("journalists", "travelers", "educators"):
        assert sum(audience in c.audiences for c in dataset.claims) >= 10, audience


@pytest.mark.skipif(not (SHARED / "tools" / "copycheck").exists(), reason="../shared is not beside the project")
def test_our_own_words() -> None:
    """No run of 10+ words shared with the seed articles or the research dossier."""
    result = subprocess.run([str(SHARED / "tools" / "copycheck")], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.stdout.strip().splitlines()[-1] == "copycheck: 0 shared run(s) of 10+ words", result.stdout
    assert result.returncode == 0


def test_check_command_on_the_real_project() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "mkdocs_claims", "check", "--strict"], cwd=ROOT,
                            capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("0 error(s), 0 warning(s)")


def test_current_to_december_2026(dataset: Dataset) -> None:
    """The 2024–2026 developments the December 2026 review found missing are in the claims and the timeline."""
    claims_text = " ".join(" ".join(c.prose) for c in dataset.claims)
    timeline_text = " ".join(e.title + " " + e.text for e in dataset.timeline)
    for needle in ("Order No. 36", "[2025] No. 22", "Qiantang", "Pudao", "Unreliable Entity List"):
        assert needle in claims_text, needle
        assert needle in timeline_text, needle
    assert any(e.date.startswith("2026") for e in dataset.timeline)
    assert any(f.period_end.startswith("2025") for f in dataset.figures)  # the court figures for 2025


def test_corrections_record_the_changed_verdicts(dataset: Dataset) -> None:
    corrected = {c.id: c for c in dataset.claims if c.corrections}
    assert len(corrected) >= 4
    for claim in corrected.values():
        assert claim.corrections[0].new_verdict == claim.verdict_id
        assert claim.corrections[0].old_verdict != claim.verdict_id


def test_reader_notes_carry_no_internal_markers(dataset: Dataset) -> None:
    markers = ("not verified", "Seed S", "archived_url", "[V]", "[K]", "[NV]", "reconstructed")
    texts = [s.reader_note for s in dataset.sources] + [a.note for c in dataset.claims for a in c.appearances]
    texts += [c.reader_note for c in dataset.claims] + [c.appearances_note for c in dataset.claims]
    assert [t for t in texts if any(m in t for m in markers)] == []


def test_every_count_is_a_figure_with_unit_period_and_source(dataset: Dataset) -> None:
    assert len(dataset.figures) >= 30
    for figure in dataset.figures:
        assert figure.unit and figure.period and dataset.source(figure.source_id), figure.id
