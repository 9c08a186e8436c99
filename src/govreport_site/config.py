"""Site configuration: site.yaml beside reports/, overridden by command-line flags."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from govreport_site.ingest.metadata import load_yaml
from govreport_site.model import Diagnostic

PACKAGE_DIR = Path(__file__).resolve().parent


def default_theme_dir(name: str) -> Path:
    """The default theme's templates/ or static/ folder.

    In a wheel it sits inside the package (govreport_site/theme/…); in a source or
    editable checkout it is the top-level folder of the repository.
    """
    packaged = PACKAGE_DIR / "theme" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent.parent / name


@dataclass
class Config:
    root: Path = field(default_factory=Path.cwd)  # the site's folder (holds site.yaml)
    reports_dir: Path = Path("reports")
    out_dir: Path = Path("_site")
    base_url: str | None = (
        None  # absolute URL of the published site, e.g. https://x.github.io/repo/
    )
    strict: bool = False
    clean: bool = False  # drop files in the output folder that the build did not make
    title: str = "政府工作报告库"
    intro: str = ""  # Markdown, shown on the home page
    language: str = "zh-CN"
    # A report is 10-200 KB of text; a file many times larger is several reports in one, a
    # log or a dump. Ordinary text builds at about 1 s per MB, but text of nothing but
    # headings (一、二、三、…) costs about a minute per MB across the stages.
    max_report_mb: float = 2.0
    # How pairs of reports of the same year in one province are compared: "pages"
    # (precomputed compare pages) or "browser" (links to the compare-any-two page, which
    # aligns them in the browser): at 10,000 reports their pages are about 15 % of the
    # site and half of a cold build's comparisons.
    compare_same_year: str = "pages"
    extra: dict = field(
        default_factory=dict
    )  # keys for later stages (indicator aliases, dictionary)

    @property
    def template_dirs(self) -> list[Path]:
        """Search path: the site's own templates/ first, then the default theme."""
        own = self.root / "templates"
        dirs = [own] if own.is_dir() else []
        theme = default_theme_dir("templates")
        return [d for d in dirs if d.resolve() != theme.resolve()] + [theme]

    @property
    def static_dirs(self) -> list[Path]:
        """Default theme's static/ first, then the site's own, which overrides it."""
        theme = default_theme_dir("static")
        own = self.root / "static"
        return [theme] + ([own] if own.is_dir() and own.resolve() != theme.resolve() else [])


def key_form(config: Config) -> dict[str, object]:
    """The config as the build's keys see it. Its folders as paths relative to the site's
    folder, in plain strings: a site named by a relative path one time and an absolute
    one the next (the API, then the command line), or moved, builds the same site, which
    shows no path of this machine; and Python 3.13 pickles a Path as it was joined, so two
    equal paths could otherwise give two keys. What the folders hold has keys of its own
    (report hashes, template and static fingerprints)."""
    root = os.path.abspath(config.root)
    form: dict[str, object] = {}
    for name in config.__dataclass_fields__:
        value = getattr(config, name)
        if name == "root":
            value = "."
        elif isinstance(value, Path):  # a relative one is under root (as output_dir reads it)
            value = os.path.relpath(os.path.join(root, value), root)
        form[name] = value
    return form


SITE_FILE = "site.yaml"
# Keys of site.yaml read here; every other key is kept in Config.extra for later stages.
_SITE_KEYS = ("title", "intro", "base_url", "language")
_NUMBER_KEYS = ("max_report_mb",)
# compare: {same_year: …}: its allowed values, the default first.
COMPARE_SAME_YEAR = ("pages", "browser")


def load_config(root: Path, **overrides) -> tuple[Config, list[Diagnostic]]:
    """The site's Config: defaults < site.yaml in `root` < `overrides`.

    `overrides` are Config field names (reports_dir, out_dir, base_url, strict, title,
    …) from the command line; None means "not given". Relative paths are taken
    relative to `root`. Problems in site.yaml become warnings, never a crash.
    """
    root = Path(root).resolve()
    values: dict = {}
    extra: dict = {}
    diagnostics: list[Diagnostic] = []

    path = root / SITE_FILE
    if path.is_file():
        data, lines, diagnostics = _read_site_yaml(path)
        for key in sorted(data, key=str):
            value = data[key]
            if key in _NUMBER_KEYS:
                if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
                    values[key] = float(value)
                else:
                    msg = f"'{key}' should be a positive number; the value {value!r} is ignored"
                    diagnostics.append(Diagnostic(SITE_FILE, msg, line=lines.get(key)))
            elif key == "compare":
                values.update(_compare_settings(value, lines.get(key), diagnostics))
            elif key not in _SITE_KEYS:
                extra[str(key)] = value
            elif value is None:
                continue
            elif not isinstance(value, str):
                msg = f"'{key}' should be text; the value {value!r} is ignored"
                diagnostics.append(Diagnostic(SITE_FILE, msg, line=lines.get(key)))
            else:
                values[key] = value

    for key, value in overrides.items():
        if value is None:
            continue
        if key not in Config.__dataclass_fields__ or key == "root":
            raise TypeError(f"load_config() got an unknown setting {key!r}")
        values[key] = value

    if values.get("base_url"):
        base_url, problem = normalise_base_url(values["base_url"])
        if problem:
            diagnostics.append(Diagnostic(SITE_FILE, f"base_url: {problem}; it is ignored"))
        values["base_url"] = base_url

    config = Config(root=root, extra=extra, **values)
    config.reports_dir = _under(root, Path(config.reports_dir))
    config.out_dir = _under(root, Path(config.out_dir))
    return config, diagnostics


def _compare_settings(value: object, line: int | None, diagnostics: list[Diagnostic]) -> dict:
    """Config fields from site.yaml's `compare:` mapping; problems become warnings."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        msg = f"'compare' should be a mapping (like 'same_year: browser'); {value!r} is ignored"
        diagnostics.append(Diagnostic(SITE_FILE, msg, line=line))
        return {}
    out = {}
    for name in sorted(value, key=str):
        found = value[name]
        if name != "same_year":
            msg = f"'compare' has no setting {name!r} (known: same_year); it is ignored"
            diagnostics.append(Diagnostic(SITE_FILE, msg, line=line))
        elif found in COMPARE_SAME_YEAR:
            out["compare_same_year"] = found
        else:
            allowed = " or ".join(COMPARE_SAME_YEAR)
            msg = f"'compare: same_year' should be {allowed}; the value {found!r} is ignored"
            diagnostics.append(Diagnostic(SITE_FILE, msg, line=line))
    return out


def normalise_base_url(url: str) -> tuple[str | None, str | None]:
    """An absolute http(s) URL ending in '/', or (None, why not)."""
    url = url.strip()
    if not re.match(r"https?://[^/\s]+", url):
        return None, f"{url!r} is not an absolute http(s) URL (like https://example.org/site/)"
    return (url if url.endswith("/") else url + "/"), None


def _under(root: Path, path: Path) -> Path:
    return path if path.is_absolute() else root / path


def _read_site_yaml(path: Path) -> tuple[dict, dict, list[Diagnostic]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, {}, [Diagnostic(SITE_FILE, f"cannot be read ({exc}); defaults are used")]
    return load_yaml(text, SITE_FILE)
