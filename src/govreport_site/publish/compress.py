"""gzip files the browser inflates itself (DecompressionStream), made byte for byte the
same by every Python version.

The report texts the compare and search pages read (data/reports/<id>.json.gz) are
stored compressed, as Pagefind stores its fragments: 2.5 times smaller on disk, the same
on the wire (GitHub Pages compresses JSON it serves anyway). gzip.compress is not used:
its header names the OS from 3.11 on (zlib's) and not before, so the same site would
differ between Pythons; here the header is fixed (no name, mtime 0, OS "unknown").
"""

from __future__ import annotations

import struct
import zlib

# ID1 ID2, deflate, no flags, mtime 0, XFL 2 (best compression), OS 255 (unknown)
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
LEVEL = 9  # on ~30 KB of JSON no slower than 6 here, and a little smaller


def gzip_bytes(data: bytes) -> bytes:
    """`data` as a gzip member (RFC 1952) that gzip.decompress and the browser read."""
    deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    return _HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
