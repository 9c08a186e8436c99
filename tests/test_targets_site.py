"""Targets and actuals on the built sample site: pages, exports, summary, site aliases."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from govreport_site.build import build
from govreport_site.config import Config, load_config
from targets_support import REPORTS

BAOSHAN = "regions/heilongjiang-shuangyashan-baoshan.html"
REPORT_2023 = "reports/heilongjiang-shuangyashan-baoshan-2023.html"
REPORT_2024 = "reports/heilongjiang-shuangyashan-baoshan-2024.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("targets-site")
    config = Config(root=root, reports_dir=REPORTS, out_dir=root / "_site")
    build(config, use_cache=False)
    return config.out_dir


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


def section(html: str) -> str:
    m = re.search(r'<section class="figures".*?</section>', html, re.S)
    assert m, "no figures section"
    return m.group(0)


def test_2023_targets_against_the_2024_review_on_the_region_page(site: Path) -> None:
    html = section(page(site, BAOSHAN))
    row = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>进出口总额</a>.*?</tr>", html, re.S)
    assert row, "no 进出口总额 row"
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    # kind, then 2023 and 2024: the 2023 target (15%) met by the 227% the 2024 report gives
    assert "目标" in cells[1] and "15%" in cells[1] and "status-met" in cells[1]
    assert "227%" in cells[1]
    assert f"../{REPORT_2024}#review-p4" in cells[1]
    assert f"../{REPORT_2023}#plan-p3" in cells[1]
    assert "10%" in cells[2] and "status-" not in cells[2]  # 2024: no 2025 report yet
    assert html.count('class="point actual"') >= 1 and "<svg" in html


def test_report_page_sets_each_target_against_the_next_report(site: Path) -> None:
    html = section(page(site, REPORT_2023))
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S)
    assert len(rows) == 8
    statuses = re.findall(r'class="status status-([a-z-]+)"', html)
    assert sorted(statuses) == sorted(["met"] + ["not-reported"] * 6 + ["not-judged"])
    trade = next(r for r in rows if "外贸进出口总额" in r)
    assert 'href="#plan-p3"' in trade  # the target's own sentence
    assert f'href="../{REPORT_2024}#review-p4"' in trade  # the outcome's sentence
    assert "外贸进出口总额增幅227%" in trade


def test_report_without_a_next_report_shows_targets_only(site: Path) -> None:
    html = section(page(site, REPORT_2024))
    assert "status-" not in html.split("</table>")[0]
    assert "规模以上工业增加值" in html and "20%以上" in html and "10%左右" in html
    assert "城乡居民人均可支配收入" in html


def test_year_page_region_by_indicator(site: Path) -> None:
    html = section(page(site, "years/2023.html"))
    heads = re.findall(r'<th scope="col"><a href="\.\./indicators/([a-z-]+)\.html">', html)
    assert "gdp" in heads and "retail-sales" in heads
    regions = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)
    assert sorted(regions) == ["双鸭山市宝山区", "宝山区庙行镇"]
    # 庙行镇: two entries under 社会消费品零售总额 - 73亿元 and 5%
    town = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "庙行镇" in r)
    assert "力争73亿元" in town and "5%" in town


def test_indicator_pages(site: Path) -> None:
    index = page(site, "indicators/index.html")
    for iid in ("gdp", "retail-sales", "foreign-trade", "industrial-value-added"):
        assert f'href="../indicators/{iid}.html"' in index or f'href="{iid}.html"' in index
    trade = page(site, "indicators/foreign-trade.html")
    assert "外贸进出口总值" in trade and "外贸进出口总额" in trade and "进出口总额" in trade
    assert trade.count('class="indicator-region"') == 2  # 双鸭山宝山区 and 爱民区
    home = page(site, "index.html")
    assert 'href="indicators/index.html"' in home


def test_csv_opens_with_chinese_in_a_spreadsheet(site: Path) -> None:
    raw = (site / "data" / "targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0])[:3] == ["record", "report_id", "report_url"]
    trade = [r for r in rows if r["indicator"] == "外贸进出口总额" and r["record"] == "target"]
    assert len(trade) == 1
    t = trade[0]
    assert t["region"] == "黑龙江省 / 双鸭山市 / 宝山区"
    assert (t["year"], t["kind"], t["low"], t["unit"], t["outcome"]) == (
        "2023",
        "growth",
        "15",
        "%",
        "met",
    )
    assert t["outcome_value"] == "227" and t["outcome_url"].endswith("-2024.html#review-p4")
    data = json.loads(page(site, "data/reports.json"))
    entries = sum(len(r["targets"]) + len(r["actuals"]) for r in data["reports"])
    assert len(rows) == entries
    assert len(json.loads(page(site, "data/targets.json"))["rows"]) == len(rows)


def test_reports_json_has_targets_and_actuals(site: Path) -> None:
    data = json.loads(page(site, "data/reports.json"))
    town = next(r for r in data["reports"] if r["id"] == "shanghai-baoshan-miaoxing-2023")
    assert town["targets_status"] == "stated"
    assert [(t["indicator"], t["kind"], t["low"], t["unit"]) for t in town["targets"]] == [
        ("区级地方财政收入", "qualitative", None, ""),
        ("社会消费品零售总额", "level", 73, "亿元"),
        ("社会消费品零售总额", "growth", 5, "%"),
        ("固定资产投资", "level", 10, "亿元"),
    ]
    baoshan = next(r for r in data["reports"] if r["id"].endswith("shuangyashan-baoshan-2024"))
    assert any(a["canonical"] == "foreign-trade" and a["low"] == 227 for a in baoshan["actuals"])
    sitemap = page(site, "sitemap.xml")
    assert "indicators/index.html" in sitemap and "indicators/gdp.html" in sitemap


UNKNOWN = """政府工作报告
一、2023年工作回顾
2023年，全镇快递业务量完成5000万件，增长12%。
二、2024年工作安排
今年全镇经济社会发展的主要预期目标是：快递业务量增长10%以上，地区生产总值增长6%。
为实现上述目标，重点抓好以下工作：
"""


def test_unknown_indicators_in_the_summary_and_site_aliases(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "town-2024.txt").write_text(UNKNOWN, encoding="utf-8")
    (reports / "town-2024.yaml").write_text("region: [某省, 某市, 某县, 某镇]\nyear: 2024\n")
    config, _ = load_config(tmp_path)
    result = build(config, use_cache=False)
    assert len(result.notes) == 1 and "快递业务量 (1)" in result.notes[0]
    assert "快递业务量" in page(config.out_dir, "indicators/index.html")

    shutil.rmtree(config.out_dir)
    (tmp_path / "site.yaml").write_text(
        "indicators:\n  - id: express-volume\n    name: 快递业务量\n    aliases: [快递量]\n",
        encoding="utf-8",
    )
    config, _ = load_config(tmp_path)
    result = build(config, use_cache=False)
    assert result.notes == []
    express = page(config.out_dir, "indicators/express-volume.html")
    assert "10%以上" in express and "12%" in express  # the target, and the review's figure
    data = json.loads(page(config.out_dir, "data/reports.json"))
    assert data["reports"][0]["targets"][0]["canonical"] == "express-volume"
