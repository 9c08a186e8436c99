"""Write the output folder atomically.

The new site is written into a temporary folder beside the output folder (same parent, so
the final rename stays on one file system), then swapped in: the old folder is renamed
away, the new one renamed into place, the old one deleted. A build that fails half-way
leaves the previous site as it was.

Every path is checked before anything is written: absolute paths, drive letters, "..",
backslashes and empty or dot segments are refused with a ValueError naming the path, so no
id, slug or region name can make the build write outside its folder. The output folder
itself may not be the file system root, the home folder, the site folder or a folder that
holds the reports, because the swap replaces the whole folder.
"""

from __future__ import annotations

import os
import re
import shutil
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
    out = output_dir(config)
    check_output_dir(out, config)
    out.parent.mkdir(parents=True, exist_ok=True)

    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for name in sorted(files):
            path = new.joinpath(*name.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])
            _keep_mtime(out / name, path, files[name])
        _make_readable(new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    _swap(new, out)


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


def _keep_mtime(previous: Path, path: Path, data: bytes) -> None:
    """An unchanged file keeps its old modification time, so servers and rsync see no change."""
    try:
        if (
            previous.is_file()
            and previous.stat().st_size == len(data)
            and previous.read_bytes() == data
        ):
            st = previous.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    except OSError:
        pass


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
