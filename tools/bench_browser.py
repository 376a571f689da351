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
def serve(site_dir: Path, compress: bool = False, throttle: str = "") -> Iterator[str]:
    """Serve a built site on 127.0.0.1 with http.server (gzip-capable when ``compress``, slowed to a mobile network
    when ``throttle`` names one of bench_server.NETWORKS); yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site_dir)]
    if compress or throttle:
        cmd = [sys.executable, str(Path(__file__).with_name("bench_server.py")), str(site_dir), str(port), "--gzip"]
        cmd += ["--throttle", throttle] if throttle else []
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
    """Milliseconds to the first result painted, cold and warm, for one query (min and median of ``runs``).

    cold: a fresh browser context loads the page and waits 500 ms, as a reader would before searching; the reader
          clicks the search box and types the query; timed from the keystroke that completes it (its keyup, when
          Material sends the query) to the first result in the page. Also timed from the click.
    warm: the same page, the box cleared, the same query again: only the query itself.
    bytes: what the cold query downloaded after the click (response bodies as sent, headers excluded), and the
           number of requests. Any request that left 127.0.0.1 is reported.
    """
    from playwright.sync_api import sync_playwright

    cold, cold_click, warm, sizes, counts, foreign = [], [], [], [], [], set()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        try:
            for _ in range(runs):
                # bypass_csp: the probe waits with page.wait_for_function, which the site's policy (no eval) refuses.
                context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
                page = context.new_page()
                requests: list[str] = []
                after_click: list[Any] = []
                context.on("request", lambda r, requests=requests: requests.append(r.url))
                context.on("requestfinished", lambda r, after=after_click: after.append(r) if after else None)
                page.add_init_script(PROBE)
                page.goto(base_url + page_path, wait_until="load")
                page.wait_for_timeout(500)  # let the page settle, as a reader would before searching
                box = page.locator(".md-search__input")
                after_click.append(None)  # from here on, finished requests count as the query's
                box.click()
                box.fill(query)
                box.press("End")
                page.wait_for_function("window.__probe.result !== null", timeout=120_000)
                probe = page.evaluate("window.__probe")
                cold.append(probe["result"] - probe["key"])
                cold_click.append(probe["result"] - probe["click"])
                page.wait_for_timeout(300)  # the rest of the first page of results
                finished = [r for r in after_click if r is not None]
                sizes.append(sum(r.sizes()["responseBodySize"] for r in finished))
                counts.append(len(finished))
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
                foreign |= {u for u in requests if not u.startswith(base_url) and not u.startswith(("data:", "blob:"))}
                context.close()
        finally:
            browser.close()
    return {"query": query, "cold_ms": round(statistics.median(cold)), "cold_min_ms": round(min(cold)),
            "cold_from_click_ms": round(statistics.median(cold_click)),
            "warm_ms": round(statistics.median(warm)), "warm_min_ms": round(min(warm)),
            "cold_bytes": round(statistics.median(sizes)), "cold_requests": round(statistics.median(counts)),
            "cold_runs_ms": [round(x) for x in cold], "warm_runs_ms": [round(x) for x in warm],
            "foreign_requests": sorted(foreign)}


def search_queries(base_url: str, page_path: str, queries: list[str], runs: int = 3) -> dict[str, Any]:
    """search_latency for each query, and the median query's figures (the median of the per-query medians)."""
    per_query = [search_latency(base_url, page_path, q, runs) for q in queries]
    summary = {key: round(statistics.median(r[key] for r in per_query))
               for key in ("cold_ms", "cold_min_ms", "cold_from_click_ms", "warm_ms", "warm_min_ms", "cold_bytes",
                           "cold_requests")}
    return {**summary, "queries": per_query,
            "foreign_requests": sorted({u for r in per_query for u in r["foreign_requests"]})}


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
