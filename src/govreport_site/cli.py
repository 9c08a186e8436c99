"""The `build-site` command.

    build-site                     same as `build-site build`
    build-site build [options]     reports/ -> _site/
    build-site serve [options]     build, serve _site/ on http://127.0.0.1:8000/, rebuild on changes

Exit codes: 0 success, 1 the build failed (or --strict saw warnings), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections import defaultdict
from pathlib import Path

from govreport_site import __version__
from govreport_site.config import Config, load_config, normalise_base_url
from govreport_site.ingest.discover import ReportsFolderError
from govreport_site.model import Diagnostic

COMMANDS = ("build", "serve")


class UsageError(Exception):
    """A problem with what the user asked for: exit code 2."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(_default_command(sys.argv[1:] if argv is None else list(argv)))
    watching = args.command == "serve" and not args.no_watch
    start = _watch_state(args) if watching else None
    try:
        config, code, written = run_build(args)
    except UsageError as exc:
        print(f"build-site: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nbuild-site: interrupted", file=sys.stderr)
        return 130
    # Errors in the input (listed above) leave a whole site: it is served, unless --strict
    # asked for them, or for warnings, to fail.
    servable = written and (code == 0 or not config.strict) if config else False
    if args.command == "serve" and config is not None and config.out_dir.is_dir() and servable:
        from govreport_site.serve import serve

        if code:
            print("build-site: serving the site built despite the errors above", file=sys.stderr)

        if args.no_watch:
            return serve(config.out_dir, host=args.host, port=args.port)
        watch, skip = watched(config)
        _warm_up(config)
        return serve(
            config.out_dir,
            host=args.host,
            port=args.port,
            rebuild=lambda: rebuild(args),
            watch=watch,
            skip=skip,
            reload=not args.no_reload,
            start=start,
        )
    return code


def watched(config: Config) -> tuple[list[Path], list[Path]]:
    """What serve watches (every input of the build but the code) and what it skips in
    there (what the build itself writes)."""
    from govreport_site.build import CACHE_FOLDER
    from govreport_site.config import SITE_FILE

    root = config.root
    watch = [config.reports_dir, root / "templates", root / "static", root / SITE_FILE]
    return watch, [config.out_dir, root / CACHE_FOLDER]


def _watch_state(args: argparse.Namespace):
    """The watched files as they are before the first build, so that an edit made during
    it is built next; None when the folders cannot be known yet (the build says why)."""
    from govreport_site.watch import snapshot

    try:
        config, _ = load_config(
            Path(args.root or ".").resolve(),
            reports_dir=Path(args.reports).resolve() if args.reports else None,
            out_dir=Path(args.out).resolve() if args.out else None,
        )
    except Exception:  # noqa: BLE001 - run_build reports the same problem properly
        return None
    return snapshot(*watched(config))


def _warm_up(config: Config) -> None:
    """build.warm_up, which only saves time: a failure there is left to the rebuilds."""
    from govreport_site.build import warm_up

    try:
        warm_up(config)
    except Exception:  # noqa: BLE001, S110 - the first rebuild meets it again and says so
        pass


def rebuild(args: argparse.Namespace) -> bool:
    """Build again in this process (for serve); whether a new site was written (so that
    pages reload), also with errors in the input."""
    try:
        _, code, written = run_build(args, verb="Rebuilt")
    except UsageError as exc:
        print(f"build-site: error: {exc}", file=sys.stderr)
        code, written = 1, False
    if not written:
        print(
            "build-site: still serving the last site built; save a fix to rebuild", file=sys.stderr
        )
    elif code:
        print("build-site: serving the new site despite the errors above", file=sys.stderr)
    sys.stdout.flush()
    return written


def _default_command(argv: list[str]) -> list[str]:
    """`build-site` and `build-site --out x` mean `build-site build …`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        return ["build", *argv]
    return argv


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build-site",
        description="Build a static site of Chinese government work reports (政府工作报告).",
        epilog="Without a command, build-site runs `build`.",
    )
    parser.add_argument("--version", action="version", version=f"build-site {__version__}")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        metavar="DIR",
        help="the site's folder, holding site.yaml, templates/ and static/ (default: .)",
    )
    common.add_argument(
        "--reports", metavar="DIR", help="folder of report files (default: reports in the root)"
    )
    common.add_argument("--out", metavar="DIR", help="output folder (default: _site in the root)")
    common.add_argument(
        "--base-url",
        metavar="URL",
        type=_base_url,
        help="absolute URL of the published site, for the sitemap, canonical links and 404 page",
    )
    common.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    common.add_argument(
        "--clean",
        action="store_true",
        help="remove files in the output folder that this build did not make "
        "(by default they are kept)",
    )
    common.add_argument(
        "--no-cache", action="store_true", help="reprocess every report, ignoring the cache"
    )
    common.add_argument(
        "--timings", action="store_true", help="print the seconds each build stage took"
    )

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("build", parents=[common], help="build the site (the default)")
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="build, serve the site on this machine, rebuild and reload when files change",
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--no-watch",
        action="store_true",
        help="serve the site as built, without rebuilding when its files change",
    )
    serve.add_argument(
        "--no-reload",
        action="store_true",
        help="rebuild on changes, but do not reload open pages in the browser",
    )
    return parser


def _base_url(value: str) -> str:
    url, problem = normalise_base_url(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return url


def run_build(args: argparse.Namespace, verb: str = "Built") -> tuple[Config | None, int, bool]:
    """Load the config, build, print what happened; return (config, exit code, whether a
    whole site was written: also with errors in the input, which make the code 1)."""
    root = Path(args.root or ".").resolve()
    if not root.is_dir():
        raise UsageError(f"--root {args.root}: not a folder")
    # Paths typed on the command line are relative to where the user is, not to --root.
    config, config_diagnostics = load_config(
        root,
        reports_dir=Path(args.reports).resolve() if args.reports else None,
        out_dir=Path(args.out).resolve() if args.out else None,
        base_url=args.base_url,
        strict=args.strict or None,
        clean=args.clean or None,
    )
    if not config.reports_dir.is_dir():
        hint = "" if args.reports else " (run build-site in the folder that holds reports/)"
        raise UsageError(f"reports folder not found: {_show(config.reports_dir)}{hint}")
    check_out_dir(config)

    try:
        pipeline = load_pipeline()
        result = pipeline.build(
            config, progress=pipeline.default_progress, use_cache=not args.no_cache
        )
    except ReportsFolderError as exc:
        raise UsageError(str(exc)) from exc
    except NotImplementedError:
        traceback.print_exc()
        print(
            "build-site: the build failed: a pipeline stage is not implemented yet", file=sys.stderr
        )
        return config, 1, False
    except Exception as exc:  # noqa: BLE001 - report any failure as exit 1, with its trace
        traceback.print_exc()
        print(f"build-site: the build failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return config, 1, False

    diagnostics = config_diagnostics + result.diagnostics
    print_diagnostics(diagnostics, config, file=sys.stderr)
    warnings = sum(1 for d in diagnostics if d.level != "error")
    errors = len(diagnostics) - warnings
    seconds = result.seconds
    print(summary(result.reports, result.pages, warnings, errors, seconds, config.out_dir, verb))
    if getattr(args, "timings", False):
        print(timings(result))
    for note in getattr(result, "notes", []):
        print(f"  {note}")
    removed = getattr(result, "removed", [])
    if removed:  # --clean: say what went, since it was not the build's to begin with
        more = f" … and {len(removed) - 10} more" if len(removed) > 10 else ""
        shown = ", ".join(removed[:10]) + more
        print(f"  --clean removed {_count(len(removed), 'file')} this build did not make: {shown}")
    if errors:
        return config, 1, True
    if config.strict and warnings:
        print(
            f"build-site: --strict: {_count(warnings, 'warning')} count as errors", file=sys.stderr
        )
        return config, 1, True
    return config, 0, True


def load_pipeline():
    """The build module, imported only when a build runs, so that --help and
    --version answer at once (and tests can put a stand-in here)."""
    import govreport_site.build as pipeline

    return pipeline


def check_out_dir(config: Config) -> None:
    """Refuse output folders whose replacement would destroy something precious."""
    out = config.out_dir.resolve()
    precious = {
        Path(out.anchor): "the file system root",
        Path.home().resolve(): "your home folder",
        config.root.resolve(): "the site's root folder",
        Path.cwd().resolve(): "the current folder",
    }
    if out in precious:
        raise UsageError(f"--out {_show(out)} is {precious[out]}; choose a folder such as _site")
    # The swap replaces the whole folder: one that holds the site or the user's work is
    # precious too.
    holders = {config.root.resolve(): "the site", Path.cwd().resolve(): "the current folder"}
    for folder, what in holders.items():
        if out in folder.parents:
            raise UsageError(f"--out {_show(out)} holds {what}; choose a folder such as _site")
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {_show(out)} is a file, not a folder")
    reports = config.reports_dir.resolve()
    if out == reports or out in reports.parents or reports in out.parents:
        raise UsageError(f"--out {_show(out)} overlaps the reports folder {_show(reports)}")


def print_diagnostics(diagnostics: list[Diagnostic], config: Config, file=sys.stderr) -> None:
    """Warnings and errors grouped by file, in file order, each with its line."""
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        by_file[d.source_file].append(d)
    for name in sorted(by_file):
        print(_show(_locate(name, config)), file=file)
        for d in sorted(by_file[name], key=lambda d: (_line(d), d.level, d.message)):
            where = f"line {_line(d)}: " if _line(d) else ""
            print(f"  {where}{d.level}: {d.message}", file=file)


def _line(d: Diagnostic) -> int:
    return d.line if isinstance(d.line, int) else 0


def summary(
    reports: int,
    pages: int,
    warnings: int,
    errors: int,
    seconds: float,
    out: Path,
    verb: str = "Built",
) -> str:
    counts = [_count(reports, "report"), _count(pages, "page"), _count(warnings, "warning")]
    if errors:
        counts.append(_count(errors, "error"))
    return f"{verb} {', '.join(counts)} in {seconds:.1f} s → {_show(out)}/"


def timings(result) -> str:
    """'  discover 0.02 s · hash 0.01 s · …' and what was processed and rendered again."""
    stages = " · ".join(f"{stage} {s:.2f} s" for stage, s in result.timings.items())
    processed, rendered = getattr(result, "processed", 0), getattr(result, "rendered", 0)
    return f"  {stages}\n  {processed} reports processed, {rendered} files rendered"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _locate(name: str, config: Config) -> Path:
    """Diagnostics name report files relative to reports/, site.yaml relative to the root."""
    in_reports = config.reports_dir / name
    if in_reports.exists() or not (config.root / name).exists():
        return in_reports
    return config.root / name


def _show(path: Path) -> str:
    """A path as short as it can be: relative to the current folder when inside it."""
    path = Path(path)
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
