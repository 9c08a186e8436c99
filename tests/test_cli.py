"""The build-site command: options, site.yaml, messages, exit codes, serve."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from govreport_site import __version__, cli
from govreport_site.config import load_config
from govreport_site.model import Diagnostic

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "reports"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A site folder with the sample reports, as the current folder."""
    shutil.copytree(SAMPLES, tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class FakePipeline:
    """Stands in for govreport_site.build: records the config, returns a set result."""

    def __init__(self, diagnostics=(), error: Exception | None = None):
        self.diagnostics = list(diagnostics)
        self.error = error
        self.configs = []

    def build(self, config, progress=None, **options):
        self.configs.append(config)
        if self.error:
            raise self.error
        config.out_dir.mkdir(parents=True, exist_ok=True)
        (config.out_dir / "index.html").write_text("<h1>政府工作报告库</h1>", encoding="utf-8")
        return SimpleNamespace(reports=5, pages=14, seconds=0.25, diagnostics=self.diagnostics)

    @staticmethod
    def default_progress(n, total, name):
        pass


@pytest.fixture
def fake(monkeypatch):
    def install(**kwargs):
        pipeline = FakePipeline(**kwargs)
        monkeypatch.setattr(cli, "load_pipeline", lambda: pipeline)
        return pipeline

    return install


WARNINGS = [
    Diagnostic("001_6cdde31dd99d9c5b.txt", "the date could not be determined"),
    Diagnostic("000_b4b53c33c4814be1.yaml", "unknown metadata key 'mayor' is ignored", line=2),
    Diagnostic("000_b4b53c33c4814be1.txt", "no targets passage found"),
]


def test_no_command_means_build_with_defaults(site, fake, capsys):
    pipeline = fake()
    assert cli.main([]) == 0
    (config,) = pipeline.configs
    assert config.reports_dir == site / "reports"
    assert config.out_dir == site / "_site"
    assert config.strict is False
    out = capsys.readouterr().out
    assert out.strip() == "Built 5 reports, 14 pages, 0 warnings in 0.2 s → _site/"


def test_options_reach_the_config(site, fake):
    pipeline = fake()
    (site / "texts").mkdir()
    args = ["build", "--reports", "texts", "--out", "public", "--base-url", "https://x.github.io/r"]
    assert cli.main(args) == 0
    config = pipeline.configs[0]
    assert config.reports_dir == site / "texts"
    assert config.out_dir == site / "public"
    assert config.base_url == "https://x.github.io/r/"


def test_warnings_grouped_by_file_and_counted(site, fake, capsys):
    fake(diagnostics=WARNINGS)
    assert cli.main(["build"]) == 0
    captured = capsys.readouterr()
    assert "Built 5 reports, 14 pages, 3 warnings in 0.2 s → _site/" in captured.out
    err = captured.err.splitlines()
    first = err.index(os.path.join("reports", "000_b4b53c33c4814be1.txt"))
    assert err[first + 1] == "  warning: no targets passage found"
    assert err[first + 2] == os.path.join("reports", "000_b4b53c33c4814be1.yaml")
    assert err[first + 3] == "  line 2: warning: unknown metadata key 'mayor' is ignored"
    assert "001_6cdde31dd99d9c5b.txt" in err[first + 4]


def test_strict_turns_warnings_into_exit_1(site, fake, capsys):
    fake(diagnostics=WARNINGS)
    assert cli.main(["--strict"]) == 1
    assert "3 warnings count as errors" in capsys.readouterr().err


def test_strict_without_warnings_succeeds(site, fake):
    fake()
    assert cli.main(["build", "--strict"]) == 0


def test_build_errors_exit_1(site, fake, capsys):
    fake(diagnostics=[Diagnostic("004_01b31af4fff02e6b.txt", "could not be read", level="error")])
    assert cli.main(["build"]) == 1
    assert "1 error" in capsys.readouterr().out


def test_crash_in_a_stage_exits_1_with_a_message(site, fake, capsys):
    fake(error=RuntimeError("template missing"))
    assert cli.main(["build"]) == 1
    assert "the build failed: RuntimeError: template missing" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--no-such-option"],
        ["publish"],
        ["build", "--base-url", "not a url"],
        ["serve", "--port", "eighty"],
    ],
)
def test_bad_usage_exits_2(site, fake, args):
    fake()
    with pytest.raises(SystemExit) as exc:
        cli.main(args)
    assert exc.value.code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--reports", "missing"], "reports folder not found"),
        (["build", "--out", "reports"], "overlaps the reports folder"),
        (["build", "--out", "reports/site"], "overlaps the reports folder"),
        (["build", "--out", "."], "is the current folder"),
    ],
)
def test_refused_folders_exit_2(site, fake, capsys, args, message):
    pipeline = fake()
    assert cli.main(args) == 2
    assert message in capsys.readouterr().err
    assert pipeline.configs == []  # refused before anything was built or written


def test_missing_default_reports_folder_explains(tmp_path, monkeypatch, fake, capsys):
    monkeypatch.chdir(tmp_path)
    fake()
    assert cli.main([]) == 2
    assert "run build-site in the folder that holds reports/" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"build-site {__version__}"


def test_site_yaml_and_command_line_override(site, fake):
    (site / "site.yaml").write_text(
        "title: 双鸭山市政府工作报告\n"
        "intro: |\n  收录**宝山区**历年报告。\n"
        "base_url: https://example.org/reports\n"
        "indicator_aliases: {GDP: 地区生产总值}\n",
        encoding="utf-8",
    )
    pipeline = fake()
    assert cli.main(["--base-url", "https://x.github.io/repo/"]) == 0
    config = pipeline.configs[0]
    assert config.title == "双鸭山市政府工作报告"
    assert config.intro == "收录**宝山区**历年报告。\n"
    assert config.base_url == "https://x.github.io/repo/"  # the flag wins
    assert config.extra == {"indicator_aliases": {"GDP": "地区生产总值"}}


def test_load_config_resolves_paths_against_root(tmp_path):
    config, diagnostics = load_config(tmp_path, reports_dir=None, out_dir=Path("public"))
    assert diagnostics == []
    assert config.root == tmp_path.resolve()
    assert config.reports_dir == tmp_path.resolve() / "reports"
    assert config.out_dir == tmp_path.resolve() / "public"
    assert config.base_url is None


def test_load_config_reports_site_yaml_problems(tmp_path):
    (tmp_path / "site.yaml").write_text(
        "title: [not, text]\nbase_url: /relative/\nintro: 简介\n", encoding="utf-8"
    )
    config, diagnostics = load_config(tmp_path)
    assert config.title == "政府工作报告库"  # the default stands
    assert config.base_url is None
    assert config.intro == "简介"
    assert sorted((d.source_file, d.line or 0) for d in diagnostics) == [
        ("site.yaml", 0),  # base_url: no line, it may come from the command line too
        ("site.yaml", 1),
    ]
    (tmp_path / "site.yaml").write_text("title: 报告库\nintro: '未闭合\n", encoding="utf-8")
    config, diagnostics = load_config(tmp_path)
    assert len(diagnostics) == 1 and diagnostics[0].line in (2, 3)
    assert "YAML syntax error" in diagnostics[0].message


def test_site_yaml_warnings_count_in_strict_mode(site, fake, capsys):
    (site / "site.yaml").write_text("base_url: relative/\n", encoding="utf-8")
    fake()
    assert cli.main(["--strict"]) == 1
    assert "site.yaml" in capsys.readouterr().err


@pytest.fixture
def served(monkeypatch):
    """What cli.main asked serve() to do: (folder, host, port, watching options)."""
    calls = []
    monkeypatch.setattr(
        "govreport_site.serve.serve",
        lambda out, host, port, **watching: calls.append((out, host, port, watching)) or 0,
    )
    return calls


def test_serve_builds_then_serves_the_output(site, fake, served):
    fake()
    assert cli.main(["serve", "--port", "0"]) == 0
    [(out, host, port, watching)] = served
    assert (out, host, port) == (site / "_site", "127.0.0.1", 0)
    assert site / "reports" in watching["watch"] and site / "site.yaml" in watching["watch"]
    assert site / "_site" in watching["skip"]
    assert watching["reload"] is True and callable(watching["rebuild"])


def test_serve_no_watch_serves_the_output_as_built(site, fake, served):
    fake()
    assert cli.main(["serve", "--port", "0", "--no-watch"]) == 0
    assert served == [(site / "_site", "127.0.0.1", 0, {})]


def test_serve_no_reload_watches_without_the_script(site, fake, served):
    fake()
    assert cli.main(["serve", "--no-reload"]) == 0
    assert served[0][3]["reload"] is False and callable(served[0][3]["rebuild"])


def test_serve_does_not_serve_a_failed_strict_build(site, fake, monkeypatch):
    fake(diagnostics=WARNINGS)
    calls = []
    monkeypatch.setattr("govreport_site.serve.serve", lambda *a, **k: calls.append(a) or 0)
    assert cli.main(["serve", "--strict"]) == 1
    assert calls == []


def test_serve_serves_a_site_built_with_errors_in_its_input(site, fake, monkeypatch, capsys):
    """Two reports of one region and year: exit code 1 for a build, but the site is whole,
    so serve serves it and says why it goes on."""
    duplicate = "2 reports for 黑龙江省/双鸭山市/宝山区 2024: a.txt, b.txt"
    fake(diagnostics=[Diagnostic("a.txt", duplicate, level="error")])
    calls = []
    monkeypatch.setattr("govreport_site.serve.serve", lambda *a, **k: calls.append(a) or 0)
    assert cli.main(["build"]) == 1
    assert cli.main(["serve", "--no-watch"]) == 0
    assert len(calls) == 1
    assert "serving the site built despite the errors" in capsys.readouterr().err


def test_end_to_end_build_of_the_samples(site):
    """The real pipeline, as a user runs it. Needs every stage (parse, render, publish)."""
    result = subprocess.run(
        [sys.executable, "-m", "govreport_site.cli", "--reports", "reports", "--out", "out"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("Built 5 reports, ")
    assert result.stdout.rstrip().endswith("→ out/")
    out = site / "out"
    for name in ("index.html", "404.html", "sitemap.xml", "data/reports.json"):
        assert (out / name).is_file(), name
    data = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == 5


def test_ctrl_c_stops_the_server_cleanly(tmp_path):
    (tmp_path / "index.html").write_text("<h1>政府工作报告库</h1>", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from govreport_site.serve import serve;"
        "sys.exit(serve(Path(sys.argv[1]), port=0))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert "Ctrl-C" in first
        url = first.split(" at ")[1].split()[0]
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Stopped" in out
    assert "Traceback" not in err


def test_serve_starts_even_when_the_warm_up_fails(site, fake, served, monkeypatch):
    fake()

    def broken(config):
        raise RuntimeError("warm-up broke")

    monkeypatch.setattr("govreport_site.build.warm_up", broken)
    assert cli.main(["serve", "--port", "0"]) == 0
    assert len(served) == 1


def test_after_the_warm_up_a_report_needs_no_new_imports_or_tokenizer(tmp_path):
    # In a fresh interpreter: what serve's first rebuild of an edited report would pay.
    code = """
import sys
from pathlib import Path
from govreport_site.build import process_report, warm_up
from govreport_site.config import load_config
from govreport_site.ingest.discover import InputFile
from govreport_site.analyse import segment
config, _ = load_config(Path(sys.argv[1]))
warm_up(config)
before, misses = set(sys.modules), segment._rjieba.cache_info().misses
path = next(Path(sys.argv[1], "reports").glob("*.txt"))
report = process_report(path.read_bytes(), InputFile(path, path.name))
from govreport_site.analyse.texts import site_dictionary
segment.token_counts([p.text for p in report.paragraphs()], site_dictionary(config))
new = sorted(m for m in set(sys.modules) - before if m.startswith(("govreport_site", "jieba")))
print(new, segment._rjieba.cache_info().misses - misses, len(report.paragraphs()))
"""
    shutil.copytree(SAMPLES, tmp_path / "reports")
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    new, tokenizers, paragraphs = done.stdout.strip().rsplit(" ", 2)
    assert int(paragraphs) > 20
    assert new == "[]" and tokenizers == "0"
