"""The parser on the five sample reports in reports/ (with their sidecar metadata)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from govreport_site.ingest.normalise import normalise_text
from govreport_site.model import PART_KINDS, ROLES, Diagnostic, Normalised
from govreport_site.parse import check_conservation, parse
from parse_support import SAMPLES, heading_run_in, normalised, sample, sidecar_meta, source_for


def parsed(prefix: str, *, with_sidecar: bool = True):
    src, norm = sample(prefix, with_sidecar=with_sidecar)
    return norm, parse(src, norm)


def kinds(report) -> list[str]:
    return [p.kind for p in report.parts]


def body_kinds(report) -> list[str]:
    """The numbered parts only."""
    return [p.kind for p in report.parts if p.kind not in ("title", "opening", "closing")]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_every_character_lands_in_one_paragraph(path) -> None:
    src = source_for(path, sidecar_meta(path))
    norm = normalised(src)
    report = parse(src, norm)
    assert check_conservation(norm, report)
    anchors = [p.anchor for p in report.parts] + [q.anchor for q in report.paragraphs()]
    assert len(anchors) == len(set(anchors))
    assert all(p.kind in PART_KINDS for p in report.parts)
    assert all(q.role in ROLES and q.text for q in report.paragraphs())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_numbered_parts_start_with_their_heading(path) -> None:
    src = source_for(path, sidecar_meta(path))
    report = parse(src, normalised(src))
    for part in report.parts:
        if part.kind in ("review", "outlook", "plan", "other"):
            first = part.paragraphs[0]
            assert first.role == "heading"
            assert first.text.startswith(("一", "二", "三", "四", "五"))
            assert part.title and part.title in first.text.replace(" ", "")
            assert not re.search(r"\s", part.title)  # no heading text glued to spaces


def test_000_review_and_plan_with_title_block() -> None:
    _, r = parsed("000")
    assert kinds(r) == ["title", "opening", "review", "plan", "closing"]
    assert r.meta.year == 2024 and r.meta.date == "2024-01-14"
    assert (r.meta.speaker, r.meta.speaker_title) == ("刘志军", "区长")
    assert r.meta.session == "第十一届人民代表大会第三次会议"
    assert r.review_year == 2023
    assert {"year", "date", "speaker", "session"} <= set(r.inferred)
    assert "region" not in r.inferred  # given by the sidecar
    assert r.meta.region == ["黑龙江省", "双鸭山市", "宝山区"]
    review, plan = r.parts[2], r.parts[3]
    assert review.title == "2023年工作回顾" and plan.title == "2024年工作安排"
    assert [s.title for s in review.subsections] == [
        "产业根基更加坚实",
        "发展动能不断增强",
        "城乡面貌得到改善",
        "民生福祉不断提升",
        "安全形势稳定向好",
        "政府自身建设持续加强",
    ]
    assert len(plan.subsections) == 6
    assert r.targets_passage.text.startswith("今年经济社会发展的主要预期目标是")
    assert r.find(r.problems_anchor).text.startswith("在肯定成绩的同时")


def test_000_run_in_subsection_heading_is_split_without_loss() -> None:
    _, r = parsed("000")
    review = r.parts[2]
    sub = review.subsections[0]
    head = review.paragraphs[sub.index]
    assert head.role == "subheading" and head.text == "（一）产业根基更加坚实。"
    assert review.paragraphs[sub.index + 1].text.startswith("农业生产稳步增长。")
    assert sub.anchor == head.anchor


def test_001_excerpt_then_plan() -> None:
    _, r = parsed("001")
    assert kinds(r) == ["excerpt", "plan"]
    assert r.meta.year == 2023 and "year" not in r.inferred
    assert r.parts[1].title == "2023年工作安排"
    assert [s.title for s in r.parts[0].subsections] == ["扎实开展社会治理", "大力提升工作效能"]
    assert "主要预期目标是:地区生产总值增长6%" in r.targets_passage.text
    assert r.find(r.problems_anchor).text.startswith("在肯定成绩的同时")


def test_001_year_from_the_plan_heading_without_sidecar() -> None:
    _, r = parsed("001", with_sidecar=False)
    assert r.meta.year == 2023 and "year" in r.inferred
    assert r.meta.region == []
    assert any("region" in d.message for d in r.diagnostics)


def test_002_town_report() -> None:
    _, r = parsed("002")
    assert body_kinds(r) == ["review", "plan"]
    assert r.meta.year == 2023 and r.meta.date == "2023-01-05"
    assert (r.meta.speaker, r.meta.speaker_title) == ("朱峻峰", "镇长")
    assert r.meta.region == ["上海市", "宝山区", "庙行镇"]
    assert "建议明年我镇经济社会发展的主要预期目标为" in r.targets_passage.text
    assert len(r.parts[2].subsections) == 5 and len(r.parts[3].subsections) == 5
    assert r.parts[-1].kind == "closing"


def test_002_region_from_the_text_when_not_given() -> None:
    _, r = parsed("002", with_sidecar=False)
    assert r.meta.region == ["上海市", "宝山区", "庙行镇"] and "region" in r.inferred


def test_003_markdown_converted_report() -> None:
    _, r = parsed("003")
    assert body_kinds(r) == ["review", "plan"]
    assert r.meta.year == 2024 and r.meta.date == "2024-01-10"
    assert r.meta.speaker == "王晓宇" and r.meta.speaker_title == "区长"
    assert r.meta.session == "第十六届人民代表大会第四次会议"
    review, plan = r.parts[2], r.parts[3]
    assert review.title == "2023年政府工作回顾" and plan.title == "2024年重点工作安排"
    assert [s.title for s in review.subsections][:2] == ["三次产业做优做强", "发展动能逐步释放"]
    assert len(review.subsections) == 6 and len(plan.subsections) == 5
    assert r.targets_passage.text.startswith("经济发展主要预期目标是")
    assert "清醒地认识到" in r.find(r.problems_anchor).text


def test_004_review_outlook_plan() -> None:
    _, r = parsed("004")
    assert body_kinds(r) == ["review", "outlook", "plan"]
    assert r.meta.year == 2021 and r.meta.date == "2021-01-23"
    assert (r.meta.speaker, r.meta.speaker_title) == ("黄远志", "代区长")
    review, outlook, plan = r.parts[2:5]
    assert review.title == "2020年和“十三五”时期工作回顾"
    assert outlook.title == "“十四五”时期主要目标任务"
    assert review.subsections[0].title == "经济运行稳中向好"
    lead = r.find(review.subsections[0].anchor)
    assert lead.text == "——经济运行稳中向好。"
    assert len(outlook.subsections) == 6 and len(plan.subsections) == 7
    assert r.targets_passage in plan.paragraphs
    assert "主要预期目标" in r.targets_passage.text


def test_004_region_from_the_forwarding_notice_not_from_a_bare_区() -> None:
    norm, r = parsed("004", with_sidecar=False)
    # 佳木斯市前进区人民政府办公室 关于印发《政府工作报告》的通知
    assert r.meta.region == ["黑龙江省", "佳木斯市", "前进区"]
    assert r.meta.year == 2021
    src, _ = sample("004", with_sidecar=False)
    without = dataclasses.replace(
        norm, notes=[n for n in norm.notes if n.kind != "forwarding-notice"]
    )
    assert parse(src, without).meta.region == []  # "在区第十六届…" names no place


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_targets_passage_in_plan(path) -> None:
    src = source_for(path, sidecar_meta(path))
    r = parse(src, normalised(src))
    plan_paragraphs = [q for p in r.parts if p.kind == "plan" for q in p.paragraphs]
    assert r.targets_passage in plan_paragraphs
    assert re.search(r"\d+(\.\d+)?\s*[%％]", r.targets_passage.text)


def test_notes_and_diagnostics_are_carried() -> None:
    src, norm = sample("004")
    src.diagnostics.append(Diagnostic(src.source_file, "read with a fallback encoding"))
    r = parse(src, norm)
    assert r.notes == norm.notes
    assert r.diagnostics[0].message == "read with a fallback encoding"


def test_a_given_year_wins_with_a_warning() -> None:
    src, norm = sample("000", with_sidecar=False)
    src.meta.year = 2023
    r = parse(src, norm)
    assert r.meta.year == 2023 and "year" not in r.inferred
    assert r.review_year == 2022
    assert any("2024" in d.message for d in r.diagnostics)
    assert r.meta.date == "2024-01-14"  # other fields are still read from the text


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_part_headings_run_into_the_sentence_before_are_found(prefix: str) -> None:
    """As a web copy that lost the break before each part heading gives the text."""
    src, norm = sample(prefix)
    report = parse(src, norm)
    run_in = Normalised(heading_run_in(norm, report))
    assert run_in.text != norm.text
    again = parse(src, run_in)
    assert check_conservation(run_in, again)
    assert [(p.kind, p.title) for p in again.parts] == [(p.kind, p.title) for p in report.parts]


def test_subsection_headings_whose_numbers_a_word_converter_dropped() -> None:
    """002's subsections, written as docx2txt writes a Word file whose headings Word
    numbered: no （一）, each heading a line of its own between blank lines. The
    headings are still the part's subsections, with the same titles."""
    src, norm = sample("002")
    report = parse(src, norm)
    want = [[s.title for s in p.subsections] for p in report.parts]
    assert sum(map(len, want)) >= 5
    lines = [q.text for q in report.paragraphs()]
    bare = [re.sub(r"^[（(][一二三四五六七八九十]+[）)]", "", t) for t in lines]
    assert bare != lines
    again = parse(src, normalise_text("\n\n".join(bare)))
    assert [[s.title for s in p.subsections] for p in again.parts] == want
