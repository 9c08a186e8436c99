"""Site configuration: site.yaml beside reports/, overridden by command-line flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    base_url: str | None = None  # absolute URL of the published site, e.g. https://x.github.io/repo/
    strict: bool = False
    title: str = "政府工作报告库"
    intro: str = ""  # Markdown, shown on the home page
    language: str = "zh-CN"
    extra: dict = field(default_factory=dict)  # keys for later stages (indicator aliases, dictionary)

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
