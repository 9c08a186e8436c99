"""Relative links between pages.

Every page URL is a path relative to the site root ("reports/x.html"). A page links to
another by prefixing the target with its own `root` ("../" per folder level), so the built
folder works opened from disk, served at "/", and served under "/<repo>/" alike.
"""

from __future__ import annotations

HOME = "index.html"
NOT_FOUND = "404.html"
STATIC = "static/"
STYLESHEET = "static/site.css"


def root_for(page_url: str) -> str:
    """'reports/x.html' -> '../'; 'index.html' -> ''."""
    return "../" * page_url.count("/")


def base_with_slash(base_url: str | None) -> str | None:
    """'https://x.github.io/repo' -> 'https://x.github.io/repo/'; None stays None."""
    if not base_url:
        return None
    return base_url.rstrip("/") + "/"


def absolute(base_url: str | None, page_url: str) -> str | None:
    """Absolute URL of a page when the site's base URL is known (index.html -> the base)."""
    base = base_with_slash(base_url)
    if base is None:
        return None
    return base if page_url == HOME else base + page_url


def is_web_url(url: str | None) -> bool:
    """Only http(s) source URLs become links; javascript:, data: and the like stay text."""
    if not url:
        return False
    lower = url.strip().lower()
    return lower.startswith(("http://", "https://")) and not any(c.isspace() for c in url.strip())
