"""Write the output folder atomically.

The new site is written into a temporary folder beside the output folder (same parent, so
the final rename stays on one file system), then swapped in: the old folder is renamed
away, the new one renamed into place, the old one deleted. A build that fails half-way
leaves the previous site as it was. Files that did not change are hard-linked from the
current folder rather than written again (Staging.keep, and write() when the bytes are
the same), which keeps their modification times and makes an incremental build's swap
cheap.

An incremental build (Staging(in_place=True), which knows from its manifest what the
output folder holds) stages only the files it made and moves the ones that differ into the
current folder instead, each replaced or removed file first moved to a backup folder so
that any failure, Ctrl-C included, puts every file back: the same guarantee for a few
dozen renames instead of linking and deleting the whole site.

Every path is checked before anything is written: absolute paths, drive letters, "..",
backslashes and empty or dot segments are refused with a ValueError naming the path, so no
id, slug or region name can make the build write outside its folder. The output folder
itself may not be the file system root, the home folder, the site folder or a folder that
holds the reports, because the swap replaces the whole folder.

Files in the current output folder that no build made (a CNAME, a verification file, notes
put there by hand) are carried over into the new folder, unless the build runs with --clean
(Config.clean): a build never deletes what it did not make unless asked to. What the last
build made and this one does not (the page of a removed report) is dropped, when the
caller knows it (`previous`, from the incremental build's manifest); without that record
every such file is carried over too, and --clean removes them.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from govreport_site.config import Config

_DRIVE = re.compile(r"^[A-Za-z]:")


def check_relative_path(name: str) -> None:
    """Refuse any output path that is not a plain relative path inside the folder."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"refusing to write an empty output path: {name!r}")
    bad = (
        name.startswith(("/", "\\"))
        or _DRIVE.match(name)
        or "\\" in name
        or "\0" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
    )
    if bad:
        raise ValueError(f"refusing to write outside the output folder: {name!r}")


def output_dir(config: Config) -> Path:
    out = Path(config.out_dir)
    return out if out.is_absolute() else Path(config.root) / out


def check_output_dir(out: Path, config: Config) -> None:
    """The swap deletes the old folder: never let it be one that holds anything else."""
    target = out.resolve()
    reports = Path(config.reports_dir)
    reports = (reports if reports.is_absolute() else Path(config.root) / reports).resolve()
    protected = {
        Path(target.anchor),
        Path.home().resolve(),
        Path(config.root).resolve(),
        Path.cwd().resolve(),
    }
    ancestors = {
        *reports.parents,
        *Path(config.root).resolve().parents,
        *Path.cwd().resolve().parents,
    }
    if target in protected or target == reports or target in ancestors:
        raise ValueError(f"refusing to replace {out}: it is not a folder for the built site only")
    if target.exists() and not target.is_dir():
        raise ValueError(f"refusing to replace {out}: it is a file, not a folder")


def write_output(files: dict[str, bytes], config: Config) -> None:
    for name in files:
        check_relative_path(name)
    _check_case_clashes(files)
    with Staging(config) as staging:
        for name in sorted(files):
            staging.write(name, files[name])
        staging.commit()


class Staging:
    """The new output folder, filled file by file, swapped in by commit().

    `write` stores a file (linking the current one when the bytes are the same, so it keeps
    its modification time); `keep` carries a file over from the current output unchanged
    without reading it (an incremental build knows it is still right). Leaving the `with`
    block without commit() (an error, Ctrl-C) removes the folder and leaves the current
    site as it was.
    """

    def __init__(self, config: Config, previous: set[str] | None = None, in_place: bool = False):
        self.out = output_dir(config)
        self.clean = bool(getattr(config, "clean", False))
        self.previous = previous or set()  # files the last build made, not to carry over
        self.carried: list[str] = []  # files carried over from the current output
        self.removed: list[str] = []  # with --clean: the files of the current output it drops
        # Changes moved into the current folder instead of a whole new folder swapped in
        # (see commit()); not with --clean, which must look at every file anyway.
        self.in_place = in_place and not self.clean and self.out.is_dir()
        self._kept: list[str] = []  # names keep() left where they are (in place)
        check_output_dir(self.out, config)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self._names: dict[str, str] = {}  # casefolded -> name, to refuse case clashes
        self._folders: set[str] = set()
        self._root, self._out = str(self.root), str(self.out)  # for os.path, see claim()
        self.committed = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            shutil.rmtree(self.root, ignore_errors=True)

    def claim(self, name: str) -> str:
        """The checked path where `name` goes in the new folder (its folder made). A
        string, not a Path: an edit build claims tens of thousands of names, and pathlib's
        parsing cost more than the writing."""
        check_relative_path(name)
        other = self._names.setdefault(name.casefold(), name)
        if other != name:
            raise ValueError(f"output paths differ only in case: {other!r} and {name!r}")
        path = os.path.join(self._root, name)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return path

    def write(self, name: str, data: bytes) -> str:
        """Store `name`; returns where it now is (as claim())."""
        path = self.claim(name)
        put_file(path, os.path.join(self._out, name), data)
        return path

    def keep(self, name: str) -> bool:
        """Carry `name` over from the current output; False when it is not there."""
        if self.in_place:
            check_relative_path(name)
            self._names.setdefault(name.casefold(), name)
            if not os.path.isfile(os.path.join(self._out, name)):
                return False
            self._kept.append(name)
            return True
        path = self.claim(name)
        try:
            _link(os.path.join(self._out, name), path)
        except FileNotFoundError:
            return False
        return True

    def keep_fresh(self, names: list[str]) -> list[str]:
        """keep() for files the caller has just found in the current output as the last
        build wrote them (Manifest.fresh), so in place there is nothing to look at again:
        an edit build keeps ~19,000 files. Returns the names that could not be kept."""
        if not self.in_place:
            return [name for name in names if not self.keep(name)]
        # The last build wrote them, so their paths were checked when it claimed them.
        folded = self._names
        for name in names:
            folded.setdefault(name.casefold(), name)
        self._kept.extend(names)
        return []

    def commit(self) -> None:
        if self.in_place and self._commit_in_place():
            self.committed = True
            return
        for name in self._kept:  # in place was not possible after all: stage them too
            _link(os.path.join(self._out, name), self.claim(name))
        if self.clean:
            self.removed = self._carry_over(link=False)
        else:
            self.carried = self._carry_over()
        _make_readable(self.root)
        _swap(self.root, self.out)
        self.committed = True

    def _commit_in_place(self) -> bool:
        """Move the staged files that differ into the current folder and take out the
        files the last build made and this one does not, each replaced file first moved
        to a backup folder; on any error (or Ctrl-C) every step is undone in reverse, so
        the site is as it was. An edit build changes a few dozen of its ~20,000 files:
        swapping a whole new folder in would link all of them and delete the old ones.
        False, with nothing done, when a file stands where the new site has a folder or
        the other way round (the swap handles that)."""
        # One lstat per target answers "same file?", "is it there?" and "a folder?"; the
        # folders above a target are looked at once each (a paragraph split rewrites
        # ~4,000 search files in a few dozen folders).
        moves: list[tuple[str, str, bool]] = []  # (staged, target, target exists) that differ
        top = len(self._root) + 1
        for folder, _, files in os.walk(self._root):
            for file in files:
                staged = os.path.join(folder, file)
                target = os.path.join(self._out, staged[top:])
                try:
                    st = os.lstat(target)
                except OSError:
                    moves.append((staged, target, False))
                    continue
                if stat.S_ISDIR(st.st_mode):
                    return False
                sa = os.stat(staged)
                if (sa.st_dev, sa.st_ino) != (st.st_dev, st.st_ino):
                    moves.append((staged, target, True))
        # A target that is there has its folders; for the others, no file may stand
        # where one of their folders must be.
        checked: set[str] = set()
        for _, target, exists in moves:
            if not exists and _file_in_the_way(target, self._out, checked):
                return False
        # Most of the last build's files are made again under the same name: a set
        # difference leaves the few to look at (case-folded, as claim() compares them).
        maybe_gone = self.previous.difference(self._names.values())
        gone = [
            os.path.join(self._out, name)
            for name in sorted(maybe_gone)
            if name.casefold() not in self._names and os.path.lexists(os.path.join(self._out, name))
        ]
        backup = tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent)
        undo: list[tuple[str, str | None, bool]] = []  # (target, its backup, new one placed)
        folders: set[str] = set()  # made (or found) already
        try:
            for n, (staged, target, exists) in enumerate(sorted(moves, key=lambda m: m[1])):
                saved = None
                if exists:
                    saved = os.path.join(backup, str(n))
                    os.replace(target, saved)
                else:
                    folder = os.path.dirname(target)
                    if folder not in folders:
                        os.makedirs(folder, exist_ok=True)
                        folders.add(folder)
                undo.append((target, saved, False))
                os.replace(staged, target)
                undo[-1] = (target, saved, True)
            for n, target in enumerate(gone, start=len(moves)):
                saved = os.path.join(backup, str(n))
                os.replace(target, saved)
                undo.append((target, saved, False))
        except BaseException:
            for target, saved, placed in reversed(undo):
                if placed:
                    os.unlink(target)
                if saved is not None:
                    os.replace(saved, target)
            shutil.rmtree(backup, ignore_errors=True)
            raise
        for target in gone:
            _remove_empty_folders(os.path.dirname(target), self._out)
        shutil.rmtree(backup, ignore_errors=True)
        shutil.rmtree(self.root, ignore_errors=True)
        return True

    def _carry_over(self, link: bool = True) -> list[str]:
        """Link every file of the current output that neither this build nor the last made
        into the new folder (the build's own file wins over one whose name differs only in
        case). With link=False only list them: what --clean removes."""
        carried: list[str] = []
        if not self.out.is_dir():
            return carried
        top = len(self._out) + 1
        for folder, dirs, files in os.walk(self._out):
            dirs.sort()
            # os.walk lists a link to a folder among the folders and does not enter it.
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
            for file in sorted(files + links):
                src = os.path.join(folder, file)
                name = src[top:].replace(os.sep, "/")
                if name.casefold() in self._names or name in self.previous:
                    continue
                if not link:
                    carried.append(name)
                    continue
                try:
                    path = self.claim(name)
                    if os.path.lexists(path):
                        continue  # a folder of the new site is there: the build wins
                    if os.path.islink(src):
                        os.symlink(os.readlink(src), path)
                    else:
                        _link(src, path)
                except OSError:
                    continue  # e.g. a file where the new site has a folder: the build wins
                carried.append(name)
        return carried


def put_file(path: str | Path, previous: str | Path, data: bytes) -> None:
    """Write `data` at `path`, or link `previous` there when it already holds `data`."""
    if not _keep_mtime(previous, path, data):
        with open(path, "wb") as f:
            f.write(data)


def _file_in_the_way(target: str, top: str, checked: set[str]) -> bool:
    """A file (not a folder) where one of target's folders must be. `checked` holds the
    folders already found free of one (a folder, or nothing yet), so that each is looked
    at once."""
    folder = os.path.dirname(target)
    seen: list[str] = []
    while len(folder) > len(top) and folder not in checked:
        if os.path.lexists(folder) and not os.path.isdir(folder):
            return True
        seen.append(folder)
        folder = os.path.dirname(folder)
    checked.update(seen)
    return False


def _remove_empty_folders(folder: str, top: str) -> None:
    """A removed report's folder, once empty, goes too (as it would with a swap)."""
    while len(folder) > len(top):
        try:
            os.rmdir(folder)
        except OSError:
            return  # not empty
        folder = os.path.dirname(folder)


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.replace(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()  # only the unique name is wanted; rename needs it free
    os.replace(out, old)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old, out)  # put the previous site back
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _keep_mtime(previous: str | Path, path: str | Path, data: bytes) -> bool:
    """An unchanged file keeps its old modification time, so servers and rsync see no
    change: it is linked (or copied with its times) instead of written. True if so."""
    try:
        st = os.stat(previous)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        with open(previous, "rb") as f:
            if f.read() != data:
                return False
        _link(previous, path)
    except OSError:
        return False
    return True


def _link(src: str | Path, dst: str | Path) -> None:
    """A hard link costs no copy and keeps the times; where links are not possible (some
    network and FAT file systems), a copy with the times."""
    try:
        os.link(src, dst)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copy2(src, dst)


def _make_readable(folder: Path) -> None:
    # mkdtemp makes a private (0700) folder; a site is meant to be served.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


def _check_case_clashes(files: dict[str, bytes]) -> None:
    """Two paths that differ only in case overwrite each other on macOS and Windows."""
    seen: dict[str, str] = {}
    for name in sorted(files):
        key = name.casefold()
        if key in seen:
            raise ValueError(f"output paths differ only in case: {seen[key]!r} and {name!r}")
        seen[key] = name
