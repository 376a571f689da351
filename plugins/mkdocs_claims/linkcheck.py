"""Link health: fetch every source link, class the answer, and keep a dated report.

Knows nothing of MkDocs: it takes a validated ``Dataset`` and writes JSON. The build
reads that JSON back with ``read_link_report``, so this module is the report's only
writer and its only parser.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import io
import json
import os
import socket
import tempfile
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from . import __version__
from .model import Dataset

STATUSES = ("ok", "redirected", "gone", "error", "timeout", "tls", "dns", "blocked", "unchecked")
# A reader should not be sent to these: the page is not there, or its host no longer exists.
DEAD_STATUSES = ("gone", "dns")
# What counts as "failing" for first_failed. "blocked" (403/429) is left out: a bot wall says nothing about the page.
FAILING_STATUSES = ("gone", "error", "timeout", "tls", "dns")
LIVE_STATUSES = ("ok", "redirected")
LINK_FIELDS = ("url", "archived_url", "copy_url")
FINGERPRINT_BYTES = 1_000_000
REPORT_NAME = "link-report.json"


@dataclass(frozen=True)
class CheckSettings:
    """How hard and how politely to check. Tests set the delays near zero."""

    workers: int = 8
    timeout: float = 20.0  # seconds, per connect and per read
    retries: int = 2  # extra attempts after a timeout, a 5xx or a dropped connection
    backoff: float = 2.0  # seconds before the first retry; doubles each time
    host_delay: float = 1.0  # minimum seconds between two requests to the same host
    max_redirects: int = 10
    contact: str = ""  # a URL or e-mail address for site owners who see us in their logs


def user_agent(settings: CheckSettings) -> str:
    contact = f" (+{settings.contact})" if settings.contact else ""
    return f"mkdocs-claims-linkcheck/{__version__}{contact}"


@dataclass(frozen=True)
class LinkTarget:
    """One URL to check, and every source field that cites it."""

    url: str
    sources: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Fetched:
    """What one fetch of a URL found."""

    status: str
    url: str
    http_status: int | None = None
    final_url: str = ""
    redirects: tuple[tuple[str, int], ...] = ()  # (url that answered, its 3xx status), in order
    detail: str = ""
    fingerprint: str = ""
    retryable: bool = False


Fetch = Callable[[str], Fetched]


@dataclass(frozen=True)
class LinkStatus:
    """What the build needs to know about one link, read from the report."""

    url: str
    status: str
    http_status: int | None
    final_url: str
    checked: str | None
    first_failed: str | None
    last_ok: str | None
    content_changed: bool


@dataclass
class LinkRun:
    report: dict[str, Any]
    path: Path
    checked: int  # links fetched this run; fewer than the report's when interrupted

    @property
    def complete(self) -> bool:
        return bool(self.report["complete"])


# --- Collecting -------------------------------------------------------------------------------------------------

def collect_links(dataset: Dataset) -> list[LinkTarget]:
    """Every url, archived_url and copy_url of every source, once per URL, sorted by URL."""
    cited: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for source in dataset.sources:
        for name in LINK_FIELDS:
            url = getattr(source, name)
            if url:
                sources, fields = cited[url]
                _append_new(sources, source.id)
                _append_new(fields, name)
    return [LinkTarget(url, tuple(sources), tuple(fields)) for url, (sources, fields) in sorted(cited.items())]


def _append_new(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


# --- Fetching one URL -----------------------------------------------------------------------------------------

class HttpFetcher:
    """One GET per call, following redirects; each worker thread gets its own requests Session."""

    def __init__(self, settings: CheckSettings) -> None:
        self._settings = settings
        self._local = threading.local()

    def __call__(self, url: str) -> Fetched:
        try:
            with self._session().get(url, timeout=self._settings.timeout, allow_redirects=True,
                                     stream=True) as response:
                return classify_response(url, response)
        except requests.TooManyRedirects as error:
            return _redirect_failure(url, error, self._settings.max_redirects)
        except requests.RequestException as error:
            return classify_error(url, error)

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.max_redirects = self._settings.max_redirects
            session.headers["User-Agent"] = user_agent(self._settings)
            session.headers["Accept"] = "text/html,application/xhtml+xml,*/*;q=0.8"
            self._local.session = session
        return session


def classify_response(url: str, response: requests.Response) -> Fetched:
    """Class an HTTP answer; fingerprint the page when it is there."""
    code = response.status_code
    redirects = tuple((hop.url, hop.status_code) for hop in response.history)
    found = Fetched("ok", url, code, response.url, redirects)
    if 200 <= code < 300:
        return replace(found, status="redirected" if redirects else "ok", fingerprint=fingerprint_response(response))
    reason = f"HTTP {code} {response.reason or ''}".strip()
    if code in (404, 410):
        return replace(found, status="gone", detail=reason)
    if code in (403, 429):
        return replace(found, status="blocked", detail=reason)
    return replace(found, status="error", detail=reason, retryable=code >= 500)


def classify_error(url: str, error: requests.RequestException) -> Fetched:
    """Class a fetch that got no usable answer: timeout, TLS, DNS or a broken connection."""
    causes = list(_causes(error))
    failed = Fetched("error", url, final_url=url)
    if any(isinstance(c, requests.exceptions.SSLError | urllib3.exceptions.SSLError) for c in causes):
        return replace(failed, status="tls", detail=_short(error))
    # Before timeouts: urllib3's NameResolutionError is, for old times' sake, a ConnectTimeoutError.
    if any(isinstance(c, urllib3.exceptions.NameResolutionError) for c in causes):
        # "No such name" is final; "temporary failure" is the resolver's hiccup, worth another try.
        hiccup = any(isinstance(c, socket.gaierror) and c.errno == socket.EAI_AGAIN for c in causes)
        return replace(failed, status="dns", detail=f"cannot resolve {urlsplit(url).hostname}", retryable=hiccup)
    if any(isinstance(c, requests.Timeout | urllib3.exceptions.ReadTimeoutError) for c in causes):
        return replace(failed, status="timeout", detail="no answer in time", retryable=True)
    if isinstance(error, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return replace(failed, detail=f"connection failed: {_short(error)}", retryable=True)
    return replace(failed, detail=_short(error))


def _redirect_failure(url: str, error: requests.TooManyRedirects, limit: int) -> Fetched:
    response = error.response
    hops = (*response.history, response) if response is not None else ()
    redirects = tuple((hop.url, hop.status_code) for hop in hops)
    seen = [hop_url for hop_url, _ in redirects]
    detail = "redirect loop" if len(set(seen)) < len(seen) else f"more than {limit} redirects"
    return Fetched("error", url, final_url=seen[-1] if seen else url, redirects=redirects, detail=detail)


def _causes(error: BaseException) -> Iterable[BaseException]:
    """The error, what it wraps (requests keeps urllib3's error in args, urllib3 in .reason), and its causes."""
    pending: list[BaseException] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        pending += [item for item in linked if isinstance(item, BaseException)]


def _short(error: BaseException) -> str:
    """The operating system's words ('Connection reset by peer'), not the reprs of requests' and urllib3's wrappers."""
    for cause in _causes(error):
        if isinstance(cause, OSError) and not type(cause).__module__.startswith(("requests", "urllib3")):
            return (cause.strerror or str(cause))[:200]
    return str(error)[:200]


# --- Fingerprints -----------------------------------------------------------------------------------------------

def fingerprint_response(response: requests.Response) -> str:
    """A fingerprint of the page text in the first megabyte of the body."""
    body = bytearray()
    for chunk in response.iter_content(chunk_size=65536):
        body += chunk
        if len(body) >= FINGERPRINT_BYTES:
            break
    text = bytes(body[:FINGERPRINT_BYTES]).decode(response.encoding or "utf-8", errors="replace")
    if "html" in response.headers.get("Content-Type", ""):
        text = visible_text(text)
    return fingerprint_text(text)


def fingerprint_text(text: str) -> str:
    """16 hex digits of sha256 over the text with whitespace runs made single spaces."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


class _TextCollector(HTMLParser):
    # Scripts and styles often carry per-request tokens; leaving them out keeps the fingerprint about the page text.
    SKIPPED = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join(collector.parts)


# --- Fetching many, politely ----------------------------------------------------------------------------------

def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def fetch_politely(url: str, fetch: Fetch, settings: CheckSettings, stop: threading.Event) -> Fetched | None:
    """Fetch with retries and exponential backoff; None when stopped before an answer."""
    attempt = 0
    while True:
        result = fetch(url)
        if not result.retryable or attempt >= settings.retries:
            return replace(result, detail=_with_attempts(result.detail, attempt + 1))
        pause = max(settings.host_delay, settings.backoff * 2 ** attempt)
        attempt += 1
        if stop.wait(pause):
            return None


def _with_attempts(detail: str, attempts: int) -> str:
    return f"{detail} ({attempts} attempts)" if attempts > 1 else detail


def fetch_all(urls: Iterable[str], fetch: Fetch, settings: CheckSettings,
              on_result: Callable[[Fetched], None]) -> None:
    """Fetch every URL: a bounded pool, one queue per host so no host sees two requests at once.

    Results go to ``on_result`` as they come. On KeyboardInterrupt (Ctrl-C, or raised by ``fetch``) the
    workers stop before their next request, later results are dropped, and the interrupt propagates.
    """
    queues: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        queues[host_of(url)].append(url)
    stop = threading.Event()
    lock = threading.Lock()

    def deliver(result: Fetched) -> None:
        with lock:
            if not stop.is_set():
                on_result(result)

    def work_through(host_urls: list[str]) -> None:
        for index, url in enumerate(host_urls):
            if index and stop.wait(settings.host_delay):
                return
            result = fetch_politely(url, fetch, settings, stop)
            if result is None:
                return
            deliver(result)

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, settings.workers),
                                                 thread_name_prefix="linkcheck")
    # The busiest hosts start first: politeness makes them the longest to work through.
    busiest_first = sorted(queues.values(), key=len, reverse=True)
    try:
        futures = [pool.submit(work_through, host_urls) for host_urls in busiest_first]
        for future in concurrent.futures.as_completed(futures):
            future.result()
    except BaseException:
        with lock:
            stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


# --- The report -------------------------------------------------------------------------------------------------

def check_links(dataset: Dataset, report_path: Path, settings: CheckSettings, *, fetch: Fetch | None = None,
                progress: ProgressBar | None = None, now: dt.datetime | None = None) -> LinkRun:
    """Check every source link and write the report atomically; Ctrl-C writes what was checked so far."""
    targets = collect_links(dataset)
    previous = read_report_entries(report_path)
    results: dict[str, Fetched] = {}
    progress = progress or ProgressBar(io.StringIO(), isatty=False)
    progress.start(len(targets))

    def record(result: Fetched) -> None:
        results[result.url] = result
        progress.advance()

    complete = True
    try:
        fetch_all([t.url for t in targets], fetch or HttpFetcher(settings), settings, record)
    except KeyboardInterrupt:
        complete = False
    progress.finish()
    if looks_offline(results.values()):
        raise OfflineError(f"{report_path}: not written: {_silence(results.values())}. This machine looks offline, "
                           "and a report that calls every link dead would mislead the build. Run it with internet.")
    when = (now or dt.datetime.now(tz=dt.UTC)).astimezone(dt.UTC)
    report = build_report(targets, results, previous, when, settings, complete)
    write_report(report_path, report)
    return LinkRun(report, report_path, len(results))


class OfflineError(RuntimeError):
    """Almost nothing answered: the network is down, not the web."""


OFFLINE_SHARE = 0.9
OFFLINE_MIN_LINKS = 10


def looks_offline(results: Iterable[Fetched]) -> bool:
    """True when at least 90% of 10 or more links got no HTTP answer at all (no name, no connection, no TLS)."""
    fetched = list(results)
    silent = [r for r in fetched if _unanswered(r)]
    return len(fetched) >= OFFLINE_MIN_LINKS and len(silent) >= OFFLINE_SHARE * len(fetched)


def _unanswered(result: Fetched) -> bool:
    return result.http_status is None and not result.redirects


def _silence(results: Iterable[Fetched]) -> str:
    fetched = list(results)
    kinds = Counter(r.status for r in fetched if _unanswered(r))
    return f"{sum(kinds.values())} of {len(fetched)} links got no answer at all (" + \
        ", ".join(f"{status} {count}" for status, count in kinds.most_common()) + ")"


def build_report(targets: list[LinkTarget], results: Mapping[str, Fetched], previous: Mapping[str, dict[str, Any]],
                 now: dt.datetime, settings: CheckSettings, complete: bool) -> dict[str, Any]:
    """The report: this run's results, with dates and fingerprints carried over from the previous report."""
    today = now.date().isoformat()
    links = [_entry(t, results.get(t.url), previous.get(t.url), today) for t in targets]
    summary = dict.fromkeys(STATUSES, 0)
    for link in links:
        summary[link["status"]] += 1
    return {"generated": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "tool": f"mkdocs-claims check-links {__version__}",
            "user_agent": user_agent(settings), "summary": summary, "complete": complete,
            "links": sorted(links, key=lambda link: link["url"])}


def _entry(target: LinkTarget, result: Fetched | None, before: dict[str, Any] | None,
           today: str) -> dict[str, Any]:
    cited = {"url": target.url, "sources": list(target.sources), "fields": list(target.fields)}
    if result is None:  # not reached this run (Ctrl-C): keep what we knew
        return {**(before or _unchecked_entry(target.url)), **cited}
    before = before or {}
    previous_print = before.get("fingerprint") or ""
    return {**cited, "status": result.status, "http_status": result.http_status,
            "final_url": result.final_url or target.url,
            "redirects": [{"url": url, "http_status": code} for url, code in result.redirects],
            "detail": result.detail, "checked": today,
            # A failing page keeps the last fingerprint seen, so its return can still be compared.
            "fingerprint": result.fingerprint or previous_print,
            "content_changed": bool(result.fingerprint and previous_print and result.fingerprint != previous_print),
            "first_failed": _first_failed(result.status, before, today),
            "last_ok": today if result.status in LIVE_STATUSES else before.get("last_ok")}


def _first_failed(status: str, before: dict[str, Any], today: str) -> str | None:
    if status in LIVE_STATUSES:
        return None
    earlier: str | None = before.get("first_failed")
    if status in FAILING_STATUSES:
        return earlier or today
    return earlier  # blocked: no news either way


def _unchecked_entry(url: str) -> dict[str, Any]:
    return {"url": url, "status": "unchecked", "http_status": None, "final_url": url, "redirects": [], "detail": "",
            "checked": None, "fingerprint": "", "content_changed": False, "first_failed": None, "last_ok": None}


def write_report(path: Path, report: dict[str, Any]) -> None:
    """Write through a temporary file in the same folder, then rename: readers see the old report or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(report, stream, indent=1, ensure_ascii=False)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_report_entries(path: Path) -> dict[str, dict[str, Any]]:
    """The raw entries of a report by URL; {} when there is no report yet."""
    if not path.exists():
        return {}
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _malformed(path, f"not JSON: {error}") from error
    links = report.get("links") if isinstance(report, dict) else None
    if not isinstance(links, list):
        raise _malformed(path, "no 'links' list")
    entries = {}
    for index, link in enumerate(links):
        problem = _entry_problem(link)
        if problem:
            raise _malformed(path, f"links[{index}]: {problem}")
        entries[link["url"]] = link
    return entries


def _entry_problem(link: Any) -> str:
    if not isinstance(link, dict):
        return "not an object"
    if not isinstance(link.get("url"), str):
        return "no 'url'"
    if link.get("status") not in STATUSES:
        return f"status {link.get('status')!r} is not one of {', '.join(STATUSES)}"
    for key in ("checked", "first_failed", "last_ok"):
        if link.get(key) is not None and not isinstance(link[key], str):
            return f"'{key}' is not a date"
    if link.get("http_status") is not None and not isinstance(link["http_status"], int):
        return "'http_status' is not a number"
    return ""


def _malformed(path: Path, reason: str) -> ValueError:
    return ValueError(f"{path}: not a readable link report ({reason}); run `mkdocs-claims check-links` "
                      "to write a fresh one, or delete the file")


def read_link_report(path: Path) -> dict[str, LinkStatus]:
    """The status of every link in a report, by URL: {} when there is no report, ValueError when it is broken."""
    return {url: LinkStatus(url=url, status=link["status"], http_status=link.get("http_status"),
                            final_url=link.get("final_url") or url, checked=link.get("checked"),
                            first_failed=link.get("first_failed"), last_ok=link.get("last_ok"),
                            content_changed=bool(link.get("content_changed")))
            for url, link in read_report_entries(path).items()}


# --- Telling the user -------------------------------------------------------------------------------------------

@dataclass
class ProgressBar:
    """`[#####.....] 12/156 links`, redrawn in place, only when the stream is a terminal."""

    stream: IO[str]
    isatty: bool
    width: int = 30
    total: int = 0
    done: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._draw()

    def advance(self) -> None:
        with self._lock:
            self.done += 1
            self._draw()

    def finish(self) -> None:
        if self.isatty:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self) -> None:
        if not self.isatty:
            return
        filled = self.width * self.done // self.total if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} links")
        self.stream.flush()


def format_summary(report: Mapping[str, Any]) -> str:
    """Counts per class, then every dead link with the sources that cite it."""
    summary = report["summary"]
    counts = ", ".join(f"{summary[status]} {status}" for status in STATUSES if summary.get(status))
    lines = [f"{len(report['links'])} links: {counts or 'none'}"]
    dead = [link for link in report["links"] if link["status"] in DEAD_STATUSES]
    if dead:
        lines.append("Dead links (gone or dns):")
        lines += [f"  {link['status']:<5} {link['url']}  (cited by {', '.join(link['sources'])})" for link in dead]
    return "\n".join(lines)
