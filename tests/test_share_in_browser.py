"""What a newsroom and a classroom do with a verdict, in Debian's Chromium: frame the embed on another site, copy
the snippets, print a worksheet with its key on its own page, and share a card image."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
expect.set_options(timeout=10_000)




@pytest.fixture
def context(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context
    context.close()


def other_origin(html: str) -> Iterator[str]:
    """A one-page site on another port of this machine: another origin, as a newsroom's page would be."""
    body = html.encode("utf-8")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def test_embed_renders_inside_a_cross_origin_iframe(context: BrowserContext, site_url: str) -> None:
    embed = f"{site_url}embed/jobs-blocked/"
    newsroom = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Newsroom</title></head><body>'
                f'<h1>Our story</h1><iframe src="{embed}" title="Fact check" width="700" height="320"></iframe>'
                f'</body></html>')
    errors: list[str] = []
    for host in other_origin(newsroom):
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(host)
        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_contain_text("barred from certain jobs")
        expect(frame.locator(".mc-badge")).to_have_text("Verdict: True")
        expect(frame.locator(".mc-embed-meta a")).to_have_attribute("target", "_blank")
        color = frame.locator(".mc-badge").evaluate("e => getComputedStyle(e).backgroundColor")
        assert color == "rgb(27, 94, 32)"  # the verdict colour from verdicts.css, through the frame's own policy
        assert host.split(":")[2] != site_url.split(":")[2]  # really another origin
    assert errors == []


def test_copy_buttons_copy_the_snippets(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(f"{site_url}claims/jobs-blocked/")
    page.get_by_role("button", name="Copy embed code").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("<iframe src=")
    page.get_by_role("button", name="Copy HTML").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith('<blockquote class="fact-check"') and "Verdict: True." in copied


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_worksheet_prints_with_the_key_on_its_own_page(context: BrowserContext, site_url: str, paper: str) -> None:
    page = context.new_page()
    page.goto(f"{site_url}claims/travel-ban-figures-people/worksheet/")
    page.wait_for_load_state("networkidle")
    pages = [" ".join((p.extract_text() or "").split())
             for p in PdfReader(io.BytesIO(page.pdf(format=paper))).pages]
    key_pages = [i for i, text in enumerate(pages) if "Teacher key" in text]
    assert len(key_pages) == 1 and key_pages[0] >= 1, [t[:80] for t in pages]
    first_key = key_pages[0]
    assert pages[first_key].startswith("Teacher key")  # the key starts its own page
    student = " ".join(pages[:first_key])
    assert "Evidence cards" in student and "Your rating" in student and "Discuss" in student
    assert "Our rating" not in student and "Verdict:" not in student
    assert "Our rating" in pages[first_key] and "Verdict: Misleading" in pages[first_key]
    assert all(len(text) > 200 for text in pages[:first_key])


def test_every_claim_page_references_its_share_card(context: BrowserContext, site_url: str, real_site: Path) -> None:
    from bs4 import BeautifulSoup

    from conftest import TEST_SITE_URL

    pages = sorted(p for p in (real_site / "claims").glob("*/index.html")
                   if 'class="mc-claim"' in p.read_text(encoding="utf-8"))
    assert len(pages) >= 70
    for path in pages:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").head
        image = head.find("meta", property="og:image")["content"]
        assert image == f"{TEST_SITE_URL}claims/{path.parent.name}/card.png"
        assert (real_site / image.removeprefix(TEST_SITE_URL)).is_file()
        assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        assert head.find("meta", property="og:image:alt")["content"].startswith("Fact check by ")
    page = context.new_page()
    page.goto(f"{site_url}claims/jobs-blocked/card.png")
    size = page.evaluate("() => { const i = document.querySelector('img'); return [i.naturalWidth, i.naturalHeight]; }")
    assert size == [1200, 630]


@pytest.mark.parametrize("path", ["embed/jobs-blocked/", "claims/jobs-blocked/worksheet/", "numbers/",
                                  "educators/quiz-sheet/", "educators/handouts/comparing-rating-systems-table/"])
def test_new_page_kinds_have_no_axe_violations(context: BrowserContext, site_url: str, path: str) -> None:
    from browser_support import axe_violations, describe_violations

    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
