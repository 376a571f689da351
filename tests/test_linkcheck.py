"""Link health: every class of answer from a local HTTP server, the report, progress output, Ctrl-C and the CLI.

Nothing leaves the machine: the server listens on 127.0.0.1, and the DNS case asks for a name under
``.invalid``, which never resolves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import json
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from conftest import FIXED_EPOCH, FIXTURE_SITE
from mkdocs_claims import __version__
from mkdocs_claims.__main__ import run_check_links
from mkdocs_claims.linkcheck import (
    DEAD_STATUSES,
    STATUSES,
    CheckSettings,
    Fetched,
    HttpFetcher,
    LinkStatus,
    OfflineError,
    ProgressBar,
    check_links,
    collect_links,
    fetch_all,
    fingerprint_text,
    format_summary,
    read_link_report,
    user_agent,
)
from mkdocs_claims.model import Dataset, Scale, Source

SLOW_SECONDS = 2.0
# Quick and impolite on purpose: the server is ours.
FAST = CheckSettings(workers=4, timeout=0.5, retries=1, backoff=0.01, host_delay=0.0, max_redirects=5)
NOW = dt.datetime(2026, 12, 2, 16, 5, tzinfo=dt.UTC)
TODAY = "2026-12-02"
ENTRY_KEYS = {"url", "sources", "fields", "status", "http_status", "final_url", "redirects", "detail", "checked",
              "fingerprint", "content_changed", "first_failed", "last_ok"}
PAGE = "<html><head><script>var token = 1;</script></head><body><h1>The plan</h1><p>Published 2014.</p></body></html>"


# --- A local server that answers every way a real one can ----------------------------------------------------------

class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.text = PAGE
        self.hits: Counter[str] = Counter()
        self.agents: set[str] = set()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    server: LinkServer
    REDIRECTS: ClassVar = {"/chain/1": (301, "/chain/2"), "/chain/2": (302, "/ok"),
                 "/loop/a": (302, "/loop/b"), "/loop/b": (302, "/loop/a")}
    CODES: ClassVar = {"/gone": 404, "/removed": 410, "/broken": 500, "/forbidden": 403, "/throttled": 429}

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        self.server.agents.add(self.headers.get("User-Agent", ""))
        if self.path in self.REDIRECTS:
            code, target = self.REDIRECTS[self.path]
            self.send_response(code)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path in self.CODES:
            self.answer(self.CODES[self.path], "nope")
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.answer(200, "late")
        elif self.path == "/reset":
            # Linger 0 makes close() send a reset: the client gets no status line at all.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            self.answer(200, self.server.text)

    def answer(self, code: int, text: str) -> None:
        body = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the /reset socket is already gone
            super().finish()


def start_server() -> LinkServer:
    httpd = LinkServer()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def stop_server(httpd: LinkServer) -> None:
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server() -> Iterator[LinkServer]:
    httpd = start_server()
    yield httpd
    stop_server(httpd)


def dataset_citing(*urls: str) -> Dataset:
    """A dataset with one source per URL, with ids s0, s1, ..."""
    sources = tuple(Source(id=f"s{i}", title=f"Source {i}", kind="primary", date="2014", url=url)
                    for i, url in enumerate(urls))
    return Dataset(claims=(), sources=sources, topics=(), glossary=(), timeline=(), scale=Scale(verdicts=()))


def links_by_url(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {link["url"]: link for link in report["links"]}


# --- One run over every kind of answer -----------------------------------------------------------------------------

PATHS = ["/ok", "/chain/1", "/gone", "/removed", "/broken", "/forbidden", "/throttled", "/slow", "/reset", "/loop/a"]
DNS_URL = "http://no-such-host.invalid/page"



class ClassRun:
    """A check of every kind of answer, run once for the class tests: the slow and retried paths cost seconds."""

    def __init__(self, folder: Path) -> None:
        self.server = start_server()
        self.tls_url = self.server.url("/ok").replace("http://", "https://")  # TLS spoken to a plain HTTP port
        self.report_path = folder / "link-report.json"
        urls = [self.server.url(p) for p in PATHS]
        self.run = check_links(dataset_citing(*urls, self.tls_url, DNS_URL), self.report_path, FAST, now=NOW)
        self.links = links_by_url(self.run.report)

    def link(self, path: str) -> dict[str, Any]:
        return self.links[self.server.url(path)]


@pytest.fixture(scope="module")
def classes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassRun]:
    checked = ClassRun(tmp_path_factory.mktemp("classes"))
    yield checked
    stop_server(checked.server)


@pytest.mark.parametrize(("path", "status", "http_status", "final_path"), [
    ("/ok", "ok", 200, "/ok"),
    ("/chain/1", "redirected", 200, "/ok"),
    ("/gone", "gone", 404, "/gone"),
    ("/removed", "gone", 410, "/removed"),
    ("/broken", "error", 500, "/broken"),
    ("/forbidden", "blocked", 403, "/forbidden"),
    ("/throttled", "blocked", 429, "/throttled"),
    ("/slow", "timeout", None, "/slow"),
    ("/reset", "error", None, "/reset"),
    ("/loop/a", "error", None, "/loop/b"),
])
def test_each_answer_gets_its_class(classes: ClassRun, path: str, status: str, http_status: int | None,
                                    final_path: str) -> None:
    link = classes.link(path)
    assert (link["status"], link["http_status"], link["final_url"]) == (status, http_status,
                                                                         classes.server.url(final_path))


def test_a_redirect_chain_is_recorded_hop_by_hop(classes: ClassRun) -> None:
    assert classes.link("/chain/1")["redirects"] == [
        {"url": classes.server.url("/chain/1"), "http_status": 301},
        {"url": classes.server.url("/chain/2"), "http_status": 302},
    ]
    assert classes.link("/ok")["redirects"] == []


def test_a_redirect_loop_is_an_error_that_says_so(classes: ClassRun) -> None:
    loop = classes.link("/loop/a")
    assert loop["detail"] == "redirect loop"
    assert [hop["url"] for hop in loop["redirects"][:3]] == [classes.server.url(p) for p in ("/loop/a", "/loop/b",
                                                                                             "/loop/a")]


def test_server_errors_timeouts_and_resets_are_retried_but_answers_are_not(classes: ClassRun) -> None:
    hits = classes.server.hits
    assert (hits["/broken"], hits["/slow"], hits["/reset"]) == (2, 2, 2)  # FAST allows one retry
    assert (hits["/gone"], hits["/removed"], hits["/forbidden"], hits["/throttled"]) == (1, 1, 1, 1)
    assert classes.link("/broken")["detail"] == "HTTP 500 Internal Server Error (2 attempts)"
    assert classes.link("/reset")["detail"] == "connection failed: Connection reset by peer (2 attempts)"


def test_tls_and_dns_failures(classes: ClassRun) -> None:
    # requests raises SSLError (WRONG_VERSION_NUMBER) when a plain HTTP port answers a TLS handshake.
    tls = classes.links[classes.tls_url]
    assert (tls["status"], tls["http_status"]) == ("tls", None)
    assert "SSL" in tls["detail"]
    dns = classes.links[DNS_URL]
    assert (dns["status"], dns["detail"]) == ("dns", "cannot resolve no-such-host.invalid")


@pytest.mark.parametrize(("errno", "retried"), [(socket.EAI_NONAME, False), (socket.EAI_AGAIN, True)])
def test_a_name_that_does_not_exist_is_final_but_a_resolver_hiccup_is_retried(
        monkeypatch: pytest.MonkeyPatch, errno: int, retried: bool) -> None:
    def failing_lookup(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(errno, "resolver says no")

    monkeypatch.setattr(socket, "getaddrinfo", failing_lookup)
    fetched = HttpFetcher(FAST)("http://flaky.test/")
    assert (fetched.status, fetched.retryable) == ("dns", retried)


def test_every_request_says_who_is_asking(classes: ClassRun) -> None:
    assert classes.server.agents == {f"mkdocs-claims-linkcheck/{__version__}"}
    assert user_agent(CheckSettings(contact="https://factcheck.example/about")) == \
        f"mkdocs-claims-linkcheck/{__version__} (+https://factcheck.example/about)"


def test_the_report_follows_the_contract(classes: ClassRun) -> None:
    report = json.loads(classes.report_path.read_text())
    assert report == classes.run.report
    assert list(report) == ["generated", "tool", "user_agent", "summary", "complete", "links"]
    assert (report["generated"], report["tool"], report["complete"]) == (
        "2026-12-02T16:05:00Z", f"mkdocs-claims check-links {__version__}", True)
    assert report["summary"] == {"ok": 1, "redirected": 1, "gone": 2, "error": 3, "timeout": 1, "tls": 1, "dns": 1,
                                 "blocked": 2, "unchecked": 0}
    assert list(report["summary"]) == list(STATUSES)
    urls = [link["url"] for link in report["links"]]
    assert urls == sorted(urls)
    assert all(set(link) == ENTRY_KEYS for link in report["links"])
    ok = classes.link("/ok")
    assert (ok["sources"], ok["fields"], ok["checked"], ok["last_ok"], ok["first_failed"]) == (
        ["s0"], ["url"], TODAY, TODAY, None)
    assert classes.link("/gone")["first_failed"] == TODAY
    assert [p.name for p in classes.report_path.parent.iterdir()] == ["link-report.json"]  # no temporary file left


def test_the_build_reads_the_report(classes: ClassRun) -> None:
    statuses = read_link_report(classes.report_path)
    assert statuses[classes.server.url("/chain/1")] == LinkStatus(
        url=classes.server.url("/chain/1"), status="redirected", http_status=200, final_url=classes.server.url("/ok"),
        checked=TODAY, first_failed=None, last_ok=TODAY, content_changed=False)
    assert {url for url, s in statuses.items() if s.status in DEAD_STATUSES} == {
        classes.server.url("/gone"), classes.server.url("/removed"), DNS_URL}


# --- The report over time ------------------------------------------------------------------------------------------

def test_a_changed_page_is_flagged_on_the_next_run_only(server: LinkServer, tmp_path: Path) -> None:
    report = tmp_path / "link-report.json"
    dataset = dataset_citing(server.url("/ok"), server.url("/gone"))
    first = links_by_url(check_links(dataset, report, FAST).report)[server.url("/ok")]
    assert len(first["fingerprint"]) == 16 and not first["content_changed"]
    server.text = PAGE.replace("var token = 1", "var token = 2").replace("</h1>", "</h1>\n\n  ")
    same_text = links_by_url(check_links(dataset, report, FAST).report)[server.url("/ok")]
    assert (same_text["fingerprint"], same_text["content_changed"]) == (first["fingerprint"], False)
    server.text = PAGE.replace("Published 2014", "Withdrawn 2025")
    changed = links_by_url(check_links(dataset, report, FAST).report)[server.url("/ok")]
    assert changed["fingerprint"] != first["fingerprint"] and changed["content_changed"]
    again = links_by_url(check_links(dataset, report, FAST).report)[server.url("/ok")]
    assert not again["content_changed"]
    assert links_by_url(check_links(dataset, report, FAST).report)[server.url("/gone")]["fingerprint"] == ""


def test_fingerprints_ignore_whitespace() -> None:
    assert fingerprint_text("Published\n\n   in 2014 ") == fingerprint_text("Published in 2014")
    assert fingerprint_text("Published in 2014") != fingerprint_text("Published in 2015")


def test_failure_and_success_dates_carry_over_from_the_previous_report(server: LinkServer, tmp_path: Path) -> None:
    report = tmp_path / "link-report.json"
    previous = [
        {"url": server.url("/gone"), "status": "gone", "first_failed": "2026-10-01", "last_ok": "2026-09-24"},
        {"url": server.url("/ok"), "status": "timeout", "first_failed": "2026-11-01", "last_ok": "2026-10-25"},
        {"url": server.url("/forbidden"), "status": "error", "first_failed": "2026-11-15", "last_ok": None},
        {"url": server.url("/no-longer-cited"), "status": "gone", "first_failed": "2026-01-01"},
    ]
    report.write_text(json.dumps({"links": previous}))
    dataset = dataset_citing(server.url("/gone"), server.url("/ok"), server.url("/forbidden"), server.url("/removed"))
    links = links_by_url(check_links(dataset, report, FAST, now=NOW).report)
    dates = {url.rsplit("/", 1)[1]: (link["first_failed"], link["last_ok"]) for url, link in links.items()}
    assert dates == {
        "gone": ("2026-10-01", "2026-09-24"),  # still failing: since the first failure
        "ok": (None, TODAY),  # back: the failure is forgotten
        "forbidden": ("2026-11-15", None),  # blocked says nothing either way: dates kept
        "removed": (TODAY, None),  # newly failing
    }


def test_a_missing_report_reads_as_empty_and_a_broken_one_names_the_file(tmp_path: Path) -> None:
    assert read_link_report(tmp_path / "link-report.json") == {}
    broken = tmp_path / "broken.json"
    broken.write_text('{"links": [')
    with pytest.raises(ValueError, match=r"broken\.json: not a readable link report \(not JSON"):
        read_link_report(broken)
    broken.write_text('{"links": [{"url": "https://a.example/", "status": "fine"}]}')
    with pytest.raises(ValueError, match=r"broken\.json: .*links\[0\]: status 'fine' is not one of ok, redirected"):
        read_link_report(broken)


def test_links_are_collected_once_each_with_every_citing_field() -> None:
    dataset = dataset_citing("https://b.example/", "https://a.example/")
    dataset = Dataset(claims=(), sources=(*dataset.sources, Source(
        id="copy", title="Copy", kind="primary", date="2014", url="https://a.example/",
        archived_url="https://web.archive.org/web/2024/https://a.example/", copy_url="https://mirror.example/a")),
        topics=(), glossary=(), timeline=(), scale=Scale(verdicts=()))
    assert [(t.url, t.sources, t.fields) for t in collect_links(dataset)] == [
        ("https://a.example/", ("s1", "copy"), ("url",)),
        ("https://b.example/", ("s0",), ("url",)),
        ("https://mirror.example/a", ("copy",), ("copy_url",)),
        ("https://web.archive.org/web/2024/https://a.example/", ("copy",), ("archived_url",)),
    ]


def test_an_offline_machine_leaves_the_report_alone(tmp_path: Path) -> None:
    report = tmp_path / "link-report.json"
    report.write_text('{"links": []}')
    urls = [f"https://site{n}.test/" for n in range(9)] + ["https://up.test/"]

    def no_network(url: str) -> Fetched:
        if url == "https://up.test/":  # a captive portal or a proxy may still answer the odd request
            return Fetched("gone", url, 404, url)
        return Fetched("dns", url, detail="cannot resolve")

    with pytest.raises(OfflineError, match=r"link-report\.json: not written: 9 of 10 links got no answer at all "
                                           r"\(dns 9\)\. This machine looks offline"):
        check_links(dataset_citing(*urls), report, CheckSettings(host_delay=0), fetch=no_network)
    assert report.read_text() == '{"links": []}'


# --- Politeness, without a network ---------------------------------------------------------------------------------

class RecordingFetcher:
    """Answers ok after a short pause, noting when each host was asked and how many requests overlapped."""

    def __init__(self, pause: float = 0.03, answers: list[Fetched] | None = None) -> None:
        self.pause = pause
        self.answers = answers
        self.lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.most_per_host = 0
        self.most_overall = 0
        self.spans: dict[str, list[tuple[float, float]]] = {}

    def __call__(self, url: str) -> Fetched:
        host = url.split("/")[2]
        with self.lock:
            self.in_flight[host] += 1
            self.most_per_host = max(self.most_per_host, self.in_flight[host])
            self.most_overall = max(self.most_overall, sum(self.in_flight.values()))
        start = time.monotonic()
        time.sleep(self.pause)
        with self.lock:
            self.in_flight[host] -= 1
            self.spans.setdefault(host, []).append((start, time.monotonic()))
        return self.answers.pop(0) if self.answers else Fetched("ok", url, 200, url)


def test_one_request_at_a_time_per_host_with_a_delay_between() -> None:
    fetcher = RecordingFetcher()
    urls = [f"https://{host}.test/{n}" for host in ("a", "b", "c") for n in range(3)]
    results: list[Fetched] = []
    fetch_all(urls, fetcher, CheckSettings(workers=3, host_delay=0.1, retries=0), results.append)
    assert sorted(r.url for r in results) == sorted(urls)
    assert fetcher.most_per_host == 1
    assert fetcher.most_overall > 1  # hosts are fetched side by side
    for spans in fetcher.spans.values():
        gaps = [later[0] - earlier[1] for earlier, later in itertools.pairwise(spans)]
        assert min(gaps) >= 0.09


def test_retries_back_off_exponentially() -> None:
    failing = Fetched("error", "https://a.test/", 503, detail="HTTP 503", retryable=True)
    fetcher = RecordingFetcher(pause=0, answers=[failing] * 4)
    results: list[Fetched] = []
    fetch_all(["https://a.test/"], fetcher, CheckSettings(retries=3, backoff=0.05, host_delay=0), results.append)
    starts = [start for start, _ in fetcher.spans["a.test"]]
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert len(gaps) == 3
    assert all(gap >= expected * 0.9 for gap, expected in zip(gaps, (0.05, 0.1, 0.2), strict=True))
    assert results[0].detail == "HTTP 503 (4 attempts)"


# --- What the user sees --------------------------------------------------------------------------------------------

def test_a_terminal_gets_a_progress_bar_redrawn_in_place(tmp_path: Path) -> None:
    stream = io.StringIO()
    urls = [f"https://{host}.test/" for host in "abcd"]
    check_links(dataset_citing(*urls), tmp_path / "r.json", CheckSettings(host_delay=0),
                fetch=RecordingFetcher(pause=0), progress=ProgressBar(stream, isatty=True, width=8))
    frames = stream.getvalue().split("\r")
    assert frames[0] == ""
    assert frames[1:] == ["[........] 0/4 links", "[##......] 1/4 links", "[####....] 2/4 links",
                          "[######..] 3/4 links", "[########] 4/4 links\n"]


def test_no_bar_when_not_a_terminal(tmp_path: Path) -> None:
    stream = io.StringIO()
    check_links(dataset_citing("https://a.test/"), tmp_path / "r.json", CheckSettings(host_delay=0),
                fetch=RecordingFetcher(pause=0), progress=ProgressBar(stream, isatty=False))
    assert stream.getvalue() == ""


def test_the_summary_counts_classes_and_lists_dead_links_with_their_sources(classes: ClassRun) -> None:
    lines = format_summary(classes.run.report).splitlines()
    assert lines[0] == "12 links: 1 ok, 1 redirected, 2 gone, 3 error, 1 timeout, 1 tls, 1 dns, 2 blocked"
    assert lines[1] == "Dead links (gone or dns):"
    assert lines[2:] == [
        f"  gone  {classes.server.url('/gone')}  (cited by s2)",
        f"  gone  {classes.server.url('/removed')}  (cited by s3)",
        f"  dns   {DNS_URL}  (cited by s11)",
    ]


# --- Ctrl-C --------------------------------------------------------------------------------------------------------

class InterruptedFetcher:
    """Answers the first URL, then behaves like a user pressing Ctrl-C."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, url: str) -> Fetched:
        self.calls += 1
        if self.calls > 1:
            raise KeyboardInterrupt
        return Fetched("ok", url, 200, url, fingerprint="0123abcd0123abcd")


def test_ctrl_c_writes_what_was_checked_and_exits_130(fixture_project: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    report = fixture_project / "claims" / "link-report.json"
    earlier = {"url": "https://web.archive.org/web/2024/https://example.org/primary", "sources": ["primary-doc"],
               "fields": ["archived_url"], "status": "ok", "checked": "2026-11-01", "last_ok": "2026-11-01"}
    report.write_text(json.dumps({"links": [earlier]}))
    # One worker, so the order is known: example.org, then news.example.org (interrupted), then web.archive.org.
    code = run_check_links(fixture_project / "mkdocs.yml", None, CheckSettings(workers=1, host_delay=0),
                           fetch=InterruptedFetcher(), progress_stream=io.StringIO(), isatty=False)
    assert code == 130
    written = json.loads(report.read_text())
    assert written["complete"] is False
    links = links_by_url(written)
    assert links["https://example.org/primary"]["status"] == "ok"
    assert links["https://news.example.org/story"]["status"] == "unchecked"
    assert links[earlier["url"]] == earlier  # not reached: the previous entry stands
    assert written["summary"]["unchecked"] == 1
    assert "Interrupted: wrote the 1 link(s) checked so far" in capsys.readouterr().err
    assert [p.name for p in report.parent.iterdir() if p.name.endswith(".tmp")] == []


# --- The command line ----------------------------------------------------------------------------------------------

def project_citing(project: Path, server: LinkServer, news_path: str) -> Path:
    """The fixture site, its sources pointed at the local server (which also counts as a web archive)."""
    sources = project / "claims" / "sources.yml"
    sources.write_text(sources.read_text()
                       .replace("https://web.archive.org/web/2024/https://example.org/primary", server.url("/chain/1"))
                       .replace("https://example.org/primary", server.url("/ok"))
                       .replace("https://news.example.org/story", server.url(news_path)))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("organisation: Fixture Org",
                                                 "organisation: Fixture Org\n      archive_hosts: [127.0.0.1]"))
    return project


def start_cli(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mkdocs_claims", "check-links", *args], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={"SOURCE_DATE_EPOCH": FIXED_EPOCH, "PATH": "/usr/bin:/bin"})


def test_the_command_writes_the_report_and_lists_dead_links(server: LinkServer, tmp_path: Path) -> None:
    project = project_citing(shutil.copytree(FIXTURE_SITE, tmp_path / "project"), server, "/gone")
    process = start_cli(project, "--report", "out/links.json", "--delay", "0", "--timeout", "2")
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert stdout.splitlines() == [
        "3 links: 1 ok, 1 redirected, 1 gone",
        "Dead links (gone or dns):",
        f"  gone  {server.url('/gone')}  (cited by news-story)",
        "Report written to out/links.json",
    ]
    assert "\r" not in stderr  # not a terminal: no bar
    statuses = read_link_report(project / "out" / "links.json")
    assert {url: s.status for url, s in statuses.items()} == {
        server.url("/ok"): "ok", server.url("/chain/1"): "redirected", server.url("/gone"): "gone"}
    assert not (project / "claims" / "link-report.json").exists()


def test_ctrl_c_on_the_command_line(server: LinkServer, tmp_path: Path) -> None:
    project = project_citing(shutil.copytree(FIXTURE_SITE, tmp_path / "project"), server, "/slow")
    process = start_cli(project, "--delay", "0", "--timeout", "5")
    deadline = time.monotonic() + 20
    while not server.hits["/slow"] and time.monotonic() < deadline:  # the last of the three, by URL order
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Interrupted: wrote the 2 link(s) checked so far" in stderr
    report = json.loads((project / "claims" / "link-report.json").read_text())
    assert report["complete"] is False
    assert links_by_url(report)[server.url("/slow")]["status"] == "unchecked"
