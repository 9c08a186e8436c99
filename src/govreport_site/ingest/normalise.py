"""Undo what PDF, Word and web export do to Chinese report text."""

from __future__ import annotations

from govreport_site.model import Normalised, SourceText


def normalise(source: SourceText) -> Normalised:
    raise NotImplementedError
