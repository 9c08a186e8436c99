"""Word segmentation: jieba against its faster ports, on real reports, same dictionary.

Each engine gets jieba's own dictionary (rjieba and jieba_fast ship the same dict.txt) plus
the site's policy terms (analyse/dict.txt) with the very frequencies
govreport_site.analyse.segment gives them, then segments every paragraph of the zhumadian
corpus the way the keyword stage does (one call per paragraph, HMM on). Reported: start-up
(building the prefix dictionary), speed, and whether the tokens are identical to jieba's.

    python benchmarks/segmentation.py [--corpus DIR] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import sys
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "zhumadian"


def paragraphs(corpus: Path) -> list[list[str]]:
    """Per report, its non-empty lines (the texts are one paragraph per line)."""
    reports = []
    for path in sorted(corpus.glob("*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        reports.append([ln.strip() for ln in text.splitlines() if ln.strip()])
    return reports


def policy_words() -> list[tuple[str, int]]:
    """The policy terms with the frequencies analyse.segment gives them, read back from its
    tokenizer (words are added one after another; each suggestion sees the earlier)."""
    from govreport_site.analyse import segment

    tok = segment.tokenizer()
    return [(w, tok.FREQ[w]) for w in segment.dictionary_words() if w in tok.FREQ]


def jieba_engine(words):
    from govreport_site.analyse import segment

    segment.tokenizer.cache_clear()  # time the start-up too
    return segment.tokenizer().lcut


def jieba_fast_engine(words):
    jf = importlib.import_module("jieba_fast")
    jf.setLogLevel(logging.WARNING)
    tok = jf.Tokenizer()
    tok.initialize()
    for w, f in words:
        tok.add_word(w, freq=f)
    return tok.lcut


def rjieba_engine(words):
    rj = importlib.import_module("rjieba")
    tok = rj.Jieba()
    for w, f in words:
        tok.add_word(w, f, None)
    return tok.cut


def segment_engine(words):
    """What the site uses: analyse.segment.segment (rjieba, jieba for runs without Chinese)."""
    from govreport_site.analyse import segment

    segment.tokenizer.cache_clear()
    for cached in (segment._policy, segment._rjieba, segment._not_han_tokenizer):
        cached.cache_clear()  # start-up as a new process with the derived data on disk
    segment._jieba_cut.cache_clear()
    return segment.segment


ENGINES = {
    "jieba": ("jieba", jieba_engine),
    "jieba_fast": ("jieba-fast", jieba_fast_engine),
    "rjieba": ("rjieba", rjieba_engine),
    "segment()": ("govreport-site", segment_engine),
}


def compare(tokens: list, reference: list) -> tuple[int, int, list]:
    """(reports identical, tokens of jieba's that differ, a few examples), per paragraph."""
    same_reports = sum(t == ref for t, ref in zip(tokens, reference, strict=True))
    differ, examples = 0, []
    for got_report, want_report in zip(tokens, reference, strict=True):
        for got, want in zip(got_report, want_report, strict=True):
            if got == want:
                continue
            matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
            differ += len(want) - sum(b.size for b in matcher.get_matching_blocks())
            examples += [
                (" / ".join(want[i1:i2]), " / ".join(got[j1:j2]))
                for op, i1, i2, j1, j2 in matcher.get_opcodes()
                if op != "equal"
            ]
    return same_reports, differ, examples


def measure(corpus: Path, repeats: int = 3) -> tuple[dict, int]:
    reports = paragraphs(corpus)
    chars = sum(len(p) for r in reports for p in r)
    words = policy_words()
    results: dict[str, dict] = {}
    reference: list | None = None
    for name, (dist, make) in ENGINES.items():
        try:
            start = time.perf_counter()
            cut = make(words)
            cut("初始化")  # jieba builds its prefix dictionary on first use
            startup = time.perf_counter() - start
        except ImportError:
            results[name] = {"missing": True}
            continue
        best, cpu = float("inf"), float("inf")
        tokens: list = []
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            tokens = [[list(cut(p)) for p in r] for r in reports]
            best = min(best, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        if reference is None:
            reference = tokens
        same_reports, differ, examples = compare(tokens, reference)
        results[name] = {
            "version": version(dist),
            "startup": startup,
            "seconds": best,
            "cpu": cpu,
            "mb_per_s": chars * 3 / 1e6 / cpu,  # UTF-8 bytes of the (Chinese) text per CPU s
            "same_reports": same_reports,
            "reports": len(reports),
            "tokens": sum(len(p) for r in tokens for p in r),
            "tokens_differ": differ,
            "examples": examples[:6],
        }
    return results, chars


def markdown(results: dict, chars: int) -> str:
    n = results["jieba"]["reports"]
    lines = [
        "### Segmentation",
        "",
        f"`python benchmarks/segmentation.py`: the {n} zhumadian reports ({chars:,} "
        "characters), one paragraph per call, HMM on, jieba's dictionary plus "
        "analyse/dict.txt with the same frequencies; best of 3, one core; MB/s of UTF-8 "
        "text per CPU second.",
        "",
        "| engine | start-up s | segmenting s (wall) | CPU s | MB/s | reports identical to "
        "jieba | tokens differing |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        if r.get("missing"):
            lines.append(f"| {name} | not installed | | | | | |")
            continue
        lines.append(
            f"| {name} {r['version']} | {r['startup']:.2f} | {r['seconds']:.2f} | "
            f"{r['cpu']:.2f} | {r['mb_per_s']:.1f} | {r['same_reports']}/{r['reports']} | "
            f"{r['tokens_differ']:,} of {r['tokens']:,} |"
        )
    for name, r in results.items():
        if r.get("examples"):
            lines += ["", f"Where {name} differs from jieba (jieba → {name}):", ""]
            lines += [f"- {a} → {b}" for a, b in r["examples"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--write", type=Path, help="update this Markdown file")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    results, chars = measure(args.corpus, args.repeats)
    text = markdown(results, chars)
    print(text)
    if args.write:
        sys.path.insert(0, str(HERE))
        from run import update_doc

        update_doc(args.write, "segmentation", text)


if __name__ == "__main__":
    main()
