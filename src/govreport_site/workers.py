"""How the build's worker processes start: forked where that is safe, else fresh.

The pools that parse reports (build.load_reports) and render pages
(publish.incremental) are made for fork: a forked render worker has the planned site
and its analysis already, shared copy-on-write, instead of receiving them pickled (about
1.6 GB at 10,000 reports), and a forked worker imports nothing. Python 3.14 made
"forkserver" the default start method on Linux, so the start method is chosen here, not
left to the default.

A fork copies only the thread that calls it: a lock another thread held at that moment
(the output streams', the allocator's) stays locked in the child. So fork only on Linux
(macOS forks badly under its system frameworks) and only while this is the process's one
thread; `build-site serve` builds while its server thread runs, and then the workers
start from a fork server, a clean process started once, with the worker modules loaded
in it beforehand. Elsewhere the platform's default (spawn on macOS and Windows).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from multiprocessing.context import BaseContext

# Loaded once in the fork server, so that each worker forked from it starts with them.
PRELOAD = ["govreport_site.build", "govreport_site.publish.incremental"]


def can_fork() -> bool:
    """A fork is safe here: Linux, and no other thread running."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def pool_context() -> BaseContext:
    """The multiprocessing context for a ProcessPoolExecutor of the build."""
    if can_fork():
        return multiprocessing.get_context("fork")
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context()
