"""Decode one report file and merge its metadata."""

from __future__ import annotations

from govreport_site.model import SourceText


class NotTextError(Exception):
    """The file is not a text report (PDF, docx, image, binary…)."""


def read_source(data: bytes, rel: str, inherited: dict) -> SourceText:
    raise NotImplementedError
