"""Metadata: front matter, sidecars and _meta.yaml files, merged and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport_site.ingest.discover import discover
from govreport_site.ingest.metadata import clean_metadata, load_yaml, split_front_matter
from govreport_site.ingest.read import read_source

OPENING = (
    "政府工作报告\n——2024年1月14日在双鸭山市宝山区第十一届人民代表大会第三次会议上\n区长 刘志军\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, rel: str):
    """discover + read_source for one report of a tree, as the build does."""
    items, diagnostics = discover(tmp_path)
    item = next(i for i in items if i.rel == rel)
    return read_source(item.path.read_bytes(), item.rel, item.inherited), diagnostics


def test_merge_order_meta_outer_inner_sidecar_front_matter(tmp_path):
    write(
        tmp_path / "_meta.yaml",
        "region: [黑龙江省]\nsource: https://example.gov.cn/\nspeaker_title: 区长\n",
    )
    write(
        tmp_path / "heilongjiang" / "_meta.yaml",
        "region: [黑龙江省, 双鸭山市, 宝山区]\nspeaker: 张三\n",
    )
    write(tmp_path / "heilongjiang" / "2024.yaml", "speaker: 刘志军\nyear: 2024\n")
    write(
        tmp_path / "heilongjiang" / "2024.txt",
        "---\nyear: 2025\ndate: 2024-01-14\n---\n" + OPENING,
    )
    source, diagnostics = read(tmp_path, "heilongjiang/2024.txt")
    assert diagnostics == []
    meta = source.meta
    assert meta.region == ["黑龙江省", "双鸭山市", "宝山区"]  # inner _meta.yaml over outer
    assert meta.source == "https://example.gov.cn/"  # from the outermost, not overridden
    assert meta.speaker_title == "区长"
    assert meta.speaker == "刘志军"  # sidecar over _meta.yaml
    assert meta.year == 2025  # front matter over sidecar
    assert meta.date == "2024-01-14"
    assert source.text == OPENING  # front matter removed
    assert source.body_line == 5


def test_meta_applies_only_below_its_folder(tmp_path):
    write(tmp_path / "shanghai" / "_meta.yaml", "region: 上海市 宝山区 庙行镇\n")
    write(tmp_path / "shanghai" / "2023.txt", OPENING)
    write(tmp_path / "other" / "2024.txt", OPENING)
    assert read(tmp_path, "shanghai/2023.txt")[0].meta.region == ["上海市", "宝山区", "庙行镇"]
    assert read(tmp_path, "other/2024.txt")[0].meta.region == []


def test_sample_reports_get_their_sidecar_metadata():
    reports = Path(__file__).resolve().parents[1] / "reports"
    items, diagnostics = discover(reports)
    assert diagnostics == []
    by_name = {i.rel[:3]: read_source(i.path.read_bytes(), i.rel, i.inherited) for i in items}
    assert sorted(by_name) == ["000", "001", "002", "003", "004"]
    assert by_name["001"].meta.year == 2023
    assert by_name["002"].meta.region == ["上海市", "宝山区", "庙行镇"]
    assert by_name["000"].meta.region == ["黑龙江省", "双鸭山市", "宝山区"]


@pytest.mark.parametrize(
    ("yaml_text", "field", "expected"),
    [
        ("region: 黑龙江省 双鸭山市 宝山区", "region", ["黑龙江省", "双鸭山市", "宝山区"]),
        ("region: [黑龙江省, 佳木斯市, 前进区]", "region", ["黑龙江省", "佳木斯市", "前进区"]),
        ("region:\n  - 上海市\n  - 宝山区\n", "region", ["上海市", "宝山区"]),
        ("year: 2024", "year", 2024),
        ("year: '2024'", "year", 2024),
        ("year: 2024年", "year", 2024),
        ("year: 二〇二一", "year", 2021),
        ("date: 2024-01-14", "date", "2024-01-14"),
        ("date: '2024-1-5'", "date", "2024-01-05"),
        ("date: 2023年1月5日", "date", "2023-01-05"),
        ("session: 第十一届人民代表大会第三次会议", "session", "第十一届人民代表大会第三次会议"),
        ("id: baoshan-2024", "id", "baoshan-2024"),
    ],
)
def test_accepted_forms(yaml_text, field, expected):
    raw, lines, problems = load_yaml(yaml_text, "x.yaml")
    clean, diagnostics = clean_metadata(raw, "x.yaml", lines)
    assert problems == [] and diagnostics == []
    assert clean[field] == expected


@pytest.mark.parametrize(
    ("yaml_text", "key", "line"),
    [
        ("region: [黑龙江省]\nyear: next year\n", "year", 2),
        ("year: 1024\n", "year", 1),
        ("region: {省: 黑龙江省}\n", "region", 1),
        ("speaker: 刘志军\ndate: 2024-02-30\n", "date", 2),
        ("date: 14.01.2024\n", "date", 1),
        ("id: 宝山区\n", "id", 1),
        ("speaker: [刘志军, 王晓宇]\n", "speaker", 1),
    ],
)
def test_wrong_types_warn_with_file_key_and_line(yaml_text, key, line):
    raw, lines, _ = load_yaml(yaml_text, "a/2024.yaml")
    clean, diagnostics = clean_metadata(raw, "a/2024.yaml", lines)
    assert key not in clean
    assert len(diagnostics) == 1
    d = diagnostics[0]
    assert (d.source_file, d.line, d.level) == ("a/2024.yaml", line, "warning")
    assert f"'{key}'" in d.message


def test_unknown_keys_warn_but_known_ones_are_kept(tmp_path):
    write(tmp_path / "r.yaml", "region: [黑龙江省, 牡丹江市, 爱民区]\nmayor: 王晓宇\n")
    write(tmp_path / "r.txt", OPENING)
    source, diagnostics = read(tmp_path, "r.txt")
    assert source.meta.region == ["黑龙江省", "牡丹江市", "爱民区"]
    assert [(d.source_file, d.line) for d in diagnostics] == [("r.yaml", 2)]
    assert "unknown metadata key 'mayor'" in diagnostics[0].message


def test_yaml_syntax_error_in_sidecar_names_file_and_line(tmp_path):
    write(tmp_path / "a" / "_meta.yaml", "region: [黑龙江省, 双鸭山市, 宝山区]\n")
    write(tmp_path / "a" / "r.yaml", "year: 2024\nspeaker: [刘志军\ntitle: 政府工作报告\n")
    write(tmp_path / "a" / "r.txt", OPENING)
    source, diagnostics = read(tmp_path, "a/r.txt")
    assert len(diagnostics) == 1
    assert diagnostics[0].source_file == "a/r.yaml"
    assert diagnostics[0].line == 3
    assert "YAML syntax error" in diagnostics[0].message
    # The report still builds, with what the other files say.
    assert source.meta.region == ["黑龙江省", "双鸭山市", "宝山区"]
    assert source.meta.year is None


def test_yaml_syntax_error_in_front_matter_counts_file_lines(tmp_path):
    text = (
        "---\nregion: [黑龙江省, 牡丹江市, 爱民区]\nyear: 2024\nspeaker: '王晓宇\n---\n" + OPENING
    )
    source = read_source(text.encode(), "2024.md", {"year": 2023})
    assert [d.source_file for d in source.diagnostics] == ["2024.md"]
    line = source.diagnostics[0].line
    assert line is not None and 4 <= line <= 5  # the unclosed quote, as numbered in the file
    assert source.meta.year == 2023  # the inherited value stands
    assert "刘志军" in source.text


def test_front_matter_must_be_a_mapping():
    source = read_source(("---\n- 黑龙江省\n---\n" + OPENING).encode(), "r.txt", {})
    assert len(source.diagnostics) == 1 and source.diagnostics[0].line == 2
    assert source.text == OPENING


def test_text_without_closing_fence_has_no_front_matter():
    text = "---\n政府工作报告\n各位代表：\n"
    assert split_front_matter(text) == (None, text, 1)


def test_report_beginning_with_dashes_line_is_not_front_matter():
    # Some exports draw a rule of dashes; without YAML between two fences it is text.
    text = "政府工作报告\n---\n各位代表：\n"
    assert split_front_matter(text) == (None, text, 1)


def test_empty_values_do_not_override(tmp_path):
    write(tmp_path / "_meta.yaml", "speaker_title: 区长\n")
    write(tmp_path / "r.yaml", "speaker_title:\n")
    write(tmp_path / "r.txt", OPENING)
    source, diagnostics = read(tmp_path, "r.txt")
    assert source.meta.speaker_title == "区长"
    assert diagnostics == []


def test_inherited_values_are_hashable_in_a_stable_order(tmp_path):
    # build.content_hash uses repr(sorted(inherited.items())): dates must not stay date objects.
    write(tmp_path / "r.yaml", "date: 2024-01-14\nregion: [黑龙江省]\n")
    write(tmp_path / "r.txt", OPENING)
    items, _ = discover(tmp_path)
    assert items[0].inherited == {"date": "2024-01-14", "region": ["黑龙江省"]}
