"""Shared pieces of the compare/keyword/reuse tests: the sample reports as parsed, and the
sample and 驻马店 sites built once per test session (each build takes some seconds)."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest

from govreport_site.build import build, process_report
from govreport_site.config import Config
from govreport_site.ingest.discover import discover
from govreport_site.model import Report

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
ZHUMADIAN = (REPO / ".." / "shared" / "corpus" / "zhumadian").resolve()

BAOSHAN_2023 = "heilongjiang-shuangyashan-baoshan-2023"
BAOSHAN_2024 = "heilongjiang-shuangyashan-baoshan-2024"
AIMIN_2024 = "heilongjiang-mudanjiang-aimin-2024"


@cache
def sample_reports() -> dict[str, Report]:
    """The five samples, parsed, by the number their file name starts with (000 … 004)."""
    items, _ = discover(REPORTS)
    reports = [process_report(item.path.read_bytes(), item) for item in items]
    return {r.source_file[:3]: r for r in reports}


def _build(reports: Path, meta: str | None = None) -> Config:
    root = Path(tempfile.mkdtemp(prefix="govreport-compare-"))
    shutil.copytree(reports, root / "reports", ignore=shutil.ignore_patterns(".*"))
    if meta is not None:
        (root / "reports" / "_meta.yaml").write_text(meta, encoding="utf-8")
    config = Config(root=root, reports_dir=root / "reports", out_dir=root / "_site")
    result = build(config)
    assert not result.errors, result.errors
    return config


@cache
def sample_site() -> Path:
    """The output folder of the five samples' site."""
    return _build(REPORTS).out_dir


@cache
def zhumadian_site() -> Path:
    """The 25 reports of 驻马店市 (2002–2026) as a site; skips when the corpus is absent."""
    if not ZHUMADIAN.is_dir():
        pytest.skip("../shared/corpus/zhumadian is not there")
    return _build(ZHUMADIAN, "region: [河南省, 驻马店市]\n").out_dir
