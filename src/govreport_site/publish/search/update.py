"""The search index after an edit: the last build's files, with only what changed made again.

A report's ReportIndex counts its paragraphs from 0; its place in the corpus (the first
id of its block, index.block()) is added when the index is joined. When the corpus has
the same reports (by id) in the same order and each edited report keeps its block (its
paragraph count may change, but not across a multiple of CHUNK), every other report's
paragraph ids stay where they were, so a gram's postings change only where an edited
report's own segment for it changed. Then only these files are made again: the shards
holding such a gram (from the joined partitions the last build kept, state.py, with the
edited reports' segments put in place of their old ones), the files of such grams that
are too big for a shard, and meta.json (the index holds no text: the excerpts come
from each report's data/reports/<id>.json, another output). Every other file is the same as the last
build's: None in what update_index gives, which the build links from the current site
instead of writing.

Anything else (a report added, removed or moved, a block that grows or shrinks, a shard
count that moves, no state or one of another build, many reports edited): update_index
gives None and the whole index is joined again, which keeps a new state.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from govreport_site.publish.search.index import (
    CP_BITS,
    FORMAT,
    PARTITIONS,
    ReportIndex,
    _bigram_shards,
    _narrow,
    _unigram_shards,
    block,
    blocks,
    external_name,
    gram_codes,
    gram_shard_ids,
    meta_json,
    shard_files,
)
from govreport_site.publish.search.postings import Segments, join_segments, spans
from govreport_site.publish.search.state import (
    IndexState,
    forget,
    load_partition,
    load_state,
    save_partition,
    save_state,
    state_folder,
)
from govreport_site.publish.search.store import IndexStore, indexes_from_cache

# Above this share of the reports edited, joining everything again is about as quick.
MAX_CHANGED = 0.05


def update_index(
    cache_folder: Path,
    key: str,
    old_key: str,
    hashes: list[str],
    ids: list[str],
    regions: list[int],
    years: list[int | None],
    meta: dict,
) -> dict[str, bytes | None] | None:
    """The search folder's files (names relative to it) for reports `hashes` (content
    hashes, in result order) with these `ids`, given that the current site holds the files the
    output keyed `old_key` made: bytes for a file that changed, None for one that did
    not. None when that cannot be done from the state the last build kept."""
    folder = state_folder(cache_folder)
    state = load_state(folder)
    if state is None or state.key != old_key or state.ids != ids:
        return None
    if getattr(state, "format", None) != FORMAT:
        return None  # kept by a build whose files were other ones (format 2: text chunks)
    if len(ids) >= 1 << (64 - 2 * CP_BITS):
        return None  # _splice's (gram, report) key would not fit in 64 bits
    changed = [i for i, (a, b) in enumerate(zip(state.hashes, hashes, strict=True)) if a != b]
    if len(changed) > max(1, MAX_CHANGED * len(hashes)):
        return None
    new = {i: next(iter(indexes_from_cache(cache_folder, hashes, i, i + 1))) for i in changed}
    if any(block(new[i].paragraphs) != block(state.paragraphs[i]) for i in changed):
        return None  # the paragraph ids after it move: every shard changes
    paragraphs, characters = list(state.paragraphs), list(state.characters)
    entries, classes = list(state.entries), list(state.classes)
    for i, index in new.items():
        paragraphs[i], characters[i], entries[i], classes[i] = (
            index.paragraphs,
            index.characters,
            index.bigram_entries,
            index.classes,
        )
    shards = {"b": _bigram_shards(sum(entries)), "u": _unigram_shards(sum(characters))}
    if shards != state.shards:
        return None
    store = IndexStore(cache_folder)
    old = {i: store.get(state.hashes[i], "postings") for i in changed}
    offsets = blocks(paragraphs).astype(np.uint64)  # the same as the last build's

    forget(folder)  # the partitions change now; the state is saved again at the end
    files: dict[str, bytes | None] = dict.fromkeys(state.files)
    for kind in ("b", "u"):
        for p in range(PARTITIONS):
            grams = _changed_grams(kind, p, [(old[i], new[i]) for i in changed])
            if grams is not None and not len(grams):
                continue
            joined = load_partition(folder, kind, p)
            if joined is None:
                return None
            if grams is None:  # an old share is gone: every gram of the edited reports
                mine = np.isin(joined["k"], changed)
                theirs = [_part(new[i], kind, p).grams for i in changed]
                grams = np.unique(np.concatenate([joined["g"][mine], *theirs]))
            joined = _splice(joined, kind, p, new)
            save_partition(folder, kind, p, joined)
            for name in (external_name(kind, g) for g in gram_codes(kind, grams)):
                files.pop(name, None)
            files.update(_encode(kind, p, joined, grams, offsets, shards[kind]))
    files["meta.json"] = meta_json(meta, shards, ids, regions, years, paragraphs, classes)
    state = IndexState(
        key, hashes, ids, paragraphs, characters, entries, classes, shards, sorted(files), FORMAT
    )
    save_state(folder, state)
    return files


def _part(index: ReportIndex, kind: str, p: int) -> Segments:
    """A report's segments of one partition (its rest bytes cut to them)."""
    seg, bounds = (index.b, index.b_bounds) if kind == "b" else (index.u, index.u_bounds)
    a, b = int(bounds[p]), int(bounds[p + 1])
    before = int(np.sum(seg.lens[:a], dtype=np.int64))
    size = int(np.sum(seg.lens[a:b], dtype=np.int64))
    return Segments(
        seg.grams[a:b],
        seg.heads[a:b],
        seg.last[a:b],
        seg.lens[a:b],
        seg.rest[before : before + size],
    )


def _changed_grams(
    kind: str, p: int, pairs: list[tuple[ReportIndex | None, ReportIndex]]
) -> np.ndarray | None:
    """The grams of partition p whose segment differs between an edited report's old
    and new ReportIndex (uint64, sorted); None when an old one is unknown."""
    out: set[int] = set()
    for old, new in pairs:
        if old is None:
            return None
        a, b = _part(old, kind, p), _part(new, kind, p)
        if _same(a, b):
            continue
        before, after = _entries(a), _entries(b)
        out.update(g for g in before.keys() | after.keys() if before.get(g) != after.get(g))
    return np.array(sorted(out), dtype=np.uint64)


def _same(a: Segments, b: Segments) -> bool:
    return all(
        len(x) == len(y) and np.array_equal(x, y)
        for x, y in zip(
            (a.grams, a.heads, a.last, a.lens, a.rest),
            (b.grams, b.heads, b.last, b.lens, b.rest),
            strict=True,
        )
    )


def _entries(seg: Segments) -> dict[int, tuple[int, int, bytes]]:
    """Per gram: its first value, its last paragraph and the rest of its body."""
    rest = seg.rest.tobytes()
    ends = np.cumsum(seg.lens, dtype=np.int64).tolist()
    starts = [0, *ends[:-1]]
    return {
        g: (h, last, rest[s:e])
        for g, h, last, s, e in zip(
            seg.grams.tolist(), seg.heads.tolist(), seg.last.tolist(), starts, ends, strict=True
        )
    }


def _rest_starts(lens: np.ndarray) -> np.ndarray:
    return np.cumsum(lens, dtype=np.int64) - lens.astype(np.int64)


def _splice(
    joined: dict[str, np.ndarray], kind: str, p: int, new: dict[int, ReportIndex]
) -> dict[str, np.ndarray]:
    """A partition's joined segments with the edited reports' put in place of their old
    ones, in the same order (by gram, then report). The few new rows are merged into
    the others where they belong (no sort of the whole partition: at 10,000 reports
    one holds millions of rows)."""
    n_old = joined["n"]
    keep = ~np.isin(joined["k"], list(new))
    pieces = [(i, _part(index, kind, p)) for i, index in sorted(new.items())]
    g = np.concatenate([seg.grams for _, seg in pieces])
    k = np.concatenate([np.full(len(seg.grams), i, dtype=np.uint64) for i, seg in pieces])
    order = np.lexsort((k, g))
    lens = np.concatenate([seg.lens.astype(np.uint64) for _, seg in pieces])[order]
    rest = np.concatenate([seg.rest for _, seg in pieces])
    added = {
        "g": g[order],
        "k": k[order],
        "h": np.concatenate([seg.heads.astype(np.uint64) for _, seg in pieces])[order],
        "l": np.concatenate([seg.last.astype(np.uint64) for _, seg in pieces])[order],
        "n": lens,
    }
    rest = rest[spans(_rest_starts(np.concatenate([s.lens for _, s in pieces]))[order], lens)]
    kept = {c: joined[c][keep] for c in ("g", "k", "h", "l", "n")}
    # Where each new row goes among the kept ones, by (gram, report) as one number.
    bits = max(1, int(max(kept["k"].max(initial=0), k.max(initial=0))).bit_length())
    keyed = (kept["g"] << np.uint64(bits)) | kept["k"].astype(np.uint64)
    at = np.searchsorted(keyed, (added["g"] << np.uint64(bits)) | added["k"])
    kept_rest = joined["r"] if keep.all() else joined["r"][np.repeat(keep, n_old)]
    byte_at = np.append(_rest_starts(kept["n"]), int(np.sum(kept["n"], dtype=np.int64)))[at]
    return {
        "g": np.insert(kept["g"], at, added["g"]),
        **{
            c: _narrow(np.insert(kept[c].astype(np.uint64), at, added[c]))
            for c in ("k", "h", "l", "n")
        },
        "r": np.insert(kept_rest, np.repeat(byte_at, lens.astype(np.int64)), rest),
    }


def _encode(
    kind: str,
    p: int,
    joined: dict[str, np.ndarray],
    grams: np.ndarray,
    offsets: np.ndarray,
    shards: int,
) -> list[tuple[str, bytes]]:
    """The shard files of partition p that hold one of `grams`, and the files of those
    grams that are too big for a shard."""
    unit = np.uint64(2 if kind == "b" else 1)
    affected = np.unique(gram_shard_ids(kind, grams, shards))
    rows = np.flatnonzero(np.isin(gram_shard_ids(kind, joined["g"], shards), affected))
    k = joined["k"][rows].astype(np.int64)
    lens = joined["n"][rows]
    seg = Segments(
        joined["g"][rows],
        joined["h"][rows].astype(np.uint64) + offsets[k] * unit,
        joined["l"][rows].astype(np.uint64) + offsets[k],
        lens,
        joined["r"][spans(_rest_starts(joined["n"])[rows], lens)],
    )
    unique, bodies = join_segments(seg, kind == "b")
    own = {external_name(kind, g) for g in gram_codes(kind, grams)}
    files = shard_files(kind, p, shards, unique, bodies, only=set(affected.tolist()))
    return [(name, data) for name, data in files if "/x/" not in name or name in own]
