"""Render every page of the site with Jinja2.

Templates come from `config.template_dirs` (a site's own templates/ first, so a file of the
same name overrides the default theme's); static files from `config.static_dirs` are copied
into static/ (later folders override earlier ones). Autoescaping is on for every template:
report text is data, never markup.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import jinja2.ext

from govreport_site.cache import code_fingerprint
from govreport_site.config import Config
from govreport_site.render import views
from govreport_site.render.indicator_views import indicator_pages
from govreport_site.render.plan import Site
from govreport_site.render.urls import STATIC, STYLESHEET

TEMPLATE_CACHE = "templates"  # compiled templates, under the build's cache folder


def environment(config: Config, cache_folder: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of the site's templates. With `cache_folder` (the build's
    cache), compiled templates are kept there: a build that renders a few pages spent
    more time compiling the theme than rendering them."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in config.template_dirs]),
        bytecode_cache=_bytecode_cache(cache_folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[Dedent],
    )


class Dedent(jinja2.ext.Extension):
    """Drops the indentation of template lines before Jinja compiles them. It is for
    people reading templates: in the pages it was ~2 KB a report page, and a browser
    shows a line break the same with or without the spaces after it. A template with a
    <pre> or <textarea> (where they would show; a site's own template may have one) is
    left as it is."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if _KEEPS_SPACES.search(source):
            return source
        return _INDENT.sub(_dedent, source)


# An indented line's start, unless it starts with {% or {# (lstrip_blocks handles those).
_INDENT = re.compile(r"([%#]\})?\n[ \t]+(?=[^ \t{]|\{\{)")
_KEEPS_SPACES = re.compile(r"<(pre|textarea)\b", re.IGNORECASE)


def _dedent(m: re.Match[str]) -> str:
    # After a line ending in {% … %} or {# … #}, trim_blocks drops the line break, so
    # the indentation is all the space between the two lines' content: one space stays.
    return f"{m[1]}\n " if m[1] else "\n"


def _bytecode_cache(cache_folder: Path | None) -> jinja2.BytecodeCache | None:
    if cache_folder is None:
        return None
    # Jinja checks a compiled template against its source only, not against the
    # environment's options or Jinja's version: one folder per code fingerprint (which
    # covers both; prune_template_cache removes the others).
    folder = Path(cache_folder) / TEMPLATE_CACHE / code_fingerprint()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only cache: compile every time
    return jinja2.FileSystemBytecodeCache(str(folder))


def prune_template_cache(cache_folder: Path | None) -> None:
    """Remove compiled templates of other versions of the code."""
    if cache_folder is None:
        return
    keep = code_fingerprint()[:16]
    top = Path(cache_folder) / TEMPLATE_CACHE
    for folder in sorted(top.iterdir()) if top.is_dir() else ():
        if folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)


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
