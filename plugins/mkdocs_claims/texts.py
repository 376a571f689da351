"""Sentences about the site's subject on generated pages: the site's own (plugin option ``texts``), else a generic
default in the UI language, which names the subject (option ``subject``) when the site gives one.

A site's text may hold ``{subject}`` and ``{count}`` (the number of claims, sources or questions the page shows).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .i18n import Language

Default = Callable[[Language, str, int], str]


def _explorer_description(t: Language, subject: str, count: int) -> str:
    if subject:
        return t.ngettext("%(num)s claim about %(subject)s, with a verdict and sources. Filter by verdict, topic and "
                          "audience.", "%(num)s claims about %(subject)s, each with a verdict and sources. Filter by "
                          "verdict, topic and audience.", count, subject=subject)
    return t.ngettext("%(num)s claim, with a verdict and sources. Filter by verdict, topic and audience.",
                      "%(num)s claims, each with a verdict and sources. Filter by verdict, topic and audience.", count)


def _glossary(t: Language, subject: str, count: int) -> str:
    if subject:
        return t.gettext("Terms you will meet in news and documents about %(subject)s, with what they mean.",
                         subject=subject)
    return t.gettext("Terms you will meet in the fact checks, with what they mean.")


def _glossary_description(t: Language, subject: str, count: int) -> str:
    if subject:
        return t.gettext("Terms used in claims about %(subject)s, with their definitions.", subject=subject)
    return t.gettext("Terms used in the fact checks, with their definitions.")


def _timeline(t: Language, subject: str, count: int) -> str:
    if subject:
        return t.gettext("Dated events in the history of %(subject)s. Every event cites a source.", subject=subject)
    return t.gettext("Dated events behind the fact checks. Every event cites a source.")


def _timeline_description(t: Language, subject: str, count: int) -> str:
    if subject:
        return t.gettext("Dated events in the history of %(subject)s, each with a source.", subject=subject)
    return t.gettext("Dated events behind the fact checks, each with a source.")


def _quiz(t: Language, subject: str, count: int) -> str:
    if subject:
        return t.ngettext("%(num)s thing people say about %(subject)s. Decide: mostly true, or mostly false? Then "
                          "open the answer to see our verdict and why.", "%(num)s things people say about "
                          "%(subject)s. For each one, decide: mostly true, or mostly false? Then open the answer to "
                          "see our verdict and why.", count, subject=subject)
    return t.ngettext("%(num)s thing people say. Decide: mostly true, or mostly false? Then open the answer to see "
                      "our verdict and why.", "%(num)s things people say. For each one, decide: mostly true, or "
                      "mostly false? Then open the answer to see our verdict and why.", count)


DEFAULTS: dict[str, Default] = {
    "explorer_description": _explorer_description,
    "explorer_placeholder": lambda t, subject, count: t.gettext("e.g. a word from the claim"),
    "matcher_label": lambda t, subject, count: t.gettext("A post, headline or comment you saw"),
    "matcher_placeholder": lambda t, subject, count: t.gettext("e.g. the sentence you saw, pasted whole"),
    "sources_description": lambda t, subject, count: t.gettext("Every source our fact checks cite, with the claims "
                                                               "that cite it."),
    "glossary": _glossary,
    "glossary_description": _glossary_description,
    "timeline": _timeline,
    "timeline_description": _timeline_description,
    "quiz": _quiz,
    "quiz_description": lambda t, subject, count: t.gettext("Guess whether each claim is true, then see the verdict "
                                                            "and the evidence."),
    "quiz_sheet_description": lambda t, subject, count: t.gettext("The myth-or-fact quiz as a printable sheet for "
                                                                  "students, without answers."),
    "quiz_key_description": lambda t, subject, count: t.gettext("The answers to the myth-or-fact quiz, with each "
                                                                "verdict and a short reason."),
    "corrections_description": lambda t, subject, count: t.gettext("Every changed verdict, and every update to a "
                                                                   "fact check, newest first."),
    "numbers": lambda t, subject, count: t.gettext("Each number on this site is a record with its unit, what was "
                                                   "counted, the period and one source, and it reads the same "
                                                   "wherever it appears."),
    "numbers_description": lambda t, subject, count: t.gettext("Counts behind the fact checks, each with its unit, "
                                                               "period and source, charted over time."),
}
TEXT_KEYS = tuple(DEFAULTS)


def site_text(key: str, texts: Mapping[str, str], subject: str, language: Language, count: int = 0) -> str:
    """The site's sentence for ``key``, or the default in the UI language."""
    own = texts.get(key)
    if own is not None:
        return own.replace("{subject}", subject).replace("{count}", str(count))
    return DEFAULTS[key](language, subject, count)


