"""A problem found in the inputs: what it is about (file, row, column, the cell's
value as it may be shown) and how bad it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
