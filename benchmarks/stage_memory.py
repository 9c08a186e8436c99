"""Build a site once, in-process, with the peak memory of every stage.

    PYTHONPATH=<code snapshot>/src python benchmarks/stage_memory.py <site folder>

A separate sampler process reads the RSS and PSS of the build's process and all its
descendants every 50 ms (Linux /proc) and files them under the stage the build is in (the
build tells it through a small file). The sampler is a process, not a thread, because the
text analysis forks a child only when no other thread runs (analyse/isolate.py). Reading
PSS (smaps_rollup) of large processes is not free: the sampler's own CPU time is printed
so that it can be taken out of the children's CPU time.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

SAMPLER = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[4])
from run import _pss_kb, _rss_kb, _tree
main, stage_file, out_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
me, peaks, order = os.getpid(), {}, []
while True:
    try:
        stage = open(stage_file, encoding="utf-8").read()
    except OSError:
        stage = "start"
    procs = [p for p in _tree(main) if p != me]
    if stage == "DONE" or not procs:
        break
    rss = {p: _rss_kb(p) for p in procs}
    now = (sum(rss.values()), rss.get(main, 0), sum(_pss_kb(p) for p in procs))
    if stage not in peaks:
        order.append(stage)
    old = peaks.get(stage, (0, 0, 0))
    peaks[stage] = tuple(max(a, b) for a, b in zip(old, now))
    time.sleep(0.05)
t = os.times()
rows = [[s, *peaks[s]] for s in order]
json.dump({"cpu": t.user + t.system, "rows": rows}, open(out_file, "w", encoding="utf-8"))
"""


def main() -> None:
    from govreport_site import build as stages
    from govreport_site.config import load_config
    from govreport_site.publish import incremental

    folder = Path(tempfile.mkdtemp(prefix="stage-memory-"))
    stage_file, out_file = folder / "stage", folder / "peaks.json"

    def set_stage(name: str) -> None:
        (folder / "stage.tmp").write_text(name, encoding="utf-8")
        os.replace(folder / "stage.tmp", stage_file)

    timed = stages.StageTimer.__call__

    @contextmanager
    def stage(self, name):
        set_stage(name)
        with timed(self, name):
            yield
        set_stage("after " + name)

    stages.StageTimer.__call__ = stage
    clocked = incremental._Clock.__call__

    def clock(self, name):  # the write stage's clock marks the end of a step
        clocked(self, name)
        set_stage("after " + name)

    incremental._Clock.__call__ = clock
    set_stage("start")
    here = str(Path(__file__).resolve().parent)
    args = [str(os.getpid()), str(stage_file), str(out_file), here]
    sampler = subprocess.Popen([sys.executable, "-c", SAMPLER, *args])
    config, _ = load_config(Path(sys.argv[1]))
    start, cpu = time.perf_counter(), time.process_time()
    result = stages.build(config)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    set_stage("DONE")
    sampler.wait()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = json.loads(out_file.read_text(encoding="utf-8"))
    children = kids.ru_utime + kids.ru_stime
    print(f"wall {wall:.1f} s, CPU main {cpu:.1f} s, children {children:.1f} s")
    print(f"(the sampler's own {found['cpu']:.1f} CPU s are in the children's)")
    print({k: round(v, 2) for k, v in result.timings.items()})
    for name, tree, main_kb, pss in found["rows"]:
        mb = [round(kb / 1024) for kb in (tree, main_kb, pss)]
        print(f"{name:24s} MB: RSS all {mb[0]:7,}  main {mb[1]:6,}  PSS all {mb[2]:7,}")


if __name__ == "__main__":
    main()
