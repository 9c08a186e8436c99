"""Helpers for the parser tests: read a report file and normalise it.

The real normaliser (ingest/normalise.py) is used when it is available; while it is
not, a crude stand-in does the few things the parser relies on (one paragraph per
line, no blank lines, no crawler header, no Markdown marks, no spaces between CJK).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from govreport_site.model import Metadata, Normalised, SourceText

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
ZHUMADIAN = (REPO / ".." / "shared" / "corpus" / "zhumadian").resolve()
SAMPLES = sorted(REPORTS.glob("*.txt"))


def source_for(path: Path, meta: Metadata | None = None) -> SourceText:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path.name, text, "utf-8", meta or Metadata())


def sidecar_meta(path: Path) -> Metadata:
    side = path.with_suffix(".yaml")
    data = yaml.safe_load(side.read_text(encoding="utf-8")) if side.exists() else None
    data = data or {}
    fields = {k: v for k, v in data.items() if k in Metadata.__dataclass_fields__}
    return Metadata(**fields)


def _stand_in(source: SourceText) -> Normalised:
    out = []
    for line in source.text.split("\n"):
        line = line.replace("\u00a0", " ").strip()
        if re.match(r"(标题|年份)[:：]|={5,}", line):
            continue
        line = re.sub(r"^#+\s*", "", line).replace("**", "")
        line = re.sub(r"\[bookmark: [^\]]*\]", "", line)
        cjk = r"[\u4e00-\u9fff，。、：；！？“”（）]"
        line = re.sub(rf"(?<={cjk})[ \u3000]+(?={cjk})", "", line)
        if line:
            out.append(line)
    return Normalised("\n".join(out))


def normalised(source: SourceText) -> Normalised:
    try:
        from govreport_site.ingest.normalise import normalise

        return normalise(source)
    except (ImportError, NotImplementedError):
        return _stand_in(source)


def sample(name_prefix: str, *, with_sidecar: bool = True) -> tuple[SourceText, Normalised]:
    path = next(p for p in SAMPLES if p.name.startswith(name_prefix))
    src = source_for(path, sidecar_meta(path) if with_sidecar else None)
    return src, normalised(src)


def zhumadian_files() -> list[Path]:
    return sorted(ZHUMADIAN.glob("*.txt")) if ZHUMADIAN.is_dir() else []


def heading_run_in(norm: Normalised, report) -> str:
    """The text as a web copy that lost the line break before each part heading gives it:
    "…的目标任务。二、2004年政府工作的总体要求…" on one line."""
    heads = {
        p.paragraphs[0].text
        for p in report.parts
        if p.kind in ("review", "plan", "outlook", "other")
        and p.paragraphs
        and p.paragraphs[0].role == "heading"
    }
    out: list[str] = []
    for line in norm.text.split("\n"):
        if out and line.startswith(tuple(heads)) and out[-1][-1:] in "。！？":
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)
