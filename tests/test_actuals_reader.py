"""The actual-figures reader skips text that cannot hold a figure; it must not skip figures.

extract_actuals reads a review sentence only if it has a number with a unit after numfold
(which writes Chinese numerals and full-width digits as ASCII), and only the clauses a figure
can come from or take its name from (read_sentence(values_only=True)).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_site.analyse.actuals import extract_actuals, review_paragraphs
from govreport_site.analyse.figures import numfold, read_sentence, sentences
from govreport_site.model import Metadata, Paragraph, Part, Report
from targets_support import REPORTS, ZHUMADIAN, processed


def review(*paragraphs: str) -> Report:
    body = [Paragraph(f"review-p{n}", text) for n, text in enumerate(paragraphs)]
    part = Part("review", "过去一年工作回顾", "review", body)
    return Report("test.txt", "utf-8", Metadata(year=2024), review_year=2023, parts=[part])


def actuals(*paragraphs: str) -> list[tuple]:
    return [(a.indicator, a.kind, a.low, a.unit) for a in extract_actuals(review(*paragraphs))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("全市生产总值增长百分之六点五。", ("全市生产总值", "growth", 6.5, "%")),
        ("财政收入完成一千二百万元。", ("财政收入", "level", 1200.0, "万元")),
        ("工业增加值增长１２．５％。", ("工业增加值", "growth", 12.5, "%")),
        ("城镇登记失业率控制在４％以内。", ("城镇登记失业率", "rate", 4.0, "%")),
        ("进出口总额增长十五％。", ("进出口总额", "growth", 15.0, "%")),
        ("人口自然增长率控制在千分之六以内。", ("人口自然增长率", "rate", 6.0, "‰")),
    ],
)
def test_figures_written_in_chinese_numerals_or_full_width_are_read(text, expected) -> None:
    assert actuals(text) == [expected]


def test_an_old_report_in_numerals_throughout() -> None:
    """The 1998 national report writes years, sums and shares in numerals: the year that
    opens the sentence is not in the name, 七万四千七百七十二亿 is one sum, and the
    growth since 一九九二年 (five years) is not last year's."""
    got = actuals(
        "一九九七年国内生产总值达到七万四千七百七十二亿元，比一九九二年增长百分之六十一。",
        "城镇新增就业三万五千人。",
    )
    assert got == [
        ("国内生产总值", "level", 74772.0, "亿元"),
        ("城镇新增就业", "level", 35000.0, "人"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "工业用电量达40.8亿千瓦时，增长8.7%。",
            ("工业用电量", "level", 40.8, "亿千瓦时"),
        ),  # 驻马店 2010
        ("白酒产量达到３２万千升。", ("白酒产量", "level", 32.0, "万千升")),
        ("高新技术企业数量突破1万家。", ("高新技术企业数量", "level", 1.0, "万家")),
    ],
)
def test_the_whole_unit_is_read(text, expected) -> None:
    assert actuals(text)[0] == expected


def test_real_growth_and_an_average_rate() -> None:
    """实际增长 and 平均为: the words between the name and the figure are not the name."""
    assert actuals("居民人均可支配收入实际增长6.1%。") == [
        ("居民人均可支配收入", "growth", 6.1, "%")
    ]
    assert actuals("全国城镇调查失业率平均为5.2%。") == [("全国城镇调查失业率", "rate", 5.2, "%")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 预计 after the name: the figure, marked estimated
        ("地区生产总值预计增长5.2%。", [("地区生产总值", "growth", 5.2, "%", True)]),
        ("粮食产量有望达到120亿斤。", [("粮食产量", "level", 120.0, "亿斤", True)]),
        # 年均浓度 is this year's average, not an average over years
        (
            "全市细颗粒物年均浓度32微克/立方米。",
            [("全市细颗粒物年均浓度", "level", 32.0, "微克/立方米", False)],
        ),
        ("五年来地区生产总值年均增长6.5%。", []),
        # 提高到 / 下降到: where a rate got to; 强度 is a rate
        ("研发经费投入强度提高到2.86%。", [("研发经费投入强度", "rate", 2.86, "%", False)]),
        ("城镇登记失业率下降到3.2%。", [("城镇登记失业率", "rate", 3.2, "%", False)]),
        # 削减 is a decrease
        ("主要污染物排放总量削减2%。", [("主要污染物排放总量", "growth", -2.0, "%", False)]),
        # 降至: where it got to (驻马店 2020: 贫困发生率降至0.33%)
        ("贫困发生率降至0.33%。", [("贫困发生率", "rate", 0.33, "%", False)]),
        ("PM2.5年均浓度降至18μg/m³。", [("PM2.5年均浓度", "level", 18.0, "μg/m³", False)]),
        # 首次突破 (驻马店 2022: …3082.8亿元，首次突破3000亿元大关，增长7.2%)
        (
            "社会消费品零售总额首次突破500亿元。",
            [("社会消费品零售总额", "level", 500.0, "亿元", False)],
        ),
        # a gloss in brackets after the name
        (
            "居民消费价格指数（CPI）上涨1.1%。",
            [("居民消费价格指数（CPI）", "growth", 1.1, "%", False)],
        ),
        # figures listed with one unit: whose is 43? none is taken
        ("PM10、PM2.5平均浓度降至72、43微克/立方米。", []),
    ],
)
def test_predicates_of_other_reports(text, expected) -> None:
    got = [(a.indicator, a.kind, a.low, a.unit, a.estimated) for a in extract_actuals(review(text))]
    assert got == expected


def test_list_marks_are_not_part_of_the_name() -> None:
    text = "①地区生产总值增长6.5%；⑵规模以上工业增加值增长7%；a.固定资产投资增长5%。"
    assert [a.indicator for a in extract_actuals(review(text))] == [
        "地区生产总值",
        "规模以上工业增加值",
        "固定资产投资",
    ]


def test_incomes_of_all_urban_and_rural_residents() -> None:
    """Two ways reviews give the three incomes: a shared tail, and 其中 after the whole."""
    shared = "全体居民、城镇居民和农村居民人均可支配收入分别为63830元、74997元和40311元。"
    assert [a.indicator for a in extract_actuals(review(shared))] == [
        "全体居民人均可支配收入",
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
    ]
    parts = "居民人均可支配收入35000元，其中城镇居民46520元、农村居民23860元，分别增长5.1%和7.3%。"
    assert actuals(parts)[1:] == [
        ("城镇居民人均可支配收入", "level", 46520.0, "元"),
        ("农村居民人均可支配收入", "level", 23860.0, "元"),
        ("城镇居民人均可支配收入", "growth", 5.1, "%"),
        ("农村居民人均可支配收入", "growth", 7.3, "%"),
    ]


def test_tourism_figures_in_a_list() -> None:
    """亿人次 is a unit; 、实现旅游综合收入… names the second figure; both are indicators."""
    text = "全年接待游客4120万人次、实现旅游综合收入462亿元，分别增长38.6%、41.2%。"
    got = [(a.canonical, a.kind, a.low) for a in extract_actuals(review(text))]
    assert got == [
        ("tourist-arrivals", "level", 4120.0),
        ("tourism-revenue", "level", 462.0),
        ("tourist-arrivals", "growth", 38.6),
        ("tourism-revenue", "growth", 41.2),
    ]
    assert actuals("接待游客1.5亿人次。") == [("接待游客", "level", 1.5, "亿人次")]


def test_the_figure_after_the_round_mark_it_passed() -> None:
    """突破/跨越 a round mark, then 达到 the figure itself (驻马店 2021: 人均生产总值跨越4万元
    大关，达到4.1万元); the figure first and the mark after keeps the figure."""
    assert actuals("人均生产总值跨越4万元大关，达到4.1万元。") == [
        ("人均生产总值", "level", 4.1, "万元")
    ]
    assert actuals("全市生产总值突破3万亿元，达到30664.85亿元。") == [
        ("全市生产总值", "level", 30664.85, "亿元")
    ]
    assert actuals("全市生产总值完成3082.8亿元，首次突破3000亿元大关。") == [
        ("全市生产总值", "level", 3082.8, "亿元")
    ]


def test_a_sentence_opening_with_the_year_and_no_comma() -> None:
    """2023年全市实现地区生产总值…: the year opens the sentence, it is not the name's
    (驻马店 2017: 2016年全市城镇化率40.9%); 2018年以来 still names another period."""
    assert actuals("2023年全市实现地区生产总值934亿元，增长6.4%。") == [
        ("地区生产总值", "level", 934.0, "亿元"),
        ("地区生产总值", "growth", 6.4, "%"),
    ]
    assert [a.canonical for a in extract_actuals(review("去年全市城镇化率40.9%。"))] == [
        "urbanisation"
    ]
    assert actuals("2018年以来地区生产总值增长40%。") == []


def test_an_aside_on_how_it_is_counted_keeps_the_name() -> None:
    assert actuals("地区生产总值936亿元，按可比价格计算，增长6.7%。") == [
        ("地区生产总值", "level", 936.0, "亿元"),
        ("地区生产总值", "growth", 6.7, "%"),
    ]


def test_names_of_national_reports() -> None:
    """全国 before a name, 和 between two figures' names, 万亿美元."""
    text = (
        "全国一般公共预算收入21.97万亿元。城镇居民人均可支配收入20574元和农村居民人均纯收入"
        "8265元。进出口总额突破4万亿美元。"
    )
    got = [(a.canonical, a.low, a.unit) for a in extract_actuals(review(text))]
    assert got == [
        ("general-budget-revenue", 21.97, "万亿元"),
        ("urban-income", 20574.0, "元"),
        ("rural-income", 8265.0, "元"),
        ("foreign-trade", 4.0, "万亿美元"),
    ]


def test_an_amount_grown_or_cut_by_is_growth_in_its_unit() -> None:
    """增加300元 / 削减1.13万吨 (驻马店 2009) say by how much, not the level reached: kind
    growth in the figure's unit, so an outcome compares it with an increase, not a level."""
    assert actuals("农民人均纯收入增加300元。") == [("农民人均纯收入", "growth", 300.0, "元")]
    assert actuals("二氧化硫排放量削减1.24万吨。") == [("二氧化硫排放量", "growth", -1.24, "万吨")]
    assert actuals("实际利用外资增加到3亿美元。") == [("实际利用外资", "level", 3.0, "亿美元")]


def test_from_x_to_y_is_the_figure_reached() -> None:
    """由…提高到… (驻马店 2023: 农产品加工转化率由65%提高到72%) and 从2016年的…增加到2021年
    的…: the figure reached, not the one it came from (nothing was read before)."""
    assert actuals("农产品加工转化率由65%提高到72%。") == [("农产品加工转化率", "rate", 72.0, "%")]
    text = "全市地区生产总值从2016年的1830.4亿元增加到2021年的3350.3亿元，年均增长7.2%。"
    assert actuals(text) == [("全市地区生产总值", "level", 3350.3, "亿元")]


def test_a_share_is_a_rate_not_growth() -> None:
    """占…的80%: the share of a whole (驻马店 2016: 民生支出…占一般公共预算支出的80%)."""
    assert actuals("民生领域支出占一般公共预算支出的83%。") == [
        ("民生领域支出占一般公共预算支出", "rate", 83.0, "%")
    ]
    assert actuals("全市民生支出增长12%。") == [("全市民生支出", "growth", 12.0, "%")]


def test_a_clause_without_a_figure_still_names_the_next_one() -> None:
    assert actuals("地区生产总值稳步增长，同比增长8%。") == [("地区生产总值", "growth", 8.0, "%")]


def test_figures_after_fenbie_take_names_from_clauses_without_figures() -> None:
    # 分别 takes as many names as it has figures, from clauses that have no figure of their own
    text = "城镇居民人均可支配收入稳步提高，农民人均纯收入持续增长，分别增长8.5%和9%。"
    assert actuals(text) == [
        ("城镇居民人均可支配收入", "growth", 8.5, "%"),
        ("农民人均纯收入", "growth", 9.0, "%"),
    ]


def test_sentences_without_figures_give_nothing() -> None:
    assert actuals("经济运行稳中向好，发展质量明显提高。各项事业全面进步。") == []


def _values(text: str, f: str, s0: int, s1: int, values_only: bool) -> list[tuple]:
    return [
        (g.indicator, g.kind, g.low, g.high, g.unit, g.start, g.end)
        for _, _, found in read_sentence(text, f, s0, s1, values_only=values_only)
        for g in found
        if g.kind != "qualitative"
    ]


@pytest.mark.parametrize("folder", [REPORTS, ZHUMADIAN], ids=["samples", "zhumadian"])
def test_skipping_clauses_loses_no_figure_in_real_reviews(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} not available")
    compared = 0
    for report in processed(folder).values():
        for para in review_paragraphs(report):
            f = numfold(para.text)
            for s0, s1 in sentences(para.text, f):
                every = _values(para.text, f, s0, s1, values_only=False)
                assert _values(para.text, f, s0, s1, values_only=True) == every, para.text[s0:s1]
                compared += len(every)
    assert compared > 100  # the reviews do hold figures


@pytest.mark.parametrize(
    "text, expected",
    [
        # zhumadian 2009: the 500万元 says which projects, 418 is how many
        (
            "共签约固定资产投资500万元以上的项目418个，合同资金208.6亿元。",
            [("合同资金", "level", 208.6, "亿元")],
        ),
        ("集体经济年收入10万元以上的村占比达到32%。", []),
        # …以上的水平 is the figure itself
        ("粮食产量稳定在100万吨以上的水平。", [("粮食产量", "level", 100.0, "万吨")]),
        (
            "城镇居民人均可支配收入达到4.2万元的水平。",
            [("城镇居民人均可支配收入", "level", 4.2, "万元")],
        ),
    ],
)
def test_a_threshold_that_names_a_class_of_things_is_no_figure(text, expected) -> None:
    assert actuals(text) == expected
