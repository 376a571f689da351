"""What a teacher prints and a class does, checked in Debian's Chromium: PDFs of the handouts, the quiz end to end,
and the explorer's word filter."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
expect.set_options(timeout=10_000)

HANDOUTS = ("myth-or-fact-cards", "myth-or-fact-worksheet", "checking-a-viral-claim-cards",
            "checking-a-viral-claim-worksheet", "comparing-rating-systems-cards", "comparing-rating-systems-table")
VERDICT_WORDS = ("Verdict:", "Mostly false", "Mostly true", "Misleading", "Unproven")




@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def pdf_pages(page: Page, url: str, paper: str = "A4") -> list[str]:
    """The text of each page of the PDF that Chromium prints for ``url``."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=False)))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


@pytest.mark.parametrize("handout", HANDOUTS)
def test_handout_prints_on_one_or_two_pages_without_answers(page: Page, site_url: str, handout: str) -> None:
    pages = pdf_pages(page, f"{site_url}educators/handouts/{handout}/")
    assert 1 <= len(pages) <= 2, (handout, len(pages))
    assert all(len(text) > 100 for text in pages), [len(t) for t in pages]  # no near-empty page
    assert "Name:" in pages[0]
    if handout.endswith("-cards"):  # the predict step: no card may give its verdict away
        assert not any(word in " ".join(pages) for word in VERDICT_WORDS), handout
    assert "Search" not in pages[0][:200]  # the site's chrome is not printed


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_quiz_student_sheet_prints_without_answers(page: Page, site_url: str, paper: str) -> None:
    pages = pdf_pages(page, f"{site_url}educators/quiz-sheet/", paper)
    text = " ".join(pages)
    assert "Mostly true" in text  # the choice boxes
    for word in ("Verdict:", "Not clear-cut", "Full fact check", "Answer:"):
        assert word not in text, word
    assert all(len(t) > 100 for t in pages[:-1])
    key = " ".join(pdf_pages(page, f"{site_url}educators/quiz-key/", paper))
    assert "Answer:" in key and "Verdict:" in key


def test_lesson_prints_internal_links_with_their_addresses(page: Page, site_url: str) -> None:
    pages = pdf_pages(page, f"{site_url}educators/lessons/myth-or-fact/")
    text = " ".join(pages)
    assert f"<{site_url}claims/" in text.replace(" ", "") or f"{site_url}claims/" in text.replace(" ", "")
    # No page but the last is mostly blank (a heading stranded at the bottom, a table pushed over).
    assert all(len(t) > 400 for t in pages[:-1]), [len(t) for t in pages]


def test_quiz_counts_right_answers_sums_up_and_retries(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}educators/quiz/")
    items = page.locator(".mc-quiz-item")
    total = items.count()
    summary = page.locator("#quiz-summary")
    expect(summary).to_be_hidden()
    for index in range(total):
        items.nth(index).get_by_role("button", name="Mostly false").click()
    right = page.locator(".mc-quiz-feedback").evaluate_all("ps => ps.filter(p => p.textContent === 'Right.').length")
    expect(page.locator("#quiz-score")).to_have_text(f"Your score: {right} right out of {total} answered.")
    expect(summary).to_be_visible()
    expect(page.locator("#quiz-summary-text")).to_contain_text(f"You got {right} right out of {total}.")
    page.get_by_role("button", name="Try the quiz again").click()
    expect(summary).to_be_hidden()
    expect(page.locator("#quiz-score")).to_have_text("")
    expect(items.first.get_by_role("button", name="Mostly true")).to_be_enabled()
    expect(items.first.locator("details")).not_to_have_attribute("open", "")


@pytest.mark.parametrize(("words", "at_least"), [("travel", 3), ("person-times", 1), ("exit ban", 1)])
def test_explorer_word_filter_reads_answers_and_topics(page: Page, site_url: str, words: str,
                                                       at_least: int) -> None:
    page.goto(f"{site_url}claims/")
    page.locator("#filter-text").fill(words)
    shown = page.locator("#claim-list > li:not([hidden])")
    expect(shown.first).to_be_visible()
    assert shown.count() >= at_least, (words, shown.count())


@pytest.mark.parametrize("path", ["educators/lessons/myth-or-fact/", "educators/lessons/comparing-rating-systems/",
                                  "journalists/corrections/", "numbers/"])
def test_tables_fit_a_390_pixel_phone(chromium: Browser, site_url: str, path: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("""() => Array.from(document.querySelectorAll('.md-content table')).map(t => {
            const box = t.getBoundingClientRect();
            return {right: Math.round(box.right), width: document.documentElement.clientWidth,
                    stacked: t.classList.contains('mc-stack')};
        }).filter(t => t.right > t.width + 1)""")
        assert overflow == [], overflow
        assert page.locator(".md-content table").count() > 0
    finally:
        context.close()
