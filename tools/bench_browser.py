"""Browser measurements for the benchmark: search latency in Chromium (Playwright) and Lighthouse scores.

Everything runs against a site served from 127.0.0.1 by ``python -m http.server``; Chromium is Debian's, started
with flags that stop its own background traffic, and any request to another host is counted and reported.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--metrics-recording-only"]
LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE_BIN = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RESULT = ".md-search-result__item"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(site_dir: Path, compress: bool = False) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 with http.server (gzip-capable when ``compress``); yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site_dir)]
    if compress:
        cmd = [sys.executable, str(Path(__file__).with_name("bench_server.py")), str(site_dir), str(port), "--gzip"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# In-page probe: when the reader clicked the search box, when the query was complete (its keyup: Material reads
# the box on keyup and focus, not on input), and when the first result element appeared.
PROBE = """
window.__probe = {click: null, key: null, result: null};
document.addEventListener("pointerdown", function (e) {
  if (window.__probe.click === null && e.target.closest(".md-search")) window.__probe.click = performance.now();
}, true);
document.addEventListener("keyup", function (e) {
  if (e.target.matches && e.target.matches(".md-search__input")) window.__probe.key = performance.now();
}, true);
new MutationObserver(function () {
  if (window.__probe.result === null && document.querySelector("RESULT_SELECTOR")) {
    window.__probe.result = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
""".replace("RESULT_SELECTOR", RESULT)


def search_latency(base_url: str, page_path: str, query: str, runs: int = 3) -> dict[str, Any]:
    """Milliseconds from the reader's first action on search to the first result, cold and warm.

    cold: the page has loaded; the reader clicks the search box and types at once (includes fetching the index,
          if the page did not already, and building it in the worker).
    warm: the same page after the index was loaded and built; only the query itself.
    Also reports whether the page requested the search index before anyone touched search, and any request that
    left 127.0.0.1.
    """
    from playwright.sync_api import sync_playwright

    cold, warm, index_at_load, foreign = [], [], [], set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                requests: list[str] = []
                page.on("request", lambda r, requests=requests: requests.append(r.url))
                page.add_init_script(PROBE)
                page.goto(base_url + page_path, wait_until="load")
                page.wait_for_timeout(500)  # let the page settle, as a reader would before searching
                index_at_load.append(any("search_index" in u for u in requests))
                box = page.locator(".md-search__input")
                # Cold: click the box, put the whole query in and release a key, as fast as Playwright can.
                box.click()
                box.fill(query)
                box.press("End")
                page.wait_for_function("window.__probe.result !== null", timeout=120_000)
                probe = page.evaluate("window.__probe")
                cold.append(probe["result"] - probe["click"])
                # Warm: clear the box, then the same query again now that the worker has the index.
                box.fill("")
                box.press("End")
                page.wait_for_function(f"!document.querySelector('{RESULT}')", timeout=10_000)
                page.wait_for_timeout(200)
                page.evaluate("window.__probe.result = null; window.__probe.key = null")
                box.fill(query)
                box.press("End")
                page.wait_for_function("window.__probe.result !== null", timeout=60_000)
                probe = page.evaluate("window.__probe")
                warm.append(probe["result"] - probe["key"])
                foreign |= {u for u in requests if not u.startswith(base_url) and not u.startswith("data:")}
                context.close()
        finally:
            browser.close()
    return {"cold_ms": round(statistics.median(cold)), "warm_ms": round(statistics.median(warm)),
            "cold_runs_ms": [round(x) for x in cold], "warm_runs_ms": [round(x) for x in warm],
            "index_requested_at_load": any(index_at_load), "foreign_requests": sorted(foreign)}


# --- Lighthouse -------------------------------------------------------------------------------------

def ensure_lighthouse() -> Path:
    """Install the pinned Lighthouse from tools/lighthouse/package-lock.json on first use."""
    if not LIGHTHOUSE_BIN.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, check=True)
    return LIGHTHOUSE_BIN


def lighthouse(url: str, form_factor: str, out_dir: Path, tag: str) -> dict[str, Any]:
    """One Lighthouse run; returns category scores (0-100), key metrics and any request that left 127.0.0.1."""
    out = out_dir / f"{tag}.json"
    cmd = [str(ensure_lighthouse()), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}",
           "--no-enable-error-reporting", "--disable-full-page-screenshot"]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    audits = report["audits"]
    metrics = {k: audits[k].get("numericValue") for k in ("first-contentful-paint", "largest-contentful-paint",
                                                           "total-blocking-time", "cumulative-layout-shift",
                                                           "speed-index")}
    host = url.split("/")[2]
    requests = [item.get("url", "") for item in (audits.get("network-requests", {}).get("details") or {})
                .get("items", [])]
    foreign = sorted({u for u in requests if u.split("/")[2:3] != [host] and not u.startswith("data:")})
    failed = {c: [a["id"] for a in report["categories"][c]["auditRefs"]
                  if (audits[a["id"]].get("score") is not None and audits[a["id"]]["score"] < 1
                      and a.get("weight", 0) > 0)] for c in CATEGORIES}
    return {"scores": scores, "metrics": metrics, "requests": len(requests), "foreign_requests": foreign,
            "failed_audits": failed, "lighthouse": report.get("lighthouseVersion"),
            "transfer_bytes": sum(item.get("transferSize", 0) for item in
                                  (audits.get("network-requests", {}).get("details") or {}).get("items", []))}


def lighthouse_matrix(base_url: str, pages: dict[str, str], out_dir: Path, mobile_runs: int = 5) -> dict[str, Any]:
    """Mobile (median of ``mobile_runs`` performance scores) and desktop, for each page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for name, path in pages.items():
        mobile = [lighthouse(base_url + path, "mobile", out_dir, f"{name}-mobile-{i}") for i in range(mobile_runs)]
        perf = [r["scores"]["performance"] for r in mobile]
        median_run = sorted(mobile, key=lambda r: r["scores"]["performance"])[len(mobile) // 2]
        desktop = lighthouse(base_url + path, "desktop", out_dir, f"{name}-desktop")
        results[name] = {
            "path": path,
            "mobile": {**median_run, "performance_runs": perf, "performance_median": statistics.median(perf)},
            "desktop": desktop,
        }
    return results
