"""CPU time of each part of a cold build's per-report work (build._process_and_store), old
code against new, from the same run.

Per report, timed with time.process_time, as a pool worker runs them:

- process: build.process_report (read, decode, normalise, parse, targets and actuals)
- store:   cache.ReportCache.store (the full Report pickled, its summary)
- profile: analyse.texts.store_profile (profile_report: segmentation, sentences, sketches)
- search:  publish.search.store.store_index (the report's share of the search index)

Two worker processes, one per code tree (`--old REV` is extracted with `git archive`; the
new side is the working tree, or `--new REV`), are handed the same batches of reports in
turn, so that both sides see the same load. Each report is stored under a fresh key per
round, into a temporary cache folder.

    python benchmarks/per_report.py --old HEAD~5 --rounds 3
    python benchmarks/per_report.py --old HEAD~5 /tmp/bench-1000 --limit 200
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = [ROOT / "reports", Path("/work/shared/corpus/zhumadian"), Path("/tmp/bench-200")]
PARTS = ("process", "store", "profile", "search")
BATCH = 20


def _items(folders: list[str], limit: int | None):
    from govreport_site.ingest.discover import discover

    items = []
    for folder in folders:
        if Path(folder).is_dir():
            found, _ = discover(Path(folder))
            items += found[:limit] if limit else found
    return items


def worker(folders: list[str], limit: int | None) -> None:
    """Read "start stop round" lines, answer with the CPU seconds of each part (JSON)."""
    import hashlib
    import time

    from govreport_site import build
    from govreport_site.analyse.texts import store_profile
    from govreport_site.cache import ReportCache
    from govreport_site.publish.search.store import store_index

    items = _items(folders, limit)
    datas = [item.path.read_bytes() for item in items]
    folder = Path(tempfile.mkdtemp(prefix="per-report-"))
    try:
        for item, data in zip(items[:2], datas[:2], strict=False):  # imports, segmenter
            build._process_and_store(item, hashlib.sha256(data).hexdigest(), folder, data, ())
        print(json.dumps({"reports": len(items)}), flush=True)
        clock = time.process_time
        for line in sys.stdin:
            start, stop, round_ = map(int, line.split())
            spent = dict.fromkeys(PARTS, 0.0)
            for item, data in zip(items[start:stop], datas[start:stop], strict=True):
                key = hashlib.sha256(data + str(round_).encode()).hexdigest()
                t0 = clock()
                report = build._process_safely(data, item)
                t1 = clock()
                if isinstance(report, build.Diagnostic):
                    spent["process"] += t1 - t0
                    continue
                ReportCache(folder).store(key, report)
                t2 = clock()
                store_profile(report, folder, ())
                t3 = clock()
                store_index(report, folder)
                t4 = clock()
                for part, seconds in zip(PARTS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                    spent[part] += seconds
            print(json.dumps(spent), flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _tree(rev: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", ROOT, "archive", rev, "src"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", into], input=archive.stdout, check=True)
    return into / "src"


def _start(src: Path, folders: list[str], limit: int | None) -> subprocess.Popen:
    args = [sys.executable, __file__, "--worker", *folders]
    if limit:
        args += ["--limit", str(limit)]
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "folders", nargs="*", help="report folders (default: samples, zhumadian, /tmp/bench-200)"
    )
    ap.add_argument("--old", default="HEAD", help="the commit to compare with (default HEAD)")
    ap.add_argument("--new", help="a commit for the new side (default: the working tree)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, help="at most this many reports per folder")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    folders = args.folders or [str(f) for f in DEFAULT_FOLDERS]
    if args.worker:
        worker(folders, args.limit)
        return
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"old": _tree(args.old, Path(tmp) / "old")}
        trees["new"] = _tree(args.new, Path(tmp) / "new") if args.new else ROOT / "src"
        procs = {side: _start(src, folders, args.limit) for side, src in trees.items()}
        counts = {json.loads(p.stdout.readline())["reports"] for p in procs.values()}
        (n,) = counts
        spent = {side: dict.fromkeys(PARTS, 0.0) for side in procs}
        for round_ in range(args.rounds):
            for start in range(0, n, BATCH):
                sides = ["old", "new"] if (start // BATCH + round_) % 2 == 0 else ["new", "old"]
                for side in sides:  # in turn, the first side alternating
                    procs[side].stdin.write(f"{start} {min(n, start + BATCH)} {round_}\n")
                    procs[side].stdin.flush()
                    for part, seconds in json.loads(procs[side].stdout.readline()).items():
                        spent[side][part] += seconds
        for p in procs.values():
            p.stdin.close()
            p.wait()
    done = n * args.rounds
    print(f"{n} reports × {args.rounds} rounds; CPU ms per report, old ({args.old}) and new")
    for part in (*PARTS, "total"):
        old, new = (
            1000 * (sum(spent[s].values()) if part == "total" else spent[s][part]) / done
            for s in ("old", "new")
        )
        print(f"{part:8s} {old:7.2f} {new:7.2f}   old/new {old / new:.2f}")


if __name__ == "__main__":
    main()
