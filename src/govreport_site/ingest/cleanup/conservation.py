"""The normaliser's promise, as a check: nothing leaves the text without a note.

Every visible character of the source is either in the normalised text or in the
text of a note, and both keep the source order: the source is an interleaving of
the two. Whitespace and invisible format characters (zero-width space, BOM, soft
hyphen) do not count; neither do summary notes (spacing, blank lines, rejoined
lines), whose text describes a change rather than quoting the source. A radical that
stood for a character (⼯ for 工) counts as that character.
"""

from __future__ import annotations

import unicodedata

from govreport_site.ingest.cleanup.chars import RADICALS
from govreport_site.ingest.cleanup.lines import SUMMARY_KINDS
from govreport_site.model import Normalised


def _visible(text: str) -> list[tuple[int, str]]:
    return [
        (i, c) for i, c in enumerate(text) if not c.isspace() and unicodedata.category(c) != "Cf"
    ]


def unaccounted(source_text: str, normalised: Normalised) -> int | None:
    """Index in source_text of the first character neither kept nor noted (or
    len(source_text) when the normalised text or notes hold something extra), else None."""
    src = _visible(source_text.translate(RADICALS))
    kept = "".join(c for _, c in _visible(normalised.text))
    noted = "".join(
        c
        for note in normalised.notes
        if note.kind not in SUMMARY_KINDS
        for _, c in _visible(note.text)
    )
    # states: how many noted characters have been consumed so far (the rest of the
    # consumed source went to the kept text). Usually one state; two when a character
    # could belong to either, and the wrong branch dies within a few characters.
    states = {0}
    for n, (pos, c) in enumerate(src):
        nxt: set[int] = set()
        for k in states:
            t = n - k
            if t < len(kept) and kept[t] == c:
                nxt.add(k)
            if k < len(noted) and noted[k] == c:
                nxt.add(k + 1)
        if not nxt:
            return pos
        states = nxt
    if any(k == len(noted) and len(src) - k == len(kept) for k in states):
        return None
    return len(source_text)


def accounted_for(source_text: str, normalised: Normalised) -> bool:
    """True when every visible source character is in the text or in a note, in order."""
    return unaccounted(source_text, normalised) is None
