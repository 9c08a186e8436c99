"""Write the site, rendering only the files whose inputs changed since the last build.

The manifest (in the cache folder, one per output folder) records for every file the
last build wrote: the key of its inputs (render.outputs), and the size and modification
time the file had. A file is still right when its key is the same and the file in the
output folder still has that size and time (nobody touched it). Then:

- nothing changed and no file came or went: nothing is written at all;
- otherwise the files not still right are rendered into a staging folder
  (publish.write.Staging; linked from the current site when the bytes come out the same,
  so their times do not move) and then, when the last build's manifest says what is in
  the output folder, the ones that differ are moved into it and the ones no longer made
  taken out, undone on any error; else (a first build, no cache, --clean) the staging
  folder becomes the whole new site, the files still right hard-linked into it, and is
  swapped in.

Many pages to render (a cold build, a template edit) are rendered by worker processes,
which load each report's full text from the cache themselves: the main process never
holds the corpus's text or its pages at once.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from govreport_site.cache import ReportCache
from govreport_site.config import Config
from govreport_site.publish.manifest import Manifest
from govreport_site.publish.write import Staging, output_dir, put_file
from govreport_site.render.outputs import Output, render
from govreport_site.render.pages import environment, prune_template_cache
from govreport_site.render.plan import Site
from govreport_site.workers import pool_context

# Below this many pages to render, starting worker processes costs more than it saves.
RENDER_PARALLEL_MIN = 150


@dataclass
class WriteStats:
    rendered: int = 0  # files rendered or made this build
    kept: int = 0  # files carried over from the previous build
    written: bool = False  # False when the output folder was left untouched
    removed: list[str] = field(default_factory=list)  # with --clean: files it did not make
    seconds: dict[str, float] = field(default_factory=dict)


def write_site(
    outputs: list[Output],
    site: Site,
    config: Config,
    cache: ReportCache,
    manifest: Manifest,
    jobs: int | None = None,
) -> tuple[WriteStats, Manifest]:
    """Render and write what is not still right; return what happened and the new
    manifest (for the caller to complete and save)."""
    out = output_dir(config)
    stats = WriteStats()
    clock = _Clock(stats.seconds)
    stale: list[Output] = []
    fresh: list[Output] = []  # pages still as the last build wrote them
    kept_groups: dict[str, list[str]] = {}
    names: set[str] = set()
    page_outputs: list[Output] = []
    for o in outputs:
        if o.make is None:
            page_outputs.append(o)
            continue
        group = manifest.groups.get(o.name)
        if group and group[0] == o.key and manifest.all_fresh(out, group[1], o.key):
            kept_groups[o.name] = group[1]
            names.update(group[1])
        else:
            stale.append(o)
    names.update(o.name for o in page_outputs)
    checks = manifest.fresh_each(out, [(o.name, o.key) for o in page_outputs])
    for o, ok in zip(page_outputs, checks, strict=True):
        (fresh if ok else stale).append(o)
    clock("check")
    # With --clean the folder is staged anyway, to drop files no build made.
    if not stale and names == set(manifest.files) and not config.clean:
        stats.kept = len(names)
        return stats, manifest  # the site on disk is exactly this build's site

    new = Manifest(manifest.path)
    # A site the last build made (its manifest lists its files) is changed in place.
    in_place = bool(manifest.files)
    with Staging(config, previous=set(manifest.files), in_place=in_place) as staging:
        gone = set(staging.keep_fresh([o.name for o in fresh]))
        for o in fresh:
            if o.name in gone:
                stale.append(o)  # vanished since it was checked: make it again
            else:
                new.files[o.name] = manifest.files[o.name]
                stats.kept += 1
        staging.keep_fresh([n for group_names in kept_groups.values() for n in group_names])
        for label, group_names in kept_groups.items():
            for n in group_names:
                new.files[n] = manifest.files[n]
            new.groups[label] = manifest.groups[label]
            stats.kept += len(group_names)
        clock("write")

        pages = [o for o in stale if o.make is None]
        paths = _render_all(pages, site, config, cache, staging, jobs)
        for o, path in zip(pages, paths, strict=True):
            st = os.stat(path)
            new.files[o.name] = (o.key, st.st_size, st.st_mtime_ns)
        stats.rendered += len(pages)
        clock("render")

        for o in stale:
            if o.make is None:
                continue
            files = _group_files(o, manifest, out)
            # None: the same as the last build's, and just found there (_group_files)
            same = [n for n, data in files.items() if data is None]
            gone = set(staging.keep_fresh(same))
            for n in same:
                if n not in gone:
                    new.files[n] = (o.key, *manifest.files[n][1:])
            made: dict[str, bytes] | None = None
            written = 0
            # Only the files to write (a search update: a few dozen of ~15,000).
            for n in sorted(n for n, data in files.items() if data is not None or n in gone):
                data = files[n]
                if data is None:  # vanished since it was checked
                    made = made or o.make()
                    data = made[n]
                st = os.stat(staging.write(n, data))
                new.files[n] = (o.key, st.st_size, st.st_mtime_ns)
                written += 1
            new.groups[o.name] = (o.key, sorted(files))
            # Counted as made only when written: a search update keeps most of its files.
            stats.rendered += written
            stats.kept += len(files) - written
        clock("export")
        staging.commit()
        stats.removed = staging.removed
    stats.written = True
    clock("write")
    return stats, new


def _group_files(o: Output, manifest: Manifest, out: Path) -> dict[str, bytes | None]:
    """A stale group's files: from o.update when it has one and the last build made the
    group (None for a file still as then, which must be there untouched), else o.make."""
    last = manifest.groups.get(o.name)
    if o.update is None or last is None:
        return dict(o.make())
    files = o.update(last[0])
    if manifest.all_fresh(out, [n for n, data in files.items() if data is None], last[0]):
        return files
    return dict(o.make())  # a file the update relies on was changed or removed


class _Clock:
    """Adds the time since the last call to a stage's total."""

    def __init__(self, seconds: dict[str, float]):
        self.seconds = seconds
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now


def _render_all(
    pages: list[Output],
    site: Site,
    config: Config,
    cache: ReportCache,
    staging: Staging,
    jobs: int | None,
) -> list[str]:
    """Render and write every page; return where each was written, in order."""
    paths = [staging.claim(o.name) for o in pages]
    prune_template_cache(cache.folder)
    jobs = jobs or os.cpu_count() or 1
    state = (pages, paths, site, config, cache.folder, staging.out)
    if jobs > 1 and len(pages) >= RENDER_PARALLEL_MIN:
        chunks = _chunks(len(pages), jobs * 4)
        context = pool_context()  # forked: the workers share the site (workers.py)
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_pool_worker, initargs=(state,)
        ) as pool:
            for _ in pool.map(_render_range, chunks):
                pass
    else:
        _init_worker(state)
        _render_range((0, len(pages)))
    return paths


def _chunks(n: int, parts: int) -> list[tuple[int, int]]:
    size = max(1, -(-n // parts))
    return [(i, min(n, i + size)) for i in range(0, n, size)]


# A worker's share of the build: set once per process (inherited on fork, pickled once
# per worker elsewhere), so each task sends only two numbers.
_STATE: dict = {}


def _init_pool_worker(state: tuple) -> None:
    # Python's own collector thresholds again in a forked render worker: the build's
    # (build._fewer_collections) let the garbage of thousands of rendered pages pile up
    # in each worker, +194 MiB PSS at the 10,000-report peak (3,658 -> 3,852 MiB).
    gc.set_threshold(700, 10, 10)
    _init_worker(state)


def _init_worker(state: tuple) -> None:
    pages, paths, site, config, cache_folder, out = state
    _STATE.update(
        pages=pages,
        paths=paths,
        site=site,
        config=config,
        cache=ReportCache(cache_folder),
        out=out,
        env=environment(config, cache_folder),
    )


def _render_range(span: tuple[int, int]) -> None:
    s = _STATE
    load: Callable = s["cache"].full
    for i in range(*span):
        o = s["pages"][i]
        data = render(o, s["site"], s["config"], s["env"], load)
        put_file(s["paths"][i], os.path.join(s["out"], o.name), data)
