"""gzip files the browser inflates itself (DecompressionStream), made byte for byte the
same by every Python version.

The report texts the compare and search pages read (data/reports/<id>.json.gz) are
stored compressed, as Pagefind stores its fragments: 2.5 times smaller on disk, the same
on the wire (GitHub Pages compresses JSON it serves anyway). So are the search index's
postings (search/b/, search/u/): a third smaller on disk and on the wire, where .bin
files are sent as they are. static/fetch-data.js inflates both. gzip.compress is not used:
its header names the OS from 3.11 on (zlib's) and not before, so the same site would
differ between Pythons; here the header is fixed (no name, mtime 0, OS "unknown").
"""

from __future__ import annotations

import struct
import zlib

# ID1 ID2, deflate, no flags, mtime 0, XFL 0 (a hint only), OS 255 (unknown)
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# The reports' JSON: on ~30 KB of Chinese text 9 is no slower than 6 here, and 8 %
# smaller than 1. The search postings: 1, as varints gain only 1.7 % more at 9 for
# nearly twice the time (33 MB at 1,000 reports: 1.2 against 2.2 CPU s).
TEXT, POSTINGS = 9, 1


def gzip_bytes(data: bytes, level: int = TEXT) -> bytes:
    """`data` as a gzip member (RFC 1952) that gzip.decompress and the browser read."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    return _HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
