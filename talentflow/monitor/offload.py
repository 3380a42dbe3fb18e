"""Work of an import handed to a second process, so that a 2-core machine uses both cores.

A forked child inherits the parent's memory, so the inputs (a million ids, a prepared file) cost
nothing to hand over; only the result comes back, pickled through a pipe. The child runs pure
computation — it never touches the parent's database connections — and leaves with
``os._exit``. Only a single-threaded process forks (the command line, the benchmark): a fork
of a process with other threads can inherit a lock one of them held, so the web application's
import jobs compute in their own thread. Where ``os.fork`` does not exist, where it fails, where
the child fails, or when ``TALENTFLOW_IMPORT_PROCESSES=1`` asks for one process, the same
function runs in the calling process instead: the result is the same either way, only the time
differs.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: ``1``: everything in the calling process; ``2``: a second process whatever the machine's load
#: (for comparisons, tests and debugging); unset: a second process when a core is free.
PROCESSES_ENV = "TALENTFLOW_IMPORT_PROCESSES"


def enabled() -> bool:
    """Whether to fork: only in a single-threaded process, and — unless asked — only when the
    machine has a core to spare: a one-minute load average of at most the core count minus a
    half, the importing process itself (about 1 once it has run a while) included — so on an idle
    2-core machine a benchmark that has been busy for minutes still gets its second process. On a
    machine whose cores are all busy, a second process only takes time from the first: measured
    on the shared 2-core machine at load 2.5, a million-row import took 42 s with it, 34 s without."""
    wish = os.environ.get(PROCESSES_ENV, "").strip()
    if wish == "1" or not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    if wish == "2":
        return True
    cores = os.cpu_count() or 1
    return cores >= 2 and os.getloadavg()[0] <= cores - 0.5


class Pending(Generic[T]):
    """A result being computed by a forked child (or already computed here)."""

    def __init__(self, fn: Callable[..., T], args: tuple, fork: bool = True) -> None:
        self._fn, self.args = fn, args
        self._pid: int | None = None
        self._fd: int | None = None
        self._status: int | None = None  # the child's wait status, once it has been reaped
        self._done = False
        self._value: Any = None
        if fork and enabled():
            self._fork()
        if self._pid is None:
            self._value, self._done = fn(*args), True

    def _fork(self) -> None:
        try:
            r, w = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return
        if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
            code = 0
            try:
                os.close(r)
                data = pickle.dumps(self._fn(*self.args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(w, "wb") as fh:
                    fh.write(data)
            except BaseException:  # noqa: BLE001 - any failure: the parent computes it itself
                code = 1
            finally:
                os._exit(code)
        os.close(w)
        self._pid, self._fd = pid, r

    def cancel(self) -> None:
        """Stop the child if it still runs and reap it (its result is no longer wanted: the
        caller failed first). Nothing happens once the result has been taken."""
        if not self._done and self._pid is not None and self._status is None:
            try:
                os.kill(self._pid, signal.SIGKILL)
                self._status = os.waitpid(self._pid, 0)[1]
            except OSError:
                pass
        if not self._done and self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:  # abandoned (the caller raised first): stop and reap the child
        self.cancel()

    def running(self) -> bool:
        """Whether a forked child is still computing (never blocks). A caller that waits for
        the child's side effects — files it writes one after another — polls this between
        looks, so that a child that died is noticed instead of waited for. Only for work whose
        result is small: the result waits in the pipe until :meth:`result` reads it, and a
        result larger than the pipe's buffer (64 KiB on Linux) keeps the child alive until then."""
        if self._done or self._pid is None or self._status is not None:
            return False
        pid, status = os.waitpid(self._pid, os.WNOHANG)
        if pid == 0:
            return True
        self._status = status
        return False

    def result(self) -> T:
        if self._done:
            return self._value
        assert self._pid is not None and self._fd is not None
        fd, self._fd = self._fd, None  # closed by the file object, whatever happens next
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
        status = self._status if self._status is not None else os.waitpid(self._pid, 0)[1]
        self._done = True
        if os.waitstatus_to_exitcode(status) == 0 and data:
            self._value = pickle.loads(data)
        else:  # the child failed or was killed: compute it here
            self._value = self._fn(*self.args)
        return self._value


def start(fn: Callable[..., T], *args: Any, fork: bool = True) -> Pending[T]:
    """Start ``fn(*args)`` in a forked child (``fork=False``: small work, not worth a process;
    computed here and now); :meth:`Pending.result` waits for it."""
    return Pending(fn, args, fork)
