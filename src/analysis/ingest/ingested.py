"""What reading the exports gives: the typed responses of every file, what was
read from each file, and the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.problems.record import Problem


@dataclass
class SourceFile:
    """What was read from one export file."""

    path: Path
    sha256: str
    description: str
    header_rows: int
    rows: int
    blank_rows: int
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (header in file, column)
    unrecognised: list[str] = field(default_factory=list)
    personal_data_dropped: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)  # canonical headers of absent questions
    synthetic: bool = False  # the workbook says it is the synthetic sample

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Ingested:
    """All responses of all files, typed; one row per raw data row."""

    responses: pd.DataFrame
    files: list[SourceFile]
    problems: list[Problem]

    @property
    def raw_rows(self) -> int:
        return len(self.responses)
