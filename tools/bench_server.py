"""A static file server for the benchmark's browser runs: http.server plus gzip, as any real host would send.

    python tools/bench_server.py DIRECTORY PORT [--gzip] [--throttle fast4g]

Binds 127.0.0.1 only. With --gzip, text responses are compressed when the browser accepts gzip (Lighthouse would
otherwise score the missing compression of a development server, not the site). With --throttle, every response
waits one round trip and is sent at the network's download rate: Chrome DevTools' "Fast 4G" preset (9 Mbit/s with
its 0.9 factor, 60 ms x 2.75 latency), applied per connection by the server, so that a dedicated worker's requests
(the search) are slowed as much as the page's.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import sys
import time
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


# name -> (round trip in seconds, download bytes per second), as Chrome DevTools defines its presets
# (devtools-frontend, front_end/core/sdk/NetworkManager.ts, Fast4GConditions: 9 Mbit/s x 0.9, 60 ms x 2.75).
NETWORKS = {"fast4g": (0.060 * 2.75, 9_000_000 / 8 * 0.9)}


class ThrottledHandler(GzipHandler):
    network: ClassVar[tuple[float, float]] = NETWORKS["fast4g"]

    def send_head(self):  # type: ignore[no-untyped-def]
        time.sleep(self.network[0])
        return super().send_head()

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        while chunk := source.read(16_384):
            outputfile.write(chunk)
            time.sleep(len(chunk) / self.network[1])


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
    parser.add_argument("--throttle", choices=sorted(NETWORKS))
    args = parser.parse_args()
    handler: type[SimpleHTTPRequestHandler] = GzipHandler if args.gzip else SimpleHTTPRequestHandler
    if args.throttle:
        ThrottledHandler.network = NETWORKS[args.throttle]
        handler = ThrottledHandler
    server = ThreadingHTTPServer(("127.0.0.1", args.port), functools.partial(handler, directory=args.directory))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
