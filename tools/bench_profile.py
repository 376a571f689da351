"""Parts of `make bench` about the build itself: where its time goes, its largest page, and the edit loop.

split(): one `mkdocs build` under cProfile, its time cut by owner (ours, Material, MkDocs). cProfile slows
Python code down about 2x, so the shares matter, not the seconds.
"""

from __future__ import annotations

import json
import pstats
import subprocess
import sys
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
TOOLS = Path(__file__).resolve().parent
# (label, owner, [(file suffix, function)]): cumulative time of these functions. Listed outermost first; a part
# nested in an earlier one is taken out of it (on_page_content runs inside MkDocs' page loop, not in a template).
PARTS = [
    ("validation: YAML, schema and cross-references (load_dataset)", "ours",
     [("mkdocs_claims/validate.py", "load_dataset")]),
    ("claim, worksheet and list page bodies, their anchors, contents and list pages' search records "
     "(on_page_context)", "ours", [("mkdocs_claims/plugin.py", "on_page_context")]),
    ("hand-written pages' embeds and search records (on_page_markdown, on_page_content)", "ours",
     [("mkdocs_claims/plugin.py", "on_page_markdown"), ("mkdocs_claims/plugin.py", "on_page_content")]),
    ("what each page is made from (fingerprints, for dirty rebuilds)", "ours",
     [("mkdocs_claims/render/pages.py", "fingerprints")]),
    ("head tags, footer, security policy per page (on_post_page)", "ours",
     [("mkdocs_claims/plugin.py", "on_post_page")]),
    ("share cards (cached by content)", "ours", [("mkdocs_claims/plugin.py", "_share_cards")]),
    ("downloads: JSON, CSV, feeds, matcher and explorer data", "ours",
     [("mkdocs_claims/render/exports.py", "export_files"), ("mkdocs_claims/render/exports.py", "matcher_data"),
      ("mkdocs_claims/render/exports.py", "explorer_data")]),
    ("embeds, Markdown alternates, redirects (on_post_build)", "ours",
     [("mkdocs_claims/plugin.py", "_write_embeds"), ("mkdocs_claims/plugin.py", "_write_redirects"),
      ("mkdocs_claims/render/exports.py", "claim_markdown")]),
    ("search: claims' records from the model, and the Pagefind index (the wait for the binary included)", "ours",
     [("mkdocs_claims/plugin.py", "_write_search_index"), ("mkdocs_claims/plugin.py", "wait")]),
    ("Material's page template (main.html: header, nav, tabs, TOC)", "Material",
     [("material/templates/main.html", "root")]),
    ("MkDocs: a Markdown() per page, even for generated pages", "MkDocs",
     [("mkdocs/structure/pages.py", "render")]),
    ("MkDocs: copying theme files and generated files", "MkDocs",
     [("mkdocs/structure/files.py", "copy_static_files")]),
    ("MkDocs: writing pages", "MkDocs", [("mkdocs/utils/__init__.py", "write_file")]),
]


def split(project: Path, site: Path, env: dict[str, str]) -> dict[str, Any]:
    """The default build, in one process (with `second_core: true` the profiler would not see the forked copy)."""
    profile = site.with_suffix(".prof")
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), str(BIN / "mkdocs"), "build", "-q", "-d",
                    str(site)], cwd=project, env=env, check=True, capture_output=True)
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    total = _cumulative(stats, [("mkdocs/commands/build.py", "build")])
    parts = [{"part": label, "owner": owner, "s": _cumulative(stats, functions)} for label, owner, functions in PARTS]
    # on_page_content and on_post_page run inside MkDocs' page loop, not inside the template: nothing to subtract.
    # The template's time includes nothing of ours either (our bodies are rendered before it runs).
    parts.append({"part": "the rest (MkDocs' page loop, nav, sitemap, start-up)", "owner": "MkDocs",
                  "s": max(0.0, total - sum(p["s"] for p in parts))})
    return {"total_s": total, "parts": parts}


def second_core_config(project: Path) -> Path:
    """A copy of the project's mkdocs.yml with the plugin's `second_core: true`."""
    config = project / "mkdocs-second-core.yml"
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - claims:\n" in text, "the bench project's plugin entry is not where it was"
    config.write_text(text.replace("  - claims:\n", "  - claims:\n      second_core: true\n", 1), encoding="utf-8")
    return config


def _cumulative(stats: dict[Any, Any], functions: list[tuple[str, str]]) -> float:
    return sum(value[3] for (file, _, name), value in stats.items()
               if any(file.endswith(suffix) and name == function for suffix, function in functions))


def split_table(split: dict[str, Any], n: int) -> list[str]:
    lines = [f"Where a {n:,}-claim build's time goes (cProfile, {split['total_s']:.1f} s under the profiler; "
             "shares matter, the profiler slows Python about 2x):", "",
             "| part | whose | share |", "|---|---|---:|"]
    for part in sorted(split["parts"], key=lambda p: -p["s"]):
        lines.append(f"| {part['part']} | {part['owner']} | {part['s'] / split['total_s']:.0%} |")
    return [*lines, ""]


def largest_page(site: Path) -> dict[str, Any]:
    biggest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    return {"bytes": biggest.stat().st_size, "path": biggest.relative_to(site).as_posix()}


def edit_loop(project: Path, site: Path, env: dict[str, str]) -> dict[str, Any]:
    """tools/bench_edit.py, which edits one claim of the project in place (the benchmark's projects are throwaway)."""
    done = subprocess.run([sys.executable, str(TOOLS / "bench_edit.py"), str(project), str(site)],
                          capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:  # reported in BENCHMARKS.md with the error, not a crash of the whole run
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}",
                "stderr_tail": done.stderr[-3000:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
