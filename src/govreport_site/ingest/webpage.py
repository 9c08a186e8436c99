"""Reports saved from a browser as a whole page ("网页，全部", the page source, or a web
archive), under an .html, .mhtml or .txt name: the page's text, one block per line, as a
reader sees it.

Only a file that is clearly an HTML document (it opens with <!DOCTYPE html> or <html>) is
read this way; text with a few stray tags in it is the normaliser's job (markup.py).
What the page shows besides the report (menus, 来源, 打印本页 …) stays in the text and
is removed by the normaliser with its notes, as in a copy of the page's text.
"""

from __future__ import annotations

import email
import email.policy
import re
from html.parser import HTMLParser

_DOCUMENT = re.compile(
    r"\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b)", re.IGNORECASE | re.DOTALL
)
# Elements whose content no reader sees
_HIDDEN = {"head", "script", "style", "noscript", "template", "svg", "iframe", "object"}
# Elements that start a line of their own
_BLOCK = {
    "p", "div", "br", "li", "tr", "table", "section", "article", "header", "footer", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "dt", "dd", "hr",
    "pre", "form", "center", "main", "aside", "figure", "figcaption", "caption", "title",
}  # fmt: skip
_CELL = {"td", "th"}


def archived_page(data: bytes) -> bytes | None:
    """The page of a web archive (.mhtml / .mht: a page and its files as one MIME message,
    "网页，单个文件"), as bytes in the page's own encoding; None when it holds no page."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload
    return None


def is_html_document(text: str) -> bool:
    return _DOCUMENT.match(text[:2000]) is not None


def page_text(text: str) -> str:
    """The visible text of an HTML document: a line per block, cells split by tabs."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = "".join(parser.out).split("\n")
    return "\n".join(line.strip(" \t") for line in lines) + "\n"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0  # depth inside elements no reader sees

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.out.append("\n")
        elif tag in _CELL:
            self.out.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in ("br", "hr"):
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data.replace("\r", "").replace("\n", " "))
