"""Write the search index: positional character bigrams, split into small files.

Why this design (figures in docs/search.md): Chinese has no spaces, so an index of words
either misses matches or returns paragraphs without the phrase. An index of every
character pair with its positions answers "which paragraphs contain this exact string"
from the index alone: a query of length L >= 2 is covered by bigrams at offsets 0, 2, 4 …
and L-2, and a paragraph matches where all of them sit at the right distance. That gives
every containing paragraph and only those, and the exact count, without fetching text;
one-character queries use a character index. The index holds no text: the page shows a
result's excerpt from its report's data/reports/<id>.json (publish/text_exports.py,
which the compare-any-two page reads too), only for the results shown, so the site
stores each report's text for the browser once.

Paragraph ids are given in the order the documents arrive; the caller sends them in the
order results should be listed (newest year first), so ranking is mostly "sort by id".
Each report takes a block of ids: its paragraph count rounded up to a multiple of CHUNK
(block()), a function of its own count alone. So an edit that adds or removes a
paragraph but keeps the report's block keeps every other report's ids (update.py
rewrites only what the report's own postings touch). A paragraph's place in its report
(its id less the report's first) is its place among the paragraphs of the report's
JSON, all parts in order. The ids left over at a block's end are gaps: no postings, a
GAP in meta.json's classes.

Each report is first turned into a ReportIndex (index_report): its paragraphs'
classes, and its postings as Segments (postings.py), one per gram: the gram's
body for this report's paragraphs, ids counted from 0 within the report, with its first
value (the only one that depends on where the report is) apart. They are grouped by
PARTITIONS hash partitions. A ReportIndex depends on the report's text alone, so the
build keeps it in its cache (store.py) and makes it again only for a report that
changed; joining them (join_segments) fixes each segment's first value and gives the
same bytes as encoding the whole corpus at once. Then, memory bounded whatever the
corpus size:

1. The first pass takes the reports' ReportIndexes in result order: their classes and
   counts are kept, their segments, a run ("part") of reports at a time, go to spill
   files partition by partition, ids counted from 0 within the part. Many reports
   to index are split into parts processed by worker processes that load (or make)
   their reports' ReportIndexes themselves.
2. Each partition is read back from every spill (ids shifted by the part's offset, so
   they are global and still in order), sorted by gram and joined, in parallel.

Up to DIRECT_MAX_CHARS characters, when the ReportIndexes come from the cache, there are
no spills: each task of the second pass loads every report's postings and takes the
partitions it makes; with few reports to index again (an edit), the tasks start at
once and run while this process reads the reports' classes.

Nothing holds the corpus's text at once, nor beyond DIRECT_MAX_CHARS all of its postings.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from pathlib import Path

import numpy as np

from govreport_site.publish.compress import POSTINGS, gzip_bytes
from govreport_site.publish.search.fold import fold_codes
from govreport_site.publish.search.postings import (
    CP_BITS,
    POS_BITS,
    Segments,
    gram_hash_array,
    join_segments,
    paragraph_segments,
    positional_segments,
    shard_file,
    spans,
    starts_of_runs,
)
from govreport_site.publish.search.state import save_partition
from govreport_site.publish.text_exports import REPORT_JSON_SUFFIX

# 2: each report's ids are a block of a multiple of CHUNK (block()); 3: no text files,
# the excerpts come from data/reports/<id>.json ("texts", "reports"."id"); 4: that file
# gzip-compressed, its name ends in "texts_suffix"; 5: every b/ and u/ file gzip-compressed
# (publish/compress.py), names unchanged
FORMAT = 5
# A report's block of ids is its paragraph count rounded up to a multiple of this: an
# edit that adds or removes a paragraph keeps the other reports' ids unless it crosses one.
CHUNK = 8
# Where the page finds a report's paragraphs (text_exports.report_json_path), relative to
# the search folder: REPORT_TEXTS + id + REPORT_JSON_SUFFIX.
REPORT_TEXTS = "../data/reports/"
GAP = "-"  # meta.json's class of an id in no paragraph (the end of a report's block)
PARTITIONS = 64  # groups of grams by hash; each is sorted and encoded on its own
SHARD_BYTES = 8 * 1024  # aim for shard files about this size
BIG_GRAM = 4 * 1024  # a gram whose postings are larger gets a file of its own
BATCH = 2_000_000  # characters collected before they are written, partition by partition
# Below this many characters, starting worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 2_000_000
# Up to this many characters (about 1,200 reports), each task of the second pass holds
# every report's postings (about 320 MB per worker at 1,000 reports) instead of reading
# spills.
DIRECT_MAX_CHARS = 12_000_000
CP_MASK = (1 << CP_BITS) - 1
POS_MASK = (1 << POS_BITS) - 1
PARA_BITS = 37  # paragraph ids in a report's character entries (with a partition and a code point)
SPACE = 0x20


def block(paragraphs: int) -> int:
    """How many paragraph ids a report of `paragraphs` paragraphs takes: its count rounded
    up to a multiple of CHUNK. static/search.js and query.py compute it the same way."""
    return -(-paragraphs // CHUNK) * CHUNK


def blocks(counts: list[int]) -> np.ndarray:
    """Each report's first paragraph id and, last, the end of the ids (int64)."""
    return np.concatenate(([0], np.cumsum([block(c) for c in counts], dtype=np.int64)))


@dataclass
class SearchDoc:
    """One report as the index sees it."""

    id: str  # the report's id: its text is at REPORT_TEXTS + id + suffix
    region: int  # index into the meta's region list
    year: int | None
    paragraphs: list[tuple[str, str, str]]  # (anchor, class character, text)


@dataclass
class ReportIndex:
    """One report's share of the index, the same wherever the report is in the corpus:
    paragraph ids count from 0 within the report and the report's own number is not in
    it (the writer adds both). The postings are Segments (postings.py), one per gram,
    grouped by partition (`*_bounds[p]` … `*_bounds[p + 1]`) and sorted by gram within
    one."""

    paragraphs: int
    characters: int
    bigram_entries: int
    # What the first pass needs …
    classes: str  # one class character per paragraph
    # … and the postings (what the second pass needs): stored apart (store.py).
    b: Segments
    b_bounds: np.ndarray  # int64, PARTITIONS + 1
    u: Segments
    u_bounds: np.ndarray

    TEXTS = ("classes",)  # the first pass's fields (named when the index held texts)
    POSTINGS = ("b", "b_bounds", "u", "u_bounds")


def index_report(paragraphs: list[tuple[str, str, str]]) -> ReportIndex:
    """The ReportIndex of a report's (anchor, class, text) paragraphs, in page order,
    computed on its whole text at once."""
    texts = [t for _, _, t in paragraphs]
    classes = "".join(cls for _, cls, _ in paragraphs)
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if lens.max(initial=0) > POS_MASK:
        raise ValueError("a paragraph longer than 16M characters cannot be indexed")
    joined = "\n".join(texts).encode("utf-32-le")
    a = fold_codes(np.frombuffer(joined, dtype=np.uint32))
    n = len(a)
    if n == 0:
        none = np.zeros(PARTITIONS + 1, np.int64)
        empty = Segments.empty()
        return ReportIndex(len(paragraphs), 0, 0, classes, empty, none, empty, none)
    slots = lens + 1  # each paragraph and the separator after it
    starts = np.cumsum(slots) - slots
    blank = a == SPACE  # spaces separate words: no bigram spans one
    blank[starts[1:] - 1] = True  # nor the end of a paragraph
    para = np.repeat(np.arange(len(texts), dtype=np.uint64), slots)[:n]

    ok = ~blank[:-1] & ~blank[1:]
    at = np.flatnonzero(ok)
    pos = (at - np.repeat(starts, slots)[:n][at]).astype(np.uint64)
    c1, c2 = a[at], a[at + 1]
    key = (c1.astype(np.uint64) << np.uint64(CP_BITS)) | c2
    part = _partition(c1, c2)
    order = _stable_order(key, 2 * CP_BITS)  # by gram, keeping (paragraph, position) order
    order = order[np.argsort(part[order], kind="stable")]  # then by partition: radix sort
    b = positional_segments(key[order], para[at][order], pos[order])

    # Each character once per paragraph: one sort by (partition, character, paragraph).
    solo = ~blank
    cp = a[solo]
    chars = (_partition(cp, np.zeros_like(cp)).astype(np.uint64) << np.uint64(58)) | (
        (cp.astype(np.uint64) << np.uint64(PARA_BITS)) | para[solo]
    )
    chars = np.sort(chars)
    chars = chars[starts_of_runs(chars)]
    codes = (chars >> np.uint64(PARA_BITS)) & np.uint64(CP_MASK)
    u = paragraph_segments(codes, chars & np.uint64((1 << PARA_BITS) - 1))
    return ReportIndex(
        len(paragraphs),
        int(lens.sum()),
        len(key),
        classes,
        _compact(b),
        _bounds(_partition(b.grams >> np.uint64(CP_BITS), b.grams & np.uint64(CP_MASK))),
        _compact(u),
        _bounds(_partition(u.grams, np.zeros_like(u.grams))),
    )


def _partition(c1: np.ndarray, c2: np.ndarray) -> np.ndarray:
    return (gram_hash_array(c1, c2) & np.uint32(PARTITIONS - 1)).astype(np.uint8)


def _bounds(parts: np.ndarray) -> np.ndarray:
    """Where each partition starts in entries sorted by partition."""
    return np.searchsorted(parts, np.arange(PARTITIONS + 1)).astype(np.int64)


def _compact(seg: Segments) -> Segments:
    """The smallest integer types that hold the numbers: less to store and to load."""
    return Segments(seg.grams, *(_narrow(a) for a in (seg.heads, seg.last, seg.lens)), seg.rest)


def _narrow(a: np.ndarray) -> np.ndarray:
    return a.astype(np.min_scalar_type(int(a.max())) if len(a) else np.uint8)


@dataclass
class IndexStats:
    reports: int = 0
    paragraphs: int = 0
    characters: int = 0
    bigram_entries: int = 0
    files: int = 0
    bytes: int = 0
    sizes: dict[str, int] = field(default_factory=dict)  # bytes per top folder


Sink = Callable[[str, bytes], None]
# Gives the ReportIndex of reports start…stop-1 (in result order), in a worker process:
# picklable. Given to add_range with `total`, it also takes part="texts" or "postings"
# (ReportIndex.TEXTS, .POSTINGS): the rest of the ReportIndex may then be left empty.
IndexRange = Callable[..., Iterable[ReportIndex]]


def folder_sink(folder: Path) -> Sink:
    """A sink that writes each file under `folder`."""
    folder = Path(folder)

    def write(name: str, data: bytes) -> None:
        path = folder.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return write


@dataclass
class Part:
    """What the first pass made of one run of reports (ids counted from 0)."""

    folder: Path
    first_report: int
    reports: int = 0
    paragraphs: int = 0
    ids: int = 0  # paragraph ids the reports take (block() of each)
    characters: int = 0
    bigram_entries: int = 0
    classes: list[str] = field(default_factory=list)  # per report
    counts: list[int] = field(default_factory=list)  # paragraphs per report
    chars: list[int] = field(default_factory=list)  # characters per report
    entries: list[int] = field(default_factory=list)  # bigram entries per report
    spills: list[Spill] = field(default_factory=list)


@dataclass
class Spill:
    """One batch of the first pass on disk, for one kind ("b" bigrams, "u" characters):
    files <prefix>.g .h .l .n (the Segments' numbers, uint64) and .r (their bytes), each
    partition by partition, and where each partition starts in them."""

    prefix: Path | None
    kind: str
    segments: np.ndarray  # PARTITIONS + 1 bounds, in segments
    bytes: np.ndarray  # the same in bytes of .r
    offset: int = 0  # added to the paragraph ids (the part's first paragraph)
    arrays: dict[str, np.ndarray] = field(default_factory=dict)  # columns not on disk


class PartWriter:
    """The first pass over one run of reports: see the module's docstring."""

    def __init__(self, folder: Path, first_report: int, spill: bool = True):
        self.part = Part(folder, first_report)
        self.spill = spill  # False: classes only (the second pass reloads the reports)
        folder.mkdir(parents=True, exist_ok=True)
        self._batch: list[tuple[ReportIndex, int]] = []  # with its first paragraph id
        self._batch_chars = 0

    def add(self, index: ReportIndex) -> None:
        part = self.part
        part.reports += 1
        part.classes.append(index.classes)
        part.counts.append(index.paragraphs)
        part.chars.append(index.characters)
        part.entries.append(index.bigram_entries)
        if self.spill:
            self._batch.append((index, part.ids))
            self._batch_chars += index.characters
        part.paragraphs += index.paragraphs
        part.ids += block(index.paragraphs)
        part.characters += index.characters
        part.bigram_entries += index.bigram_entries
        if self._batch_chars >= BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write the batch's segments, partition by partition, ids made part-wide."""
        batch, self._batch, self._batch_chars = self._batch, [], 0
        if not batch:
            return
        for kind in ("b", "u"):
            spill = _spill(batch, kind)
            spill.prefix = self.part.folder / f"{kind}{len(self.part.spills)}"
            for name, column in spill.arrays.items():
                column.tofile(f"{spill.prefix}.{name}")
            spill.arrays = {}
            self.part.spills.append(spill)

    def close(self) -> Part:
        self._flush()
        return self.part


def _spill(
    batch: list[tuple[ReportIndex, int]],
    kind: str,
    partitions: list[int] | None = None,
) -> Spill:
    """The segments of one kind of (report, its first paragraph) in memory, partition by
    partition (only `partitions`, when given), paragraph ids shifted by each report's
    first."""
    unit = 2 if kind == "b" else 1
    firsts = np.array([first for _, first in batch], dtype=np.uint64)
    segs = [ix.b if kind == "b" else ix.u for ix, _ in batch]
    bounds = [ix.b_bounds if kind == "b" else ix.u_bounds for ix, _ in batch]
    order, at = _interleave(bounds, partitions)
    shift = np.repeat(firsts, [len(s.grams) for s in segs])[order]
    # A report's bytes of one partition are in one piece: where each starts.
    byte_bounds = [
        np.append(0, np.cumsum(s.lens, dtype=np.int64))[b]
        for s, b in zip(segs, bounds, strict=True)
    ]
    rest_order, rest_at = _interleave(byte_bounds, partitions)
    arrays = {
        "g": _cat([s.grams for s in segs], order),
        "h": _cat([s.heads for s in segs], order) + shift * np.uint64(unit),
        "l": _cat([s.last for s in segs], order) + shift,
        "n": _cat([s.lens for s in segs], order),
        "r": np.concatenate([s.rest for s in segs])[rest_order],
    }
    return Spill(None, kind, at, rest_at, arrays=arrays)


def _interleave(
    bounds: list[np.ndarray], partitions: list[int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For arrays each grouped by partition (with these bounds) and concatenated: the
    order that groups the whole by partition (only `partitions`, when given), each
    report's entries in turn, and the bounds of the partitions in it."""
    b = np.stack(bounds)  # reports x (PARTITIONS + 1)
    lens = np.diff(b, axis=1)
    if partitions is not None:
        keep = np.zeros(PARTITIONS, dtype=bool)
        keep[partitions] = True
        lens = lens * keep
    before = np.concatenate(([0], np.cumsum(b[:-1, -1])))  # where each report starts
    src = (before[:, None] + b[:, :-1]).T.ravel()  # partition by partition
    return spans(src, lens.T.ravel()), np.concatenate(([0], np.cumsum(lens.sum(axis=0))))


def _cat(arrays: list[np.ndarray], order: np.ndarray) -> np.ndarray:
    """The arrays end to end, taken in `order`, as uint64 (widened last: the stored
    types are narrow, and `order` may take only some partitions)."""
    return np.concatenate(arrays)[order].astype(np.uint64, copy=False)


class _Kept:
    """An IndexRange of ReportIndexes already in memory."""

    def __init__(self, indexes: list[ReportIndex]):
        self.indexes = indexes

    def __call__(self, start: int, stop: int, part: str = "all") -> list[ReportIndex]:
        return self.indexes[start:stop]


def _first_pass(
    folder: Path, first_report: int, indexes: IndexRange, start: int, stop: int, spill: bool
) -> Part:
    """A worker's share of the first pass: reports start…stop-1."""
    writer = PartWriter(folder, first_report, spill)
    for index in indexes(start, stop):
        writer.add(index)
    return writer.close()


class IndexWriter:
    """Feed reports with add() (or add_range() for many), in result order, then finish().

    Every file goes to `sink(name, bytes)` as soon as it is ready (names relative to the
    search folder): a dict's __setitem__ for the build, folder_sink() to stream to disk.
    """

    def __init__(
        self,
        sink: Sink,
        jobs: int | None = None,
        tmp: Path | None = None,
        state: Path | None = None,
    ):
        self.sink = sink
        self.state = state  # where the second pass keeps the joined partitions (state.py)
        self.names: list[str] = []  # every file given to the sink
        self.shards: dict[str, int] = {}  # shard count per kind, once finished
        self.jobs = jobs or os.cpu_count() or 1
        self.tmp = Path(tempfile.mkdtemp(prefix="search-index-", dir=tmp))
        self.stats = IndexStats()
        self.parts: list[Part] = []
        self.ids: list[str] = []
        self.regions: list[int] = []
        self.years: list[int | None] = []
        self._open: PartWriter | None = None
        self.direct: tuple[IndexRange, int] | None = None  # see add_range
        self._pool: ProcessPoolExecutor | None = None
        self._started: list[Future] = []  # second-pass tasks running during the first

    def _emit(self, name: str, data: bytes) -> None:
        self.stats.files += 1
        self.stats.bytes += len(data)
        top = name.split("/", 1)[0]
        self.stats.sizes[top] = self.stats.sizes.get(top, 0) + len(data)
        self.names.append(name)
        self.sink(name, data)

    def _reports(self) -> int:
        done = sum(p.reports for p in self.parts)
        return done + (self._open.part.reports if self._open else 0)

    def add(self, doc: SearchDoc | ReportIndex, id: str = "", region: int = 0, year=None):
        """One report: a SearchDoc, or its ReportIndex with its id, region and year."""
        if isinstance(doc, SearchDoc):
            doc, id, region, year = index_report(doc.paragraphs), doc.id, doc.region, doc.year
        if self._open is None:
            folder = self.tmp / f"part{len(self.parts)}"
            self._open = PartWriter(folder, self._reports())
        self._open.add(doc)
        self.ids.append(id)
        self.regions.append(region)
        self.years.append(year)

    def add_range(
        self,
        indexes: IndexRange,
        reports: list[tuple[str, int, int | None]],
        characters: int = 0,
        total: float = float("inf"),
    ) -> None:
        """The reports (id, region, year) whose ReportIndex `indexes(start, stop)`
        gives, in worker processes when there is much to compute (`characters`: how
        much text has no ReportIndex yet): each worker makes its own run.

        `total`: the reports' characters, when `indexes` gives them again cheaply (from
        a store): up to DIRECT_MAX_CHARS, each task of the second pass takes them all
        from there instead of from files the first pass writes."""
        self._close_open()
        source, count = indexes, len(reports)
        runs = max(1, self.jobs) * 2 if count else 0
        first = self._reports()
        # Kept, every report at once in each task of the second pass: no spills.
        direct = total <= DIRECT_MAX_CHARS and not first and self.direct is None
        if direct:
            # The second pass needs only the postings, this pass only the classes.
            postings = partial(indexes, part="postings")
            self.direct = (postings, count)
            indexes = partial(indexes, part="texts")
            parallel = self.jobs > 1 and total >= PARALLEL_MIN_CHARS
            if parallel and characters < PARALLEL_MIN_CHARS:
                # Little to compute: the second pass starts now, its tasks taking the
                # reports from the store (and making the few missing ones themselves)
                # while this process reads the classes.
                self._pool = _pool(self.jobs)
                self._started = [
                    self._pool.submit(_encode_direct, postings, count, group, self.state)
                    for group in _groups(self.jobs)
                ]
        for id, region, year in reports:
            self.ids.append(id)
            self.regions.append(region)
            self.years.append(year)
        if self.jobs < 2 or characters < PARALLEL_MIN_CHARS or count < runs:
            writer = PartWriter(self.tmp / f"part{len(self.parts)}", first, not direct)
            # A small corpus is kept whole for the second pass, not read twice.
            kept: list[ReportIndex] | None = [] if direct and total < PARALLEL_MIN_CHARS else None
            if kept is not None:
                indexes = partial(source, part="all")
            for index in indexes(0, count):
                writer.add(index)
                if kept is not None:
                    kept.append(index)
            if kept is not None:
                self.direct = (_Kept(kept), count)
            self.parts.append(writer.close())
            return
        bounds = [count * k // runs for k in range(runs + 1)]
        args = [
            (self.tmp / f"part{len(self.parts) + k}", first + a, indexes, a, b, not direct)
            for k, (a, b) in enumerate(pairwise(bounds))
        ]
        self._pool = self._pool or _pool(self.jobs)  # kept for the second pass
        self.parts.extend(self._pool.map(_first_pass, *zip(*args, strict=True)))

    def _close_open(self) -> None:
        if self._open is not None:
            self.parts.append(self._open.close())
            self._open = None

    def finish(self, meta: dict) -> IndexStats:
        """Postings (second pass) and meta.json (with `meta`'s keys); the stats."""
        try:
            self._close_open()
            parts = self.parts
            self.stats.reports = len(self.ids)
            self.stats.paragraphs = sum(p.paragraphs for p in parts)
            self.stats.characters = sum(p.characters for p in parts)
            self.stats.bigram_entries = sum(p.bigram_entries for p in parts)
            first = 0
            for part in parts:  # paragraph ids made global
                for spill in part.spills:
                    spill.offset = first
                first += part.ids
            bigram_shards = _bigram_shards(self.stats.bigram_entries)
            unigram_shards = _unigram_shards(self.stats.characters)
            parallel = self.jobs > 1 and self.stats.characters >= PARALLEL_MIN_CHARS
            tasks: list[tuple]
            if self._started:
                for future in self._started:  # started by add_range
                    for name, data in future.result():
                        self._emit(name, data)
                tasks = []
            elif self.direct is not None:
                # Each task holds every report: as few tasks as there are workers.
                work, groups = _encode_direct, _groups(self.jobs if parallel else 1)
                tasks = [(*self.direct, group, self.state) for group in groups]
            else:
                work, groups = _encode_group, _groups(4 * self.jobs if parallel else 1)
                tasks = []
                firsts = _firsts([c for p in parts for c in p.counts]) if self.state else None
                for kind, count in (("b", bigram_shards), ("u", unigram_shards)):
                    spills = [s for p in parts for s in p.spills if s.kind == kind]
                    tasks += [(spills, kind, group, count, self.state, firsts) for group in groups]
            if parallel and tasks:
                self._pool = self._pool or _pool(self.jobs)
                for files in self._pool.map(work, *zip(*tasks, strict=True)):
                    for name, data in files:
                        self._emit(name, data)
            else:
                for task in tasks:
                    for name, data in work(*task):
                        self._emit(name, data)
            counts = [c for p in parts for c in p.counts]
            classes = [c for p in parts for c in p.classes]
            self.shards = shards = {"b": bigram_shards, "u": unigram_shards}
            self._emit(
                "meta.json",
                meta_json(meta, shards, self.ids, self.regions, self.years, counts, classes),
            )
        finally:
            self.close()
        return self.stats

    def close(self) -> None:
        """Stop the workers and remove the temporary files (finish() does it; call it
        when giving up before)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def meta_json(
    meta: dict,
    shards: dict[str, int],
    ids: list[str],
    regions: list[int],
    years: list[int | None],
    counts: list[int],
    classes: list[str],
) -> bytes:
    """meta.json: `meta`'s keys (regions, filters) and per report and paragraph facts:
    `classes` per report, one character per paragraph, each report's padded with GAP to
    its block of ids, so that meta.json's "classes" is indexed by paragraph id; `ids`,
    where each report's text is (REPORT_TEXTS)."""
    data = {
        "format": FORMAT,
        "chunk": CHUNK,
        "texts": REPORT_TEXTS,
        "texts_suffix": REPORT_JSON_SUFFIX,
        "bigram_shards": shards["b"],
        "unigram_shards": shards["u"],
        "paragraphs": sum(counts),
        **meta,
        "reports": {"id": ids, "region": regions, "year": years, "paragraphs": counts},
        "classes": "".join(c.ljust(block(len(c)), GAP) for c in classes),
    }
    return _json(data)


def _pool(jobs: int) -> ProcessPoolExecutor:
    # Fresh worker processes ("spawn"), not copies of this one: a build holds the site's
    # plan and pages, which the workers do not need and would otherwise seem to use.
    return ProcessPoolExecutor(min(jobs, 4), mp_context=multiprocessing.get_context("spawn"))


def build_index(docs: Iterable[SearchDoc], sink: Sink, meta: dict, jobs: int | None = None):
    """Index every document (streamed, in result order); return IndexStats."""
    writer = IndexWriter(sink, jobs)
    for doc in docs:
        writer.add(doc)
    return writer.finish(meta)


def _bigram_shards(entries: int) -> int:
    return _shard_count(entries * 2.7)


def _unigram_shards(characters: int) -> int:
    return _shard_count(characters * 0.6)


def _shard_count(estimated_bytes: float) -> int:
    """A power of two (at least PARTITIONS) giving shards of about SHARD_BYTES."""
    n = PARTITIONS
    while n * SHARD_BYTES < estimated_bytes:
        n *= 2
    return n


def _groups(count: int) -> list[list[int]]:
    """The partitions split into `count` tasks of the second pass (every count-th: the
    big partitions are not all in one)."""
    count = max(1, min(count, PARTITIONS))
    return [list(range(g, PARTITIONS, count)) for g in range(count)]


class _Columns:
    """The spills' files of one kind, each mapped once per task, read a partition at a
    time."""

    def __init__(self, spills: list[Spill]):
        self.spills = spills
        self._maps: dict[str, np.ndarray] = {}

    def _file(self, path: str, dtype) -> np.ndarray:
        if path not in self._maps:
            empty = not os.path.getsize(path)
            self._maps[path] = np.zeros(0, dtype) if empty else np.memmap(path, dtype, "r")
        return self._maps[path]

    def _column(self, spill: Spill, column: str) -> np.ndarray:
        if spill.arrays:
            return spill.arrays[column]
        return self._file(f"{spill.prefix}.{column}", np.uint8 if column == "r" else np.uint64)

    def partition(self, p: int, column: str, shift: int = 0) -> np.ndarray:
        """Column `column` of partition p from every spill, in order; `shift`: what a
        paragraph id counts in it (1, or 2 in a bigram's first value), to make ids
        global."""
        out = []
        for spill in self.spills:
            bounds = spill.bytes if column == "r" else spill.segments
            piece = self._column(spill, column)[bounds[p] : bounds[p + 1]]
            out.append(piece + np.uint64(spill.offset * shift) if shift else piece)
        return np.concatenate(out) if out else np.zeros(0, np.uint8 if column == "r" else np.uint64)


def _stable_order(keys: np.ndarray, bits: int) -> np.ndarray:
    """argsort(keys, kind="stable") for keys below 2**bits, faster: sorting keys with
    their index packed in the low bits is a plain sort, several times quicker than a
    stable argsort."""
    n, free = len(keys), 64 - bits
    if n >= 1 << free or (n and int(keys.max()) >> bits):
        return np.argsort(keys, kind="stable")
    packed = np.sort((keys << np.uint64(free)) | np.arange(n, dtype=np.uint64))
    return (packed & np.uint64((1 << free) - 1)).astype(np.int64)


def _encode_group(
    spills: list[Spill],
    kind: str,
    partitions: list[int],
    shards: int,
    state: Path | None = None,
    firsts: np.ndarray | None = None,
) -> list[tuple[str, bytes]]:
    """The shard files of some partitions (a task of the second pass); with `state`,
    each partition's joined segments are also kept there, as _encode_direct does
    (`firsts`: each report's first paragraph id)."""
    columns = _Columns(spills)
    files: list[tuple[str, bytes]] = []
    for p in partitions:
        save = None if state is None else partial(_save_joined, state, kind, p, firsts)
        files += _encode_partition(columns, kind, p, shards, save)
    return files


def _firsts(counts: list[int]) -> np.ndarray:
    """Each report's first paragraph id, from the reports' paragraph counts."""
    return blocks(counts)[:-1].astype(np.uint64)


def _encode_direct(
    indexes: IndexRange, count: int, partitions: list[int], state: Path | None = None
) -> list[tuple[str, bytes]]:
    """The shard files of some partitions, of both kinds, from every report's
    ReportIndex held in memory (a task of the second pass without spills); with `state`,
    each partition's joined segments are also kept there (state.py) for the next edit."""
    batch, first = [], 0
    for index in indexes(0, count):
        batch.append((index, first))
        first += block(index.paragraphs)
    # The same counts as finish() computes from the first pass.
    entries = sum(ix.bigram_entries for ix, _ in batch)
    characters = sum(ix.characters for ix, _ in batch)
    shards = {"b": _bigram_shards(entries), "u": _unigram_shards(characters)}
    firsts = np.array([f for _, f in batch], dtype=np.uint64)
    files: list[tuple[str, bytes]] = []
    for kind in ("b", "u"):
        spill = _spill(batch, kind, partitions)
        columns = _Columns([spill] if batch else [])
        for p in partitions:
            save = None if state is None else partial(_save_joined, state, kind, p, firsts)
            files += _encode_partition(columns, kind, p, shards[kind], save)
    return files


def _save_joined(
    folder: Path,
    kind: str,
    part: int,
    firsts: np.ndarray,
    seg: Segments,
    order: np.ndarray,
) -> None:
    """Keep a partition's segments (global ids), joined in `order`, as state.py stores
    them: ids counted within each report again, the narrowest types. A segment's report
    is the one its first paragraph is in (`firsts`: each report's first paragraph id; a
    report without paragraphs has no segments)."""
    unit = np.uint64(2 if kind == "b" else 1)
    heads = seg.heads[order]
    para = heads >> np.uint64(1) if kind == "b" else heads
    k = np.searchsorted(firsts, para, side="right") - 1
    first = firsts[k]
    lens = seg.lens[order]
    rest_at = np.cumsum(seg.lens, dtype=np.int64) - seg.lens.astype(np.int64)
    columns = {
        "g": seg.grams[order],
        "k": _narrow(k),
        "h": _narrow(heads - first * unit),
        "l": _narrow(seg.last[order] - first),
        "n": _narrow(lens),
        "r": seg.rest[spans(rest_at[order], lens)],
    }
    save_partition(folder, kind, part, columns)


def _encode_partition(
    columns: _Columns, kind: str, part: int, shards: int, save: Callable | None = None
):
    """Join one partition's segments by gram; the shard files that belong to it. `save`,
    when given, gets the segments and the order that joins them."""
    unit = 2 if kind == "b" else 1
    grams = columns.partition(part, "g")
    seg = Segments(
        grams,
        columns.partition(part, "h", unit),
        columns.partition(part, "l", 1),
        columns.partition(part, "n"),
        columns.partition(part, "r"),
    )
    # By gram; a gram's segments stay in part and report order, so in paragraph order.
    order = _stable_order(grams, 2 * CP_BITS if kind == "b" else CP_BITS)
    if save is not None:
        save(seg, order)
    grams, bodies = join_segments(seg, kind == "b", order)
    return shard_files(kind, part, shards, grams, bodies)


def _code_points(kind: str, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, second) code point of each gram; a character's second is 0."""
    if kind == "b":
        return (
            (grams >> np.uint64(CP_BITS)).astype(np.uint32),
            (grams & np.uint64(CP_MASK)).astype(np.uint32),
        )
    c1 = grams.astype(np.uint32)
    return c1, np.zeros(len(c1), dtype=np.uint32)


def gram_shard_ids(kind: str, grams: np.ndarray, shards: int) -> np.ndarray:
    """The shard each gram's entry is in."""
    return gram_hash_array(*_code_points(kind, grams)) & np.uint32(shards - 1)


def gram_codes(kind: str, grams: np.ndarray) -> list[tuple[int, ...]]:
    """Each gram as a tuple of its code points."""
    c1, c2 = _code_points(kind, grams)
    if kind == "b":
        return list(zip(c1.tolist(), c2.tolist(), strict=True))
    return [(c,) for c in c1.tolist()]


def external_name(kind: str, gram: tuple[int, ...]) -> str:
    """The file of a gram whose postings are too big for its shard."""
    return f"{kind}/x/{'-'.join(f'{c:x}' for c in gram)}.bin"


def shard_files(
    kind: str,
    part: int,
    shards: int,
    grams: np.ndarray,
    bodies: list[bytes],
    only: set[int] | None = None,
) -> list[tuple[str, bytes]]:
    """The shard files of partition `part` (only the shards `only`, when given: `grams`
    must then hold every gram of those), and the files of its big grams, each
    gzip-compressed: a third smaller, and servers send .bin files as they are."""
    shard_of, cps = gram_shard_ids(kind, grams, shards), gram_codes(kind, grams)
    files: list[tuple[str, bytes]] = []
    wanted = range(part, shards, PARTITIONS) if only is None else sorted(only)
    by_shard: dict[int, list] = {s: [] for s in wanted}
    for s, gram, body in zip(shard_of.tolist(), cps, bodies, strict=True):
        external = len(body) > BIG_GRAM
        if external:
            files.append((external_name(kind, gram), gzip_bytes(body, POSTINGS)))
        by_shard[s].append((gram, body, external))
    for s, entries in by_shard.items():
        entries.sort(key=lambda e: e[0])
        files.append((f"{kind}/{s}.bin", gzip_bytes(shard_file(entries), POSTINGS)))
    return files


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
