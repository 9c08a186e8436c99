"""The forwarding notice a government office wraps around a published report.

At the top: "XX人民政府办公室 / 关于印发《政府工作报告》的通知 / 各单位： / …现印发给你们，
请认真贯彻落实。" (sometimes a document number, signature and date); at the bottom:
"抄送：…", "XX办公室 2021年2月5日印发", "主题词：…". Neither is part of the report.
"""

from __future__ import annotations

import re

from govreport_site.ingest.cleanup.lines import Line, NoteBook

KIND = "forwarding-notice"

_NOTICE_TITLE = re.compile(r"关于.{0,40}?(?:印发|转发|下发|发布|公布|印送).{0,60}?通知")
# The first line of the report proper after a notice.
_REPORT_START = re.compile(
    r"^(?:.{0,30}政府工作报告(?:[（(]\S{0,10}[)）])?$|[—─－-]{1,2}\s*\S|[（(]\s*(?:\d{4}|[二〇零○O][〇零○O一二三四五六七八九十]{3})\s*年"
    r"|各位代表|一、)"
)
_NOTICE_END = re.compile(r"印发给你们|现予印发|请认真|请结合|遵照执行|贯彻执行|贯彻落实|抓好落实")
_DATE_LINE = re.compile(
    r"^(?:\d{4}|[二〇零○O][〇零○O一二三四五六七八九十]{3})年[\d一二三四五六七八九十〇]{1,3}月[\d一二三四五六七八九十〇]{1,3}日$"
)
_PROSE = re.compile(r"[，。；,;]")

_TAIL_STRONG = re.compile(
    r"^(?:抄送|抄报|主送|分送|报送|印发|签发|主题词|关键词)[：:]"
    r"|(?:办公室|办公厅|人民政府|秘书科|文书科).{0,20}?\d{4}年\d{1,2}月\d{1,2}日印发$"
    r"|^共印\d+份|^[（(]此件[^）)]{0,20}[）)]$"
)
# "…而努力奋斗！抄送：区委办" - the footer run into the last line.
_RUN_IN_TAIL = re.compile(r"(?<=[。！？!])\s*(?:抄\s*送|抄\s*报|主题词)\s*[：:].*$")


def strip_forwarding_notice(lines: list[Line], book: NoteBook) -> None:
    _strip_head(lines, book)
    _strip_tail(lines, book)


def _strip_head(lines: list[Line], book: NoteBook) -> None:
    body = [line for line in lines if not line.blank()][:40]
    title = next((i for i, ln in enumerate(body[:12]) if _NOTICE_TITLE.search(ln.key)), None)
    if title is None:
        return
    # Above the notice title only its issuer lines (short, no prose) may stand, and
    # perhaps the report's own title (a crawler puts it first): that one stays.
    if any(_PROSE.search(ln.key) or len(ln.key) > 30 for ln in body[:title]):
        return
    start = title
    while start > 0 and not _REPORT_START.match(body[start - 1].key):
        start -= 1
    end = None
    for i in range(title + 1, min(len(body), title + 16)):
        if _REPORT_START.match(body[i].key):
            end = i
            break
    if end is None:
        last = [
            i
            for i in range(title + 1, min(len(body), title + 10))
            if _NOTICE_END.search(body[i].key)
        ]
        if not last:
            return
        end = last[-1] + 1
        while end < len(body) and _is_signature(body[end].key):
            end += 1
    for line in body[start:end]:
        book.drop(line, KIND)


def _is_signature(key: str) -> bool:
    return bool(_DATE_LINE.match(key)) or (
        len(key) <= 25 and not _PROSE.search(key) and key.endswith(("办公室", "办公厅", "人民政府"))
    )


def _strip_tail(lines: list[Line], book: NoteBook) -> None:
    body = [line for line in lines if not line.blank()]
    # From the bottom up: footer lines (抄送：…) and the signature and date lines
    # around them. Signature lines alone are not enough to remove anything.
    block: list[Line] = []
    strong = False
    for line in reversed(body[-12:]):
        if _TAIL_STRONG.search(line.key):
            strong = True
        elif not _is_signature(line.key):
            break
        block.append(line)
    if strong:
        for line in block:
            book.drop(line, KIND)
        body = body[: len(body) - len(block)]
    if body:
        m = _RUN_IN_TAIL.search(body[-1].text)
        if m:
            book.cut(body[-1], m.start(), m.end(), KIND)
