"""Every file of the site with the key of what it is made from, so that an incremental
build renders and writes only the files whose inputs changed.

A page is a pure function of its view (render.views) and the templates. Index pages (home,
regions, years, 404) are built from report summaries, so their view is computed on every
build and its pickled bytes are the key. A report page also shows the report's full text,
which only its cache entry holds: its key is the report's content hash plus the view of
the page computed from the summary, which carries everything the page takes from the rest
of the site (region, breadcrumb, previous/next, warnings, config) and nothing that is not
the report's own text. Both are hashed with the code and the templates.

Anything a key cannot be computed for (an unpicklable or cyclic view) gets a key that
never matches: the page is rendered every time, never served stale.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, replace

import jinja2

from govreport_site.cache import code_fingerprint
from govreport_site.config import Config
from govreport_site.model import Report
from govreport_site.publish.manifest import template_fingerprint
from govreport_site.render import views
from govreport_site.render.indicator_views import indicator_pages
from govreport_site.render.pages import static_files
from govreport_site.render.plan import Site, SiteReport
from govreport_site.render.urls import STYLESHEET


@dataclass
class Output:
    """One file of the site, or a group of files made together (exports)."""

    name: str  # path relative to the site root; for a group, its label
    key: str
    page: views.Page | None = None  # an index page: render this view
    report: SiteReport | None = None  # a report page: render it from the full report
    data: bytes | None = None  # a file whose bytes are already known (static files)
    make: Callable[[], dict[str, bytes]] | None = None  # a group: its files, on demand
    # A page whose view needs full reports (a compare page): view(site, config, load) ->
    # views.Page, load(site_report) -> Report. Rendered like a report page.
    view: Callable | None = None


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        b = part.encode() if isinstance(part, str) else part
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def value_key(value: object, memo: bool = False) -> str:
    """sha256 of `value` pickled. Without the memo (the default) equal values give equal
    bytes whatever objects they happen to share; a value with cycles needs memo=True.
    A value that cannot be pickled gets a key no other build will have."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = not memo
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return "unkeyed-" + os.urandom(16).hex()
    return hashlib.sha256(buf.getvalue()).hexdigest()


def site_outputs(
    site: Site,
    config: Config,
    exports: Callable[[], dict[str, bytes]],
    data_key: str | None = None,
) -> list:
    """The site's files in the order they are listed: pages, static files, exports."""
    base = digest(code_fingerprint(), template_fingerprint(config))
    outputs = [Output(p.url, digest(base, value_key(p)), page=p) for p in index_pages(site, config)]
    for sr in site.reports:
        shell = views.report_page(site, sr, config)
        key = digest(base, "report", sr.report.content_hash, value_key(shell))
        outputs.append(Output(sr.url, key, report=sr))
    from govreport_site.render.textviews import text_outputs  # late: it imports this module

    outputs += text_outputs(site, config, base)  # compare and term pages, report data
    for name, data in sorted(static_files(config).items()):
        outputs.append(Output(name, digest(data), data=data))
    # The exports are made from the whole plan: its pickle is their key.
    # `data_key` (publish.manifest) covers all they are made from; without it, the plan.
    if data_key:
        key = digest(code_fingerprint(), "exports", data_key)
    else:
        key = digest(base, value_key((site, config), memo=True))
    outputs.append(Output("exports", key, make=exports))
    return outputs


def index_pages(site: Site, config: Config) -> list[views.Page]:
    pages = [views.home_page(site, config)]
    pages += [views.region_page(site, r, config) for r in site.regions]
    pages += [views.year_page(site, y, config) for y in site.years]
    pages += indicator_pages(site, config)  # indicators/index.html, indicators/<id>.html
    pages.append(views.not_found_page(config))
    return pages


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
