"""Flesch-Kincaid grade level, implemented here.

textstat, the usual library, now downloads a pronunciation dictionary at run time
(no network here), so we count syllables with the standard vowel-group heuristic.
It is within about one grade of dictionary-based counts on ordinary English prose.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")


def syllables(word: str) -> int:
    word = word.lower()
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


def flesch_kincaid_grade(text: str) -> float:
    words = WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in SENTENCE_END.split(text) if WORD.search(s)]))
    syllable_count = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllable_count / len(words) - 15.59


def markdown_to_prose(markdown: str) -> str:
    """Strip front matter, code, links, markup and directives from a Markdown page."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"\[\[[^\]]*\]\]", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r'^\s*(#+|>|[-*+]|\d+\.|!!!|\?\?\?\+?)\s*(\w+\s+"[^"]*")?', "", text, flags=re.M)
    text = re.sub(r"[*_`|]", "", text)
    # headings and list items are units of their own even without a full stop
    return re.sub(r"([^.!?:\n])\n", r"\1.\n", text)
