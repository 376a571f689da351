"""Share cards: size, reproducible bytes, the content cache, Chinese glyphs, layout bounds and colours."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
import yaml
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from mkdocs_claims.i18n import language
from mkdocs_claims.render.share_cards import (
    BAND_HEIGHT,
    BUNDLED_FONT,
    CARD_SIZE,
    WHITE,
    CardText,
    ShareCards,
    alt_text,
    break_units,
    contrast_ratio,
    text_colour_on,
    wrap,
)

ROOT = Path(__file__).resolve().parent.parent
SCALE = yaml.safe_load((ROOT / "plugins" / "mkdocs_claims" / "default_scale.yml").read_text(encoding="utf-8"))
SITE = "Social Credit: Myth vs Fact"
CLAIMS = [
    "China gives every citizen a single social credit score.",
    "中国给每个公民一个统一的社会信用分数。",
    "Being blacklisted means you can never buy a train ticket again.",
]
LONG_CLAIM = " ".join(["Blacklisted debtors cannot fly, buy property or send children to private school"] * 40)
LONG_CHINESE = "被列入失信被执行人名单的人不能乘坐飞机、购买房产，也不能送孩子上私立学校。" * 30


def card(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def png_chunk_types(data: bytes) -> list[str]:
    types, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        types.append(kind.decode("ascii"))
        offset += 12 + length
    return types


def render_all(cards: ShareCards, claims: list[str]) -> list[bytes]:
    return [cards.png(claim, "False", "#8b0000", SITE, scope="China") for claim in claims]


def test_card_is_a_1200_by_630_png_without_metadata():
    data = ShareCards().png(CLAIMS[0], "False", "#8b0000", SITE)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert card(data).size == CARD_SIZE == (1200, 630)
    assert set(png_chunk_types(data)) == {"IHDR", "PLTE", "IDAT", "IEND"}  # no tIME, tEXt or pHYs


def test_same_inputs_give_the_same_bytes_and_other_inputs_do_not():
    first, second = ShareCards(), ShareCards()
    assert render_all(first, CLAIMS) == render_all(second, CLAIMS)
    assert first.png(CLAIMS[0], "False", "#8b0000", SITE) != first.png(CLAIMS[0], "Mostly false", "#b3261e", SITE)


def test_cache_reuses_unchanged_cards_and_rerenders_only_changed_ones(tmp_path):
    cold = ShareCards(cache_dir=tmp_path)
    originals = render_all(cold, CLAIMS)
    assert (cold.rendered, cold.reused) == (3, 0)

    warm = ShareCards(cache_dir=tmp_path)
    assert render_all(warm, CLAIMS) == originals
    assert (warm.rendered, warm.reused) == (0, 3)

    edited = ShareCards(cache_dir=tmp_path)
    render_all(edited, [*CLAIMS[:2], CLAIMS[2] + " Ever."])
    assert (edited.rendered, edited.reused) == (1, 2)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png"] * 4  # no temporary files left behind


def test_a_cut_short_cache_file_is_rendered_again(tmp_path):
    cards = ShareCards(cache_dir=tmp_path)
    data = cards.png(CLAIMS[0], "False", "#8b0000", SITE)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(data[:100])
    again = ShareCards(cache_dir=tmp_path)
    assert again.png(CLAIMS[0], "False", "#8b0000", SITE) == data
    assert (again.rendered, again.reused) == (1, 0)
    assert cached.read_bytes() == data


def test_cache_key_depends_on_the_font(tmp_path):
    copy = tmp_path / "font.ttf"
    copy.write_bytes(BUNDLED_FONT.read_bytes() + b"\0")
    args = (CLAIMS[0], "False", "#8b0000", SITE, "")
    assert ShareCards().cache_key(CardText(*args)) != ShareCards(font_path=copy).cache_key(CardText(*args))


def characters_in_dataset() -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("claims/**/*.yml")))
    return {char for char in text if char.isprintable()}


def test_bundled_font_maps_every_character_the_dataset_uses():
    cmap = TTFont(BUNDLED_FONT).getBestCmap()
    characters = characters_in_dataset()
    assert any("\u4e00" <= char <= "\u9fff" for char in characters), "the dataset has Chinese text; none was found"
    missing = sorted(char for char in characters | set("异常") if ord(char) not in cmap)
    assert missing == [], "regenerate the font: .venv/bin/python tools/subset_font.py"


def glyph_bitmap(text: str) -> bytes:
    font = ImageFont.truetype(str(BUNDLED_FONT), 64, layout_engine=ImageFont.Layout.BASIC)
    image = Image.new("L", (80 * len(text), 80), 0)
    ImageDraw.Draw(image).text((0, 0), text, font=font, fill=255)
    return image.tobytes()


def test_chinese_text_draws_real_glyphs_not_the_missing_glyph_box():
    missing = glyph_bitmap("\ue000")  # a private-use code point: the font has no glyph, so .notdef is drawn
    for char in "异常":
        drawn = glyph_bitmap(char)
        assert any(drawn), f"{char} drew nothing"
        assert drawn != missing, f"{char} drew the missing-glyph box"
    assert glyph_bitmap("异") != glyph_bitmap("常")


def test_chinese_wraps_between_characters_and_keeps_punctuation_off_line_starts():
    font = ImageFont.truetype(str(BUNDLED_FONT), 40, layout_engine=ImageFont.Layout.BASIC)
    lines = wrap(LONG_CHINESE[:120], font, 300)
    assert len(lines) > 10
    assert "".join(lines) == LONG_CHINESE[:120]
    assert all(font.getlength(line.rstrip()) <= 300 for line in lines)
    assert not [line for line in lines if line[0] in "，。、"]
    assert break_units("“异常”，OK") == ["“异", "常”，", "OK"]


def test_english_wraps_between_words():
    font = ImageFont.truetype(str(BUNDLED_FONT), 40, layout_engine=ImageFont.Layout.BASIC)
    lines = wrap(CLAIMS[2], font, 400)
    assert len(lines) > 1
    assert [word for line in lines for word in line.split()] == CLAIMS[2].split()
    assert all(font.getlength(line.rstrip()) <= 400 for line in lines)


@pytest.mark.parametrize("claim", [LONG_CLAIM, LONG_CHINESE, "Supercalifragilistic" * 30])
def test_text_stays_inside_the_margins(claim):
    colour = (139, 0, 0)
    image = card(ShareCards().png(claim, "Mostly false but long label " * 3, "#8b0000", "A long site name " * 8,
                                  scope="A very long scope line " * 10)).convert("RGB")
    width, height = CARD_SIZE
    band_top = height - BAND_HEIGHT
    page_margin = [(x, y) for y in range(band_top) for x in (*range(48), *range(width - 48, width))]
    page_margin += [(x, y) for x in range(width) for y in (*range(40), *range(band_top - 40, band_top))]
    band_margin = [(x, y) for y in range(band_top, height) for x in (*range(48), *range(width - 48, width))]
    assert {image.getpixel(p) for p in page_margin} == {WHITE}
    assert {image.getpixel(p) for p in band_margin} == {colour}
    claim_area = image.crop((64, 120, width - 64, band_top - 48))
    assert claim_area.convert("L").getextrema()[0] < 64  # the claim is drawn, not dropped


@pytest.mark.parametrize("verdict", SCALE, ids=[v["id"] for v in SCALE])
def test_band_is_the_verdict_colour_with_white_text(verdict):
    colour = tuple(int(verdict["colour"][i:i + 2], 16) for i in (1, 3, 5))
    image = card(ShareCards().png(CLAIMS[0], verdict["label"], verdict["colour"], SITE)).convert("RGB")
    band = image.crop((0, CARD_SIZE[1] - BAND_HEIGHT, CARD_SIZE[0], CARD_SIZE[1]))
    colours = dict((rgb, n) for n, rgb in band.getcolors(100_000))
    assert max(colours, key=colours.__getitem__) == colour  # the band's background
    assert WHITE in colours  # the verdict and site name, in white
    assert contrast_ratio(WHITE, colour) >= 4.5


def test_light_verdict_colour_gets_dark_text():
    assert text_colour_on((255, 235, 59)) != WHITE
    assert contrast_ratio(text_colour_on((255, 235, 59)), (255, 235, 59)) >= 4.5


def test_alt_text_says_who_rated_what():
    assert alt_text("China gives every citizen\n a single score.", "False", SITE, language("en")) == (
        "Fact check by Social Credit: Myth vs Fact: “China gives every citizen a single score.” is rated False.")
