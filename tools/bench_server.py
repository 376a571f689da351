"""A static file server for the benchmark's browser runs: http.server plus gzip, as any real host would send.

    python tools/bench_server.py DIRECTORY PORT [--gzip]

Binds 127.0.0.1 only. With --gzip, text responses are compressed when the browser accepts gzip (Lighthouse would
otherwise score the missing compression of a development server, not the site).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".map")


class GzipHandler(SimpleHTTPRequestHandler):
    cache: ClassVar[dict[tuple[str, float], bytes]] = {}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        if Path(self.translate_path(self.path)).is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().send_head()  # http.server redirects /dir to /dir/
        key = (str(path), path.stat().st_mtime)
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Body:
    """A file-like object over bytes, which SimpleHTTPRequestHandler copies to the socket and closes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        self.data = b""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("port", type=int)
    parser.add_argument("--gzip", action="store_true")
    args = parser.parse_args()
    handler = GzipHandler if args.gzip else SimpleHTTPRequestHandler
    server = ThreadingHTTPServer(("127.0.0.1", args.port), functools.partial(handler, directory=args.directory))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
