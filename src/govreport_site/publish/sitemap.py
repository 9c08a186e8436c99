"""sitemap.xml and robots.txt.

The sitemap protocol wants absolute URLs, which need the site's base URL. With
`base_url` (site.yaml or --base-url) every <loc> is absolute. Without it the sitemap is
still written, with URLs relative to the site root and a comment saying so: it then lists
the pages for people and tools, but search engines will ignore it until a base URL is set.
The 404 page and the search page are left out: they are not pages to index. The
protocol allows 50,000 URLs per file; a larger site gets a sitemap index in sitemap.xml
pointing to sitemap-1.xml, sitemap-2.xml, … (robots.txt names sitemap.xml either way).
"""

from __future__ import annotations

from govreport_site.config import Config
from govreport_site.render.plan import Site
from govreport_site.render.urls import HOME, absolute, base_with_slash

SITEMAP = "sitemap.xml"
MAX_URLS = 50_000  # per file, by the sitemap protocol


def escape(text: str) -> str:
    """What xml.sax.saxutils.escape does (&, <, >), without its import of urllib, http
    and ssl: ~15-40 ms of every build's start-up."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_urls(site: Site) -> list[str]:
    urls = [HOME]
    urls += [sr.url for sr in site.reports]
    urls += [r.url for r in site.regions]
    urls += [y.url for y in site.years]
    analysis = site.analysis
    if analysis is not None:  # the compare and term pages, when the texts were analysed
        from govreport_site.render.textviews import COMPARE_INDEX, TERMS_INDEX

        urls += [COMPARE_INDEX, *(p.url for p in analysis.pairs)]
        urls += [TERMS_INDEX, *(t.url for t in analysis.terms)]
    return urls


def sitemap_files(site: Site, config: Config) -> dict[str, bytes]:
    """sitemap.xml, and the files it points to when the site has more URLs than one
    sitemap may hold."""
    from govreport_site.publish.targets_export import indicator_page_urls  # late: a cycle

    urls = page_urls(site) + indicator_page_urls(site, config)
    if len(urls) <= MAX_URLS:
        return {SITEMAP: _document("urlset", "url", urls, config)}
    files = {}
    for n, start in enumerate(range(0, len(urls), MAX_URLS), 1):
        part = urls[start : start + MAX_URLS]
        files[f"sitemap-{n}.xml"] = _document("urlset", "url", part, config)
    files[SITEMAP] = _document("sitemapindex", "sitemap", list(files), config)
    return files


def _document(root: str, entry: str, urls: list[str], config: Config) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    if not base_with_slash(config.base_url):
        lines.append(
            "<!-- No base URL was given (base_url in site.yaml or the base URL option of "
            "build-site): these URLs are relative to the site root, which search engines "
            "do not accept. -->"
        )
    lines.append(f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for url in urls:
        loc = absolute(config.base_url, url) or url
        lines.append(f"  <{entry}><loc>{escape(loc)}</loc></{entry}>")
    lines.append(f"</{root}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(config: Config) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    sitemap = absolute(config.base_url, "sitemap.xml")
    if sitemap:
        lines.append(f"Sitemap: {sitemap}")
    return ("\n".join(lines) + "\n").encode("utf-8")
