"""The UI language: catalogues complete and current, a Chinese site with no English word of the package left on its
pages or in its scripts, dates per locale, and the site's own texts (options subject and texts)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import ROOT, BuildResult, build_project
from mkdocs_claims.i18n import LOCALES, available_languages, language

ZH_FIXTURE = Path(__file__).parent / "fixtures" / "site-zh"
CATALOGUES = sorted(LOCALES.glob("*/LC_MESSAGES/mkdocs_claims.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)s")
TAG = re.compile(r"<[^>]+>")
# Attributes a reader meets (screen readers, tooltips, empty fields, link previews).
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def _read_po(path: Path):
    return read_po(io.BytesIO(path.read_bytes()))


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def test_the_package_ships_english_and_simplified_chinese() -> None:
    assert available_languages() == ["en", "zh"]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_catalogue_is_fully_translated_and_compiled(po: Path) -> None:
    catalogue = _read_po(po)
    untranslated = [_msgid(m) for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple)
                                                                     else [m.string])]
    fuzzy = [_msgid(m) for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"{po.name}: untranslated: {untranslated}"
    assert not fuzzy, f"{po.name}: fuzzy: {fuzzy}"
    # Placeholders survive translation (a lost %(name)s would show the reader a gap or crash the build).
    for message in catalogue:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(" ".join(
                    message.id if isinstance(message.id, tuple) else (message.id,)))), (message.id, string)
    # The .mo the package loads is compiled from this .po (make i18n-compile).
    def strings(catalog) -> dict:
        # (Babel's read_mo gives contexts as bytes, and plural strings as lists.)
        def context(m) -> str | None:
            return m.context.decode() if isinstance(m.context, bytes) else m.context

        return {(context(m), _msgid(m)): m.string if isinstance(m.string, str) else tuple(m.string)
                for m in catalog if m.id}

    assert strings(read_mo(io.BytesIO(po.with_suffix(".mo").read_bytes()))) == strings(catalogue)


def test_catalogues_hold_every_string_of_the_package() -> None:
    """A string wrapped in the code but missing from the catalogues would show in English (make i18n-update)."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None,
                "plural_forms": (1, 2)}
    found = {(context, message[0] if isinstance(message, tuple) else message)
             for _, _, message, _, context in extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)}
    template = {(m.context, _msgid(m)) for m in _read_po(LOCALES / "mkdocs_claims.pot") if m.id}
    assert found == template
    for po in CATALOGUES:
        assert {(m.context, _msgid(m)) for m in _read_po(po) if m.id} == template, po


# --- a site in Chinese -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zh_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("zh") / "project"
    shutil.copytree(ZH_FIXTURE, project)
    result: BuildResult = build_project(project)
    assert result.error is None, result.messages
    return result.site_dir


def _english_pieces() -> dict[str, str]:
    """English runs of every msgid that its Chinese translation does not keep (JSON, APA, HTML stay as they are),
    each mapped to the msgid it comes from: a whole msgid ("Claim"), or a run of two words or more from a longer one
    (a lone word cut from a sentence, such as "found", would match too much that is not ours)."""
    pieces = {}
    for message in _read_po(LOCALES / "zh" / "LC_MESSAGES" / "mkdocs_claims.po"):
        if not message.id or message.context:  # contexts hold CLDR date patterns, never shown
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = " ".join(message.string if isinstance(message.string, tuple) else (message.string,))
        for text in ids:
            for piece in re.split(r"%\(\w+\)s|<[^>]+>|[()“”‘’\"]", text):
                piece = piece.strip(" .,:;?!-–—[]")
                whole_or_phrase = piece == text.strip(" .:") or " " in piece
                if re.search(r"[A-Za-z]{2,}", piece) and whole_or_phrase and piece not in translated:
                    pieces[piece] = text
    return pieces


def _reader_text(html: str) -> str:
    """What a reader sees or hears on a page: its text and the attributes read out, without scripts."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup(["script", "style"]):
        script.decompose()
    parts = [soup.get_text(" ")]
    parts += [el[attr] for el in soup.find_all(True) for attr in READ_ATTRIBUTES if el.get(attr)]
    parts += [m.get("content", "") for m in soup.find_all("meta")
              if m.get("name") in ("description", "twitter:title", "twitter:description", "twitter:image:alt")
              or m.get("property") in ("og:title", "og:description", "og:image:alt")]
    return "\n".join(parts)


def _english_left(text: str, pieces: dict[str, str]) -> dict[str, str]:
    return {piece: msgid for piece, msgid in pieces.items()
            if re.search(r"(?<![\w/.-])" + re.escape(piece) + r"(?![\w/.-])", text)}


def test_chinese_pages_hold_no_english_ui_string(zh_site: Path) -> None:
    pieces = _english_pieces()
    assert len(pieces) > 200  # the check really looks for the package's words
    pages = sorted(zh_site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        left = _english_left(_reader_text(page.read_text(encoding="utf-8")), pieces)
        assert not left, f"{page.relative_to(zh_site)}: English left: {left}"


def test_chinese_feeds_and_text_exports_hold_no_english_ui_string(zh_site: Path) -> None:
    pieces = _english_pieces()
    files = [zh_site / "feed.xml", zh_site / "corrections.xml", zh_site / "llms.txt",
             *zh_site.glob("claims/*/claim.md"), *zh_site.glob("claims/*/citation.ris")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".xml":
            text = "\n".join(BeautifulSoup(text, "xml").find_all(string=True))
        left = _english_left(text, pieces)
        assert not left, f"{path.relative_to(zh_site)}: English left: {left}"


def test_chinese_scripts_hold_no_english_ui_string(zh_site: Path) -> None:
    """The scripts carry no words of their own; messages.js holds them in the site's language."""
    pieces = _english_pieces()
    scripts = sorted((zh_site / "assets" / "mkdocs_claims").glob("*.js"))
    assert {p.name for p in scripts} >= {"claims.js", "matcher.js", "messages.js"}
    for script in scripts:
        literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'', script.read_text(encoding="utf-8"))
        left = _english_left("\n".join(a or b for a, b in literals), pieces)
        assert not left, f"{script.name}: English left: {left}"
    messages = json.loads((zh_site / "assets" / "mkdocs_claims" / "messages.js").read_text(encoding="utf-8")
                          .removeprefix("window.mcMessages = ").removesuffix(";\n"))
    assert messages["copied"] == "已复制" and messages["lang"] == "zh"
    assert messages["resultCount"] == {"other": "显示 %(shown)s 条，共 %(num)s 条说法。"}
    assert messages["months"][4] == "5月"


def test_chinese_pages_are_chinese(zh_site: Path) -> None:
    page = BeautifulSoup((zh_site / "claims" / "shuo-fa-yi" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.select_one("#short-answer").get_text() == "简短回答"
    assert page.select_one(".mc-badge").get_text(" ", strip=True) == "结论： 不实"  # the default scale, translated
    assert "最近审核于2024年5月31日" in page.select_one(".mc-review-status").get_text()
    assert page.select_one(".mc-review-status time")["datetime"] == "2024-05-31"
    apa = page.select_one('.mc-citation[data-style="APA"]').get_text()
    assert "2024年4月1日" in apa and "事实核查：“每个人都只有一个统一的分数”（结论：不实）" in apa
    figure = page.select_one(".mc-figure").get_text()
    assert figure == "1746万 人次 （累计，2013年10月至2018年12月）" or "1746万" in figure
    explorer = (zh_site / "claims" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="关于测试主题的 3 条说法' in explorer


# --- dates -----------------------------------------------------------------------------------------------------

def test_english_dates_stay_day_month_year(fixture_project: Path) -> None:
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    page = BeautifulSoup((result.site_dir / "claims" / "alpha-claim" / "index.html").read_text(), "html.parser")
    assert page.select_one(".mc-review-status").get_text(" ", strip=True) == "Last reviewed 1 November 2026"
    assert "State Council, 14 June 2014." in page.select_one("#source-1").get_text(" ", strip=True)


# --- the site's own words -------------------------------------------------------------------------------------

def _set_claims_options(project: Path, lines: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("      organisation: Fixture Org\n", "      organisation: Fixture Org\n" + lines))


def test_site_subject_and_texts_replace_the_generic_sentences(fixture_project: Path) -> None:
    generic = build_project(fixture_project, site_dir=fixture_project / "generic")
    assert generic.error is None, generic.messages
    explorer = BeautifulSoup((generic.site_dir / "claims" / "index.html").read_text(), "html.parser")
    assert explorer.select_one('meta[name="description"]')["content"].startswith("2 claims, each with a verdict")
    assert explorer.select_one("#filter-text")["placeholder"] == "e.g. a word from the claim"

    _set_claims_options(fixture_project, "      subject: bicycle safety\n      texts:\n"
                                         "        explorer_placeholder: e.g. helmets\n"
                                         "        quiz: '{count} myths about {subject}.'\n")
    own = build_project(fixture_project)
    assert own.error is None, own.messages
    explorer = BeautifulSoup((own.site_dir / "claims" / "index.html").read_text(), "html.parser")
    assert explorer.select_one('meta[name="description"]')["content"].startswith(
        "2 claims about bicycle safety, each with a verdict and sources.")
    assert explorer.select_one("#filter-text")["placeholder"] == "e.g. helmets"
    quiz = BeautifulSoup((own.site_dir / "educators" / "quiz" / "index.html").read_text(), "html.parser")
    assert quiz.select_one("h1 + p").get_text() == "2 myths about bicycle safety."


def test_unknown_text_key_is_refused_with_the_known_keys(fixture_project: Path) -> None:
    _set_claims_options(fixture_project, "      texts:\n        quizz: A typo.\n")
    result = build_project(fixture_project)
    assert result.error is not None
    message = "\n".join(result.messages)
    assert "option 'texts': unknown text 'quizz' (did you mean 'quiz'?); the texts are: " in message
    assert "quiz, quiz_description" in message


def test_this_site_keeps_its_own_words() -> None:
    """What used to be written into the package is this site's configuration now."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "subject: China's social credit system" in config
    package = ROOT / "plugins" / "mkdocs_claims"
    for path in [*package.glob("templates/**/*.html"), *package.glob("**/*.py"), *package.glob("assets/*.js")]:
        text = path.read_text(encoding="utf-8").lower()
        for phrase in ("social credit", "sesame"):  # audiences and glossary fields: see pkg-core's tests
            assert phrase not in text, (path, phrase)


def test_a_language_without_catalogue_falls_back_to_english() -> None:
    german = language("de")
    assert german.gettext("Short answer") == "Short answer"
    assert german.date("2024-05-31") == "31 May 2024"
    assert language("zh-TW").gettext("Short answer") == "Short answer"  # never the Simplified catalogue
    assert language("zh-Hans").gettext("Short answer") == "简短回答"
