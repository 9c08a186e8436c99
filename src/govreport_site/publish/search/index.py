"""Write the search index: positional character bigrams, split into small files.

Why this design (figures in docs/search.md): Chinese has no spaces, so an index of words
either misses matches or returns paragraphs without the phrase. An index of every
character pair with its positions answers "which paragraphs contain this exact string"
from the index alone: a query of length L >= 2 is covered by bigrams at offsets 0, 2, 4 …
and L-2, and a paragraph matches where all of them sit at the right distance. That gives
every containing paragraph and only those, and the exact count, without fetching text;
one-character queries use a character index. Texts are fetched afterwards in chunks of
a few paragraphs, only for the results shown.

Paragraph ids are given in the order the documents arrive; the caller sends them in the
order results should be listed (newest year first), so ranking is mostly "sort by id".

Two passes, memory bounded whatever the corpus size:

1. Each run of documents ("part") is turned, a report at a time, into numpy arrays of
   (bigram, paragraph, position) and (character, paragraph), appended to PARTITIONS
   temporary files by hash, with paragraph ids counted from 0 within the part; the
   paragraph texts go to a file of ready-made JSON. Large corpora are split into parts
   processed by worker processes that load their reports themselves.
2. Each partition is read back from every part (ids shifted by the part's offset, so
   they are global and still in order), sorted by gram and encoded, in parallel.

Nothing holds the corpus's text, or all of its postings, at once.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np

from govreport_site.publish.search.fold import fold_codes
from govreport_site.publish.search.postings import (
    CP_BITS,
    POS_BITS,
    encode_paragraphs,
    encode_positional,
    gram_hash_array,
    shard_file,
    starts_of_runs,
)

FORMAT = 1
CHUNK = 8  # paragraphs per text file: a result page of 20 fetches at most 20 small files
PARTITIONS = 64  # temporary files; each is sorted and encoded on its own
SHARD_BYTES = 8 * 1024  # aim for shard files about this size
BIG_GRAM = 4 * 1024  # a gram whose postings are larger gets a file of its own
BATCH = 1_000_000  # characters collected before they are spread over the partitions
# Below this many characters, starting worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 2_000_000
CP_MASK = (1 << CP_BITS) - 1
POS_MASK = (1 << POS_BITS) - 1
PARA_BITS = 40  # paragraph ids in the character entries
SEQ_BITS = 64 - 2 * CP_BITS  # what a bigram key leaves free in 64 bits
SPACE = 0x20


@dataclass
class SearchDoc:
    """One report as the index sees it."""

    url: str  # the report page, relative to the site root
    region: int  # index into the meta's region list
    year: int | None
    paragraphs: list[tuple[str, str, str]]  # (anchor, class character, text)


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
# Makes the documents start…stop-1 (in result order), in a worker process: picklable.
DocRange = Callable[[int, int], Iterable[SearchDoc]]


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
    """What the first pass made of one run of documents (ids counted from 0)."""

    folder: Path
    first_report: int
    paragraphs: int = 0
    characters: int = 0
    bigram_entries: int = 0
    classes: list[str] = field(default_factory=list)
    region: list[int] = field(default_factory=list)
    year: list[int | None] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  # paragraphs per report
    urls: list[str] = field(default_factory=list)


class PartWriter:
    """The first pass over one run of documents: see the module's docstring."""

    def __init__(self, folder: Path, first_report: int):
        self.part = Part(folder, first_report)
        folder.mkdir(parents=True, exist_ok=True)
        self._texts = (folder / "paragraphs.jsonl").open("wb")
        self._batch: list[tuple[np.ndarray, ...]] = []
        self._batch_chars = 0

    def add(self, doc: SearchDoc) -> None:
        part = self.part
        report = part.first_report + len(part.urls)
        first = part.paragraphs
        part.urls.append(doc.url)
        part.region.append(doc.region)
        part.year.append(doc.year)
        part.counts.append(len(doc.paragraphs))
        lines = []
        for anchor, cls, text in doc.paragraphs:
            part.classes.append(cls)
            lines.append(_json([report, anchor, text]))  # JSON escapes every newline
        if lines:
            self._texts.write(b"\n".join(lines) + b"\n")
            part.paragraphs += len(lines)
            self._add_grams([t for _, _, t in doc.paragraphs], first)

    def _add_grams(self, texts: list[str], first: int) -> None:
        """Bigram (key, paragraph << POS_BITS | position) and character (code << 40 |
        paragraph) entries of one report, computed on its whole text at once."""
        lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        if lens.max(initial=0) > POS_MASK:
            raise ValueError("a paragraph longer than 16M characters cannot be indexed")
        self.part.characters += int(lens.sum())
        joined = "\n".join(texts).encode("utf-32-le")
        a = fold_codes(np.frombuffer(joined, dtype=np.uint32))
        n = len(a)
        if n == 0:
            return
        slots = lens + 1  # each paragraph and the separator after it
        starts = np.cumsum(slots) - slots
        blank = a == SPACE  # spaces separate words: no bigram spans one
        blank[starts[1:] - 1] = True  # nor the end of a paragraph
        ids = np.arange(first, first + len(texts), dtype=np.uint64)
        para = np.repeat(ids, slots)[:n]

        ok = ~blank[:-1] & ~blank[1:]
        at = np.flatnonzero(ok)
        pos = (at - np.repeat(starts, slots)[:n][at]).astype(np.uint64)
        key = (a[at].astype(np.uint64) << np.uint64(CP_BITS)) | a[at + 1]
        val = (para[at] << np.uint64(POS_BITS)) | pos

        # Each character once per paragraph (a sort, not np.unique: hashing is slower).
        solo = ~blank
        chars = np.sort((para[solo] << np.uint64(CP_BITS)) | a[solo])
        chars = chars[starts_of_runs(chars)]
        chars = ((chars & np.uint64(CP_MASK)) << np.uint64(PARA_BITS)) | (
            chars >> np.uint64(CP_BITS)
        )

        self._batch.append((key, val, chars))
        self._batch_chars += n
        if self._batch_chars >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        key, val, chars = (np.concatenate(x) for x in zip(*self._batch, strict=True))
        self._batch, self._batch_chars = [], 0
        self.part.bigram_entries += len(key)
        c1 = (key >> np.uint64(CP_BITS)).astype(np.uint32)
        c2 = (key & np.uint64(CP_MASK)).astype(np.uint32)
        _spread(self.part.folder / "b", gram_hash_array(c1, c2), key, val)
        cp = (chars >> np.uint64(PARA_BITS)).astype(np.uint32)
        _spread(self.part.folder / "u", gram_hash_array(cp, np.zeros_like(cp)), chars)

    def close(self) -> Part:
        self._flush()
        self._texts.close()
        return self.part


def _first_pass(folder: Path, first_report: int, docs: DocRange, start: int, stop: int) -> Part:
    """A worker's share of the first pass: documents start…stop-1."""
    writer = PartWriter(folder, first_report)
    for doc in docs(start, stop):
        writer.add(doc)
    return writer.close()


class IndexWriter:
    """Feed documents with add() (or add_range() for many), in result order, then
    finish().

    Every file goes to `sink(name, bytes)` as soon as it is ready (names relative to the
    search folder): a dict's __setitem__ for the build, folder_sink() to stream to disk.
    """

    def __init__(self, sink: Sink, jobs: int | None = None, tmp: Path | None = None):
        self.sink = sink
        self.jobs = jobs or os.cpu_count() or 1
        self.tmp = Path(tempfile.mkdtemp(prefix="search-index-", dir=tmp))
        self.stats = IndexStats()
        self.parts: list[Part] = []
        self._open: PartWriter | None = None

    def _emit(self, name: str, data: bytes) -> None:
        self.stats.files += 1
        self.stats.bytes += len(data)
        top = name.split("/", 1)[0]
        self.stats.sizes[top] = self.stats.sizes.get(top, 0) + len(data)
        self.sink(name, data)

    def _reports(self) -> int:
        done = sum(len(p.urls) for p in self.parts)
        return done + (len(self._open.part.urls) if self._open else 0)

    def add(self, doc: SearchDoc) -> None:
        if self._open is None:
            folder = self.tmp / f"part{len(self.parts)}"
            self._open = PartWriter(folder, self._reports())
        self._open.add(doc)

    def add_range(self, docs: DocRange, count: int, characters: int = 0) -> None:
        """Documents 0…count-1 made by `docs(start, stop)`, in worker processes when
        there are many (`characters`, if known, is their size): each worker loads and
        indexes its own run of reports."""
        self._close_open()
        runs = max(1, self.jobs) * 2 if count else 0
        if self.jobs < 2 or characters < PARALLEL_MIN_CHARS or count < runs:
            self._open = PartWriter(self.tmp / f"part{len(self.parts)}", self._reports())
            for doc in docs(0, count):
                self._open.add(doc)
            return
        bounds = [count * k // runs for k in range(runs + 1)]
        first = self._reports()
        args = [
            (self.tmp / f"part{len(self.parts) + k}", first + a, docs, a, b)
            for k, (a, b) in enumerate(pairwise(bounds))
        ]
        with _pool(self.jobs) as pool:
            self.parts.extend(pool.map(_first_pass, *zip(*args, strict=True)))

    def _close_open(self) -> None:
        if self._open is not None:
            self.parts.append(self._open.close())
            self._open = None

    def finish(self, meta: dict) -> IndexStats:
        """Texts, postings (second pass) and meta.json (with `meta`'s keys); the stats."""
        try:
            self._close_open()
            self._write_texts()
            parts = self.parts
            self.stats.reports = sum(len(p.urls) for p in parts)
            self.stats.paragraphs = sum(p.paragraphs for p in parts)
            self.stats.characters = sum(p.characters for p in parts)
            self.stats.bigram_entries = sum(p.bigram_entries for p in parts)
            offsets = np.cumsum([0] + [p.paragraphs for p in parts])[:-1].tolist()
            folders = [p.folder for p in parts]
            bigram_shards = _shard_count(self.stats.bigram_entries * 2.7)
            unigram_shards = _shard_count(self.stats.characters * 0.6)
            tasks = [("b", n, bigram_shards) for n in range(PARTITIONS)]
            tasks += [("u", n, unigram_shards) for n in range(PARTITIONS)]
            args = [(folders, offsets, kind, n, shards) for kind, n, shards in tasks]
            if self.jobs > 1 and self.stats.characters >= PARALLEL_MIN_CHARS:
                with _pool(self.jobs) as pool:
                    for files in pool.map(_encode_partition, *zip(*args, strict=True)):
                        for name, data in files:
                            self._emit(name, data)
            else:
                for a in args:
                    for name, data in _encode_partition(*a):
                        self._emit(name, data)
            data = {
                "format": FORMAT,
                "chunk": CHUNK,
                "bigram_shards": bigram_shards,
                "unigram_shards": unigram_shards,
                "paragraphs": self.stats.paragraphs,
                **meta,
                "reports": {
                    "region": [r for p in parts for r in p.region],
                    "year": [y for p in parts for y in p.year],
                    "paragraphs": [c for p in parts for c in p.counts],
                },
                "classes": "".join(c for p in parts for c in p.classes),
            }
            self._emit("meta.json", _json(data))
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return self.stats

    def _write_texts(self) -> None:
        """t/<n>.json: paragraphs n*CHUNK … as [report, anchor, text], and their URLs."""
        urls = [u for p in self.parts for u in p.urls]
        chunk: list[bytes] = []
        number = 0

        def emit() -> None:
            nonlocal chunk, number
            reports = sorted({int(line[1 : line.index(b",")]) for line in chunk})
            head = _json({str(r): urls[r] for r in reports})
            body = b'{"reports":' + head + b',"paragraphs":[' + b",".join(chunk) + b"]}"
            self._emit(f"t/{number}.json", body)
            chunk, number = [], number + 1

        for part in self.parts:
            with (part.folder / "paragraphs.jsonl").open("rb") as f:
                for line in f:
                    chunk.append(line.rstrip(b"\n"))
                    if len(chunk) == CHUNK:
                        emit()
        if chunk:
            emit()


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


def _spread(folder: Path, hashes: np.ndarray, *columns: np.ndarray) -> None:
    """Append each entry to the partition file of its hash (one file per column)."""
    folder.mkdir(parents=True, exist_ok=True)
    part = (hashes & np.uint32(PARTITIONS - 1)).astype(np.uint8)
    order = np.argsort(part, kind="stable")  # stable: paragraphs stay in id order
    bounds = np.searchsorted(part[order], np.arange(PARTITIONS + 1))
    for c, column in enumerate(columns):
        column = column[order]
        for p in range(PARTITIONS):
            if bounds[p + 1] > bounds[p]:
                with (folder / f"{p}.{c}").open("ab") as f:
                    column[bounds[p] : bounds[p + 1]].tofile(f)


def _shard_count(estimated_bytes: float) -> int:
    """A power of two (at least PARTITIONS) giving shards of about SHARD_BYTES."""
    n = PARTITIONS
    while n * SHARD_BYTES < estimated_bytes:
        n *= 2
    return n


def _load(path: Path) -> np.ndarray:
    return np.fromfile(path, dtype=np.uint64) if path.exists() else np.zeros(0, np.uint64)


def _gather(folders: list[Path], offsets: list[int], name: str, shift: int) -> np.ndarray:
    """One partition column from every part, in order, paragraph ids made global."""
    columns = []
    for folder, offset in zip(folders, offsets, strict=True):
        column = _load(folder / name)
        if offset and shift >= 0:
            column = column + np.uint64(offset << shift)
        columns.append(column)
    return np.concatenate(columns) if columns else np.zeros(0, np.uint64)


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """argsort(keys, kind="stable"), faster: sorting keys with their index packed in the
    low bits is a plain sort, several times quicker than a stable argsort."""
    n = len(keys)
    if n >= 1 << SEQ_BITS or (n and int(keys.max()) >> (64 - SEQ_BITS)):
        return np.argsort(keys, kind="stable")
    packed = np.sort((keys << np.uint64(SEQ_BITS)) | np.arange(n, dtype=np.uint64))
    return (packed & np.uint64((1 << SEQ_BITS) - 1)).astype(np.int64)


def _encode_partition(
    folders: list[Path], offsets: list[int], kind: str, part: int, shards: int
) -> list[tuple[str, bytes]]:
    """Sort one partition's postings by gram; the shard files that belong to it."""
    if kind == "b":
        keys = _gather([f / "b" for f in folders], offsets, f"{part}.0", -1)
        order = _stable_order(keys)  # by gram, keeping (paragraph, position) order
        vals = _gather([f / "b" for f in folders], offsets, f"{part}.1", POS_BITS)
        keys, vals = keys[order], vals[order]
        del order
        grams, bodies = encode_positional(
            keys, vals >> np.uint64(POS_BITS), vals & np.uint64(POS_MASK)
        )
        c1 = (grams >> np.uint64(CP_BITS)).astype(np.uint32)
        c2 = (grams & np.uint64(CP_MASK)).astype(np.uint32)
        cps = list(zip(c1.tolist(), c2.tolist(), strict=True))
    else:
        chars = _gather([f / "u" for f in folders], offsets, f"{part}.0", 0)
        chars = np.sort(chars)  # by (character, paragraph); each pair once already
        codes = chars >> np.uint64(PARA_BITS)
        grams, bodies = encode_paragraphs(codes, chars & np.uint64((1 << PARA_BITS) - 1))
        c1 = grams.astype(np.uint32)
        c2 = np.zeros(len(c1), dtype=np.uint32)
        cps = [(c,) for c in c1.tolist()]
    shard_of = (gram_hash_array(c1, c2) & np.uint32(shards - 1)).tolist()

    files: list[tuple[str, bytes]] = []
    by_shard: dict[int, list] = {s: [] for s in range(part, shards, PARTITIONS)}
    for s, gram, body in zip(shard_of, cps, bodies, strict=True):
        external = len(body) > BIG_GRAM
        if external:
            files.append((f"{kind}/x/{'-'.join(f'{c:x}' for c in gram)}.bin", body))
        by_shard[s].append((gram, body, external))
    for s, entries in by_shard.items():
        entries.sort(key=lambda e: e[0])
        files.append((f"{kind}/{s}.bin", shard_file(entries)))
    return files


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
