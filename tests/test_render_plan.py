"""render.plan and render.slugs: ids, URLs, regions and years for the whole corpus."""

from __future__ import annotations

import random

import pytest

from govreport_site.build import process_report
from govreport_site.config import Config
from govreport_site.ingest.discover import discover
from govreport_site.model import Metadata, Report
from govreport_site.render.plan import plan_site
from govreport_site.render.slugs import region_level, region_slug, strip_suffix, valid_slug
from render_fixtures import config_for, report_000, report_003, sample_reports


def bare(source_file: str, region: list[str], year: int | None, **meta) -> Report:
    return Report(
        source_file=source_file, encoding="utf-8", meta=Metadata(region=region, year=year, **meta)
    )


def test_sample_ids_are_ascii_unique_and_readable(tmp_path):
    site = plan_site(sample_reports(), config_for(tmp_path))
    ids = [sr.id for sr in site.reports]
    assert len(ids) == len(set(ids)) == 5
    assert all(i.isascii() and valid_slug(i) for i in ids)
    by_file = {sr.source_file: sr for sr in site.reports}
    sr = by_file["000_b4b53c33c4814be1.txt"]
    assert sr.region.id == "heilongjiang-shuangyashan-baoshan"
    assert sr.id == "heilongjiang-shuangyashan-baoshan-2024"
    assert sr.url == "reports/heilongjiang-shuangyashan-baoshan-2024.html"
    assert sr.region.url == "regions/heilongjiang-shuangyashan-baoshan.html"
    assert [y.url for y in site.years] == ["years/2021.html", "years/2023.html", "years/2024.html"]
    assert site.diagnostics == []


def test_two_baoshan_districts_are_two_regions(tmp_path):
    site = plan_site(sample_reports(), config_for(tmp_path))
    assert len(site.regions) == 4
    baoshan = [r for r in site.regions if "宝山区" in r.names]
    assert len(baoshan) == 2
    assert len({r.id for r in baoshan}) == 2
    town = next(r for r in baoshan if r.names[-1] == "庙行镇")
    assert town.id == "shanghai-baoshan-miaoxing"
    assert town.level == "town"
    assert [sr.id for sr in town.reports] == ["shanghai-baoshan-miaoxing-2023"]


def test_prev_next_link_reports_of_the_same_region_in_year_order(tmp_path):
    site = plan_site(sample_reports(), config_for(tmp_path))
    region = next(r for r in site.regions if r.id == "heilongjiang-shuangyashan-baoshan")
    older, newer = region.reports
    assert (older.year, newer.year) == (2023, 2024)
    assert older.next is newer and newer.prev is older
    assert older.prev is None and newer.next is None
    other = next(sr for sr in site.reports if sr.region is not region and sr.year == 2024)
    assert other.prev is None and other.next is None


def test_plan_does_not_depend_on_input_order(tmp_path):
    reports = sample_reports()
    first = plan_site(reports, config_for(tmp_path))
    random.Random(7).shuffle(reports)
    second = plan_site(reports, config_for(tmp_path))
    assert [sr.id for sr in first.reports] == [sr.id for sr in second.reports]
    assert [r.id for r in first.regions] == [r.id for r in second.regions]


def test_same_region_and_year_twice_gets_suffix_and_warning_naming_both(tmp_path):
    a = report_000()
    b = report_000()
    b.source_file = "copies/000-again.txt"
    site = plan_site([b, a], config_for(tmp_path))
    ids = sorted(sr.id for sr in site.reports)
    assert ids == [
        "heilongjiang-shuangyashan-baoshan-2024",
        "heilongjiang-shuangyashan-baoshan-2024-2",
    ]
    messages = [d.message for d in site.diagnostics]
    assert any("000_b4b53c33c4814be1.txt" in m and "copies/000-again.txt" in m for m in messages)
    # The suffix goes to the later file name, whatever the input order.
    again = next(sr for sr in site.reports if sr.source_file == "copies/000-again.txt")
    assert again.id == "heilongjiang-shuangyashan-baoshan-2024-2"
    assert any("2024" in d.message for d in again.diagnostics)


def test_user_id_is_used_when_it_is_a_slug_and_ignored_with_warning_otherwise(tmp_path):
    good = bare("a.txt", ["河南省", "驻马店市"], 2020, id="zmd-2020")
    bad = bare("b.txt", ["河南省", "驻马店市"], 2021, id="驻马店/../2021")
    upper = bare("c.txt", ["河南省", "驻马店市"], 2022, id="ZMD")
    site = plan_site([good, bad, upper], config_for(tmp_path))
    ids = {sr.source_file: sr.id for sr in site.reports}
    assert ids == {
        "a.txt": "zmd-2020",
        "b.txt": "henan-zhumadian-2021",
        "c.txt": "henan-zhumadian-2022",
    }
    warned = {d.source_file for d in site.diagnostics if "not an ASCII slug" in d.message}
    assert warned == {"b.txt", "c.txt"}


def test_user_id_wins_over_a_derived_id_it_collides_with(tmp_path):
    derived = bare("a.txt", ["河南省", "驻马店市"], 2020)
    chosen = bare("z.txt", ["河南省", "驻马店市"], 2019, id="henan-zhumadian-2020")
    site = plan_site([derived, chosen], config_for(tmp_path))
    ids = {sr.source_file: sr.id for sr in site.reports}
    assert ids["z.txt"] == "henan-zhumadian-2020"
    assert ids["a.txt"] == "henan-zhumadian-2020-2"
    assert any(d.source_file == "a.txt" and "already used" in d.message for d in site.diagnostics)


def test_report_without_region_or_year(tmp_path):
    no_region = bare("misc/某地报告.txt", [], 2020)
    no_year = bare("zmd/undated.txt", ["河南省", "驻马店市"], None)
    dated = bare("zmd/2020.txt", ["河南省", "驻马店市"], 2020)
    site = plan_site([no_region, no_year, dated], config_for(tmp_path))
    by_file = {sr.source_file: sr for sr in site.reports}
    assert by_file["misc/某地报告.txt"].region.id == "unknown"
    assert by_file["misc/某地报告.txt"].region.name == "未知地区"
    assert by_file["misc/某地报告.txt"].id == "misc-moudibaogao"
    assert by_file["zmd/undated.txt"].id == "zmd-undated"
    # Undated: on its region page, after the dated one; on no year page; no prev/next.
    region = by_file["zmd/2020.txt"].region
    assert [sr.source_file for sr in region.reports] == ["zmd/2020.txt", "zmd/undated.txt"]
    assert by_file["zmd/undated.txt"].prev is None and by_file["zmd/2020.txt"].next is None
    assert [(y.year, [sr.source_file for sr in y.reports]) for y in site.years] == [
        (2020, ["zmd/2020.txt", "misc/某地报告.txt"])
    ]
    # The unknown region comes last, after every real one.
    assert site.regions[-1].id == "unknown"
    assert site.provinces[-1].name == "未知地区"


def test_homophone_regions_of_one_city_get_different_ids(tmp_path):
    # 朝阳区 and 朝阳县 both strip to 朝阳: the full names keep them apart.
    district = bare("a.txt", ["辽宁省", "朝阳市", "朝阳区"], 2020)
    county = bare("b.txt", ["辽宁省", "朝阳市", "朝阳县"], 2020)
    site = plan_site([district, county], config_for(tmp_path))
    ids = sorted(r.id for r in site.regions)
    assert len(set(ids)) == 2
    assert all(valid_slug(i) for i in ids)
    assert len({sr.id for sr in site.reports}) == 2


def test_region_slug_strips_suffixes_only_when_two_characters_remain():
    assert strip_suffix("宝山区") == "宝山"
    assert strip_suffix("沛县") == "沛县"
    assert strip_suffix("广西壮族自治区") == "广西壮族"
    assert strip_suffix("南京路街道") == "南京路"
    assert region_slug(["江苏省", "徐州市", "沛县"]) == "jiangsu-xuzhou-peixian"
    assert region_slug(["北京市", "朝阳区"]) == "beijing-chaoyang"  # read in context, not zhaoyang
    assert region_slug(["重庆市"]) == "chongqing"
    assert valid_slug(region_slug(["内蒙古自治区", "锡林郭勒盟", "正蓝旗"]))
    # Names with nothing to transliterate still get a stable ASCII id.
    assert region_slug(["★★"]) == region_slug(["★★"])
    assert valid_slug(region_slug(["★★"]))


def test_region_level_from_the_suffix_and_position():
    cases = {
        ("全国",): "national",  # the State Council's report, as the parser names it
        ("中华人民共和国",): "national",
        ("黑龙江省",): "province",
        ("上海市",): "province",  # a municipality is province-level
        ("新疆维吾尔自治区",): "province",
        ("香港特别行政区",): "province",
        ("河南省", "驻马店市"): "city",
        ("吉林省", "延边朝鲜族自治州"): "city",
        ("内蒙古自治区", "锡林郭勒盟"): "city",
        ("西藏自治区", "阿里地区"): "city",
        ("江苏省", "苏州市", "昆山市"): "county",  # county-level city under a prefecture
        ("上海市", "宝山区"): "county",
        ("黑龙江省", "双鸭山市", "宝山区"): "county",
        ("河南省", "驻马店市", "上蔡县"): "county",
        ("内蒙古自治区", "锡林郭勒盟", "正蓝旗"): "county",
        ("上海市", "宝山区", "庙行镇"): "town",
        ("河南省", "驻马店市", "驿城区", "老街街道"): "town",
        ("贵州省", "黔东南州", "雷山县", "方祥乡"): "town",
        (): None,
    }
    for names, level in cases.items():
        assert region_level(list(names)) == level, names


def test_region_of_a_report_is_planned_once_per_name_list(tmp_path):
    a = report_003()
    b = report_003()
    b.source_file = "003-2023.txt"
    b.meta.year = 2023
    site = plan_site([a, b], config_for(tmp_path))
    assert len(site.regions) == 1
    assert [sr.year for sr in site.regions[0].reports] == [2023, 2024]


def test_reports_of_no_known_region_are_no_series(tmp_path):
    """Two unrelated reports without a region share 未知地区, but neither is the other's
    previous year, and no target of one is judged against the other's review."""
    from govreport_site.render.figures import site_figures

    folder = tmp_path / "reports"
    folder.mkdir()
    for year, growth in ((2023, "6%"), (2024, "8%")):
        (folder / f"x{year}.txt").write_text(
            f"{year}年政府工作报告\n一、{year - 1}年工作回顾\n地区生产总值增长{growth}。\n"
            f"二、{year}年工作安排\n今年主要预期目标是：地区生产总值增长{growth}。\n",
            encoding="utf-8",
        )
    config = Config(root=tmp_path)
    items, _ = discover(folder)
    reports = [process_report(i.path.read_bytes(), i) for i in items]
    site = plan_site(reports, config)
    unknown = [sr for sr in site.reports if not sr.region.known]
    assert len(unknown) == 2 and all(sr.prev is None and sr.next is None for sr in unknown)
    assert site_figures(site, config).next_report == {}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("长治市", "changzhi"),  # pypinyin alone: zhangzhi
        ("长宁区", "changning"),
        ("长阳土家族自治县", "changyangtujiazu"),
        ("长子县", "zhangzi"),  # the one 长 that is zhang
        ("闵行区", "minhang"),
        ("单县", "shanxian"),
        ("宜昌高新区", "yichanggaoxinqu"),  # a zone keeps its kind (was yichanggao)
    ],
)
def test_slugs_of_place_names_pypinyin_misreads(name, slug) -> None:
    from govreport_site.render.slugs import _name_slug

    assert _name_slug(name, True) == slug
