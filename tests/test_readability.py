"""Plain language: summaries and the visitor FAQ read at about grade 8-10."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT
from mkdocs_claims.project import read_project_options
from mkdocs_claims.render.markup import plain_text
from mkdocs_claims.validate import load_dataset
from readability import flesch_kincaid_grade, markdown_to_prose, syllables

SUMMARY_MEAN_MAX = 10.0
SUMMARY_EACH_MAX = 13.0
FAQ_MAX = 10.0


def test_syllable_counter_on_known_words() -> None:
    counts = {"the": 1, "credit": 2, "system": 2, "government": 3, "citizen": 3, "score": 1, "blacklist": 2,
              "travel": 2, "people": 2, "surveillance": 3}
    assert {w: syllables(w) for w in counts} == counts


def test_grade_orders_easy_and_hard_text() -> None:
    easy = "The cat sat on the mat. It was a sunny day. We went out to play."
    hard = ("Comprehensive institutional mechanisms facilitating intergovernmental informational interoperability "
            "necessitate considerable administrative coordination.")
    assert flesch_kincaid_grade(easy) < 3 < 15 < flesch_kincaid_grade(hard)


def test_claim_summaries_are_plain() -> None:
    site = read_project_options(ROOT / "mkdocs.yml").site
    dataset, _ = load_dataset(ROOT / "claims", today=dt.date.today(), site=site)
    assert dataset is not None
    grades = {c.id: flesch_kincaid_grade(plain_text(c.summary)) for c in dataset.claims}
    mean = sum(grades.values()) / len(grades)
    print(f"summary grade: mean {mean:.1f}, max {max(grades.values()):.1f}")
    assert mean <= SUMMARY_MEAN_MAX
    assert {k: round(v, 1) for k, v in grades.items() if v > SUMMARY_EACH_MAX} == {}


def test_visitor_faq_is_plain() -> None:
    prose = markdown_to_prose((ROOT / "content" / "visitors" / "index.md").read_text(encoding="utf-8"))
    grade = flesch_kincaid_grade(prose)
    print(f"visitor FAQ grade: {grade:.1f}")
    assert 3 <= grade <= FAQ_MAX  # the lower bound catches prose the parser lost
