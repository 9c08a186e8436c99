"""Same input, same bytes: across processes, hash seeds, output folders and worker pools.

test_build.py compares builds made in one process (where Python's string hashing, and so
the iteration order of every set, is the same each time). Here each build runs in its own
process with a different PYTHONHASHSEED and into a differently named folder, so an order
that depends on a set or on a path would show; and a build whose reports are processed by
worker processes is compared with one that processes them in turn.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govreport_site import build as pipeline
from govreport_site.config import Config
from govreport_site.publish import incremental
from reliability_support import EXCERPT_001, SAMPLES, tree, write_files

# Odd inputs whose order and ids are decided by the plan: an undated report, one with no
# region, two that want one id, names that differ in case, a GBK file.
ODD = {
    "reports/zz/无年份.txt": "\n".join(EXCERPT_001.splitlines()[:6]),
    "reports/zz/无年份.yaml": "region: [河南省, 驻马店市]\n",
    "reports/zz/B.txt": "\n".join(EXCERPT_001.splitlines()[:6]),
    "reports/zz/b.txt": "\n".join(EXCERPT_001.splitlines()[:6]),
    "reports/zz/same1.txt": EXCERPT_001,
    "reports/zz/same1.yaml": "region: [河南省, 驻马店市, 驿城区]\nyear: 2023\nid: same\n",
    "reports/zz/same2.txt": EXCERPT_001,
    "reports/zz/same2.yaml": "region: [河南省, 驻马店市, 上蔡县]\nyear: 2023\nid: same\n",
}


def make_root(root: Path) -> Path:
    shutil.copytree(SAMPLES, root / "reports")
    write_files(root, ODD)
    (root / "reports" / "zz" / "gbk.txt").write_bytes(EXCERPT_001.encode("gbk"))
    return root


def build_in_a_process(root: Path, out: str, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "govreport_site.cli", "build", "--no-cache", "--out", out],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: the odd inputs include errors
    return tree(root / out)


def test_builds_in_processes_with_other_hash_seeds_and_folders_are_identical(tmp_path):
    root = make_root(tmp_path)
    first = build_in_a_process(root, "_site", "1")
    second = build_in_a_process(root, "public/site", "2")
    assert len(first) > 20
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    # No build timestamp or absolute path of this machine in any file.
    for name, data in first.items():
        assert str(tmp_path).encode() not in data, name


def test_worker_processes_give_the_same_site_as_one_process(tmp_path, monkeypatch):
    root = make_root(tmp_path)
    config = Config(root=root, reports_dir=root / "reports", out_dir=root / "serial")
    pipeline.build(config, use_cache=False, jobs=1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 2)  # reports parsed by workers
    monkeypatch.setattr(incremental, "RENDER_PARALLEL_MIN", 2)  # pages rendered by workers
    config.out_dir = root / "parallel"
    pipeline.build(config, use_cache=False, jobs=2)
    serial, parallel = tree(root / "serial"), tree(root / "parallel")
    if serial != parallel:
        pytest.fail(f"differ: {sorted(n for n in serial if serial[n] != parallel.get(n))[:5]}")
