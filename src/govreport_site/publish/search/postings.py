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
"""

from __future__ import annotations

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


def _bodies(keys: np.ndarray, new_gram: np.ndarray, values: np.ndarray, first_value):
    """Varint-code `values` and cut the bytes into one body per gram; `first_value` is
    the index in `values` of each gram's first value."""
    data, starts = varint_encode(values)
    begin = starts[first_value]
    finish = np.append(begin[1:], len(data))
    raw = data.tobytes()
    bodies = [raw[b:e] for b, e in zip(begin.tolist(), finish.tolist(), strict=True)]
    return keys[new_gram], bodies


def encode_positional(keys: np.ndarray, paras: np.ndarray, pos: np.ndarray):
    """Bodies of every bigram of a partition, sorted by (key, para, pos).

    Returns (unique keys, one bytes body per key), built for the whole partition at once
    with numpy: the per-entry Python loop this replaces would not index 10,000 reports
    in a minute.
    """
    n = len(keys)
    if n == 0:
        return keys[:0], []
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
    return _bodies(keys, new_gram, values, group_at[first_group])


def encode_paragraphs(keys: np.ndarray, paras: np.ndarray):
    """Bodies of every character of a partition: paragraph id deltas; sorted by (key, para)."""
    if len(keys) == 0:
        return keys[:0], []
    new_gram = starts_of_runs(keys)
    return _bodies(keys, new_gram, _deltas(paras, new_gram), np.flatnonzero(new_gram))


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
