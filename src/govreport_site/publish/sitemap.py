"""sitemap.xml and robots.txt.

The sitemap protocol wants absolute URLs, which need the site's base URL. With
`base_url` (site.yaml or --base-url) every <loc> is absolute. Without it the sitemap is
still written, with URLs relative to the site root and a comment saying so: it then lists
the pages for people and tools, but search engines will ignore it until a base URL is set.
The 404 page is left out: it is not a page to index.
"""

from __future__ import annotations

from govreport_site.config import Config
from govreport_site.render.plan import Site
from govreport_site.render.urls import HOME, absolute, base_with_slash


def escape(text: str) -> str:
    """What xml.sax.saxutils.escape does (&, <, >), without its import of urllib, http
    and ssl: ~15-40 ms of every build's start-up."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_urls(site: Site) -> list[str]:
    urls = [HOME]
    urls += [sr.url for sr in site.reports]
    urls += [r.url for r in site.regions]
    urls += [y.url for y in site.years]
    return urls


def sitemap_xml(site: Site, config: Config) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    if not base_with_slash(config.base_url):
        lines.append(
            "<!-- No base URL was given (base_url in site.yaml or the base URL option of "
            "build-site): these URLs are relative to the site root, which search engines "
            "do not accept. -->"
        )
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    from govreport_site.publish.targets_export import indicator_page_urls  # late: a cycle

    for url in page_urls(site) + indicator_page_urls(site, config):
        loc = absolute(config.base_url, url) or url
        lines.append(f"  <url><loc>{escape(loc)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(config: Config) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    sitemap = absolute(config.base_url, "sitemap.xml")
    if sitemap:
        lines.append(f"Sitemap: {sitemap}")
    return ("\n".join(lines) + "\n").encode("utf-8")
