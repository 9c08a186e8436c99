"""The last build's joined index, kept in the cache so that an edit re-encodes only the
files it changes (update.py).

    <cache>/search-state/b<p>.npy, u<p>.npy   per partition p: every report's segments
        joined, sorted by gram then by report: g (gram), k (the report's place in the
        result order), h and l (first value and last paragraph, counted within the
        report, as in its ReportIndex), n (bytes of the rest of the body), r (those
        bytes, one after another)
    <cache>/search-state/state.pickle   which build they belong to (IndexState)

The partitions are written by whoever joins them (the index's second pass), the state
last: it is removed before anything else is written and written once every partition
is, so a build that stops half-way leaves no state and the next build joins everything
again. Safe to delete.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from govreport_site.cache import _UNREADABLE

FOLDER = "search-state"
COLUMNS = ("g", "k", "h", "l", "n", "r")


def state_folder(cache_folder: Path) -> Path:
    return Path(cache_folder) / FOLDER


@dataclass
class IndexState:
    """What the search files of one build were made from, per report in result order."""

    key: str  # the search output's key (search_output): the files' inputs
    hashes: list[str]  # content hashes
    ids: list[str]  # the reports' ids
    paragraphs: list[int]
    characters: list[int]
    entries: list[int]  # bigram entries
    classes: list[str]
    shards: dict[str, int]  # shard count per kind ("b", "u")
    files: list[str]  # every index file, relative to the search folder
    format: int = 0  # index.FORMAT of the build that kept it: which files it made


def load_state(folder: Path) -> IndexState | None:
    try:
        with (folder / "state.pickle").open("rb") as f:
            state = pickle.load(f)
    except _UNREADABLE + (ValueError,):
        return None
    return state if isinstance(state, IndexState) else None


def save_state(folder: Path, state: IndexState) -> None:
    _write(folder / "state.pickle", pickle.dumps(state, pickle.HIGHEST_PROTOCOL))


def forget(folder: Path) -> None:
    """No state until save_state: the partitions are about to change."""
    (folder / "state.pickle").unlink(missing_ok=True)


def save_partition(folder: Path, kind: str, part: int, columns: dict[str, np.ndarray]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}{part}.npy"
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        for c in COLUMNS:  # .npy one after another: no zip, no checksum to compute
            np.save(f, columns[c])
    os.replace(tmp, path)


def load_partition(folder: Path, kind: str, part: int) -> dict[str, np.ndarray] | None:
    try:
        with (folder / f"{kind}{part}.npy").open("rb") as f:
            return {c: np.load(f) for c in COLUMNS}
    except _UNREADABLE + (ValueError, KeyError):
        return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
