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
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from govreport_site.analyse.segment import (
    clean_extra,
    dictionary_words,
    noun_like,
    segment,
    stopwords,
)
from govreport_site.analyse.sentences import (
    MIN_CHARS,
    is_formulaic,
    normalise,
    sketches,
    split_sentences,
)
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


def is_term(token: str, own_names: frozenset[str], dictionary: frozenset[str]) -> bool:
    if token in dictionary:
        return token not in own_names
    return _plain_term(token) and token not in own_names


@lru_cache(maxsize=1 << 17)
def _plain_term(token: str) -> bool:
    """is_term for a token of no dictionary and no place name: the same answer in every
    report, and tokens repeat, so it is worked out once per distinct token."""
    if len(token) < 2 or not CJK_RE.search(token):
        return False
    if len(token) == 2 and token[0] in _NUMERALS:  # 十大, 四改, 三区: half of a slogan
        return False
    return not (token in stopwords() or _NUMERIC.match(token) or not noun_like(token))


def own_names(report: Report) -> frozenset[str]:
    """The report's place names with and without suffix: 驻马店市, 驻马店."""
    names: set[str] = set()
    for name in report.meta.region:
        names.update({name, strip_suffix(name)})
    return frozenset(n for n in names if n)


def profile_report(report: Report, extra: tuple[str, ...] | list[str] = ()) -> Profile:
    extra = clean_extra(extra)
    dictionary = frozenset(dictionary_words()) | frozenset(extra)
    names = own_names(report)
    tokens: Counter[str] = Counter()
    found: list[tuple[str, int, int, str]] = []  # (anchor, start, end, norm)
    for part in report.parts:
        if part.kind not in TEXT_KINDS:
            continue
        for para in part.paragraphs:
            tokens.update(segment(para.text, extra))
            for start, end in split_sentences(para.text):
                norm = normalise(para.text[start:end])
                if len(norm) >= MIN_CHARS:
                    found.append((para.anchor, start, end, norm))
    # Each distinct token is judged once (a report repeats its words many times).
    counts = {t: n for t, n in tokens.items() if is_term(t, names, dictionary)}
    packed = sketches([norm for *_, norm in found])  # one numpy pass for the report
    sentences = [
        Sentence(anchor, start, end, sentence_key(norm), sk, is_formulaic(norm), norm)
        for (anchor, start, end, norm), sk in zip(found, packed, strict=True)
    ]
    terms = {t: n for t, n in sorted(counts.items()) if n >= 2 or t in dictionary}
    return Profile(terms=terms, tokens=sum(counts.values()), sentences=sentences)
