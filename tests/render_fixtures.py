"""Hand-built Reports for the render and publish tests, modelled on the five samples.

They stand in for the parser's output so the render stage can be tested on its own: the
text is copied from the sample reports (shortened), the structure is what a reader sees.
"""

from __future__ import annotations

from pathlib import Path

from govreport_site.config import Config
from govreport_site.model import Diagnostic, Metadata, Note, Paragraph, Part, Report, Subsection


def part(kind: str, title: str, anchor: str, lines: list[str | tuple[str, str]]) -> Part:
    """lines: plain text is a body paragraph; ("h", text) the part heading; ("s", text, title)
    a subsection heading; ("r", text, title) a run-in subsection (title inside the text)."""
    p = Part(kind=kind, title=title, anchor=anchor)
    for line in lines:
        role, text, sub = "body", line, None
        if isinstance(line, tuple):
            tag, text, *rest = line
            role = {"h": "heading", "s": "subheading", "r": "body"}[tag]
            sub = rest[0] if rest else None
        para = Paragraph(anchor=f"{anchor}-p{len(p.paragraphs) + 1}", text=text, role=role)
        if sub is not None:
            p.subsections.append(Subsection(sub, para.anchor, len(p.paragraphs)))
        p.paragraphs.append(para)
    return p


def title_part(lines: list[str]) -> Part:
    return part("title", "", "title", lines)


def report_000() -> Report:
    """双鸭山市宝山区 2024: review + plan, run-in subsections, targets and problems."""
    parts = [
        title_part(
            [
                "政府工作报告",
                "——2024年1月14日在宝山区第十一届人民代表大会第三次会议上",
                "宝山区人民政府区长 刘志军",
            ]
        ),
        part(
            "opening",
            "",
            "opening",
            ["各位代表：", "现在，我代表区人民政府向大会报告工作，请予审议。"],
        ),
        part(
            "review",
            "2023年工作回顾",
            "review",
            [
                ("h", "一、2023年工作回顾"),
                "一年来，面对多重困难叠加、多种风险交织的严峻复杂形势，我们始终坚持以习近平新时代"
                "中国特色社会主义思想为指导，实现了经济社会平稳运行。",
                (
                    "r",
                    "（一）产业根基更加坚实。农业生产稳步增长。严格落实稳豆增粮部署，大豆种植面积增至13.96万亩。",
                    "产业根基更加坚实",
                ),
                (
                    "r",
                    "（二）发展动能不断增强。扎实开展招商引资。利用煤、电、气等资源禀赋，围绕三新产业招商。",
                    "发展动能不断增强",
                ),
                "在肯定成绩的同时，我们也清醒看到面临的问题和挑战。国内国际环境更趋复杂严峻，"
                "消费和投资恢复迟缓。",
            ],
        ),
        part(
            "plan",
            "2024年工作安排",
            "plan",
            [
                ("h", "二、2024年工作安排"),
                "2024年是新中国成立75周年，是贯彻落实党的二十大精神的关键之年。",
                "今年经济社会发展的主要预期目标是：地区生产总值增长6%，农林牧渔业总产值增长5%，"
                "规模以上工业增加值增长20%以上。",
                (
                    "r",
                    "（一）锚定优化产业结构，开创高质量发展新局面。我们要持续优化一产、壮大二产、提升三产。",
                    "锚定优化产业结构，开创高质量发展新局面",
                ),
            ],
        ),
        part(
            "closing",
            "",
            "closing",
            ["各位代表！发展是解决一切问题的总钥匙，发展是新时代的硬道理。"],
        ),
    ]
    return Report(
        source_file="000_b4b53c33c4814be1.txt",
        encoding="utf-8",
        meta=Metadata(
            region=["黑龙江省", "双鸭山市", "宝山区"],
            year=2024,
            date="2024-01-14",
            session="第十一届人民代表大会第三次会议",
            speaker="刘志军",
            speaker_title="区长",
            title="政府工作报告",
        ),
        inferred=["year", "date", "session", "speaker", "speaker_title", "title"],
        review_year=2023,
        parts=parts,
        targets_anchor="plan-p3",
        problems_anchor="review-p5",
        notes=[Note("spacing", " 政 府 工 作 报 告", 1)],
    )


def report_001() -> Report:
    """双鸭山市宝山区 2023: an excerpt that starts with ——lead lines, then the plan."""
    parts = [
        part(
            "excerpt",
            "",
            "excerpt",
            [
                ("s", "——扎实开展社会治理。", "扎实开展社会治理"),
                "强化安全生产监管。深入开展安全生产专项整治三年行动，全年未发生重大安全事故。",
                ("s", "——大力提升工作效能。", "大力提升工作效能"),
                "深入开展党史学习教育，落实全面从严治党主体责任。",
            ],
        ),
        part(
            "plan",
            "2023年工作安排",
            "plan",
            [
                ("h", "二、2023年工作安排"),
                "主要预期目标是：地区生产总值增长6%，农林牧渔总产值增长6%，规模以上工业增加值增长20%。",
            ],
        ),
    ]
    return Report(
        source_file="001_6cdde31dd99d9c5b.txt",
        encoding="utf-8",
        meta=Metadata(region=["黑龙江省", "双鸭山市", "宝山区"], year=2023),
        parts=parts,
        targets_anchor="plan-p2",
        diagnostics=[
            Diagnostic("001_6cdde31dd99d9c5b.txt", "no title block: the report is an excerpt")
        ],
    )


def report_002() -> Report:
    """上海市宝山区庙行镇 2023: a town, its 宝山区 is not 双鸭山市's."""
    parts = [
        title_part(
            [
                "政府工作报告",
                "——2023年1月5日在宝山区庙行镇第八届人民代表大会第三次会议上",
                "庙行镇镇长 朱峻峰",
            ]
        ),
        part(
            "review",
            "2022 年工作回顾",
            "review",
            [
                ("h", "一、2022 年工作回顾"),
                (
                    "s",
                    "（一）经济运行情况稳中向好，锻造产业发展“强引擎”",
                    "经济运行情况稳中向好，锻造产业发展“强引擎”",
                ),
                "经济指标稳步回升。全年预计完成区级地方财政收入 4.24 亿元，与去年持平。",
            ],
        ),
        part(
            "plan",
            "2023 年工作安排",
            "plan",
            [
                ("h", "二、2023 年工作安排"),
                "根据上述工作的总体要求，建议明年我镇经济社会发展的主要预期目标为：区级地方财政收入增速不低于全区平均水平。",
            ],
        ),
    ]
    return Report(
        source_file="002_8d55160e06e9d7cd.txt",
        encoding="utf-8",
        meta=Metadata(
            region=["上海市", "宝山区", "庙行镇"],
            year=2023,
            date="2023-01-05",
            speaker="朱峻峰",
            speaker_title="镇长",
        ),
        inferred=["year", "date", "speaker", "speaker_title"],
        review_year=2022,
        parts=parts,
        targets_anchor="plan-p2",
        notes=[Note("markdown", "**", 101), Note("footnote", "[1] 数据来源：区统计局。", 42)],
    )


def report_003() -> Report:
    return Report(
        source_file="003_097f914945e8a5ad.txt",
        encoding="utf-8",
        meta=Metadata(
            region=["黑龙江省", "牡丹江市", "爱民区"],
            year=2024,
            date="2024-01-10",
            speaker="王晓宇",
            speaker_title="区长",
        ),
        inferred=["year", "date", "speaker", "speaker_title"],
        review_year=2023,
        parts=[
            title_part(
                [
                    "政府工作报告",
                    "(2024年1月10日在牡丹江市爱民区第十六届人民代表大会第四次会议上)",
                    "区长 王晓宇",
                ]
            ),
            part(
                "review",
                "2023年政府工作回顾",
                "review",
                [
                    ("h", "一、2023年政府工作回顾"),
                    ("s", "（一）三次产业做优做强", "三次产业做优做强"),
                    "预计，全年地区生产总值同比增长 6.5%。",
                ],
            ),
            part(
                "plan",
                "2024年重点工作安排",
                "plan",
                [
                    ("h", "二、2024年重点工作安排"),
                    "经济发展主要预期目标是：地区生产总值增长 6%，固定资产投资增长 10%。",
                ],
            ),
        ],
        targets_anchor="plan-p2",
        notes=[Note("markdown", "####", 5)],
    )


def report_004() -> Report:
    return Report(
        source_file="004_01b31af4fff02e6b.txt",
        encoding="utf-8",
        meta=Metadata(
            region=["黑龙江省", "佳木斯市", "前进区"],
            year=2021,
            date="2021-01-23",
            speaker="黄远志",
            speaker_title="代区长",
        ),
        inferred=["year", "date", "speaker", "speaker_title"],
        review_year=2020,
        parts=[
            part(
                "review",
                "2020年和“十三五”时期工作回顾",
                "review",
                [
                    ("h", "一、2020年和“十三五”时期工作回顾"),
                    ("s", "——经济运行稳中向好。", "经济运行稳中向好"),
                    "全区规模以上工业增加值同比增长3.9%。",
                ],
            ),
            part(
                "outlook",
                "“十四五”时期主要目标任务",
                "outlook",
                [("h", "二、“十四五”时期主要目标任务"), "到2025年，全区经济实力明显增强。"],
            ),
            part(
                "plan",
                "2021年工作安排",
                "plan",
                [
                    ("h", "三、2021年工作安排"),
                    "综合考虑各方面因素，今年全区经济社会发展主要预期目标是：一般公共预算收入增长10%左右。",
                ],
            ),
        ],
        targets_anchor="plan-p2",
        notes=[
            Note(
                "forwarding-notice",
                "佳木斯市前进区人民政府办公室\n关于印发《政府工作报告》的通知",
                1,
            )
        ],
    )


def sample_reports() -> list[Report]:
    return [report_000(), report_001(), report_002(), report_003(), report_004()]


HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def hostile_report() -> Report:
    """Markup in every field a page shows: it must come out as inert text."""
    r = report_003()
    r.source_file = "evil/<b>bad</b>.txt"
    r.meta.region = ["黑龙江省", "牡丹江市", "爱民区" + HOSTILE]
    r.meta.speaker = HOSTILE
    r.meta.session = HOSTILE
    r.meta.title = HOSTILE
    r.meta.source = "javascript:alert(1)"
    r.parts[1].title = "回顾" + HOSTILE
    r.parts[1].paragraphs[2].text = "正文" + HOSTILE
    r.parts[1].subsections[0].title = "小节" + HOSTILE
    r.notes = [Note("web-debris" + HOSTILE, HOSTILE, 3)]
    r.diagnostics = [Diagnostic(r.source_file, HOSTILE)]
    return r


def config_for(tmp_path: Path, **kw) -> Config:
    """A Config for a site folder in tmp_path (no own templates/static: the default theme)."""
    return Config(root=tmp_path, reports_dir=tmp_path / "reports", out_dir=tmp_path / "_site", **kw)


def render_site(config: Config, reports: list[Report] | None = None) -> dict[str, bytes]:
    """Stages 4-5 on hand-built reports: every output file, not written."""
    from govreport_site.publish.exports import export_files
    from govreport_site.publish.search import search_files
    from govreport_site.render.pages import render_pages
    from govreport_site.render.plan import plan_site

    site = plan_site(sample_reports() if reports is None else reports, config)
    files = render_pages(site, config)
    files.update(export_files(site, config))
    files.update(search_files(site, config))
    return files


def write_site(config: Config, reports: list[Report] | None = None) -> Path:
    from govreport_site.publish.write import output_dir, write_output

    write_output(render_site(config, reports), config)
    return output_dir(config)
