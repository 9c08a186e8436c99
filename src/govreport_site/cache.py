"""The on-disk cache of per-report results, and the light summaries the site is planned from.

Each report's result (decode, normalise, parse) is a pure function of its bytes, its path,
the metadata it inherits and this package's code, so it is stored under the hash of all
four (`content_hash`). Two files per report:

    reports/<ab>/<key>.pickle     the full Report, read only to render its page
    summaries.pickle              a ReportSummary per report of the last build: all
                                  that corpus-wide pages and exports need, each pickled
                                  on its own (bytes), so that saving after an edit
                                  pickles only the edited report's summary again

A build loads only the summaries (a few kB each instead of the whole text), so an
unchanged corpus of thousands of reports plans and checks its pages in well under a
second, and no build ever holds the raw text of the corpus at once. The folder is safe to
delete at any time: whatever is missing or unreadable is computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govreport_site import __version__
from govreport_site.ingest.discover import InputFile
from govreport_site.model import Paragraph, Part, Report

PACKAGE = Path(__file__).resolve().parent
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError)


# The libraries whose output ends up in the site.
DEPENDENCIES = (
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "pyyaml",
    "pypinyin",
    "jieba",
    "rjieba",
    "numpy",
    "charset-normalizer",
)


@cache
def code_fingerprint() -> str:
    """Hash of the package's own source and its libraries' versions, so that a code change
    invalidates the cache even when the version number did not move (as during
    development)."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(__version__.encode())
    for name in DEPENDENCIES:  # a new version of one may change what a page shows
        try:
            h.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".yaml", ".txt"} and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def content_hash(data: bytes, item: InputFile, settings: str = "") -> str:
    """The cache key of one report: its bytes, name, inherited metadata, our code, and
    `settings`: the site configuration the per-report stages read."""
    return content_key(hashlib.sha256(data).digest(), item, settings)


def content_key(digest: bytes, item: InputFile, settings: str = "") -> str:
    """content_hash from the sha256 `digest` of the file's bytes (FileDigests)."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(settings.encode())
    h.update(item.rel.encode())
    h.update(repr(sorted(item.inherited.items())).encode())
    h.update(digest)
    return h.hexdigest()


class FileDigests:
    """sha256 of report files, remembered with each file's size, times and inode, so an
    unchanged corpus is not read again on every build (286 MB at 10,000 reports).

    As git does with its index, a remembered digest is trusted only when the file's
    modification and change times are older than the moment the digests were saved (minus
    a margin for coarse file-system clocks): a file written in the same moment is read.
    The change time (ctime) cannot be set back by copying tools, so a file rewritten with
    its old size and modification time is still seen (on Windows st_ctime is the creation
    time: there only size and modification time tell; `--no-cache` reads everything).
    """

    FILE = "digests.pickle"
    MARGIN_NS = 2_000_000_000

    def __init__(self, folder: Path | None):
        self.folder = folder
        # Taken before any file is read: a file changed while this build runs is newer
        # than this, so the next build reads it again.
        self.started_ns = time.time_ns()
        self.known: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}
        self.saved_ns = 0  # the started_ns of the build that saved `known`
        self.now: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}
        self.read = 0
        if folder is not None:
            try:
                with (folder / self.FILE).open("rb") as f:
                    self.saved_ns, self.known = pickle.load(f)
            except _UNREADABLE + (ValueError,):
                self.saved_ns, self.known = 0, {}

    def digest(self, path: Path) -> bytes:
        st = path.stat()
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        name = str(path)
        entry = self.known.get(name)
        settled = max(st.st_mtime_ns, st.st_ctime_ns) < self.saved_ns - self.MARGIN_NS
        if entry is not None and entry[0] == sig and settled:
            digest = entry[1]
        else:
            digest = hashlib.sha256(path.read_bytes()).digest()
            self.read += 1
        self.now[name] = (sig, digest)
        return digest

    def save(self) -> None:
        """Keep this build's digests, unless every one was trusted (the saved ones hold)."""
        if self.folder is None or (not self.read and self.now.keys() == self.known.keys()):
            return
        _dump(self.folder / self.FILE, (self.started_ns, self.now))


@dataclass
class PartSummary(Part):
    """A part without its body text: kind, title, anchor, subsections, size, and only the
    paragraphs an index page or export may quote (heading, targets, problems)."""

    total_chars: int = 0

    @property
    def chars(self) -> int:  # type: ignore[override]
        return self.total_chars


class SummaryError(RuntimeError):
    """Raised when code asks a summary for the full text it does not have."""


@dataclass
class ReportSummary(Report):
    """A Report as the corpus-wide stages see it (plan, index pages, exports).

    Paragraph text is left out except the few paragraphs named above; `paragraphs()`
    refuses to answer rather than silently giving a partial list. Code that needs a
    report's text (its page, a search index, keywords) loads the full Report from the
    cache with ReportCache.full() or computes it in the per-report stage.
    """

    def paragraphs(self) -> list[Paragraph]:
        raise SummaryError(
            f"{self.source_file}: a ReportSummary has no full text; load the Report from "
            "the cache (ReportCache.full) or compute it in the per-report stage"
        )

    def find(self, anchor: str | None) -> Paragraph | None:
        if anchor is None:
            return None
        for part in self.parts:
            for p in part.paragraphs:
                if p.anchor == anchor:
                    return p
        return None


def summarise(report: Report) -> ReportSummary:
    quoted = {report.targets_anchor, report.problems_anchor} - {None}
    parts = [
        PartSummary(
            kind=part.kind,
            title=part.title,
            anchor=part.anchor,
            paragraphs=[p for p in part.paragraphs if p.role == "heading" or p.anchor in quoted],
            subsections=list(part.subsections),
            total_chars=part.chars,
        )
        for part in report.parts
    ]
    fields = {name: getattr(report, name) for name in Report.__dataclass_fields__}
    fields.update(parts=parts, notes=[])
    return ReportSummary(**fields)


class ReportCache:
    """Full reports on disk, one pickle per content hash, and the summaries of the last
    build in one file (one read instead of thousands). With folder=None nothing is
    stored and every lookup misses.

    Worker processes call store() (it writes the full report and returns the summary);
    the main process keeps the summaries it used with remember() and writes them with
    save() at the end of the build.
    """

    SUMMARIES = "summaries.pickle"
    SLUGS = "slugs.pickle"  # render.slugs.NAME_SLUGS: no pinyin needed for known names

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: dict[str, ReportSummary] = {}  # this build's summaries by key
        self._summaries: dict[str, bytes] | None = None  # the last build's, pickled
        self._made: set[str] = set()  # keys remember()ed: processed this build
        self._slugs_read = 0

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / "reports" / key[:2] / f"{key}.pickle"

    def _load_summaries(self) -> dict[str, bytes]:
        if self._summaries is None:
            self._summaries = {}
            if self.folder is not None:
                try:
                    with (self.folder / self.SUMMARIES).open("rb") as f:
                        found = pickle.load(f)
                    if isinstance(found, dict):
                        self._summaries = found
                except _UNREADABLE:
                    pass  # missing or unreadable: the reports are processed again
                self._slugs_read = self._load_slugs()
        return self._summaries

    def _load_slugs(self) -> int:
        from govreport_site.render.slugs import NAME_SLUGS

        try:
            with (self.folder / self.SLUGS).open("rb") as f:
                code, slugs = pickle.load(f)
        except _UNREADABLE + (ValueError,):
            return 0
        if code == code_fingerprint() and isinstance(slugs, dict):
            NAME_SLUGS.update(slugs)
        return len(NAME_SLUGS)

    def summary(self, key: str) -> ReportSummary | None:
        """The summary, only when the full report is there too (its page needs it)."""
        blob = self._load_summaries().get(key)
        if type(blob) is not bytes:
            return None
        try:
            found = pickle.loads(blob)
        except _UNREADABLE:
            return None
        if type(found) is not ReportSummary or not self._path(key).is_file():
            return None
        self.used[key] = found
        return found

    def full(self, key: str) -> Report | None:
        if self.folder is None:
            return None
        try:
            with self._path(key).open("rb") as f:
                value = pickle.load(f)
        except _UNREADABLE:
            return None  # missing or unreadable: compute it again
        return value if type(value) is Report else None

    def get(self, key: str) -> Report | None:
        """The full report (kept for callers of the earlier single-file cache)."""
        return self.full(key)

    def store(self, key: str, report: Report) -> ReportSummary:
        """Write the full report; return its summary (for the caller to remember)."""
        report.content_hash = key
        if self.folder is not None:
            _dump(self._path(key), report)
        return summarise(report)

    def remember(self, key: str, summary: ReportSummary) -> None:
        self.used[key] = summary
        self._made.add(key)

    def put(self, key: str, report: Report) -> ReportSummary:
        summary = self.store(key, report)
        self.remember(key, summary)
        return summary

    def save(self) -> None:
        """Write this build's summaries, if they differ from the ones read, and the region
        slugs if new ones were made."""
        if self.folder is None:
            return
        from govreport_site.render.slugs import NAME_SLUGS

        if len(NAME_SLUGS) != self._slugs_read:
            _dump(self.folder / self.SLUGS, (code_fingerprint(), dict(NAME_SLUGS)))
        known = self._load_summaries()
        if not self._made and set(self.used) == set(known):
            return
        # The others were read from `known` (summary()): kept as they were read.
        blobs = {
            key: _dumps(summary) if key in self._made else known[key]
            for key, summary in sorted(self.used.items())
        }
        _dump(self.folder / self.SUMMARIES, blobs)

    def prune(self) -> int:
        """Delete the reports this build did not use once there are more of them than used
        ones, so the folder stays within about twice the corpus however often reports are
        edited, yet switching back and forth between two versions does not recompute."""
        if self.folder is None:
            return 0
        stale = [path for path in _pickles(self.folder / "reports") if _stem(path) not in self.used]
        if len(stale) <= len(self.used):
            return 0
        for path in stale:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        return len(stale)


def _pickles(folder: Path) -> list[str]:
    """The paths of folder/*/*.pickle: os.scandir, as Path.glob costs ~25 ms per 1,000
    files on every build."""
    found: list[str] = []
    try:
        subfolders = [e.path for e in os.scandir(folder) if e.is_dir()]
    except OSError:
        return found
    for sub in subfolders:
        with contextlib.suppress(OSError):
            found += [e.path for e in os.scandir(sub) if e.name.endswith(".pickle")]
    return found


def _stem(path: str) -> str:
    return os.path.basename(path)[: -len(".pickle")]


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _dump(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # atomic: a reader never sees half a file
