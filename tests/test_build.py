"""End to end: the sample reports become a site; the cache never serves a stale page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from govreport_site.build import CACHE_FOLDER, build
from govreport_site.config import Config

ROOT = Path(__file__).resolve().parents[1]


def make_site(tmp_path: Path) -> Config:
    shutil.copytree(ROOT / "reports", tmp_path / "reports")
    return Config(
        root=tmp_path,
        reports_dir=tmp_path / "reports",
        out_dir=tmp_path / "_site",
        base_url="https://example.org/govreports/",
    )


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    config = make_site(tmp)
    result = build(config)
    return config, result


def test_sample_site_has_the_pages_the_issue_asks_for(sample_site):
    config, result = sample_site
    out = config.out_dir
    assert result.reports == 5
    assert len(list((out / "reports").glob("*.html"))) == 5
    assert len(list((out / "regions").glob("*.html"))) == 4  # the two 宝山区 are two regions
    assert sorted(p.stem for p in (out / "years").glob("*.html")) == ["2021", "2023", "2024"]
    for name in ("index.html", "404.html", "sitemap.xml", "data/reports.json"):
        assert (out / name).is_file(), name
    assert not result.errors


def test_reports_json_reads_the_samples_as_a_reader_would(sample_site):
    config, _ = sample_site
    data = json.loads((config.out_dir / "data" / "reports.json").read_text(encoding="utf-8"))
    by_file = {r["source_file"].split("_")[0]: r for r in data["reports"]}
    expect = {
        "000": (2024, ["review", "plan"], "刘志军"),
        "001": (2023, ["excerpt", "plan"], None),
        "002": (2023, ["review", "plan"], "朱峻峰"),
        "003": (2024, ["review", "plan"], "王晓宇"),
        "004": (2021, ["review", "outlook", "plan"], "黄远志"),
    }
    for key, (year, kinds, speaker) in expect.items():
        report = by_file[key]
        main_kinds = [
            p["kind"] for p in report["parts"] if p["kind"] not in ("title", "opening", "closing")
        ]
        assert report["year"] == year, key
        assert main_kinds == kinds, key
        if speaker:
            assert report["speaker"] == speaker, key
        assert report["targets_passage"] is not None, key
        assert (config.out_dir / report["url"]).is_file()
    assert by_file["000"]["date"] == "2024-01-14"
    assert by_file["003"]["date"] == "2024-01-10"
    assert "year" in by_file["000"]["inferred"]
    assert "year" not in by_file["001"]["inferred"]  # given in its sidecar
    baoshan = [r for r in data["regions"] if r["names"][-1] == "宝山区"]
    assert len(baoshan) == 1 and baoshan[0]["names"][0] == "黑龙江省"
    assert len(by_file["000"]["region"]["id"]) > 0
    assert by_file["000"]["region"]["id"] != by_file["002"]["region"]["id"]


def test_two_builds_give_the_same_bytes(tmp_path):
    config = make_site(tmp_path)
    build(config, use_cache=False)
    first = site_files(config.out_dir)
    build(config)  # cold cache this time
    assert site_files(config.out_dir) == first
    shutil.rmtree(tmp_path / CACHE_FOLDER)
    build(config)
    assert site_files(config.out_dir) == first


def test_cache_follows_edits_to_text_and_metadata(tmp_path):
    config = make_site(tmp_path)
    build(config)
    report = config.reports_dir / "003_097f914945e8a5ad.txt"
    added = "\n各位代表，这是编辑后新增的一句话。\n"
    report.write_text(report.read_text(encoding="utf-8") + added, encoding="utf-8")
    build(config)
    pages = "".join(p.read_text(encoding="utf-8") for p in (config.out_dir / "reports").glob("*"))
    assert "这是编辑后新增的一句话" in pages

    sidecar = config.reports_dir / "003_097f914945e8a5ad.yaml"
    sidecar.write_text("region: [黑龙江省, 牡丹江市, 东安区]\n", encoding="utf-8")
    build(config)
    data = json.loads((config.out_dir / "data" / "reports.json").read_text(encoding="utf-8"))
    names = [r["region"]["names"][-1] for r in data["reports"]]
    assert "东安区" in names and "爱民区" not in names
