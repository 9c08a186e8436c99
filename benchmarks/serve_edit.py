"""An edited report rebuilt inside `build-site serve` against `build-site build`, in one run.

    python benchmarks/serve_edit.py /tmp/bench-1000            # 5 edits each, medians
    python benchmarks/serve_edit.py reports --edits 10         # the samples; RSS per rebuild

The corpus (a reports folder) is copied into a work folder and built once cold, with a copy
of the code as committed (run.py's snapshot_code, so that edits in the checkout do not
touch the cache keys). Then, for each of --edits different reports (run.py's
edit_one_report): `build-site build` in a new process, timed from start to exit (CPU of
the process and its workers); then the same number of other edits while one `build-site
serve` process watches: from the save to its "Rebuilt" line (that includes the watcher's
poll and quiet time, 0.5 + 0.3 s at most), the build's own seconds as it prints them, and
the CPU the serve process and its workers used meanwhile (/proc). The serve process's
resident size after each rebuild shows whether repeated builds hold on to memory.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import edit_one_report, our_build, run_measured, snapshot_code  # noqa: E402

# The build-site command as installed (console.run), in a fresh interpreter.
COMMAND = [sys.executable, "-c", "from govreport_site.console import run; run()"]
OWN_SECONDS = re.compile(r" in ([0-9.]+) s → ")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU of the process and of its children it has waited for (worker pools)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / TICKS  # utime stime cutime cstime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build_edits(site: Path, env: dict, edits: range) -> list[dict]:
    runs = []
    for n in edits:
        edit_one_report(site, n)
        run = run_measured([*COMMAND, "build", "--root", str(site)], env=env)
        own = OWN_SECONDS.search(run["stdout"])
        runs.append({"wall": run["wall"], "cpu": run["cpu"], "own": float(own[1]) if own else 0})
    return runs


def serve_edits(site: Path, env: dict, edits: range) -> list[dict]:
    cmd = [*COMMAND, "serve", "--root", str(site), "--port", "0", "--no-reload"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # never blocks the server
    try:
        while "Serving" not in lines.get(timeout=600):
            pass
        runs = []
        for n in edits:
            cpu = cpu_seconds(proc.pid)
            start = time.perf_counter()
            edit_one_report(site, n)
            line = lines.get(timeout=600)
            while not line.startswith("Rebuilt"):  # the last build's notes
                line = lines.get(timeout=600)
            wall = time.perf_counter() - start
            # Freeing the last build's objects comes after the line: counted too (the
            # watcher's polls meanwhile cost a few ms).
            time.sleep(1.0)
            runs.append(
                {
                    "wall": wall,
                    "cpu": cpu_seconds(proc.pid) - cpu,
                    "own": float(OWN_SECONDS.search(line)[1]),
                    "rss_mb": rss_mb(proc.pid),
                }
            )
        return runs
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a reports folder (copied, never edited)")
    parser.add_argument("--edits", type=int, default=5, help="edits per mode (default: 5)")
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="govreport-serve-edit-"))
    site = work / "site"
    shutil.copytree(args.corpus, site / "reports")
    src = snapshot_code(work / "code")
    env = dict(os.environ, PYTHONPATH=str(src))
    cold = our_build(site, src)
    print(f"cold build: {cold['reports']} reports, {cold['wall']:.1f} s, {cold['cpu']:.1f} CPU s")

    built = build_edits(site, env, range(args.edits))
    served = serve_edits(site, env, range(args.edits, 2 * args.edits))
    print(f"{args.edits} edits each, median (min-max):")
    print(f"  {'':32} {'wall s':>16} {'CPU s':>16} {'build own s':>16}")
    for name, runs in (("build-site build (new process)", built), ("rebuild inside serve", served)):
        cells = [_spread([r[k] for r in runs]) for k in ("wall", "cpu", "own")]
        print(f"  {name:32} " + " ".join(f"{c:>16}" for c in cells))
    print("  serve wall: from the save to the 'Rebuilt' line, poll and quiet time included")
    print("  serve RSS after each rebuild (MB): " + " ".join(f"{r['rss_mb']:.0f}" for r in served))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


if __name__ == "__main__":
    main()
