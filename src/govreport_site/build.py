"""The build: the pipeline stages in order.

1. ingest   - find report files, decode, read metadata, normalise
2. parse    - title block, parts, subsections, paragraphs, targets passage
3. analyse  - (later: targets, keywords, comparisons)
4. render   - plan ids and URLs, render pages
5. publish  - data exports, sitemap, search index, atomic write of the output folder
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from govreport_site.cache import (
    FileDigests,
    ReportCache,
    ReportSummary,
    content_hash,
    content_key,
)
from govreport_site.config import Config
from govreport_site.ingest.discover import InputFile, discover
from govreport_site.model import Diagnostic, Report
from govreport_site.publish.manifest import Manifest, data_key, site_key
from govreport_site.publish.write import output_dir


@dataclass
class BuildResult:
    reports: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in order
    processed: int = 0  # reports parsed this build (the others came from the cache)
    rendered: int = 0  # files rendered or made this build (the others were kept)
    manifest: Manifest | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)  # summary lines: indicators not in the table
    removed: list[str] = field(default_factory=list)  # --clean: files of the output it removed

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
    # Imported where used: a build that finds nothing to do never loads the parser.
    from govreport_site.analyse.report import analyse_report
    from govreport_site.ingest.normalise import normalise
    from govreport_site.ingest.read import read_source
    from govreport_site.parse import parse

    source = read_source(data, item.rel, item.inherited)
    report = parse(source, normalise(source))
    analyse_report(report)  # 3. targets and actuals: per report, so cached with it
    report.content_hash = content_hash(data, item)
    return report


def _process_safely(data: bytes, item: InputFile) -> Report | Diagnostic:
    """process_report, with a bad file turned into a diagnostic instead of a crash."""
    from govreport_site.ingest.read import NotTextError

    try:
        return process_report(data, item)
    except NotTextError as exc:
        return Diagnostic(item.rel, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the site
        return Diagnostic(
            item.rel, f"could not be read: {type(exc).__name__}: {exc}", level="error"
        )


def _process_and_store(
    item: InputFile,
    key: str,
    cache_folder: Path,
    data: bytes | None = None,
    extra: tuple[str, ...] | None = None,
) -> ReportSummary | Diagnostic:
    """Process one report and store it in the cache; only its summary travels back, so
    neither the text nor the parsed paragraphs pass through the main process. With
    `extra` (the site's dictionary additions), also what later stages derive from the
    report alone (_store_derived)."""
    result = _process_safely(item.path.read_bytes() if data is None else data, item)
    if isinstance(result, Diagnostic):
        return result
    summary = ReportCache(cache_folder).store(key, result)
    if extra is not None:
        _store_derived(result, cache_folder, extra)
    return summary


def _store_derived(report: Report, cache_folder: Path, extra: tuple[str, ...]) -> None:
    """The report's text profile (analyse.texts) and its share of the search index
    (publish.search), made while the parsed report is in memory and stored where those
    stages look: otherwise each starts a pool that loads every report again."""
    from govreport_site.analyse.texts import store_profile
    from govreport_site.publish.search.store import store_index

    try:
        store_profile(report, cache_folder, extra)
        store_index(report, cache_folder)
    except Exception:  # noqa: BLE001, S110 - the stage makes it again and reports the error
        pass


def load_reports(
    items: list[InputFile],
    keys: list[str],
    cache: ReportCache,
    progress=None,
    jobs: int | None = None,
    extra: tuple[str, ...] | None = None,
) -> tuple[list[ReportSummary], list[Diagnostic], int]:
    """Stages 1-2 for every report file, from the cache where the inputs did not change.

    Returns the summaries (cache.ReportSummary) the rest of the build plans from, the
    diagnostics, and how many reports were processed (not found in the cache). The full
    reports are in the cache folder, which must be set. `extra`: see _process_and_store.
    """
    assert cache.folder is not None
    results: dict[int, ReportSummary | Diagnostic] = {}
    todo: list[tuple[int, InputFile, str]] = []
    for n, (item, key) in enumerate(zip(items, keys, strict=True)):
        cached = cache.summary(key)
        if cached is not None:
            results[n] = cached
        else:
            todo.append((n, item, key))
    # The misses are read again where they are processed: holding their bytes until
    # then would keep a whole cold corpus in memory.

    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(todo) >= PARALLEL_MIN:
        from concurrent.futures import ProcessPoolExecutor

        from govreport_site.workers import pool_context

        # Workers read the files and store the results themselves.
        with ProcessPoolExecutor(jobs, mp_context=pool_context()) as pool:
            chunk = max(1, len(todo) // (jobs * 8))
            done = pool.map(
                _process_and_store,
                [item for _, item, _ in todo],
                [key for _, _, key in todo],
                [cache.folder] * len(todo),
                [None] * len(todo),
                [extra] * len(todo),
                chunksize=chunk,
            )
            for count, ((n, _, key), result) in enumerate(zip(todo, done, strict=True), 1):
                results[n] = result
                if isinstance(result, ReportSummary):
                    cache.remember(key, result)
                if progress:
                    progress(count, len(todo), items[n].rel)
    else:
        for count, (n, item, key) in enumerate(todo, 1):
            if progress:
                progress(count, len(todo), item.rel)
            results[n] = result = _process_and_store(item, key, cache.folder, extra=extra)
            if isinstance(result, ReportSummary):
                cache.remember(key, result)

    reports: list[ReportSummary] = []
    diagnostics: list[Diagnostic] = []
    for n in range(len(items)):
        result = results[n]
        if isinstance(result, Diagnostic):
            diagnostics.append(result)
        else:
            reports.append(result)
            diagnostics.extend(result.diagnostics)
    return reports, diagnostics, len(todo)


class StageTimer:
    """Seconds spent in each stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def report_settings(config: Config) -> str:
    """The configuration the per-report stages may read, part of every report's cache key.
    All of site.yaml's keys for later stages (dictionary, indicator aliases): changing
    one reprocesses the reports, which is slower than needed but never stale."""
    return repr(sorted(config.extra.items(), key=lambda kv: str(kv[0])))


def build(
    config: Config, progress=None, use_cache: bool = True, jobs: int | None = None
) -> BuildResult:
    start = time.perf_counter()
    timer = StageTimer()
    with ExitStack() as stack:
        stack.enter_context(_fewer_collections())
        if use_cache:
            cache_dir = config.root / CACHE_FOLDER
        else:  # the full reports still need a place until their pages are written
            cache_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="govreport-")))
        cache = ReportCache(cache_dir)
        with timer("discover"):  # 1. ingest: find files, read metadata
            items, diagnostics = discover(config.reports_dir, config.max_report_mb)
        with timer("hash"):
            settings = report_settings(config)
            digests = FileDigests(cache_dir if use_cache else None)
            keys = [content_key(digests.digest(item.path), item, settings) for item in items]
            digests.save()
        with timer("check"):  # nothing changed since the last build: nothing to do
            out = output_dir(config)
            manifest = Manifest.load(cache_dir if use_cache else None, out)
            named = [(item.rel, k) for item, k in zip(items, keys, strict=True)]
            data = data_key(config, named, diagnostics)
            key = site_key(config, data)
            if use_cache and not config.clean and manifest.unchanged(out, key):
                return BuildResult(
                    diagnostics=diagnostics + manifest.diagnostics,
                    seconds=time.perf_counter() - start,
                    timings=timer.seconds,
                    **manifest.counts,
                )
        # The summaries, the plan and the analysis live to the end of the build: frozen
        # (gc.freeze) as they are made, so that the collector does not go through them
        # again and again (~0.3 CPU s of an edit build at 1,000 reports).
        gc.freeze()
        try:
            result = _build_changed(
                config, items, keys, cache, manifest, progress, jobs, timer, data
            )
        finally:
            gc.unfreeze()  # collectable again once the build is done
        with timer("save"):
            new = result.manifest
            assert new is not None
            new.site_key, new.diagnostics = key, list(result.diagnostics)
            new.counts = {"reports": result.reports, "pages": result.pages, "files": result.files}
            new.counts["notes"] = result.notes  # shown again when nothing changed
            if use_cache:
                new.save()
                cache.save()
                cache.prune()
        result.diagnostics[:0] = diagnostics  # finding the files comes first
    result.seconds = time.perf_counter() - start
    result.timings = timer.seconds
    return result


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The collector's young generation passed over every 50,000 allocations instead of
    700. A build makes millions of objects that live to its end (summaries, plan, views);
    the default passes over them took ~0.18 s of an edit build at 1,000 reports, ~0.07 s
    with this. Cycles of garbage wait a little longer: a few MB at most."""
    old = gc.get_threshold()
    gc.set_threshold(50_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _build_changed(
    config, items, keys, cache, manifest, progress, jobs, timer, data: str
) -> BuildResult:
    # Imported here: a build with nothing to do never needs them.
    from govreport_site.analyse.texts import analyse_site_texts, site_dictionary
    from govreport_site.publish.exports import export_files
    from govreport_site.publish.incremental import write_site
    from govreport_site.publish.search import search_output
    from govreport_site.render.outputs import site_outputs
    from govreport_site.render.plan import plan_site

    with timer("process"):  # 1-2. decode, normalise, parse (or from the cache)
        reports, diagnostics, processed = load_reports(
            items, keys, cache, progress, jobs, site_dictionary(config)
        )
    gc.freeze()
    with timer("plan"):  # 4. render: ids, URLs, regions, years
        site = plan_site(reports, config)
        diagnostics.extend(site.diagnostics)
    with timer("texts"):  # 3. compare pairs, keywords, reuse (from cached per-report profiles)
        site.analysis = analyse_site_texts(site, config, cache.folder, processed)
    with timer("keys"):  # which inputs each output file is made from
        gc.freeze()
        outputs = site_outputs(site, config, lambda: export_files(site, config, cache.folder), data)
        outputs.append(search_output(site, config, cache))  # 5. search index and page
    # 4-5. render what changed, exports, write
    stats, new_manifest = write_site(outputs, site, config, cache, manifest, jobs)
    timer.seconds.update(stats.seconds)
    result = BuildResult(
        reports=len(reports),
        pages=sum(1 for o in outputs if o.page or o.report or o.view),
        files=stats.kept + stats.rendered,
        diagnostics=diagnostics,
        processed=processed,
        rendered=stats.rendered,
        removed=stats.removed,
    )
    result.manifest = new_manifest
    from govreport_site.render.figures import summary_notes

    result.notes = summary_notes(site, config)
    return result


def warm_up(config: Config) -> None:
    """Pay now what the first edited report would: the parser's and the analysis'
    imports (and their ~250 regular expressions) and the tokenizer with the site's
    dictionary. For `serve`, after a first build that found nothing to reprocess: the
    first edit then rebuilds as fast as the ones after it (~0.4 s less at 1,000 reports)."""
    from govreport_site.analyse.segment import token_counts
    from govreport_site.analyse.texts import site_dictionary

    process_report("各位代表：".encode(), InputFile(Path("warm-up.txt"), "warm-up.txt"))
    token_counts(["各位代表，", "现在，我代表市人民政府向大会报告工作。"], site_dictionary(config))


def default_progress(n: int, total: int, name: str) -> None:
    """A progress line on long builds, only when stderr is a terminal."""
    if total >= 50 and sys.stderr.isatty() and (n % 25 == 0 or n == total):
        print(f"\r  {n}/{total} reports", end="" if n < total else "\n", file=sys.stderr)


def resolve(path: Path, root: Path) -> Path:
    return path if path.is_absolute() else root / path
