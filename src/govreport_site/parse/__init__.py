"""Split normalised report text into title block, parts, subsections and paragraphs."""

from __future__ import annotations

from govreport_site.model import Normalised, Report, SourceText


def parse(source: SourceText, text: Normalised) -> Report:
    raise NotImplementedError
