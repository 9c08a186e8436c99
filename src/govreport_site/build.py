"""The build: the pipeline stages in order.

1. ingest   - find report files, decode, read metadata, normalise
2. parse    - title block, parts, subsections, paragraphs, targets passage
3. analyse  - (later: targets, keywords, comparisons)
4. render   - plan ids and URLs, render pages
5. publish  - data exports, sitemap, atomic write of the output folder
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from govreport_site import __version__
from govreport_site.analyse.report import analyse_report
from govreport_site.config import Config
from govreport_site.ingest.discover import InputFile, discover
from govreport_site.ingest.normalise import normalise
from govreport_site.ingest.read import NotTextError, read_source
from govreport_site.model import Diagnostic, Report
from govreport_site.parse import parse
from govreport_site.publish.exports import export_files
from govreport_site.publish.write import write_output
from govreport_site.render.pages import render_pages
from govreport_site.render.plan import plan_site


@dataclass
class BuildResult:
    reports: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]


CACHE_FOLDER = ".govreport-cache"

# Below this many reports to (re)process, worker start-up costs more than it saves.
PARALLEL_MIN = 40


def process_report(data: bytes, item: InputFile) -> Report:
    """Everything that depends on one report alone: a pure function of its inputs."""
    source = read_source(data, item.rel, item.inherited)
    report = parse(source, normalise(source))
    analyse_report(report)  # 3. targets and actuals: per report, so cached with it
    report.content_hash = content_hash(data, item)
    return report


@cache
def code_fingerprint() -> str:
    """Hash of the package's own source, so that a code change invalidates the cache
    even when the version number did not move (as during development)."""
    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yaml", ".txt"} and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def content_hash(data: bytes, item: InputFile) -> str:
    """The cache key of one report: its bytes, name, inherited metadata and our code."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(item.rel.encode())
    h.update(repr(sorted(item.inherited.items())).encode())
    h.update(data)
    return h.hexdigest()


class ReportCache:
    """Parsed reports on disk, one pickle per content hash. Safe to delete at any time."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Report | None:
        if self.folder is None:
            return None
        try:
            with self._path(key).open("rb") as f:
                report = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or unreadable: compute it again
        return report if isinstance(report, Report) else None

    def put(self, key: str, report: Report) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(report, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a reader never sees half a file


def _process_safely(data: bytes, item: InputFile) -> Report | Diagnostic:
    """process_report, with a bad file turned into a diagnostic instead of a crash."""
    try:
        return process_report(data, item)
    except NotTextError as exc:
        return Diagnostic(item.rel, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the site
        return Diagnostic(
            item.rel, f"could not be read: {type(exc).__name__}: {exc}", level="error"
        )


def _process_path(item: InputFile) -> Report | Diagnostic:
    return _process_safely(item.path.read_bytes(), item)


def load_reports(
    config: Config, progress=None, cache_dir: Path | None = None, jobs: int | None = None
) -> tuple[list[Report], list[Diagnostic]]:
    """Stages 1-2 for every report file, from the cache where the inputs did not change."""
    items, diagnostics = discover(config.reports_dir, config.max_report_mb)
    cache = ReportCache(cache_dir)
    results: dict[int, Report | Diagnostic] = {}
    todo: list[tuple[int, InputFile, str]] = []
    for n, item in enumerate(items):
        key = content_hash(item.path.read_bytes(), item)
        cached = cache.get(key)
        if cached is not None:
            results[n] = cached
        else:
            todo.append((n, item, key))
    # The misses are read again where they are processed: holding their bytes until
    # then would keep a whole cold corpus in memory.

    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(todo) >= PARALLEL_MIN:
        # Workers read the files themselves: no corpus of raw texts passes through here.
        with ProcessPoolExecutor(jobs) as pool:
            chunk = max(1, len(todo) // (jobs * 8))
            done = pool.map(_process_path, [item for _, item, _ in todo], chunksize=chunk)
            for count, ((n, _, key), result) in enumerate(zip(todo, done, strict=True), 1):
                results[n] = result
                if isinstance(result, Report):
                    cache.put(key, result)
                if progress:
                    progress(count, len(todo), items[n].rel)
    else:
        for count, (n, item, key) in enumerate(todo, 1):
            if progress:
                progress(count, len(todo), item.rel)
            results[n] = result = _process_path(item)
            if isinstance(result, Report):
                cache.put(key, result)

    reports: list[Report] = []
    for n in range(len(items)):
        result = results[n]
        if isinstance(result, Diagnostic):
            diagnostics.append(result)
        else:
            reports.append(result)
            diagnostics.extend(result.diagnostics)
    return reports, diagnostics


def build(config: Config, progress=None, use_cache: bool = True) -> BuildResult:
    start = time.perf_counter()
    cache_dir = config.root / CACHE_FOLDER if use_cache else None
    reports, diagnostics = load_reports(config, progress, cache_dir)  # 1-2. ingest, parse
    site = plan_site(reports, config)  # 4. render: ids, URLs, regions, years
    diagnostics.extend(site.diagnostics)
    pages = render_pages(site, config)
    files = dict(pages)
    files.update(export_files(site, config))  # 5. publish
    write_output(files, config)
    return BuildResult(
        reports=len(reports),
        pages=sum(1 for name in pages if name.endswith(".html")),
        files=len(files),
        seconds=time.perf_counter() - start,
        diagnostics=diagnostics,
    )


def default_progress(n: int, total: int, name: str) -> None:
    """A progress line on long builds, only when stderr is a terminal."""
    if total >= 50 and sys.stderr.isatty() and (n % 25 == 0 or n == total):
        print(f"\r  {n}/{total} reports", end="" if n < total else "\n", file=sys.stderr)


def resolve(path: Path, root: Path) -> Path:
    return path if path.is_absolute() else root / path
