"""A link checker for a built site folder, used by the site tests.

It parses every HTML page with html.parser and checks that every internal href/src
resolves to a file of the output and every #fragment to an id in the target page. Links
are resolved with urljoin against several bases (the domain root, a GitHub Pages subpath,
a file:// folder) and mapped back to a file, so a site that passes works wherever it is
served. Absolute-path links ("/…") and links to other hosts are reported, except source
links (class "external") and, on 404.html, absolute links under the site's base URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# The tools that need JavaScript (search, compare-any-two), the compare pages, whose
# script makes the ¶ links, fills in the full text of new and dropped paragraphs and
# shows a kept or changed one in both columns (without it they show an excerpt, a kept
# paragraph once, a changed one's redline across the row, and no ¶ links), and the
# report pages, whose script makes the ¶ links; every page one reads works without it.
SCRIPTED_PAGES = frozenset({"search/index.html", "compare/index.html"})
SCRIPTED_FOLDERS = ("compare/", "reports/")
BASES = ("http://example.org/", "http://example.org/repo/", "file:///srv/some/folder/")
LINK_ATTRS = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src"}


@dataclass
class PageInfo:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, dict]] = field(default_factory=list)  # (tag, url, attrs)
    lang: str | None = None
    charset: str | None = None
    scripts: int = 0


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.info.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.info.ids.add(a["name"])
        if tag == "html":
            self.info.lang = a.get("lang")
        if tag == "meta" and "charset" in a:
            self.info.charset = a["charset"].lower()
        if tag == "script":
            self.info.scripts += 1
        attr = LINK_ATTRS.get(tag)
        if attr and attr in a:
            self.info.links.append((tag, a[attr], a))


def parse_page(path: Path) -> PageInfo:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.info


def site_pages(folder: Path) -> dict[str, PageInfo]:
    return {p.relative_to(folder).as_posix(): parse_page(p) for p in sorted(folder.rglob("*.html"))}


def resolve(base: str, page: str, url: str) -> tuple[str, str] | None:
    """The (file path, fragment) a link points to when the site is served at `base`;
    None when it leaves the site."""
    target = urljoin(base + page, url)
    if not target.startswith(base):
        return None
    parts = urlsplit(target[len(base) :])
    path = unquote(parts.path)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, unquote(parts.fragment)


def check_site(folder: Path, base_url: str | None = None) -> list[str]:
    """Every problem found, as 'page: message' strings (empty when the site is sound)."""
    pages = site_pages(folder)
    problems: list[str] = []
    for page, info in pages.items():
        if info.lang != "zh-CN":
            problems.append(f"{page}: lang is {info.lang!r}")
        if info.charset != "utf-8":
            problems.append(f"{page}: charset is {info.charset!r}")
        if info.scripts and page not in SCRIPTED_PAGES and not page.startswith(SCRIPTED_FOLDERS):
            problems.append(f"{page}: has {info.scripts} <script> element(s)")
        for tag, url, attrs in info.links:
            problems += check_link(folder, pages, page, tag, url, attrs, base_url)
    return problems


def check_link(folder, pages, page, tag, url, attrs, base_url) -> list[str]:
    where = f"{page}: <{tag}> {url!r}"
    scheme = urlsplit(url).scheme
    if base_url and url.startswith(base_url):
        # Allowed only where a page cannot use relative links: 404 and canonical links.
        if page != "404.html" and attrs.get("rel") != "canonical":
            return [f"{where}: absolute link to the site itself"]
        url = url[len(base_url) :] or "index.html"
        resolved = [resolve(b, "", url) for b in BASES]
    elif scheme or url.startswith("//"):
        if (
            tag == "a"
            and "external" in attrs.get("class", "").split()
            and scheme in ("http", "https")
        ):
            return []
        return [f"{where}: link to another host or scheme"]
    elif url.startswith("/"):
        return [f"{where}: absolute path breaks under a subpath"]
    else:
        resolved = [resolve(b, page, url) for b in BASES]
    if any(r is None for r in resolved):
        return [f"{where}: leaves the site"]
    if len(set(resolved)) != 1:
        return [f"{where}: resolves differently under different bases: {resolved}"]
    path, fragment = resolved[0]
    target = folder / path
    if not target.is_file():
        return [f"{where}: no file {path}"]
    if fragment:
        ids = pages[path].ids if path in pages else set()
        if fragment not in ids:
            return [f"{where}: no id {fragment!r} in {path}"]
    return []
