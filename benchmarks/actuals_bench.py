"""CPU time of the per-report figure readers (actuals, targets) against a baseline commit.

For every folder given (default: the samples, the zhumadian corpus when present, and
/tmp/bench-200), each report is parsed once, then timed with time.process_time:

- actuals: analyse.actuals.extract_actuals
- targets: analyse.targets.extract_targets
- process: the whole build.process_report (read, normalise, parse, analyse)

`--baseline REV` measures that commit too, in a fresh interpreter on a `git archive` copy,
alternating with the working tree (or with `--commit REV`), so both sets of figures come
from the same run and the same load; the table gives ms per report and the ratio
baseline / now.

`--dump FILE` writes every report's targets, targets_status and actuals (repr of the
dataclasses) as JSON, to check that a change keeps the output byte-identical.

    python benchmarks/actuals_bench.py --baseline HEAD~3 --rounds 3
    python benchmarks/actuals_bench.py --dump /tmp/actuals-now.json --rounds 0
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZHUMADIAN = Path("/work/shared/corpus/zhumadian")
DEFAULT_FOLDERS = [ROOT / "reports", ZHUMADIAN, Path("/tmp/bench-200")]
STEPS = ("actuals", "targets", "process")


def _load(folder: Path):
    """(item, data, parsed report) for every report of the folder."""
    from govreport_site.ingest.discover import discover
    from govreport_site.ingest.normalise import normalise
    from govreport_site.ingest.read import read_source
    from govreport_site.parse import parse

    items, _ = discover(folder)
    out = []
    for item in items:
        data = item.path.read_bytes()
        source = read_source(data, item.rel, item.inherited)
        out.append((item, data, parse(source, normalise(source))))
    return out


def measure(folders: list[Path], rounds: int, dump: Path | None) -> dict:
    """{folder: {"reports": n, step: CPU ms per report (best of `rounds`)}}."""
    from govreport_site.analyse.actuals import extract_actuals
    from govreport_site.analyse.indicators import shipped_table
    from govreport_site.analyse.targets import extract_targets
    from govreport_site.build import process_report

    shipped_table()  # loaded once per process, not part of any report's cost
    results: dict = {}
    dumped: dict = {}
    for folder in folders:
        loaded = _load(folder)
        n = max(len(loaded), 1)
        best = dict.fromkeys(STEPS, float("inf"))
        for _ in range(rounds):
            t = time.process_time()
            for _, _, report in loaded:
                extract_actuals(report)
            best["actuals"] = min(best["actuals"], time.process_time() - t)
            t = time.process_time()
            for _, _, report in loaded:
                extract_targets(report)
            best["targets"] = min(best["targets"], time.process_time() - t)
            t = time.process_time()
            for item, data, _ in loaded:
                process_report(data, item)
            best["process"] = min(best["process"], time.process_time() - t)
        results[str(folder)] = {"reports": len(loaded)} | {
            k: v * 1000 / n for k, v in best.items() if rounds
        }
        if dump is not None:
            for item, data, _ in loaded:
                report = process_report(data, item)
                dumped[f"{folder}/{item.rel}"] = {
                    "targets_status": report.targets_status,
                    "targets": [repr(t) for t in report.targets],
                    "actuals": [repr(a) for a in report.actuals],
                }
    if dump is not None:
        dump.write_text(json.dumps(dumped, ensure_ascii=False, indent=1, sort_keys=True))
    return results


def _snapshot(rev: str, dest: Path) -> Path:
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def _run(src: Path, folders: list[Path], rounds: int) -> dict:
    """measure() in a fresh interpreter importing the package from `src`."""
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, __file__, "--child", "--rounds", str(rounds), *map(str, folders)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="*", type=Path, help="reports folders")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds, the best is kept")
    ap.add_argument("--baseline", help="a commit to measure against, e.g. HEAD~3")
    ap.add_argument("--commit", help="measure this commit instead of the working tree")
    ap.add_argument("--dump", type=Path, help="write targets and actuals as JSON")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    folders = [f for f in args.folders or DEFAULT_FOLDERS if f.is_dir()]
    if args.child:
        print(json.dumps(measure(folders, args.rounds, None)))
        return
    if args.dump or not args.baseline:
        now = measure(folders, args.rounds, args.dump)
        if not args.baseline:
            for folder, r in now.items():
                print(folder, json.dumps(r))
            return
    with tempfile.TemporaryDirectory() as tmp:
        base_src = _snapshot(args.baseline, Path(tmp) / "base")
        here = _snapshot(args.commit, Path(tmp) / "now") if args.commit else ROOT / "src"
        # Alternate, one round each, so that a change in load hits both sides alike.
        runs: dict[str, list[dict]] = {"base": [], "now": []}
        for _ in range(max(args.rounds, 1)):
            runs["base"].append(_run(base_src, folders, 1))
            runs["now"].append(_run(here, folders, 1))
    now_name = args.commit or "working tree"
    print(f"CPU ms per report, best of {max(args.rounds, 1)}: {args.baseline} → {now_name}")
    print(f"{'folder':<40} {'n':>5} " + " ".join(f"{s:>24}" for s in STEPS))
    for folder in runs["now"][0]:
        n = runs["now"][0][folder]["reports"]
        cells = []
        for step in STEPS:
            b = min(r[folder][step] for r in runs["base"])
            a = min(r[folder][step] for r in runs["now"])
            cells.append(f"{b:7.2f} → {a:6.2f} ({b / a:4.1f}×)")
        print(f"{folder:<40} {n:>5} " + " ".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
