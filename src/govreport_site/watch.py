"""Watch the site's inputs for changes, by polling, for `build-site serve`.

    Watcher(paths, ignore).run(rebuild, stop)

Polling (os.scandir and stat, every `interval` seconds) rather than inotify or a library:
a scan of 1,000 reports takes ~10 ms of CPU, and it works the same on every system and
file system (network drives, Docker volumes) without a new dependency.

A change is any file added, removed, or with a new size or modification time. Changes
within `quiet` seconds of each other (an editor saving several files, a `git checkout`)
make one rebuild; a change made during a rebuild makes one more rebuild after it, since
the state compared against is the one taken before the rebuild started.
"""

from __future__ import annotations

import fnmatch
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

# Editors' swap, backup and lock files: saving a report must not rebuild twice, and
# opening one must not rebuild at all.
IGNORED_NAMES = ("*.swp", "*.swo", "*.swx", "*~", ".#*", "#*#", "4913", ".DS_Store", "*.tmp")
IGNORED_FOLDERS = (".git", ".hg", ".svn", "__pycache__", ".govreport-cache")

Snapshot = dict[str, tuple[int, int]]  # path -> (modification time in ns, size)


_IGNORED = re.compile("|".join(fnmatch.translate(pattern) for pattern in IGNORED_NAMES))


def ignored(name: str) -> bool:
    return _IGNORED.match(name) is not None


def snapshot(paths: Iterable[Path], skip: Iterable[Path] = ()) -> Snapshot:
    """(mtime, size) of every file under `paths` (files or folders; missing ones are
    simply absent, so creating one is a change), leaving out the folders `skip`."""
    skipped = {os.path.abspath(p) for p in skip}
    state: Snapshot = {}
    for path in paths:
        path = os.path.abspath(path)
        try:
            st = os.stat(path)
        except OSError:
            continue
        if os.path.isdir(path):
            _scan(path, state, skipped)
        elif not ignored(os.path.basename(path)):
            state[path] = (st.st_mtime_ns, st.st_size)
    return state


def _scan(folder: str, state: Snapshot, skipped: set[str]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:  # removed while we looked: the next scan sees it gone
        return
    for entry in entries:
        if ignored(entry.name):
            continue
        try:
            if entry.is_dir():
                if entry.name not in IGNORED_FOLDERS and entry.path not in skipped:
                    _scan(entry.path, state, skipped)
            else:
                st = entry.stat()
                state[entry.path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            continue


class Watcher:
    """Calls rebuild() after the files under `paths` change, until `stop` is set."""

    def __init__(
        self,
        paths: Iterable[Path],
        skip: Iterable[Path] = (),
        interval: float = 0.5,
        quiet: float = 0.3,
    ):
        self.paths = list(paths)
        self.skip = list(skip)
        self.interval = interval
        self.quiet = quiet

    def scan(self) -> Snapshot:
        return snapshot(self.paths, self.skip)

    def run(
        self, rebuild: Callable[[], object], stop: threading.Event, start: Snapshot | None = None
    ) -> None:
        """Poll until `stop` is set. `start`: the state the last build saw (default: now)."""
        seen = self.scan() if start is None else start
        wait = self.interval
        while not stop.wait(wait):
            began = time.perf_counter()
            now = self.scan()
            # A large corpus (10,000 reports: ~0.1 s a scan) is polled less often, so that
            # an idle server stays under a tenth of a core.
            wait = max(self.interval, 10 * (time.perf_counter() - began))
            if now == seen:
                continue
            # Wait for the files to settle: one rebuild for a burst of saves.
            while not stop.wait(self.quiet):
                later = self.scan()
                if later == now:
                    break
                now = later
            if stop.is_set():
                return
            seen = now  # taken before the rebuild: what changes during it is seen next
            rebuild()
