"""A problem found in the inputs: a message (a code and its parameters, with its
texts in the message catalogue), where it is (file, row, column, the cell's value
as it may be shown) and how bad it is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from analysis.problems import catalogue

Severity = Literal["error", "warning"]


class Message(str):
    """A catalogued message: its ``code`` and ``params``; as a string, its English text.

    The texts come from ``data/messages.yaml`` (:mod:`analysis.problems.catalogue`):
    ``fi()`` is the Finnish one. A code that is not in the catalogue, or parameters
    its texts do not take, fail here, where the message is made.

    >>> m = Message("submitted_after_cutoff", date="31.12.2025")
    >>> str(m), m.fi()
    ('submitted after the cut-off date 31.12.2025', 'lähetetty rajapäivän 31.12.2025 jälkeen')
    >>> Message.from_key(m.key()).fi()
    'lähetetty rajapäivän 31.12.2025 jälkeen'
    """

    code: str
    params: tuple[tuple[str, str], ...]

    def __new__(cls, code: str, **params: object) -> Message:
        written = {name: str(value) for name, value in params.items()}
        made = super().__new__(cls, catalogue.text(code, written, "en"))
        made.code = code
        made.params = tuple(sorted(written.items()))
        return made

    def __reduce__(self):  # pickled (e.g. to a worker process) as its code and parameters
        return (_message, (self.code, dict(self.params)))

    def text(self, language: str) -> str:
        return catalogue.text(self.code, dict(self.params), language)

    def fi(self) -> str:
        return self.text("fi")

    def key(self) -> str:
        """The code and parameters as one JSON text (for data/processed/)."""
        return json.dumps({"code": self.code, "params": dict(self.params)}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_key(cls, key: str) -> Message:
        found = json.loads(key)
        return cls(found["code"], **found["params"])


def _message(code: str, params: dict[str, str]) -> Message:
    return Message(code, **params)


@dataclass(frozen=True)
class Problem:
    """One row-level finding, named by file, row and column."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: Message
    severity: Severity  # error: the row is excluded as invalid; warning: the cell is left empty

    @property
    def code(self) -> str:
        return self.message.code

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"
