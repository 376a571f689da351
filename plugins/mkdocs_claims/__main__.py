"""Command line: ``python -m mkdocs_claims check [--strict] [--config mkdocs.yml]``.

Validates the dataset and the embeds in the content pages without building, with
the options in mkdocs.yml, and reports exactly what ``mkdocs build`` would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import Severity
from .project import build_date, check_project, read_project_options


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_claims", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the claims dataset and report every problem")
    check.add_argument("--config", "-f", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors, like mkdocs build --strict")
    args = parser.parse_args(argv)
    return run_check(Path(args.config), strict=args.strict)


def run_check(config_file: Path, strict: bool) -> int:
    options = read_project_options(config_file)
    project_dir = config_file.resolve().parent
    if not (project_dir / options.claims_dir).is_dir():
        print(f"{options.claims_dir}: no such folder next to {config_file}", file=sys.stderr)  # noqa: T201
        return 2
    result = check_project(project_dir, options, build_date())
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


if __name__ == "__main__":
    sys.exit(main())
