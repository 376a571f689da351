"""Write the search records as a Pagefind index (a chunked static index: a query downloads only the chunks its words
need), through the Pagefind binary's service mode.

The binary is Pagefind 1.6.0 from npm's registry, which `mkdocs-claims install-pagefind` (run by make) puts in
the venv, else the `pagefind-bin` wheel's 1.5.2 (PyPI has no newer one; see pagefind_binary.py). We speak its
service protocol (base64 JSON messages ended by a comma, the same the `pagefind` Python package sends) directly:
that package reads one answer per 0.1 s, which is 17 minutes for 10,000 records; writing every request from a
thread while reading the answers takes seconds.
"""

from __future__ import annotations

import base64
import json
import logging
import shutil
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from .. import pagefind_binary as binaries
from .search import SearchRecord

# Pagefind's own search interfaces; the site has its own (Material's box and assets/search-worker.js).
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class PagefindError(RuntimeError):
    pass


def pagefind_binary() -> Path:
    """Pagefind 1.6.0 where `mkdocs-claims install-pagefind` put it (pagefind_binary.py), else the wheel's 1.5.2."""
    try:
        chosen = binaries.pagefind_binary()
    except binaries.InstallError as error:
        raise PagefindError(str(error)) from error
    if chosen is not None:
        return chosen
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError as error:
        raise PagefindError("the pagefind-bin package is not installed (it is in requirements.lock)") from error
    return Path(get_executable())


def write_pagefind_index(records: list[SearchRecord], output_dir: Path, language: str) -> None:
    """The index in ``output_dir`` (replaced whole: a new folder is written beside it, then swapped in)."""
    fresh = output_dir.with_name(output_dir.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    with _Service(pagefind_binary()) as service:
        index_id = service.call({"type": "NewIndex", "config": {"force_language": language.split("-")[0]}})["index_id"]
        service.call_all({"type": "AddRecord", "index_id": index_id, "url": r.url, "content": r.content,
                          "language": language.split("-")[0], "meta": {"title": r.title, "text": r.text, **r.meta},
                          "filters": None, "sort": None} for r in records)
        # The files come back in the answer and are written here: with WriteFiles the binary answers before its
        # writes finish, and leaves half-written files if it is closed then (seen in tests).
        files = service.call({"type": "GetFiles", "index_id": index_id})["files"]
    _write_files(files, fresh)
    old = output_dir.with_name(output_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if output_dir.exists():
        output_dir.rename(old)
    fresh.rename(output_dir)
    shutil.rmtree(old, ignore_errors=True)


def _write_files(files: list[dict[str, str]], folder: Path) -> None:
    """The index's files (as the binary sent them: path, base64 content), without Pagefind's own search interfaces
    and, when every language of the index has its own WebAssembly, without the fallback for languages that have
    none (Chinese without the extended binary). Each is decoded as it is written, and let go: at 10,000 claims
    they are ~25 MB."""
    entry = next(file for file in files if file["path"] == "pagefind-entry.json")
    unused = set(UNUSED_FILES)
    if all(language["wasm"] for language in json.loads(base64.b64decode(entry["content"]))["languages"].values()):
        unused.add("wasm.unknown.pagefind")
    made: set[Path] = set()
    while files:
        file = files.pop()
        name = file["path"]
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise PagefindError(f"pagefind returned a file outside its folder: {name}")
        if name in unused:
            continue
        target = folder / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(base64.b64decode(file["content"]))


class _Service:
    """``pagefind --service``: requests on stdin, answers on stdout, both base64 JSON ended by a comma."""

    def __init__(self, binary: Path) -> None:
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.buffer = bytearray()
        self.last_id = 0

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *exc: object) -> None:
        """Close its input and wait for it to exit."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise PagefindError("pagefind did not exit within 5 minutes of writing the index") from None

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.call_all([payload])[0]

    def call_all(self, payloads: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every request from a thread while reading the answers here: neither pipe fills and blocks."""
        messages = []
        for payload in payloads:
            self.last_id += 1
            messages.append(base64.b64encode(json.dumps({"message_id": self.last_id, "payload": payload})
                                             .encode("utf-8")) + b",")
        first = self.last_id - len(messages) + 1

        def send() -> None:
            assert self.process.stdin is not None
            try:
                for message in messages:
                    self.process.stdin.write(message)
                self.process.stdin.flush()
            except BrokenPipeError:
                pass  # the binary stopped: _read says so

        writer = threading.Thread(target=send, daemon=True)
        writer.start()
        answers: list[dict[str, Any]] = []
        while len(answers) < len(messages):
            answer = self._read()
            payload = answer.get("payload", {})
            if payload.get("type") == "Error":
                raise PagefindError(f"pagefind: {payload.get('message')}")
            if answer.get("message_id", 0) >= first:
                answers.append(payload)
        writer.join()
        return answers

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        end = self.buffer.find(b",")
        while end < 0:  # the index's files come in one answer (tens of MB): grow one buffer, look only at what came
            start = len(self.buffer)
            chunk = self.process.stdout.read1(1 << 20)  # type: ignore[attr-defined]
            if not chunk:
                raise PagefindError("pagefind stopped before answering (is the binary for this machine?)")
            self.buffer += chunk
            end = self.buffer.find(b",", start)
        with memoryview(self.buffer) as view:  # decoded from the buffer, not a copy: the files' answer is tens of MB
            text = base64.b64decode(view[:end])
        del self.buffer[: end + 1]
        if not text.strip():
            return {}  # an empty message between two answers: nothing to read
        return json.loads(text)  # type: ignore[no-any-return]


class BackgroundIndexer:
    """Writes the index in a thread, so that `mkdocs serve` serves a changed page without waiting for search to be
    re-indexed (seconds at 10,000 claims). One job at a time; a job submitted while one runs replaces any waiting
    one, since only the newest records matter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: tuple[list[SearchRecord], Path, str] | None = None
        self._thread: threading.Thread | None = None
        self.written = 0  # jobs finished, for tests and logs

    def submit(self, records: list[SearchRecord], output_dir: Path, language: str) -> None:
        with self._lock:
            self._waiting = (records, output_dir, language)
            if self._thread is None:  # else the running thread takes the job before it stops (see _run)
                self._thread = threading.Thread(target=self._run, name="pagefind-index", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._waiting = self._waiting, None
                if job is None:
                    self._thread = None  # under the lock: a job submitted from now on starts a new thread
                    return
            try:
                write_pagefind_index(*job)
                self.written += 1
            except (OSError, PagefindError) as error:  # the server goes on; the next save tries again
                logging.getLogger("mkdocs.plugins.claims").warning(f"search index not written: {error}")
