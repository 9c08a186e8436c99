"""Decode one report file and merge its metadata."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from govreport_site.ingest.decode import EmptyFileError, NotTextError, decode_report
from govreport_site.ingest.discover import ARCHIVE_SUFFIXES, HTML_SUFFIXES, MARKDOWN_SUFFIXES
from govreport_site.ingest.markdown import markdown_to_text
from govreport_site.ingest.metadata import (
    clean_metadata,
    load_yaml,
    split_front_matter,
    to_metadata,
)
from govreport_site.ingest.webpage import archived_page, is_html_document, page_text
from govreport_site.model import Diagnostic, SourceText

__all__ = ["EmptyFileError", "NotTextError", "read_source"]


def read_source(data: bytes, rel: str, inherited: Mapping) -> SourceText:
    """Decode a report's bytes and give it its metadata.

    `inherited` holds what discover() found in _meta.yaml files and the sidecar;
    front matter in the file wins over it. Raises NotTextError for files that are
    not text; every other problem becomes a diagnostic on the SourceText.
    """
    archive = rel.lower().endswith(ARCHIVE_SUFFIXES)
    if archive:
        data = archived_page(data) or data
    decoded = decode_report(data)
    front, body, body_line = split_front_matter(decoded.text)

    # Checked again so that callers may pass raw YAML values; cleaned ones pass unchanged.
    values, diagnostics = clean_metadata(inherited, rel)
    if decoded.replaced:
        first = decoded.text.find("\ufffd")
        line = decoded.text.count("\n", 0, first) + 1 if first >= 0 else None
        msg = (
            f"{decoded.replaced} character(s) could not be decoded as {decoded.encoding} "
            "(damaged bytes) and show as �; check the file against its source"
        )
        diagnostics.insert(0, Diagnostic(rel, msg, line=line))
    if front is not None:
        raw, lines, problems = load_yaml(front, rel, first_line=2)
        own, more = clean_metadata(raw, rel, lines)
        diagnostics += problems + more
        values.update(own)

    markdown = rel.lower().endswith(MARKDOWN_SUFFIXES)
    if markdown:
        body = markdown_to_text(body)  # which decodes character references too
    elif archive or rel.lower().endswith(HTML_SUFFIXES) or is_html_document(body):
        body = page_text(body)  # a saved web page (also under a .txt name)
    else:
        body = decode_references(body)
    return SourceText(
        source_file=rel,
        text=body,
        encoding=decoded.encoding,
        meta=to_metadata(values),
        body_line=body_line,
        markdown=markdown,
        diagnostics=diagnostics,
    )


# &ldquo; &mdash; &amp; &#8220; &#x201C;: characters written as HTML character references
# in text copied from a page's source. Only complete references (with the ;) that HTML
# knows are decoded, so R&D and a bare & stay; the white-space ones (&nbsp; …) are left
# to the normaliser, which removes them with a note.
_REFERENCE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{2,7}|#[xX][0-9A-Fa-f]{2,6});")
_SPACES = {"&nbsp;", "&ensp;", "&emsp;", "&thinsp;", "&#160;", "&#12288;", "&#xa0;", "&#x3000;"}


def decode_references(text: str) -> str:
    """`text` with its HTML character references decoded, as a browser would show it."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(_decoded, text)


def _decoded(m: re.Match) -> str:
    ref = m.group()
    if ref.lower() in _SPACES:
        return ref
    char = html.unescape(ref)
    return ref if char == ref or char in ("\x00", "\ufffd") else char
