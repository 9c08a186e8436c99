"""fold(): full-width ASCII and the ideographic space become ASCII, nothing else changes."""

from __future__ import annotations

from govreport_site.text import fold


def test_every_full_width_character_folds_to_its_ascii_twin():
    for code in range(0xFF01, 0xFF5F):
        assert fold(f"中{chr(code)}文") == f"中{chr(code - 0xFEE0)}文"
    assert fold("一\u3000二") == "一 二"


def test_a_sentence_folds_every_mark_and_keeps_its_length():
    text = "全年ＧＤＰ增长６．５％（预计），居民收入：２，０００元；完成！"
    folded = fold(text)
    assert folded == "全年GDP增长6.5%(预计),居民收入:2,000元;完成!"
    assert len(folded) == len(text)


def test_text_without_full_width_characters_is_returned_as_it_is():
    for text in ("", "政府工作报告。", "GDP 6.5%", "《十四五》规划“一网通办”"):
        assert fold(text) == text
