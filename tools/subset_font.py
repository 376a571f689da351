"""Make the share cards' bundled font: a subset of WenQuanYi Micro Hei that covers this site's text.

Run from the repository root after editing claims or content:

    .venv/bin/python tools/subset_font.py

It keeps Latin, common punctuation and symbols, the 3,755 level-1 GB2312 hanzi (the everyday set) and every
character that occurs in claims/**/*.yml and content/**/*.md (rarer hanzi, pinyin tone marks such as ǎ). The
options are fixed and the source is Debian's fonts-wqy-microhei, so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SOURCE_FACE = 0  # face 0 of the collection is "WenQuanYi Micro Hei"; face 1 is the Mono variant
TARGET = ROOT / "plugins" / "mkdocs_claims" / "fonts" / "wqy-microhei-subset.ttf"

BLOCKS = [
    (0x0020, 0x007E),  # Basic Latin (printable)
    (0x00A0, 0x00FF),  # Latin-1 Supplement (printable)
    (0x0100, 0x017F),  # Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation: curly quotes, dashes, ellipsis
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]


def gb2312_level1_hanzi() -> set[int]:
    """The 3,755 level-1 hanzi: GB2312 rows with first byte 0xB0-0xD7 (row 0xD7 stops at 0xF9)."""
    found: set[int] = set()
    for first in range(0xB0, 0xD8):
        for second in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([first, second]).decode("gb2312")))
            except UnicodeDecodeError:
                continue  # the unassigned tail of row 0xD7
    return found


def site_characters(root: Path) -> set[int]:
    """Every printable character in the dataset and the hand-written pages (the source font lacks some, such as
    emoji; the subsetter skips those)."""
    files = sorted([*root.glob("claims/**/*.yml"), *root.glob("content/**/*.md")])
    return {ord(char) for path in files for char in path.read_text(encoding="utf-8") if char.isprintable()}


def wanted_codepoints(root: Path) -> set[int]:
    blocks = {code for first, last in BLOCKS for code in range(first, last + 1)}
    return blocks | gb2312_level1_hanzi() | site_characters(root)


def subset_options() -> subset.Options:
    """Fixed options: keep hinting and kerning for Latin, drop what a raster renderer never reads."""
    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "vert"]
    options.name_IDs = ["*"]  # keep copyright, licence and font names
    options.name_languages = ["*"]
    options.notdef_outline = True  # a visible box for a missing glyph, not an empty space
    options.recalc_bounds = True
    options.drop_tables += ["DSIG", "FFTM"]  # a signature that no longer matches; FontForge's build timestamps
    return options


def make_subset(source: Path, face: int, codepoints: set[int], target: Path) -> None:
    # recalcTimestamp=False keeps head.modified from the source instead of stamping "now" on save.
    collection = TTCollection(str(source), lazy=False, recalcTimestamp=False)
    font = collection.fonts[face]
    subsetter = subset.Subsetter(options=subset_options())
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target), reorderTables=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args()
    codepoints = wanted_codepoints(ROOT)
    make_subset(args.source, SOURCE_FACE, codepoints, args.output)
    data = args.output.read_bytes()
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    digest = hashlib.sha256(data).hexdigest()
    print(f"{shown}: {len(data):,} bytes, {len(codepoints):,} code points asked for, sha256 {digest}")  # noqa: T201

if __name__ == "__main__":
    main()
