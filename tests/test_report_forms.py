"""Report structures and target forms of other places, from a probe of 52 reports.

Each case is a compact report as real ones are written; the assertions are what a reader
sees on the site: the parts and their kinds, the targets passage, the targets, the actuals.
"""

from __future__ import annotations

import pytest

from govreport_site.analyse.report import analyse_report
from govreport_site.ingest.normalise import normalise
from govreport_site.model import Metadata, SourceText
from govreport_site.parse import parse

TITLE = "政府工作报告\n——2024年1月20日在新乡市第十四届人民代表大会第二次会议上\n市长 魏建平\n"
OPENING = "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n"
REVIEW = "2023年，全市地区生产总值增长5.1%，一般公共预算收入增长10.2%。\n"
TARGETS = "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%。\n"
CLOSING = (
    "各位代表，让我们更加紧密地团结在以习近平同志为核心的党中央周围，为奋力谱写新篇章而努力奋斗！\n"
)


def report(text: str):
    source = SourceText("a.txt", text, "utf-8", Metadata(region=["河南省", "新乡市"], year=2024))
    r = parse(source, normalise(source))
    analyse_report(r)
    return r


def kinds(r) -> list[tuple[str, str]]:
    return [(p.kind, p.title) for p in r.parts if p.kind not in ("title", "opening")]


def targets(r) -> list[tuple]:
    return [(t.canonical or t.indicator, t.kind, t.low, t.unit, t.qualifier) for t in r.targets]


@pytest.mark.parametrize(
    ("review", "plan"),
    [
        ("【2023年工作回顾】", "【2024年工作安排】"),  # bracketed, unnumbered
        ("（一）2023年工作回顾", "（二）2024年工作安排"),  # （一） at the top (town reports)
        ("一、2023年工作回顾", "二，2024年工作安排"),  # a comma for 、
        ("壹、2023年工作回顾", "贰、2024年工作安排"),  # financial numerals
    ],
)
def test_part_headings_in_other_styles(review, plan) -> None:
    r = report(TITLE + OPENING + f"{review}\n{REVIEW}{plan}\n{TARGETS}" + CLOSING)
    assert kinds(r)[:2] == [
        ("review", review.strip("【】")[-9:]),
        ("plan", plan.strip("【】")[-9:]),
    ]
    assert ("gdp", "growth", 6.0, "%", "左右") in targets(r)
    assert [a.canonical for a in r.actuals] == ["gdp", "general-budget-revenue"]


def test_review_and_plan_named_by_other_words() -> None:
    r = report(TITLE + OPENING + f"一、一年来的工作\n{REVIEW}二、2024年工作打算\n{TARGETS}")
    assert [k for k, _ in kinds(r)] == ["review", "plan"]
    assert len(r.actuals) == 2


@pytest.mark.parametrize(
    "appeal",
    [
        "各位代表，奋斗创造历史，实干成就未来！",
        "各位代表！蓝图已经绘就，号角已经吹响。让新乡的明天更加美好！",
        "各位代表，征程万里风正劲，重任千钧再出发。我们要凝心聚力，创造新的更大业绩！",
    ],
)
def test_closing_appeals_without_let_us(appeal) -> None:
    r = report(
        TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{TARGETS}{appeal}\n"
    )
    assert r.parts[-1].kind == "closing" and r.parts[-1].paragraphs[0].text == appeal


@pytest.mark.parametrize(
    "announcement",
    [
        "今年全县经济社会发展的目标是：",
        "综合考虑，今年经济社会发展主要目标定为：",
        "主要指标预期：",
    ],
)
def test_announcements_without_the_usual_words(announcement) -> None:
    line = announcement + "地区生产总值增长7%，一般公共预算收入增长6%，固定资产投资增长10%。\n"
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{line}")
    assert r.targets_passage is not None and announcement in r.targets_passage.text
    assert ("gdp", "growth", 7.0, "%", "") in targets(r)


TABLE_TWO_COLUMNS = "指标\t目标\n地区生产总值\t增长6%\n规模以上工业增加值\t增长7%\n"
TABLE_PIPES = (
    "| 指标 | 目标 |\n| --- | --- |\n"
    "| 地区生产总值增长 | 6%左右 |\n| 规模以上工业增加值增长 | 7% |\n"
)
TABLE_UNIT = "指标\t单位\t目标\n地区生产总值\t%\t增长6\n规模以上工业增加值\t%\t增长7\n"


@pytest.mark.parametrize("table", [TABLE_TWO_COLUMNS, TABLE_PIPES, TABLE_UNIT])
def test_target_tables_of_two_columns_pipes_and_a_unit_column(table) -> None:
    plan = (
        "二、2024年工作安排\n今年经济社会发展的主要预期目标是：\n"
        + table
        + "（一）扩大有效需求。\n"
    )
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}" + plan)
    got = {(c, k, low, unit) for c, k, low, unit, _ in targets(r)}
    assert {("gdp", "growth", 6.0, "%"), ("industrial-value-added", "growth", 7.0, "%")} <= got


def test_a_one_tab_line_is_no_table_row_alone_nor_after_a_list_mark() -> None:
    source = SourceText(
        "a.txt", "一、\t2023年工作回顾\n1.\t加强工业\n2.\t加强农业\n", "utf-8", Metadata()
    )
    assert "\t" not in normalise(source).text


def test_list_marks_up_to_ten_and_units_of_energy() -> None:
    line = (
        "今年主要预期目标是：一是地区生产总值增长6%；二是一般公共预算收入增长5%；三是固定资产"
        "投资增长8%；四是社会消费品零售总额增长6%；五是规模以上工业增加值增长7%；六是居民人均可"
        "支配收入增长与经济增长同步；七是城镇新增就业6万人以上；八是能源消费总量控制在2100万吨"
        "标准煤以内。\n"
    )
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{line}")
    names = {t.indicator for t in r.targets}
    assert not any(n.startswith(("六是", "七是", "八是")) for n in names)
    assert ("new-urban-jobs", "level", 6.0, "万人", "以上") in targets(r)
    energy = next(t for t in r.targets if t.indicator == "能源消费总量")
    assert (energy.low, energy.unit) == (2100, "万吨标准煤")


def test_last_years_target_quoted_in_the_review_is_no_actual() -> None:
    review = "2023年，全市生产总值增长4.6%，年初确定的地区生产总值增长7%的目标未能完成。\n"
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{review}二、2024年工作安排\n{TARGETS}")
    assert [(a.canonical, a.low) for a in r.actuals] == [("gdp", 4.6)]


def test_more_indicator_names() -> None:
    line = (
        "今年主要预期目标是：研发经费支出增长10%左右，研发经费支出占生产总值比重达到3.2%，"
        "年末城镇调查失业率控制在5.5%以内。\n"
    )
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{line}")
    assert {t.canonical for t in r.targets} >= {
        "rd-spending",
        "rd-intensity",
        "surveyed-unemployment",
    }


def test_a_part_numbered_with_financial_numerals_keeps_its_heading_line() -> None:
    text = TITLE + OPENING + f"壹、2023年工作回顾\n{REVIEW}贰、2024年工作安排\n{TARGETS}"
    text += "叁、加强政府自身建设\n我们将坚持以人民为中心的发展思想。\n"
    assert kinds(report(text))[-1] == ("other", "加强政府自身建设")


def test_a_whole_name_in_a_list_takes_no_tail_from_the_last() -> None:
    line = "今年主要预期目标是：地区生产总值增长6%，能耗强度、水耗、碳排放完成国家下达目标任务。\n"
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{line}")
    names = {t.indicator for t in r.targets}
    assert "水耗排放" not in names and {"能耗强度", "碳排放"} <= names


def test_a_rounded_mark_gives_way_to_the_exact_figure_later_in_the_review() -> None:
    review = (
        "过去五年，全省经济实力显著增强。一般公共预算收入突破4200亿元，年均增长4.6%。\n"
        "2023年，全省生产总值增长3.1%，一般公共预算收入4261.6亿元，增长6.6%。\n"
    )
    r = report(TITLE + OPENING + f"一、过去五年工作回顾\n{review}二、2024年工作安排\n{TARGETS}")
    revenue = [a for a in r.actuals if a.canonical == "general-budget-revenue"]
    assert [a.low for a in revenue if a.kind == "level"] == [4261.6]


def actuals(r) -> list[tuple]:
    return [(a.canonical, a.kind, a.low, a.unit, a.estimated) for a in r.actuals]


def test_a_five_year_paragraph_gives_no_actuals_of_the_year() -> None:
    # a new term's review: the five years' growth (38.2%) is not 2023's
    review = (
        "过去五年，是新乡发展极不平凡的五年。全市地区生产总值增长38.2%，规模以上工业增加值增长"
        "41.5%，城镇新增就业36.5万人。2023年，全市地区生产总值完成3411亿元、增长3.5%；规上工业"
        "增加值增长8.1%；城镇新增就业7万人。\n"
    )
    r = report(TITLE + OPENING + f"一、过去五年工作回顾\n{review}二、2024年工作安排\n{TARGETS}")
    assert ("gdp", "growth", 3.5, "%", False) in actuals(r)
    assert not [a for a in r.actuals if a.low in (38.2, 41.5, 36.5)]
    assert ("new-urban-jobs", "level", 7.0, "万人", False) in actuals(r)


def test_part_of_the_year_is_not_the_years_figure_and_an_estimate_stays_in_its_clause() -> None:
    review = (
        "前三季度，全市地区生产总值增长3.9%，预计全年增长4.5%左右；1—11月，规上工业增加值增长"
        "5.2%；一般公共预算收入完成24.1亿元，比上年增长8.1%。\n"
    )
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{review}二、2024年工作安排\n{TARGETS}")
    got = actuals(r)
    assert ("gdp", "growth", 4.5, "%", True) in got
    assert not [a for a in r.actuals if a.low in (3.9, 5.2)]
    assert ("general-budget-revenue", "growth", 8.1, "%", False) in got  # not 预计


def test_a_grain_target_in_jin_is_judged_by_an_actual_in_tons() -> None:
    from govreport_site.analyse.outcomes import comparable
    from govreport_site.model import Actual, Target

    target = Target("粮食产量", "grain-output", "level", 25.0, 25.0, "亿斤", "稳定在…以上")
    actual = Actual("粮食产量", "grain-output", "level", 124.0, 124.0, "万吨")
    assert comparable(target, actual) == pytest.approx(24.8)  # 1亿斤 = 5万吨


def test_a_stretch_figure_belongs_to_its_target() -> None:
    line = "今年主要预期目标是：地区生产总值增长7%左右、力争达到7.5%，一般公共预算收入增长5%。\n"
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{line}")
    gdp = [t for t in r.targets if t.canonical == "gdp"]
    assert len(gdp) == 1 and (gdp[0].low, gdp[0].qualifier) == (7.0, "…左右，力争7.5%")
    assert gdp[0].text == "地区生产总值增长7%左右、力争达到7.5%"


def test_negative_figures_after_wei_and_fu() -> None:
    for review in ("全年人口自然增长率为-1.2‰。\n", "全年人口自然增长率为负1.2‰。\n"):
        r = report(TITLE + OPENING + f"一、2023年工作回顾\n{review}二、2024年工作安排\n{TARGETS}")
        assert ("population-growth", "rate", -1.2, "‰", False) in actuals(r)


def test_a_qualitative_target_with_its_name_inside_shows_its_phrase() -> None:
    from govreport_site.render.indicator_views import value_text

    line = "今年主要预期目标是：地区生产总值增长6%，单位生产总值能耗下降3%，"
    line += "完成国家下达的节能减排任务。\n"
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{line}")
    saving = next(t for t in r.targets if t.kind == "qualitative")
    assert value_text(saving) == "完成国家下达的节能减排任务"


def test_a_web_copys_top_bar_and_footer_go_and_the_report_is_read_whole() -> None:
    text = (
        "郑州市人民政府门户网站 English\n\n" + TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}"
        f"二、2024年工作安排\n{TARGETS}{CLOSING}（来源：郑州日报）\n（完）\n"
        "主办：郑州市人民政府办公厅　承办：郑州市大数据管理局\n"
    )
    source = SourceText("a.txt", text, "utf-8", Metadata())
    normalised = normalise(source)
    r = parse(source, normalised)
    assert r.meta.region == ["河南省", "新乡市"] and r.meta.speaker == "魏建平"
    assert r.parts[-1].kind == "closing" and r.parts[-1].paragraphs[-1].text == CLOSING.strip()
    removed = "".join(n.text for n in normalised.notes if n.kind == "web-debris")
    assert "English" in removed and "（完）" in removed and "承办" in removed


def test_report_text_around_markup_on_a_wrapped_line_is_kept() -> None:
    line = "站安全检测，对发现的<script>alert(1)</script>等跨"
    source = SourceText(
        "a.txt", TITLE + OPENING + line + "\n站点漏洞全部整改到位。\n", "utf-8", Metadata()
    )
    assert "对发现的<script>alert(1)</script>等跨站点漏洞" in normalise(source).text


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("三、关于国务院机构改革", "other"),
        ("五、关于外交工作", "other"),
        ("三、加强政府自身改革和建设", "other"),
        ("一、“九五”时期国民经济和社会发展的巨大成就", "review"),
        ("一、五年来的工作", "review"),
        ("二、“九五”期间的奋斗目标和主要任务", "outlook"),
        ("二、2009年经济社会发展总体部署", "plan"),
    ],
)
def test_part_kinds_of_older_and_national_reports(heading, kind) -> None:
    from govreport_site.parse.parts import classify

    assert classify(heading.split("、", 1)[1]) == kind


def test_older_and_lower_level_names_of_indicators() -> None:
    review = (
        "2023年，全市农牧民人均可支配收入增长8%，税收总收入86.3亿元，到位资金3.2亿元，"
        "二氧化硫排放总量减少2%，公共财政收入120亿元。\n"
    )
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{review}二、2024年工作安排\n{TARGETS}")
    assert {a.canonical for a in r.actuals} >= {
        "rural-income",
        "tax-revenue",
        "external-funds",
        "so2-emissions",
        "general-budget-revenue",
    }


def test_a_zone_as_the_subject_of_its_figures() -> None:
    review = "2023年，新区实现地区生产总值560亿元，增长6.5%。\n"
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{review}二、2024年工作安排\n{TARGETS}")
    assert ("gdp", "growth", 6.5, "%", False) in actuals(r)
    assert ("gdp", "level", 560.0, "亿元", False) in actuals(r)


def test_older_target_wordings() -> None:
    line = "“十一五”开局之年的主要预期目标是：全市生产总值增长10%，通货膨胀率小于3%。\n"
    r = report(TITLE + OPENING + f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{line}")
    assert ("gdp", "growth", 10.0, "%", "") in targets(r)
    inflation = next(t for t in r.targets if t.indicator == "通货膨胀率")
    assert (inflation.low, inflation.qualifier) == (3.0, "小于")


def test_a_web_header_with_the_sites_address_and_date_is_no_title() -> None:
    text = "吉林省人民政府 www.jl.gov.cn  2010年02月01日 来源：吉林日报\n" + TITLE + OPENING
    text += f"一、2023年工作回顾\n{REVIEW}二、2024年工作安排\n{TARGETS}"
    source = SourceText("a.txt", text, "utf-8", Metadata())
    meta = parse(source, normalise(source)).meta
    assert (meta.title, meta.date) == ("政府工作报告", "2024-01-20")
