"""Each report's share of the search index (index.ReportIndex), kept in the build cache.

A ReportIndex depends on the report's text alone (not on its place in the corpus), so a
build after an edit computes it only for the reports that changed and merges the others
from here, instead of loading and indexing every report's text again.

    <cache>/search/<ab>/<key>.pickle

The key is the hash of the report's content hash (its bytes, name, metadata, settings and
our code) and the code fingerprint again, so an entry is never stale even for a caller
whose content hashes do not cover the code. Safe to delete: whatever is missing or
unreadable is computed again from the full report.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from govreport_site.cache import _UNREADABLE, ReportCache, _dump, code_fingerprint
from govreport_site.publish.search.index import ReportIndex, index_report

FOLDER = "search"


def index_key(content_hash: str) -> str:
    return hashlib.sha256(f"{code_fingerprint()}\0{content_hash}".encode()).hexdigest()


class IndexStore:
    """ReportIndexes on disk under a cache folder, by the report's content hash."""

    def __init__(self, cache_folder: Path):
        self.folder = Path(cache_folder) / FOLDER

    def path(self, content_hash: str) -> Path:
        key = index_key(content_hash)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, content_hash: str) -> ReportIndex | None:
        try:
            with self.path(content_hash).open("rb") as f:
                value = pickle.load(f)
        except _UNREADABLE:
            return None
        return value if type(value) is ReportIndex else None

    def put(self, content_hash: str, index: ReportIndex) -> None:
        _dump(self.path(content_hash), index)

    def has(self, content_hash: str) -> bool:
        return self.path(content_hash).is_file()

    def prune(self, used: list[str]) -> int:
        """As ReportCache.prune: once entries no build used outnumber the used ones, delete
        them, so the folder stays within about twice the corpus."""
        keep = {self.path(h).name for h in used}
        stale = [p for p in self.folder.glob("*/*.pickle") if p.name not in keep]
        if len(stale) <= len(keep):
            return 0
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def indexes_from_cache(folder: Path, hashes: list[str], start: int, stop: int):
    """The ReportIndex of reports start…stop-1 of `hashes` (content hashes), from the
    store, else made from the full report in the cache (and stored): what a worker
    process of the first pass runs."""
    from govreport_site.publish.search import search_paragraphs

    store, cache = IndexStore(folder), ReportCache(folder)
    for content_hash in hashes[start:stop]:
        index = store.get(content_hash)
        if index is None:
            report = cache.full(content_hash)
            if report is None:
                raise FileNotFoundError(f"{content_hash}: the cached report is missing")
            index = index_report(search_paragraphs(report))
            store.put(content_hash, index)
        yield index
