"""json.dumps(obj, ensure_ascii=False, indent=2), several times faster.

With `indent`, the standard library falls back from its C encoder to a generator per
value in pure Python; data/reports.json of 1,000 reports then takes longer than
rendering a page per report. This writes the same bytes with one recursive function and
the C string encoder. Anything it does not know (a custom type, a non-finite float, an
odd dict key) is handed to json.dumps for the whole document, so the output is always
exactly what json.dumps gives.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring


class _Unsupported(Exception):
    pass


def dumps_indented(obj: object) -> str:
    """Exactly json.dumps(obj, ensure_ascii=False, indent=2)."""
    out: list[str] = []
    try:
        _encode(obj, "\n", out)
    except (_Unsupported, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(out)


_INF = (float("inf"), float("-inf"))


def _encode(o: object, newline: str, out: list[str]) -> None:
    t = type(o)
    if t is str:
        out.append(encode_basestring(o))
    elif t is dict:
        if not o:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for key, value in o.items():
            if type(key) is not str:
                raise _Unsupported
            tv = type(value)
            if tv is str:  # the common case, inline: a third of the time
                out += (sep, encode_basestring(key), ": ", encode_basestring(value))
            else:
                out += (sep, encode_basestring(key), ": ")
                _encode(value, inner, out)
            sep = "," + inner
        out.append(newline + "}")
    elif t is list or t is tuple:
        if not o:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for value in o:
            out.append(sep)
            _encode(value, inner, out)
            sep = "," + inner
        out.append(newline + "]")
    elif o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif t is int:
        out.append(int.__repr__(o))
    elif t is float and o == o and o not in _INF:
        out.append(float.__repr__(o))
    elif isinstance(o, str):  # str subclasses such as markupsafe.Markup
        out.append(encode_basestring(o))
    else:
        raise _Unsupported  # dict or list subclasses, custom types: json.dumps decides
