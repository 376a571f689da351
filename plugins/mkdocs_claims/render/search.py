"""What the site search finds: one record per claim (from the model) and per section of every other page (from
its rendered body), as the Pagefind index (online) and the offline edition's script read them.

Search runs behind Material's own search box: assets/search-worker.js answers Material's page script with
Pagefind results online, and from these same records in the offline edition (Pagefind cannot load from file://).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from ..i18n import Language
from ..model import Claim, Dataset
from .figures import expand_plain
from .kept import PerClaim, kept_for, per_claim
from .markup import plain_text, truncate
from .urls import Urls

# Han characters (CJK Unified Ideographs with extension A, and the compatibility block).
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
# Where a page splits into search results: headings, glossary terms and bibliography entries that have an id.
SECTION_START = re.compile(r'<(h[23]|dt|li)\b[^>]*\bid="([^"]+)"[^>]*>', re.I)
TAG = re.compile(r"<[^>]+>")
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)  # the ¶ after headings
# Parts of a page body that are not its text: scripts, styles, and what the page marks as not for search.
NOT_TEXT = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*\bdata-search-exclude\b[^>]*>.*?</p>", re.S | re.I)
ANSWER_CHARS = 200
# A word as a record holds it: from its first letter or digit to its last, cut at spaces ("court," and "(court)"
# are court; Q&A stays one word, split by the index as it splits the text, not into a lone q and a).
WORD = re.compile(r"\w(?:\S*\w)?")
# Evidence words that many claims share stay out of the records (claim_records): at 10,000 claims a word in most
# claims' evidence made a query score nearly every claim (0.3-1.3 s), and ranking learns little from it.
COMMON_SHARE = 0.05
COMMON_FLOOR = 100
# A claim record's meta field holding the claim as people say it (the claim and its variants): the search script
# weights a match there (Pagefind's ranking.metaWeights), so that a claim comes before pages that mention its words.
CLAIM_WORDS = "claim"


@dataclass(frozen=True)
class SearchRecord:
    url: str  # site-root-relative, as Material's result links want it ("claims/x/", "glossary/#term")
    title: str
    content: str  # what the words of a query are matched against
    text: str  # what a result shows under its title (plain text)
    meta: dict[str, str] = field(default_factory=dict)


def with_han_bigrams(text: str) -> str:
    """The text, then every pair of neighbouring Han characters as a word of its own.

    The index splits words at spaces and punctuation, so a run of Chinese characters would be one long word and a
    query for a word inside it (名录 in 严重失信主体名录) would miss. Pairs make every run of two or more characters
    findable: the search script turns a query's Han runs into the same pairs (see search-worker.js)."""
    pairs = [run[i:i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1)]
    return f"{text}\n{' '.join(pairs)}" if pairs else text


def filter_word(name: str, value_id: str) -> str:
    """The word a record holds for one of its filter values (verdict:false finds the records holding it).

    Words, not Pagefind's own filters: Pagefind writes its filter files in hash-map order, which differs from build
    to build, and a build must give the same bytes for the same input. The trailing "end" keeps one id from
    matching another that it begins (false, false-in-part), since the index also matches words by prefix."""
    return "mcfilter" + re.sub(r"[^a-z0-9]", "", f"{name}{value_id}".lower()) + "end"


def search_filters(dataset: Dataset) -> dict[str, dict[str, str]]:
    """What a query may filter by, id to label: the search script matches what the reader typed against both."""
    return {"verdict": {v.id: v.label for v in dataset.scale.verdicts},
            "topic": {topic.id: topic.label for topic in dataset.topics},
            "audience": {audience.id: audience.label for audience in dataset.audiences}}


def claim_records(dataset: Dataset, urls: Urls, t: Language, kept: PerClaim[ClaimWords] | None = None,
                  common_share: float = COMMON_SHARE, common_floor: int = COMMON_FLOOR) -> list[SearchRecord]:
    """A record per claim, with words for its verdict, topics and audiences (filter_word) and its short answer
    (``kept``: each claim's words, kept between builds).

    A record holds the claim's own text (the claim, its phrasings, short answer, what is true and false, topics)
    and each other word of its evidence once, except the words found in the evidence of many claims (see
    common_evidence_words): a query's cost grows with the number of records holding its words, and a word that
    many claims' evidence mentions tells little about any one of them. A claim that states such a word in its own
    text still holds it."""
    topics = {topic.id: topic.label for topic in dataset.topics}
    words = [per_claim(kept, claim.id, partial(_claim_words, claim, dataset, urls, t, topics))
             for claim in dataset.claims]
    common = common_evidence_words([w.evidence for w in words], common_share, common_floor)
    if kept is None:
        return [w.record(common) for w in words]
    return [kept_for(_records, claim.id, w, common, partial(w.record, common))
            for claim, w in zip(dataset.claims, words, strict=True)]


# Under serve: each claim's record, with the words and common words it was made from.
_records: dict[str, tuple[object, Any, SearchRecord]] = {}


def common_evidence_words(evidence: list[str], share: float = COMMON_SHARE,
                          floor: int = COMMON_FLOOR) -> frozenset[str]:
    """Words found in the evidence of more than ``share`` of the claims and more than ``floor`` claims (so that a
    site of a few hundred claims keeps every word: there, every query is fast). ``evidence``: per claim, its
    distinct evidence words, space-separated."""
    limit = max(share * len(evidence), floor)
    counts: Counter[str] = Counter()
    for words in evidence:
        counts.update(words.split())
    return frozenset(word for word, count in counts.items() if count > limit)


def words(text: str) -> list[str]:
    """The words of a text, lower case (see WORD)."""
    return WORD.findall(text.lower())


@dataclass(frozen=True)
class ClaimWords:
    """What a claim gives search: its record without evidence, and its evidence's words that the rest lacks."""

    own: SearchRecord  # content: the claim's own text, without its filter words
    # Its evidence's other words (see WORD), each once, space-separated: one string, since 10,000 claims hold some
    # 1.5 million of them, which as separate strings took ~250 MB.
    evidence: str
    filters: str

    def record(self, common: frozenset[str]) -> SearchRecord:
        extra = " ".join(word for word in self.evidence.split() if word not in common)
        content = with_han_bigrams(f"{self.own.content}\n{extra}" if extra else self.own.content)
        return replace(self.own, content=f"{content}\n{self.filters}")


def _claim_words(claim: Claim, dataset: Dataset, urls: Urls, t: Language, topics: dict[str, str]) -> ClaimWords:
    verdict = dataset.verdict(claim)
    answer = plain_text(expand_plain(claim.summary, dataset, t))
    prose = [plain_text(expand_plain(text, dataset, t)) for text in (claim.what_is_true, claim.what_is_false) if text]
    labels = [topics.get(topic, topic) for topic in claim.topics]
    own = " ".join([claim.claim, *claim.variants, claim.quiz_prompt, answer, *prose, *labels, claim.scope])
    stated = set(words(own))
    evidence = dict.fromkeys(word for e in claim.evidence
                             for word in words(plain_text(expand_plain(e.text, dataset, t))))
    filters = [filter_word("verdict", verdict.id), *(filter_word("topic", topic) for topic in claim.topics),
               *(filter_word("audience", audience) for audience in claim.audiences)]
    return ClaimWords(SearchRecord(url=urls.claim(claim.id), title=claim.claim, content=own,
                                   text=truncate(answer, ANSWER_CHARS),
                                   meta={"verdict": verdict.id, "verdict_label": verdict.label,
                                         "reviewed": claim.reviewed,
                                         CLAIM_WORDS: " ".join([claim.claim, *claim.variants])}),
                      " ".join(word for word in evidence if word not in stated),
                      " ".join(filters))


def page_records(url: str, title: str, body: str) -> list[SearchRecord]:
    """Records of a rendered page body: the page up to its first section, then one per section (see
    SECTION_START), so a query finds the glossary term or bibliography entry, not only the page."""
    body = NOT_TEXT.sub(" ", body)
    starts = [m for m in SECTION_START.finditer(body) if not m.group(2).startswith("fn")]
    records = []
    intro = _text(body[: starts[0].start()] if starts else body)
    if intro:
        records.append(_section(url, title, intro))
    for start, end in zip(starts, [*starts[1:], None][: len(starts)], strict=True):
        section = _text(body[start.start(): end.start() if end else len(body)])
        if not section:
            continue
        if start.group(1).lower() in ("h2", "h3", "dt"):
            heading_end = body.find(f"</{start.group(1)}", start.end())
            heading = _text(body[start.end(): heading_end]) or title
        else:
            heading = truncate(section, 80)
        records.append(_section(f"{url}#{start.group(2)}", f"{heading} – {title}" if heading != title else title,
                                section))
    return records


def _section(url: str, title: str, text: str) -> SearchRecord:
    return SearchRecord(url=url, title=title, content=with_han_bigrams(f"{title} {text}"),
                        text=truncate(text, ANSWER_CHARS))


def _text(fragment: str) -> str:
    fragment = HEADERLINK.sub("", fragment)
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", fragment))).strip()


def offline_search_index(records: list[SearchRecord], dataset: Dataset, language: str) -> str:
    """search/search_index.js of the offline edition: the records themselves, which the search script reads
    when it cannot load Pagefind (Material's page script loads this file from file:// and hands it over)."""
    docs = [{"location": r.url, "title": r.title, "text": r.text, "content": r.content.lower(), "meta": r.meta}
            for r in records]
    data = json.dumps({"config": search_settings(dataset, language), "docs": docs}, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)
    return "var __index = " + data.replace("</", "<\\/") + ";\n"


def online_search_index(dataset: Dataset, language: str) -> str:
    """search/search_index.json online: only settings (Material's page script hands them to the search script);
    the records are in the Pagefind index, which the search script loads itself."""
    return json.dumps({"config": search_settings(dataset, language), "docs": []}, ensure_ascii=False,
                      separators=(",", ":"), sort_keys=True)


def search_settings(dataset: Dataset, language: str) -> dict[str, object]:
    """Material's search settings (its page script reads lang and separator) and the filters a query may use."""
    return {"lang": [language.split("-")[0]], "separator": r"[\s\-]+", "pipeline": [],
            "filters": search_filters(dataset)}
