"""How the cost of the text analysis (compare pages, reuse, keywords) grows with the corpus.

For each size N, a synthetic corpus (benchmarks/make_corpus.py: N/5 regions × 5 years, so
N·4/5 consecutive pairs plus about N same-year pairs) is parsed, planned, and analysed cold
(no cache). CPU seconds of this one process (time.process_time, so that other work on the
machine does not blur the growth), each step timed separately:

- profiles: jieba segmentation and sentence hashes of every report (per report, cached
  between builds);
- reuse: the corpus-wide sentence index (exact hashes, MinHash LSH, near-copy checks);
- pairs: aligning and redlining every precomputed pair;
- pages: rendering every compare page (view + template);
- rest: keywords, trends, term lists.

Then the real build (build-site's code, parallel where it pays, cache in a temporary
folder): wall seconds of its "texts" stage cold, and again after one report was edited
(only that report's profile and its pairs are recomputed).

    python benchmarks/compare_cost.py --reports 100 200 400
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import make_corpus  # noqa: E402

from govreport_site.analyse import keywords as kw  # noqa: E402
from govreport_site.analyse import texts  # noqa: E402
from govreport_site.analyse.compare import compare_reports  # noqa: E402
from govreport_site.analyse.profile import profile_report  # noqa: E402
from govreport_site.analyse.reuse import ReuseIndex  # noqa: E402
from govreport_site.analyse.segment import tokenizer  # noqa: E402
from govreport_site.build import process_report  # noqa: E402
from govreport_site.config import Config  # noqa: E402
from govreport_site.ingest.discover import discover  # noqa: E402
from govreport_site.render.pages import environment  # noqa: E402
from govreport_site.render.plan import plan_site  # noqa: E402
from govreport_site.render.textviews import compare_page  # noqa: E402
from govreport_site.render.urls import STYLESHEET  # noqa: E402


def measure(n: int, folder: Path) -> dict:
    corpus = make_corpus(folder / "reports", reports=n)
    config = Config(root=folder, reports_dir=corpus, out_dir=folder / "_site")
    items, _ = discover(corpus)
    reports = [process_report(i.path.read_bytes(), i) for i in items]
    site = plan_site(reports, config)
    out: dict = {"reports": len(site.reports)}

    t = time.process_time()
    profiles = [profile_report(sr.report) for sr in site.reports]
    out["profiles"] = time.process_time() - t

    t = time.process_time()
    index = ReuseIndex(profiles)
    prev = {sr.id: k for k, sr in enumerate(site.reports)}
    for r, sr in enumerate(site.reports):
        index.report_reuse(r, prev[sr.prev.id] if sr.prev else None, lambda a, b: (b,))
    out["reuse"] = time.process_time() - t
    out["sentences"] = sum(len(p.sentences) for p in profiles)
    out["distinct"] = len(index.first)

    chosen = texts.choose_pairs(site)
    out["pairs"] = len(chosen)
    t = time.process_time()
    for a, b, _, _ in chosen:
        compare_reports(a.report, b.report)
    out["compare"] = time.process_time() - t

    # The whole corpus step as the build runs it (profiles and pairs again, uncached),
    # then the compare pages rendered from it.
    t = time.process_time()
    site.analysis = texts.analyse_texts(site, config)
    out["analyse_texts"] = time.process_time() - t
    df = kw.document_frequency(profiles)
    out["terms"] = len(df)
    env = environment(config)
    template = env.get_template("compare.html")
    t = time.process_time()
    size = 0
    for pair in site.analysis.pairs:
        page = compare_page(site, pair, config, lambda sr: sr.report)
        html = template.render(page=page, data=page.data, root=page.root, stylesheet=STYLESHEET)
        size += len(html.encode())
    out["pages"] = time.process_time() - t
    out["page_kb"] = size / 1024 / max(1, len(site.analysis.pairs))

    # The real build, cold and after editing one report.
    from govreport_site.build import build

    result = build(config)
    out["build_cold"] = result.timings.get("texts", 0.0)
    edited = sorted(corpus.rglob("*.txt"))[n // 2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n各位代表，补充一句。\n", "utf-8")
    result = build(config)
    out["build_edit"] = result.timings.get("texts", 0.0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, nargs="+", default=[100, 200, 400])
    args = ap.parse_args()
    tokenizer()  # jieba's dictionary once, outside the timings
    rows = []
    for n in args.reports:
        with tempfile.TemporaryDirectory(prefix=f"compare-cost-{n}-") as tmp:
            rows.append(measure(n, Path(tmp)))
        r = rows[-1]
        print(
            f"{r['reports']:>5} reports {r['pairs']:>5} pairs | profiles {r['profiles']:6.1f} s"
            f" | reuse {r['reuse']:5.2f} s ({r['sentences']} sentences, {r['distinct']} distinct)"
            f" | compare {r['compare']:6.1f} s | pages {r['pages']:5.1f} s"
            f" ({r['page_kb']:.0f} KB each) | corpus step {r['analyse_texts']:6.1f} s"
            f" | build, texts stage: cold {r['build_cold']:5.1f} s,"
            f" one edit {r['build_edit']:4.1f} s",
            flush=True,
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        k = b["reports"] / a["reports"]
        for key in ("profiles", "reuse", "compare", "pages", "analyse_texts", "build_cold"):
            print(f"{key}: x{b[key] / a[key]:.2f} for x{k:.0f} reports")


if __name__ == "__main__":
    main()
