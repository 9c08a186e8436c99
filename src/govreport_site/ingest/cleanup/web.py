"""What a crawler brings along from a government web page.

- the crawler's own header ("标题：…", "年份：…", "=====") at the top: the title stays
  as the first line, the rest goes (a crawler's year is often wrong);
- page furniture on lines of its own: navigation and breadcrumbs, "发布时间：… 信息来源：…
  打印 分享到", "字号：大 中 小", "扫一扫在手机打开当前页", copyright and ICP lines,
  CSS/JS fragments; the site menu above the breadcrumb and the page titles listed under
  "相关链接：";
- the same furniture run into the last sentence of a paragraph
  ("…胜利召开！扫一扫在手机打开当前页【关闭当前页面】", "…奋斗！（图解）二0二五年政府工作报告").

The rules are deliberately narrow: a line that reads like report prose (several
Chinese commas or full stops) is never dropped as a whole.
"""

from __future__ import annotations

import re

from govreport_site.ingest.cleanup.lines import Line, NoteBook

_HEADER_FIELD = re.compile(
    r"^\s*(?P<key>标题|题目|名称|年份|年度|日期|时间|发布日期|发布时间|来源|网址|链接|地区|作者"
    r"|title|year|date|url|source|region)\s*[：:]",
    re.IGNORECASE,
)
_TITLE_KEYS = {"标题", "题目", "名称", "title"}
SEPARATOR = re.compile(r"^\s*[=＝\-－_—─━~*·]{3,}\s*$")

# Page furniture of Chinese government sites. Each is specific enough that a report
# sentence does not contain it by chance (so "无障碍阅读", not "无障碍").
_FURNITURE = re.compile(
    "|".join(
        [
            r"发布(?:时间|日期)\s*[：:]",
            r"信息来源\s*[：:]",
            r"(?:浏览|阅读|访问|点击)(?:次数|量|数)\s*[：:]",
            r"字号\s*[：:]",
            r"字体\s*[：:]\s*【?\s*大",
            r"【\s*字体",
            r"打印本页",
            r"【\s*打印\s*】",
            r"打印\s*分享",
            r"分享到\s*[：:]?",
            r"扫一扫",
            r"【\s*关闭",
            r"关闭(?:窗口|本页|当前页)",
            r"当前位置\s*[：:]",
            r"您(?:现在)?的位置\s*[：:]",
            r"首页\s*[>＞»]",
            r"[>＞»]\s*(?:正文|政务公开|信息公开)",
            r"无障碍(?:阅读|浏览)",
            r"(?:适老|长者|关怀)模式",
            r"登录\s*[|｜]?\s*注册",
            r"热搜词",
            r"版权所有",
            r"ICP\s*备",
            r"公网安备",
            r"网站(?:地图|标识码)",
            r"(?:主办|承办)(?:单位)?\s*[：:]",
            r"^\s*[（(]\s*(?:来源|稿源|记者|编辑|责编)\s*[：:]",  # （来源：郑州日报）
            r"^\s*[（(]\s*完\s*[）)]\s*$",  # （完）
            # the site's top bar: 郑州市人民政府门户网站 English / …门户网站无障碍English
            r"(?:政府|门户)网站\s*[|｜]?\s*(?:English|EN\b|无障碍|繁體|繁体|简体|手机版|移动版)",
            r"技术支持\s*[：:]",
            r"联系我们",
            r"责任编辑\s*[：:]",
            r"【\s*编辑\s*[：:]",
            r"^\s*(?:编辑|审核|校对|作者|文章来源|来源|稿源)\s*[：:]",
            r"\d{4}-\d{1,2}-\d{1,2}[\d: ]*[|｜]?\s*来源\s*[：:]",
            r"字号\s*变[大小]",
            r"原文链接\s*[：:]",
            # 吉林省人民政府 www.jl.gov.cn 2010年02月01日 来源：吉林日报
            r"\d{4}年\d{1,2}月\d{1,2}日\s*来源\s*[：:]",
            r"【\s*全文链接\s*】",
            r"下载.{0,12}(?:APP|App|客户端)",
            r"本站(?:所有|文章|内容)",
            r"(?:索引号|发文机关|主题分类|成文日期|发文字号)\s*[：:]",
            r"[上下]一篇\s*[：:]",
            r"display\s*:",
            r"!important",
            r"javascript:",
            r"相关(?:图解|解读|链接|阅读|文章|新闻)",
            r"[（(【]\s*图解\s*[）)】]",
            r"图解\s*[：:]",
            r"视频解读",
            r"【\s*(?:纠错|收藏|返回顶部)\s*】",
            r"返回顶部",
        ]
    ),
    re.IGNORECASE,
)
_PROSE_MARK = re.compile(r"[，。；]|,(?=[\u4e00-\u9fff])")

# Furniture that follows the last sentence on the same line.
_TAIL = re.compile(
    r"扫一扫在手机|【\s*关闭|【\s*打印|关闭窗口|打印本页|相关(?:图解|解读|链接|阅读|文章|新闻)"
    r"|[（(【]\s*图解\s*[）)】]|图解\s*[：:]|视频解读|文字解读|责任编辑\s*[：:]|分享到"
    r"|附件下载|[上下]一篇\s*[：:]"
)
# Where a sentence can end, so the tail after it is not part of the sentence.
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*")

# CSS rules and JS run into a line: ".footer {display: block !important;}".
_CSS = re.compile(r"[.#@]?[A-Za-z][\w-]*(?:\s*[,>]\s*[.#]?[A-Za-z][\w-]*)*\s*\{[^{}\n]*:[^{}\n]*\}")
_CODE_LINE = re.compile(
    r"^\s*(?:var |let |const |function\s*\(|function \w|\$\(|document\.|window\.|@media|<script"
    r"|<!--|-->|//|[.#][\w-]+\s*\{|\}\s*$)"
)
# A breadcrumb run into the first sentence: "首页 > 政务公开 > 规划计划 > 各位代表：…"
_CRUMB = re.compile(r"^[^，。]{0,80}?(?:首页|当前位置|您的位置)[^，。]*[>＞»]\s*")


def strip_crawler_header(lines: list[Line], book: NoteBook) -> None:
    """Remove the "标题：… / 年份：… / =====" block at the top, keeping the title."""
    fields: list[tuple[Line, re.Match]] = []
    separator: Line | None = None
    for line in lines:
        if line.blank():
            continue
        m = _HEADER_FIELD.match(line.text)
        if m and not separator and len(fields) < 8:
            fields.append((line, m))
            continue
        if fields and not separator and SEPARATOR.match(line.text):
            separator = line
        break
    keys = {m.group("key").lower() for _, m in fields}
    if not fields or not (separator or len(fields) >= 2) or not keys & (_TITLE_KEYS | {"年份"}):
        return
    for line, m in fields:
        if m.group("key").lower() in _TITLE_KEYS and line.text[m.end() :].strip():
            book.cut(line, 0, m.end(), "crawler-header")
        else:
            book.drop(line, "crawler-header")
    if separator:
        book.drop(separator, "crawler-header")


# A page's breadcrumb ends its header: the menu items above it are no report text.
_BREADCRUMB = re.compile(r"^\s*(?:当前位置|您(?:现在)?的位置)\s*[：:]|^\s*首页\s*[>＞»]")
# "相关链接：" with the titles of other pages listed under it, at the page's foot.
_RELATED = re.compile(r"^\s*相关(?:链接|阅读|文章|新闻|报告|稿件)\s*[：:]?\s*$")
_MENU_ITEM = 16  # characters: 首页 / 政务公开 / 政府信息公开
_LINK_TITLE = 40  # characters: 天水市2023年政府工作报告


def strip_web_debris(lines: list[Line], book: NoteBook) -> None:
    _strip_menu_and_links(lines, book)
    for line in lines:
        text = line.text
        if not text or text.isspace():
            continue
        if "{" in text and "}" in text:
            for m in reversed(list(_CSS.finditer(text))):
                book.cut(line, m.start(), m.end(), "web-debris")
            text = line.text
            if not text.strip():
                continue
        tail = _furniture_tail(text)
        if tail is not None:  # "…奋斗！图解：…": the sentence stays
            book.cut(line, tail, len(text), "web-debris")
            text = line.text
        if _is_furniture_line(text):
            book.drop(line, "web-debris")
            continue
        crumb = _CRUMB.match(text)
        if crumb and _PROSE_MARK.search(text, crumb.end()) and _FURNITURE.search(crumb.group()):
            book.cut(line, 0, crumb.end(), "web-debris")


def _strip_menu_and_links(lines: list[Line], book: NoteBook) -> None:
    """The site menu above a breadcrumb line near the top (首页 / 政务公开 / …), and the
    page titles listed under 相关链接： near the end: short lines with no prose in them.
    A menu item that names a report (政府工作报告) goes only when the text after the
    breadcrumb has the same line: otherwise it may be the report's own title."""
    top = [i for i, line in enumerate(lines[:30]) if _BREADCRUMB.match(line.text)]
    if top:
        after = {line.text.strip() for line in lines[top[-1] + 1 :]}
        for line in lines[: top[-1]]:
            t = line.text.strip()
            if t and not _PROSE_MARK.search(t) and (len(t) <= _MENU_ITEM or _menu_bar(t)):
                if "报告" not in t or t in after:
                    book.drop(line, "web-debris")
    foot = max(0, len(lines) - 40)
    for i in range(foot, len(lines)):
        if not _RELATED.match(lines[i].text):
            continue
        for line in lines[i + 1 :]:
            t = line.text.strip()
            if t and (len(t) > _LINK_TITLE or _PROSE_MARK.search(t)):
                break
            if t:
                book.drop(line, "web-debris")


def _menu_bar(text: str) -> bool:
    """The menu as one line, as PDF text gives it: 首页 政务公开 政务服务 互动交流 走进宝山区."""
    items = text.split()
    return len(items) >= 3 and all(len(item) <= _MENU_ITEM // 2 for item in items)


def _is_furniture_line(text: str) -> bool:
    if _CODE_LINE.match(text) and _mostly_ascii(text):
        return True
    first = _PROSE_MARK.search(text, 0, 2000)
    if first and _PROSE_MARK.search(text, first.end(), 2000):
        return False  # two prose marks: reads like report prose, never drop it whole
    hits = _FURNITURE.findall(text)
    return bool(hits) and (len(hits) >= 2 or len(text.strip()) <= 60)


def _furniture_tail(text: str) -> int | None:
    """Start of furniture after the last sentence of the line, or None."""
    if not _TAIL.search(text):
        return None  # most lines: no furniture anywhere, so none after the last sentence
    ends = list(_SENTENCE_END.finditer(text))
    if not ends:
        return None
    start = ends[-1].end()
    m = _TAIL.search(text, start)
    if not m or text[start : m.start()].strip() or _PROSE_MARK.search(text, m.start()):
        return None
    return start


def _mostly_ascii(text: str) -> bool:
    s = text.strip()
    return bool(s) and sum(c.isascii() for c in s) >= 0.7 * len(s)
