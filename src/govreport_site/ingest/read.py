"""Decode one report file and merge its metadata."""

from __future__ import annotations

from collections.abc import Mapping

from govreport_site.ingest.decode import EmptyFileError, NotTextError, decode
from govreport_site.ingest.markdown import markdown_to_text
from govreport_site.ingest.metadata import (
    clean_metadata,
    load_yaml,
    split_front_matter,
    to_metadata,
)
from govreport_site.model import SourceText

__all__ = ["EmptyFileError", "NotTextError", "read_source"]

MARKDOWN_SUFFIXES = (".md", ".markdown")


def read_source(data: bytes, rel: str, inherited: Mapping) -> SourceText:
    """Decode a report's bytes and give it its metadata.

    `inherited` holds what discover() found in _meta.yaml files and the sidecar;
    front matter in the file wins over it. Raises NotTextError for files that are
    not text; every other problem becomes a diagnostic on the SourceText.
    """
    text, encoding = decode(data)
    front, body, body_line = split_front_matter(text)

    # Checked again so that callers may pass raw YAML values; cleaned ones pass unchanged.
    values, diagnostics = clean_metadata(inherited, rel)
    if front is not None:
        raw, lines, problems = load_yaml(front, rel, first_line=2)
        own, more = clean_metadata(raw, rel, lines)
        diagnostics += problems + more
        values.update(own)

    markdown = rel.lower().endswith(MARKDOWN_SUFFIXES)
    if markdown:
        body = markdown_to_text(body)
    return SourceText(
        source_file=rel,
        text=body,
        encoding=encoding,
        meta=to_metadata(values),
        body_line=body_line,
        markdown=markdown,
        diagnostics=diagnostics,
    )
