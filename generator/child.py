"""Work done in a forked process while this one does other work: two CPUs, half the wait.

The live preview rebuilds an edit's pages in both languages, and the site has one search index
per language; each language's share is independent, so one runs in a child process. A whole
build does the same: its render shares the pages between this process and a child per further
CPU (``generator.render``), and MkDocs builds each further language in a child
(``generator.fork_languages``).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time

from .collector import paused


def workers() -> int:
    """Processes to work with: ``BRIEFING_RENDER_WORKERS`` if set, else the CPUs this process
    may run on. The work is pure Python, so threads would take turns; processes do not."""
    wanted = os.environ.get("BRIEFING_RENDER_WORKERS", "").strip()
    if wanted.isdigit():
        return max(1, int(wanted))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent dies (Linux): a killed build must not
    leave a child writing on into its folder."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class Child:
    """``work()`` run in a forked process, its picklable result read back by :meth:`result`.

    The child inherits this process's objects (copy-on-write) and writes its own files. The
    preview's server runs threads; the child runs only ``work`` and leaves with ``os._exit``,
    so it never touches them. A child that fails, or has not answered within ``timeout``
    seconds (None: no limit), yields None, and the caller does the work itself.
    """

    TIMEOUT = 120.0

    def __init__(self, work, timeout: float | None = TIMEOUT):
        self.timeout = timeout
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(read)
            code = 1
            try:
                _die_with(parent)
                with os.fdopen(write, "wb") as out:
                    out.write(pickle.dumps(work()))
                code = 0
            except BaseException:  # noqa: BLE001 - the parent redoes the work and reports it
                pass
            finally:
                os._exit(code)
        os.close(write)
        self.read = read

    def ready(self, timeout: float) -> bool:
        """Whether the child has finished (its result, or its end, can be read), waiting up to
        ``timeout`` seconds."""
        return bool(select.select([self.read], [], [], timeout)[0])

    def result(self):
        chunks = []
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        with os.fdopen(self.read, "rb") as source:
            while (left := 1.0 if deadline is None else deadline - time.monotonic()) > 0:
                if not select.select([source], [], [], left)[0]:
                    continue
                chunk = os.read(source.fileno(), 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            else:
                os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        with paused():  # a language's search entries: 115,000 objects at once at 10,000 events
            return pickle.loads(b"".join(chunks))

    def kill(self) -> None:
        """Stop a child whose result is no longer wanted."""
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.read)

