"""Page bodies rendered on a second core while the build works through its pages.

MkDocs renders pages one after another in one process. At 10,000 claims most of a build is our page bodies and
the theme's template around them, 20,000 times. A forked copy of the build process renders bodies from the end of
the page list backwards, into files in a temporary folder, while the build goes forwards: it takes a body the copy
has written, or claims the page and renders it itself. They meet in the middle, with no other coordination: each
side only looks for the other's files, and a page both render (at the meeting point) comes out the same.

The copy is made after every page has been read, so it renders from exactly the state the build would; it writes
nothing else and never returns into MkDocs (it ends with os._exit). If it fails or is slow, the build renders the
rest itself. No MkDocs here.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Prerenderer:
    """Bodies of ``keys`` (in the order the build will ask for them), rendered backwards by a forked process."""

    def __init__(self, keys: list[str], folder: Path, pid: int) -> None:
        self._index = {key: i for i, key in enumerate(keys)}
        self.folder = folder
        self._pid = pid
        self._ended = False
        self.taken = 0  # bodies the build took from the copy (for the log)

    @classmethod
    def start(cls, keys: list[str], render: Callable[[str], str]) -> Prerenderer | None:
        """Fork the copy, or None where that cannot help (one core, no fork, too few pages)."""
        if len(keys) < 2 or usable_cores() < 2 or not hasattr(os, "fork"):
            return None
        try:
            folder = Path(tempfile.mkdtemp(prefix="mkdocs-claims-bodies-"))
        except OSError:  # no room for a temporary folder: the build renders everything itself
            return None
        # Objects that exist now are left out of the copy's garbage collections, which would otherwise touch (and
        # so copy) every page of this process's memory.
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:
            _render_backwards(keys, render, folder, parent=os.getppid())  # never returns
        gc.unfreeze()
        if pid < 0:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return cls(keys, folder, pid)

    def take(self, key: str) -> str | None:
        """The body the copy wrote for ``key``; else None, and the copy will not start it."""
        index = self._index.get(key)
        if index is None:
            return None
        try:
            body = (self.folder / str(index)).read_text(encoding="utf-8")
        except FileNotFoundError:
            with contextlib.suppress(OSError):
                (self.folder / f"{index}.mine").touch()
            return None
        self.taken += 1
        return body

    def wait(self, timeout: float) -> bool:
        """Whether the copy ended within ``timeout`` seconds (it ends at the first page the build took)."""
        deadline = time.monotonic() + timeout
        while not self._ended:
            with contextlib.suppress(ChildProcessError):
                self._ended = os.waitpid(self._pid, os.WNOHANG)[0] != 0
            if not self._ended:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.01)
        return True

    def close(self) -> None:
        """Stop the copy (it has finished, or is about to find everything left claimed) and remove its files."""
        if not self._ended:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            self._ended = True
        shutil.rmtree(self.folder, ignore_errors=True)


def _render_backwards(keys: list[str], render: Callable[[str], str], folder: Path, parent: int) -> None:
    """In the copy: render from the last page back, until a page the build has claimed. Always ends the process."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle; close() ends this
        for index in range(len(keys) - 1, -1, -1):
            if os.getppid() != parent or (folder / f"{index}.mine").exists():
                break
            body = render(keys[index])
            part = folder / f"{index}.part"
            part.write_text(body, encoding="utf-8")
            part.replace(folder / str(index))  # whole or absent: the build never reads half a body
    except BaseException:  # noqa: BLE001 - the build renders whatever is missing itself
        status = 1
    os._exit(status)
