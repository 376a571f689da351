"""The words the package puts on pages, in the site's language: gettext catalogues (Babel) and CLDR dates and numbers.

The catalogues live in ``locales/<lang>/LC_MESSAGES/mkdocs_claims.po`` (``.mo`` compiled beside them); a language
with no catalogue falls back to English, the language of the msgids. Language codes are Material's
(``theme.language``: ``en``, ``zh``, ``pt-BR``...). No MkDocs here: the core renders for any host.

Extraction (``make i18n-extract``) finds ``gettext``/``ngettext``/``pgettext`` calls on a :class:`Language`,
``N_`` markers for strings translated later, and ``_()`` and ``{% trans %}`` in templates. Placeholders are
``%(name)s`` everywhere, as Jinja's i18n extension writes them.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import IO

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal
from babel.support import Translations

from .model import Scale

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "mkdocs_claims"
TRADITIONAL_CHINESE = ("Hant", "TW", "HK", "MO")


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Language:
    """One UI language: its messages, and its ways of writing dates and numbers."""

    code: str  # as the site declares it (theme.language), also the page's lang attribute
    locale: Locale
    translations: gettext_module.NullTranslations

    def gettext(self, message: str, **values: object) -> str:
        """The message translated, with ``%(name)s`` placeholders filled from ``values`` (the same placeholders
        as in templates, where Jinja's i18n extension fills them)."""
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, num: int, **values: object) -> str:
        """The form for ``num``, which the message may show as ``%(num)s``."""
        return self.translations.ngettext(singular, plural, num) % {"num": num, **values}

    def pgettext(self, context: str, message: str, **values: object) -> str:
        text = self.translations.pgettext(context, message)
        return text % values if values else text

    def date(self, value: str, short: bool = False) -> str:
        """An ISO date as words: '2024-05-31' -> '31 May 2024' (zh: '2024年5月31日'). Partial dates stay partial
        ('2024-05' -> 'May 2024'); a year, or text that is not a date, is returned as it is. The patterns are
        CLDR patterns from the catalogue, the month names the locale's own."""
        parts = value.split("-")
        if len(parts) == 1 or not value[:4].isdigit():
            return value
        # Translators: the date patterns are CLDR patterns (https://unicode.org/reports/tr35/tr35-dates.html).
        if len(parts) == 2:
            month = dt.date(int(parts[0]), int(parts[1]), 1)
            pattern = self.pgettext("date pattern (CLDR)", "MMM y") if short else \
                self.pgettext("date pattern (CLDR)", "MMMM y")
            return format_date(month, pattern, locale=self.locale)
        pattern = self.pgettext("date pattern (CLDR)", "d MMM y") if short else \
            self.pgettext("date pattern (CLDR)", "d MMMM y")
        return format_date(dt.date.fromisoformat(value), pattern, locale=self.locale)

    def number(self, value: float) -> str:
        """17460000 -> '17.46 million' (zh: '1746万'); 6959 -> '6,959'; 0.5 -> '0.5'."""
        if abs(value) >= 1e6:
            # Words where the language has them ("million"); else its short form (Chinese: 万, 亿).
            if "long" in self.locale.compact_decimal_formats:
                return format_compact_decimal(value, format_type="long", locale=self.locale, fraction_digits=3)
            return format_compact_decimal(value, format_type="short", locale=self.locale, fraction_digits=3)
        return format_decimal(value, locale=self.locale, format="#,##0.##")

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """A plural message in each of the language's CLDR plural categories (for scripts: Intl.PluralRules)."""
        forms: dict[str, str] = {}
        for n in [*range(1, 200), 0]:
            forms.setdefault(self.locale.plural_form(n), self.translations.ngettext(singular, plural, n))
        return forms


def cldr_locale(code: str) -> Locale:
    """Material's language code as a Babel locale; an unknown one falls back to English."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale("en")


@lru_cache(maxsize=8)
def language(code: str = "en") -> Language:
    """The UI language for Material's ``theme.language`` code. Without a catalogue for it the UI is English, dates
    and numbers included, rather than English words around another language's dates."""
    code = code or "en"
    for candidate in _catalogue_names(code):
        if (LOCALES / candidate / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
            return Language(code, cldr_locale(code), Translations.load(str(LOCALES), [candidate], DOMAIN))
    return Language(code, Locale("en"), gettext_module.NullTranslations())


def _catalogue_names(code: str) -> list[str]:
    """'pt-BR' -> ['pt_BR', 'pt']: the most specific catalogue first. Traditional Chinese never falls back to the
    Simplified catalogue ('zh'): another script is no closer to the reader than English is."""
    parts = code.replace("-", "_").split("_")
    names = ["_".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return names[:-1] if parts[0] == "zh" and len(parts) > 1 and parts[1] in TRADITIONAL_CHINESE else names


def available_languages() -> list[str]:
    """The languages the package ships a catalogue for, English (the msgids) included."""
    return sorted({"en", *(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))})


def extract_default_scale(fileobj: IO[bytes], keywords: object, comment_tags: object,
                          options: object) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for default_scale.yml: its labels and definitions are UI text (babel.cfg names it)."""
    for lineno, line in enumerate(fileobj.read().decode("utf-8").splitlines(), 1):
        key, _, value = line.strip().removeprefix("- ").partition(":")
        if key in ("label", "definition") and value.strip():
            yield lineno, "gettext", value.strip().strip('"'), []


def localised_scale(scale: Scale, t: Language) -> Scale:
    """The rating scale in the UI language: the built-in verdicts' words are in the catalogue (a site's own
    scale, written in its language, matches no msgid and stays as it is)."""
    return Scale(tuple(replace(v, label=t.gettext(v.label), definition=t.gettext(v.definition))
                       for v in scale.verdicts))
