"""The two ways a key is made: a digest of named parts, and a digest of a pickled value."""

from __future__ import annotations

import hashlib
import io
import os
import pickle


def digest(*parts: bytes | str) -> str:
    """sha256 of the parts, each with its length, so no two lists of parts run together."""
    chunks = []
    for part in parts:
        b = part.encode() if isinstance(part, str) else part
        chunks += (len(b).to_bytes(8, "little"), b)
    return hashlib.sha256(b"".join(chunks)).hexdigest()  # one call: thousands of keys


def value_key(value: object, memo: bool = False) -> str:
    """sha256 of `value` pickled. Without the memo (the default) equal values give equal
    bytes whatever objects they happen to share; a value with cycles needs memo=True.
    A value that cannot be pickled gets a key no other build will have."""
    return hashlib.sha256(pickled(value, memo)).hexdigest()


def pickled(value: object, memo: bool = False) -> bytes:
    """`value` pickled, as value_key hashes it, for a part of a digest (one hash, not a
    hash of a hash); bytes no other build will have when it cannot be pickled."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = not memo
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        return unkeyed().encode()
    return buf.getvalue()


def unkeyed() -> str:
    """A key no other build will have: the file is made again every time."""
    return "unkeyed-" + os.urandom(16).hex()
