"""Reading figures out of clauses: wordings of other regions, levels and years.

The snippets are of the kinds that appear in national, provincial, county and town reports
(the national ones are the State Council's 2024 and 2023 targets)."""

from __future__ import annotations

import re

import pytest

from govreport_site.analyse.figures import numfold, read_figures
from govreport_site.analyse.indicators import indicator_table, name_key


def figs(text: str) -> list[tuple]:
    return [(g.indicator, g.kind, g.low, g.high, g.unit, g.qualifier) for g in read_figures(text)]


def test_national_targets() -> None:
    text = (
        "国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；居民消费价格"
        "涨幅3%左右；居民收入增长和经济增长同步；国际收支保持基本平衡；粮食产量1.3万亿斤以上；"
        "单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。"
    )
    assert figs(text) == [
        ("国内生产总值", "growth", 5, 5, "%", "左右"),
        ("城镇新增就业", "level", 1200, 1200, "万人", "以上"),
        ("城镇调查失业率", "rate", 5.5, 5.5, "%", "左右"),
        ("居民消费价格", "growth", 3, 3, "%", "左右"),
        ("居民收入", "qualitative", None, None, "", ""),
        ("国际收支", "qualitative", None, None, "", ""),
        ("粮食产量", "level", 1.3, 1.3, "万亿斤", "以上"),
        ("单位国内生产总值能耗", "growth", -2.5, -2.5, "%", "左右"),
        ("生态环境质量", "qualitative", None, None, "", ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "地区生产总值增长5%—5.5%",
        "地区生产总值增长5-5.5%",
        "地区生产总值增长5%到5.5%",
        "地区生产总值增长５％－５．５％",
        "地区生产总值增长5%至5.5%",
    ],
)
def test_ranges(text: str) -> None:
    assert figs(text) == [("地区生产总值", "growth", 5, 5.5, "%", "")]


def test_range_with_its_word() -> None:
    assert figs("地区生产总值增长6%-6.5%区间")[0][-1] == "区间"


def test_full_width_digits_and_percent_are_numbers() -> None:
    text = "一般公共预算收入增长６．５％左右，城镇登记失业率控制在４．５％以内"
    assert figs(text) == [
        ("一般公共预算收入", "growth", 6.5, 6.5, "%", "左右"),
        ("城镇登记失业率", "rate", 4.5, 4.5, "%", "控制在…以内"),
    ]


def test_ocr_letters_inside_numbers() -> None:
    # scanned 2003 text: 国内生产总值增长1O％ … 社会消费品零售总额增长lO.5％
    assert numfold("增长1O％") == "增长10%"
    assert figs("社会消费品零售总额增长lO.5％")[0][2] == 10.5
    assert numfold("GDP和CPI") == "GDP和CPI"  # letters elsewhere stay


def test_provincial_wording() -> None:
    text = (
        "地区生产总值增长6.5%左右，在实际工作中力争更好结果；粮食产量稳定在1300亿斤以上；"
        "全社会研发经费投入增长10%以上；进出口总额保持稳定；单位地区生产总值能耗下降完成国家下达任务。"
    )
    assert figs(text) == [
        ("地区生产总值", "growth", 6.5, 6.5, "%", "左右"),
        ("粮食产量", "level", 1300, 1300, "亿斤", "稳定在…以上"),
        ("全社会研发经费投入", "growth", 10, 10, "%", "以上"),
        ("进出口总额", "qualitative", None, None, "", ""),
        ("单位地区生产总值能耗", "qualitative", None, None, "", ""),
    ]


def test_county_urban_and_rural_income_at_once() -> None:
    text = "全县地区生产总值增长7%，城乡居民人均可支配收入分别增长6%和7.5%。"
    assert figs(text) == [
        ("全县地区生产总值", "growth", 7, 7, "%", ""),
        ("城镇居民人均可支配收入", "growth", 6, 6, "%", ""),
        ("农村居民人均可支配收入", "growth", 7.5, 7.5, "%", ""),
    ]


def test_town_level_and_growth_in_one_phrase() -> None:
    text = "社会消费品零售总额力争完成73亿元，同比增幅5%；固定资产投资力争完成10亿元。"
    got = read_figures(text)
    assert [(g.indicator, g.kind, g.low, g.unit, g.qualifier, g.inherited) for g in got] == [
        ("社会消费品零售总额", "level", 73, "亿元", "力争", False),
        ("社会消费品零售总额", "growth", 5, "%", "", True),
        ("固定资产投资", "level", 10, "亿元", "力争", False),
    ]
    assert text[got[1].start : got[1].end] == "同比增幅5%"


def test_a_comparison_is_qualitative_not_a_figure() -> None:
    assert figs("生产总值增速高于全省1个百分点左右") == [
        ("生产总值", "qualitative", None, None, "", "高于…左右")
    ]
    assert figs("区级地方财政收入增速不低于全区平均水平") == [
        ("区级地方财政收入", "qualitative", None, None, "", "不低于")
    ]


def test_shared_subject_and_shared_qualifier() -> None:
    assert figs("城镇调查失业率和城镇登记失业率分别控制在5.5%和4.5%以内") == [
        ("城镇调查失业率", "rate", 5.5, 5.5, "%", "控制在…以内"),
        ("城镇登记失业率", "rate", 4.5, 4.5, "%", "控制在…以内"),
    ]
    assert figs("规模以上工业增加值、全社会固定资产投资增速高于全省平均水平") == [
        ("规模以上工业增加值", "qualitative", None, None, "", "高于"),
        ("全社会固定资产投资", "qualitative", None, None, "", "高于"),
    ]


def test_review_figures() -> None:
    text = (
        "全年完成生产总值1387亿元，增长10.4％；城镇居民人均可支配收入17671元、农民人均纯收入6599元，"
        "分别增长11.9%和13.7％。社会消费品零售总额增长-2.6%。"
    )
    assert figs(text) == [
        ("生产总值", "level", 1387, 1387, "亿元", ""),
        ("生产总值", "growth", 10.4, 10.4, "%", ""),
        ("城镇居民人均可支配收入", "level", 17671, 17671, "元", ""),
        ("农民人均纯收入", "level", 6599, 6599, "元", ""),
        ("城镇居民人均可支配收入", "growth", 11.9, 11.9, "%", ""),
        ("农民人均纯收入", "growth", 13.7, 13.7, "%", ""),
        ("社会消费品零售总额", "growth", -2.6, -2.6, "%", ""),
    ]


def test_other_periods_and_ratios_are_not_annual_figures() -> None:
    text = "生产总值同比增长8.5%，总量是2011年的1.42倍，年均增长9.2％，完成全年目标的125%"
    got = read_figures(text)
    assert [g.low for g in got if not g.skipped] == [8.5]
    assert all(g.skipped for g in got if g.low != 8.5)


def test_not_figures() -> None:
    # 5G, a rank, a year, a duration: none is an indicator's figure
    got = read_figures("建成5G基站3000个，居全省第3位，2023年，连续4个月")
    assert [(g.low, g.unit) for g in got] == [(3000, "个")]
    assert figs("发展的质量和效益明显提高，继续保持“三个同步”") == []


def test_canonical_names() -> None:
    table = indicator_table()
    same = {
        "规上工业增加值": "industrial-value-added",
        "规模以上工业增加值": "industrial-value-added",
        "财政一般预算收入": "general-budget-revenue",
        "地方一般公共预算收入": "general-budget-revenue",
        "外贸进出口总值": "foreign-trade",
        "进出口总额": "foreign-trade",
        "农林牧渔总产值": "farm-output",
        "城乡居民收入": "resident-income",
        "全市生产总值": "gdp",
        "ＧＤＰ": "gdp",
        "国内生产总值": "gdp",
        "居民消费价格": "cpi",
        "节能减排": "energy-saving",
        # 二、三产业分别增长12.2%和9.9% names the second 二产业 and the third 三产业
        "二产业": "secondary-industry",
        "三产业": "tertiary-industry",
    }
    assert {name: table.resolve(name) for name in same} == same
    assert table.resolve("一般公共预算收入占GDP比重") is None  # no substring matches
    assert name_key("我区地区生产总值") == "地区生产总值"


def test_a_gloss_in_brackets_does_not_hide_the_indicator() -> None:
    table = indicator_table()
    assert table.resolve("地区生产总值（GDP）") == "gdp"
    assert table.resolve("居民消费价格指数(CPI)") == "cpi"
    assert table.resolve("一般公共预算收入（不含土地出让）") == "general-budget-revenue"


def test_site_aliases_extend_and_override() -> None:
    table = indicator_table(
        {
            "indicators": [
                {"id": "express-volume", "name": "快递业务量", "aliases": ["快递量"]},
                {"id": "gdp", "aliases": ["经济总产出"]},
                {"id": "Bad Id"},
            ]
        }
    )
    assert table.resolve("快递量") == "express-volume"
    assert table.display("express-volume") == "快递业务量"
    assert table.resolve("经济总产出") == "gdp" and table.resolve("生产总值") == "gdp"
    assert any("Bad Id" in d.message for d in table.diagnostics)
    assert indicator_table().resolve("快递量") is None  # the shipped table is untouched


def test_verb_first_and_other_separators() -> None:
    assert figs("确保地区生产总值增长6%以上，力争全市生产总值增长7%") == [
        ("地区生产总值", "growth", 6, 6, "%", "确保…以上"),
        ("全市生产总值", "growth", 7, 7, "%", "力争"),
    ]
    # 、 between two indicators, or between a level and its growth
    assert figs("规模以上工业增加值增长12%、固定资产投资增长15%以上") == [
        ("规模以上工业增加值", "growth", 12, 12, "%", ""),
        ("固定资产投资", "growth", 15, 15, "%", "以上"),
    ]
    assert figs("全社会固定资产投资完成200亿元、增长10%") == [
        ("全社会固定资产投资", "level", 200, 200, "亿元", ""),
        ("全社会固定资产投资", "growth", 10, 10, "%", ""),
    ]


def test_shared_name_tail_and_measurement_words() -> None:
    assert figs("城镇和农村居民人均可支配收入分别增长5.5%和7%") == [
        ("城镇居民人均可支配收入", "growth", 5.5, 5.5, "%", ""),
        ("农村居民人均可支配收入", "growth", 7, 7, "%", ""),
    ]
    assert figs("一般公共预算收入同口径增长5%，城镇调查失业率不超过5.5%") == [
        ("一般公共预算收入", "growth", 5, 5, "%", ""),
        ("城镇调查失业率", "rate", 5.5, 5.5, "%", "不超过"),
    ]
    assert indicator_table().resolve("三产业增加值") == "tertiary-industry"


def test_environment_targets() -> None:
    text = (
        "能耗强度和主要污染物排放量完成国家下达任务，PM2.5平均浓度控制在40微克/立方米以内，"
        "空气质量优良天数比例达到80%"
    )
    table = indicator_table()
    got = [(table.resolve(g.indicator), g.kind, g.low, g.unit) for g in read_figures(text)]
    assert got == [
        ("energy-intensity", "qualitative", None, ""),
        ("major-pollutants", "qualitative", None, ""),
        ("pm25", "level", 40, "微克/立方米"),
        ("air-quality", "rate", 80, "%"),
    ]


# ---- blind-check findings: wordings the extractor missed --------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # the shared tail starts at the last name's head word, whatever the lengths
        (
            "工业和服务业增加值分别增长8%和7%",
            [("工业增加值", -1, 8), ("服务业增加值", -1, 7)],
        ),
        (
            "氨氮、氮氧化物排放量分别下降2%和3%",
            [("氨氮排放量", -1, -2), ("氮氧化物排放量", -1, -3)],
        ),
        (
            "一、二、三产业增加值分别增长4%、10%和9%",
            [("一产业增加值", -1, 4), ("二产业增加值", -1, 10), ("三产业增加值", -1, 9)],
        ),
        (
            "城镇和农村居民人均可支配收入分别增长7%和8%",
            [("城镇居民人均可支配收入", -1, 7), ("农村居民人均可支配收入", -1, 8)],
        ),
    ],
)
def test_shared_tail_of_names_of_different_lengths(text: str, expected: list) -> None:
    assert [(g.indicator, -1, g.low) for g in read_figures(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("地区生产总值增长百分之六左右", ("地区生产总值", "growth", 6, 6, "%", "左右")),
        ("地区生产总值增长百分之六点五", ("地区生产总值", "growth", 6.5, 6.5, "%", "")),
        (
            "居民消费价格涨幅控制在百分之三以内",
            ("居民消费价格", "growth", 3, 3, "%", "控制在…以内"),
        ),
        (
            "规模以上工业增加值增长百分之十二左右",
            ("规模以上工业增加值", "growth", 12, 12, "%", "左右"),
        ),
        ("地区生产总值增长百分之七至八", ("地区生产总值", "growth", 7, 8, "%", "")),
        # 五千 has no room for its zeros in the folded copy: read as 5千, i.e. 5000 人
        ("城镇新增就业五千人", ("城镇新增就业", "level", 5000, 5000, "人", "")),
        ("农村劳动力转移就业两万人", ("农村劳动力转移就业", "level", 2, 2, "万人", "")),
        ("全年粮食总产稳定在五十亿斤以上", ("粮食总产", "level", 50, 50, "亿斤", "稳定在…以上")),
        ("城镇化率提高一个百分点", ("城镇化率", "growth", 1, 1, "个百分点", "")),
        (
            "人口自然增长率控制在千分之六以内",
            ("人口自然增长率", "rate", 6, 6, "‰", "控制在…以内"),
        ),
        # a PDF export breaks a number at its decimal point (zhumadian 2004: 12 .2％)
        ("地区生产总值增长5. 2%左右", ("地区生产总值", "growth", 5.2, 5.2, "%", "左右")),
        ("规模以上工业增加值增长12 .2％", ("规模以上工业增加值", "growth", 12.2, 12.2, "%", "")),
        # thousands separators
        (
            "全国国内生产总值1,260,582亿元",
            ("全国国内生产总值", "level", 1260582, 1260582, "亿元", ""),
        ),
        (
            "一般公共预算收入达到1,234.5亿元",
            ("一般公共预算收入", "level", 1234.5, 1234.5, "亿元", ""),
        ),
    ],
)
def test_figures_in_numerals_split_or_grouped(text: str, expected: tuple) -> None:
    """Numbers in Chinese numerals, split by an export or grouped by thousands."""
    assert figs(text) == [expected]
    # the phrase slices the original text: the numeral is part of it
    assert read_figures(text)[0].end == len(text)


@pytest.mark.parametrize("text", ["建设一个中心、三个园区", "实施十大工程", "二〇〇六年全市"])
def test_chinese_numerals_that_are_words_are_not_figures(text: str) -> None:
    assert [g for g in read_figures(text) if g.kind != "qualitative"] == []


def test_names_listed_before_a_category_of_indicators() -> None:
    # "X、Y等约束性指标": X and Y are the entries
    assert figs("节能减排、生态环保等约束性指标完成省定目标") == [
        ("节能减排", "qualitative", None, None, "", ""),
        ("生态环保", "qualitative", None, None, "", ""),
    ]
    assert [g.indicator for g in read_figures("环境保护等约束性指标完成省下达任务")] == ["环境保护"]
    # "X、Y等主要污染物排放量": examples, then the statistic
    assert figs("化学需氧量、二氧化硫等主要污染物排放量分别下降2%") == [
        ("主要污染物排放量", "growth", -2, -2, "%", "")
    ]
    # 等 inside a word is not a list
    assert [g.indicator for g in read_figures("高等教育毛入学率达到50%")] == ["高等教育毛入学率"]


def test_no_whole_phrases_in_the_indicator_table() -> None:
    table = indicator_table()
    for ind in table.indicators.values():
        for name in (ind.name, *ind.aliases):
            assert not re.search(r"[、，,；]|等.*指标", name), name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("国内生产总值增长8%左右", ("gdp", "growth", 8, "%", "左右")),
        ("粮食总产量稳定在120亿斤以上", ("grain-output", "level", 120, "亿斤", "稳定在…以上")),
        ("万元生产总值能耗下降3.5%", ("energy-intensity", "growth", -3.5, "%", "")),
        (
            "城镇登记失业率控制在4.5%以内",
            ("registered-unemployment", "rate", 4.5, "%", "控制在…以内"),
        ),
        ("居民消费价格涨幅3%左右", ("cpi", "growth", 3, "%", "左右")),
        (
            "一般公共预算收入增长与经济增长同步",
            ("general-budget-revenue", "qualitative", None, "", ""),
        ),
        ("进出口总额增长5%", ("foreign-trade", "growth", 5, "%", "")),
        ("人口自然增长率控制在6‰以内", ("population-growth", "rate", 6, "‰", "控制在…以内")),
        ("森林覆盖率达到30%", ("forest-cover", "rate", 30, "%", "")),
        ("单位GDP能耗降低4%左右", ("energy-intensity", "growth", -4, "%", "左右")),
        ("氮氧化物排放量下降3%", ("nox-emissions", "growth", -3, "%", "")),
    ],
)
def test_wordings_of_provinces_counties_and_the_2000s(text: str, expected: tuple) -> None:
    table = indicator_table()
    got = [
        (table.resolve(g.indicator), g.kind, g.low, g.unit, g.qualifier) for g in read_figures(text)
    ]
    assert got == [expected]


def test_a_list_number_after_a_sentence_is_not_a_decimal() -> None:
    """…增长6%。 2. 一般公共预算收入…: the 2. is a list mark, not the decimals of 6."""
    got = [g[:3] for g in figs("地区生产总值增长6%。 2. 一般公共预算收入增长5%。")]
    assert got == [("地区生产总值", "growth", 6), ("一般公共预算收入", "growth", 5)]
