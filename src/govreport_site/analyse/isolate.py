"""Run a memory-hungry step in a forked child and keep only its result.

    in_child(work, shared) -> work()

The text analysis of a large corpus peaks far above what it returns (its reuse index,
term columns and the store's records are transient), and CPython's allocator keeps the
arenas of that peak: the process stays near its peak for the rest of the build, under
the rendering and search workers. In a forked child the peak is given back to the
system when the child exits; the parent receives the result pickled.

The child is a fork: it has the parent's objects already (copy-on-write), so nothing is
sent to it. Objects of `shared` (the planned site's reports, regions, years) travel back
as their index in `shared`, so the result points at the parent's own objects, as it
would have in-process. An error in the child is raised again in the parent (same type
and message when it pickles, with the child's traceback as a note).

Only on Linux and only when this is the process's one thread: a fork copies no other
thread, and a lock another thread held would stay locked in the child. Elsewhere (and
when `work` must run here anyway) in_child runs it in this process.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

from govreport_site.workers import can_fork

T = TypeVar("T")


def in_child(work: Callable[[], T], shared: Sequence[object] = ()) -> T:
    """work(), run in a forked child when can_fork(), else here."""
    if not can_fork():
        return work()
    for stream in (sys.stdout, sys.stderr):  # what the parent has not written yet
        if stream is not None:
            stream.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _child(work, shared, write)
    os.close(write)
    done = False
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        done = True
    finally:
        if not done:  # interrupted (Ctrl-C): stop the child, do not leave it running
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    return _result(data, status, shared)


def _child(work: Callable[[], object], shared: Sequence[object], fd: int) -> None:
    code = 1
    try:
        try:
            answer: tuple = ("ok", work())
        except BaseException as exc:  # noqa: BLE001 - all of them go to the parent
            answer = ("error", _portable(exc), traceback.format_exc())
        try:
            data = _dumps(answer, shared)
        except Exception as exc:  # noqa: BLE001 - the result itself does not pickle
            data = _dumps(("error", _portable(exc), traceback.format_exc()), shared)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:  # nothing could be sent: say why where the user sees it
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(code)  # no atexit handlers, no buffers of the parent flushed twice


def _portable(exc: BaseException) -> BaseException:
    """The exception if it survives pickling, else a RuntimeError saying what it was."""
    try:
        again = pickle.loads(pickle.dumps(exc))
        if isinstance(again, BaseException):
            return exc
    except Exception:  # noqa: BLE001, S110 - replaced below
        pass
    return RuntimeError(f"{type(exc).__name__}: {exc}")


# Subclasses, not persistent_id / persistent_load set on an instance: Python 3.13 made
# those attributes of the C pickler read-only, and every child then failed.
class _SharedPickler(pickle.Pickler):
    """Objects of `shared` pickled as their index in it."""

    def __init__(self, file: io.BytesIO, shared: Sequence[object]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._at = {id(obj): n for n, obj in enumerate(shared)}

    def persistent_id(self, obj: object) -> int | None:
        return self._at.get(id(obj))


class _SharedUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: Sequence[object]):
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid: int) -> object:
        return self._shared[pid]


def _dumps(value: object, shared: Sequence[object]) -> bytes:
    buffer = io.BytesIO()
    _SharedPickler(buffer, shared).dump(value)
    return buffer.getvalue()


def _result(data: bytes, status: int, shared: Sequence[object]):
    if not data:
        raise RuntimeError(f"the text analysis's child process failed ({_how(status)})")
    answer = _SharedUnpickler(io.BytesIO(data), shared).load()
    if answer[0] == "ok":
        return answer[1]
    _, exc, where = answer
    if hasattr(exc, "add_note"):  # Python 3.11+
        exc.add_note(f"(raised in a child process)\n{where}")
    raise exc


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
