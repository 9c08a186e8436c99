"""Find report files under the reports folder and the metadata they inherit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from govreport_site.model import Diagnostic


@dataclass
class InputFile:
    path: Path  # absolute path of the report file
    rel: str  # path relative to the reports folder, '/'-separated
    inherited: dict = field(default_factory=dict)  # merged _meta.yaml files and sidecar


def discover(reports_dir: Path) -> tuple[list[InputFile], list[Diagnostic]]:
    raise NotImplementedError
