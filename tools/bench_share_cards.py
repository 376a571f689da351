"""What share cards cost a build: cold cache, warm cache, and a rebuild after 1% of the claims changed.

    .venv/bin/python tools/bench_share_cards.py [--sizes 1000,10000]

Claims are the benchmark's synthetic ones (tools/bench_projects.py: 10-18 words, like the real dataset's
41-165 characters), with the default scale's verdict labels and colours and a scope line on about half of them.
Each pass uses a fresh ShareCards on the same cache folder, as a new build would. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from mkdocs_claims.render.share_cards import ShareCards

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_projects

ROOT = Path(__file__).resolve().parent.parent
SITE_NAME = "Social Credit: Myth vs Fact"
CHANGED_SHARE = 100  # one claim in 100 changes between the warm and the "1% changed" pass


@dataclass(frozen=True)
class CardInput:
    claim: str
    verdict_label: str
    verdict_colour: str
    scope: str


@dataclass(frozen=True)
class Pass:
    seconds: float
    rendered: int
    reused: int


def card_inputs(n: int) -> list[CardInput]:
    """n synthetic claims with their verdicts; seeded, so every run draws the same cards."""
    scale = {v["id"]: v for v in yaml.safe_load((ROOT / "plugins/mkdocs_claims/default_scale.yml").read_text())}
    model = bench_projects.text_model()
    sources = bench_projects.make_sources(model)
    inputs = []
    for i in range(n):
        claim = bench_projects.make_claim(i, n, model, sources)
        rng = random.Random(f"{bench_projects.SEED}-scope-{i}")  # noqa: S311 - reproducible text, not secrets
        scope = model.sentence(rng, rng.randint(5, 10)).rstrip(".") if i % 2 else ""
        verdict = scale[claim.verdict]
        inputs.append(CardInput(claim.claim, verdict["label"], verdict["colour"], scope))
    return inputs


def render_pass(cache_dir: Path, inputs: list[CardInput]) -> Pass:
    cards = ShareCards(cache_dir=cache_dir)
    start = time.perf_counter()
    for card in inputs:
        cards.png(card.claim, card.verdict_label, card.verdict_colour, SITE_NAME, scope=card.scope)
    return Pass(time.perf_counter() - start, cards.rendered, cards.reused)


def with_changes(inputs: list[CardInput]) -> list[CardInput]:
    """Every 100th claim reworded, as an editor's fix would."""
    return [replace(card, claim=card.claim.rstrip(".") + ", as of 2026.") if i % CHANGED_SHARE == 0 else card
            for i, card in enumerate(inputs)]


def measure(n: int) -> dict[str, float]:
    inputs = card_inputs(n)
    with tempfile.TemporaryDirectory(prefix="share-cards-") as folder:
        cache_dir = Path(folder)
        cold = render_pass(cache_dir, inputs)
        warm = render_pass(cache_dir, inputs)
        changed = render_pass(cache_dir, with_changes(inputs))
        cache_bytes = sum(p.stat().st_size for p in cache_dir.glob("*.png"))
    assert (cold.rendered, warm.rendered, changed.rendered) == (n, 0, -(-n // CHANGED_SHARE)), (cold, warm, changed)
    return {"claims": n, "cold": cold.seconds, "warm": warm.seconds, "changed": changed.seconds,
            "ms_per_card": cold.seconds / n * 1000, "cache_mb": cache_bytes / 1e6, "cards": n + changed.rendered}


def markdown_table(rows: list[dict[str, float]]) -> str:
    lines = ["| claims | cold s | warm s | 1% changed s | ms per card (cold) | cache MB |",
             "|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['claims']:,.0f} | {r['cold']:.1f} | {r['warm']:.2f} | {r['changed']:.2f} | "
              f"{r['ms_per_card']:.1f} | {r['cache_mb']:.1f} ({r['cards']:,.0f} cards) |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = [measure(int(size)) for size in args.sizes.split(",")]
    load_after = os.getloadavg()[0]
    print(markdown_table(rows))  # noqa: T201
    print(f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "  # noqa: T201
          f"{platform.python_version()}; one run; load average {load_before:.1f} before, {load_after:.1f} after.")


if __name__ == "__main__":
    main()
