"""The search index after an edit: a build on top of the cache finds exactly what a
fresh build of the edited reports finds, and gives the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import govreport_site.publish.search as search_module
from govreport_site.build import build
from govreport_site.cache import ReportCache
from govreport_site.config import load_config
from govreport_site.publish.manifest import Manifest
from govreport_site.publish.search import index as index_module
from govreport_site.publish.search import store as store_module
from govreport_site.publish.search import write_search_index
from govreport_site.publish.search.index import CHUNK, block
from govreport_site.publish.search.query import SearchIndex
from govreport_site.publish.search.state import load_state, save_state, state_folder
from govreport_site.render.plan import plan_site
from search_support import SAMPLES, load_site, paragraphs, truth

NEW_PHRASE = "增量索引独有短语甲乙丙"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def found(index: SearchIndex, query: str) -> set[tuple[str, str]]:
    out = set()
    for r in index.search(query):
        url, anchor, _ = index.paragraph(r.paragraph)
        out.add((url, anchor))
    return out


def unique_term(folder: Path, source: str) -> tuple[str, str]:
    """A phrase of the report `source` found in no other paragraph, and its URL."""
    site = load_site(folder)[0]
    paras = paragraphs(site)
    url = next(sr.url for sr in site.reports if Path(sr.report.source_file).name == source)
    for p in paras:
        if p.url != url or len(p.text) < 40:
            continue
        for start in range(0, len(p.text) - 12, 7):
            term = p.text[start : start + 12]
            if " " not in term and truth(paras, term) == {(p.url, p.anchor)}:
                return term, url
    raise AssertionError("no phrase of its own")


@pytest.fixture
def site(tmp_path):
    """A built site of the samples (cache filled) and its config."""
    root = tmp_path / "site"
    shutil.copytree(SAMPLES, root / "reports")
    config, _ = load_config(root)
    build(config)
    return root, config


def fresh_build(tmp_path: Path, reports: Path) -> dict[str, bytes]:
    """search/ of a build of `reports` with no cache and no earlier output."""
    root = tmp_path / "fresh"
    shutil.copytree(reports, root / "reports")
    config, _ = load_config(root)
    build(config, use_cache=False)
    return files_of(config.out_dir / "search")


def test_an_edited_report_is_searched_by_its_new_text_only(site, tmp_path, monkeypatch):
    root, config = site
    source = sorted((root / "reports").glob("*.txt"))[2]
    old, url = unique_term(root / "reports", source.name)
    assert found(SearchIndex(config.out_dir / "search"), old) != set()
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(old, NEW_PHRASE, 1), encoding="utf-8")

    made = []  # reports whose share of the index was computed, not taken from the cache
    real = store_module.index_report
    monkeypatch.setattr(store_module, "index_report", lambda p: made.append(p) or real(p))
    build(config)
    index = SearchIndex(config.out_dir / "search")
    assert found(index, old) == set()
    hits = found(index, NEW_PHRASE)
    assert hits and {u for u, _ in hits} == {url}
    assert hits == truth(paragraphs(load_site(root / "reports")[0]), NEW_PHRASE)
    assert len(made) == 1  # only the edited report was indexed again
    assert files_of(config.out_dir / "search") == fresh_build(tmp_path, root / "reports")


def test_a_removed_report_is_no_longer_found(site, tmp_path):
    root, config = site
    source = sorted((root / "reports").glob("*.txt"))[1]
    term, url = unique_term(root / "reports", source.name)
    assert {u for u, _ in found(SearchIndex(config.out_dir / "search"), term)} == {url}
    source.unlink()
    source.with_suffix(".yaml").unlink()
    build(config)
    index = SearchIndex(config.out_dir / "search")
    assert found(index, term) == set()
    assert index.meta["paragraphs"] == len(paragraphs(load_site(root / "reports")[0]))
    assert files_of(config.out_dir / "search") == fresh_build(tmp_path, root / "reports")


def test_a_damaged_share_of_the_index_in_the_cache_is_made_again(tmp_path):
    site, config = load_site(SAMPLES)
    whole: dict[str, bytes] = {}
    write_search_index(site, whole.__setitem__)
    cache = ReportCache(tmp_path / "cache")
    planned = plan_site(
        [cache.put(f"key{n}", sr.report) for n, sr in enumerate(site.reports)], config
    )
    first: dict[str, bytes] = {}
    write_search_index(planned, first.__setitem__, cache=cache)
    stored = sorted((tmp_path / "cache" / "search").rglob("*.pickle"))
    assert len(stored) == 5
    stored[0].write_bytes(stored[0].read_bytes()[:100])  # cut short
    stored[1].write_bytes(b"")
    again: dict[str, bytes] = {}
    write_search_index(planned, again.__setitem__, cache=cache)
    assert first == whole and again == whole


@pytest.mark.parametrize("direct", [True, False])
def test_the_cached_shares_give_the_same_files_joined_directly_or_through_spills(
    monkeypatch, tmp_path, direct
):
    """A large corpus goes through spill files, a small one is joined in memory; with
    worker processes or without, from the cache or not, the files are the same."""
    site, config = load_site(SAMPLES)
    whole: dict[str, bytes] = {}
    write_search_index(site, whole.__setitem__, jobs=1)
    cache = ReportCache(tmp_path / "cache")
    planned = plan_site(
        [cache.put(f"key{n}", sr.report) for n, sr in enumerate(site.reports)], config
    )
    if not direct:
        monkeypatch.setattr(index_module, "DIRECT_MAX_CHARS", 0)
        monkeypatch.setattr(index_module, "BATCH", 5000)  # several spills
    # Worker processes; from the cache (nothing to index again), the join starts while
    # the texts are written.
    monkeypatch.setattr(index_module, "PARALLEL_MIN_CHARS", 1)
    for _ in range(2):  # indexed, then from the cache
        files: dict[str, bytes] = {}
        write_search_index(planned, files.__setitem__, jobs=2, cache=cache)
        assert files == whole


def search_inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.*")}


def edit_paragraph(source: Path, old: str, new: str) -> None:
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def joins(monkeypatch):
    """Counts the full joins of the index (a build that could not update it)."""
    joined: list[int] = []
    real = search_module.write_search_index
    monkeypatch.setattr(
        search_module, "write_search_index", lambda *a, **k: joined.append(1) or real(*a, **k)
    )
    return joined


def build_keeping(config, joins: list[int]) -> tuple[set[str], int]:
    """Build after an edit that the index is updated for (not joined again): the search
    files kept as they were (same inode, so the same time), checked to be exactly those
    whose bytes did not change, and how many there are in all."""
    folder = config.out_dir / "search"
    before, before_bytes = search_inodes(folder), files_of(folder)
    joins.clear()
    build(config)
    assert not joins
    after = search_inodes(folder)
    kept = {name for name in after if before.get(name) == after[name]}
    now = files_of(folder)
    assert kept == {name for name in now if before_bytes.get(name) == now[name]}
    return kept, len(after)


def test_an_edit_that_keeps_the_paragraphs_rewrites_only_the_files_it_changes(
    site, tmp_path, joins
):
    """A phrase replaced in one report: the index is not joined again, the files whose
    bytes did not change are the last build's own (same inode, so the same time), the
    others come out as a fresh build's, and a second edit on top of the first does the
    same."""
    root, config = site
    folder = config.out_dir / "search"
    sources = sorted((root / "reports").glob("*.txt"))
    for n, source in enumerate((sources[2], sources[0])):
        old, _ = unique_term(root / "reports", source.name)
        edit_paragraph(source, old, NEW_PHRASE + str(n))
        kept, total = build_keeping(config, joins)
        assert len(kept) > total / 2
        index = SearchIndex(folder)
        assert found(index, old) == set()
        assert {u for u, _ in found(index, NEW_PHRASE + str(n))} == {
            sr.url
            for sr in load_site(root / "reports")[0].reports
            if Path(sr.report.source_file).name == source.name
        }
        assert files_of(folder) == fresh_build(tmp_path / str(n), root / "reports")


def paragraph_counts(reports: Path) -> dict[str, int]:
    """Paragraphs per report file, as parsed."""
    return {
        Path(sr.report.source_file).name: sum(len(part.paragraphs) for part in sr.report.parts)
        for sr in load_site(reports)[0].reports
    }


def body_line(source: Path) -> str:
    """A line of the report that is one body paragraph on its own, and found only once."""
    site = load_site(source.parent)[0]
    report = next(sr.report for sr in site.reports if sr.report.source_file == source.name)
    lines = source.read_text(encoding="utf-8").split("\n")
    return next(
        p.text
        for part in report.parts
        for p in reversed(part.paragraphs)
        if p.role == "body" and len(p.text) > 20 and lines.count(p.text) == 1
    )


def test_an_edit_that_adds_or_removes_a_paragraph_within_the_block_is_an_update(
    site, tmp_path, joins
):
    """A report's paragraph ids are a block of a multiple of CHUNK: a paragraph more or
    less that keeps the block moves no other report's ids, so the index is updated (the
    files that did not change kept as they were: most of them when the paragraph is added
    at the end), and the files are a fresh build's."""
    root, config = site
    folder = config.out_dir / "search"
    sources = sorted((root / "reports").glob("*.txt"))
    counts = paragraph_counts(root / "reports")
    added, removed = sources[3], sources[2]
    assert block(counts[added.name]) == block(counts[added.name] + 1)
    assert block(counts[removed.name]) == block(counts[removed.name] - 1)
    gone = body_line(removed)
    for n, edit in enumerate(("add", "remove")):
        if edit == "add":
            text = added.read_text(encoding="utf-8")
            added.write_text(text + "\n\n" + NEW_PHRASE + "新的一段。\n", encoding="utf-8")
        else:
            edit_paragraph(removed, gone + "\n", "")
        now = paragraph_counts(root / "reports")
        changed = added if edit == "add" else removed
        assert now[changed.name] == counts[changed.name] + (1 if edit == "add" else -1)
        kept, total = build_keeping(config, joins)
        if edit == "add":  # at the end: the other paragraphs keep their ids
            assert len(kept) > total / 2
        assert files_of(folder) == fresh_build(tmp_path / str(n), root / "reports")
    index = SearchIndex(folder)
    assert {u for u, _ in found(index, NEW_PHRASE)} == {
        sr.url
        for sr in load_site(root / "reports")[0].reports
        if sr.report.source_file == added.name
    }
    paras = paragraphs(load_site(root / "reports")[0])
    assert found(index, gone) == truth(paras, gone)  # the removed paragraph is not found
    assert found(index, gone[:-1]) == truth(paras, gone[:-1])


def test_an_edit_that_moves_a_report_out_of_its_block_gives_a_fresh_builds_files(
    site, tmp_path, joins
):
    """Paragraphs added past the end of the report's block move every later report's
    ids: the index is joined again, and the files are still a fresh build's; removing
    them again goes back to the first block."""
    root, config = site
    source = sorted((root / "reports").glob("*.txt"))[0]
    count = paragraph_counts(root / "reports")[source.name]
    extra = block(count) - count + 1  # one past the block's end
    original = source.read_text(encoding="utf-8")
    paras = "".join(f"\n\n{NEW_PHRASE}第{k}段。\n" for k in range(extra))
    source.write_text(original + paras, encoding="utf-8")
    assert block(paragraph_counts(root / "reports")[source.name]) == block(count) + CHUNK
    build(config)
    assert joins
    assert files_of(config.out_dir / "search") == fresh_build(tmp_path / "grown", root / "reports")
    joins.clear()
    source.write_text(original, encoding="utf-8")
    build(config)
    assert joins
    assert files_of(config.out_dir / "search") == fresh_build(tmp_path / "back", root / "reports")


def test_an_edit_after_a_search_file_was_damaged_gives_a_whole_index(site, tmp_path):
    """The edit relies on the last build's files: one changed by hand is made again."""
    root, config = site
    folder = config.out_dir / "search"
    for damaged in folder.glob("u/*.bin"):  # most of them are not changed by the edit
        damaged.write_bytes(b"{}")
    source = sorted((root / "reports").glob("*.txt"))[2]
    old, _ = unique_term(root / "reports", source.name)
    edit_paragraph(source, old, NEW_PHRASE)
    build(config)
    assert files_of(folder) == fresh_build(tmp_path, root / "reports")


def test_an_edit_whose_old_share_is_gone_from_the_cache_gives_the_same_files(site, tmp_path):
    root, config = site
    source = sorted((root / "reports").glob("*.txt"))[1]
    old, _ = unique_term(root / "reports", source.name)
    edit_paragraph(source, old, NEW_PHRASE)
    shutil.rmtree(root / ".govreport-cache" / "search")  # every report's share
    build(config)
    assert files_of(config.out_dir / "search") == fresh_build(tmp_path, root / "reports")


def kept_partitions(cache_folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (cache_folder / "search-state").glob("*.npy")}


def test_the_join_through_spills_keeps_the_same_partitions_as_the_direct_join(
    monkeypatch, tmp_path
):
    """Above DIRECT_MAX_CHARS the second pass reads spill files; it keeps the joined
    partitions for the next edit all the same, byte for byte as the direct join does."""
    site, config = load_site(SAMPLES)
    kept = {}
    for direct in (True, False):
        if not direct:
            monkeypatch.setattr(index_module, "DIRECT_MAX_CHARS", 0)
            monkeypatch.setattr(index_module, "BATCH", 5000)  # several spills
        cache = ReportCache(tmp_path / f"cache-{direct}")
        planned = plan_site(
            [cache.put(f"key{n}", sr.report) for n, sr in enumerate(site.reports)], config
        )
        write_search_index(planned, {}.__setitem__, jobs=1, cache=cache, key="k")
        kept[direct] = kept_partitions(cache.folder)
    assert len(kept[True]) == 2 * index_module.PARTITIONS
    assert kept[False] == kept[True]


def test_an_edit_above_the_direct_join_rewrites_only_the_files_it_changes(tmp_path, monkeypatch):
    """A corpus joined through spill files (as one above DIRECT_MAX_CHARS is): an edit
    that keeps the paragraphs does not join the index again either, and two edits in a
    row give the files a fresh build (joined directly) gives."""
    monkeypatch.setattr(index_module, "DIRECT_MAX_CHARS", 0)
    monkeypatch.setattr(index_module, "BATCH", 5000)
    spilled: list[int] = []  # partitions the spill path's second pass encoded
    real_group = index_module._encode_group
    monkeypatch.setattr(
        index_module, "_encode_group", lambda *a: spilled.extend(a[2]) or real_group(*a)
    )
    root = tmp_path / "site"
    shutil.copytree(SAMPLES, root / "reports")
    config, _ = load_config(root)
    build(config)
    assert sorted(spilled) == sorted(2 * list(range(index_module.PARTITIONS)))

    folder = config.out_dir / "search"
    joined = []
    real = search_module.write_search_index
    monkeypatch.setattr(
        search_module, "write_search_index", lambda *a, **k: joined.append(1) or real(*a, **k)
    )
    for n, source in enumerate(sorted((root / "reports").glob("*.txt"))[1:3]):
        before = search_inodes(folder)
        old, _ = unique_term(root / "reports", source.name)
        edit_paragraph(source, old, NEW_PHRASE + str(n))
        build(config)
        assert not joined
        after = search_inodes(folder)
        assert len({name for name in after if before.get(name) == after[name]}) > len(after) / 2
        assert {u for u, _ in found(SearchIndex(folder), NEW_PHRASE + str(n))}
    monkeypatch.undo()  # the fresh build joins directly
    assert files_of(folder) == fresh_build(tmp_path, root / "reports")
    # What the edits kept for the next one is what a first build of the edited reports
    # keeps (an edit splices the partitions it changes, and uses the others as they are).
    again = tmp_path / "again"
    shutil.copytree(root / "reports", again / "reports")
    build(load_config(again)[0])
    cached = kept_partitions(root / ".govreport-cache")
    assert cached == kept_partitions(again / ".govreport-cache") and cached


def test_the_cached_shares_are_pruned_once_unused_ones_outnumber_the_used(tmp_path):
    store = store_module.IndexStore(tmp_path)
    index = index_module.index_report([("p1", "", "营商环境持续优化")])
    used = [f"used{i}" for i in range(3)]
    for h in used + ["old0", "old1", "old2"]:
        store.put(h, index)
    assert store.prune(used) == 0  # three unused, three used: all kept
    assert all(store.has(h) for h in used + ["old0", "old1", "old2"])
    store.put("old3", index)
    assert store.prune(used) == 4
    assert all(store.has(h) for h in used)
    assert not any(store.has(h) for h in ("old0", "old1", "old2", "old3"))


def test_the_search_page_is_rendered_again_only_when_what_it_shows_changes(
    site, joins, monkeypatch
):
    """An edit to a report's text leaves the search page as it was; an edited search
    template or a page damaged by hand gives the page of the current templates."""
    root, config = site
    page = config.out_dir / "search" / "index.html"
    rendered: list[int] = []
    real = search_module.search_page
    monkeypatch.setattr(
        search_module, "search_page", lambda *a, **k: rendered.append(1) or real(*a, **k)
    )
    source = sorted((root / "reports").glob("*.txt"))[1]
    old, _ = unique_term(root / "reports", source.name)
    edit_paragraph(source, old, NEW_PHRASE)
    before = page.read_bytes()
    build(config)
    assert not joins and not rendered and page.read_bytes() == before

    shutil.copytree(Path(__file__).parents[1] / "templates", root / "templates")
    own = root / "templates" / "search.html"
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace("{% endblock %}", "模板已改{% endblock %}", 1), encoding="utf-8")
    build(config)
    assert not joins and rendered
    assert "模板已改" in page.read_text(encoding="utf-8")

    page.write_text("damaged", encoding="utf-8")
    edit_paragraph(source, NEW_PHRASE, NEW_PHRASE + "乙")
    build(config)
    assert "模板已改" in page.read_text(encoding="utf-8")


def test_a_site_built_with_text_chunks_loses_them_on_the_next_build(site, tmp_path, joins):
    """A site whose last build wrote search/t/ (format 2, the text a second time) and kept
    that build's state: an edit after it gives a fresh build's search files, without
    search/t/ (the files the last build made and this one does not are removed)."""
    root, config = site
    search = config.out_dir / "search"
    cache = root / ".govreport-cache"
    manifest = Manifest.load(cache, config.out_dir)
    key, names = manifest.groups["search"]
    old = ["search/t/0.json", "search/t/1.json"]
    for name in old:
        path = config.out_dir / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b'{"reports":{},"paragraphs":[]}')
        st = path.stat()
        manifest.files[name] = (key, st.st_size, st.st_mtime_ns)
    manifest.groups["search"] = (key, sorted([*names, *old]))
    manifest.save()
    state = load_state(state_folder(cache))
    state.files = sorted([*state.files, "t/0.json", "t/1.json"])
    del state.format  # pickled by a build before the format was kept
    save_state(state_folder(cache), state)
    source = sorted((root / "reports").glob("*.txt"))[1]
    term, _ = unique_term(root / "reports", source.name)
    edit_paragraph(source, term, NEW_PHRASE)
    build(config)
    assert not (search / "t").exists()
    assert files_of(search) == fresh_build(tmp_path, root / "reports")
    joins.clear()  # the next edit updates the index again
    edit_paragraph(source, NEW_PHRASE, NEW_PHRASE + "乙")
    build(config)
    assert not joins
    assert files_of(search) == fresh_build(tmp_path / "again", root / "reports")
