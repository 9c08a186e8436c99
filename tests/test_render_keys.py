"""Page keys name every input of a page: after a change, a page whose key stayed the same
renders to the same bytes (render.page_inputs, render.outputs).

Planned without the text analysis, so that what the analysis shows (which moves with any
edit of the corpus) does not hide an input the key would miss.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from govreport_site.build import process_report
from govreport_site.config import Config
from govreport_site.ingest.discover import discover
from govreport_site.render.outputs import render, site_outputs
from govreport_site.render.pages import environment
from govreport_site.render.plan import plan_site

ROOT = Path(__file__).resolve().parents[1]
BAOSHAN_2023 = "reports/heilongjiang-shuangyashan-baoshan-2023.html"
BAOSHAN_2024 = "reports/heilongjiang-shuangyashan-baoshan-2024.html"


def pages(folder: Path) -> dict[str, tuple[str, bytes]]:
    """name -> (key, bytes) of every page of the site planned from `folder`."""
    config = Config(root=folder, reports_dir=folder, out_dir=folder / "_site")
    items, _ = discover(folder, config.max_report_mb)
    reports = [process_report(item.path.read_bytes(), item) for item in items]
    by_hash = {r.content_hash: r for r in reports}
    site = plan_site(reports, config)
    env = environment(config)
    out = {}
    for o in site_outputs(site, config, dict, "data"):
        if o.page or o.report or o.view:
            out[o.name] = (o.key, render(o, site, config, env, by_hash.get))
    return out


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> tuple[Path, dict]:
    """The pages of the samples, planned from the folder every test changes a copy of
    (the same folder: the config, paths included, is in every key)."""
    folder = tmp_path_factory.mktemp("samples") / "reports"
    shutil.copytree(ROOT / "reports", folder)
    return folder, pages(folder)


@pytest.fixture
def before(samples, tmp_path_factory) -> tuple[Path, dict]:
    folder, old = samples
    saved = tmp_path_factory.mktemp("saved") / "reports"
    shutil.copytree(folder, saved)
    yield folder, old
    shutil.rmtree(folder)
    shutil.copytree(saved, folder)


def after(before, change: Callable[[Path], None]) -> dict:
    """The pages after `change`; every page whose key did not move is as it was."""
    folder, old = before
    change(folder)
    new = pages(folder)
    stale = [n for n in new if n in old and new[n][0] == old[n][0] and new[n][1] != old[n][1]]
    assert not stale, f"same key, different page: {stale}"
    kept = [n for n in new if n in old and new[n][0] == old[n][0]]
    assert kept, "every key moved: the check above proves nothing"
    return new


def changed(before, new: dict) -> set[str]:
    return {n for n in new if n in before[1] and new[n][1] != before[1][n][1]}


def test_a_title_reaches_the_next_reports_previous_link(before):
    def retitle(folder: Path) -> None:  # 2023: the 2024 report links back to it
        sidecar = folder / "001_6cdde31dd99d9c5b.yaml"
        text = sidecar.read_text("utf-8") + "title: 宝山区政府工作报告（节选）\n"
        sidecar.write_text(text, "utf-8")

    assert BAOSHAN_2024 in changed(before, after(before, retitle))


def test_a_reviewed_figure_reaches_last_years_targets(before):
    def refigure(folder: Path) -> None:
        path = folder / "000_b4b53c33c4814be1.txt"
        text = path.read_text("utf-8").replace("外贸进出口总额增幅227%", "外贸进出口总额增幅2.27%")
        path.write_text(text, "utf-8")

    assert BAOSHAN_2023 in changed(before, after(before, refigure))


def test_a_copied_report_warns_on_the_page_of_the_first(before):
    def copy(folder: Path) -> None:
        for path in folder.glob("004_*"):
            shutil.copy(path, folder / path.name.replace("004_", "005_"))

    assert "reports/heilongjiang-jiamusi-qianjin-2021.html" in changed(before, after(before, copy))


def test_a_region_above_reaches_the_breadcrumbs_below(before):
    def add_city(folder: Path) -> None:
        shutil.copy(folder / "004_01b31af4fff02e6b.txt", folder / "006_city.txt")
        (folder / "006_city.yaml").write_text("region: [黑龙江省, 双鸭山市]\nyear: 2020\n", "utf-8")

    moved = changed(before, after(before, add_city))
    assert {BAOSHAN_2023, BAOSHAN_2024} <= moved


def test_an_edit_leaves_pages_of_other_regions_alone(before):
    def edit(folder: Path) -> None:
        path = folder / "003_097f914945e8a5ad.txt"
        path.write_text(path.read_text("utf-8") + "\n各位代表，这是新增的一句话。\n", "utf-8")

    new = after(before, edit)
    same_key = {n for n in new if n in before[1] and new[n][0] == before[1][n][0]}
    assert BAOSHAN_2023 in same_key and "regions/shanghai-baoshan-miaoxing.html" in same_key


def test_figure_digests_kept_in_the_cache_are_those_a_build_without_it_makes(tmp_path):
    """render.page_inputs.own_figures keeps each report's figure digest by content hash in
    the report cache: read back, or from a damaged file, they are the digests made anew,
    and a report no longer in the site is dropped from the file."""
    from types import SimpleNamespace

    from govreport_site.render.page_inputs import FIGURES_FILE, own_figures

    config = Config(root=tmp_path, reports_dir=ROOT / "reports", out_dir=tmp_path / "_site")
    items, _ = discover(ROOT / "reports", config.max_report_mb)
    reports = [process_report(item.path.read_bytes(), item) for item in items]

    def planned(reports: list, folder: Path | None):
        site = plan_site(reports, config)
        site.analysis = SimpleNamespace(cache_folder=folder)
        return site

    fresh = own_figures(planned(reports, None))
    assert len(set(fresh.values())) == len(reports)  # the samples' figures all differ
    assert own_figures(planned(reports, tmp_path)) == fresh  # written
    assert (tmp_path / FIGURES_FILE).is_file()
    assert own_figures(planned(reports, tmp_path)) == fresh  # read back
    (tmp_path / FIGURES_FILE).write_bytes(b"not a pickle")
    assert own_figures(planned(reports, tmp_path)) == fresh
    own_figures(planned(reports[1:], tmp_path))
    with (tmp_path / FIGURES_FILE).open("rb") as f:
        assert set(pickle.load(f)) == {r.content_hash for r in reports[1:]}
