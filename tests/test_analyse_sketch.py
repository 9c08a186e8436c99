"""The sketches of a report's sentences, computed in one numpy pass, are each sentence's own
MinHash sketch: near copies are found the same way whichever path made the profile."""

from __future__ import annotations

import random
import struct

import pytest

from govreport_site.analyse.sentences import SKETCH_BINS, normalise, sketch, sketches

SENTENCES = [
    "一是加强营商环境建设，深化放管服改革；",
    "全年地区生产总值增长6.5%左右。",
    "ab",
    "𠀀𠀁𠀂𠀃",  # characters outside the Basic Multilingual Plane
    "规模以上工业增加值增长20%以上，固定资产投资增长10%",
]


def packed(norm: str) -> bytes:
    return struct.pack(f"<{SKETCH_BINS}I", *sketch(norm))


def test_batch_sketches_equal_one_by_one_sketches():
    rng = random.Random(7)
    norms = [normalise(s) for s in SENTENCES]
    # Short and long runs over a small alphabet: many empty bins to fill, many collisions.
    for _ in range(500):
        size = rng.randint(2, 80)
        norms.append("".join(chr(rng.randint(0x4E00, 0x4E30)) for _ in range(size)))
    assert sketches(norms) == [packed(n) for n in norms]


def test_no_sentences_no_sketches():
    assert sketches([]) == []


def test_a_single_character_has_no_sketch():
    with pytest.raises(ValueError):
        sketches(["增长", "增"])
