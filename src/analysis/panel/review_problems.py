"""A problem the panel's commands find in a file the analyst or a reviewer keeps (the
reviewers file, a filled scoring workbook): a catalogued message and where it is.
In the panel's files and the report a problem is shown in Finnish; on the command
line in English, as every problem."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.problems.record import Message


@dataclass(frozen=True)
class ReviewProblem:
    file: str
    row: int | None
    column: str | None
    message: Message

    def text(self, language: str = "fi") -> str:
        """ "file, rivi 3, sarake Mittarit: …" (or in English: "file, row 3, column …: …")."""
        row, column = WHERE[language]
        where = [self.file]
        if self.row is not None:
            where.append(f"{row} {self.row}")
        if self.column:
            where.append(f"{column} {self.column}")
        return f"{', '.join(where)}: {self.message.text(language)}"

    def __str__(self) -> str:
        return self.text("fi")


WHERE = {"fi": ("rivi", "sarake"), "en": ("row", "column")}
