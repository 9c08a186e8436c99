"""Publish stage: full-text search (issue 5).

    search/index.html   the search page (templates/search.html, static/search.js)
    search/meta.json    regions, filter options, per report and per paragraph facts
    search/b/, search/u/  bigram and character postings, sharded (see postings.py)

The excerpts and links of the results come from each report's data/reports/<id>.json
(publish/text_exports.py), which holds every paragraph the index does, in the same
order: the site keeps each report's text for the browser once.

The index is exact: every paragraph containing the query is found and nothing else (see
index.py for how). search_files() gives the files for the build's output dict;
write_search_index() streams reports into a folder for callers that must not hold the
output in memory (the benchmark).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import partial

from govreport_site.cache import ReportCache, code_fingerprint
from govreport_site.config import Config
from govreport_site.model import PART_KINDS, Report
from govreport_site.publish.manifest import template_fingerprint
from govreport_site.publish.search.catalog import (
    CLASS_CHARS,
    FILTER_KINDS,
    FILTER_LABELS,
    compact,
    paragraph_class,
    regions_and_areas,
    result_order,
)
from govreport_site.publish.search.index import (
    FORMAT,
    IndexStats,
    IndexWriter,
    SearchDoc,
    Sink,
    folder_sink,
)
from govreport_site.publish.search.page import SEARCH_PAGE, search_page, search_page_view
from govreport_site.publish.search.state import IndexState, forget, save_state, state_folder
from govreport_site.publish.search.store import IndexStore, indexes_from_cache
from govreport_site.publish.search.update import update_index
from govreport_site.render.outputs import Output, config_key, digest, value_key
from govreport_site.render.plan import Site
from govreport_site.render.views import KIND_LABELS, Page

FOLDER = "search/"

__all__ = [
    "FOLDER",
    "SEARCH_PAGE",
    "folder_sink",
    "search_doc",
    "search_files",
    "search_output",
    "search_paragraphs",
    "write_search_index",
]


def search_paragraphs(report: Report) -> list[tuple[str, str, str]]:
    """A report's (anchor, class, text) paragraphs, in page order."""
    return [
        (p.anchor, paragraph_class(part.kind, p.role, p.anchor == report.targets_anchor), p.text)
        for part in report.parts
        for p in part.paragraphs
    ]


def search_doc(report: Report, id: str, region: int) -> SearchDoc:
    """One report's paragraphs with their anchors and classes, in page order."""
    return SearchDoc(id, region, report.meta.year, search_paragraphs(report))


def _meta(ordered: list) -> tuple[dict, dict[int, int]]:
    """meta.json's keys about regions and filters, and each report's region (by id())."""
    regions, report_region, areas = regions_and_areas(ordered)
    meta = {
        "part_kinds": list(PART_KINDS),
        "part_labels": KIND_LABELS,
        "class_chars": CLASS_CHARS,
        "kinds": list(FILTER_KINDS),
        "kind_labels": FILTER_LABELS,
        **dict(zip(("regions", "areas"), compact(regions, areas), strict=True)),
        "years": sorted({sr.year for sr in ordered if sr.year is not None}, reverse=True),
    }
    return meta, report_region


def write_search_index(
    site: Site,
    sink: Sink,
    reports: Iterable[Report] | None = None,
    jobs: int | None = None,
    cache: ReportCache | None = None,
    key: str | None = None,
) -> IndexStats:
    """Give every index file to `sink(name, bytes)`, names relative to the search folder.

    Where the reports' text comes from:
    - `cache` (the build's): each report's share of the index is taken from the cache
      (store.py) or made from the full report there, by worker processes when many are
      missing (site.reports may be summaries);
    - `reports`: an iterable giving the Report of each of result_order(site), one at a
      time, so that a caller need not hold every report's text;
    - else site.reports themselves, which must then be full reports.

    `key` (with `cache`): the search output's key; the joined index is then kept in the
    cache for the next edit (state.py, update.py).
    """
    ordered = result_order(site)
    meta, report_region = _meta(ordered)
    state = None
    if cache is not None and cache.folder is not None and key is not None:
        state = state_folder(cache.folder)
        forget(state)
    writer = IndexWriter(sink, jobs, state=state)
    if cache is not None and cache.folder is not None:
        store = IndexStore(cache.folder)
        hashes = [sr.report.content_hash for sr in ordered]
        infos = [(sr.id, report_region[id(sr)], sr.report.meta.year) for sr in ordered]
        chars = [sum(part.chars for part in sr.report.parts) for sr in ordered]
        missing = sum(c for c, h in zip(chars, hashes, strict=True) if not store.has(h))
        indexes = partial(indexes_from_cache, cache.folder, hashes)
        try:
            writer.add_range(indexes, infos, missing, total=sum(chars))
        except BaseException:
            writer.close()  # its workers may be running already
            raise
    else:
        source = reports if reports is not None else (sr.report for sr in ordered)
        for sr, report in zip(ordered, source, strict=True):
            writer.add(search_doc(report, sr.id, report_region[id(sr)]))
    stats = writer.finish(meta)
    if cache is not None and cache.folder is not None:
        store.prune(hashes)
    if state is not None:  # the second pass kept the partitions there
        parts = writer.parts
        kept = IndexState(
            key or "",
            hashes,
            writer.ids,
            [c for p in parts for c in p.counts],
            [c for p in parts for c in p.chars],
            [c for p in parts for c in p.entries],
            [c for p in parts for c in p.classes],
            writer.shards,
            sorted(writer.names),
            FORMAT,
        )
        save_state(state, kept)
    return stats


def search_files(
    site: Site,
    config: Config,
    cache: ReportCache | None = None,
    key: str | None = None,
    page: Page | None = None,
    page_key: str | None = None,
) -> dict[str, bytes]:
    """Every file of the search feature, relative to the site root. `cache`: where the
    full reports are when site.reports hold only summaries (as in the build); `key`:
    the output's key, to keep the joined index for the next edit; `page`, `page_key`:
    the search page's view and _page_key, when the caller has them."""
    files: dict[str, bytes] = {}

    def keep(name: str, data: bytes) -> None:
        files[FOLDER + name] = data

    write_search_index(site, keep, cache=cache, key=key)
    files.update(search_page(site, config, page))
    if cache is not None and cache.folder is not None and key is not None:
        page = page or search_page_view(site, config)
        _page_made(cache, key, page_key or _page_key(page, config))
    return files


def search_update(
    site: Site,
    config: Config,
    cache: ReportCache,
    key: str,
    old_key: str,
    page: Page | None = None,
    page_key: str | None = None,
) -> dict[str, bytes | None]:
    """search_files() after an edit, when the current site holds the files of the output
    keyed `old_key`: None for a file that is the same as there (update.py); the search
    page too, when the build that made `old_key` rendered it from the same view."""
    page = page or search_page_view(site, config)
    page_key = page_key or _page_key(page, config)
    files: dict[str, bytes | None] | None = None
    if cache.folder is not None:
        ordered = result_order(site)
        meta, report_region = _meta(ordered)
        hashes = [sr.report.content_hash for sr in ordered]
        index = update_index(
            cache.folder,
            key,
            old_key,
            hashes,
            [sr.id for sr in ordered],
            [report_region[id(sr)] for sr in ordered],
            [sr.report.meta.year for sr in ordered],
            meta,
        )
        if index is not None:
            IndexStore(cache.folder).prune(hashes)
            files = {FOLDER + name: data for name, data in index.items()}
            if page_key == _page_of(cache, old_key):
                files[SEARCH_PAGE] = None
            else:
                files.update(search_page(site, config, page))
            _page_made(cache, key, page_key)
    if files is None:
        files = dict(search_files(site, config, cache, key, page, page_key))
    return files


# The search page's inputs (its view, the templates, the code) by the key of the search
# output whose build rendered it: an edit build whose page is the same as the last
# build's leaves it as it is instead of rendering it again. Only used when the last
# build's key matches (the manifest's, saved after the site was written), so a build
# that stopped after writing it costs a render, never a stale page.
PAGE_KEY_FILE = "page.key"


def _page_key(page: Page, config: Config, templates: str = "", view: str = "") -> str:
    """`templates`, `view`: template_fingerprint(config) and value_key(page), if known."""
    templates = templates or template_fingerprint(config)
    return digest(code_fingerprint(), config_key(config), templates, view or value_key(page))


def _page_of(cache: ReportCache, key: str) -> str | None:
    """The page key recorded for the search output keyed `key`, if any."""
    try:
        text = (state_folder(cache.folder) / PAGE_KEY_FILE).read_text(encoding="ascii")
    except (OSError, ValueError):
        return None
    found, _, page_key = text.partition(" ")
    return page_key if found == key else None


def _page_made(cache: ReportCache, key: str, page_key: str) -> None:
    path = state_folder(cache.folder) / PAGE_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(f"{key} {page_key}", encoding="ascii")
    os.replace(tmp, path)


def search_output(site: Site, config: Config, cache: ReportCache) -> Output:
    """The search files as one group of the incremental build (render.outputs).

    Its key is everything the files are made from: the code, the templates, the search
    page's view, and per report (in index order) its id (where its text is: the results'
    links and excerpts come from there), region, year and content hash, which covers
    its text. An unchanged corpus keeps its index without rebuilding it.
    """
    page = search_page_view(site, config)
    inputs = [
        (sr.id, sr.report.content_hash, tuple(sr.region.names), sr.year)
        for sr in result_order(site)
    ]
    templates, view = template_fingerprint(config), value_key(page)
    key = digest(code_fingerprint(), templates, view, value_key(inputs))
    page_key = _page_key(page, config, templates, view)

    return Output(
        "search",
        key,
        make=lambda: search_files(site, config, cache, key, page, page_key),
        update=lambda old_key: search_update(site, config, cache, key, old_key, page, page_key),
    )
