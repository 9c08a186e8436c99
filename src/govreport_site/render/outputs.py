"""Every file of the site with the key of what it is made from, so that an incremental
build renders and writes only the files whose inputs changed.

A page is a pure function of its view (render.views) and the templates; the view is a
function of the plan, the reports' content and the config. A page's key names those
inputs explicitly (render.page_inputs): the content hashes of the reports it shows, the
plan's decisions it shows (URLs, names, neighbours, breadcrumbs), the figures it takes
from other reports, and the small views of the text analysis it shows, hashed with the
code, the templates and the config. So a key is known without building the page's view,
and only the pages whose key changed have their view computed, when they are rendered
(Output.view): an edit of one report costs the pages that show it, not the whole site.

The home and 404 pages are still keyed by their view pickled (cheap, and the home page
lists only part of what its inputs say). Anything a key cannot be computed for (an
unpicklable or cyclic value) gets a key that never matches: the page is rendered every
time, never served stale.

Pages of other modules use the same means: a key from `digest(base, *parts)` and a view
made on demand by `MakePage(function, args)` (see render.textviews).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import jinja2

from govreport_site.cache import code_fingerprint
from govreport_site.config import Config, key_form
from govreport_site.model import Report
from govreport_site.publish.manifest import template_fingerprint
from govreport_site.render import page_inputs, views
from govreport_site.render.digests import digest, pickled, unkeyed, value_key
from govreport_site.render.figures import INDICATORS_INDEX, indicator_url, site_figures
from govreport_site.render.indicator_views import indicator_page, indicators_index_page
from govreport_site.render.pages import static_files
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.urls import STYLESHEET

__all__ = ["MakePage", "Output", "digest", "render", "site_outputs", "unkeyed", "value_key"]


@dataclass
class Output:
    """One file of the site, or a group of files made together (exports)."""

    name: str  # path relative to the site root; for a group, its label
    key: str
    page: views.Page | None = None  # an index page: render this view
    report: SiteReport | None = None  # a report page: render it from the full report
    data: bytes | None = None  # a file whose bytes are already known (static files)
    make: Callable[[], dict[str, bytes]] | None = None  # a group: its files, on demand
    # A group that can tell what an edit changed: update(key it had at the last build)
    # gives its files as make() does, but None for a file that is the same as then.
    update: Callable[[str], dict[str, bytes | None]] | None = None
    # A page whose view is made when it is rendered: view(site, config, load) ->
    # views.Page, load(site_report) -> Report (a compare page needs full reports).
    # Picklable (MakePage): worker processes render it too.
    view: Callable | None = None
    # A data file made when it is rendered, in the render workers too: file(site, load)
    # -> bytes, load as for view. Picklable like MakePage.
    file: Callable | None = None


@dataclass(frozen=True)
class MakePage:
    """A page's view made on demand: make(site, config, *args). `make` is a module-level
    function and `args` plain values (indexes, ids), so it pickles small and finds its
    objects in whichever copy of the site it is given."""

    make: Callable[..., views.Page]
    args: tuple = ()

    def __call__(self, site: Site, config: Config, load: Callable) -> views.Page:
        return self.make(site, config, *self.args)


def config_key(config: Config) -> str:
    """Everything in the config a page may show; `clean` only says how to write."""
    return value_key(key_form(replace(config, clean=False)))


def site_outputs(
    site: Site,
    config: Config,
    exports: Callable[[], dict[str, bytes]],
    data_key: str | None = None,
) -> list:
    """The site's files in the order they are listed: pages, static files, exports."""
    base = digest(code_fingerprint(), template_fingerprint(config), config_key(config))
    outputs = index_outputs(site, config, base)
    for sr in site.reports:
        key = digest(base, *page_inputs.report_page_key(site, sr, config))
        outputs.append(Output(sr.url, key, report=sr))
    from govreport_site.render.textviews import text_outputs  # late: it imports this module

    outputs += text_outputs(site, config, base)  # compare and term pages, report data
    for name, data in sorted(static_files(config).items()):
        outputs.append(Output(name, digest(data), data=data))
    # `data_key` (publish.manifest) covers all the exports are made from; without it,
    # the whole plan pickled.
    if data_key:
        key = digest(code_fingerprint(), "exports", data_key)
    else:
        key = digest(base, pickled((site, config), memo=True))
    outputs.append(Output("exports", key, make=exports))
    return outputs


def index_outputs(site: Site, config: Config, base: str) -> list[Output]:
    """Home, region, year and indicator pages, and the 404 page."""
    home = views.home_page(site, config)
    outputs = [Output(home.url, digest(base, pickled(home)), page=home)]
    for n, region in enumerate(site.regions):
        key = digest(base, *page_inputs.region_page_key(site, region, config))
        outputs.append(Output(region.url, key, view=MakePage(_region_page, (n,))))
    for n, year in enumerate(site.years):
        key = digest(base, *page_inputs.year_page_key(site, year, config))
        outputs.append(Output(year.url, key, view=MakePage(_year_page, (n,))))
    key = digest(base, *page_inputs.indicators_index_key(site, config))
    outputs.append(Output(INDICATORS_INDEX, key, view=MakePage(_indicators_index)))
    for iid in site_figures(site, config).used_ids():
        key = digest(base, *page_inputs.indicator_page_key(site, iid, config))
        outputs.append(Output(indicator_url(iid), key, view=MakePage(_indicator_page, (iid,))))
    missing = views.not_found_page(config)
    outputs.append(Output(missing.url, digest(base, pickled(missing)), page=missing))
    return outputs


def _region_page(site: Site, config: Config, n: int) -> views.Page:
    return views.region_page(site, site.regions[n], config)


def _year_page(site: Site, config: Config, n: int) -> views.Page:
    return views.year_page(site, site.years[n], config)


def _indicators_index(site: Site, config: Config) -> views.Page:
    return indicators_index_page(site, config)


def _indicator_page(site: Site, config: Config, iid: str) -> views.Page:
    return indicator_page(site, iid, config)


def render(
    output: Output,
    site: Site,
    config: Config,
    env: jinja2.Environment,
    load: Callable[[str], Report | None],
) -> bytes:
    """The bytes of a page; a report page's full report comes from `load(content_hash)`."""
    if output.data is not None:
        return output.data
    if output.file is not None:
        return output.file(site, lambda sr: _full(sr, load))
    page = output.page
    if page is None and output.view is not None:
        page = output.view(site, config, lambda sr: _full(sr, load))
    if page is None:
        sr = output.report
        assert sr is not None
        report = load(sr.report.content_hash)
        if report is None:
            raise FileNotFoundError(f"{sr.source_file}: the cached report is missing")
        page = views.report_page(site, replace(sr, report=report), config)
    html = env.get_template(page.template).render(
        page=page, data=page.data, root=page.root, stylesheet=STYLESHEET
    )
    return html.encode("utf-8")


def _full(sr: SiteReport, load: Callable[[str], Report | None]) -> Report:
    report = load(sr.report.content_hash)
    if report is None:
        raise FileNotFoundError(f"{sr.source_file}: the cached report is missing")
    return report
