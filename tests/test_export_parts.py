"""The cache of each report's part of the exports: an edit appends, and a part is never
taken from a record of another key."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from govreport_site.build import CACHE_FOLDER, build
from govreport_site.config import Config
from govreport_site.publish.export_parts import INDEX_FILE, PACK_FILE

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ("data/reports.json", "data/targets.json", "data/targets.csv", "data/compare.json")


def make_site(tmp_path: Path) -> Config:
    shutil.copytree(ROOT / "reports", tmp_path / "reports")
    return Config(root=tmp_path, reports_dir=tmp_path / "reports", out_dir=tmp_path / "_site")


def edit(config: Config, text: str) -> None:
    report = config.reports_dir / "003_097f914945e8a5ad.txt"
    report.write_text(report.read_text(encoding="utf-8") + text, encoding="utf-8")


def exports(config: Config) -> dict[str, bytes]:
    return {name: (config.out_dir / name).read_bytes() for name in EXPORTS}


def fresh_exports(config: Config, tmp_path: Path) -> dict[str, bytes]:
    fresh = Config(**{**config.__dict__, "out_dir": tmp_path / "fresh"})
    build(fresh, use_cache=False)
    return exports(fresh)


def test_an_edit_appends_its_part_and_the_exports_match_a_fresh_build(tmp_path):
    config = make_site(tmp_path)
    build(config)
    pack = tmp_path / CACHE_FOLDER / PACK_FILE
    before = pack.read_bytes()
    edit(config, "\n新增一句。\n")
    build(config)
    after = pack.read_bytes()
    assert len(after) > len(before) and after.startswith(before)
    assert exports(config) == fresh_exports(config, tmp_path)
    assert b'"kept"' in exports(config)["data/compare.json"]  # pairs put together from entries


def test_a_record_of_another_key_where_the_index_points_is_not_used(tmp_path):
    config = make_site(tmp_path)
    build(config)
    pack, index = tmp_path / CACHE_FOLDER / PACK_FILE, tmp_path / CACHE_FOLDER / INDEX_FILE
    with index.open("rb") as f:
        size, where = pickle.load(f)
    data = pack.read_bytes()
    keys = list(where)
    # Each key's place now holds the record of the next key (as after a pack written
    # anew with an index of the pack before).
    records = [data[where[k][0] : where[k][0] + where[k][1]] for k in keys[1:] + keys[:1]]
    wrong, offset = {}, 0
    for key, record in zip(keys, records, strict=True):
        wrong[key] = (offset, len(record))
        offset += len(record)
    pack.write_bytes(b"".join(records))
    index.write_bytes(pickle.dumps((offset, wrong)))
    edit(config, "\n又一句。\n")  # the exports are made again, from the parts cached
    build(config)
    assert exports(config) == fresh_exports(config, tmp_path)
