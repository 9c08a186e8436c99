"""Text reuse: exact copies after normalising, near copies (≥ 0.9), boilerplate left out."""

from __future__ import annotations

import numpy as np

from compare_support import BAOSHAN_2023, BAOSHAN_2024, sample_site
from govreport_site.analyse.profile import profile_report
from govreport_site.analyse.reuse import Names, ReuseIndex, sentence_columns, similar
from govreport_site.analyse.sentences import normalise, split_sentences
from govreport_site.model import Metadata, Paragraph, Part, Report

# Sentences from the sample reports (宝山区 2023 and 2024).
S1 = "深入开展安全生产专项整治三年行动，加强生产、建设煤矿监管，严厉打击违法违规行为。"
S2 = "积极推进电厂机组升级改造，大力推进电厂8万千瓦光伏复合发电项目建设。"
S3 = "扩大畜禽养殖规模，全年生猪存栏量增长10%以上，禽类存栏量稳定在20万羽左右。"
S3_NEAR = "扩大畜禽养殖规模，全年生猪存栏量增长12%以上，禽类存栏量稳定在20万羽左右。"
S4 = "持续推进旅游发展，力争温泉旅游小镇项目开工建设。"
FRAME = "各位代表，现在我代表区人民政府向大会报告工作，请予审议。"


def report(name: str, year: int, *paragraphs: str) -> Report:
    part = Part("plan", "", "plan")
    part.paragraphs = [Paragraph(f"plan-p{n}", t) for n, t in enumerate(paragraphs, 1)]
    return Report(name, "utf-8", Metadata(region=["甲省", "乙市"], year=year), parts=[part])


def test_normalising_ignores_punctuation_width_spaces_and_enumerators():
    a = "一是加强生产、建设煤矿监管，严厉打击违法违规行为；"
    b = "（二）加强生产,建设煤矿监管, 严厉打击违法违规行为。"
    assert normalise(a) == normalise(b)
    text = "甲乙。丙丁！“戊己？”庚"
    assert [text[i:j] for i, j in split_sentences(text)] == [
        "甲乙。",
        "丙丁！",
        "“戊己？”",
        "庚",
    ]


def test_near_copy_means_difflib_similarity_of_at_least_0_9():
    assert similar(normalise(S3), normalise(S3_NEAR))
    assert not similar(normalise(S3), normalise(S4))


def test_reuse_shares_exact_near_and_none():
    old = report("a.txt", 2023, S1 + S2, S3, FRAME)
    new = report("b.txt", 2024, S1.replace("，", ","), S3_NEAR, S4, FRAME)
    index = ReuseIndex([profile_report(old), profile_report(new)])
    found = index.report_reuse(1, 0, lambda r, o: (o,))
    # S1 (exact after normalising), S3 (near), S4 (new); the frame sentence is not counted.
    assert (found.counted, found.boilerplate) == (3, 1)
    assert found.in_previous == found.in_corpus == 2
    assert found.previous == found.corpus == 2 / 3
    marks = {(m.anchor, m.exact) for m in found.marks}
    assert marks == {("plan-p1", True), ("plan-p2", False)}
    assert index.share_in(1, 0) == 2 / 3


def test_sentences_in_many_reports_are_boilerplate():
    """A sentence found in more than max(5, 10% of the reports) reports is a slogan, not
    reuse: with 7 reports that all say S4, S4 counts in none of them."""
    own = [
        S1,
        S2,
        S3,
        "统筹推进城区老旧管网改造工程。",
        "完善基层医疗卫生服务体系建设。",
        "加快发展农村电子商务和物流配送。",
        "深化国有企业混合所有制改革试点。",
    ]
    reports = [report(f"{n}.txt", 2010 + n, S4, own[n]) for n in range(7)]
    index = ReuseIndex([profile_report(r) for r in reports])
    found = index.report_reuse(3, 2, lambda r, o: (o,))
    assert found.boilerplate == 1 and found.counted == 1 and found.in_corpus == 0


def test_reused_sentences_are_marked_and_linked_on_the_report_page():
    html = (sample_site() / "reports" / f"{BAOSHAN_2024}.html").read_text(encoding="utf-8")
    assert '<span class="reused">' in html
    # …each followed by a link to the report it also appears in, at the paragraph.
    assert f'class="reuse-ref" href="../reports/{BAOSHAN_2023}.html#' in html


def _index(profiles: list, table_of: list, earlier: ReuseIndex | None = None) -> ReuseIndex:
    """A ReuseIndex built as analyse_texts builds it: sentence columns, a table of the
    sketches of `table_of` (this build's and the last build's sentences), and, with
    `earlier`, that build's checks and distinct sentences."""
    names = Names()
    columns = [sentence_columns(p, names.id) for p in profiles]
    every = [sentence_columns(p, Names().id) for p in table_of]
    keys = np.concatenate([c.key for c in every])
    distinct, at = np.unique(keys, return_index=True)
    table = (distinct, np.concatenate([c.sketch for c in every])[at])
    for c in columns:
        c.sketch = None
    more = {}
    if earlier is not None:
        more = {"verdicts": earlier.verdicts, "earlier_keys": np.sort(earlier.uid_key)}
    return ReuseIndex(
        columns=columns,
        anchors=names.names,
        norm=lambda r, s: profiles[r].sentences[s].norm,
        sketches=table,
        **more,
    )


def _checked(index: ReuseIndex) -> set[tuple[int, int]]:
    found = index.verdicts
    return set(zip(found.lo.tolist(), found.hi.tolist(), strict=True))


def _variant(n: int) -> str:
    return S3.replace("10%", f"{n}%").replace("20万", f"{n + 7}万")


def test_near_copies_after_an_edit_are_those_found_from_nothing():
    """An edit build updates the last build's near-copy links from the sentences that
    came and went; the links are those a build from nothing finds, also when a bucket of
    like sentences grows past BUCKET_MAX or shrinks below it."""
    for variants in (20, 50, 52):
        pool = [_variant(10 + n) for n in range(variants)]
        before = [
            profile_report(report(f"{n}.txt", 2000 + n, pool[n], S1 if n % 2 else S2))
            for n in range(variants)
        ]
        last = _index(before, before)
        edits = {
            "a near copy comes": {3: report("3.txt", 2003, pool[3], _variant(99), S4)},
            "a sentence goes": {4: report("4.txt", 2004, S2)},
            "two go, one comes": {
                5: report("5.txt", 2005, S4),
                6: report("6.txt", 2006, _variant(98)),
            },
        }
        for name, edit in edits.items():
            after = [profile_report(edit[n]) if n in edit else p for n, p in enumerate(before)]
            fresh = _index(after, after)
            updated = _index(after, before + after, earlier=last)
            assert updated.near == fresh.near, (variants, name)
            assert updated.boilerplate == fresh.boilerplate, (variants, name)
            # The checks kept for the next build: this build's candidate pairs.
            assert _checked(updated) == _checked(fresh), (variants, name)
            if variants == 20:  # far from BUCKET_MAX: only the new pairs are checked
                assert updated.checked < fresh.checked, name


def test_two_statements_of_a_figure_are_no_near_copy():
    """固定资产投资增长11.3% and …11.8% report the same indicator; a long sentence whose
    only change is a figure is still a sentence carried over."""
    assert not similar("固定资产投资增长11.3%", "固定资产投资增长11.8%")
    assert similar("固定资产投资增长11.3%", "固定资产投资增长11.3%")
    long_a = "全年完成固定资产投资120亿元，增长11.3%，其中工业投资增长16.5%"
    assert similar(long_a, long_a.replace("11.3", "11.8"))
