"""The places above a report's region, when the text names only the region itself."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from govreport_site.ingest.normalise import normalise
from govreport_site.parse import parse
from govreport_site.parse.divisions import complete
from govreport_site.render.slugs import region_level
from parse_support import sample, source_for

ZHUMADIAN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "zhumadian"


@pytest.mark.parametrize(
    ("region", "full"),
    [
        (["驻马店市"], ["河南省", "驻马店市"]),  # a prefecture
        (["西平县"], ["河南省", "驻马店市", "西平县"]),  # a county
        (["昆山市"], ["江苏省", "苏州市", "昆山市"]),  # a county-level city
        (["浦东新区"], ["上海市", "浦东新区"]),  # a municipality's district
        (["济源市"], ["河南省", "济源市"]),  # a city the province governs directly
        (["延边朝鲜族自治州"], ["吉林省", "延边朝鲜族自治州"]),
        (["双鸭山市", "宝山区"], ["黑龙江省", "双鸭山市", "宝山区"]),  # below a known top
        (["西平县", "出山镇"], ["河南省", "驻马店市", "西平县", "出山镇"]),
        (["庙行镇"], ["上海市", "宝山区", "庙行镇"]),  # a town of one name in the country
        (["虎门镇"], ["广东省", "东莞市", "虎门镇"]),  # a town of a city without counties
        (["苏州工业园区"], ["江苏省", "苏州市", "苏州工业园区"]),  # a zone with a code
        (["长乐区"], ["福建省", "福州市", "长乐区"]),  # since 2017
        (["长乐市"], ["福建省", "福州市", "长乐市"]),  # before: its reports of those years
        (["莱芜市"], ["山东省", "莱芜市"]),  # a prefecture until 2019
    ],
)
def test_the_places_above_a_region_are_added(region, full) -> None:
    assert complete(region) == full


@pytest.mark.parametrize(
    "region",
    [
        ["宝山区"],  # 上海市 and 双鸭山市 both have one: no guess
        ["宝山区", "庙行镇"],
        ["上海市", "宝山区"],  # the top is a province already
        ["河南省"],
        ["城关镇"],  # hundreds of them
        ["某某镇"],  # not in the table
        ["香港特别行政区"],
        [],
    ],
)
def test_nothing_is_added_where_the_place_is_not_one_known_division(region) -> None:
    assert complete(region) is None


def test_a_county_level_city_is_county_level() -> None:
    assert region_level(complete(["昆山市"])) == region_level(["昆山市"]) == "county"
    assert region_level(["河南省", "济源市"]) == "county"  # governed by the province
    assert region_level(["驻马店市"]) == region_level(["吉林市"]) == "city"
    assert region_level(["某某市"]) == "city"  # not in the table: what its name suggests


def test_a_sample_without_its_sidecar_is_filed_where_its_sidecar_puts_it() -> None:
    # 在牡丹江市爱民区第十六届人民代表大会: the text names the city, not the province
    src, norm = sample("003", with_sidecar=False)
    with_sidecar, _ = sample("003")
    report = parse(src, norm)
    assert report.meta.region == with_sidecar.meta.region == ["黑龙江省", "牡丹江市", "爱民区"]
    assert "region" in report.inferred


def test_the_forwarding_notice_names_the_region_the_title_block_leaves_out() -> None:
    # 佳木斯市前进区人民政府办公室 关于印发《政府工作报告》的通知 … 在区第十六届人民代表大会
    src, norm = sample("004", with_sidecar=False)
    with_sidecar, _ = sample("004")
    assert parse(src, norm).meta.region == with_sidecar.meta.region


def test_of_two_districts_of_one_name_the_text_tells_which_only_when_it_is_clear() -> None:
    # 宝山区 of 双鸭山: 双鸭山 and 黑龙江 once each, 上海 once (赴北京、上海、广东等地开展招商)
    assert parse(*sample("000", with_sidecar=False)).meta.region == ["宝山区"]
    # 在宝山区庙行镇第八届人民代表大会, and 上海 seven times, 双鸭山 and 黑龙江 never
    with_sidecar, _ = sample("002")
    assert parse(*sample("002", with_sidecar=False)).meta.region == with_sidecar.meta.region
    assert with_sidecar.meta.region == ["上海市", "宝山区", "庙行镇"]


def test_the_text_decides_between_places_of_one_name_by_a_clear_margin() -> None:
    shanghai = "上海宝山，上海的北大门。" * 2 + "上海"  # 上海 five times
    assert complete(["宝山区"], shanghai) == ["上海市", "宝山区"]
    shuangyashan = "双鸭山市宝山区，黑龙江东部，双鸭山"
    assert complete(["宝山区"], shuangyashan) == ["黑龙江省", "双鸭山市", "宝山区"]
    assert complete(["宝山区"], shanghai + "赴双鸭山考察") == ["上海市", "宝山区"]  # 5 to 1
    assert complete(["宝山区"], shanghai[:-2] + "赴双鸭山考察") is None  # 4 to 1: not clear
    assert complete(["宝山区"], "上海 上海") is None  # too few mentions to go by


def test_a_given_region_keeps_its_names_and_gains_its_province() -> None:
    path = sorted(ZHUMADIAN.glob("2015.txt"))
    if not path:
        pytest.skip("../shared/corpus/zhumadian is not here")
    from govreport_site.model import Metadata

    src = source_for(path[0], Metadata(region=["驻马店市"]))
    report = parse(src, normalise(src))
    assert report.meta.region == ["河南省", "驻马店市"]


def test_zhumadian_without_metadata_is_filed_under_henan() -> None:
    paths = sorted(ZHUMADIAN.glob("*.txt"))
    if not paths:
        pytest.skip("../shared/corpus/zhumadian is not here")
    regions = []
    for path in paths:
        src = source_for(path)
        regions.append(tuple(parse(src, normalise(src)).meta.region))
    # 2014 on name 驻马店市 in the title block; the older ones name no place at all
    assert set(regions) == {("河南省", "驻马店市"), ()}
    assert regions.count(("河南省", "驻马店市")) >= 12


def _zhumadian(year: int) -> Path:
    path = ZHUMADIAN / f"{year}.txt"
    if not path.exists():
        pytest.skip("../shared/corpus/zhumadian is not here")
    return path


@pytest.mark.parametrize(
    ("rel", "region"),
    [
        ("河南省/驻马店市/2009.txt", ["河南省", "驻马店市"]),
        ("河南/驻马店/2009.txt", ["河南省", "驻马店市"]),  # short names of whole folders
        ("驻马店市2009年政府工作报告.txt", ["河南省", "驻马店市"]),
        ("2009.txt", []),
        ("吉林/2009.txt", []),  # 吉林省 or 吉林市
    ],
)
def test_the_folders_give_the_region_the_text_does_not(rel, region) -> None:
    # 2009's title block is 二00九年政府工作报告 and a date: no place
    path = _zhumadian(2009)
    src = source_for(path)
    src.source_file = rel
    report = parse(src, normalise(src))
    assert report.meta.region == region
    assert ("region" in report.inferred) == bool(region)


def test_the_folders_tell_which_of_two_districts_the_text_names() -> None:
    src, norm = sample("000", with_sidecar=False)  # 在宝山区第十一届人民代表大会
    src.source_file = "黑龙江省/000.txt"
    assert parse(src, norm).meta.region == ["黑龙江省", "双鸭山市", "宝山区"]


def test_the_file_name_gives_the_year_of_an_excerpt() -> None:
    whole, _ = sample("001", with_sidecar=False)  # starts mid-review
    src = dataclasses.replace(whole, text="\n".join(whole.text.split("\n")[:3]))
    norm = normalise(src)
    assert parse(src, norm).meta.year is None  # these lines name no year
    src.source_file = "宝山区/2023.txt"
    report = parse(src, norm)
    assert report.meta.year == 2023 and "year" in report.inferred
    assert report.review_year == 2022
    src.source_file = "2022-2023.txt"  # two years: neither
    assert parse(src, norm).meta.year is None


def test_a_region_of_reports_with_and_without_a_place_in_the_text(tmp_path) -> None:
    from reliability_support import build_site

    files = {f"reports/驻马店/{y}.txt": _zhumadian(y).read_bytes() for y in (2009, 2015)}
    run = build_site(tmp_path, files)
    assert run.code == 0, run.err
    region = (tmp_path / "_site" / "regions" / "henan-zhumadian.html").read_text("utf-8")
    assert "2009" in region and "2015" in region
    assert not list((tmp_path / "_site" / "regions").glob("unknown*"))


def test_a_region_with_a_missing_year_says_so_in_its_links(tmp_path) -> None:
    from reliability_support import build_site

    files = {f"reports/驻马店/{y}.txt": _zhumadian(y).read_bytes() for y in (2014, 2016)}
    run = build_site(tmp_path, files)
    assert run.code == 0, run.err
    page = (tmp_path / "_site" / "reports" / "henan-zhumadian-2016.html").read_text("utf-8")
    assert "上一篇（2014年）" in page and "上一年<" not in page
    assert "与2014年对比（缺2015年）" in page
