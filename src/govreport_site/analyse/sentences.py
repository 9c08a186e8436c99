"""Sentences of a report, normalised so that copies can be found across reports.

A sentence ends at 。！？； (full- or half-width; a closing quote or bracket right after stays
with it). For matching, a sentence is normalised: full-width folded to ASCII, punctuation
and spaces removed, a leading enumerator (一是 / （三） / 2.) dropped, so "一是加强…；" and
"二是加强…。" are the same sentence. Sentences shorter than MIN_CHARS after that (headings,
"各位代表：") are too short to say anything about copying and are not counted.

Each sentence also gets a sketch for near-duplicate search: a one-permutation MinHash of its
character bigrams (32 bins; empty bins filled from the next full one), deterministic across
processes (no Python hash()), so it can be cached with the rest of a report's analysis.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from govreport_site.text import fold

MIN_CHARS = 8
SKETCH_BINS = 32

_END = "。！？；!?;"
_CLOSERS = "”’」』）)》〉】\"'"
_SPLIT = re.compile(f"[^{_END}]*(?:[{_END}]+[{_CLOSERS}]*|$)")
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,、]|[(][一二三四五六七八九十\d]{1,3}[)]|"
    r"[一二三四五六七八九十]{1,3}、|\d{1,2}[、.](?!\d)|——)"
)
# Words that open formulaic sentences every report has (boilerplate, see analyse.reuse).
BOILERPLATE = re.compile(
    r"^各位代表|请予审议|请各位政协委员|提出意见|向大会报告|我代表.{0,12}人民政府"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a paragraph, covering all of it."""
    spans = []
    for m in _SPLIT.finditer(text):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


_NOT_WORD = re.compile(r"[\W_]+")  # punctuation, symbols, spaces (CJK and digits are \w)


def normalise(sentence: str) -> str:
    """What two copies of a sentence have in common: letters and digits, no enumerator."""
    s = fold(sentence).strip()
    s = _ENUMERATOR.sub("", s, count=1)
    return _NOT_WORD.sub("", s).lower()


def counted_sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalise(text[start:end])) of each sentence of split_sentences(text)
    whose normalised text has MIN_CHARS or more: the text folded once, not per sentence
    (folding keeps offsets), and the steps inlined (a report has hundreds of sentences)."""
    folded = fold(text)
    out = []
    enumerator, not_word = _ENUMERATOR.match, _NOT_WORD.sub
    for m in _SPLIT.finditer(text):
        start, end = m.span()
        if end > start:
            s = folded[start:end].strip()
            e = enumerator(s)
            norm = not_word("", s[e.end() :] if e else s).lower()
            if len(norm) >= MIN_CHARS:
                out.append((start, end, norm))
    return out


# normalise, remembered: comparing two reports normalises each paragraph several times
# (its bigrams for the alignment and for the numpy index, whether an aligned pair is the
# same text), and each report takes part in two comparisons.
normalised = lru_cache(maxsize=16384)(normalise)


def is_formulaic(norm: str) -> bool:
    """Sentences of the report's frame (各位代表 …, 请予审议), whatever the region."""
    return bool(BOILERPLATE.search(norm))


_MASK = 0xFFFFFFFF
_EMPTY = _MASK + 1


def _bigram_hash(a: str, b: str) -> int:
    # A fixed integer mix (Murmur3's finaliser) of the two code points: cheap and the same in
    # every process, unlike hash(), which Python salts per process.
    h = (ord(a) * 0x10001 + ord(b)) & _MASK
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h


def sketch(norm: str) -> tuple[int, ...]:
    """One-permutation MinHash of the character bigrams: similar sentences share bins."""
    bins = [_EMPTY] * SKETCH_BINS
    for i in range(len(norm) - 1):
        h = _bigram_hash(norm[i], norm[i + 1])
        k = h % SKETCH_BINS
        v = h // SKETCH_BINS
        if v < bins[k]:
            bins[k] = v
    # Densify: an empty bin borrows the next full bin's value (rotation), offset by the
    # distance so that borrowed values do not collide with real ones.
    if all(v == _EMPTY for v in bins):
        return tuple(bins)
    out = []
    for k in range(SKETCH_BINS):
        d = 0
        while bins[(k + d) % SKETCH_BINS] == _EMPTY:
            d += 1
        v = bins[(k + d) % SKETCH_BINS]
        out.append(v if d == 0 else (v + d * 0x9E3779B1) & _MASK)
    return tuple(out)


_U32 = np.uint32
_GOLDEN = 0x9E3779B1


def sketches(norms: list[str]) -> list[bytes]:
    """struct.pack("<32I", *sketch(norm)) for each norm of two characters or more, computed
    for all of them at once with numpy (the same uint32 arithmetic as _bigram_hash, whose
    `& _MASK` is numpy's wrap-around): a report's sentences cost one pass, not a Python loop
    per bigram."""
    if not norms:
        return []
    if min(map(len, norms)) < 2:
        raise ValueError("a sketch needs a bigram")
    joined = "".join(norms)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")
    ends = np.cumsum([len(n) for n in norms])
    # A bigram starts at every position but the last of each norm.
    starts = np.ones(len(codes), dtype=bool)
    starts[ends - 1] = False
    first = codes[:-1][starts[:-1]]
    second = codes[1:][starts[:-1]]
    h = first * _U32(0x10001) + second
    h ^= h >> _U32(16)
    h *= _U32(0x85EBCA6B)
    h ^= h >> _U32(13)
    h *= _U32(0xC2B2AE35)
    h ^= h >> _U32(16)
    # The norm each bigram belongs to (norm n has len(n) - 1 bigrams).
    owner = np.repeat(np.arange(len(norms)), [len(n) - 1 for n in norms])
    slot = owner * SKETCH_BINS + (h % _U32(SKETCH_BINS)).astype(np.int64)
    bins = np.full(len(norms) * SKETCH_BINS, _MASK, dtype=np.uint32)  # values are < 2**27
    np.minimum.at(bins, slot, h // _U32(SKETCH_BINS))
    bins = bins.reshape(len(norms), SKETCH_BINS)
    # Densify as sketch() does: an empty bin takes the next full bin's value (rotation)
    # plus distance × golden ratio; every row has a full bin. Over the row written twice,
    # the next full bin at or after k is a running minimum from the right.
    ring = np.concatenate([bins, bins], axis=1)
    at = np.where(ring != _MASK, np.arange(2 * SKETCH_BINS), 2 * SKETCH_BINS)
    nearest = np.minimum.accumulate(at[:, ::-1], axis=1)[:, ::-1][:, :SKETCH_BINS]
    value = np.take_along_axis(ring, nearest, axis=1).astype(np.uint64)
    distance = (nearest - np.arange(SKETCH_BINS)).astype(np.uint64)
    out = (value + distance * np.uint64(_GOLDEN)) & np.uint64(_MASK)
    packed = out.astype("<u4").tobytes()
    size = SKETCH_BINS * 4
    return [packed[k * size : (k + 1) * size] for k in range(len(norms))]


def bigrams(norm: str) -> frozenset[str]:
    return frozenset(norm[i : i + 2] for i in range(len(norm) - 1))
