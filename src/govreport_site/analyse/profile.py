"""What the corpus-wide analysis needs from one report, computed once per report.

`profile_report(report, extra)` is a pure function of the Report and the site's dictionary
additions; its result is small and picklable, so it can be cached next to the parsed
report (keyed by the report's content hash and `extra`). Everything corpus-wide (keywords
by TF-IDF, trends, text reuse) is computed from profiles, never from raw text again.

- terms: jieba tokens (with the policy dictionary) that can be keywords — two characters
  or more, some Chinese in them, not a stopword, not a number or a unit, not the report's
  own place name — with their counts. Only terms used at least twice are kept, plus
  dictionary terms used once: a term used once says little about a report, and dropping
  those halves the profile.
- sentences: per sentence of MIN_CHARS or more, where it is (paragraph anchor, offsets), a
  64-bit hash of its normalised text, its near-duplicate sketch, whether it is formulaic
  (各位代表 …, 请予审议), and the normalised text itself, so that near copies can be
  checked corpus-wide without loading any report's text (it is about the size of the
  report's text without punctuation).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from govreport_site.analyse.segment import (
    clean_extra,
    dictionary_words,
    noun_like,
    stopwords,
    token_counts,
)
from govreport_site.analyse.sentences import counted_sentences, is_formulaic, sketches
from govreport_site.model import Report
from govreport_site.render.slugs import strip_suffix
from govreport_site.text import CJK_RE

# Tokens that are numbers, dates or measures with a number: 2023年, 12月, 三年, 第一.
_NUMERIC = re.compile(
    r"^[\d０-９.%．第]*[一二三四五六七八九十百千万亿两〇零\d]+[年月日号个项次条家亿万元%]?$"
)
_NUMERALS = "一二三四五六七八九十两百千万"
# Parts whose text is analysed (the title block is furniture).
TEXT_KINDS = ("opening", "excerpt", "review", "outlook", "plan", "other", "closing")


class Sentence(NamedTuple):
    anchor: str  # paragraph anchor
    start: int  # offsets in the paragraph text
    end: int
    key: int  # hash of the normalised text
    sketch: bytes  # SKETCH_BINS × 4 bytes (a little-endian uint32 per bin)
    formulaic: bool
    norm: str  # the normalised text (to check near copies without the report's text)


@dataclass
class Profile:
    terms: dict[str, int]  # term -> count (see module doc)
    tokens: int  # all keyword-candidate tokens, counted once each (the TF denominator)
    sentences: list[Sentence]


def sentence_key(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "big")


@lru_cache(maxsize=1 << 17)
def _plain_term(token: str) -> bool:
    """Whether a token of no dictionary and no place name can be a term: the same answer
    in every report, and tokens repeat, so it is worked out once per distinct token."""
    if len(token) < 2 or not CJK_RE.search(token):
        return False
    if len(token) == 2 and token[0] in _NUMERALS:  # 十大, 四改, 三区: half of a slogan
        return False
    return not (token in stopwords() or _NUMERIC.match(token) or not noun_like(token))


# Per dictionary (_dictionary), the tokens judged so far in this process: whether each can
# be a term (a dictionary term, or _plain_term), the report's own names aside.
_ELIGIBLE: dict[frozenset[str], dict[str, bool]] = {}
_ELIGIBLE_MAX = 1 << 18  # tokens; forgotten past this many, as _plain_term's lru_cache does


def _eligible(tokens: Iterable[str], dictionary: frozenset[str]) -> dict[str, bool]:
    """token -> whether it can be a term, with an answer for each of `tokens`."""
    eligible = _ELIGIBLE.setdefault(dictionary, {})
    new = [t for t in tokens if t not in eligible]
    if len(eligible) + len(new) > _ELIGIBLE_MAX:
        eligible.clear()
        new = list(tokens)
    for token in new:
        eligible[token] = token in dictionary or _plain_term(token)
    return eligible


@lru_cache(maxsize=4)
def _dictionary(extra: tuple[str, ...]) -> frozenset[str]:
    return frozenset(dictionary_words()) | frozenset(extra)


def own_names(report: Report) -> frozenset[str]:
    """The report's place names with and without suffix: 驻马店市, 驻马店."""
    names: set[str] = set()
    for name in report.meta.region:
        names.update({name, strip_suffix(name)})
    return frozenset(n for n in names if n)


def profile_report(report: Report, extra: tuple[str, ...] | list[str] = ()) -> Profile:
    extra = clean_extra(extra)
    dictionary = _dictionary(extra)
    names = own_names(report)
    paras = [para for part in report.parts if part.kind in TEXT_KINDS for para in part.paragraphs]
    tokens = token_counts([para.text for para in paras], extra)
    found: list[tuple[str, int, int, str]] = []  # (anchor, start, end, norm)
    for para in paras:
        found += [(para.anchor, *sentence) for sentence in counted_sentences(para.text)]
    # Terms: dictionary terms and plain terms, not the report's own place names; each
    # distinct token judged once per process (reports repeat their words).
    eligible = _eligible(tokens, dictionary)
    counts = {t: n for t, n in tokens.items() if eligible[t] and t not in names}
    packed = sketches([norm for *_, norm in found])  # one numpy pass for the report
    sentences = [
        Sentence(anchor, start, end, sentence_key(norm), sk, is_formulaic(norm), norm)
        for (anchor, start, end, norm), sk in zip(found, packed, strict=True)
    ]
    terms = dict(sorted((t, n) for t, n in counts.items() if n >= 2 or t in dictionary))
    return Profile(terms=terms, tokens=sum(counts.values()), sentences=sentences)
