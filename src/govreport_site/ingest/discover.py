"""Find report files under the reports folder and the metadata they inherit.

Reports are text files: *.txt, *.text, *.md, *.markdown, and web pages saved from a
browser, *.html, *.htm, *.mhtml, *.mht (any case). Beside them: <stem>.yaml sidecars and _meta.yaml
folder files (metadata), README files (notes for people, skipped), hidden files, editor/OS
leftovers and the <page>_files folder a browser saves a page's pictures and scripts in
(skipped). Anything else, a PDF or a .docx dropped in by mistake, is reported rather than
silently ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from govreport_site.ingest.decode import NOT_TEXT, sniff_format
from govreport_site.ingest.metadata import clean_metadata, load_yaml
from govreport_site.model import Diagnostic

HTML_SUFFIXES = (".html", ".htm")
ARCHIVE_SUFFIXES = (".mhtml", ".mht")  # a web page and its files as one MIME message
REPORT_SUFFIXES = (".txt", ".text", ".md", ".markdown", *HTML_SUFFIXES, *ARCHIVE_SUFFIXES)
MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_SUFFIXES = (".yaml", ".yml")
FOLDER_META = ("_meta.yaml", "_meta.yml")

# Formats worth naming when they turn up without a telling magic number.
_KNOWN_FORMATS = {
    ".pdf": "PDF",
    ".doc": "Word .doc",
    ".docx": "Word .docx",
    ".wps": "WPS",
    ".rtf": "RTF",
    ".odt": "OpenDocument",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
    ".jpg": "JPEG image",
    ".jpeg": "JPEG image",
    ".png": "PNG image",
    ".gif": "GIF image",
    ".bmp": "BMP image",
    ".tif": "TIFF image",
    ".tiff": "TIFF image",
    ".webp": "WebP image",
    ".zip": "zip archive",
    ".rar": "RAR archive",
    ".7z": "7z archive",
    ".epub": "EPUB",
    ".caj": "CAJ",
    ".ofd": "OFD",
}

# Left behind by operating systems and editors; never reports, never worth a warning.
_JUNK_NAMES = {"thumbs.db", "desktop.ini"}
_JUNK_PREFIXES = ("~$", ".~lock")
_JUNK_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig")


class ReportsFolderError(Exception):
    """The reports folder does not exist or is not a folder."""


@dataclass
class InputFile:
    path: Path  # absolute path of the report file
    rel: str  # path relative to the reports folder, '/'-separated
    inherited: dict = field(default_factory=dict)  # merged _meta.yaml files and sidecar


def discover(
    reports_dir: Path, max_mb: float | None = None
) -> tuple[list[InputFile], list[Diagnostic]]:
    """All report files below `reports_dir`, sorted by relative path, with the
    cleaned metadata each inherits from _meta.yaml files and its sidecar.

    Report files larger than `max_mb` megabytes are not read: an error names them.
    """
    reports_dir = Path(reports_dir)
    if not reports_dir.is_dir():
        what = "is not a folder" if reports_dir.exists() else "not found"
        raise ReportsFolderError(f"reports folder {what}: {reports_dir}")
    root = reports_dir.resolve()

    diagnostics: list[Diagnostic] = []
    yaml_cache: dict[Path, dict] = {}

    def read_meta(path: Path) -> dict:
        """Cleaned metadata of one YAML file, read and checked once per build."""
        if path not in yaml_cache:
            rel = path.relative_to(root).as_posix()
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                diagnostics.append(Diagnostic(rel, f"metadata file unreadable ({exc}); ignored"))
                yaml_cache[path] = {}
                return {}
            raw, lines, problems = load_yaml(text, rel)
            clean, more = clean_metadata(raw, rel, lines)
            diagnostics.extend(problems + more)
            yaml_cache[path] = clean
        return yaml_cache[path]

    items: list[InputFile] = []
    # Each folder's file names (casefolded), walked top-down: _pick looks names up here
    # before asking the file system (two stats per report otherwise).
    listed: dict[Path, set[str]] = {}
    for folder, prefix, files in _walk(root):
        listed[folder] = {name.casefold() for name in files}
        folder_meta: dict = {}
        for ancestor in _ancestors(root, folder):
            meta_file = _pick(ancestor, FOLDER_META, diagnostics, root, listed.get(ancestor))
            if meta_file:
                folder_meta.update(read_meta(meta_file))

        # Names as strings, not Paths: at 10,000 reports pathlib's parsing was half the
        # time of a build with nothing to do.
        stems = {_stem(name) for name in files if name.lower().endswith(REPORT_SUFFIXES)}
        for name in files:
            rel = prefix + name
            lower = name.lower()
            if lower.endswith(REPORT_SUFFIXES):
                if _stem(lower) == "readme":
                    continue  # notes about the folder, for people
                path = folder / name
                too_big = _too_big(path, max_mb)
                if too_big:
                    diagnostics.append(Diagnostic(rel, too_big, level="error"))
                    continue
                inherited = dict(folder_meta)
                sidecars = [_stem(name) + s for s in YAML_SUFFIXES]
                sidecar = _pick(folder, sidecars, diagnostics, root, listed[folder])
                if sidecar:
                    inherited.update(read_meta(sidecar))
                items.append(InputFile(path=path, rel=rel, inherited=inherited))
            elif lower.endswith(YAML_SUFFIXES):
                if name in FOLDER_META or (folder == root and _stem(lower) == "site"):
                    continue
                if _stem(name) not in stems:
                    msg = (
                        "metadata file with no report beside it (a sidecar must have the "
                        "report's file name with .yaml instead of .txt or .md); ignored"
                    )
                    diagnostics.append(Diagnostic(rel, msg))
            elif not _is_junk(name):
                diagnostics.append(Diagnostic(rel, _not_a_report(folder / name)))

    items.sort(key=lambda item: item.rel)
    return items, sorted(diagnostics, key=lambda d: (d.source_file, d.line or 0, d.message))


def _walk(root: Path):
    """(folder, its path relative to root with a trailing '/' or "" for root, sorted file
    names) for every visible folder, in a stable order."""
    top = str(root)
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _page_assets(d, files))
        inner = folder[len(top) :].lstrip(os.sep)
        prefix = inner.replace(os.sep, "/") + "/" if inner else ""
        yield Path(folder), prefix, sorted(f for f in files if not f.startswith("."))


def _page_assets(folder: str, files: list[str]) -> bool:
    """Whether `folder` holds what a browser saved with a page beside it: 政府工作报告_files
    (or .files) next to 政府工作报告.html."""
    for mark in ("_files", ".files"):
        if folder.endswith(mark) and any(
            folder[: -len(mark)] + suffix in files for suffix in HTML_SUFFIXES
        ):
            return True
    return False


def _stem(name: str) -> str:
    """Path(name).stem for a bare file name."""
    base, dot, suffix = name.rpartition(".")
    return base if dot and base and suffix else name


def _ancestors(root: Path, folder: Path) -> list[Path]:
    """root, then each folder down to `folder` (outermost first)."""
    chain = [root]
    for part in folder.relative_to(root).parts:
        chain.append(chain[-1] / part)
    return chain


def _pick(
    folder: Path, names, diagnostics: list[Diagnostic], root: Path, listed: set[str] | None
) -> Path | None:
    """The first of `names` that exists in `folder`, warning when more than one does.
    `listed`: the folder's file names, casefolded (a name not among them is not there,
    whether or not the file system tells case apart), or None to ask for each."""
    if listed is not None:
        names = [n for n in names if n.casefold() in listed]
    found = [folder / n for n in names if (folder / n).is_file()]
    if len(found) > 1:
        rel = found[1].relative_to(root).as_posix()
        msg = f"ignored: {found[0].name} beside it is used instead (keep only one of them)"
        if not any(d.source_file == rel and d.message == msg for d in diagnostics):
            diagnostics.append(Diagnostic(rel, msg))
    return found[0] if found else None


def _too_big(path: Path, max_mb: float | None) -> str | None:
    """Why a report file is too large to read, or None."""
    if max_mb is None:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it will say what is wrong
    if size <= max_mb * 1_000_000:
        return None
    return (
        f"not read: the file is {size / 1_000_000:.1f} MB, more than the {max_mb:g} MB a "
        "report may have (a report is usually under 200 KB: is it several reports in one "
        "file?); split it, or raise max_report_mb in site.yaml"
    )


def _is_junk(name: str) -> bool:
    lower = name.lower()
    return (
        lower in _JUNK_NAMES or lower.startswith(_JUNK_PREFIXES) or lower.endswith(_JUNK_SUFFIXES)
    )


def _not_a_report(path: Path) -> str:
    """Why a file that is not .txt/.md is skipped, naming its format when we can."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        return f"unreadable ({exc}); skipped"
    kind = sniff_format(head) or _KNOWN_FORMATS.get(path.suffix.lower())
    if kind:
        return f"{NOT_TEXT} ({kind}); skipped"
    if head and b"\x00" not in head:
        return "not a report file: rename it to .txt or .md to include it; skipped"
    return f"{NOT_TEXT} (binary file); skipped"
