"""Render every page of the site with Jinja2.

Templates come from `config.template_dirs` (a site's own templates/ first, so a file of the
same name overrides the default theme's); static files from `config.static_dirs` are copied
into static/ (later folders override earlier ones). Autoescaping is on for every template:
report text is data, never markup.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from govreport_site.config import Config
from govreport_site.render import views
from govreport_site.render.indicator_views import indicator_pages
from govreport_site.render.plan import Site
from govreport_site.render.urls import STATIC, STYLESHEET


def environment(config: Config) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in config.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def all_pages(site: Site, config: Config) -> list[views.Page]:
    pages = [views.home_page(site, config)]
    pages += [views.report_page(site, sr, config) for sr in site.reports]
    pages += [views.region_page(site, r, config) for r in site.regions]
    pages += [views.year_page(site, y, config) for y in site.years]
    pages += indicator_pages(site, config)  # indicators/index.html, indicators/<id>.html
    pages.append(views.not_found_page(config))
    return pages


def render_pages(site: Site, config: Config) -> dict[str, bytes]:
    env = environment(config)
    files: dict[str, bytes] = {}
    for page in all_pages(site, config):
        template = env.get_template(page.template)
        html = template.render(page=page, data=page.data, root=page.root, stylesheet=STYLESHEET)
        files[page.url] = html.encode("utf-8")
    files.update(static_files(config))
    return files


def static_files(config: Config) -> dict[str, bytes]:
    """Every file under the static folders, hidden files (.keep, .DS_Store) left out."""
    files: dict[str, bytes] = {}
    for folder in config.static_dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                files[STATIC + rel.as_posix()] = Path(path).read_bytes()
    return files
