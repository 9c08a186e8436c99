"""Turn the bytes of a report file into text, or say clearly why it is not text.

Chinese reports reach us as UTF-8 (with or without a BOM, from web pages and modern
editors), GB18030/GBK (older Windows tools and many government sites) and UTF-16
(Windows "Unicode" text). We try the strict decoders in a fixed order, so the same
bytes always give the same text, and only ask charset-normalizer about the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreport_site.text import CJK


class NotTextError(Exception):
    """The file is not a text report (PDF, docx, image, binary, empty…)."""


class EmptyFileError(NotTextError):
    """The file holds no text at all (or only whitespace)."""


NOT_TEXT = "not a text report: convert it to text first"

# Magic numbers of the formats people drop into reports/ by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word 97-2003 .doc / OLE"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"AT&TFORM", "DjVu"),
)

# BOMs, longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_IDEOGRAPH = re.compile(f"[{CJK}]")
# Scripts a Chinese report hardly uses, but where mis-decoded Big5 or Shift-JIS lands.
_UNLIKELY = re.compile("[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\ue000-\uf8ff]")

# C0 controls other than tab, line feed, form feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def sniff_format(data: bytes) -> str | None:
    """Name the binary format of `data` from its first bytes, or None if not recognised."""
    head = data[:64]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP image"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "HEIC image"
    if head.startswith(b"BZh") and head[4:10] == b"1AY&SY":
        return "bzip2 archive"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def _zip_kind(data: bytes) -> str:
    """Office files and e-books are zip archives; their member names tell them apart."""
    head = data[:4096]
    if b"word/" in head:
        return "Word .docx"
    if b"xl/" in head:
        return "Excel .xlsx"
    if b"ppt/" in head:
        return "PowerPoint .pptx"
    if b"application/epub" in head:
        return "EPUB"
    if b"application/vnd.oasis.opendocument" in head:
        return "OpenDocument"
    return "docx/zip archive"


@dataclass(frozen=True)
class Decoded:
    text: str  # line ends normalised to \n, no BOM
    encoding: str
    replaced: int = 0  # bytes that could not be decoded, now U+FFFD (�)


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes to text with \n line ends; return (text, encoding name).

    Raises NotTextError (naming the format where the magic bytes tell it) for
    binary files, and EmptyFileError for files with no text.
    """
    decoded = decode_report(data)
    return decoded.text, decoded.encoding


def decode_report(data: bytes) -> Decoded:
    """decode(), also telling how many damaged bytes were replaced by U+FFFD.

    A crawled or truncated file often has a byte or two that do not decode; losing
    the whole report for that would be worse than a marked gap and a warning.
    """
    if not data.strip():
        raise EmptyFileError("empty file: there is no text to build a report from")
    kind = sniff_format(data)
    if kind:
        raise NotTextError(f"{NOT_TEXT} ({kind})")

    text, encoding = _decode(data)
    replaced = 0
    if text is None:
        text, encoding, replaced = _decode_damaged(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):  # a BOM left by a decoder that keeps it
        text = text[1:]
    if not text.strip():
        raise EmptyFileError("empty file: there is no text to build a report from")
    if len(_CONTROL.findall(text[:65536])) > 8:
        raise NotTextError(f"{NOT_TEXT} (binary file)")
    return Decoded(text, encoding, replaced)


def _decode(data: bytes) -> tuple[str | None, str]:
    """Strict decoding in a fixed order; (None, "") when no decoder fits exactly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            try:
                return data[len(bom) :].decode(codec), encoding
            except UnicodeDecodeError:
                return None, ""

    if b"\x00" in data:
        # Text never holds NUL bytes, except UTF-16 saved without a BOM.
        found = _utf16_without_bom(data)
        if found:
            return found
        raise NotTextError(f"{NOT_TEXT} (binary file)")

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    # GB18030 is a superset of GBK and GB2312. Strict decoding rejects most other
    # encodings, but Big5 (traditional Chinese) bytes also fit its two-byte range,
    # so check that the result reads like simplified Chinese before trusting it.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None, ""
    return (text, "gb18030") if _plausible_gb(text) else (None, "")


def _decode_damaged(data: bytes) -> tuple[str, str, int]:
    """Text that no strict decoder took: UTF-8 or GB18030 with a few damaged bytes
    (the one that needs fewest replacements), else charset-normalizer's guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            text = data[len(bom) :].decode(codec, errors="replace")
            return text, encoding, text.count("\ufffd")

    candidates = []
    for order, encoding in enumerate(("utf-8", "gb18030")):
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(8, len(text) // 1000) and (encoding != "gb18030" or _plausible_gb(text)):
            candidates.append((bad, order, text, encoding))
    if candidates:
        bad, _, text, encoding = min(candidates)
        return text, encoding, bad

    # Imported here: only a file in none of the expected encodings needs it, and its
    # import costs every build ~30 ms.
    import charset_normalizer

    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and guess.encoding:
        return str(guess), guess.encoding, 0
    raise NotTextError(f"{NOT_TEXT} (unknown text encoding; save it as UTF-8)")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM has NULs in the high byte of every ASCII character
    (digits, punctuation, line ends), and only rarely in the other byte (U+4E00 一)."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if odd > 4 * even:
        encoding = "utf-16-le"
    elif even > 4 * odd:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if not _CONTROL.search(text) else None


def _plausible_gb(text: str) -> bool:
    """Does text decoded as GB18030 read like Chinese?

    Nearly every ideograph of a real report is in the common GB2312 set (a few rare
    ones in names are fine). Big5 or Shift-JIS bytes read as GBK land on rare
    ideographs, kana, Greek, Cyrillic, box drawing and private-use code points.
    """
    sample = "".join(c for c in text[:200_000] if ord(c) > 0x7F)
    if not sample:
        return True
    ideographs = "".join(_IDEOGRAPH.findall(sample))
    # Each ideograph GB2312 lacks becomes one "?" when encoded with errors="replace".
    odd = ideographs.encode("gb2312", errors="replace").count(b"?")
    odd += len(_UNLIKELY.findall(sample))
    return odd <= 0.1 * len(sample)
