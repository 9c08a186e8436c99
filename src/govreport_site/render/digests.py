"""The two ways a key is made: a digest of named parts, and a digest of a pickled value."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import struct


def digest(*parts: bytes | str) -> str:
    """sha256 of the parts, after their count and lengths, so no two lists of parts run
    together. One call to pack and one to hash: a build makes thousands of keys."""
    chunks = [p.encode() if type(p) is str else p for p in parts]
    head = struct.pack(f"<{len(chunks) + 1}Q", len(chunks), *map(len, chunks))
    return hashlib.sha256(head + b"".join(chunks)).hexdigest()


def value_key(value: object, memo: bool = False) -> str:
    """sha256 of `value` pickled. Without the memo (the default) equal values give equal
    bytes whatever objects they happen to share; a value with cycles needs memo=True.
    A value that cannot be pickled gets a key no other build will have."""
    return hashlib.sha256(pickled(value, memo)).hexdigest()


# Picklers without a memo, each with its buffer, ready for the next value: making one
# costs about as much as pickling a small key. A list, so that threads never share one.
_SPARE: list[tuple[io.BytesIO, pickle.Pickler]] = []


def pickled(value: object, memo: bool = False) -> bytes:
    """`value` pickled, as value_key hashes it, for a part of a digest (one hash, not a
    hash of a hash); bytes no other build will have when it cannot be pickled."""
    if memo:
        buf = io.BytesIO()
        pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        try:
            buf, pickler = _SPARE.pop()
        except IndexError:
            buf = io.BytesIO()
            pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.fast = True
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return unkeyed().encode()  # this pickler is dropped: its state is unknown
    found = buf.getvalue()
    if not memo:
        buf.seek(0)
        buf.truncate()
        _SPARE.append((buf, pickler))
    return found


def unkeyed() -> str:
    """A key no other build will have: the file is made again every time."""
    return "unkeyed-" + os.urandom(16).hex()
