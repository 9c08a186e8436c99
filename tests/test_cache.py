"""The report cache: summaries saved after an edit are the ones the next build needs."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from govreport_site.build import CACHE_FOLDER, build
from govreport_site.cache import ReportCache, summarise
from govreport_site.config import Config

ROOT = Path(__file__).resolve().parents[1]


def make_site(tmp_path: Path) -> Config:
    shutil.copytree(ROOT / "reports", tmp_path / "reports")
    return Config(root=tmp_path, reports_dir=tmp_path / "reports", out_dir=tmp_path / "_site")


def saved_summaries(tmp_path: Path) -> dict[str, bytes]:
    with (tmp_path / CACHE_FOLDER / ReportCache.SUMMARIES).open("rb") as f:
        return pickle.load(f)


def test_after_an_edit_the_saved_summaries_are_those_of_the_reports_as_they_are(tmp_path):
    config = make_site(tmp_path)
    build(config)
    report = config.reports_dir / "003_097f914945e8a5ad.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\n新增一句。\n", encoding="utf-8")
    assert build(config).processed == 1
    cache = ReportCache(tmp_path / CACHE_FOLDER)
    saved = saved_summaries(tmp_path)
    assert len(saved) == 5
    for key in saved:
        full = cache.full(key)
        assert full is not None
        assert cache.summary(key) == summarise(full)
    assert build(config).processed == 0


def test_an_unreadable_summary_is_made_again_and_saved_readable(tmp_path):
    config = make_site(tmp_path)
    build(config)
    path = tmp_path / CACHE_FOLDER / ReportCache.SUMMARIES
    saved = saved_summaries(tmp_path)
    damaged = sorted(saved)[2]
    saved[damaged] = b"not a pickle"
    path.write_bytes(pickle.dumps(saved))
    shutil.rmtree(config.out_dir)  # else nothing changed and nothing is loaded
    assert build(config).processed == 1
    assert saved_summaries(tmp_path)[damaged] != b"not a pickle"
    assert build(config).processed == 0


def test_old_versions_of_edited_reports_are_pruned_once_they_outnumber_the_used(tmp_path):
    """Editing back and forth reuses the cache; an ever-growing folder does not."""
    config = make_site(tmp_path)
    build(config)
    stored = tmp_path / CACHE_FOLDER / "reports"

    def count() -> int:
        return len(list(stored.glob("*/*.pickle")))

    assert count() == 5
    report = config.reports_dir / "003_097f914945e8a5ad.txt"
    text = report.read_text(encoding="utf-8")
    for n in range(1, 7):  # kept until the old versions (6) outnumber the used (5)
        report.write_text(text + f"\n新增第{n}句。\n", encoding="utf-8")
        build(config)
        assert count() == (5 + n if n <= 5 else 5), n
    report.write_text(text, encoding="utf-8")  # back to the first version: made again
    assert build(config).processed == 1
