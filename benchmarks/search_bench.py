"""Benchmark the search index (issue 5) and, for comparison, Pagefind.

    python benchmarks/search_bench.py --reports 1000 10000 --work /tmp/search-bench
    python benchmarks/search_bench.py --reports 1000 --pagefind /path/to/venv/bin/python

For each corpus size: a synthetic corpus (benchmarks/make_corpus.py), parsed once into a
build cache (not timed), then the index stage alone, each run in a fresh process so that
its peak memory is its own:

- "build":  search_files() as the build runs it: full reports loaded from the cache by
            the worker processes of the first pass, every index file kept in memory for
            the output folder;
- "stream": the same written into a folder as the files are made, nothing kept.

Then the bytes one query transfers: meta.json, the shards of its grams, the texts of the
reports of the first page of results (20; data/reports/<id>.json.gz, each once, stored
compressed), raw and gzip-compressed (what a server that compresses would send). With
--pagefind, Pagefind indexes the same reports as plain HTML pages (one per report,
data-pagefind-body on the text, region and year as filters) and its transfer for the
same queries is measured in Chromium. --check-pagefind runs the 50 browser-test terms on
the five samples against both engines and counts wrong results.

With --stage LABEL=SRC …, the search stage as the build runs it (the index made and
written through publish.incremental.write_site) for each code snapshot (a src folder
beside its templates/ and static/, e.g. a git worktree), each run in a fresh process,
the snapshots interleaved: "cold" (no output, no cache of the index's per-report shares)
and "edit" (one report of the newest year gets a paragraph more, on top of the cold
run's output and cache). --verify then checks that the edited output is byte for byte a
cold build of the edited corpus, and that every snapshot wrote the same files:

    git worktree add /tmp/wt-before <commit>
    python benchmarks/search_bench.py --reports 1000 --work /tmp/search-bench \
        --stage before=/tmp/wt-before/src after=src --verify

Snapshot the code under test too (copy src/, templates/ and static/) when others edit the
package meanwhile: the cache keys include a fingerprint of every source file.

Results are printed as JSON and appended to WORK/results.jsonl.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import pickle
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from html import escape
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --stage runs each code version from its own snapshot (GOVREPORT_SRC), this file from here.
sys.path.insert(0, os.environ.get("GOVREPORT_SRC") or str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

QUERIES = ["营商环境", "规上工业", "煤矿", "5G", "煤", "发展", "高质量发展"]
PAGE = 20  # results the page shows first (static/search.js)


# ---- preparing a corpus (not timed) ----------------------------------------------------


def prepare(n: int, work: Path) -> tuple[Path, Path]:
    """Corpus of n reports, its build cache and its site plan; made once, then reused
    (the plan is pickled: the cache's keys include a fingerprint of the package's code,
    which moves with every edit, and a benchmark must not parse the corpus again)."""
    from make_corpus import make_corpus

    corpus, cache_dir = work / f"corpus-{n}", work / f"cache-{n}"
    if not (corpus / "done").exists():
        make_corpus(corpus, n)
        (corpus / "done").write_text("")
    if not (cache_dir / "done").exists():
        start = time.perf_counter()
        parse_all(corpus, cache_dir)
        print(f"  parsed {n} reports into the cache in {time.perf_counter() - start:.0f} s")
        (cache_dir / "done").write_text("")
    if not (cache_dir / "plan.pickle").exists():
        save_plan(corpus, cache_dir)
    return corpus, cache_dir


def parse_all(corpus: Path, cache_dir: Path) -> None:
    """Stages 1-2 for every report, as the build runs them, into the cache."""
    from govreport_site.build import load_reports, report_settings
    from govreport_site.cache import ReportCache, content_hash
    from govreport_site.config import Config
    from govreport_site.ingest.discover import discover

    config = Config(root=corpus, reports_dir=corpus)
    items, _ = discover(corpus)
    settings = report_settings(config)
    keys = [content_hash(item.path.read_bytes(), item, settings) for item in items]
    load_reports(items, keys, ReportCache(cache_dir), None, None)


def save_plan(corpus: Path, cache_dir: Path) -> None:
    """The site plan from the cached reports (the newest entry per source file)."""
    from govreport_site.cache import summarise
    from govreport_site.config import Config
    from govreport_site.render.plan import plan_site

    newest: dict[str, tuple[float, object]] = {}
    for path in (cache_dir / "reports").rglob("*.pickle"):
        with path.open("rb") as f:
            report = pickle.load(f)
        report.content_hash = path.stem
        when = path.stat().st_mtime
        if report.source_file not in newest or newest[report.source_file][0] < when:
            newest[report.source_file] = (when, summarise(report))
    config = Config(root=corpus, reports_dir=corpus)
    site = plan_site([s for _, s in newest.values()], config)
    with (cache_dir / "plan.pickle").open("wb") as f:
        pickle.dump((site, config), f, protocol=pickle.HIGHEST_PROTOCOL)


def plan(corpus: Path, cache_dir: Path):
    """(site plan, config, cache) of a prepared corpus."""
    from govreport_site.cache import ReportCache

    with (cache_dir / "plan.pickle").open("rb") as f:
        site, config = pickle.load(f)
    return site, config, ReportCache(cache_dir)


def vm(field: str) -> int:
    """VmRSS / VmHWM of this process in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


class TreeMemory:
    """Peak of the summed resident memory of this process and all its descendants,
    sampled every 50 ms: what the machine must have, workers included. (A worker's own
    ru_maxrss is no good: a child forked from a big parent starts with its size.)"""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.total())
            time.sleep(0.05)

    @staticmethod
    def total() -> int:
        todo, seen, total = [os.getpid()], set(), 0
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                for children in Path(f"/proc/{pid}/task").glob("*/children"):
                    todo += [int(c) for c in children.read_text().split()]
            except OSError:
                continue  # ended meanwhile
        return total


def index_run(n: int, work: Path, mode: str) -> dict:
    """The index stage alone, in this (fresh) process; returns figures."""
    from govreport_site.publish.search import folder_sink, search_files, write_search_index

    site, config, cache = plan(work / f"corpus-{n}", work / f"cache-{n}")
    before = vm("VmRSS")
    out = work / f"index-{n}"
    if mode == "stream":
        shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    cpu = time.process_time()
    with TreeMemory() as tree:
        if mode == "build":
            files = search_files(site, config, cache)
            size = sum(len(v) for v in files.values())
            count = len(files)
            stats = None
        else:
            stats = write_search_index(site, folder_sink(out / "search"), cache=cache)
            size, count = stats.bytes, stats.files
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if mode == "stream":  # the texts the page shows results from, for transfer()
        report_texts(site, cache, out)
    return {
        "reports": n,
        "mode": mode,
        "seconds": round(seconds, 2),
        "cpu_seconds_main": round(time.process_time() - cpu, 2),
        "cpu_seconds_workers": round(children.ru_utime + children.ru_stime, 2),
        "rss_before_mb": round(before / 2**20),
        "peak_rss_mb": round(vm("VmHWM") / 2**20),
        "peak_rss_with_workers_mb": round(tree.peak / 2**20),
        "files": count,
        "bytes": size,
        "sizes": stats.sizes if stats else None,
        "paragraphs": stats.paragraphs if stats else None,
        "characters": stats.characters if stats else None,
    }


def report_texts(site, cache, root: Path) -> None:
    """Each report's data/reports/<id>.json.gz under `root`, as the build writes them."""
    from govreport_site.publish.text_exports import report_json, report_json_path

    for sr in site.reports:
        path = root / report_json_path(sr)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(report_json(sr, cache.full(sr.report.content_hash)))


def fresh_process(n: int, work: Path, mode: str) -> dict:
    cmd = [sys.executable, __file__, "--work", str(work), "--_index", str(n), mode]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the search stage as the build runs it: cold, then after editing one report --------

EDIT_AT = 100  # the report edited, by place in result order: one of the newest year
EDIT_TEXT = "\n\n新增一段以便检验增量索引：独有短语甲乙丙丁戊己庚辛。\n"


def stage_run(n: int, work: Path, phase: str, label: str) -> dict:
    """The search output (index and page) made and written as write_site does it, in this
    (fresh) process, with the code on sys.path. `phase`: "cold" (no output folder and no
    search cache), "edit" (one report edited after a cold run with the same label), or
    "check" (a cold run of the edited corpus into a second folder, for diff -r)."""
    import dataclasses

    from govreport_site.build import process_report, report_settings
    from govreport_site.cache import content_hash
    from govreport_site.ingest.discover import discover
    from govreport_site.publish.incremental import write_site
    from govreport_site.publish.manifest import Manifest
    from govreport_site.publish.search import search_output
    from govreport_site.publish.search.catalog import regions_and_areas, result_order
    from govreport_site.render.plan import plan_site

    site, config, cache = plan(work / f"corpus-{n}", work / f"cache-{n}")
    stage = work / f"stage-{n}-{label}"
    out = stage / ("site-check" if phase == "check" else "site")
    config = dataclasses.replace(config, out_dir=out)
    if phase in ("edit", "check"):
        victim = result_order(site)[EDIT_AT].report
        items, _ = discover(config.reports_dir)
        item = next(i for i in items if i.rel == victim.source_file)
        data = item.path.read_bytes() + EDIT_TEXT.encode()
        report = process_report(data, item)
        key = content_hash(data, item, report_settings(config))
        summary = cache.store(key, report)
        summaries = [summary if sr.report is victim else sr.report for sr in site.reports]
        site = plan_site(summaries, config)
    if phase != "edit":
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache.folder / "search", ignore_errors=True)  # the index's own cache
    manifest = (
        Manifest.load(stage, out) if phase == "edit" else Manifest(Manifest.load(stage, out).path)
    )
    # The build's plan and keys stages have made the region slugs (pypinyin) by now.
    regions_and_areas(result_order(site))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, cpu = time.perf_counter(), time.process_time()
    output = search_output(site, config, cache)
    _, new = write_site([output], site, config, cache, manifest)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if phase == "cold":
        new.save()
    workers = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "reports": n,
        "phase": phase,
        "label": label,
        "seconds": round(seconds, 2),
        "cpu_seconds_main": round(cpu, 2),
        "cpu_seconds_workers": round(workers, 2),
        "files": len(new.files),
        "peak_rss_mb": round(vm("VmHWM") / 2**20),
        "largest_worker_rss_mb": round(after.ru_maxrss / 1024),
    }


def stage_compare(n: int, work: Path, codes: dict[str, str], verify: bool) -> list[dict]:
    """cold and edit for each code snapshot (label -> src folder), interleaved so that a
    change of load hits both alike; with `verify`, the edited output against a cold build
    of the edited corpus (same bytes, or an AssertionError)."""
    rows = []
    for phase in ("cold", "edit"):
        for label, src in codes.items():
            cmd = [sys.executable, __file__, "--work", str(work), "--_stage", str(n), phase, label]
            env = {**os.environ, "GOVREPORT_SRC": src}
            done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            r = rows[-1]
            print(
                f"  {phase} {label}: {r['seconds']} s wall, CPU {r['cpu_seconds_main']} s "
                f"+ workers {r['cpu_seconds_workers']} s, peak {r['peak_rss_mb']} MB "
                f"(largest worker {r['largest_worker_rss_mb']} MB)"
            )
    if verify:
        for label, src in codes.items():
            cmd = [
                sys.executable,
                __file__,
                "--work",
                str(work),
                "--_stage",
                str(n),
                "check",
                label,
            ]
            env = {**os.environ, "GOVREPORT_SRC": src}
            subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
            stage = work / f"stage-{n}-{label}"
            diff = subprocess.run(
                [
                    "diff",
                    "-rq",
                    str(stage / "site" / "search"),
                    str(stage / "site-check" / "search"),
                ],
                capture_output=True,
                text=True,
            )
            print(f"  {label}: edited vs cold build of the edited corpus:", diff.stdout or "same")
            assert diff.returncode == 0, diff.stdout
        first, *others = codes
        for label in others:  # the same files whatever the code
            a, b = (work / f"stage-{n}-{x}" / "site" / "search" for x in (first, label))
            diff = subprocess.run(["diff", "-rq", str(a), str(b)], capture_output=True, text=True)
            print(f"  {first} vs {label}:", diff.stdout or "same")
            assert diff.returncode == 0, diff.stdout
    return rows


# ---- transfer of one query ---------------------------------------------------------------


def transfer(folder: Path, query: str) -> dict:
    """Bytes the page fetches for a query: meta, shards, and the first page's texts."""
    from govreport_site.publish.search.query import SearchIndex

    index = SearchIndex(folder)
    found = index.search(query)
    postings = list(dict.fromkeys(index.fetched))
    index.fetched.clear()
    for r in found[:PAGE]:
        index.paragraph(r.paragraph)
    texts = list(dict.fromkeys(index.fetched))

    def size(names, packed=False):
        total = 0
        for name in names:
            data = (folder / name).read_bytes()
            # Stored gzip-compressed (a report's text, the postings): sent as it is.
            zipped = packed and name == "meta.json"
            total += len(gzip.compress(data, 6)) if zipped else len(data)
        return total

    meta = ["meta.json"]
    raw = {"meta": size(meta), "postings": size(postings), "texts": size(texts)}
    return {
        "query": query,
        "results": len(found),
        "requests": len(meta) + len(postings) + len(texts),
        **raw,
        "total": sum(raw.values()),
        "total_gzip": size(meta, True) + size(postings, True) + size(texts, True),
        "total_without_meta": raw["postings"] + raw["texts"],
    }


# ---- Pagefind ----------------------------------------------------------------------------


def full_report(cache, sr):
    return cache.full(sr.report.content_hash)


def pagefind_pages(site, load, out: Path) -> None:
    """One plain HTML page per report: its paragraphs with their anchors, the text marked
    as the only thing to index, region and year as Pagefind filters (its tuning)."""
    shutil.rmtree(out, ignore_errors=True)
    for sr in site.reports:
        report = load(sr)
        paras = "\n".join(
            f'<p id="{escape(p.anchor)}">{escape(p.text)}</p>' for p in report.paragraphs()
        )
        html = (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(sr.id)}</title></head><body>"
            f"<main data-pagefind-body><h1>{escape(''.join(sr.region.names))}</h1>"
            f'<span data-pagefind-filter="region" hidden>{escape(sr.region.id)}</span>'
            f'<span data-pagefind-filter="year" hidden>{sr.year}</span>'
            f"{paras}</main></body></html>"
        )
        path = out / sr.url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")


def run_pagefind(python: str, site_dir: Path) -> dict:
    """Index with Pagefind under /usr/bin/time -v: seconds, peak memory, size."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    cmd = ["/usr/bin/time", "-v", python, "-m", "pagefind", "--site", str(site_dir)]
    cmd += ["--force-language", "zh", "--quiet"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = sum(
        float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)
    )
    files = [p for p in (site_dir / "pagefind").rglob("*") if p.is_file()]
    version = subprocess.run(
        [python, "-m", "pagefind", "--version"], capture_output=True, text=True
    )
    return {
        "engine": "pagefind",
        "version": version.stdout.strip(),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(int(peak.group(1)) / 1024) if peak else None,
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


PAGEFIND_QUERY = """async ([q, n]) => {
  const pf = await import("./pagefind/pagefind.js");
  await pf.init();
  const found = await pf.search(q);
  const data = await Promise.all(found.results.slice(0, n).map((r) => r.data()));
  return {count: found.results.length, urls: found.results.map((r) => r.id),
          pages: data.map((d) => [d.url, d.content])};
}"""


def pagefind_queries(site_dir: Path, queries: list[str], browser) -> list[dict]:
    """Bytes Pagefind's own JS API fetches for each query (fresh page, empty cache)."""
    (site_dir / "pf.html").write_text("<!DOCTYPE html><title>pf</title>", encoding="utf-8")
    server, base = serve(site_dir)
    out = []
    try:
        for q in queries:
            context = browser.new_context()
            page = context.new_page()
            got: list[int] = []
            page.on("response", lambda r, got=got: got.append(len(r.body())))
            page.goto(base + "pf.html")
            found = page.evaluate(PAGEFIND_QUERY, [q, PAGE])
            page.wait_for_timeout(200)
            out.append(
                {
                    "query": q,
                    "results_pages": found["count"],
                    "requests": len(got) - 1,
                    "total": sum(got[1:]),
                }
            )
            context.close()
    finally:
        server.shutdown()
    return out


def launch_browser(p):
    from browser_support import launch

    return launch(p)


def check_pagefind(python: str, work: Path) -> dict:
    """The 50 browser-test terms on the samples: wrong and missed pages for Pagefind."""
    from playwright.sync_api import sync_playwright

    from govreport_site.publish.search.fold import search_fold
    from search_support import SAMPLES, load_site, paragraphs, sample_terms

    site, _ = load_site(SAMPLES)
    paras = paragraphs(site)
    terms = sample_terms(paras, 50, seed=7) + ["营商环境", "规上工业", "规上", "煤矿", "5G"]
    site_dir = work / "pagefind-samples"
    pagefind_pages(site, lambda sr: sr.report, site_dir)
    run_pagefind(python, site_dir)
    server, base = serve(site_dir)
    wrong_queries = missed_queries = wrong_pages = missed_pages = truth_pages = 0
    examples = []
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            page = browser.new_page()
            (site_dir / "pf.html").write_text("<!DOCTYPE html><title>pf</title>")
            page.goto(base + "pf.html")
            for term in terms:
                folded = search_fold(term)
                truth = {p.url for p in paras if folded in p.folded}
                found = page.evaluate(PAGEFIND_QUERY, [term, 100])
                got = {url.lstrip("/") for url, _ in found["pages"]}
                wrong, missed = got - truth, truth - got
                truth_pages += len(truth)
                wrong_pages += len(wrong)
                missed_pages += len(missed)
                wrong_queries += bool(wrong)
                missed_queries += bool(missed)
                if (wrong or missed) and len(examples) < 6:
                    examples.append({"term": term, "pages": len(got), "containing": len(truth)})
            browser.close()
    finally:
        server.shutdown()
    return {
        "engine": "pagefind",
        "terms": len(terms),
        "queries_with_pages_not_containing_the_term": wrong_queries,
        "queries_missing_a_containing_page": missed_queries,
        "pages_returned_not_containing": wrong_pages,
        "containing_pages_missed": missed_pages,
        "containing_pages": truth_pages,
        "examples": examples,
    }


# ---- main ----------------------------------------------------------------------------------


def machine() -> dict:
    import numpy

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "load_average_at_start": os.getloadavg(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, nargs="+", default=[1000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/search-bench"))
    ap.add_argument("--modes", nargs="+", default=["stream", "build"])
    ap.add_argument("--pagefind", metavar="PYTHON", help="a python with pagefind[extended]")
    ap.add_argument("--check-pagefind", action="store_true")
    ap.add_argument(
        "--stage",
        nargs="+",
        metavar="LABEL=SRC",
        help="time the search stage (cold, one report edited) of each code snapshot, e.g. "
        "before=/tmp/wt/src after=src",
    )
    ap.add_argument("--verify", action="store_true", help="with --stage: diff the edited output")
    ap.add_argument("--_index", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--_stage", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._index:
        print(json.dumps(index_run(int(args._index[0]), args.work, args._index[1])))
        return
    if args._stage:
        n, phase, label = args._stage
        print(json.dumps(stage_run(int(n), args.work, phase, label)))
        return
    if args.stage:
        codes = dict(s.split("=", 1) for s in args.stage)
        codes = {k: str(Path(v).resolve()) for k, v in codes.items()}
        for n in args.reports:
            print(f"{n} reports: the search stage")
            prepare(n, args.work)
            rows = stage_compare(n, args.work, codes, args.verify)
            with (args.work / "results.jsonl").open("a", encoding="utf-8") as f:
                f.write(json.dumps({"machine": machine(), "stage": rows}) + "\n")
        return

    args.work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "runs": [], "queries": {}, "pagefind": {}}
    for n in args.reports:
        print(f"{n} reports")
        prepare(n, args.work)
        for mode in args.modes:
            run = fresh_process(n, args.work, mode)
            print(
                f"  index ({mode}): {run['seconds']} s (CPU {run['cpu_seconds_main']} s + "
                f"workers {run['cpu_seconds_workers']} s), peak {run['peak_rss_mb']} MB, "
                f"{run['peak_rss_with_workers_mb']} MB with the workers, "
                f"{run['bytes'] / 1e6:.1f} MB in {run['files']} files"
            )
            results["runs"].append(run)
        if "stream" in args.modes:
            rows = [transfer(args.work / f"index-{n}" / "search", q) for q in QUERIES]
            results["queries"][n] = rows
            for r in rows:
                print(
                    f"  {r['query']}: {r['results']} results, {r['total'] / 1e3:.0f} kB "
                    f"({r['total_gzip'] / 1e3:.0f} kB gzip) in {r['requests']} requests"
                )
        if args.pagefind:
            from playwright.sync_api import sync_playwright

            site, config, cache = plan(args.work / f"corpus-{n}", args.work / f"cache-{n}")
            site_dir = args.work / f"pagefind-{n}"
            pagefind_pages(site, functools.partial(full_report, cache), site_dir)
            pf = run_pagefind(args.pagefind, site_dir)
            print(
                f"  pagefind: {pf['seconds']} s, peak {pf['peak_rss_mb']} MB, "
                f"{pf['bytes'] / 1e6:.1f} MB in {pf['files']} files"
            )
            with sync_playwright() as p:
                browser = launch_browser(p)
                pf["queries"] = pagefind_queries(site_dir, QUERIES, browser)
                browser.close()
            for r in pf["queries"]:
                print(
                    f"  pagefind {r['query']}: {r['results_pages']} pages, "
                    f"{r['total'] / 1e3:.0f} kB in {r['requests']} requests"
                )
            results["pagefind"][n] = pf
    if args.check_pagefind and args.pagefind:
        results["pagefind_check"] = check_pagefind(args.pagefind, args.work)
        print(
            "  pagefind on the samples:", json.dumps(results["pagefind_check"], ensure_ascii=False)
        )
    with (args.work / "results.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(results, ensure_ascii=False) + "\n")
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
