"""Finding report files: what is a report, what is skipped, what is flagged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govreport_site.ingest.discover import ReportsFolderError, discover

SAMPLES = Path(__file__).resolve().parents[1] / "reports"
OPENING = "政府工作报告\n——2024年1月14日在双鸭山市宝山区第十一届人民代表大会第三次会议上\n"


def write(path: Path, data: str | bytes = OPENING) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_report_files_sorted_by_relative_path(tmp_path):
    for rel in ["b/2024.txt", "a/2023.MD", "a/2022.markdown", "2021.TXT", "a/z/2020.text"]:
        write(tmp_path / rel)
    items, diagnostics = discover(tmp_path)
    assert [i.rel for i in items] == [
        "2021.TXT",
        "a/2022.markdown",
        "a/2023.MD",
        "a/z/2020.text",
        "b/2024.txt",
    ]
    assert all(i.path.is_absolute() and i.path.is_file() for i in items)
    assert diagnostics == []


def test_skips_hidden_readme_metadata_and_editor_leftovers(tmp_path):
    write(tmp_path / "2024.txt")
    write(tmp_path / "2024.yaml", "year: 2024\n")
    write(tmp_path / "_meta.yml", "region: [黑龙江省]\n")
    write(tmp_path / "README.md", "# 这些是宝山区的报告\n")
    write(tmp_path / ".hidden.txt")
    write(tmp_path / ".git" / "notes.txt")
    write(tmp_path / "2024.txt~")
    write(tmp_path / "~$2024.docx", b"\x00\x01")
    write(tmp_path / "Thumbs.db", b"\x00\x01")
    items, diagnostics = discover(tmp_path)
    assert [i.rel for i in items] == ["2024.txt"]
    assert items[0].inherited == {"region": ["黑龙江省"], "year": 2024}
    assert diagnostics == []


@pytest.mark.parametrize(
    ("name", "data", "format_name"),
    [
        ("2024政府工作报告.pdf", b"%PDF-1.4\n", "PDF"),
        ("2024.docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "docx"),
        ("scan.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        ("2024.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16), ".doc"),
        ("2024.wps", b"\x00\x01\x02\x03", "WPS"),  # no magic number: named by extension
    ],
)
def test_other_formats_are_flagged_not_ignored(tmp_path, name, data, format_name):
    write(tmp_path / "2023.txt")
    write(tmp_path / "county" / name, data)
    items, diagnostics = discover(tmp_path)
    assert [i.rel for i in items] == ["2023.txt"]
    assert len(diagnostics) == 1
    d = diagnostics[0]
    assert d.source_file == f"county/{name}"
    assert "not a text report: convert it to text first" in d.message
    assert format_name in d.message


def test_a_page_saved_from_a_browser_is_a_report_and_its_files_folder_is_skipped(tmp_path):
    """Ctrl+S in a browser gives 政府工作报告.htm (here GBK, as many government sites
    serve) and 政府工作报告_files/ with the page's pictures and scripts: the page is read
    as it shows, the folder beside it gives no warning; a folder of that name with no
    page beside it is looked at as usual."""
    from govreport_site.build import process_report

    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>大同市2024年政府工作报告</title><script>var a=1;</script></head><body>"
        "<div>首页 &gt; 政务公开</div><h1>政府工作报告</h1>"
        "<p>——2024年1月7日在大同市第十六届人民代表大会第三次会议上</p>"
        "<p>各位代表：</p><p>一、2023年工作回顾</p><p>全年地区生产总值增长5.1%。</p>"
        "<p>二、2024年工作安排</p><p>今年主要预期目标是：地区生产总值增长5%左右。</p>"
        "</body></html>"
    )
    write(tmp_path / "大同" / "政府工作报告.htm", page.encode("gbk"))
    write(tmp_path / "大同" / "政府工作报告_files" / "logo.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / "大同" / "政府工作报告_files" / "jquery.js", "var $ = 1;")
    write(tmp_path / "其他_files" / "x.png", b"\x89PNG\r\n\x1a\n")
    items, diagnostics = discover(tmp_path)
    assert [i.rel for i in items] == ["大同/政府工作报告.htm"]
    assert [d.source_file for d in diagnostics] == ["其他_files/x.png"]
    report = process_report(items[0].path.read_bytes(), items[0])
    assert report.meta.region == ["山西省", "大同市"] and report.meta.year == 2024
    assert [p.kind for p in report.parts if p.kind in ("review", "plan")] == ["review", "plan"]
    assert [t.canonical for t in report.targets] == ["gdp"]
    assert "var a" not in "".join(q.text for q in report.paragraphs())


def test_text_with_another_extension_is_told_to_rename(tmp_path):
    write(tmp_path / "2024政府工作报告.log", OPENING)
    _, diagnostics = discover(tmp_path)
    assert len(diagnostics) == 1
    assert "rename it to .txt or .md" in diagnostics[0].message


def test_sidecar_without_report_is_flagged(tmp_path):
    write(tmp_path / "2024.txt")
    write(tmp_path / "2042.yaml", "year: 2024\n")  # a typo in the name
    items, diagnostics = discover(tmp_path)
    assert items[0].inherited == {}
    assert [d.source_file for d in diagnostics] == ["2042.yaml"]
    assert "no report beside it" in diagnostics[0].message


def test_yaml_and_yml_sidecars_both_present(tmp_path):
    write(tmp_path / "2024.txt")
    write(tmp_path / "2024.yaml", "year: 2024\n")
    write(tmp_path / "2024.yml", "year: 2023\n")
    items, diagnostics = discover(tmp_path)
    assert items[0].inherited == {"year": 2024}
    assert [d.source_file for d in diagnostics] == ["2024.yml"]


def test_bad_meta_file_is_reported_once_for_many_reports(tmp_path):
    write(tmp_path / "city" / "_meta.yaml", "region: [河南省, 驻马店市\n")
    for year in range(2002, 2007):
        write(tmp_path / "city" / f"{year}.txt")
    items, diagnostics = discover(tmp_path)
    assert len(items) == 5
    assert [(d.source_file, d.line) for d in diagnostics] == [("city/_meta.yaml", 2)]


def test_missing_reports_folder(tmp_path):
    with pytest.raises(ReportsFolderError, match="reports folder not found"):
        discover(tmp_path / "reports")
    write(tmp_path / "file.txt")
    with pytest.raises(ReportsFolderError, match="not a folder"):
        discover(tmp_path / "file.txt")


def test_deterministic_on_the_samples(tmp_path):
    shutil.copytree(SAMPLES, tmp_path / "reports")
    first = discover(SAMPLES)
    second = discover(tmp_path / "reports")
    assert [(i.rel, i.inherited) for i in first[0]] == [(i.rel, i.inherited) for i in second[0]]
    assert len(first[0]) == 5
