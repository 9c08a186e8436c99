"""CPU time of the two per-report/per-pair text analyses against a baseline commit.

For every folder given (default: the samples, the zhumadian corpus when present, and
/tmp/bench-200), each report is parsed once (process_report), then timed with
time.process_time:

- profile: analyse.profile.profile_report, per report (jieba loaded before timing);
- compare: analyse.compare.compare_reports, per pair of the site's precomputed pairs
  (texts.choose_pairs: consecutive years of a region, same-year neighbours).

`--baseline REV` measures that commit too, in a fresh interpreter on a `git archive` copy,
alternating with the working tree, so both sets of figures come from the same run and the
same load; the table gives ms per report or pair and the ratio baseline / now.

`--dump FILE` pickles every profile and comparison as plain data (tuples, floats as hex),
so that two dumps are equal exactly when the results are: compare them with `--same`.

    python benchmarks/texts_bench.py --baseline HEAD~3 --rounds 3
    python benchmarks/texts_bench.py --dump /tmp/texts-now.pickle --rounds 0
    python benchmarks/texts_bench.py --same /tmp/texts-base.pickle /tmp/texts-now.pickle
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZHUMADIAN = Path("/work/shared/corpus/zhumadian")
DEFAULT_FOLDERS = [ROOT / "reports", ZHUMADIAN, Path("/tmp/bench-200")]
STEPS = ("profile", "compare")


def plain(x):
    """x as nested tuples of str/int/bytes/None (floats as hex): equal iff x is equal."""
    if dataclasses.is_dataclass(x):
        fields = dataclasses.fields(x)
        return (type(x).__name__, tuple((f.name, plain(getattr(x, f.name))) for f in fields))
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return (type(x).__name__, tuple(plain(v) for v in x))
    if isinstance(x, list | tuple):
        return (type(x).__name__, tuple(plain(v) for v in x))
    if isinstance(x, dict):
        return ("dict", tuple((plain(k), plain(v)) for k, v in x.items()))
    if isinstance(x, float):
        return ("float", x.hex())
    if isinstance(x, str | bytes | int | None):
        return x
    raise TypeError(type(x))


def _load(folder: Path):
    """(reports, pairs as index pairs) of the folder's site; a folder without a region
    (zhumadian) is read as 驻马店市 from a temporary copy with a _meta.yaml."""
    from govreport_site.analyse import texts
    from govreport_site.build import process_report
    from govreport_site.config import Config
    from govreport_site.ingest.discover import discover
    from govreport_site.render.plan import plan_site

    with tempfile.TemporaryDirectory() as tmp:
        if folder == ZHUMADIAN:
            copy = Path(tmp) / "zhumadian"
            copy.mkdir()
            for path in folder.glob("*.txt"):
                (copy / path.name).write_bytes(path.read_bytes())
            (copy / "_meta.yaml").write_text("region: [河南省, 驻马店市]\n", encoding="utf-8")
            folder = copy
        config = Config(root=Path(tmp), reports_dir=folder, out_dir=Path(tmp) / "_site")
        items, _ = discover(folder)
        site = plan_site([process_report(i.path.read_bytes(), i) for i in items], config)
    reports = [sr.report for sr in site.reports]
    at = {id(r): k for k, r in enumerate(reports)}
    pairs = [(at[id(a.report)], at[id(b.report)]) for a, b, _, _ in texts.choose_pairs(site)]
    return reports, pairs


def measure(folders: list[Path], rounds: int, dump: Path | None) -> dict:
    """{folder: {"reports": n, "pairs": p, step: CPU ms per report or pair (best)}}."""
    from govreport_site.analyse.compare import compare_reports
    from govreport_site.analyse.profile import profile_report

    results: dict = {}
    dumped: dict = {}
    loaded = {folder: _load(folder) for folder in folders}
    if loaded:  # jieba and the dictionaries, once per process, outside the timings
        reports, _ = next(iter(loaded.values()))
        profile_report(reports[0])
    for folder, (reports, pairs) in loaded.items():
        best = dict.fromkeys(STEPS, float("inf"))
        for _ in range(rounds):
            t = time.process_time()
            for report in reports:
                profile_report(report)
            best["profile"] = min(best["profile"], time.process_time() - t)
            t = time.process_time()
            for i, j in pairs:
                compare_reports(reports[i], reports[j])
            best["compare"] = min(best["compare"], time.process_time() - t)
        results[str(folder)] = {"reports": len(reports), "pairs": len(pairs)}
        if rounds:
            results[str(folder)]["profile"] = best["profile"] * 1000 / max(len(reports), 1)
            results[str(folder)]["compare"] = best["compare"] * 1000 / max(len(pairs), 1)
        if dump is not None:
            dumped[str(folder)] = (
                [plain(profile_report(r)) for r in reports],
                [plain(compare_reports(reports[i], reports[j])) for i, j in pairs],
            )
    if dump is not None:
        dump.write_bytes(pickle.dumps(dumped))
    return results


def same(a: Path, b: Path) -> bool:
    x, y = pickle.loads(a.read_bytes()), pickle.loads(b.read_bytes())
    ok = x.keys() == y.keys()
    for folder in x.keys() & y.keys():
        for name, xs, ys in zip(STEPS, x[folder], y[folder], strict=True):
            differ = [k for k, (u, v) in enumerate(zip(xs, ys, strict=True)) if u != v]
            print(f"{folder} {name}: {len(xs)} results, {len(differ)} differ {differ[:5]}")
            ok = ok and not differ
    return ok


def _snapshot(rev: str, dest: Path) -> Path:
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
    ap.add_argument("--dump", type=Path, help="pickle every result as plain data")
    ap.add_argument("--same", type=Path, nargs=2, help="compare two dumps; exit 1 if they differ")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.same:
        sys.exit(0 if same(*args.same) else 1)
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
        base_src = _snapshot(args.baseline, Path(tmp))
        here = ROOT / "src"
        # Alternate, one round each, so that a change in load hits both sides alike.
        runs: dict[str, list[dict]] = {"base": [], "now": []}
        for _ in range(max(args.rounds, 1)):
            runs["base"].append(_run(base_src, folders, 1))
            runs["now"].append(_run(here, folders, 1))
    print(f"CPU ms per report / pair, best of {max(args.rounds, 1)}: {args.baseline} → now")
    print(f"{'folder':<36} {'n':>5} {'pairs':>5} " + " ".join(f"{s:>24}" for s in STEPS))
    for folder, first in runs["now"][0].items():
        cells = []
        for step in STEPS:
            b = min(r[folder][step] for r in runs["base"])
            a = min(r[folder][step] for r in runs["now"])
            cells.append(f"{b:7.2f} → {a:6.2f} ({b / a:4.1f}×)")
        head = f"{folder:<36} {first['reports']:>5} {first['pairs']:>5} "
        print(head + " ".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
