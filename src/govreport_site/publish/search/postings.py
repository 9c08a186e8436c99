"""Posting lists as bytes: varint coding, shard hashing and the shard file layout.

Shared by the index writer (numpy, whole partitions at once) and the Python reference
reader; static/search.js decodes the same layout. Every number is an unsigned LEB128
varint (7 bits a byte, high bit = more follows).

Bigram shard file  b/<n>.bin:
    count, then per bigram (c1, c2, length*2 + external), then the bodies of the
    bigrams that are not external, in the same order. An external bigram's body is the
    whole file b/x/<c1 hex>-<c2 hex>.bin (frequent bigrams, so that a query for a rare one
    does not pay for them).
Bigram body: per paragraph, in id order, where in the folded paragraph the bigram starts:
    (id delta * 2 + 1, position) when it occurs once there, else (id delta * 2, number
    of positions n, n position deltas, the first from 0). The first id delta is from 0.
Unigram shard file u/<n>.bin and u/x/<c hex>.bin: the same with one code point per
    entry and a body of paragraph id deltas only.
Each file is stored gzip-compressed (index format 5); the layouts above are of the bytes
inflated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MASK32 = 0xFFFFFFFF
CP_BITS = 21  # a code point fits in 21 bits
POS_BITS = 24  # a position inside one paragraph: paragraphs are far below 16M characters


def gram_hash(c1: int, c2: int) -> int:
    """Hash of a bigram (or of a character, with c2 = 0): 32-bit, same as search.js."""
    h = (c1 * 0x9E3779B1 + c2) & MASK32
    h = (h * 0x85EBCA6B) & MASK32
    return h ^ (h >> 16)


def gram_hash_array(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    """gram_hash over arrays (uint32 arithmetic wraps exactly like & MASK32)."""
    h = c1.astype(np.uint32) * np.uint32(0x9E3779B1) + c2.astype(np.uint32)
    h = h * np.uint32(0x85EBCA6B)
    return h ^ (h >> np.uint32(16))


VARINT_BLOCK = 1 << 20  # values coded at a time: bounds the temporary arrays


def varint_encode(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128 bytes of every value, and the byte offset where each value starts."""
    if len(values) <= VARINT_BLOCK:
        return _varint_block(values)
    datas, starts, at = [], [], 0
    for i in range(0, len(values), VARINT_BLOCK):
        data, start = _varint_block(values[i : i + VARINT_BLOCK])
        datas.append(data)
        starts.append(start + at)
        at += len(data)
    return np.concatenate(datas), np.concatenate(starts)


def _varint_block(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """varint_encode of one block. Most values take one or two bytes, so each further
    byte is written only for the values that still need it."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64)
    wide = values.max() >= 1 << 32
    v = values.astype(np.uint64 if wide else np.uint32)
    one = v.dtype.type
    big = v >= one(0x80)
    nbytes = 1 + big.astype(np.int64)
    longer = np.flatnonzero(big)
    rest, k = longer, 2
    while len(rest) and 7 * k < 8 * v.itemsize:
        rest = rest[v[rest] >= one(1 << (7 * k))]
        nbytes[rest] += 1
        k += 1
    starts = np.cumsum(nbytes)
    out = np.empty(int(starts[-1]), dtype=np.uint8)
    starts -= nbytes
    out[starts] = (v & one(0x7F)).astype(np.uint8) | (big.view(np.uint8) << 7)
    rest, k = longer, 1
    while len(rest):
        more = nbytes[rest] > k + 1
        low = (v[rest] >> one(7 * k)) & one(0x7F)
        out[starts[rest] + k] = low.astype(np.uint8) | (more.view(np.uint8) << 7)
        rest = rest[more]
        k += 1
    return out, starts


def varint_bytes(*numbers: int) -> bytes:
    """A few varints, for headers."""
    out = bytearray()
    for n in numbers:
        while True:
            byte = n & 0x7F
            n >>= 7
            out.append(byte | (0x80 if n else 0))
            if not n:
                break
    return bytes(out)


def varint_decode(data: bytes, offset: int = 0, end: int | None = None) -> list[int]:
    """All varints in data[offset:end]."""
    end = len(data) if end is None else end
    out: list[int] = []
    value = shift = 0
    for i in range(offset, end):
        byte = data[i]
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            out.append(value)
            value = shift = 0
    return out


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, i
        shift += 7


def starts_of_runs(values: np.ndarray) -> np.ndarray:
    """True where a run of equal values begins."""
    first = np.ones(len(values), dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return first


def _deltas(values: np.ndarray, restart: np.ndarray) -> np.ndarray:
    """Each value minus the one before it, or itself where `restart` is True."""
    out = values.copy()
    out[1:] -= np.where(restart[1:], np.uint64(0), values[:-1])
    return out


@dataclass
class Segments:
    """Postings of one run of paragraphs (a report, or a whole partition), per gram: its
    body's first value, which alone depends on where the run is in the corpus (a
    paragraph id, from 0), and the rest of its body as bytes, which does not (deltas).

    A report's segments are made once (positional_segments, paragraph_segments), then
    joined with other reports' for the same gram (join_segments) by fixing only that
    first value: ids shifted by the report's place, the delta taken from the last
    paragraph of the gram's previous segment.
    """

    grams: np.ndarray  # uint64, one per segment
    heads: np.ndarray  # the first value: first paragraph (* 2 + once, for bigrams)
    last: np.ndarray  # the last paragraph
    lens: np.ndarray  # bytes of the rest of the body
    rest: np.ndarray  # uint8: the rests, one after another

    @classmethod
    def empty(cls) -> Segments:
        z = np.zeros(0, np.uint64)
        return cls(z, z, z, z, np.zeros(0, np.uint8))


def positional_segments(keys: np.ndarray, paras: np.ndarray, pos: np.ndarray) -> Segments:
    """Segments of bigram entries sorted by (key, para, pos): see the module docstring.

    Built for all entries at once with numpy: the per-entry Python loop this replaces
    would not index 10,000 reports in a minute.
    """
    n = len(keys)
    if n == 0:
        return Segments.empty()
    new_gram = starts_of_runs(keys)
    new_group = new_gram | starts_of_runs(paras)
    group_start = np.flatnonzero(new_group)
    gid = np.cumsum(new_group) - 1
    counts = np.diff(np.append(group_start, n))
    single = counts == 1
    # Each bigram's first paragraph id is absolute, the others a delta.
    para_delta = _deltas(paras[group_start], new_gram[group_start])

    # Per paragraph: (id delta * 2 + 1, position) when the bigram occurs once in it (the
    # usual case), else (id delta * 2, count, positions…).
    header_len = 1 + (~single).astype(np.int64)
    emitted = header_len + counts
    group_at = np.cumsum(emitted) - emitted
    values = np.empty(int(emitted.sum()), dtype=np.uint64)
    values[group_at] = para_delta * np.uint64(2) + single.astype(np.uint64)
    values[group_at[~single] + 1] = counts[~single].astype(np.uint64)
    within = np.arange(n) - group_start[gid]
    values[group_at[gid] + header_len[gid] + within] = _deltas(pos, new_group)
    first_group = np.flatnonzero(new_gram[group_start])
    return _segments(keys, new_gram, values, group_at[first_group], paras)


def paragraph_segments(keys: np.ndarray, paras: np.ndarray) -> Segments:
    """Segments of character entries sorted by (key, para), each pair once: bodies of
    paragraph id deltas."""
    if len(keys) == 0:
        return Segments.empty()
    new_gram = starts_of_runs(keys)
    values = _deltas(paras, new_gram)
    return _segments(keys, new_gram, values, np.flatnonzero(new_gram), paras)


def _segments(keys, new_gram, values, first_value, paras) -> Segments:
    """Varint-code `values`, one body per gram starting at `first_value`, and split off
    each body's first value."""
    data, starts = varint_encode(values)
    starts = np.append(starts, len(data))
    begin = starts[first_value]
    head_end = starts[first_value + 1]
    end = np.append(begin[1:], len(data))
    # Drop each first value's bytes (one or two, rarely more): byte k of each in turn.
    keep = np.ones(len(data), dtype=bool)
    at, width = begin, head_end - begin
    while len(at):
        keep[at] = False
        at, width = at[width > 1] + 1, width[width > 1] - 1
    rest = data[keep]
    ends = np.append(np.flatnonzero(new_gram)[1:], len(keys)) - 1
    return Segments(keys[new_gram], values[first_value], paras[ends], end - head_end, rest)


def spans(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The indexes starts[0] … starts[0]+lens[0]-1, starts[1] … one after another (int32
    where they fit: half the memory to move)."""
    lens = lens.astype(np.int64)
    total = int(lens.sum())
    small = total < 1 << 31 and (len(starts) == 0 or int(starts.max()) < 1 << 31)
    dtype = np.int32 if small else np.int64
    before = np.cumsum(lens) - lens
    return np.repeat((starts.astype(np.int64) - before).astype(dtype), lens) + np.arange(
        total, dtype=dtype
    )


def join_segments(
    seg: Segments, positional: bool, order: np.ndarray | None = None
) -> tuple[np.ndarray, list[bytes]]:
    """(unique grams, one body per gram) of segments with global paragraph ids, taken in
    `order` (default: as they are), which must sort them by gram with a gram's segments
    in paragraph order."""
    rest_at = np.cumsum(seg.lens, dtype=np.int64) - seg.lens.astype(np.int64)
    grams, heads, last, lens = seg.grams, seg.heads, seg.last, seg.lens
    if order is not None:
        grams, heads, last, lens, rest_at = (a[order] for a in (grams, heads, last, lens, rest_at))
    n = len(grams)
    if n == 0:
        return grams[:0], []
    new = starts_of_runs(grams)
    prev = np.zeros(n, dtype=np.uint64)
    prev[1:] = last[:-1]
    prev[new] = 0
    heads = heads.astype(np.uint64) - prev * np.uint64(2 if positional else 1)
    hdata, hstarts = varint_encode(heads)
    hlen = np.diff(np.append(hstarts, len(hdata)))
    # Each body is its segments' (first value, rest) pieces in turn: one gather.
    pool = np.concatenate((hdata, seg.rest))
    starts = np.empty(2 * n, dtype=np.int64)
    starts[0::2], starts[1::2] = hstarts, rest_at + len(hdata)
    sizes = np.empty(2 * n, dtype=np.int64)
    sizes[0::2], sizes[1::2] = hlen, lens
    out = pool[spans(starts, sizes)]
    size = hlen + lens.astype(np.int64)
    at = np.cumsum(size) - size
    begin = at[new]
    end = np.append(begin[1:], len(out))
    raw = out.tobytes()
    bodies = [raw[b:e] for b, e in zip(begin.tolist(), end.tolist(), strict=True)]
    return grams[new], bodies


def encode_positional(keys: np.ndarray, paras: np.ndarray, pos: np.ndarray):
    """(unique keys, one body per key) of bigram entries sorted by (key, para, pos)."""
    return join_segments(positional_segments(keys, paras, pos), positional=True)


def encode_paragraphs(keys: np.ndarray, paras: np.ndarray):
    """(unique keys, one body per key) of character entries sorted by (key, para)."""
    return join_segments(paragraph_segments(keys, paras), positional=False)


def shard_file(entries: list[tuple[tuple[int, ...], bytes, bool]]) -> bytes:
    """One shard file: header of (gram code points…, length*2 + external), then bodies.

    `entries` are (code points, body, external), sorted by code points.
    """
    head = bytearray(varint_bytes(len(entries)))
    bodies = []
    for cps, body, external in entries:
        head += varint_bytes(*cps, len(body) * 2 + int(external))
        if not external:
            bodies.append(body)
    return bytes(head) + b"".join(bodies)


def parse_shard(data: bytes, width: int) -> dict[tuple[int, ...], tuple[int, int] | None]:
    """{gram: (start, end) of its body in data, or None when it is in a file of its own}."""
    count, i = read_varint(data, 0)
    heads = []
    for _ in range(count):
        cps = []
        for _ in range(width):
            c, i = read_varint(data, i)
            cps.append(c)
        info, i = read_varint(data, i)
        heads.append((tuple(cps), info >> 1, info & 1))
    out: dict[tuple[int, ...], tuple[int, int] | None] = {}
    for cps, length, external in heads:
        if external:
            out[cps] = None
        else:
            out[cps] = (i, i + length)
            i += length
    return out


def decode_positional(body: bytes) -> list[tuple[int, int]]:
    """[(paragraph id, position), …] in order."""
    values = varint_decode(body)
    out: list[tuple[int, int]] = []
    para = 0
    i = 0
    while i < len(values):
        para += values[i] >> 1
        if values[i] & 1:
            count, i = 1, i + 1
        else:
            count, i = values[i + 1], i + 2
        pos = 0
        for k in range(count):
            pos += values[i + k]
            out.append((para, pos))
        i += count
    return out


def decode_paragraphs(body: bytes) -> list[int]:
    out: list[int] = []
    para = 0
    for d in varint_decode(body):
        para += d
        out.append(para)
    return out
