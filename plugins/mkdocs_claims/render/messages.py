"""The messages the site's scripts show (claims.js, matcher.js), translated at build time into messages.js.

The scripts hold no words of their own: they read ``window.mcMessages``, which this module writes as a plain script
(the content security policy allows no inline script, and a file loads from file:// too). A plural message is a
mapping from CLDR plural category to text; the scripts pick one with ``Intl.PluralRules`` for the page's language.
Placeholders are ``%(name)s``, as in the catalogues.
"""

from __future__ import annotations

import json

from ..i18n import Language
from .citations import MLA_MONTHS
from .pages import ACCESS_DATE_PLACEHOLDER


def script_messages(t: Language) -> dict[str, object]:
    return {
        "lang": str(t.locale).replace("_", "-"),  # for Intl.PluralRules: the catalogue's language
        "resultCount": t.plural_forms("Showing %(shown)s of %(num)s claim.", "Showing %(shown)s of %(num)s claims."),
        "loadingAll": t.gettext("Loading every claim…"),
        "quizUnclear": t.gettext("Not clear-cut: see why below."),
        "quizRight": t.gettext("Right."),
        "quizWrong": t.gettext("Not quite."),
        "quizScore": t.plural_forms("Your score: %(right)s right out of %(num)s answered.",
                                    "Your score: %(right)s right out of %(num)s answered."),
        "quizResult": t.plural_forms("You got %(right)s right out of %(num)s.",
                                     "You got %(right)s right out of %(num)s."),
        # Translators: a sentence followed by another (the space between them, or none).
        "quizResultJoin": t.gettext("%(result)s %(unclear)s"),
        "quizResultUnclear": t.plural_forms("%(num)s question was not clear-cut: neither guess counts as right.",
                                            "%(num)s questions were not clear-cut: neither guess counts as right."),
        "copied": t.gettext("Copied"),
        "accessDatePlaceholder": t.gettext(ACCESS_DATE_PLACEHOLDER),
        "accessDate": t.gettext("%(day)s %(month)s %(year)s"),
        "months": [t.gettext(month) for month in MLA_MONTHS],
        "matcherNone": t.gettext("Nothing on this site matches that yet. Try other words, or browse all claims."),
        "matcherResults": t.plural_forms("The closest claim:", "The closest %(num)s claims:"),
    }


def messages_script(t: Language) -> str:
    """assets/mkdocs_claims/messages.js: ``window.mcMessages``, loaded before the scripts that read it."""
    data = json.dumps(script_messages(t), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "window.mcMessages = " + data.replace("</", "<\\/") + ";\n"
