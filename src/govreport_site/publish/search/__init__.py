"""Publish stage: full-text search (issue 5).

    search/index.html   the search page (templates/search.html, static/search.js)
    search/meta.json    regions, filter options, per report and per paragraph facts
    search/b/, search/u/  bigram and character postings, sharded (see postings.py)
    search/t/           paragraph texts in chunks, for excerpts and links

The index is exact: every paragraph containing the query is found and nothing else (see
index.py for how). search_files() gives the files for the build's output dict;
write_search_index() streams reports into a folder for callers that must not hold the
output in memory (the benchmark).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from govreport_site.cache import ReportCache, code_fingerprint
from govreport_site.config import Config
from govreport_site.model import PART_KINDS, Report
from govreport_site.publish.manifest import template_fingerprint
from govreport_site.publish.search.catalog import (
    CLASS_CHARS,
    FILTER_KINDS,
    FILTER_LABELS,
    paragraph_class,
    regions_and_areas,
    result_order,
)
from govreport_site.publish.search.index import (
    IndexStats,
    IndexWriter,
    SearchDoc,
    Sink,
    folder_sink,
)
from govreport_site.publish.search.page import SEARCH_PAGE, search_page, search_page_view
from govreport_site.render.outputs import Output, digest, value_key
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.views import KIND_LABELS

FOLDER = "search/"

__all__ = [
    "FOLDER",
    "SEARCH_PAGE",
    "folder_sink",
    "search_doc",
    "search_files",
    "search_output",
    "write_search_index",
]


def search_doc(report: Report, url: str, region: int) -> SearchDoc:
    """One report's paragraphs with their anchors and classes, in page order."""
    paragraphs = [
        (p.anchor, paragraph_class(part.kind, p.role, p.anchor == report.targets_anchor), p.text)
        for part in report.parts
        for p in part.paragraphs
    ]
    return SearchDoc(url=url, region=region, year=report.meta.year, paragraphs=paragraphs)


def write_search_index(
    site: Site,
    sink: Sink,
    reports: Iterable[Report] | None = None,
    jobs: int | None = None,
) -> IndexStats:
    """Give every index file to `sink(name, bytes)`, names relative to the search folder.

    `reports`, when given, yields the Report of each of site.reports in result_order();
    it lets a caller load them one at a time (e.g. from the build cache) instead of
    keeping every report's text in memory.
    """
    ordered = result_order(site)
    regions, report_region, areas = regions_and_areas(ordered)
    writer = IndexWriter(sink, jobs)
    source = reports if reports is not None else (sr.report for sr in ordered)
    for sr, report in zip(ordered, source, strict=True):
        writer.add(search_doc(report, sr.url, report_region[id(sr)]))
    meta = {
        "part_kinds": list(PART_KINDS),
        "part_labels": KIND_LABELS,
        "class_chars": CLASS_CHARS,
        "kinds": list(FILTER_KINDS),
        "kind_labels": FILTER_LABELS,
        "regions": regions,
        "areas": areas,
        "years": sorted({sr.year for sr in ordered if sr.year is not None}, reverse=True),
    }
    return writer.finish(meta)


def search_files(
    site: Site, config: Config, load: Callable[[SiteReport], Report | None] | None = None
) -> dict[str, bytes]:
    """Every file of the search feature, relative to the site root.

    `load` gives a report's full text when site.reports hold only summaries (the build
    keeps full reports in its cache); reports are loaded one at a time, in index order.
    """
    files: dict[str, bytes] = {}

    def keep(name: str, data: bytes) -> None:
        files[FOLDER + name] = data

    reports = None
    if load is not None:
        reports = (_loaded(load, sr) for sr in result_order(site))
    write_search_index(site, keep, reports)
    files.update(search_page(site, config))
    return files


def search_output(site: Site, config: Config, cache: ReportCache) -> Output:
    """The search files as one group of the incremental build (render.outputs).

    Its key is everything the files are made from: the code, the templates, the search
    page's view, and per report (in index order) its URL, region, year and content hash,
    which covers its text. An unchanged corpus keeps its index without rebuilding it.
    """
    page = search_page_view(site, config)
    inputs = [
        (sr.url, sr.report.content_hash, tuple(sr.region.names), sr.year)
        for sr in result_order(site)
    ]
    key = digest(
        code_fingerprint(), template_fingerprint(config), value_key(page), value_key(inputs)
    )

    def load(sr: SiteReport) -> Report | None:
        return cache.full(sr.report.content_hash)

    return Output("search", key, make=lambda: search_files(site, config, load))


def _loaded(load: Callable[[SiteReport], Report | None], sr: SiteReport) -> Report:
    report = load(sr)
    if report is None:
        raise FileNotFoundError(f"{sr.source_file}: the full report is missing for the index")
    return report
