"""Title blocks as reports of other places and years write them: region, date, speaker.

Each case is the opening of a report, before a short body (review, plan with targets).
The forms are those a probe of 170 openings of all levels found the parser missing.
"""

from __future__ import annotations

import pytest

from govreport_site.ingest.normalise import normalise
from govreport_site.model import Metadata, SourceText
from govreport_site.parse import parse

BODY = """各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2023年工作回顾
过去一年，我们坚持稳中求进工作总基调，经济社会发展取得新成效。
二、2024年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。
"""


def parsed(head: str, body: str = BODY, path: str = "a.txt"):
    source = SourceText(path, head.strip("\n") + "\n" + body, "utf-8", Metadata())
    return parse(source, normalise(source))


@pytest.mark.parametrize(
    ("head", "region"),
    [
        # the year before the place in the title (web copies)
        (
            "2024年驻马店市政府工作报告\n（2024年1月15日在市五届人大四次会议上）\n市长 李跃勇",
            ["河南省", "驻马店市"],
        ),
        ("二〇二四年郑州市政府工作报告\n市长 何雄", ["河南省", "郑州市"]),
        # the place before 十六届 without 第, or after the date without 在
        (
            "政府工作报告\n——2024年1月15日在郑州市十六届人大三次会议上\n市长 何雄",
            ["河南省", "郑州市"],
        ),
        (
            "政府工作报告\n（2024年1月18日江门市第十五届人民代表大会第四次会议通过）\n市长 吴晓晖",
            ["广东省", "江门市"],
        ),
        # short names of autonomous prefectures and counties, in the table's full names
        (
            "政府工作报告\n——2024年1月10日在恩施州第九届人民代表大会第四次会议上\n"
            "恩施州人民政府州长 何静",
            ["湖北省", "恩施土家族苗族自治州"],
        ),
        (
            "政府工作报告\n——2024年1月8日在长阳自治县第十届人民代表大会第四次会议上\n县长 张三",
            ["湖北省", "宜昌市", "长阳土家族自治县"],
        ),
        ("郑州政府工作报告（2024）\n市长 何雄", ["河南省", "郑州市"]),
        # a zone named after its city, and one the table lists under a short name's split
        (
            "2024年宜昌高新区管委会工作报告\n宜昌高新区管委会主任 刘勇",
            ["湖北省", "宜昌市", "宜昌高新区"],
        ),
        (
            "郑州航空港经济综合实验区管委会2024年工作报告\n主任 张三",
            ["河南省", "郑州市", "郑州航空港经济综合实验区"],
        ),
        # a prefecture's administrative office (行政公署) and its 专员
        (
            "政府工作报告\n——2024年1月20日在阿克苏地区人大工委全体会议上\n"
            "阿克苏地区行政公署专员 玉苏甫江·麦麦提",
            ["新疆维吾尔自治区", "阿克苏地区"],
        ),
        (
            "大兴安岭地区行政公署工作报告\n——2024年1月在地区人大工委会议上\n行署专员 李刚",
            ["黑龙江省", "大兴安岭地区"],
        ),
    ],
)
def test_the_region_of_a_title_block(head, region) -> None:
    assert parsed(head).meta.region == region


@pytest.mark.parametrize(
    ("opening", "region"),
    [
        ("现在，我代表驻马店市政府向大会报告工作，请予审议。", ["河南省", "驻马店市"]),
        ("受郑州市人民政府委托，我向大会报告政府工作，请予审议。", ["河南省", "郑州市"]),
        ("现在，我代表国务院，向大会报告政府工作，请予审议。", ["全国"]),
    ],
)
def test_the_region_from_the_opening_of_a_copy_without_title_block(opening, region) -> None:
    body = BODY.replace("现在，我代表市人民政府，向大会报告工作，请予审议。", opening)
    assert parsed("", body).meta.region == region


@pytest.mark.parametrize(
    ("line", "speaker", "title"),
    [
        ("郑州市人民政府副市长 张俊峰（受市长委托）", "张俊峰", "副市长"),
        ("郑州市人民政府市长\n何雄", "何雄", "市长"),
        ("郑州市人民政府市长（代） 何雄", "何雄", "代市长"),
        ("阿克苏地区行政公署专员 玉苏甫江·麦麦提", "玉苏甫江·麦麦提", "专员"),
    ],
)
def test_the_speaker(line, speaker, title) -> None:
    head = "政府工作报告\n——2024年1月15日在郑州市第十六届人民代表大会第三次会议上\n" + line
    meta = parsed(head).meta
    assert (meta.speaker, meta.speaker_title) == (speaker, title)


def test_a_december_meeting_is_for_the_year_its_title_names() -> None:
    head = "2024年政府工作报告\n——2023年12月28日在永嘉县第十八届人民代表大会第三次会议上\n县长 张三"
    body = BODY.replace("2023年工作回顾", "过去一年工作回顾").replace(
        "2024年工作安排", "今年工作安排"
    )
    report = parsed(head, body)
    assert report.meta.year == 2024 and report.meta.date == "2023-12-28"
    assert not [d for d in report.diagnostics if "year" in d.message]


def test_sessions_and_dates_in_other_forms() -> None:
    meta = parsed("政府工作报告\n——2024年1月16日在许昌市第八届人大第三次会议上\n市长 张三").meta
    assert meta.session == "第八届人民代表大会第三次会议"
    meta = parsed(
        "政府工作报告\n（2024.1.15 在郑州市第十六届人民代表大会第三次会议上）\n市长 何雄"
    ).meta
    assert meta.date == "2024-01-15"


def test_the_folders_pick_the_district_of_their_city_within_one_province() -> None:
    # 江苏 has two 鼓楼区 (南京, 徐州): the folder 南京市 decides, not the province alone
    head = "政府工作报告\n——2024年1月5日在鼓楼区第十七届人民代表大会第三次会议上\n区长 张三"
    report = parsed(head, path="江苏省/南京市/鼓楼区/2024.txt")
    assert report.meta.region == ["江苏省", "南京市", "鼓楼区"]


@pytest.mark.parametrize(
    ("head", "path", "region"),
    [
        # a town whose name ends like its level
        (
            "政府工作报告\n——2024年1月8日在桐乡市乌镇镇第十六届人民代表大会第四次会议上\n镇长 张三",
            "a.txt",
            ["浙江省", "嘉兴市", "桐乡市", "乌镇镇"],
        ),
        # the province named, the prefecture skipped
        (
            "政府工作报告\n——2024年1月8日在河南省西平县第十四届人民代表大会第三次会议上\n县长 张三",
            "a.txt",
            ["河南省", "驻马店市", "西平县"],
        ),
        # a place the tables lack, under the folders that say where it is
        (
            "政府工作报告\n——2014年1月8日在排碧乡第十五届人民代表大会第三次会议上\n乡长 张三",
            "湖南省/湘西土家族苗族自治州/花垣县/2014.txt",
            ["湖南省", "湘西土家族苗族自治州", "花垣县", "排碧乡"],
        ),
    ],
)
def test_regions_of_towns_and_counties(head, path, region) -> None:
    assert parsed(head, path=path).meta.region == region


def test_a_date_without_its_day_gives_the_year() -> None:
    head = "政府工作报告\n——2012年2月在城关镇第十六届人民代表大会第一次会议上\n镇长 张三"
    body = BODY.replace("2023年工作回顾", "过去一年工作回顾").replace(
        "2024年工作安排", "今年工作安排"
    )
    meta = parsed(head, body).meta
    assert meta.year == 2012 and meta.date is None


def test_the_title_of_a_zones_or_sub_districts_head() -> None:
    head = "郑州经济技术开发区管委会2024年工作报告\n管委会主任 王平"
    assert parsed(head).meta.speaker_title == "管委会主任"
