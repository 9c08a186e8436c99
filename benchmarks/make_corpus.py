"""Make a synthetic corpus of N reports for benchmarks.

Regions × years, one folder per region with a _meta.yaml, each report built from
real paragraphs of the sample reports in reports/ so that it keeps the shape the
parser needs: title block, opening, review with subsections, plan with a targets
passage, closing. Seeded, so the same N and seed give the same bytes.

    python benchmarks/make_corpus.py --reports 1000 --out /tmp/bench-1000
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "reports"

_CN = "〇一二三四五六七八九"
_ORD = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

# Syllables for made-up but plausible place names.
_SYL = "安宝昌成大东丰福广海和华嘉建江金靖康乐临隆洛宁平庆清瑞山尚寿泰通万文西祥新兴阳永裕云长正中"


def sample_paragraphs() -> list[str]:
    """Body paragraphs of the samples: long lines without heading marks."""
    paras: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"^[#\s]+", "", line).replace(" ", "")
            if len(line) >= 60 and not re.match(r"^[（(]?[一二三四五六七八九十]+[）)、]", line):
                paras.append(line)
    return paras


def subsection_title(paragraph: str) -> str:
    """A heading-like phrase: the paragraph's first clause, at most 14 characters."""
    head = re.split(r"[。；，,;：:]", paragraph.lstrip("—"))[0]
    return head[:14] + "。"


def place_name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.sample(_SYL, 2)) + suffix


def report_text(rng: random.Random, paras: list[str], county: str, year: int, n: int) -> str:
    pick = lambda k: rng.sample(paras, k)  # noqa: E731
    cn_date = f"{year}年{rng.randint(1, 2)}月{rng.randint(1, 28)}日"
    speaker = "".join(rng.sample("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", 1)) + "".join(
        rng.sample(_SYL, 2)
    )
    session = f"第{_ORD[rng.randint(0, 9)]}届人民代表大会第{_ORD[rng.randint(0, 5)]}次"
    lines = [
        "政府工作报告",
        f"——{cn_date}在{county}{session}会议上",
        f"{county}人民政府{county[-1]}长 {speaker}",
        "各位代表：",
        "现在，我代表区人民政府向大会报告工作，请予审议。",
        f"一、{year - 1}年工作回顾",
    ]
    for k in range(n):
        lines.append(f"（{_ORD[k]}）{subsection_title(pick(1)[0])}")
        lines.extend(pick(4))
    lines.append("在肯定成绩的同时，我们也清醒地看到，发展中还存在一些问题和不足。" + pick(1)[0])
    lines.append(f"二、{year}年工作安排")
    growth = rng.choice([5, 5.5, 6, 6.5, 7, 8])
    lines.append(
        f"今年全区经济社会发展的主要预期目标是：地区生产总值增长{growth}%左右；"
        f"规模以上工业增加值增长{growth + 1}%；固定资产投资增长{rng.randint(5, 12)}%；"
        f"社会消费品零售总额增长{rng.randint(4, 9)}%；一般公共预算收入增长{rng.randint(3, 8)}%；"
        "城乡居民人均可支配收入增长与经济增长基本同步。"
    )
    for k in range(n):
        lines.append(f"（{_ORD[k]}）{subsection_title(pick(1)[0])}")
        lines.extend(pick(4))
    lines.append("各位代表！" + pick(1)[0])
    return "\n".join(lines) + "\n"


def make_corpus(out: Path, reports: int = 1000, years: int = 5, seed: int = 1) -> Path:
    rng = random.Random(seed)
    paras = sample_paragraphs()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    regions = max(1, reports // years)
    made = 0
    seen: set[tuple[str, str]] = set()
    for r in range(regions):
        while True:
            city, county = place_name(rng, "市"), place_name(rng, "区")
            if (city, county) not in seen:
                seen.add((city, county))
                break
        folder = out / f"r{r:05d}"
        folder.mkdir()
        (folder / "_meta.yaml").write_text(
            f"region: [{'模拟省'}, {city}, {county}]\n", encoding="utf-8"
        )
        for y in range(years):
            if made >= reports:
                break
            year = 2020 + y
            text = report_text(rng, paras, county, year, n=rng.randint(4, 8))
            (folder / f"{year}.txt").write_text(text, encoding="utf-8")
            made += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    out = make_corpus(args.out, args.reports, args.years, args.seed)
    size = sum(p.stat().st_size for p in out.rglob("*.txt"))
    print(f"{args.reports} reports, {size / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
