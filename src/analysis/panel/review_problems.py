"""A problem the panel's commands find in a file the analyst or a reviewer keeps (the
reviewers file, a filled scoring workbook): a catalogued message and where it is.
The panel speaks Finnish: a problem is shown with its message's Finnish text."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.problems.record import Message


@dataclass(frozen=True)
class ReviewProblem:
    file: str
    row: int | None
    column: str | None
    message: Message

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rivi {self.row}")
        if self.column:
            where.append(f"sarake {self.column}")
        return f"{', '.join(where)}: {self.message.fi()}"
