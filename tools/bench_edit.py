"""The edit loop of `make serve`: build as `mkdocs serve --dirty` does, edit one claim, time the rebuild.

    python tools/bench_edit.py PROJECT SITE_DIR

Both builds run in this one process, as under `mkdocs serve` (module-level state survives between them), and the
plugin is told it is serving, so that it writes the search index in the background after the pages, as it does
under `mkdocs serve`. The edit rewrites one claim's short answer. Prints JSON: the first build's and the rebuild's
wall seconds (until the pages are written and could be served), how much later the search index was written
again, the pages the rebuild rendered (from the plugin's log line), and whether the edited page carries the new
text.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_claims import plugin

NEW_ANSWER = "An edited short answer, written by the edit-loop benchmark."


def dirty_build(project: Path, site: Path) -> float:
    start = time.perf_counter()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    build(config, dirty=True)
    return time.perf_counter() - start


def main(project: Path, site: Path) -> dict[str, object]:
    os.chdir(project)
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    plugin.ClaimsPlugin().on_startup(command="serve", dirty=True)  # what mkdocs serve tells the plugin
    first = dirty_build(project, site)
    plugin._indexer.wait()
    claims = sorted((project / "claims").glob("claim-*.yml"))
    edited = claims[len(claims) // 2]
    text = edited.read_text(encoding="utf-8").splitlines()
    edited.write_text("\n".join(f'summary: "{NEW_ANSWER}"' if line.startswith("summary: ") else line
                                for line in text) + "\n", encoding="utf-8")
    messages.clear()
    rebuild = dirty_build(project, site)
    start = time.perf_counter()
    plugin._indexer.wait()
    index_after = time.perf_counter() - start
    page = site / "claims" / edited.stem / "index.html"
    rendered = next((m.split(": ", 1)[-1] for m in messages if "generated pages" in m), "")
    return {"first_s": round(first, 2), "edit_s": round(rebuild, 2), "search_index_after_s": round(index_after, 2),
            "rendered": rendered,
            "edited_page_updated": NEW_ANSWER in page.read_text(encoding="utf-8")}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())))  # noqa: T201
