"""The edit loop of `make serve`: build as `mkdocs serve --dirty` does, edit one claim, time the rebuild.

    python tools/bench_edit.py PROJECT SITE_DIR

Everything runs in this one process, as under `mkdocs serve` (module-level state survives between builds): the
plugins are told they are serving, the first build runs, then the plugins get the server (`on_serve`) and may wrap
its builder, as they do under `mkdocs serve`. Each save rewrites one claim's short answer and calls the server's
builder, which is what the server does when a watched file changes. Saves alternate between that builder (the
claims-only rebuild, plugins/mkdocs_claims/serve.py) and MkDocs' own dirty `build()` (what every save ran before
it), so the two are measured side by side on the same site. Prints JSON: the first build's and each save's wall
seconds (until the pages are written and could be served), how much later the search index was written again,
what the rebuild wrote (from the plugin's log line), and whether the edited page carries the new text.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_claims import plugin

ROUNDS = 3  # saves through each path


class Server:
    """What `mkdocs serve`'s LiveReloadServer offers a plugin's on_serve: the builder to wrap, and watch()."""

    def __init__(self, builder: Callable[..., None]) -> None:
        self.builder = builder

    def watch(self, path: str) -> None:
        pass


def main(project: Path, site: Path) -> dict[str, object]:
    os.chdir(project)
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)

    def get_config() -> MkDocsConfig:
        return load_config(str(project / "mkdocs.yml"), site_dir=str(site))

    def full_build(config: MkDocsConfig | None = None) -> None:  # mkdocs serve's own builder, --dirty
        build(config or get_config(), dirty=True)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    start = time.perf_counter()
    full_build(config)
    first = time.perf_counter() - start
    server = Server(full_build)
    config.plugins.on_serve(server, config=config, builder=full_build)
    plugin._indexer.wait()
    claims = sorted((project / "claims").glob("claim-*.yml"))
    run = time.time_ns()
    saves: dict[str, list[dict[str, Any]]] = {"claims_only": [], "full_build": []}
    for number in range(2 * ROUNDS):
        path, builder = ("claims_only", server.builder) if number % 2 == 0 else ("full_build", full_build)
        edited = claims[(len(claims) // 2 + number) % len(claims)]
        # Unique per run: a save that writes what the file already says (a rerun on the same project) changes nothing.
        answer = f"An edited short answer, number {number} of run {run}, written by the edit-loop benchmark."
        text = edited.read_text(encoding="utf-8").splitlines()
        edited.write_text("\n".join(f'summary: "{answer}"' if line.startswith("summary: ") else line
                                    for line in text) + "\n", encoding="utf-8")
        messages.clear()
        start = time.perf_counter()
        builder()
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        plugin._indexer.wait()
        index_after = time.perf_counter() - start
        page = site / "claims" / edited.stem / "index.html"
        wrote = next((m.split("; ", 1)[-1] for m in messages if "claim file(s) changed" in m), "")
        rendered = next((m.split(": ", 1)[-1] for m in messages if "generated pages" in m), "")
        saves[path].append({"s": round(seconds, 2), "search_index_after_s": round(index_after, 2),
                            "rendered": wrote or rendered, "updated": answer in page.read_text(encoding="utf-8")})
    fast, full = saves["claims_only"], saves["full_build"]
    return {"first_s": round(first, 2), "edit_s": statistics.median(s["s"] for s in fast),
            "full_build_edit_s": statistics.median(s["s"] for s in full),
            "search_index_after_s": statistics.median(s["search_index_after_s"] for s in fast),
            "rendered": fast[0]["rendered"], "edited_page_updated": all(s["updated"] for s in fast + full),
            "saves": saves}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())))  # noqa: T201
