"""Share cards: the 1200×630 PNG a link preview shows for a claim (``og:image``), made at build time.

A card shows the claim, the verdict in words on a band in the verdict's colour, an optional scope line and the
site name. It is drawn with Pillow and a bundled subset of WenQuanYi Micro Hei, so Chinese and Latin text look
the same on every machine. Cards are cached by content: a rebuild draws only the cards whose inputs changed.

The same inputs give the same bytes: Pillow's basic layout engine (not Raqm, which a machine may or may not
have), no PNG metadata, and fixed encoder settings.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from ..i18n import Language

# Bump when the drawing changes, so cached cards from an older layout are not reused.
RENDERER_VERSION = "1"
# Glyph rasterising can change with Pillow or its FreeType, so both are part of the cache key too.
RASTERISER = f"Pillow {PIL.__version__}, FreeType {features.version('freetype2')}"
CARD_SIZE = (1200, 630)
BUNDLED_FONT = Path(__file__).resolve().parent.parent / "fonts" / "wqy-microhei-subset.ttf"

MARGIN = 64
BAND_HEIGHT = 150
WHITE_GREY = 255
TEXT_GREY = 26  # #1a1a1a: 17:1 on white
MUTED_GREY = 84  # #545454: 7.6:1 on white
LEVELS = 128  # palette entries per area; anti-aliasing needs far fewer than 128 steps to look smooth
WHITE = (255, 255, 255)
NEAR_BLACK = (17, 17, 17)
MIN_CONTRAST = 4.5
CLAIM_SIZES = tuple(range(68, 29, -4))  # largest first; below 32 px a card is unreadable in a feed thumbnail
LINE_SPACING = 1.3
SCOPE_SIZE = 28
VERDICT_SIZES = (64, 56, 48, 40)
SITE_SIZE = 28
ELLIPSIS = "…"  # after East Asian text; this font draws it at mid-height, so Latin text gets "..."
LATIN_ELLIPSIS = "..."
PNG_OPTIONS = {"optimize": False, "compress_level": 6}  # explicit, so a Pillow default change cannot alter bytes
PNG_END = b"IEND\xaeB`\x82"
# Fewer missing cards than this are drawn in the build's own process (starting workers costs ~0.1 s).
PARALLEL_FROM = 40

# Typographic characters the font lacks, drawn as their nearest neighbour instead of a missing-glyph box.
SUBSTITUTES = str.maketrans({"\u2011": "\u2010", "\u2012": "\u2013", "\u202f": "\u00a0", "\u2060": ""})
# East Asian text breaks between any two characters; Latin text breaks at spaces.
WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
WIDE_CHAR = re.compile(rf"[{WIDE}]")
UNIT = re.compile(rf"[{WIDE}]\s*|[^\s{WIDE}]+\s*|\s+")
# Punctuation that must not start a line (closing) or end one (opening): it sticks to its neighbour.
CLOSING = set(",.;:!?)]}%’”、。，．；：！？）】》〉」』〕…·～")
OPENING = set("([{‘“（【《〈「『〔")


@dataclass(frozen=True)
class CardText:
    """What a card says; also the cache key's input."""

    claim: str
    verdict_label: str
    verdict_colour: str
    site_name: str
    scope: str


class ShareCards:
    """Draws share cards, reusing a cached PNG when a card with the same content was drawn before.

    ``rendered`` and ``reused`` count cards drawn and cards read from the cache since this object was made.
    """

    def __init__(self, cache_dir: Path | None = None, font_path: Path = BUNDLED_FONT) -> None:
        self.cache_dir = cache_dir
        self.font_path = font_path
        self.font_digest = hashlib.sha256(font_path.read_bytes()).hexdigest()
        self.rendered = 0
        self.reused = 0
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}
        self._ink_offsets: dict[tuple[str, int], int] = {}

    def png(self, claim: str, verdict_label: str, verdict_colour: str, site_name: str, scope: str = "") -> bytes:
        """The card as PNG bytes: from the cache when it holds this content, else drawn (and cached)."""
        text = CardText(claim, verdict_label, verdict_colour, site_name, scope)
        cached = self._cache_path(text)
        if cached is not None and (data := read_complete_png(cached)) is not None:
            self.reused += 1
            return data
        data = encode_png(self.draw(text))
        self.rendered += 1
        if cached is not None:
            write_atomically(cached, data)
        return data

    def files(self, texts: list[CardText], processes: int = 1) -> list[Path]:
        """The cached PNG of every card, drawing the missing ones first, in ``processes`` worker processes when
        there are many (a card costs ~20 ms; a cold 10,000-claim site has 10,000). Needs a cache folder."""
        assert self.cache_dir is not None, "cards on disk need a cache folder"
        paths = [self.cache_dir / f"{self.cache_key(text)}.png" for text in texts]
        missing = list({path: text for path, text in zip(paths, texts, strict=True)
                        if path not in _complete and not is_complete_png(path)}.values())
        self.reused += len(texts) - len(missing)
        self.rendered += len(missing)
        if processes > 1 and len(missing) >= PARALLEL_FROM:
            with ProcessPoolExecutor(processes, initializer=_start_worker, initargs=(self.cache_dir, self.font_path),
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                list(pool.map(_draw_in_worker, missing, chunksize=8))
        else:
            for text in missing:
                self._draw_to_cache(text)
        _complete.update(paths)
        return paths

    def _draw_to_cache(self, text: CardText) -> None:
        path = self._cache_path(text)
        assert path is not None
        write_atomically(path, encode_png(self.draw(text)))

    def cache_key(self, text: CardText) -> str:
        """sha256 over the card's text, the font's bytes, the renderer version and the rasteriser's versions."""
        key = _keys.get((self.font_digest, text))
        if key is None:  # kept per text: under `mkdocs serve` a save asks again for every claim's card
            fields = [RENDERER_VERSION, RASTERISER, self.font_digest, text.claim, text.verdict_label,
                      text.verdict_colour, text.site_name, text.scope]
            key = _keys[(self.font_digest, text)] = hashlib.sha256(json.dumps(fields).encode("ascii")).hexdigest()
        return key

    def draw(self, text: CardText) -> Image.Image:
        """The card as a 256-colour image: greys on white above, a two-colour ramp on the band below.

        Each area is drawn as an 8-bit coverage image and mapped onto 128 palette entries. The text stays
        anti-aliased, and the PNG is about 60% of the RGB one's size and encodes three times faster."""
        page = self._draw_page(text)
        band = self._draw_band(text)
        colour = ImageColor.getrgb(text.verdict_colour)[:3]
        return combine(page, band, colour, text_colour_on(colour))

    def _draw_page(self, text: CardText) -> Image.Image:
        """The white area: the scope line on top, then the claim in quotes."""
        width, height = CARD_SIZE
        page = Image.new("L", (width, height - BAND_HEIGHT), WHITE_GREY)
        draw = ImageDraw.Draw(page)
        claim_top = MARGIN
        if scope := clean(text.scope):
            font = self._font(SCOPE_SIZE)
            draw.text((MARGIN, MARGIN), fit_line(scope, font, width - 2 * MARGIN), font=font, fill=MUTED_GREY)
            claim_top = MARGIN + round(SCOPE_SIZE * LINE_SPACING) + 24
        self._draw_claim(draw, "“" + clean(text.claim) + "”", claim_top, page.height - MARGIN * 3 // 4)
        return page

    def _draw_claim(self, draw: ImageDraw.ImageDraw, claim: str, top: int, bottom: int) -> None:
        """The largest size at which the whole claim fits; at the smallest, as many lines as fit, then "…"."""
        box_width = CARD_SIZE[0] - 2 * MARGIN
        for size in CLAIM_SIZES:
            font = self._font(size)
            line_height = round(size * LINE_SPACING)
            room = (bottom - top) // line_height
            if size != CLAIM_SIZES[-1] and font.getlength(claim) > room * box_width:
                continue  # too long to fit even if every line were full: skip the wrapping
            lines = wrap(claim, font, box_width)
            if len(lines) * line_height <= bottom - top:
                break
        room = max(1, room)
        if len(lines) > room:
            lines = [*lines[: room - 1], shorten_at_break(lines[room - 1], font, box_width, closing="”")]
        y = top + (bottom - top - len(lines) * line_height) // 2
        for number, line in enumerate(lines):
            # The font's quote marks are full-width with the ink on the inner half: pull the first line left
            # so the opening quote's ink, not its blank half, lines up with the margin.
            x = MARGIN - (self._ink_left("“", size) if number == 0 else 0)
            draw.text((x, y), line.rstrip(), font=font, fill=TEXT_GREY)
            y += line_height

    def _draw_band(self, text: CardText) -> Image.Image:
        """The band's ink coverage: the verdict in words, left, and the site name, right."""
        width = CARD_SIZE[0]
        band = Image.new("L", (width, BAND_HEIGHT), 0)
        draw = ImageDraw.Draw(band)
        inner = width - 2 * MARGIN
        label = clean(text.verdict_label)
        for size in VERDICT_SIZES:
            label_font = self._font(size)
            if label_font.getlength(label) <= inner * 0.6:
                break
        label = fit_line(label, label_font, inner * 0.6)
        middle = BAND_HEIGHT // 2
        draw.text((MARGIN, middle), label, font=label_font, fill=255, anchor="lm")
        site_font = self._font(SITE_SIZE)
        site = fit_line(clean(text.site_name), site_font, inner - label_font.getlength(label) - 48)
        draw.text((width - MARGIN, middle), site, font=site_font, fill=255, anchor="rm")
        return band

    def _cache_path(self, text: CardText) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / f"{self.cache_key(text)}.png"

    def _ink_left(self, char: str, size: int) -> int:
        """How far right of the pen position ``char``'s ink starts at ``size``."""
        if (char, size) not in self._ink_offsets:
            probe = Image.new("L", (size * 2, size * 2), 0)
            ImageDraw.Draw(probe).text((0, 0), char, font=self._font(size), fill=255)
            box = probe.getbbox()
            self._ink_offsets[char, size] = box[0] if box else 0
        return self._ink_offsets[char, size]

    def _font(self, size: int) -> ImageFont.FreeTypeFont:
        if size not in self._fonts:
            # Basic layout: Raqm's shaping would make the bytes depend on what the machine has installed.
            self._fonts[size] = ImageFont.truetype(str(self.font_path), size, layout_engine=ImageFont.Layout.BASIC)
        return self._fonts[size]


def alt_text(claim: str, verdict_label: str, site_name: str, t: Language) -> str:
    """The card's alt text: what a screen reader says instead of the picture."""
    return t.gettext("Fact check by %(site)s: “%(claim)s” is rated %(verdict)s.", site=clean(site_name),
                     claim=clean(claim), verdict=clean(verdict_label))


def clean(text: str) -> str:
    """One line: whitespace runs made single spaces, characters the font lacks swapped for near equivalents."""
    return " ".join(text.translate(SUBSTITUTES).split())


def break_units(text: str) -> list[str]:
    """Pieces a line may break between: a Latin word with its trailing space, or one East Asian character.

    Closing punctuation joins the piece before it and opening punctuation the piece after it, so no line starts
    with "，" or ends with "“"."""
    units: list[str] = []
    pending_opening = ""
    for unit in UNIT.findall(text):
        core = unit.strip()
        if core and all(char in OPENING for char in core):
            pending_opening += unit
        elif units and core and all(char in CLOSING for char in core) and not pending_opening:
            units[-1] += unit
        else:
            units.append(pending_opening + unit)
            pending_opening = ""
    if pending_opening:
        units.append(pending_opening)
    return units


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy line filling; a piece wider than a whole line is split between characters."""
    lines: list[str] = []
    line = ""
    for unit in break_units(text):
        pieces = list(unit) if font.getlength(unit.rstrip()) > width else [unit]
        for piece in pieces:
            if line and font.getlength((line + piece).rstrip()) > width:
                lines.append(line)
                line = ""
            line += piece
    if line:
        lines.append(line)
    return lines


def fit_line(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """``text`` if it fits in ``width``, else shortened with "…"."""
    return text if font.getlength(text) <= width else shorten(text, font, width)


def shorten(text: str, font: ImageFont.FreeTypeFont, width: float, closing: str = "") -> str:
    """The longest prefix of ``text`` that fits in ``width`` followed by an ellipsis and ``closing``."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(with_ellipsis(text[:middle], closing)) <= width:
            low = middle
        else:
            high = middle - 1
    return with_ellipsis(text[:low], closing)


def shorten_at_break(text: str, font: ImageFont.FreeTypeFont, width: float, closing: str = "") -> str:
    """Like ``shorten``, but cut between words or East Asian characters where one fits."""
    units = break_units(text)
    while units:
        candidate = with_ellipsis("".join(units), closing)
        if font.getlength(candidate) <= width:
            return candidate
        units.pop()
    return shorten(text, font, width, closing)


def with_ellipsis(text: str, closing: str = "") -> str:
    text = text.rstrip()
    ellipsis = ELLIPSIS if WIDE_CHAR.fullmatch(text[-1:]) else LATIN_ELLIPSIS
    return text + ellipsis + closing


def relative_luminance(rgb: tuple[int, ...]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: tuple[int, ...]) -> tuple[int, int, int]:
    """White, as the scale's badges use; near-black on a colour too light for white to reach 4.5:1."""
    return WHITE if contrast_ratio(WHITE, background) >= MIN_CONTRAST else NEAR_BLACK


def combine(page: Image.Image, band: Image.Image, colour: tuple[int, ...], ink: tuple[int, ...]) -> Image.Image:
    """Stack the page (greys) over the band (ink coverage) as one palette image.

    Indices 0-127 are greys from black to white; 128-255 run from the band colour to the ink."""
    step = 256 // LEVELS
    indices = Image.new("L", CARD_SIZE)
    indices.paste(page.point([grey // step for grey in range(256)]), (0, 0))
    indices.paste(band.point([LEVELS + cover // step for cover in range(256)]), (0, page.height))
    greys = [round(i * 255 / (LEVELS - 1)) for i in range(LEVELS)]
    ramp = [mix(colour, ink, i / (LEVELS - 1)) for i in range(LEVELS)]
    palette = [channel for grey in greys for channel in (grey, grey, grey)]
    palette += [channel for rgb in ramp for channel in rgb]
    indices.putpalette(palette)  # an "L" image given a palette becomes a "P" image
    return indices


def mix(first: tuple[int, ...], second: tuple[int, ...], share: float) -> tuple[int, int, int]:
    """``share`` of the way from ``first`` to ``second``."""
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(first[:3], second[:3], strict=True))
    return red, green, blue


def encode_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **PNG_OPTIONS)
    return buffer.getvalue()


# Cards this process has seen whole in the cache (cache files are named by content and written atomically): under
# `mkdocs serve` a save then opens none of the 10,000 cards again.
_complete: set[Path] = set()
_keys: dict[tuple[str, CardText], str] = {}


def is_complete_png(path: Path) -> bool:
    """True when the file holds a whole PNG (reads its last bytes only)."""
    try:
        with path.open("rb") as stream:
            stream.seek(-len(PNG_END), os.SEEK_END)
            return stream.read() == PNG_END
    except (FileNotFoundError, OSError):
        return False


# A worker process's own ShareCards (fonts are loaded once per process).
_worker: list[ShareCards] = []


def _start_worker(cache_dir: Path, font_path: Path) -> None:
    _worker[:] = [ShareCards(cache_dir=cache_dir, font_path=font_path)]


def _draw_in_worker(text: CardText) -> None:
    _worker[0]._draw_to_cache(text)


def read_complete_png(path: Path) -> bytes | None:
    """The cached PNG, or None when it is missing or cut short (a crash between write and rename)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return data if data.endswith(PNG_END) else None


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: readers see no card or a whole one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
