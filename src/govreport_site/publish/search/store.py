"""Each report's share of the search index (index.ReportIndex), kept in the build cache.

A ReportIndex depends on the report's text alone (not on its place in the corpus), so a
build after an edit computes it only for the reports that changed and merges the others
from here, instead of loading and indexing every report's text again.

    <cache>/search/<ab>/<key>.pickle   its counts and classes, then its postings

The key is the hash of the report's content hash (its bytes, name, metadata, settings and
our code) and the code fingerprint again, so an entry is never stale even for a caller
whose content hashes do not cover the code. Safe to delete: whatever is missing or
unreadable is computed again from the full report.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from govreport_site.cache import _UNREADABLE, ReportCache, code_fingerprint
from govreport_site.model import Report
from govreport_site.publish.search.index import ReportIndex, index_report

FOLDER = "search"


def index_key(content_hash: str) -> str:
    return hashlib.sha256(f"{code_fingerprint()}\0{content_hash}".encode()).hexdigest()


class IndexStore:
    """ReportIndexes on disk under a cache folder, by the report's content hash: one file
    per report (creating files is slow on some file systems), its classes ("texts", what
    the first pass reads) and its postings pickled one after the other, so that each
    pass reads only what it needs."""

    def __init__(self, cache_folder: Path):
        self.folder = Path(cache_folder) / FOLDER

    def path(self, content_hash: str) -> Path:
        key = index_key(content_hash)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, content_hash: str, part: str = "all") -> ReportIndex | None:
        """The ReportIndex; with part="texts" or "postings" only those fields are read,
        the others are left empty."""
        fields: dict = {}
        try:
            with self.path(content_hash).open("rb") as f:
                texts_size = int.from_bytes(f.read(8), "little")
                if part == "postings":
                    f.seek(texts_size, os.SEEK_CUR)
                fields.update(pickle.load(f))
                if part == "all":
                    fields.update(pickle.load(f))
        except _UNREADABLE + (ValueError,):
            return None
        empty = {name: None for name in ReportIndex.TEXTS + ReportIndex.POSTINGS}
        try:
            return ReportIndex(**{**empty, **fields})
        except TypeError:
            return None

    def put(self, content_hash: str, index: ReportIndex) -> None:
        counts = ("paragraphs", "characters", "bigram_entries")
        texts, postings = (
            pickle.dumps({k: getattr(index, k) for k in counts + keys}, pickle.HIGHEST_PROTOCOL)
            for keys in (ReportIndex.TEXTS, ReportIndex.POSTINGS)
        )
        path = self.path(content_hash)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(len(texts).to_bytes(8, "little") + texts + postings)
        os.replace(tmp, path)  # atomic: a reader never sees half a file

    def has(self, content_hash: str) -> bool:
        return self.path(content_hash).is_file()

    def prune(self, used: list[str]) -> int:
        """As ReportCache.prune: once entries no build used outnumber the used ones, delete
        them, so the folder stays within about twice the corpus."""
        # Counted first by listing names only, as an edit build prunes nothing: with the
        # used entries there (the build just read or stored them), at most twice as many
        # entries leaves the unused ones no more than the used.
        used = set(used)
        try:
            subfolders = [e.path for e in os.scandir(self.folder) if e.is_dir()]
        except OSError:
            return 0
        if sum(len(os.listdir(f)) for f in subfolders) <= 2 * len(used):
            return 0
        keep = {self.path(h).name for h in used}
        stale = [p for p in self.folder.glob("*/*.pickle") if p.name not in keep]
        if len(stale) <= len(keep):
            return 0
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def store_index(report: Report, folder: Path) -> None:
    """Index a report just parsed (build.load_reports' workers) and keep its ReportIndex
    under the cache `folder`, where the search stage finds it instead of loading the
    report: it depends on the report's text alone."""
    from govreport_site.publish.search import search_paragraphs

    store = IndexStore(folder)
    if not store.has(report.content_hash):
        store.put(report.content_hash, index_report(search_paragraphs(report)))


def indexes_from_cache(folder: Path, hashes: list[str], start: int, stop: int, part="all"):
    """The ReportIndex of reports start…stop-1 of `hashes` (content hashes), from the
    store (only `part` of it: see IndexStore.get), else made from the full report in
    the cache (and stored): what a worker process runs."""
    from govreport_site.publish.search import search_paragraphs

    store, cache = IndexStore(folder), ReportCache(folder)
    for content_hash in hashes[start:stop]:
        index = store.get(content_hash, part)
        if index is None:
            report = cache.full(content_hash)
            if report is None:
                raise FileNotFoundError(f"{content_hash}: the cached report is missing")
            index = index_report(search_paragraphs(report))
            store.put(content_hash, index)
        yield index
