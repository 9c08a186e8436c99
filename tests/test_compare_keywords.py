"""Keywords of the sample reports: plausible to a reader, policy terms whole."""

from __future__ import annotations

import pickle

import pytest

from compare_support import sample_reports
from govreport_site.analyse import keywords as kw
from govreport_site.analyse.profile import profile_report
from govreport_site.analyse.segment import dictionary_words, stopwords
from govreport_site.model import Metadata, Paragraph, Part, Report
from govreport_site.text import CJK_RE

# Words a reader of each sample would expect among its top keywords (at least one).
EXPECTED = {
    "000": {"煤矿", "光伏", "供热", "隐患"},  # 宝山区 2024: a coal-mining district
    "001": {"煤矿", "石墨", "煤电", "电厂"},  # 宝山区 2023 (excerpt)
    "002": {"社区", "滨江", "地块", "科创"},  # 庙行镇 2023: a Shanghai town
    "003": {"冰雪", "药业", "商会", "科技"},  # 爱民区 2024
    "004": {"金融", "老城区", "商圈", "现代服务业"},  # 前进区 2021
}


@pytest.fixture(scope="module")
def keywords() -> dict[str, list[tuple[str, float]]]:
    reports = sample_reports()
    profiles = {k: profile_report(r) for k, r in reports.items()}
    df = kw.document_frequency(list(profiles.values()))
    return {k: kw.top_terms(kw.tfidf(p, df, len(profiles))) for k, p in profiles.items()}


def test_keywords_are_words_not_characters_numbers_or_function_words(keywords):
    for k, terms in keywords.items():
        assert len(terms) == 20, k
        for term, weight in terms:
            assert len(term) >= 2 and CJK_RE.search(term), (k, term)
            assert term not in stopwords(), (k, term)
            assert not any(c.isdigit() for c in term), (k, term)
            assert 0 < weight <= 1
        assert not {"的", "和", "是", "我们", "工作", "发展"} & {t for t, _ in terms}


def test_keywords_name_what_each_report_is_about(keywords):
    for k, expected in EXPECTED.items():
        top = {t for t, _ in keywords[k][:12]}
        assert top & expected, (k, sorted(top))


def test_own_place_name_is_not_a_keyword(keywords):
    for term, _ in keywords["000"]:
        assert "宝山" not in term and "双鸭山" not in term


def test_dictionary_terms_are_counted_whole():
    """营商环境 and 一网通办 are counted as themselves, never as 营商 + 环境."""
    profile = profile_report(sample_reports()["001"])
    assert profile.terms.get("营商环境", 0) >= 1
    assert profile.terms.get("一网通办", 0) >= 1
    assert "营商" not in profile.terms and "通办" not in profile.terms
    assert set(dictionary_words()) & set(profile.terms)


def test_a_sites_own_terms_are_counted_whole():
    report = sample_reports()["000"]
    plain = profile_report(report)
    own = profile_report(report, extra=["智慧大厅"])
    assert "智慧大厅" not in plain.terms
    assert own.terms["智慧大厅"] >= 2


def test_profile_is_a_pure_small_picklable_function_of_the_report():
    report = sample_reports()["003"]
    a, b = profile_report(report), profile_report(report)
    assert a == b
    data = pickle.dumps(a)
    assert pickle.loads(data) == a
    text = sum(len(p.text) for p in report.paragraphs())
    assert len(data) < 8 * text  # about the size of the text, not of a corpus


def test_region_trends_see_terms_appear_rise_and_disappear():
    def report(year: int, text: str) -> Report:
        part = Part("plan", "", "plan", [Paragraph("plan-p1", text)])
        return Report(
            f"{year}.txt", "utf-8", Metadata(region=["甲省", "乙市"], year=year), parts=[part]
        )

    texts = {
        2019: "推进脱贫攻坚。脱贫攻坚任务艰巨。建设美丽乡村。美丽乡村建设。",
        2020: "决战脱贫攻坚。脱贫攻坚取得胜利。谋划十四五规划。建设美丽乡村。美丽乡村建设。",
        2021: "开局十四五。十四五起步。全面推进乡村振兴。乡村振兴战略。乡村振兴见效。"
        "建设美丽乡村。",
        2022: "落实十四五规划。十四五中期。乡村振兴全面推进。乡村振兴取得进展。乡村振兴。",
    }
    series = [(y, profile_report(report(y, t))) for y, t in texts.items()]
    trends = kw.region_trends(series, dictionary=frozenset(dictionary_words()))
    appear = {t: y for t, y, _ in trends.appear}
    assert appear["十四五"] == 2020 and appear["乡村振兴"] == 2021
    assert ("脱贫攻坚", 2020) in trends.disappear
    assert "乡村振兴" not in [t for t, *_ in trends.rise]  # from nothing: it appears
