"""The character redline of two aligned paragraphs, on text from the sample reports."""

from __future__ import annotations

from compare_support import sample_reports
from govreport_site.analyse.redline import Op, counts, redline, tidy, tokens

TARGETS_2023 = (
    "主要预期目标是:地区生产总值增长6%,农林牧渔总产值增长6%,规模以上工业增加值增长20%,"
    "固定资产投资增长10%,外贸进出口总额增长15%,财政一般预算收入增长10%,"
    "社会消费品零售总额增长5%,城乡居民收入与经济增长基本同步。"
)


def ops_of(a: str, b: str) -> list[tuple[str, str, str]]:
    return [tuple(op) for op in redline(a, b)]


def test_the_redline_rebuilds_both_texts():
    r = sample_reports()
    a, b = r["001"].targets_passage.text, r["000"].targets_passage.text
    ops = redline(a, b)
    assert "".join(op.a for op in ops) == a
    assert "".join(op.b for op in ops) == b


def test_a_number_is_replaced_whole_not_digit_by_digit():
    ops = ops_of("地区生产总值增长6%，", "地区生产总值增长5.5%左右，")
    assert ("replace", "6%", "5.5%左右") in ops
    assert ops[0] == ("equal", "地区生产总值增长", "地区生产总值增长")
    # 2023 -> 2024 is one number replaced, not "202" kept and "3" -> "4".
    assert ops_of("二、2023年工作安排", "二、2024年工作安排") == [
        ("equal", "二、", "二、"),
        ("replace", "2023", "2024"),
        ("equal", "年工作安排", "年工作安排"),
    ]


def test_full_and_half_width_punctuation_and_digits_are_the_same_text():
    assert ops_of("增长6%,同比", "增长６％，同比") == [("equal", "增长6%,同比", "增长６％，同比")]


def test_short_equal_runs_between_changes_fold_into_the_change():
    # "收入" survives between two insertions: shown alone it only makes the line harder
    # to read, so it becomes part of one replacement.
    ops = ops_of(
        "城乡居民收入与经济增长基本同步。", "城乡居民人均可支配收入增长与经济增长基本同步。"
    )
    assert ("replace", "收入", "人均可支配收入增长") in ops
    # …but a run of three or more characters stays.
    assert tidy(
        [Op("insert", "", "甲"), Op("equal", "乙丙丁", "乙丙丁"), Op("delete", "戊", "")]
    ) == [
        Op("insert", "", "甲"),
        Op("equal", "乙丙丁", "乙丙丁"),
        Op("delete", "戊", ""),
    ]


def test_reordered_targets_keep_the_clauses_left_in_place():
    """2024 moved 社会消费品零售总额 before 固定资产投资: the three clauses that kept their
    place (固定资产投资, 外贸, 财政) stay aligned, the one that moved is deleted and inserted."""
    b = sample_reports()["000"].targets_passage.text
    ops = redline(TARGETS_2023, b)
    kept = "".join(op.b for op in ops if op.tag == "equal")
    for clause in ("固定资产投资增长10%", "外贸进出口总", "财政一般", "预算收入增长"):
        assert clause in kept
    moved = [op for op in ops if "社会消费品零售总额" in op.a + op.b]
    assert moved and all(op.tag != "equal" for op in moved)


def test_targets_passage_hand_count():
    """宝山区 2023 -> 2024 targets passage, counted by hand (characters of 2024 unchanged
    and in place, a number counting whole, equal runs under 3 characters between two
    changes counting as changed):

    主要预期目标是：地区生产总值增长6%，农林牧渔 23 | 总产值增长 5 | ，规模以上工业增加值增长20% 15
    | ， 1 | 固定资产投资增长10% 11 | ，外贸进出口总 7 | ，财政一般 5 | 预算收入增长 6 | ， 1
    | 城乡居民 4 | 与经济增长基本同步。10  = 88 of 142.

    The redline gives the two lone commas (after 以上 and after 38%左右) to the clauses
    rewritten next to them, so it counts 86: within two characters of the hand count.
    """
    b = sample_reports()["000"].targets_passage.text
    kept, written, removed = counts(redline(TARGETS_2023, b))
    assert len(b) == 142
    hand = 23 + 5 + 15 + 1 + 11 + 7 + 5 + 6 + 1 + 4 + 10
    assert hand == 88
    assert abs(kept - hand) <= 2
    assert kept + written == len(b)
    assert removed == len(TARGETS_2023) - kept  # the equal runs are the same on both sides


def test_problems_paragraph_hand_count():
    """The problems paragraph (在肯定成绩的同时…): the pieces of 2024 that a reader finds
    unchanged from 2023, listed by hand: 121 characters of 350.

    The redline pairs 2024's clause 我们将直面问题挑战 with 2023's 直面问题挑战 (2023 had
    我们将时刻牢记…, 增强忧患意识, in between), so it counts 我们将 as rewritten: 118.
    """
    r = sample_reports()
    a = r["001"].find(r["001"].problems_anchor).text
    b = r["000"].find(r["000"].problems_anchor).text
    unchanged = [
        "在肯定成绩的同时，我们也清醒看到面临的问题和挑战。",
        "环境更趋复杂严峻，消费和投资恢复迟缓，",  # after 国际国内 -> 国内国际
        "经济复苏动力不足",  # after 区域 was dropped
        "立区大项目和财源型项目匮乏；中小微企业、个体工商户生产经营困难，稳就业任务更加艰巨。",
        "这些问题已经引起了我们的高度重视，我们将",
        "直面问题挑战，",
    ]
    for piece in unchanged:
        assert piece in b
    hand = sum(len(p) for p in unchanged)
    assert (hand, len(b)) == (121, 350)
    kept, written, _ = counts(redline(a, b))
    assert hand - 3 <= kept <= hand
    assert written == len(b) - kept


def test_tokens_keep_numbers_and_latin_words_whole():
    assert tokens("投资1000余万元，5G基站38.5%") == [
        "投",
        "资",
        "1000",
        "余",
        "万",
        "元",
        "，",
        "5",
        "G",
        "基",
        "站",
        "38.5%",
    ]
