"""The one text normalisation that search applies to the index and to the query alike.

static/search.js has the same three steps (searchFold); a test checks the two agree.
Every step maps one character to one character, so a match found in the folded text is
at the same place in the original: match on search_fold(s), show s.

1. full-width ASCII and the ideographic space to ASCII (text.fold), so "５Ｇ" finds "5G";
2. every whitespace character JavaScript's \\s knows (plus NEL) to a plain space, so that
   "spaces separate words" means the same thing in the browser and here;
3. A-Z to a-z (ASCII only: other scripts' case rules differ between Python and JS and
   some change the length of the text).
"""

from __future__ import annotations

import numpy as np

from govreport_site.text import fold

# JavaScript's \s: https://tc39.es/ecma262/#sec-white-space and #sec-line-terminators.
_JS_SPACE = (
    "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_TABLE = {ord(c): " " for c in _JS_SPACE}
_TABLE.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_TABLE[0] = " "  # NUL would otherwise be taken for the index's paragraph separator
SPACE = 0x20


def search_fold(s: str) -> str:
    """Full-width to ASCII, whitespace to ' ', A-Z to a-z; the length never changes."""
    return fold(s).translate(_TABLE)


def query_terms(query: str) -> list[str]:
    """The words of a query, folded, each once, in the order typed: spaces mean AND."""
    return list(dict.fromkeys(t for t in search_fold(query).split(" ") if t))


def _bmp_table() -> np.ndarray:
    """search_fold of every BMP character, as a lookup table of code points: fold() on
    the text of them all, then _TABLE (str.translate) as a lookup of its own. Made at
    import, by arrays: a loop over the 65,536 characters cost ~30 ms of every build."""
    codes = np.arange(0x10000, dtype=np.uint32)
    codes[0xD800:0xE000] = SPACE  # lone surrogates cannot be text; they map to themselves
    folded = np.frombuffer(fold(codes.tobytes().decode("utf-32-le")).encode("utf-32-le"), np.uint32)
    translate = np.arange(0x10000, dtype=np.uint32)
    for c, to in _TABLE.items():
        translate[c] = ord(to) if isinstance(to, str) else to
    table = translate[folded]
    table[0xD800:0xE000] = np.arange(0xD800, 0xE000, dtype=np.uint32)
    return table


_TABLE_BMP = _bmp_table()


def fold_codes(a: np.ndarray) -> np.ndarray:
    """search_fold on an array of code points (uint32), for the index writer: the same
    mapping (it is built from search_fold), a whole report at a time by table lookup."""
    folded = _TABLE_BMP[a & np.uint32(0xFFFF)]
    return np.where(a < 0x10000, folded, a)
