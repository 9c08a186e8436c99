"""The search page, search/index.html, rendered with the site's templates.

The filter options are in the HTML (not only in meta.json), so the form is usable and
readable before the script has loaded anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from govreport_site.config import Config
from govreport_site.publish.search.catalog import (
    FILTER_KINDS,
    FILTER_LABELS,
    regions_and_areas,
    result_order,
)
from govreport_site.render.pages import environment
from govreport_site.render.plan import Site
from govreport_site.render.urls import STYLESHEET
from govreport_site.render.views import Page, page

SEARCH_PAGE = "search/index.html"


@dataclass
class Option:
    value: str
    label: str
    depth: int = 0


@dataclass
class SearchView:
    areas: list[Option]
    years: list[Option]
    kinds: list[Option]
    report_count: int


def search_view(site: Site) -> SearchView:
    ordered = result_order(site)
    _, _, areas = regions_and_areas(ordered)
    years = sorted({sr.year for sr in ordered if sr.year is not None}, reverse=True)
    return SearchView(
        areas=[Option(a["id"], a["names"][-1], len(a["names"]) - 1) for a in areas],
        years=[Option(str(y), f"{y}年") for y in years],
        kinds=[Option(k, FILTER_LABELS[k]) for k in FILTER_KINDS],
        report_count=len(ordered),
    )


def search_page_view(site: Site, config: Config) -> Page:
    return page("search.html", SEARCH_PAGE, "全文搜索", "全文搜索", config, data=search_view(site))


def search_page(site: Site, config: Config, view: Page | None = None) -> dict[str, bytes]:
    """search/index.html; `view`: its search_page_view, when the caller has it."""
    view = view or search_page_view(site, config)
    template = environment(config).get_template(view.template)
    html = template.render(page=view, data=view.data, root=view.root, stylesheet=STYLESHEET)
    return {SEARCH_PAGE: html.encode("utf-8")}
