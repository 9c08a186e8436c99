"""Properties of the parser on any input: nothing lost, deterministic, stable anchors."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govreport_site.model import Metadata, Normalised, SourceText
from govreport_site.parse import check_conservation, parse
from parse_support import sample

# Real lines and fragments from the samples and the zhumadian corpus, including
# things that look like headings and things that must not be taken for them.
FRAGMENTS = [
    "政府工作报告",
    "——2024年1月14日在宝山区第十一届人民代表大会第三次会议上",
    "宝山区人民政府区长 刘志军",
    "各位代表：",
    "现在，我代表区人民政府向大会报告工作，请予审议。",
    "一、2023年工作回顾",
    "一、2019年工作回顾2019年，在省委、省政府和市委坚强领导下，",
    "二、2024年工作安排",
    "二、“十四五”时期主要目标任务",
    "三、2025年重点工作围绕实现今年发展目标，重点做好以下十个方面的工作：（一）聚焦转型升级。",
    "四、切实加强政府自身建设",
    "第一部分 2023年工作回顾",
    "（一）产业根基更加坚实。农业生产稳步增长。",
    "(二) 发展动能逐步释放",
    "（三）着力保持投资较快增长坚持以项目建设为总抓手，继续扩大投资规模。",
    "——经济运行稳中向好。全区规模以上工业增加值同比增长3.9%。",
    "——扎实开展社会治理。",
    "一、二、三产业结构，由上年的34.0：39.1:26.9调整为32.5：40.2：27.3。",
    "一是经济总量小；二是结构不优。",
    "今年经济社会发展的主要预期目标是：地区生产总值增长6%，规模以上工业增加值增长8%。",
    "在肯定成绩的同时，我们也清醒看到面临的问题和挑战。",
    "各位代表！让我们团结一致，为全面完成今年目标任务而努力奋斗！",
    "一、",
    "（",
    "——",
    "2024年是新中国成立75周年。",
    "ＡＢＣ　１２３％。",
    " ",
]

lines = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=0, max_size=30)),
    min_size=0,
    max_size=25,
)


def run(text: str):
    norm = Normalised(text)
    return norm, parse(SourceText("p.txt", text, "utf-8", Metadata()), norm)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_nothing_lost_and_anchors_unique(parts: list[str]) -> None:
    norm, report = run("\n".join(parts))
    assert check_conservation(norm, report)
    anchors = [p.anchor for p in report.parts] + [q.anchor for q in report.paragraphs()]
    assert len(anchors) == len(set(anchors))
    assert all(q.text for q in report.paragraphs())
    for part in report.parts:
        for sub in part.subsections:
            assert part.paragraphs[sub.index].anchor == sub.anchor


@settings(max_examples=100, deadline=None)
@given(lines)
def test_deterministic(parts: list[str]) -> None:
    text = "\n".join(parts)
    assert run(text)[1] == run(text)[1]


def test_an_edit_in_the_plan_keeps_the_review_anchors() -> None:
    _, norm = sample("000")
    before = run(norm.text)[1]
    lines = norm.text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("为了实现上述目标"))
    lines.insert(at, "新增一段说明文字。")  # a paragraph added inside the plan
    after = run("\n".join(lines))[1]

    def anchored(report, kind):
        part = next(p for p in report.parts if p.kind == kind)
        return [(q.anchor, q.text) for q in part.paragraphs]

    assert anchored(before, "review") == anchored(after, "review")
    assert anchored(before, "closing") == anchored(after, "closing")
    assert anchored(before, "plan") != anchored(after, "plan")
    assert before.targets_anchor == after.targets_anchor  # before the edit in the plan
