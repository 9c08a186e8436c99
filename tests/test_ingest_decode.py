"""Decoding report files: the encodings Chinese reports come in, and files that are not text."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from govreport_site.ingest.decode import EmptyFileError, decode, decode_report
from govreport_site.ingest.read import NotTextError, read_source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (ROOT / ".." / "shared" / "corpus" / "zhumadian").resolve()

# Real report text: the title block and opening of 000 and a targets sentence of 004.
SAMPLE = (ROOT / "reports" / "000_b4b53c33c4814be1.txt").read_text(encoding="utf-8")[:4000]
TARGETS = (
    "综合考虑各方面因素，今年全区经济社会发展主要预期目标是：一般公共预算收入增长10%左右；"
    "固定资产投资增长15%左右；"
)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("gb2312", "gb18030"),
        ("utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        ("utf-16-le", "utf-16-le"),  # no BOM
        ("utf-16-be", "utf-16-be"),  # no BOM
    ],
)
def test_report_text_survives_each_encoding(encoding, expected):
    text, used = decode(SAMPLE.encode(encoding))
    assert text == SAMPLE
    assert used == expected


@pytest.mark.parametrize("bom_encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(bom_encoding):
    bom = b"\xff\xfe" if bom_encoding == "utf-16-le" else b"\xfe\xff"
    text, used = decode(bom + TARGETS.encode(bom_encoding))
    assert (text, used) == (TARGETS, bom_encoding)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
@pytest.mark.parametrize("snippet", ["政府工作报告", "区 长  刘志军", "各位代表：", TARGETS])
def test_short_gbk_text_is_not_mistaken_for_another_encoding(encoding, snippet):
    assert decode(snippet.encode(encoding)) == (snippet, "gb18030")


def test_gb18030_only_characters():
    # 4-byte GB18030 sequences (not in GBK): a rare character in a personal name.
    snippet = "副区长 王𠀾明\n"
    assert decode(snippet.encode("gb18030")) == (snippet, "gb18030")


def test_traditional_chinese_big5_is_not_read_as_gbk():
    # Big5 bytes also fit GBK's two-byte range; decoding them as GBK gives mojibake.
    snippet = "各位代表：現在，我代表區人民政府，向大會報告工作，請予審議。\n一、2023年工作回顧\n"
    text, used = decode(snippet.encode("big5"))
    assert text == snippet
    assert used != "gb18030"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_line_ends_become_newlines(encoding):
    lines = ["政府工作报告", "——2024年1月14日", "", "各位代表："]
    for sep in ("\r\n", "\r"):
        text, _ = decode(sep.join(lines).encode(encoding))
        assert text.split("\n") == lines


def test_mixed_line_ends():
    text, _ = decode("一、回顾\r\n二、安排\r三、建设\n".encode())
    assert text == "一、回顾\n二、安排\n三、建设\n"


def test_deterministic():
    data = (SAMPLE * 3).encode("gbk")
    assert len({decode(data) for _ in range(3)}) == 1


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (_docx(), "docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), ".doc"),
        (b"\x89PNG\r\n\x1a\n" + bytes(32), "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"ELF\x00\x01\x02\x00\x00\x00binary\x00\x00\x07\x08", "binary"),
    ],
)
def test_not_text_names_the_format(data, name):
    with pytest.raises(NotTextError) as err:
        decode(data)
    assert "not a text report: convert it to text first" in str(err.value)
    assert name in str(err.value)


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf"])
def test_empty_files(data):
    with pytest.raises(EmptyFileError, match="empty file"):
        decode(data)
    # build.py catches NotTextError: an empty file is one too, so it never crashes a build
    assert issubclass(EmptyFileError, NotTextError)


def test_zhumadian_reports_decode_in_every_encoding():
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus/zhumadian is not beside the repository")
    files = sorted(CORPUS.glob("*.txt"))
    assert files
    for path in files:
        original, _ = decode(path.read_bytes())
        for encoding in ("gb18030", "utf-16", "utf-8-sig"):
            try:
                data = original.encode(encoding)
            except UnicodeEncodeError:
                continue
            assert decode(data)[0] == original, (path.name, encoding)


def _drop_byte_inside(data: bytes, phrase: str, encoding: str) -> bytes:
    i = data.index(phrase.encode(encoding)) + 1
    return data[:i] + data[i + 1 :]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_damaged_byte_costs_a_character_not_the_report(encoding):
    data = _drop_byte_inside(SAMPLE.encode(encoding), "人民代表大会", encoding)
    decoded = decode_report(data)
    assert decoded.encoding == encoding
    assert 1 <= decoded.replaced <= 2
    assert "\ufffd" in decoded.text
    # Every other line is intact (in GBK the damage runs on to the next ASCII byte).
    got, want = decoded.text.split("\n"), SAMPLE.split("\n")
    assert len(got) == len(want)
    differ = [i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b]
    assert len(differ) == 1 and "人民代表大会" in want[differ[0]]


def test_damaged_bytes_are_a_warning_on_the_report():
    data = _drop_byte_inside(SAMPLE.encode("utf-8"), "人民代表大会", "utf-8")
    source = read_source(data, "000.txt", {})
    assert [d.source_file for d in source.diagnostics] == ["000.txt"]
    assert "could not be decoded as utf-8" in source.diagnostics[0].message
    # the line is the file's first line with damage, so the user can find it
    want = next(n for n, line in enumerate(SAMPLE.split("\n"), 1) if "人民代表大会" in line)
    assert source.diagnostics[0].line == want


def test_text_cut_off_mid_character():
    data = "各位代表：现在，我代表区人民政府向大会报告工作".encode()[:-1]
    decoded = decode_report(data)
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 1)
    assert decoded.text.startswith("各位代表：现在，我代表区人民政府向大会报告")


def test_html_character_references_in_a_text_file_are_decoded():
    """Text copied from a page's source: &ldquo; &mdash; &#8220; are characters; R&D, a
    bare & and an unknown &foo; stay as written; &nbsp; is left to the normaliser."""
    from govreport_site.ingest.read import read_source

    text = (
        "&mdash;&mdash;1月7日\n打造&ldquo;大同算力&rdquo;&#8230;R&D、A &amp; B、&foo;、&nbsp;王\n"
    )
    source = read_source(text.encode("utf-8"), "datong.txt", {})
    assert source.text == "——1月7日\n打造“大同算力”…R&D、A & B、&foo;、&nbsp;王\n"


def test_a_web_page_saved_as_txt_is_read_as_the_page_reads():
    """A whole page's source under a .txt name: its visible text, a block a line; the head
    and scripts are not text, a table row keeps its cells apart."""
    from govreport_site.build import process_report
    from govreport_site.ingest.discover import InputFile
    from govreport_site.ingest.read import read_source

    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><title>大同市2024年政府工作报告</title>'
        "<script>var _hmt = [];</script><style>p{}</style></head><body>"
        '<div class="nav">首页</div><div>当前位置：首页 &gt; 政务公开</div>'
        "<h1>政府工作报告</h1><p>&mdash;&mdash;2024年1月7日在大同市第十六届人民代表大会第三次会议上</p>"
        "<p>大同市人民政府市长&nbsp;&nbsp;卢东亮</p><p>各位代表：</p>"
        "<p>一、2023年工作回顾</p><p>全年地区生产总值增长5.1%。</p>"
        "<table><tr><td>指标</td><td>2024年目标</td></tr></table>"
        "<p>二、2024年工作安排</p><p>今年主要预期目标是：地区生产总值增长5%左右。</p>"
        "</body></html>"
    )
    source = read_source(page.encode("utf-8"), "datong.txt", {})
    lines = [line for line in source.text.split("\n") if line]
    assert "var _hmt" not in source.text and "<" not in source.text
    assert "——2024年1月7日在大同市第十六届人民代表大会第三次会议上" in lines
    assert "指标\t2024年目标" in lines
    report = process_report(page.encode("utf-8"), InputFile(Path("datong.txt"), "datong.txt"))
    assert report.meta.region == ["山西省", "大同市"] and report.meta.year == 2024
    assert [p.kind for p in report.parts if p.kind in ("review", "plan")] == ["review", "plan"]
    assert [t.canonical for t in report.targets] == ["gdp"]
    # text with a stray tag or two is no web page: left to the normaliser
    assert read_source("政府工作报告<br>\n各位代表：".encode(), "x.txt", {}).text.startswith(
        "政府工作报告<br>"
    )


def test_a_web_archive_is_read_as_its_page():
    """A page saved as one file (.mhtml, "网页，单个文件"): a MIME message whose HTML part
    is quoted-printable, beside a picture; the page is read as it shows."""
    import quopri
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    from govreport_site.build import process_report
    from govreport_site.ingest.discover import InputFile

    page = (
        "<!DOCTYPE html><html><head><title>大同市政府工作报告</title></head><body>"
        "<h1>政府工作报告</h1><p>——2024年1月7日在大同市第十六届人民代表大会第三次会议上</p>"
        "<p>各位代表：</p><p>一、2023年工作回顾</p><p>全年地区生产总值增长5.1%。</p>"
        "<p>二、2024年工作安排</p><p>今年主要预期目标是：地区生产总值增长5%左右。</p>"
        "</body></html>"
    )
    archive = MIMEMultipart("related", type="text/html")
    archive["Snapshot-Content-Location"] = "https://www.dt.gov.cn/dtzww/zfgzbg/202401/t1.shtml"
    html = MIMEText(page, "html", "utf-8")
    html.replace_header("Content-Transfer-Encoding", "quoted-printable")
    html.set_payload(quopri.encodestring(page.encode("utf-8")).decode("ascii"))
    archive.attach(html)
    archive.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(16), "png"))
    data = archive.as_bytes()
    assert b"=E6" in data  # the page is not in the file as text
    path = Path("大同2024.mhtml")
    report = process_report(data, InputFile(path, path.name))
    assert report.meta.region == ["山西省", "大同市"] and report.meta.year == 2024
    assert [t.canonical for t in report.targets] == ["gdp"]
    assert all("=E6" not in q.text for q in report.paragraphs())
