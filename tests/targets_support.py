"""Helpers for the targets tests: run the real per-report pipeline on sample files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from govreport_site.build import process_report
from govreport_site.ingest.discover import discover
from govreport_site.model import Report

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
ZHUMADIAN = (REPO / ".." / "shared" / "corpus" / "zhumadian").resolve()
LABELS = REPO / "tests" / "fixtures" / "targets" / "zhumadian"


@cache
def processed(folder: Path) -> dict[str, Report]:
    """Every report of a folder through process_report (decode … parse, analyse), by file name."""
    items, _ = discover(folder)
    return {item.rel: process_report(item.path.read_bytes(), item) for item in items}


def sample(prefix: str) -> Report:
    reports = processed(REPORTS)
    return next(r for name, r in reports.items() if name.startswith(prefix))


def entry(t) -> tuple:
    """A target as the tests compare it."""
    return (t.indicator, t.canonical, t.kind, t.low, t.high, t.unit, t.qualifier)
