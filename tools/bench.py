"""`make bench`: how build time, page size, search and Lighthouse scores behave as the dataset grows.

    python tools/bench.py [--sizes 100,1000,10000] [--runs 3,3,1] [--skip-browser] [--skip-lighthouse]
                          [--skip-hugo] [--keep DIR] [--out BENCHMARKS.md]

For each size it generates, in a temporary folder, a claims project (tools/bench_projects.py), the same pages as
plain Markdown for MkDocs + Material, and the same Markdown for Hugo. It then measures, each build in a subprocess
(wall time, CPU time and peak memory from os.wait4, and memory as the summed PSS of the process tree):
  - `mkdocs build` of ours and of the plain site (median of the runs, after an untimed build of ours that draws
    the share cards into the project's cache), ours with `second_core: true`, and the ratio ours/plain;
  - validation alone: mkdocs_claims.validate.load_dataset in this process, and `python -m mkdocs_claims check`;
  - the HTML of claim 0 (the same claim at every size) and search/search_index.json per claim;
  - in Chromium (1,000 claims and up): the first search result, cold and warm;
  - Hugo building the same Markdown with a trivial layout, as a speed anchor.
Then Lighthouse (tools/lighthouse, pinned) on this repository's own site, mobile (median of 5) and desktop.
Writes BENCHMARKS.md and prints a JSON summary. The machine is shared: load averages are recorded with the numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_browser
import bench_profile
import bench_projects

from mkdocs_claims.render.pagefind import pagefind_binary

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Queries typed into the search box (the generated projects reuse the real claims' vocabulary): names, a word
# common to many claims, two words, a filter with a word. The median query's figures are compared to the targets.
SEARCH_QUERIES = ["Sesame", "court", "blacklist train", "credit score", "verdict:false court"]
TARGETS = {
    "ratio_1000": 1.10, "ratio_1000_stretch": 1.0, "per_claim_growth": 1.3, "build_10000_s": 30.0,
    "edit_10000_s": 3.0, "page_cap_bytes": 500_000, "peak_mb_10000": 1024,
    "claim_html_growth": 0.10, "validation_share": 0.03, "search_cold_ms_10000": 300, "search_warm_ms_10000": 100,
    "lighthouse_perf_mobile": 95, "lighthouse_other": 100,
}


# --- running things -----------------------------------------------------------------------------------------

def run_measured(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process, with its memory sampled
    as the process tree's proportional set size (each shared page split between its sharers), so that a forked
    copy is not counted twice: ``pss_build_mb`` for the build's own processes, ``pss_pagefind_mb`` for Pagefind."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    sampler = PssSampler(proc.pid)
    sampler.start()
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{stderr.decode(errors='replace')[-3000:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "pss_build_mb": sampler.build_mb, "pss_pagefind_mb": sampler.pagefind_mb}


class PssSampler(threading.Thread):
    """Four times a second, the summed PSS (/proc/*/smaps_rollup, Linux) of a process and its descendants: the
    largest sum seen for the build's processes and, apart, for the Pagefind binary. 0 where /proc has no PSS."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.build_mb, self.pagefind_mb = pid, 0.0, 0.0
        self._pagefind_exe = os.path.realpath(pagefind_binary())
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.25):
            build = pagefind = 0.0
            for pid in self._tree(self.pid):
                mb = self._pss_mb(pid)
                if self._is_pagefind(pid):
                    pagefind += mb
                else:
                    build += mb
            self.build_mb, self.pagefind_mb = max(self.build_mb, build), max(self.pagefind_mb, pagefind)

    def stop(self) -> None:
        self._done.set()
        self.join()

    def _is_pagefind(self, pid: int) -> bool:
        """Told by its executable: the installed 1.6.0 is named mkdocs-claims-pagefind, the wheel's pagefind."""
        try:  # the link in /proc names the executable's real path
            return str(Path(f"/proc/{pid}/exe").readlink()) == self._pagefind_exe
        except OSError:  # the process ended while it was being looked at, or it is not ours to read
            return False

    def _tree(self, pid: int) -> list[int]:
        """The process and its descendants (a child is listed under the thread that started it)."""
        threads = [task.name for task in Path(f"/proc/{pid}/task").glob("*")] if Path("/proc").is_dir() else []
        children = [c for tid in threads for c in _read(f"/proc/{pid}/task/{tid}/children").split()]
        return [pid] + [p for child in children for p in self._tree(int(child))]

    @staticmethod
    def _pss_mb(pid: int) -> float:
        for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
        return 0.0


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:  # the process ended meanwhile, or this is not Linux
        return ""


def build_env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": bench_projects.SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path, site: Path) -> dict[str, float]:
    return run_measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(site)], project, build_env())


def hugo_build(project: Path, site: Path) -> dict[str, float]:
    return run_measured(["hugo", "--quiet", "-s", str(project), "-d", str(site)], project, build_env())


def median_runs(runs: list[dict[str, float]]) -> dict[str, Any]:
    return {"wall_s": statistics.median(r["wall_s"] for r in runs),
            "cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs), "runs_wall_s": [round(r["wall_s"], 2) for r in runs],
            "pss_build_mb": max(r.get("pss_build_mb", 0.0) for r in runs),
            "pss_pagefind_mb": max(r.get("pss_pagefind_mb", 0.0) for r in runs)}


def validation_time(project: Path, repeats: int) -> dict[str, float]:
    """load_dataset in this process (the validator alone), and the command line (with interpreter start-up)."""
    from mkdocs_claims.project import read_project_options
    from mkdocs_claims.validate import load_dataset

    today = dt.date(2026, 11, 18)
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        dataset, problems = load_dataset(project / "claims", today=today,
                                         site=read_project_options(project / "mkdocs.yml").site)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        assert dataset is not None, [str(p) for p in problems[:5]]
    cli = run_measured([sys.executable, "-m", "mkdocs_claims", "check"], project, build_env())
    return {"load_dataset_s": statistics.median(walls), "load_dataset_cpu_s": statistics.median(cpus),
            "cli_wall_s": cli["wall_s"]}


# --- one size ---------------------------------------------------------------------------------------------------

def bench_size(n: int, runs: int, work: Path, browser: bool, hugo: bool, profile_size: int = 0) -> dict[str, Any]:
    base = work / f"n{n}"
    print(f"[bench] {n} claims: generating", file=sys.stderr)  # noqa: T201
    start = time.perf_counter()
    projects = bench_projects.write_projects(base, n)
    result: dict[str, Any] = {"claims": n, "runs": runs, "generate_s": round(time.perf_counter() - start, 1),
                              "load_before": os.getloadavg()[0]}
    print(f"[bench] {n} claims: validating", file=sys.stderr)  # noqa: T201
    result["validation"] = validation_time(projects["ours"], repeats=3 if n <= 1000 else 1)
    # Untimed: a first build draws every share card into the project's cache (~100 s at 10,000 claims); the timed
    # builds then all start from a warm cache, as a site's builds do after its first (tools/bench_share_cards.py
    # measures the cards themselves).
    print(f"[bench] {n} claims: drawing share cards (untimed)", file=sys.stderr)  # noqa: T201
    run_measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(base / "site-warm-up")], projects["ours"], build_env())
    shutil.rmtree(base / "site-warm-up", ignore_errors=True)
    ours_runs, plain_runs = [], []
    for i in range(runs):
        print(f"[bench] {n} claims: build {i + 1}/{runs}", file=sys.stderr)  # noqa: T201
        ours_runs.append(mkdocs_build(projects["ours"], base / "site-ours"))
        plain_runs.append(mkdocs_build(projects["plain"], base / "site-plain"))
    result["ours"], result["plain"] = median_runs(ours_runs), median_runs(plain_runs)
    if n >= 1000:  # the same build with a forked copy on the second core, beside it (second_core: true)
        print(f"[bench] {n} claims: build with second_core: true", file=sys.stderr)  # noqa: T201
        two_cores = bench_profile.second_core_config(projects["ours"])
        result["ours_second_core"] = run_measured([str(BIN / "mkdocs"), "build", "-q", "-f", str(two_cores), "-d",
                                                   str(base / "site-second-core")], projects["ours"], build_env())
        shutil.rmtree(base / "site-second-core", ignore_errors=True)
    if hugo:
        result["hugo"] = median_runs([hugo_build(projects["hugo"], base / "site-hugo") for _ in range(runs)])
    result["ratio_wall"] = result["ours"]["wall_s"] / result["plain"]["wall_s"]
    result["ratio_cpu"] = result["ours"]["cpu_s"] / result["plain"]["cpu_s"]
    result["ours_ms_per_claim"] = result["ours"]["wall_s"] / n * 1000
    result["plain_ms_per_claim"] = result["plain"]["wall_s"] / n * 1000
    claim = bench_projects.sample_claim_id()
    result["claim_html_bytes"] = (base / "site-ours" / "claims" / claim / "index.html").stat().st_size
    result["plain_claim_html_bytes"] = (base / "site-plain" / "claims" / claim / "index.html").stat().st_size
    index = sum(f.stat().st_size for f in (base / "site-ours" / "pagefind").rglob("*") if f.is_file())
    plain_index = (base / "site-plain" / "search" / "search_index.json").stat().st_size
    result["search_index_bytes"], result["plain_search_index_bytes"] = index, plain_index
    result["search_index_kb_per_claim"] = index / n / 1024
    result["plain_search_index_kb_per_claim"] = plain_index / n / 1024
    result["validation_share"] = result["validation"]["load_dataset_s"] / result["ours"]["wall_s"]
    result["largest_page"] = bench_profile.largest_page(base / "site-ours")
    print(f"[bench] {n} claims: edit one claim under a dirty rebuild", file=sys.stderr)  # noqa: T201
    result["edit"] = bench_profile.edit_loop(projects["ours"], base / "site-edit", build_env())
    if n == profile_size:
        print(f"[bench] {n} claims: profile", file=sys.stderr)  # noqa: T201
        result["split"] = bench_profile.split(projects["ours"], base / "site-profile", build_env())
    if browser and n >= 1000:
        print(f"[bench] {n} claims: search in Chromium", file=sys.stderr)  # noqa: T201
        try:
            with bench_browser.serve(base / "site-ours") as url:
                result["search"] = bench_browser.search_queries(url, f"claims/{claim}/", SEARCH_QUERIES, runs=3)
            with bench_browser.serve(base / "site-plain") as url:  # Material's own search (lunr), same pages
                result["search_plain"] = bench_browser.search_queries(url, f"claims/{claim}/", SEARCH_QUERIES[:1],
                                                                      runs=1)
            with bench_browser.serve(base / "site-ours", throttle="fast4g") as url:
                result["search_fast4g"] = bench_browser.search_queries(url, f"claims/{claim}/", SEARCH_QUERIES,
                                                                       runs=1)
        except Exception as error:  # noqa: BLE001 - a search that never answers is a result to report
            result["search_error"] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
    result["load_after"] = os.getloadavg()[0]
    shutil.rmtree(base / "site-ours", ignore_errors=True)
    shutil.rmtree(base / "site-plain", ignore_errors=True)
    shutil.rmtree(base / "site-hugo", ignore_errors=True)
    shutil.rmtree(base / "site-edit", ignore_errors=True)
    shutil.rmtree(base / "site-profile", ignore_errors=True)
    return result


# --- Lighthouse on the real site -----------------------------------------------------------------------------------

def bench_lighthouse(work: Path) -> dict[str, Any]:
    site = work / "real-site"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}  # the real dataset, on the real clock
    env["NO_MKDOCS_2_WARNING"] = "1"
    run_measured([str(BIN / "mkdocs"), "build", "-q", "-d", str(site)], ROOT, env)
    claims = json.loads((site / "claims.json").read_text(encoding="utf-8"))["claims"]
    featured = next((c for c in claims if c["id"] == "single-national-score"), claims[0])
    claim_path = "claims/" + featured["id"] + "/"
    with bench_browser.serve(site, compress=True) as url:
        return bench_browser.lighthouse_matrix(url, {"home": "", "claim": claim_path}, work / "lighthouse")


# --- the machine --------------------------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()
        except (OSError, subprocess.TimeoutExpired):
            return "not installed"
        return out[0] if out else "?"

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    lighthouse_pkg = bench_browser.LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(), "mkdocs": importlib.metadata.version("mkdocs"),
        "material": importlib.metadata.version("mkdocs-material"), "pyyaml_libyaml": _libyaml(),
        "hugo": version(["hugo", "version"]), "chromium": version([bench_browser.CHROMIUM, "--version"]),
        "node": version(["node", "--version"]),
        "pagefind (writes the search index)": version([str(pagefind_binary()), "--version"]),
        "lighthouse": json.loads(lighthouse_pkg.read_text())["version"] if lighthouse_pkg.exists() else "not installed",
        "date": dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _libyaml() -> bool:
    import yaml

    return bool(getattr(yaml, "__with_libyaml__", False))


# --- report -------------------------------------------------------------------------------------------------------

def verdicts(sizes: dict[int, dict[str, Any]], lighthouse: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(target, measured, met?) for every target that the run measured."""
    out: list[tuple[str, str, str]] = []

    def check(name: str, measured: str, ok: bool | None) -> None:
        out.append((name, measured, "n/a" if ok is None else ("met" if ok else "MISSED")))

    s100, s1k, s10k = sizes.get(100), sizes.get(1000), sizes.get(10000)
    if s1k:
        r = s1k["ratio_wall"]
        check("ours <= 1.10x plain MkDocs at 1,000 claims (stretch < 1.0x)",
              f"{r:.2f}x wall, {s1k['ratio_cpu']:.2f}x CPU", max(r, s1k["ratio_cpu"]) <= TARGETS["ratio_1000"])
    if s100 and s10k:
        g = s10k["ours_ms_per_claim"] / s100["ours_ms_per_claim"]
        gc = (s10k["ours"]["cpu_s"] / 10000) / (s100["ours"]["cpu_s"] / 100)
        check("time per claim at 10,000 within 1.3x of that at 100",
              f"{s10k['ours_ms_per_claim']:.1f} vs {s100['ours_ms_per_claim']:.1f} ms wall ({g:.2f}x), "
              f"{gc:.2f}x CPU", max(g, gc) <= TARGETS["per_claim_growth"])
        h = s10k["claim_html_bytes"] / s100["claim_html_bytes"] - 1
        check("claim page HTML at 10,000 within 10% of 100",
              f"{s10k['claim_html_bytes']:,} vs {s100['claim_html_bytes']:,} bytes ({h:+.1%})",
              abs(h) <= TARGETS["claim_html_growth"])
    if s10k:
        check("10,000 claims build <= 30 s", f"{s10k['ours']['wall_s']:.1f} s wall, {s10k['ours']['cpu_s']:.1f} s CPU",
              s10k["ours"]["wall_s"] <= TARGETS["build_10000_s"])
        if "edit" in s10k and "error" in s10k["edit"]:
            check("edit one claim at 10,000 (dirty rebuild, as under make serve) <= 3 s",
                  f"not measured: {s10k['edit']['error']}", False)
        elif "edit" in s10k:
            full = s10k["edit"].get("full_build_edit_s")
            check("edit one claim at 10,000 (as under make serve) <= 3 s",
                  f"{s10k['edit']['edit_s']:.1f} s ({s10k['edit']['rendered']})"
                  + (f"; MkDocs' full dirty build of the same kind of save: {full:.1f} s" if full else ""),
                  s10k["edit"]["edit_s"] <= TARGETS["edit_10000_s"])
        ours = s10k["ours"]
        if ours.get("pss_build_mb"):
            check("peak memory of the 10,000-claim build <= 1 GB: the build's processes (PSS, summed)",
                  f"{ours['pss_build_mb']:.0f} MB", ours["pss_build_mb"] <= TARGETS["peak_mb_10000"])
            check("same, the Pagefind binary that writes the search index", f"{ours['pss_pagefind_mb']:.0f} MB "
                  f"(largest single process, RSS: {ours['peak_mb']:.0f} MB)",
                  ours["pss_pagefind_mb"] <= TARGETS["peak_mb_10000"])
        else:  # no /proc: the largest process's RSS only
            check("peak memory of the 10,000-claim build <= 1 GB (largest process, RSS)",
                  f"{ours['peak_mb']:.0f} MB", ours["peak_mb"] <= TARGETS["peak_mb_10000"])
        cpu_share = s10k["validation"]["load_dataset_cpu_s"] / s10k["ours"]["cpu_s"]
        check("validation of 10,000 claims < 3% of the build",
              f"{cpu_share:.1%} of CPU ({s10k['validation']['load_dataset_cpu_s']:.1f} s), "
              f"{s10k['validation_share']:.1%} of wall ({s10k['validation']['load_dataset_s']:.1f} s)",
              cpu_share < TARGETS["validation_share"])
    biggest = sizes[max(sizes)]
    if "largest_page" in biggest:
        check(f"no HTML page > 500 KB (at {max(sizes):,})",
              f"largest {biggest['largest_page']['bytes']:,} bytes ({biggest['largest_page']['path']})",
              biggest["largest_page"]["bytes"] <= TARGETS["page_cap_bytes"])
    if s10k and "search" in s10k:
        se = s10k["search"]
        check("first search result at 10,000, median query, cold <= 300 ms (keystroke to result)",
              f"{se['cold_ms']} ms (min {se['cold_min_ms']}), {se['cold_bytes'] / 1024:.0f} KB in "
              f"{se['cold_requests']} requests", se["cold_ms"] <= TARGETS["search_cold_ms_10000"])
        check("same, warm <= 100 ms", f"{se['warm_ms']} ms (min {se['warm_min_ms']})",
              se["warm_ms"] <= TARGETS["search_warm_ms_10000"])
        if "search_fast4g" in s10k:
            f4 = s10k["search_fast4g"]
            check("same on Fast 4G (reported, no target)", f"cold {f4['cold_ms']} ms, warm {f4['warm_ms']} ms", None)
    if lighthouse:
        perf = [p["mobile"]["performance_median"] for p in lighthouse.values()]
        medians = ", ".join(f"{k} {v['mobile']['performance_median']:g}" for k, v in lighthouse.items())
        check("Lighthouse mobile performance >= 95 (median of 5)", medians,
              min(perf) >= TARGETS["lighthouse_perf_mobile"])
        others = [(k, f, c, v[f]["scores"][c]) for k, v in lighthouse.items() for f in ("mobile", "desktop")
                  for c in ("accessibility", "best-practices", "seo")]
        low = [f"{k}/{f} {c} {s}" for k, f, c, s in others if s < 100]
        check("Lighthouse accessibility, best practices, SEO = 100", "all 100" if not low else "; ".join(low),
              not low)
    return out


def search_rows(s: dict[str, Any]) -> list[str]:
    """The search figures of one size: the median query, then each query (cold and warm, min / median of runs)."""
    se, f4, plain = s["search"], s.get("search_fast4g"), s.get("search_plain")
    rows = [f"| search index on disk | {s['search_index_bytes'] / 1024 / 1024:.1f} MB (Pagefind, loaded by the "
            f"chunk) | {s['plain_search_index_bytes'] / 1024 / 1024:.1f} MB (lunr, loaded whole) | |",
            f"| first search result, median query, cold (keystroke to result) | {se['cold_ms']} ms (min "
            f"{se['cold_min_ms']}); {se['cold_from_click_ms']} ms from the click; {se['cold_bytes'] / 1024:.0f} KB "
            f"in {se['cold_requests']} requests | "
            + (f"{plain['cold_ms']} ms; {plain['cold_bytes'] / 1024 / 1024:.1f} MB (query "
               f"{plain['queries'][0]['query']!r})" if plain else "") + " | |",
            f"| same, warm | {se['warm_ms']} ms (min {se['warm_min_ms']}) | "
            + (f"{plain['warm_ms']} ms" if plain else "") + " | |"]
    if f4:
        rows.append(f"| same on Fast 4G (1 run per query) | cold {f4['cold_ms']} ms, warm {f4['warm_ms']} ms, "
                    f"{f4['cold_bytes'] / 1024:.0f} KB | | |")
    for q in se["queries"]:
        rows.append(f"| query {q['query']!r} | cold {q['cold_min_ms']} / {q['cold_ms']} ms, warm {q['warm_min_ms']}"
                    f" / {q['warm_ms']} ms, {q['cold_bytes'] / 1024:.0f} KB | | |")
    rows.append(f"| requests that left 127.0.0.1 during search | {se['foreign_requests'] or 'none'} | | |")
    return rows


def write_markdown(path: Path, info: dict[str, Any], sizes: dict[int, dict[str, Any]],
                   lighthouse: dict[str, Any] | None, checks: list[tuple[str, str, str]], notes: str) -> None:
    lines: list[str | None] = [
             "# Benchmarks", "", "Generated by `make bench` (`tools/bench.py`); numbers below are from one run on the "
             "machine described. Rerun to refresh; edit the notes in tools/bench_notes.md, not here.", "",
             "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in checks]
    for n, s in sorted(sizes.items()):
        lines += ["", f"## {n:,} claims", "",
                  f"Median of {s['runs']} run(s), each with the share cards already drawn (an untimed first build "
                  f"drew them); load average {s['load_before']:.1f} before, "
                  f"{s['load_after']:.1f} after (the machine has {info['cores']} cores and is shared).", "",
                  "| measure | ours (claims plugin) | plain MkDocs + Material | Hugo (trivial layout) |",
                  "|---|---|---|---|"]
        hugo = s.get("hugo")
        lines += [
            f"| build, wall | {s['ours']['wall_s']:.2f} s | {s['plain']['wall_s']:.2f} s | "
            f"{hugo['wall_s']:.2f} s |" if hugo else None,
            f"| build, CPU (user+sys) | {s['ours']['cpu_s']:.2f} s | {s['plain']['cpu_s']:.2f} s | "
            f"{hugo['cpu_s']:.2f} s |" if hugo else None,
            f"| runs, wall | {s['ours']['runs_wall_s']} | {s['plain']['runs_wall_s']} | "
            f"{hugo['runs_wall_s'] if hugo else ''} |",
            f"| ratio ours / plain | {s['ratio_wall']:.2f}x wall, {s['ratio_cpu']:.2f}x CPU | 1 | |",
            f"| ours with `second_core: true` (a forked copy renders bodies too), 1 run | "
            f"{s['ours_second_core']['wall_s']:.2f} s wall, {s['ours_second_core']['cpu_s']:.2f} s CPU, "
            f"{s['ours_second_core'].get('pss_build_mb', 0):.0f} MB (PSS, summed) | | |"
            if "ours_second_core" in s else None,
            f"| per claim | {s['ours_ms_per_claim']:.1f} ms | {s['plain_ms_per_claim']:.1f} ms | "
            f"{hugo['wall_s'] / n * 1000:.2f} ms |" if hugo else None,
            f"| peak memory (largest process, RSS) | {s['ours']['peak_mb']:.0f} MB | {s['plain']['peak_mb']:.0f} MB | "
            f"{hugo['peak_mb']:.0f} MB |" if hugo else None,
            f"| peak memory (PSS summed over the build's processes) | build {s['ours']['pss_build_mb']:.0f} MB, "
            f"Pagefind {s['ours']['pss_pagefind_mb']:.0f} MB | {s['plain']['pss_build_mb']:.0f} MB | |"
            if s["ours"].get("pss_build_mb") else None,
            f"| validation alone (load_dataset) | {s['validation']['load_dataset_s']:.2f} s wall, "
            f"{s['validation']['load_dataset_cpu_s']:.2f} s CPU "
            f"({s['validation']['load_dataset_cpu_s'] / s['ours']['cpu_s']:.1%} of the build's CPU) | | |",
            f"| `python -m mkdocs_claims check` | {s['validation']['cli_wall_s']:.2f} s | | |",
            f"| claim page HTML (claim 0) | {s['claim_html_bytes']:,} bytes | "
            f"{s['plain_claim_html_bytes']:,} bytes | |",
            f"| search index | {s['search_index_bytes'] / 1024 / 1024:.2f} MB, "
            f"{s['search_index_kb_per_claim']:.2f} KB per claim | {s['plain_search_index_kb_per_claim']:.2f} KB "
            "per claim | |",
        ]
        if "largest_page" in s:
            lines.append(f"| largest HTML page | {s['largest_page']['bytes']:,} bytes (`{s['largest_page']['path']}`)"
                         " | | |")
        if "edit" in s and "error" in s["edit"]:
            lines.append(f"| edit one claim (`make serve`) | failed: {s['edit']['error']} | | |")
        elif "edit" in s:
            e = s["edit"]
            later = (f"; search index written again {e['search_index_after_s']:.1f} s later, in the background"
                     if "search_index_after_s" in e else "")
            full = (f"; MkDocs' full dirty build of the same kind of save, side by side: "
                    f"{e['full_build_edit_s']:.2f} s" if "full_build_edit_s" in e else "")
            lines.append(f"| edit one claim (`make serve`, median of saves) | {e['edit_s']:.2f} s wall "
                         f"({e['rendered']}{full}; first dirty build {e['first_s']:.1f} s; edited page updated: "
                         f"{e['edited_page_updated']}{later}) | | |")
        if "search" in s:
            lines += search_rows(s)
        if "search_error" in s:
            lines.append(f"| first search result (Chromium) | no result: {s['search_error']} | | |")
        lines = [line for line in lines if line is not None] + [""]
        if "split" in s:
            lines += bench_profile.split_table(s["split"], n)
    if lighthouse:
        lines += ["## Lighthouse (this repository's site, served gzipped from 127.0.0.1)", "",
                  "| page | form factor | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for name, r in lighthouse.items():
            for form in ("mobile", "desktop"):
                x = r[form]
                perf = (f"{x['performance_median']:g} (runs {x['performance_runs']})" if form == "mobile"
                        else str(x["scores"]["performance"]))
                m = x["metrics"]
                lines.append(f"| {name} (`/{r['path']}`) | {form} | {perf} | {x['scores']['accessibility']} | "
                             f"{x['scores']['best-practices']} | {x['scores']['seo']} | "
                             f"{m['first-contentful-paint'] / 1000:.1f} s | "
                             f"{m['largest-contentful-paint'] / 1000:.1f} s | "
                             f"{m['total-blocking-time']:.0f} ms | {m['cumulative-layout-shift']:.3f} |")
        foreign = sorted({u for r in lighthouse.values() for f in ("mobile", "desktop")
                          for u in r[f]["foreign_requests"]})
        lines += ["", f"Requests that left 127.0.0.1 during the Lighthouse runs: {foreign or 'none'}.", ""]
        failed = {f"{name}/{form}": r[form]["failed_audits"] for name, r in lighthouse.items()
                  for form in ("mobile", "desktop")}
        lines += ["Audits below full score (weighted), per page and form factor:", ""]
        lines += [f"- {k}: " + "; ".join(f"{c}: {', '.join(v) or '-'}" for c, v in audits.items())
                  for k, audits in failed.items()]
        lines.append("")
    lines += ["## Notes", "", notes.strip(), ""]
    path.write_text("\n".join(line for line in lines if line is not None), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", default="3,3,1", help="build runs per size (median reported)")
    parser.add_argument("--skip-browser", action="store_true", help="no search timing in Chromium")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-hugo", action="store_true")
    parser.add_argument("--profile-size", type=int, default=10000, help="profile the build at this size (0: none)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / ".bench" / "bench.json")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: rewrite the Markdown from the last run's JSON (after editing notes)")
    args = parser.parse_args(argv)
    if args.report_only:
        summary = json.loads(args.json.read_text(encoding="utf-8"))
        results = {int(k): v for k, v in summary["sizes"].items()}
        checks = verdicts(results, summary["lighthouse"])
        notes_file = Path(__file__).with_name("bench_notes.md")
        notes = notes_file.read_text(encoding="utf-8") if notes_file.exists() else ""
        write_markdown(args.out, summary["machine"], results, summary["lighthouse"], checks, notes)
        return 0
    sizes = [int(x) for x in args.sizes.split(",")]
    runs = [int(x) for x in args.runs.split(",")]
    runs += [runs[-1]] * (len(sizes) - len(runs))
    hugo = not args.skip_hugo and shutil.which("hugo") is not None
    work = args.keep or Path(tempfile.mkdtemp(prefix="mkdocs-claims-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        info = machine()
        warm = work / "warmup"  # first builds pay for cold caches (bytecode, disk); not measured
        projects = bench_projects.write_projects(warm, 20)
        mkdocs_build(projects["ours"], warm / "site-ours")
        mkdocs_build(projects["plain"], warm / "site-plain")
        results: dict[int, dict[str, Any]] = {}
        for n, r in zip(sizes, runs, strict=True):
            results[n] = bench_size(n, r, work, browser=not args.skip_browser, hugo=hugo,
                                    profile_size=args.profile_size)
            args.json.parent.mkdir(parents=True, exist_ok=True)  # keep what was measured if a later step fails
            args.json.with_suffix(".partial.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        lighthouse = None if args.skip_lighthouse else bench_lighthouse(work)
        checks = verdicts(results, lighthouse)
        notes_file = Path(__file__).with_name("bench_notes.md")
        notes = notes_file.read_text(encoding="utf-8") if notes_file.exists() else ""
        write_markdown(args.out, info, results, lighthouse, checks, notes)
        summary = {"machine": info, "sizes": {str(k): v for k, v in results.items()}, "lighthouse": lighthouse,
                   "targets": [{"target": a, "measured": b, "result": c} for a, b, c in checks]}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
        print(json.dumps(summary, indent=2, default=str))  # noqa: T201
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
