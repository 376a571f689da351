"""Command line: ``mkdocs-claims`` (the same as ``python -m mkdocs_claims``).

``new DIR`` writes a working site into a new folder; ``new-claim ID`` writes a claim
to fill in. ``check`` validates the dataset and the embeds in the content pages
without building, with the options in mkdocs.yml, and reports exactly what
``mkdocs build`` would. ``check-links`` fetches every source link and writes the
link health report that the build reads. ``install-pagefind`` puts Pagefind 1.6.0,
from npm's registry, beside this Python, where the build looks for it first.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .linkcheck import REPORT_NAME, CheckSettings, Fetch, OfflineError, ProgressBar, check_links, format_summary
from .model import Severity
from .options import OptionError
from .pagefind_binary import VERSION, InstallError, install
from .project import ProjectCheck, build_date, check_project, read_project_options
from .scaffold import ScaffoldError, SiteSettings, new_claim, new_site, site_name_from


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mkdocs-claims", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    add_new_commands(commands)
    check = commands.add_parser("check", help="validate the claims dataset and report every problem")
    check.add_argument("--config", "-f", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors, like mkdocs build --strict")
    add_check_links_command(commands)
    pagefind = commands.add_parser("install-pagefind", help=f"install Pagefind {VERSION} for the search index",
                                   description=f"Download Pagefind {VERSION} for this platform from npm's registry, "
                                   "check it against its pinned digest, and put it beside this Python. Without it, "
                                   "the build uses the pagefind-bin wheel's Pagefind 1.5.2.")
    pagefind.add_argument("--dir", type=Path, help="where to put it (default: the folder of this Python)")
    args = parser.parse_args(argv)
    if args.command == "install-pagefind":
        return run_install_pagefind(args.dir)
    if args.command == "new":
        return run_new(args.directory, args.name, args.language)
    if args.command == "new-claim":
        return run_new_claim(Path(args.config), args.id)
    if args.command == "check-links":
        settings = CheckSettings(workers=args.workers, timeout=args.timeout, retries=args.retries,
                                 host_delay=args.delay, contact=args.contact)
        return run_check_links(Path(args.config), args.report, settings)
    return run_check(Path(args.config), strict=args.strict)


def add_new_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="write a working site into a new folder",
                              description="Write a site that builds with `mkdocs build --strict`: mkdocs.yml, claims/ "
                              "with one example claim, its sources and a rating scale, content/index.md and a README.")
    new.add_argument("directory", type=Path, help="a new (or empty) folder for the site")
    new.add_argument("--name", help="the site's name (default: from the folder name)")
    new.add_argument("--language", default="en", help="the pages' language, Material's theme.language (default: en)")
    claim = commands.add_parser("new-claim", help="write a claim to fill in, with every field explained",
                                description="Write <claims_dir>/<ID>.yml, a claim skeleton with every field explained.")
    claim.add_argument("id", help="the claim's permanent id: lower-case words joined by hyphens, e.g. eggs-and-heart")
    claim.add_argument("--config", "-f", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")


def run_new(directory: Path, name: str | None, language: str) -> int:
    settings = SiteSettings(site_name=name if name is not None else site_name_from(directory), language=language)
    try:
        new_site(directory, settings, build_date())
    except ScaffoldError as error:
        print(f"ERROR: {error}", file=sys.stderr)  # noqa: T201
        return 2
    print(f"Wrote a new site into {directory}. Next:\n"  # noqa: T201
          f"  cd {directory}\n"
          "  mkdocs serve            # read it at http://127.0.0.1:8000\n"
          "  mkdocs build --strict   # the test: stops on any error or warning")
    return 0


def run_new_claim(config_file: Path, claim_id: str) -> int:
    if not config_file.is_file():
        print(f"ERROR: {config_file}: no such file; run this in the site's folder, or pass its mkdocs.yml "  # noqa: T201
              "with --config", file=sys.stderr)
        return 2
    claims_dir = config_file.resolve().parent / read_project_options(config_file).claims_dir
    try:
        path = new_claim(claims_dir, claim_id, build_date())
    except ScaffoldError as error:
        print(f"ERROR: {error}", file=sys.stderr)  # noqa: T201
        return 2
    print(f"Wrote {path}. Fill it in, then run `mkdocs-claims check`: it names every field still missing.")  # noqa: T201
    return 0


def run_install_pagefind(bin_dir: Path | None) -> int:
    try:
        path = install(bin_dir)
    except InstallError as error:
        print(f"ERROR: {error}", file=sys.stderr)  # noqa: T201
        return 1
    if path is None:
        print(f"No Pagefind {VERSION} build is pinned for this platform: the build uses the pagefind-bin wheel's "  # noqa: T201
              "Pagefind 1.5.2.")
    else:
        print(f"Pagefind {VERSION}: {path}")  # noqa: T201
    return 0


def add_check_links_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    defaults = CheckSettings()
    links = commands.add_parser("check-links", help="fetch every source link and write the link health report")
    links.add_argument("--config", "-f", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    links.add_argument("--report", type=Path, help=f"where to write the report (default: <claims_dir>/{REPORT_NAME})")
    links.add_argument("--workers", type=int, default=defaults.workers,
                       help=f"hosts fetched at once (default: {defaults.workers})")
    links.add_argument("--timeout", type=float, default=defaults.timeout,
                       help=f"seconds to wait to connect and for each read (default: {defaults.timeout:g})")
    links.add_argument("--retries", type=int, default=defaults.retries,
                       help=f"retries after a timeout, a 5xx or a dropped connection (default: {defaults.retries})")
    links.add_argument("--delay", type=float, default=defaults.host_delay,
                       help=f"minimum seconds between requests to one host (default: {defaults.host_delay:g})")
    links.add_argument("--contact", default=os.environ.get("SITE_URL", ""),
                       help="a URL or e-mail for site owners, sent in the User-Agent (default: $SITE_URL, if set)")


def _checked_project(config_file: Path) -> ProjectCheck | None:
    """The project's check, or None (after saying why) when mkdocs.yml has no claims folder beside it."""
    try:
        options = read_project_options(config_file)
    except OptionError as error:
        print(f"ERROR: {error}".replace("\n", "\nERROR: "), file=sys.stderr)  # noqa: T201
        return None
    project_dir = config_file.resolve().parent
    if not (project_dir / options.claims_dir).is_dir():
        print(f"{options.claims_dir}: no such folder next to {config_file}", file=sys.stderr)  # noqa: T201
        return None
    with rare_collections():
        return check_project(project_dir, options, build_date())


# `check` only loads: the hundreds of thousands of objects it makes all live on, so the collector's default first
# threshold (700 new objects) starts passes that free nothing (3,471 of them, 2.3 s, at 10,000 claims). A build
# keeps the default: there the same change measured about 45 MB more peak memory and no time gained (BENCHMARKS.md).
CHECK_THRESHOLD = 100_000


@contextmanager
def rare_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely inside the block; its thresholds are restored after, error or not."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], CHECK_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run_check(config_file: Path, strict: bool) -> int:
    result = _checked_project(config_file)
    if result is None:
        return 2
    dataset, problems = result.dataset, result.problems
    for problem in problems:
        label = "ERROR" if problem.severity is Severity.ERROR else "WARNING"
        print(f"{label}: {problem}", file=sys.stderr)  # noqa: T201
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    summary = f"{len(dataset.claims)} claims, {len(dataset.sources)} sources: " if dataset else ""
    print(f"{summary}{errors} error(s), {warnings} warning(s)")  # noqa: T201
    if result.new_permalinks:
        print(f"{len(result.new_permalinks)} new claim id(s) will be added to {result.manifest_path.name} "  # noqa: T201
              "by the next build")
    return 1 if errors or (strict and warnings) else 0


def run_check_links(config_file: Path, report: Path | None, settings: CheckSettings, *, fetch: Fetch | None = None,
                    progress_stream: IO[str] | None = None, isatty: bool | None = None) -> int:
    """Check every source link of a valid dataset; 130 when interrupted (the partial report is written)."""
    result = _checked_project(config_file)
    if result is None:
        return 2
    if result.dataset is None:
        for problem in result.problems:
            if problem.severity is Severity.ERROR:
                print(f"ERROR: {problem}", file=sys.stderr)  # noqa: T201
        print("Links are checked on a valid dataset only: fix the errors above first.", file=sys.stderr)  # noqa: T201
        return 1
    options = read_project_options(config_file)
    default_report = options.link_report or f"{options.claims_dir}/{REPORT_NAME}"  # the one the build reads
    report_path = report or config_file.resolve().parent / default_report
    stream = progress_stream or sys.stderr
    progress = ProgressBar(stream, stream.isatty() if isatty is None else isatty)
    try:
        run = check_links(result.dataset, report_path, settings, fetch=fetch, progress=progress)
    except ValueError as error:  # the previous report cannot be read, so its dates cannot be carried over
        print(f"ERROR: {error}", file=sys.stderr)  # noqa: T201
        return 2
    except OfflineError as error:
        print(f"ERROR: {error}", file=sys.stderr)  # noqa: T201
        return 3
    print(format_summary(run.report))  # noqa: T201
    if not run.complete:
        print(f"Interrupted: wrote the {run.checked} link(s) checked so far to {report_path} "  # noqa: T201
              "(complete: false); run again to check the rest", file=sys.stderr)
        return 130
    print(f"Report written to {report_path}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
