"""The typed responses' record: the processed schema, and the problem and file
records that reading, cleaning, the hand-kept files and the CLI pass along."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from .codebook import Codebook

Severity = Literal["error", "warning"]

# A workbook with a sheet named so is the bundled synthetic sample (analysis.synthetic).
SYNTHETIC_MARK = "SYNTEETTINEN"
# The Innokylä link normalised (analysis.keys): computed with the link's check, used
# for the model key, not stored.
LINK_COLUMN = "_innokyla_link"


@dataclass(frozen=True)
class Problem:
    """One row-level finding, named by file, row and column."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    severity: Severity  # error: the row is excluded as invalid; warning: the cell is left empty

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


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


# --- schema -------------------------------------------------------------------------


def processed_schema(codebook: Codebook) -> dict[str, object]:
    """Column name -> dtype of the typed responses (and of data/processed/)."""
    schema: dict[str, object] = {
        "response_id": "string",
        "submitted_at": "datetime64[us]",
        "region": pd.CategoricalDtype(codebook.region_names, ordered=True),
        "region_code": "string",
    }
    for q in codebook.questions:
        if q.pii or q.id in schema:
            continue
        if q.type in ("text", "url"):
            schema[q.id] = "string"
        elif q.type == "number":
            schema[q.id] = "Int64"
        elif q.type == "single":
            schema[q.id] = pd.CategoricalDtype([o.label for o in q.options], ordered=True)
        elif q.type == "multi":
            for opt in q.options:
                schema[q.option_column(opt)] = "boolean"
                if opt.other_text:
                    schema[q.other_text_column(opt)] = "string"
        elif q.type == "matrix":
            for item in q.items:
                schema[q.item_column(item)] = pd.CategoricalDtype(list(q.scale), ordered=True)
    schema["model_key"] = "string"
    schema["source_file"] = "string"
    schema["source_row"] = "Int64"
    schema["invalid_reason"] = "string"
    return schema


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """The problems as a table (for data/processed/ and the report)."""
    return pd.DataFrame(
        {
            "file": pd.array([p.file for p in problems], dtype="string"),
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": pd.array([p.column for p in problems], dtype="string"),
            "value": pd.array([p.value for p in problems], dtype="string"),
            "message": pd.array([p.message for p in problems], dtype="string"),
            "severity": pd.array([p.severity for p in problems], dtype="string"),
        }
    )
