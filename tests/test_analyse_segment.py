"""Segmentation keeps the policy terms of the shipped dictionary whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_site.analyse.segment import clean_extra, dictionary_words, segment, stopwords

REPORTS = Path(__file__).resolve().parents[1] / "reports"

# Sentences copied from the sample reports, with the terms a reader sees in them.
SNIPPETS = [
    ("专班推进优化营商环境专项行动，梳理20个部门政务服务事项477项", ["营商环境", "政务服务"]),
    ("深化放管服改革，实施乡村振兴战略", ["放管服", "乡村振兴"]),
    ("政务服务实现“一网通办、一窗受理”", ["一网通办", "一窗受理"]),
    ("修订区政府“三重一大”议事规则", ["三重一大"]),
    ("规模以上工业增加值增长20%，固定资产投资增长10%", ["规模以上工业增加值", "固定资产投资"]),
    ("深化“放管服”改革，打造一流营商环境", ["放管服", "营商环境"]),
    ("2020年和“十三五”时期工作回顾", ["十三五"]),
    ("“十四五”时期主要目标任务", ["十四五"]),
    ("全面推进乡村振兴，培育专精特新企业，实现双碳目标", ["乡村振兴", "专精特新", "双碳"]),
    ("规上工业企业达到26户", ["规上工业企业"]),
]


@pytest.mark.parametrize(("text", "terms"), SNIPPETS)
def test_policy_terms_stay_whole_in_sentences(text, terms):
    tokens = segment(text)
    assert "".join(tokens) == text  # segmentation loses nothing
    for term in terms:
        assert term in tokens, f"{term} split in {tokens}"


def test_every_dictionary_term_is_one_token_on_its_own():
    split = [w for w in dictionary_words() if segment(w) != [w]]
    assert split == []


def test_dictionary_terms_whole_in_the_sample_reports():
    """Nearly every occurrence of a dictionary term in the samples is one token.

    A few occurrences are not the term at all (稳增长 inside 平稳增长), so the check is on
    the share, over every term that is not part of a longer dictionary term found there.
    """
    words = dictionary_words()
    found = whole = 0
    for path in sorted(REPORTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        tokens = segment(text)
        for w in words:
            n = text.count(w)
            if n == 0 or any(w != x and w in x and x in text for x in words):
                continue
            found += n
            whole += min(n, tokens.count(w))
    assert found > 100
    assert whole / found >= 0.95, f"{whole}/{found}"


def test_site_dictionary_additions():
    # A site's own term (a local slogan) is split without it and whole with it.
    text = "打造咱的驻马店品牌"
    assert "咱的驻马店" not in segment(text)
    assert "咱的驻马店" in segment(text, extra=["咱的驻马店"])
    assert clean_extra([" b ", "a", "", "a"]) == ("a", "b")
    assert clean_extra("营商") == ("营商",)


def test_stopwords_hold_function_words_not_policy_terms():
    assert {"的", "和", "是", "我们", "进一步"} <= stopwords()
    assert not stopwords() & set(dictionary_words())
