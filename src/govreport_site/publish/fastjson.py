"""json.dumps(obj, ensure_ascii=False, indent=2), several times faster.

With `indent`, the standard library falls back from its C encoder to a generator per
value in pure Python; data/reports.json of 1,000 reports then takes longer than
rendering a page per report. This writes the same bytes with one recursive function and
the C string encoder. Anything it does not know (a custom type, a non-finite float, an
odd dict key) is handed to json.dumps for the whole document, so the output is always
exactly what json.dumps gives.

A value may also be `Encoded`: its UTF-8 text encoded on its own beforehand, for the
depth it stands at, placed as is; so a document of many parts that rarely change
(data/reports.json: one per report) is encoded again only where a part changed, and put
together as bytes (dumps_indented_bytes).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring


class _Unsupported(Exception):
    pass


class Encoded:
    """A value already encoded (dumps_indented) for `level` levels of indent; with
    `many`, several items of a list, the list's separator between them."""

    __slots__ = ("data", "level", "many")

    def __init__(self, data: bytes, level: int = 0, many: bool = False):
        self.data = data
        self.level = level
        self.many = many

    @classmethod
    def of(cls, value: object, level: int = 0) -> Encoded:
        text = dumps_indented(value)
        if level:
            text = text.replace("\n", "\n" + "  " * level)
        return cls(text.encode("utf-8"), level)

    def at(self, newline: str) -> bytes:
        """The text for a place whose lines start with `newline`."""
        own = "\n" + "  " * self.level
        if own == newline:
            return self.data
        return self.data.replace(own.encode(), newline.encode())


def _decoded(obj: object) -> object:
    """`obj` with its Encoded parts decoded again, for json.dumps."""
    t = type(obj)
    if t is Encoded:
        return json.loads(obj.data)  # type: ignore[union-attr]
    if t is dict:
        return {k: _decoded(v) for k, v in obj.items()}  # type: ignore[union-attr]
    if t is list or t is tuple:
        out = []
        for v in obj:  # type: ignore[union-attr]
            if type(v) is Encoded and v.many:
                out += json.loads(b"[" + v.data + b"]")
            else:
                out.append(_decoded(v))
        return out
    return obj


def dumps_indented(obj: object) -> str:
    """Exactly json.dumps(obj, ensure_ascii=False, indent=2)."""
    return dumps_indented_bytes(obj).decode("utf-8")


def dumps_indented_bytes(obj: object) -> bytes:
    """dumps_indented(obj) in UTF-8."""
    out: list = []
    try:
        _encode(obj, "\n", out)
    except (_Unsupported, RecursionError):
        return json.dumps(_decoded(obj), ensure_ascii=False, indent=2).encode("utf-8")
    # Runs of text encoded at once, Encoded parts as they are.
    chunks: list[bytes] = []
    start = 0
    for n, item in enumerate(out):
        if type(item) is bytes:
            chunks += ("".join(out[start:n]).encode("utf-8"), item)
            start = n + 1
    chunks.append("".join(out[start:]).encode("utf-8"))
    return b"".join(chunks)


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
    elif t is Encoded:
        out.append(o.at(newline))  # type: ignore[union-attr]
    elif isinstance(o, str):  # str subclasses such as markupsafe.Markup
        out.append(encode_basestring(o))
    else:
        raise _Unsupported  # dict or list subclasses, custom types: json.dumps decides
