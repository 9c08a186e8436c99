"""Where the list of targets is: announced in one paragraph and listed in the next ones,
absent, or present but unreadable."""

from __future__ import annotations

from pathlib import Path

from govreport_site.build import process_report
from govreport_site.ingest.discover import discover

HEAD = """政府工作报告
——2024年1月10日在某县第十八届人民代表大会第三次会议上
县长 张三
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、2023年工作回顾
2023年，全县地区生产总值完成125.6亿元，同比增长5.8%；规上工业增加值增长7.2%。
二、2024年工作安排
"""
TAIL = """（一）加快产业发展
全年安排重点项目50个，总投资120亿元。
各位代表，让我们团结一心，为建设美丽某县而努力奋斗！
"""


def run(tmp_path: Path, plan: str):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "county-2024.txt").write_text(HEAD + plan + TAIL, encoding="utf-8")
    (folder / "county-2024.yaml").write_text("region: [某省, 某市, 某县]\n", encoding="utf-8")
    items, _ = discover(folder)
    return process_report(items[0].path.read_bytes(), items[0])


def test_one_target_a_line_after_the_announcement(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "2024年全县经济社会发展的主要预期目标是：\n"
        "——地区生产总值增长6%左右；\n"
        "——规模以上工业增加值增长8%；\n"
        "——城镇调查失业率控制在5.5%以内。\n"
        "为实现上述目标，重点抓好以下工作：\n",
    )
    assert report.targets_status == "stated"
    got = [(t.indicator, t.low, t.qualifier) for t in report.targets]
    assert got == [
        ("地区生产总值", 6, "左右"),
        ("规模以上工业增加值", 8, ""),
        ("城镇调查失业率", 5.5, "控制在…以内"),
    ]
    anchors = [t.anchor for t in report.targets]
    assert len(set(anchors)) == 3 and anchors[0] != report.targets_anchor
    # the tasks after the list are not targets
    assert not any("重点项目" in t.indicator for t in report.targets)


def test_a_long_numbered_list_is_read_to_its_end(tmp_path: Path) -> None:
    """Nine targets a line (1．… 9．), as prefecture reports list them: all are read,
    then the list stops at the work that follows."""
    items = [
        "地区生产总值增长7%左右",
        "地方一般公共预算收入增长6%",
        "规模以上工业增加值增长8%",
        "固定资产投资增长10%",
        "社会消费品零售总额增长8%",
        "城乡常住居民人均可支配收入分别增长6.5%、8%",
        "城镇调查失业率控制在5.5%以内",
        "居民消费价格涨幅控制在3%左右",
        "粮食产量稳定在25亿斤以上",
    ]
    listed = "".join(f"{n}．{item}；\n" for n, item in enumerate(items, 1))
    report = run(
        tmp_path,
        "今年经济社会发展的主要预期目标是：\n" + listed + "围绕上述目标，重点抓好以下工作：\n",
    )
    got = [t.indicator for t in report.targets]
    assert got[-3:] == ["城镇调查失业率", "居民消费价格", "粮食产量"], got
    assert len(got) == 10  # the two incomes of item 6 are two targets
    assert not any("重点" in i for i in got)


def test_an_assigned_task_named_after_the_verb_is_a_qualitative_target(tmp_path: Path) -> None:
    """完成省下达的节能减排任务 ends many lists; 完成…下达的目标任务 names nothing."""
    report = run(
        tmp_path,
        "今年主要预期目标是：地区生产总值增长6%左右，完成省下达的节能减排和环境质量目标任务，"
        "完成市下达的目标任务。\n",
    )
    got = [(t.indicator, t.canonical, t.kind) for t in report.targets]
    assert got == [
        ("地区生产总值", "gdp", "growth"),
        ("节能减排", "energy-saving", "qualitative"),
        ("环境质量", None, "qualitative"),
    ]


def test_the_preview_starts_at_the_announcement() -> None:
    """The report page previews the passage from the sentence that announces the list,
    not from the year's preamble (驻马店 2025's passage)."""
    from govreport_site.analyse.targets import passage_start

    text = (
        "今年是“十四五”规划收官之年，也是全面深化改革的重要一年。"
        "主要预期目标是：地区生产总值增长6.5%左右，规上工业增加值增长8%。"
    )
    assert text[passage_start(text) :].startswith("主要预期目标是：地区生产总值")
    assert passage_start("今年要稳中求进。") == 0


def test_last_years_base_and_one_figure_for_two_names(tmp_path: Path) -> None:
    """在上年增长7.6%的基础上 restates last year; 分别减少2% with one figure is each name's;
    完成…约束性指标 is a qualitative target."""
    report = run(
        tmp_path,
        "今年主要预期目标是：地区生产总值在上年增长7.6%的基础上增长8%以上，"
        "实际利用外资在去年2.6亿美元的基础上达到3亿美元，二氧化硫和化学需氧量排放量分别减少2%，"
        "全面完成市下达的节能减排约束性指标，完成省下达的主要污染物减排目标。\n",
    )
    got = [(t.canonical, t.kind, t.low, t.unit) for t in report.targets]
    assert got == [
        ("gdp", "growth", 8.0, "%"),
        ("foreign-investment", "level", 3.0, "亿美元"),
        ("so2-emissions", "growth", -2.0, "%"),
        ("cod-emissions", "growth", -2.0, "%"),
        ("energy-saving", "qualitative", None, ""),
        ("major-pollutants", "qualitative", None, ""),
    ]


def test_the_work_after_the_list_is_not_a_target(tmp_path: Path) -> None:
    """A paragraph after the list that opens with a task (全年计划实施…) ends it, though a
    later clause has an indicator-like figure (新增公办幼儿园学位900个)."""
    report = run(
        tmp_path,
        "今年主要预期目标是：\n——地区生产总值增长6%左右；\n——完成省下达的节能减排任务。\n"
        "全年计划实施县级重点项目120个，新增公办幼儿园学位900个。\n",
    )
    assert [t.canonical for t in report.targets] == ["gdp", "energy-saving"]


def test_no_targets_stated(tmp_path: Path) -> None:
    report = run(tmp_path, "今年，我们将重点抓好以下工作：\n")
    assert (report.targets, report.targets_status) == ([], "none stated")
    assert not any("target" in d.message for d in report.diagnostics)


def test_passage_found_but_nothing_read_is_a_warning(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "今年经济社会发展的主要预期目标是：分别增长8%以上、10%左右和15%。\n",
    )
    assert report.targets_anchor is not None
    assert (report.targets, report.targets_status) == ([], "not extracted")
    assert any("no target could be read" in d.message for d in report.diagnostics)


def test_a_heading_names_the_targets_the_list_is_below(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "（一）主要预期目标\n"
        "地区生产总值增长6%左右，一般公共预算收入增长5%，城乡居民人均可支配收入增长与经济增长同步。\n"
        "（二）重点工作\n",
    )
    assert [(t.indicator, t.kind, t.low) for t in report.targets] == [
        ("地区生产总值", "growth", 6),
        ("一般公共预算收入", "growth", 5),
        ("城乡居民人均可支配收入", "qualitative", None),
    ]


def test_the_list_does_not_run_on_into_projects(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，规上工业增加值增长8%。"
        "全年计划实施重点项目100个，总投资300亿元。\n",
    )
    assert [t.indicator for t in report.targets] == ["地区生产总值", "规上工业增加值"]


def test_a_passage_in_chinese_numerals_is_read(tmp_path: Path) -> None:
    # older and smaller reports write every figure in Chinese numerals
    report = run(
        tmp_path,
        "今年全县经济社会发展的主要预期目标是：地区生产总值增长百分之六左右，财政收入增长百分之八，"
        "城镇新增就业五千人，居民消费价格涨幅控制在百分之三以内。为实现上述目标，重点抓好以下工作：\n",
    )
    assert report.targets_status == "stated"
    got = [(t.canonical, t.kind, t.low, t.unit, t.qualifier, t.text) for t in report.targets]
    assert got == [
        ("gdp", "growth", 6, "%", "左右", "地区生产总值增长百分之六左右"),
        ("fiscal-revenue", "growth", 8, "%", "", "财政收入增长百分之八"),
        ("new-urban-jobs", "level", 5000, "人", "", "城镇新增就业五千人"),
        ("cpi", "growth", 3, "%", "控制在…以内", "居民消费价格涨幅控制在百分之三以内"),
    ]


def test_a_shared_head_word_is_carried_to_the_names_after_it(tmp_path: Path) -> None:
    report = run(
        tmp_path,
        "今年全县经济社会发展的主要预期目标是：地区生产总值增长6%，实际利用外资和市外资金分别增长5%和8%，"
        "利用省外资金、境外资金和进出口持续增长。\n",
    )
    got = [(t.indicator, t.canonical, t.low) for t in report.targets]
    assert got == [
        ("地区生产总值", "gdp", 6),
        ("实际利用外资", "foreign-investment", 5),
        ("实际利用市外资金", "external-funds", 8),
        ("利用省外资金", "external-funds", None),
        ("境外资金", "foreign-investment", None),
        ("进出口", "foreign-trade", None),
    ]


def test_goals_for_a_later_year_are_not_this_years_targets(tmp_path: Path) -> None:
    """A 换届 report may announce the five-year goals the same way as the year's (郴州
    2011: 主要预期目标是：到2015年，…); the year's own list below them is the one read."""
    report = run(
        tmp_path,
        "主要预期目标是：到2028年，全县生产总值达到200亿元，年均增长7%以上，"
        "人均生产总值超过6万元。\n"
        "主要预期目标是：地区生产总值增长6%，一般公共预算收入增长5%。\n",
    )
    got = [(t.indicator, t.low) for t in report.targets]
    assert got == [("地区生产总值", 6), ("一般公共预算收入", 5)]


TABLE = (
    "综合考虑各方面因素，今年全县经济社会发展的主要预期目标（详见附表）是：\n"
    "表1　2024年经济社会发展主要预期目标\n"
    "序号\t指标名称\t单位\t2023年完成\t2024年目标\n"
    "1\t地区生产总值增速\t%\t6.2\t6左右\n"
    "2\t一般公共预算收入\t亿元\t86.3\t增长5%\n"
    "3\t城镇居民人均可支配收入增速\t%\t4.6\t与经济增长同步\n"
    "4\t城镇调查失业率\t%\t—\t5.5以内\n"
    "5\t粮食产量\t万吨\t52\t—\n"
    "注：地区生产总值增速按可比价格计算。\n"
    "实现上述目标，重点抓好以下工作：\n"
)
TABLE_TARGETS = [
    ("gdp", "growth", 6, "%", "左右", "地区生产总值增速6%左右"),
    ("general-budget-revenue", "growth", 5, "%", "", "一般公共预算收入增长5%"),
    ("urban-income", "qualitative", None, "", "", "城镇居民人均可支配收入增速与经济增长同步"),
    ("surveyed-unemployment", "rate", 5.5, "%", "以内", "城镇调查失业率5.5%以内"),
]


def test_targets_in_a_table_below_the_passage(tmp_path: Path) -> None:
    """A Word export keeps the table's rows as tab-separated cells: each row's target
    column (not last year's), with the unit column, is read like the prose list; a row
    without a target (—) gives none, and the whole row is the target's place."""
    report = run(tmp_path, TABLE)
    assert report.targets_status == "stated"
    assert report.targets_passage.text.startswith("综合考虑各方面因素")
    got = [(t.canonical, t.kind, t.low, t.unit, t.qualifier, t.text) for t in report.targets]
    assert got == TABLE_TARGETS
    rows = {p.anchor: p.text for p in report.paragraphs()}
    assert rows[report.targets[0].anchor].startswith("1\t地区生产总值增速")
    assert report.targets[0].end == len(rows[report.targets[0].anchor])


def test_targets_in_a_markdown_table(tmp_path: Path) -> None:
    """The same table as Markdown (a pandoc export of the Word file) gives the same."""
    folder = tmp_path / "reports"
    folder.mkdir()
    lines = TABLE.split("\n")
    table = ["| " + " | ".join(line.split("\t")) + " |" for line in lines[2:8]]
    table.insert(1, "|" + " --- |" * 5)
    blocks = [
        *HEAD.split("\n"),
        lines[0],
        lines[1],
        "\n".join(table),
        *lines[8:],
        *TAIL.split("\n"),
    ]
    text = "\n\n".join(b for b in blocks if b)
    (folder / "county-2024.md").write_text(text, encoding="utf-8")
    (folder / "county-2024.yaml").write_text("region: [某省, 某市, 某县]\n", encoding="utf-8")
    items, _ = discover(folder)
    report = process_report(items[0].path.read_bytes(), items[0])
    got = [(t.canonical, t.kind, t.low, t.unit, t.qualifier, t.text) for t in report.targets]
    assert got == TABLE_TARGETS


def test_targets_in_a_table_written_a_cell_a_line(tmp_path: Path) -> None:
    """docx2txt and LibreOffice write a Word table a cell a paragraph: the header's cells
    (指标, 预期目标), then each row's. The rows are as wide as the header."""
    plan = (
        "今年全县经济社会发展的主要预期目标是：\n指标\n预期目标\n地区生产总值\n增长6%左右\n"
        "一般公共预算收入\n增长5%\n城镇调查失业率\n5.5%以内\n"
        "为实现上述目标，重点抓好以下工作。\n"
    )
    report = run(tmp_path, plan)
    got = [(t.canonical, t.kind, t.low, t.qualifier, t.text) for t in report.targets]
    assert got == [
        ("gdp", "growth", 6, "左右", "地区生产总值增长6%左右"),
        ("general-budget-revenue", "growth", 5, "", "一般公共预算收入增长5%"),
        ("surveyed-unemployment", "rate", 5.5, "以内", "城镇调查失业率5.5%以内"),
    ]
    # each target's place is its row's first cell
    assert [report.find(t.anchor).text for t in report.targets] == [
        "地区生产总值",
        "一般公共预算收入",
        "城镇调查失业率",
    ]


def test_an_announcement_with_nothing_after_it_is_a_warning(tmp_path: Path) -> None:
    """python-docx's text of a Word file leaves its tables out: the passage announces the
    targets and the work follows. No targets, and a warning that says why that may be."""
    plan = "今年全县经济社会发展的主要预期目标是：\n为实现上述目标，重点抓好以下工作：\n"
    report = run(tmp_path, plan)
    assert report.targets_status == "none stated"
    assert [d.message for d in report.diagnostics if "nothing follows" in d.message] == [
        "the targets are announced (今年全县经济社会发展的主要预期目标是：) but nothing follows: "
        "was a table of targets lost when the file was converted to text?"
    ]
    # a report that states no targets at all gets no such warning
    (tmp_path / "b").mkdir()
    assert not run(tmp_path / "b", "今年要重点抓好以下工作：\n").diagnostics
