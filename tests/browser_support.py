"""Helpers for tests/test_browser.py: a static server, Chromium, a network/console recorder, Material's search box,
axe-core and the Nu HTML checker. Nothing here downloads anything: Chromium is Debian's, axe and vnu come from npm."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import BrowserContext, Page, Playwright, expect

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}

# The edits our copies of Material's templates make, as (Material's text, ours). test_browser.py checks that each
# file in overrides/ is exactly Material's with these edits applied, so an upgrade of Material cannot leave a stale
# copy behind (base.html names hashed asset files). To refresh after an upgrade: copy the file from Material's
# templates again and re-apply the edits.
_GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"


def _header(path: Path) -> str:
    """The comment block that opens our copy (it explains the edits)."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index("-#}\n") + len("-#}\n")]


OVERRIDE_EDITS: dict[str, list[tuple[str, str]]] = {
    "base.html": [
        ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
        ('id="__search" autocomplete="off">', 'id="__search">'),
        ('content="{{ page.meta.description }}"', 'content="{{ page.meta.description | e }}"'),
        ('content="{{ config.site_description }}"', 'content="{{ config.site_description | e }}"'),
        ('content="{{ page.meta.author }}"', 'content="{{ page.meta.author | e }}"'),
        ('content="{{ config.site_author }}"', 'content="{{ config.site_author | e }}"'),
        # The home page's title is the site name once, not "name - name".
        ("      {% if page.meta and page.meta.title %}\n        <title>{{ page.meta.title }} - {{ config.site_name }}",
         "      {% if page.is_homepage or (page.meta and page.meta.title == config.site_name) %}\n"
         "        <title>{{ config.site_name }}</title>\n"
         "      {% elif page.meta and page.meta.title %}\n"
         "        <title>{{ page.meta.title }} - {{ config.site_name }}"),
    ],
    "partials/nav-item.html": [
        ('tabindex="{{ tabindex }}"', '{% if tabindex %}tabindex="{{ tabindex }}"{% endif %}'),
    ],
    "partials/toc.html": [
        ('''    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>''', '''    {% if page in nav.pages %}
    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>
    {% else %}
    <div class="md-nav__title">{{ title }}</div>
    {% endif %}'''),
    ],
    "partials/search.html": [
        ('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
    ],
}


def expected_override(name: str) -> str:
    """Material's template ``name`` with our documented edits and our header comment."""
    text = (MATERIAL_TEMPLATES / name).read_text(encoding="utf-8")
    assert text.startswith(_GENERATED), f"Material's {name} no longer starts with its generated-file comment"
    text = _header(ROOT / "overrides" / name) + text[len(_GENERATED):]
    for old, new in OVERRIDE_EDITS[name]:
        assert old in text, f"Material's {name} no longer contains {old!r}: re-check overrides/{name}"
        text = text.replace(old, new)
    return text


# --- serving the built site ---------------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser closing a connection early is not a test failure; failed requests are checked in Chromium


class _HeadersFileHandler(_QuietHandler):
    """Sends the headers the site's `_headers` file gives each path, as Netlify and Cloudflare Pages do (every
    rule whose pattern matches: an exact path, or a prefix ending in *)."""

    rules: tuple[tuple[str, str, str], ...] = ()

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, name, value in self.rules:
            if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
                self.send_header(name, value)
        super().end_headers()


def headers_file_rules(directory: Path) -> tuple[tuple[str, str, str], ...]:
    rules, pattern = [], ""
    for line in (directory / "_headers").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            pattern = line.strip()
        elif ":" in line:
            name, value = line.strip().split(":", 1)
            rules.append((pattern, name.strip(), value.strip()))
    return tuple(rules)


@contextlib.contextmanager
def serve(directory: Path, with_headers_file: bool = False) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL (ending in /). With
    ``with_headers_file``, responses carry the headers of the site's `_headers` file."""
    handler: type[_QuietHandler] = _QuietHandler
    if with_headers_file:
        handler = type("Handler", (_HeadersFileHandler,), {"rules": headers_file_rules(directory)})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright: Playwright) -> Any:
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed (make test installs it; never run `playwright install`)"
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


# --- watching a page ----------------------------------------------------------------------------------------------

@dataclass
class Traffic:
    """Everything worth complaining about while pages load: console errors, script errors, failed requests,
    HTTP errors, and any request that leaves 127.0.0.1."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> Traffic:
        context.on("page", self.watch_page)
        for page in context.pages:
            self.watch_page(page)
        context.on("request", self._request)
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        context.on("response", lambda r: self.http_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        return self

    def watch_page(self, page: Page) -> None:
        page.on("console", lambda m: self.console_errors.append(f"{m.text} ({m.location.get('url')})")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def _request(self, request: Any) -> None:
        self.requested.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname != "127.0.0.1":
            self.outside.append(request.url)

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors] + [f"script error: {m}" for m in self.page_errors]
                + [f"request failed: {m}" for m in self.failed] + [f"HTTP error: {m}" for m in self.http_errors]
                + [f"request outside 127.0.0.1: {m}" for m in self.outside])

    def clear(self) -> None:
        for name in ("console_errors", "page_errors", "failed", "http_errors", "outside", "requested"):
            getattr(self, name).clear()


def site_path(url: str, base_url: str) -> str:
    """'http://127.0.0.1:1234/claims/x/?h=a#b' -> 'claims/x/'."""
    path = unquote(urlsplit(url).path)
    base_path = urlsplit(base_url).path
    return path[len(base_path):] if path.startswith(base_path) else path


SCREENSHOT_MAX_HEIGHT = 6000  # px; the bibliography is 25 000 px tall, and its top shows all there is to see


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """A screenshot in test-artifacts/screenshots/, kept after the run for people to look at: the whole page (its
    top 6000 px if longer), or only the viewport for overlays such as the navigation drawer."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    width, height = page.evaluate("[document.documentElement.clientWidth, document.documentElement.scrollHeight]")
    clip = None
    if full_page and height > SCREENSHOT_MAX_HEIGHT:
        clip = {"x": 0, "y": 0, "width": width, "height": SCREENSHOT_MAX_HEIGHT}
    page.screenshot(path=str(path), full_page=full_page, clip=clip, animations="disabled", caret="hide")
    return path


# --- Material's search ----------------------------------------------------------------------------------------------

SEARCH_PLACEHOLDER = "Type to start searching"
_RESULTS = re.compile(r"^(\d+ matching documents?|No matching documents)$")


def search(page: Page, query: str, base_url: str) -> list[str]:
    """Type ``query`` into Material's search box; return the site paths of the result pages, best first.

    Material runs a query on keyup. `fill` types the text at once and the End key supplies the keyup, so exactly
    one query runs (typing letter by letter would run one per prefix and race). An IME does the same for Chinese.
    """
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # on a phone the box hides behind the header's search button
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")
    expect(meta).to_have_text(SEARCH_PLACEHOLDER)
    box.fill(query)
    box.press("End")
    expect(meta).to_have_text(_RESULTS, timeout=10_000)
    hrefs = page.locator(".md-search-result__list > li > a").evaluate_all("els => els.map(e => e.href)")
    paths: list[str] = []
    for href in hrefs:
        path = site_path(href, base_url)
        if path not in paths:
            paths.append(path)
    return paths


# --- axe-core ------------------------------------------------------------------------------------------------------

@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.0/2.1 A and AA rules on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as an inline <script>: the pages' content security policy
        # (rightly) refuses inline scripts it does not know.
        page.evaluate(_axe_source() + "\n;undefined")
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:400]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


# --- the Nu HTML checker --------------------------------------------------------------------------------------------

def vnu_errors(site_dir: Path) -> list[dict[str, Any]]:
    """Every error the Nu HTML checker finds in the HTML files under ``site_dir``."""
    java = shutil.which("java")
    assert java, "a Java runtime is needed for the Nu HTML checker (make test installs default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci` (make test does)"
    proc = subprocess.run([java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                           "--skip-non-html", str(site_dir)], capture_output=True, text=True, timeout=300)
    out = proc.stderr.strip() or proc.stdout.strip()
    try:
        report = json.loads(out)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"vnu did not print JSON (exit {proc.returncode}):\n{out[:2000]}") from exc
    return [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]


def describe_vnu(messages: list[dict[str, Any]], site_dir: Path) -> str:
    lines = []
    for m in messages:
        where = unquote(m.get("url", "")).replace(site_dir.as_uri(), "").replace(f"file:{site_dir}", "")
        extract = " ".join(m.get("extract", "").split())
        lines.append(f"{where}:{m.get('lastLine', '?')}: {m['message']}  [{extract[:160]}]")
    return "\n".join(lines)
