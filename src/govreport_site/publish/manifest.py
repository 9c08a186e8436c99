"""What the last build wrote into an output folder, and the keys that say whether it is
still right. Kept in the cache folder, one file per output folder; safe to delete (the
next build then renders everything and writes only what changed).

Two levels of check:

- the site key: a hash of everything the site is made from (code, templates, static
  files, config, and each report's content hash). Equal to the last build's and every
  file still as that build left it: the build is done before loading anything else.
- per file (render.outputs): the key of the inputs of each page, for builds where
  something changed, so that only the pages that show it are rendered again.

This module imports nothing heavy, so that a build with nothing to do stays fast.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from govreport_site.cache import code_fingerprint
from govreport_site.config import Config, key_form
from govreport_site.model import Diagnostic
from govreport_site.render.digests import pickled

MANIFEST_FORMAT = 2


@dataclass
class Manifest:
    path: Path | None
    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # key, size, mtime
    groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # key, names
    site_key: str = ""
    # The last build's report and plan diagnostics and counts, given again when nothing
    # changed (the diagnostics of finding the files are computed on every build).
    diagnostics: list[Diagnostic] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, cache_dir: Path | None, out: Path) -> Manifest:
        if cache_dir is None:
            return cls(None)
        name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        path = cache_dir / "outputs" / f"{name}.pickle"
        try:
            with path.open("rb") as f:
                version, state = pickle.load(f)
            if version != MANIFEST_FORMAT:
                return cls(path)
            return cls(path, **state)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return cls(path)

    def save(self) -> None:
        if self.path is None:
            return
        state = {
            "files": self.files,
            "groups": self.groups,
            "site_key": self.site_key,
            "diagnostics": self.diagnostics,
            "counts": self.counts,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump((MANIFEST_FORMAT, state), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)

    def fresh(self, out: Path, name: str, key: str) -> bool:
        """The file is there as the last build wrote it, and was made from `key`."""
        entry = self.files.get(name)
        if entry is None or entry[0] != key:
            return False
        try:
            st = os.stat(os.path.join(out, name))  # not pathlib: called for every file
        except OSError:
            return False
        return (st.st_size, st.st_mtime_ns) == entry[1:]

    def fresh_each(self, out: Path, items: list[tuple[str, str]]) -> list[bool]:
        """fresh(out, name, key) for each (name, key), in one loop (~3,400 pages)."""
        files, stat = self.files, os.stat
        prefix = os.path.join(out, "")
        flags = []
        for name, key in items:
            entry = files.get(name)
            ok = entry is not None and entry[0] == key
            if ok:
                try:
                    st = stat(prefix + name)
                    ok = st.st_size == entry[1] and st.st_mtime_ns == entry[2]
                except OSError:
                    ok = False
            flags.append(ok)
        return flags

    def all_fresh(self, out: Path, names, key: str) -> bool:
        """fresh() for every name, in one loop: an edit build checks ~19,000 files, and
        the calls cost more than the stats."""
        files, stat = self.files, os.stat
        prefix = os.path.join(out, "")
        for name in names:
            entry = files.get(name)
            if entry is None or entry[0] != key:
                return False
            try:
                st = stat(prefix + name)
            except OSError:
                return False
            if st.st_size != entry[1] or st.st_mtime_ns != entry[2]:
                return False
        return True

    def unchanged(self, out: Path, site_key: str) -> bool:
        """The whole site was made from `site_key` and every file is still as written."""
        if not self.site_key or self.site_key != site_key or not self.files:
            return False
        return all(self.fresh(out, name, entry[0]) for name, entry in self.files.items())


def folder_fingerprint(folders: list[Path], h=None) -> str:
    """Names and bytes of every file below the folders (hidden ones too: more than a
    build reads can only cost a rebuild, never a stale page)."""
    h = h or hashlib.sha256()
    for n, folder in enumerate(folders):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(f"\0{n}/{path.relative_to(folder).as_posix()}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


@cache
def _engine_versions() -> str:
    from importlib.metadata import version  # not needed before a build checks its templates

    return " ".join(f"{name} {version(name)}" for name in ("jinja2", "markupsafe"))


def template_fingerprint(config: Config) -> str:
    """Every file the templates could load, with the versions of the template engine."""
    versions = _engine_versions()
    return folder_fingerprint(config.template_dirs, hashlib.sha256(versions.encode()))


def data_key(config: Config, reports: list[tuple[str, str]], found: list[Diagnostic]) -> str:
    """Everything the site's data is made from: code, config, and (file, content hash) of
    every report, with what finding them reported. The plan, the analyses and the
    exports are a pure function of these."""
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(pickled(key_form(config)))  # no memo: equal configs, equal bytes
    h.update(pickled(sorted(reports)))
    h.update(pickled([str(d) for d in found]))
    return h.hexdigest()


def site_key(config: Config, data: str) -> str:
    """Everything the site is made from: its data_key, the templates, the static files."""
    h = hashlib.sha256(data.encode())
    h.update(template_fingerprint(config).encode())
    h.update(folder_fingerprint(config.static_dirs).encode())
    return h.hexdigest()
