"""Fixture-file tests for the parser, in the style of markdown-it-py's fixtures.

Each file in tests/fixtures/parse/ holds cases of the form

    # what the case is about
    .
    <normalised report text, one paragraph per line>
    .
    <expected structure>
    .

The expected structure lists the metadata the parser inferred (`meta:`), the targets
and problems anchors (`targets:`, `problems:`), every part (`== anchor kind title`)
and every paragraph (`anchor role: text`, with `[subsection title]` on subsection
headings). The input is real report text (from the samples and the zhumadian corpus).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_site.model import Metadata, Normalised, Report, SourceText
from govreport_site.parse import check_conservation, parse

FIXTURES = Path(__file__).parent / "fixtures" / "parse"


def read_cases(path: Path) -> list[tuple[str, str, str, int]]:
    """(title, input, expected, line) for every case in a fixture file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if lines[i] == ".":
            title = lines[i - 1].lstrip("# ").strip() if i else ""
            start = i
            j = lines.index(".", i + 1)
            k = lines.index(".", j + 1)
            cases.append(
                (title, "\n".join(lines[i + 1 : j]), "\n".join(lines[j + 1 : k]), start + 1)
            )
            i = k + 1
        else:
            i += 1
    return cases


def describe(report: Report) -> str:
    """The structure of a parsed report as the fixture files write it."""
    meta = report.meta
    out = []
    fields = [f"{name}={getattr(meta, name)}" for name in report.inferred]
    out.append("meta: " + " ".join(fields) + f" review_year={report.review_year}")
    out.append(f"targets: {report.targets_anchor}  problems: {report.problems_anchor}")
    for part in report.parts:
        out.append(f"== {part.anchor} {part.kind} {part.title}".rstrip())
        subs = {s.index: s.title for s in part.subsections}
        for i, p in enumerate(part.paragraphs):
            tag = f" [{subs[i]}]" if i in subs else ""
            out.append(f"{p.anchor} {p.role}{tag}: {p.text}")
    return "\n".join(out)


def parse_text(text: str, meta: Metadata | None = None) -> tuple[Normalised, Report]:
    norm = Normalised(text)
    return norm, parse(SourceText("case.txt", text, "utf-8", meta or Metadata()), norm)


CASES = [
    pytest.param(inp, exp, id=f"{path.stem}:{line}:{title[:30]}")
    for path in sorted(FIXTURES.glob("*.txt"))
    for title, inp, exp, line in read_cases(path)
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_fixture(text: str, expected: str) -> None:
    norm, report = parse_text(text)
    assert check_conservation(norm, report)
    assert describe(report) == expected


def test_fixtures_exist() -> None:
    assert len(CASES) >= 10


def test_section_parts_with_parenthesised_subsections_right_below() -> None:
    """第一部分 … with （一）（二） directly under it (no 一、二、 level between)."""
    text = "\n".join(
        [
            "各位代表：",
            "第一部分：2023年工作回顾",
            "过去一年，我们坚持稳中求进工作总基调。",
            "（一）聚力稳增长，经济运行持续回升向好。新开工亿元以上项目286个。",
            "（二）聚力强产业，特色产业提质增效。新增规模以上工业企业62家。",
            "第二部分：2024年工作安排",
            "今年经济社会发展的主要预期目标是：地区生产总值增长7%左右。",
            "（一）坚持项目为王，着力扩大有效需求。全年新开工亿元以上项目300个以上。",
        ]
    )
    norm, report = parse_text(text)
    assert check_conservation(norm, report)
    subs = {p.kind: [s.title for s in p.subsections] for p in report.parts}
    assert subs["review"] == ["聚力稳增长，经济运行持续回升向好", "聚力强产业，特色产业提质增效"]
    assert subs["plan"] == ["坚持项目为王，着力扩大有效需求"]


def test_the_state_councils_closing_appeal() -> None:
    """我们要更加紧密地团结在…作出新的更大贡献！ closes the national report: no 让我们."""
    text = "\n".join(
        [
            "一、2023年工作回顾",
            "过去一年，我们坚持稳中求进工作总基调。",
            "二、2024年政府工作任务",
            "（一）大力推进现代化产业体系建设，加快发展新质生产力。充分发挥创新主导作用。",
            "各位代表！",
            "我们要更加紧密地团结在以习近平同志为核心的党中央周围，同心同德，埋头苦干，"
            "为以中国式现代化全面推进强国建设、民族复兴伟业作出新的更大贡献！",
        ]
    )
    norm, report = parse_text(text)
    assert check_conservation(norm, report)
    closing = [p for p in report.parts if p.kind == "closing"]
    assert [p.text for p in closing[0].paragraphs] == text.split("\n")[-2:]


def test_a_dash_list_of_targets_is_not_a_list_of_subsections() -> None:
    """——地区生产总值增长7%左右； items are a list; ——坚持项目为王，… lines are headings."""
    text = "\n".join(
        [
            "一、2023年工作回顾",
            "过去一年，我们坚持稳中求进工作总基调。",
            "二、2024年工作安排",
            "今年经济社会发展的主要预期目标是：",
            "——地区生产总值增长7%左右；",
            "——城镇调查失业率控制在5.5%以内；",
            "——完成省下达的节能减排任务。",
            "围绕上述目标，重点抓好以下工作：",
            "——坚持项目为王，着力扩大有效需求。全年新开工亿元以上项目300个以上。",
            "——坚持民生为本，着力增进人民福祉。新增城镇就业2万人以上。",
        ]
    )
    norm, report = parse_text(text)
    assert check_conservation(norm, report)
    plan = next(p for p in report.parts if p.kind == "plan")
    assert [s.title for s in plan.subsections] == [
        "坚持项目为王，着力扩大有效需求",
        "坚持民生为本，着力增进人民福祉",
    ]


@pytest.mark.parametrize("mark", ["{n}.", "{n}、", "（{n}）", "({n})"])
def test_subsections_numbered_in_digits(mark: str) -> None:
    """一、 parts with 1. / 1、 / （1） subsections (county-level city reports); a
    numbered list of targets in the same part stays body text."""
    heads = ["文旅融合发展成效显著", "工业经济稳中提质"]
    lines = ["一、2023年工作回顾", "过去一年，我们坚持稳中求进工作总基调。"]
    for n, head in enumerate(heads, 1):
        lines += [mark.format(n=n) + head, "全年接待游客4120万人次，增长38.6%。"]
    lines += [
        "二、2024年工作安排",
        "今年主要预期目标是：",
        mark.format(n=1) + "地区生产总值增长7%左右；",
        mark.format(n=2) + "城镇调查失业率控制在5.5%以内。",
    ]
    norm, report = parse_text("\n".join(lines))
    assert check_conservation(norm, report)
    subs = {p.kind: [s.title for s in p.subsections] for p in report.parts}
    assert subs == {"review": heads, "plan": []}


@pytest.mark.parametrize("heading", ["一、2023年主要工作及成效", "一、2023年主要工作"])
def test_the_year_befores_main_work_is_the_review(heading: str) -> None:
    """一、2023年主要工作 before 二、2024年工作安排: plan words, but the review."""
    text = "\n".join(
        [heading, "2023年，全市地区生产总值增长6.4%。", "二、2024年工作安排", "今年要稳中求进。"]
    )
    _, report = parse_text(text)
    assert [p.kind for p in report.parts] == ["review", "plan"]
    assert (report.meta.year, report.review_year) == (2024, 2023)


def test_a_december_meeting_plans_the_next_year() -> None:
    """——2023年12月28日在…会议上, with 2023年工作回顾 and 2024年工作安排: the 2024 report."""
    text = "\n".join(
        [
            "政府工作报告",
            "——2023年12月28日在南昌县第十八届人民代表大会第四次会议上",
            "一、2023年工作回顾",
            "过去一年，我们坚持稳中求进。",
            "二、2024年工作安排",
            "明年要稳中求进。",
        ]
    )
    _, report = parse_text(text)
    assert (report.meta.year, report.review_year, report.meta.date) == (2024, 2023, "2023-12-28")
    assert not any("disagrees" in d.message for d in report.diagnostics)


def test_an_appendix_numbered_like_parts_stays_one_appendix() -> None:
    """附件 / 十件民生实事 numbered 一、二、三、四 after the closing: no part 四 of the report,
    the closing kept, the appendix one part."""
    text = "\n".join(
        [
            "一、2023年工作回顾",
            "过去一年，我们坚持稳中求进。",
            "二、2024年工作安排",
            "今年要稳中求进。",
            "三、全面加强政府自身建设",
            "我们将坚持党的全面领导。",
            "各位代表，让我们团结奋斗，为加快建设示范县而努力奋斗！",
            "附件",
            "苍溪县2024年十件民生实事",
            "一、教育提质工程",
            "新建苍溪县第二实验小学。",
            "二、医疗服务提升工程",
            "建成县中医医院门诊综合楼。",
            "三、养老服务工程",
            "新增养老床位300张。",
            "四、就业促进工程",
            "城镇新增就业3000人以上。",
        ]
    )
    norm, report = parse_text(text)
    assert check_conservation(norm, report)
    assert [(p.kind, p.title) for p in report.parts] == [
        ("review", "2023年工作回顾"),
        ("plan", "2024年工作安排"),
        ("other", "全面加强政府自身建设"),
        ("closing", ""),
        ("other", "附件"),
    ]


def test_given_metadata_that_the_title_block_contradicts_is_a_warning() -> None:
    """A province's _meta.yaml (region [河南省], 省长) read for a city's report: the report
    is filed as given, but the title block's place, title and date say otherwise."""
    text = "\n".join(
        [
            "政府工作报告",
            "——2022年1月10日在开封市第十六届人民代表大会第一次会议上",
            "开封市人民政府市长 高建军",
            "一、2021年工作回顾",
            "过去一年，我们坚持稳中求进。",
        ]
    )
    given = Metadata(region=["河南省"], speaker_title="省长", date="2022-01-12")
    _, report = parse_text(text, given)
    messages = [d.message for d in report.diagnostics]
    assert report.meta.region == ["河南省"]
    assert any("region 河南省 is given, but the title block names 开封市" in m for m in messages)
    assert any("speaker_title 省长 is given" in m for m in messages)
    assert any("date 2022-01-12 is given" in m for m in messages)
    # the same place written without its level is no disagreement
    _, agreeing = parse_text(text, Metadata(region=["河南省", "开封"]))
    assert agreeing.diagnostics == []
