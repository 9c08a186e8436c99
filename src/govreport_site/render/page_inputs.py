"""What each page is made from, named explicitly, so that its key (render.outputs) is known
without building its view: only the pages whose key changed have their view computed.

A report's content hash stands for everything the per-report stages made of it (text,
metadata, targets, actuals, diagnostics of its own). What a page takes from elsewhere:

- the plan: report ids and URLs, region ids, names, levels and breadcrumbs, previous and
  next reports, the plan's diagnostics about a report;
- figures of other reports: a report's outcomes are judged against the review of the
  next year's report of its region (its targets and actuals, id, URL, year, and which of
  its actuals the site keeps); which actuals are kept depends on the targets of the whole
  region, so the kept ones are named (`figures` below);
- what the text analysis shows on the page: the small views render.textviews gives for
  it (keywords, reuse marks, compare links, term trends), pickled.

The config (indicator table, title, base URL …), the code and the templates are in every
key's base. An input missing here would serve a stale page: tests/test_build.py edits
each kind of input and compares the site with a fresh build.
"""

from __future__ import annotations

import contextlib
import operator
import os
import pickle
import weakref
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from govreport_site.config import Config
from govreport_site.render import views
from govreport_site.render.digests import digest, pickled, value_key
from govreport_site.render.figures import site_figures
from govreport_site.render.plan import Site, SiteRegion, SiteReport, SiteYear


@dataclass
class SiteInputs:
    # report id -> digest of what its targets, outcomes and kept actuals are made from:
    # its own figures, which of its actuals are kept, and the same of the next year's
    # report (with its id, URL and year)
    figures: dict[str, str]
    # report id -> the canonical indicator ids of its targets and kept actuals
    indicators: dict[str, frozenset[str]]
    # region id -> digest of its place in the site: id, URL, names, level, breadcrumb
    regions: dict[str, str]
    # canonical indicator id -> what its page lists: (region id, URL, names, [(report id,
    # URL, year, figures digest)]) of each region with a report that has the indicator
    by_indicator: dict[str, list[tuple]]


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def site_inputs(site: Site, config: Config) -> SiteInputs:
    """Computed once per planned site (pages and exports both ask)."""
    found = _MEMO.get(site)
    if found is None or found[0] is not config:
        found = (config, _compute(site, config))
        _MEMO[site] = found
    return found[1]


def _compute(site: Site, config: Config) -> SiteInputs:
    figures = site_figures(site, config)
    # Kept actuals are a subsequence of the report's own, chosen by indicator name: their
    # names in order say which they are.
    kept = {
        sr.id: "\x1f".join(a.indicator for a in figures.actuals.get(sr.id, []))
        for sr in site.reports
    }
    # A report's own figures, not its content hash: an edit elsewhere in its text leaves
    # the pages that show only its figures (last year's report, indicator pages) alone.
    own = own_figures(site)
    fig: dict[str, str] = {}
    indicators: dict[str, frozenset[str]] = {}
    for sr in site.reports:
        parts = [own[sr.id], sr.id, sr.url, kept[sr.id]]
        nxt = figures.next_report.get(sr.id)
        if nxt is not None:
            parts += ["next", own[nxt.id], nxt.id, nxt.url, kept[nxt.id]]
        fig[sr.id] = digest(*parts)
        items = figures.targets.get(sr.id, []) + figures.actuals.get(sr.id, [])
        indicators[sr.id] = frozenset(i.canonical for i in items if i.canonical)
    regions = {
        r.id: value_key((r.id, r.url, r.names, r.level, views.region_breadcrumb(site, r)))
        for r in site.regions
    }
    by_indicator: dict[str, list[tuple]] = {}
    for region in site.regions:
        listed: dict[str, list[tuple]] = {}
        for sr in region.reports:
            row = (sr.id, sr.url, sr.year, fig[sr.id])
            for indicator in indicators[sr.id]:
                listed.setdefault(indicator, []).append(row)
        for indicator, rows in listed.items():
            by_indicator.setdefault(indicator, []).append(
                (region.id, region.url, region.names, rows)
            )
    return SiteInputs(fig, indicators, regions, by_indicator)


FIGURES_FILE = "render-figures.pickle"


def own_figures(site: Site) -> dict[str, str]:
    """Report id -> digest of the report's own figures: its targets, actuals, targets
    status, review year and year. They are a function of the report alone, as its content
    hash is (bytes, metadata, settings and code), so the digests are kept by content hash
    in the report cache (the text analysis's cache_folder) from build to build: an edit
    build digests only the edited report's figures (~20 ms of 1,000 reports' otherwise)."""
    analysis = site.analysis
    folder = getattr(analysis, "cache_folder", None)
    known = _read_figures(folder / FIGURES_FILE) if folder is not None else {}
    by_hash: dict[str, str] = {}
    own: dict[str, str] = {}
    for sr in site.reports:
        chash = sr.report.content_hash
        found = known.get(chash) if chash else None
        if type(found) is not str:
            r = sr.report
            found = value_key(
                (_fields(r.targets), _fields(r.actuals), r.targets_status, r.review_year, sr.year)
            )
        if chash:
            by_hash[chash] = found
        own[sr.id] = found
    if folder is not None and by_hash != known:  # new reports, or ones gone: rewrite
        _write_figures(folder / FIGURES_FILE, by_hash)
    return own


def _read_figures(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as f:
            found = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return {}  # missing or unreadable: digested again
    return found if isinstance(found, dict) else {}


def _write_figures(path: Path, by_hash: dict[str, str]) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump(by_hash, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a reader never sees half a file
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()  # not kept: the next build digests them again


def _fields(items: list) -> list[tuple]:
    """Targets or actuals as tuples of their fields in the order the class declares them
    (the classes are fixed by the code in every key's base): pickled three times faster
    than the dataclasses."""
    return [_getter(type(item))(item) for item in items]


@cache
def _getter(cls: type) -> operator.attrgetter:
    return operator.attrgetter(*[f.name for f in fields(cls)])


def report_page_key(site: Site, sr: SiteReport, config: Config) -> list[str | bytes]:
    """Besides the report's own content: its place, neighbours, plan diagnostics, figures
    and what the text analysis shows of it."""
    from govreport_site.render.textviews import labels, report_text_key  # late: it imports views

    inputs = site_inputs(site, config)
    heading = labels(site).heading
    shown = (
        # as views.neighbour_link shows them
        [(views.year_label(n.year), n.url, heading(n)) if n else None for n in (sr.prev, sr.next)],
        [(d.source_file, d.line, d.level, d.message) for d in sr.diagnostics],
        report_text_key(site, sr),
    )
    return [
        "report",
        sr.report.content_hash,
        sr.id,
        sr.url,
        inputs.regions[sr.region.id],
        inputs.figures[sr.id],
        pickled(shown),
    ]


def _listed(sr: SiteReport, inputs: SiteInputs) -> tuple:
    """A report as an index page lists it (and its figures)."""
    return (sr.id, sr.url, sr.report.content_hash, sr.region.id, inputs.figures[sr.id])


def region_page_key(site: Site, region: SiteRegion, config: Config) -> list[str | bytes]:
    from govreport_site.render.textviews import labels, region_text_key

    inputs = site_inputs(site, config)
    name = labels(site).region
    shown = (
        [_listed(sr, inputs) for sr in region.reports],
        [(name(r), r.url, len(r.reports)) for r in region.descendants],
        region_text_key(site, region),
    )
    return ["region", inputs.regions[region.id], pickled(shown)]


def year_page_key(site: Site, year: SiteYear, config: Config) -> list[str | bytes]:
    from govreport_site.render.textviews import year_text_key

    inputs = site_inputs(site, config)
    at = site.years.index(year)
    around = [(y.year, y.url) for y in site.years[max(0, at - 1) : at + 2]]
    shown = (
        year.year,
        year.url,
        around,
        [(*_listed(sr, inputs), sr.region.url, sr.region.names) for sr in year.reports],
        year_text_key(site, year),
    )
    return ["year", pickled(shown)]


def indicators_index_key(site: Site, config: Config) -> list[str | bytes]:
    """Counts over every report's targets and actuals, by region and year."""
    inputs = site_inputs(site, config)
    shown = [(sr.id, sr.region.id, sr.year, inputs.figures[sr.id]) for sr in site.reports]
    return ["indicators", pickled(shown)]


def indicator_page_key(site: Site, indicator: str, config: Config) -> list[str | bytes]:
    """The rows of every region whose reports have a target or actual of `indicator`."""
    lines = site_inputs(site, config).by_indicator.get(indicator, [])
    return ["indicator", indicator, pickled(lines)]
