"""Reports written in Markdown: structure to plain lines, with markup gone.

markdown-it-py parses the file; we write one line per block: a heading's text, a
paragraph, a list item, a table row (cells joined by a tab), each line of a code
block. Emphasis, links and inline code keep only their text, so no stray `**` or `#`
reaches the parser. Each block stays on the line where it starts in the file (the
lines in between are left blank), so line numbers in later messages still point
into the file the user edits.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

TABLE_CELL_SEPARATOR = "\t"

# Indented code blocks are off: in a report, an indented line is an indented
# paragraph, not code.
_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("code")
# pandoc's Markdown writes — as --- (its smart extension): undone in text. (It writes
# “ ” as straight quotes too; those stay, as a report may have them.)
_DASHES = re.compile(r"(?<!-)(?:---)+(?!-)")

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(p|div|h[1-6]|li|tr|table|section|blockquote)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


# Pandoc's footnotes: [^1] after a word, "[^1]: …" as a block. CommonMark would take the
# definition for a link's and drop it; escaped, both stay text for the normaliser, which
# removes them with a note as it does footnotes in text files.
_FOOTNOTE = re.compile(r"\[\^(\w{1,12})\]")


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown report, one block per line, blocks at their source line."""
    blocks: list[tuple[int, str]] = []
    tokens = _MD.parse(_FOOTNOTE.sub(r"\\[^\1]", source))
    prefix = ""  # the number of an ordered list item, waiting for its first paragraph
    row: list[str] = []
    row_line = 0
    for token in tokens:
        kind = token.type
        if kind == "list_item_open":
            prefix = f"{token.info}{token.markup}" if token.info else ""
        elif kind == "list_item_close":
            prefix = ""  # an empty item: its number must not land on the next paragraph
        elif kind == "inline" and token.map is not None and not row_line:
            pieces = _inline_lines(token)
            for i, (offset, text) in enumerate(pieces):
                if i == 0 and prefix:
                    # 1.加快项目建设, but 1. 2023年工作回顾: not the number 1.2023
                    gap = " " if text[:1].isdigit() else ""
                    text, prefix = prefix + gap + text, ""
                blocks.append((token.map[0] + offset, text))
        elif kind == "tr_open":
            row, row_line = [], (token.map[0] if token.map else 0) + 1
        elif kind == "inline" and row_line:
            row.append(_inline_lines(token, join=" ")[0][1] if token.children else "")
        elif kind == "tr_close":
            blocks.append((row_line - 1, TABLE_CELL_SEPARATOR.join(row)))
            row, row_line = [], 0
        elif kind == "fence" and token.map is not None:
            for i, line in enumerate(token.content.split("\n")):
                blocks.append((token.map[0] + 1 + i, line))
        elif kind == "html_block" and token.map is not None:
            for i, line in enumerate(_html_lines(token.content)):
                blocks.append((token.map[0] + i, line))

    total = source.count("\n") + (0 if source.endswith("\n") else 1)
    return _place(blocks, total)


def _inline_lines(token: Token, join: str | None = None) -> list[tuple[int, str]]:
    """Text of an inline token as (line offset, text) pieces; a hard break starts a
    new piece. Soft breaks join lines: with nothing between Chinese characters, with
    a space between two ASCII words."""
    pieces: list[tuple[int, str]] = []
    offset = start = 0
    text = ""
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline", "image"):  # an image gives its alt text
            more = child.content
            if kind == "text":
                more = _smart(more)
            text = _join(text, more) if text.endswith("\x00") else text + more
        elif kind == "softbreak":
            offset += 1
            text += "\x00"  # decided when the next text arrives
        elif kind == "hardbreak" or (kind == "html_inline" and _BR.fullmatch(child.content)):
            if kind == "hardbreak":
                offset += 1
            pieces.append((start, text.rstrip("\x00")))
            start, text = offset, ""
        # em/strong/s/link open and close tags and other inline HTML add no text.
    pieces.append((start, text.rstrip("\x00")))
    pieces = [(o, t.strip()) for o, t in pieces if t.strip()]
    if join is not None:
        return [(0, join.join(t for _, t in pieces))]
    return pieces or [(0, "")]


def _smart(text: str) -> str:
    """--- → — (see _DASHES)."""
    if "---" in text:
        text = _DASHES.sub(lambda m: "—" * (len(m.group()) // 3), text)
    return text


def _join(text: str, more: str) -> str:
    """Replace the soft-break mark at the end of `text` by a space or by nothing."""
    text = text[:-1]
    if text and more and text[-1].isascii() and more[0].isascii() and text[-1] != " ":
        return text + " " + more
    return text + more


def _html_lines(html: str) -> list[str]:
    """The text of a raw HTML block: tags dropped, <br> and block tags break lines."""
    html = _BR.sub("\n", html)
    html = _BLOCK_TAG.sub("\n", html)
    text = _TAG.sub("", html)
    return [line.strip() for line in text.split("\n")]


def _place(blocks: list[tuple[int, str]], total: int) -> str:
    """Lay the blocks out on their source lines; a block whose line is taken goes on
    the next free one, so nothing is lost and the order is kept."""
    lines: list[str] = []
    for line, text in blocks:
        if not text.strip():
            continue
        while len(lines) < line:
            lines.append("")
        lines.append(text)
    while len(lines) < total:
        lines.append("")
    return "\n".join(lines) + "\n" if lines else ""
