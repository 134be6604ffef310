"""The analyst's hand-kept CSV files beside the exports.

exclusions.csv       response id, reason: responses to remove (tests, withdrawn forms)
listing_status.csv   Innokylä link, liitetty (kyllä/ei), tarkistettu (date): whether
                     the assessment is attached to its Innokylä description
theme_codes.csv      response id, theme (id or Finnish name), code (1/0): reviewed
                     theme codes that override the automatic coding

Headers are matched through the codebook (``handkept`` section), like export
headers. A file that lacks a needed column is refused whole; a bad line is listed
as a warning and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.files.grid import ExportError, read_grid
from analysis.form.codebook import Codebook, load_codebook, normalise, normalise_header
from analysis.ingest.cell_parsers import NO_WORDS, YES_WORDS, cell_texts
from analysis.problems.record import Problem
from analysis.problems.redaction import describe
from analysis.processed import response_ids
from analysis.processed.model_keys import normalise_url
from analysis.themes.coder import ReviewedCodes
from analysis.themes.rules import load_themebook

OPTIONAL_ROLES = {"attached_on"}  # columns a hand-kept file may leave out


def _read_table(path: Path, kind: str, codebook: Codebook) -> pd.DataFrame:
    """The file's columns by role (as named in the codebook), plus its spreadsheet row.
    A missing optional column (OPTIONAL_ROLES) reads as empty cells."""
    aliases = {role: {normalise_header(h) for h in names} for role, names in codebook.handkept[kind].items()}

    def score(rows) -> int:
        return sum(1 for h in rows[0] if any(normalise_header(h) in a for a in aliases.values())) if rows else 0

    cells = read_grid(path, score).cells
    table = pd.DataFrame(index=cells.index[1:])
    if cells.empty:
        return table.assign(row=pd.Series(dtype=int))
    header = [normalise_header(h) for h in cell_texts(cells.iloc[0])]
    for role, names in aliases.items():
        found = [i for i, h in enumerate(header) if h in names]
        if not found and role in OPTIONAL_ROLES:
            table[role] = ""
            continue
        if not found:
            raise ExportError(
                path,
                f"the {kind.replace('_', ' ')} file needs a {role!r} column "
                f"(one of: {', '.join(codebook.handkept[kind][role])})",
            )
        table[role] = cell_texts(cells.iloc[1:, found[0]])
    table["row"] = table.index + 1
    return table


@dataclass
class Exclusions:
    """The analyst's hand-kept list: response id (canonical, see response_ids) -> reason."""

    reasons: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def read_exclusions(path: Path | str | None, codebook: Codebook | None = None) -> Exclusions:
    """Read exclusions.csv (response id, reason); None gives no exclusions."""
    if path is None:
        return Exclusions()
    path = Path(path)
    table = _read_table(path, "exclusions", codebook or load_codebook())
    result = Exclusions(path=path)
    for line in table.itertuples():
        if not line.response_id and not line.reason:
            continue
        response_id = response_ids.canonical(line.response_id)
        if response_id is None:
            result.problems.append(
                Problem(
                    path.name,
                    line.row,
                    "response_id",
                    describe(line.response_id),
                    f"not a response id ({describe(line.response_id)}); line ignored",
                    "warning",
                )
            )
            continue
        if not line.reason:
            result.problems.append(
                Problem(
                    path.name, line.row, "reason", None, "no reason given; the response is still excluded", "warning"
                )
            )
        result.reasons[response_id] = line.reason or "(ei syytä)"
    return result


@dataclass
class ListingStatus:
    """Normalised Innokylä link -> attached (True/False), as last checked."""

    attached: dict[str, bool] = field(default_factory=dict)
    checked_on: date | None = None
    attached_on: dict[str, date] = field(default_factory=dict)  # link -> the day it was attached, where given

    @property
    def dated(self) -> bool:
        """Every attached model has its attachment day: the figure can be told per cutoff."""
        links = [link for link, yes in self.attached.items() if yes]
        return bool(links) and all(link in self.attached_on for link in links)

    path: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def read_listing_status(path: Path | str | None, codebook: Codebook | None = None) -> ListingStatus:
    """Read listing_status.csv (innokyla_url, liitetty, tarkistettu); None gives none."""
    if path is None:
        return ListingStatus()
    path = Path(path)
    table = _read_table(path, "listing_status", codebook or load_codebook())
    result = ListingStatus(path=path)
    checked: list[date] = []
    for line in table.itertuples():
        if not line.innokyla_url and not line.attached:
            continue
        link = normalise_url(line.innokyla_url)
        value = normalise(line.attached)
        if link is None:
            result.problems.append(
                Problem(
                    path.name,
                    line.row,
                    "innokyla_url",
                    describe(line.innokyla_url),
                    "not a link; line ignored",
                    "warning",
                )
            )
            continue
        if value not in YES_WORDS | NO_WORDS:
            result.problems.append(
                Problem(
                    path.name,
                    line.row,
                    "liitetty",
                    describe(line.attached),
                    "neither 'kyllä' nor 'ei'; line ignored",
                    "warning",
                )
            )
            continue
        attached = value in YES_WORDS
        if link in result.attached and result.attached[link] != attached:
            result.problems.append(
                Problem(
                    path.name,
                    line.row,
                    "innokyla_url",
                    line.innokyla_url,
                    "the same link is listed again with another status; the later line counts",
                    "warning",
                )
            )
        result.attached[link] = attached
        result.attached_on.pop(link, None)
        if attached and line.attached_on:
            try:
                result.attached_on[link] = date.fromisoformat(line.attached_on)
            except ValueError:
                result.problems.append(
                    Problem(
                        path.name,
                        line.row,
                        "liitetty_pvm",
                        describe(line.attached_on),
                        "not a date (YYYY-MM-DD)",
                        "warning",
                    )
                )
        try:
            checked.append(date.fromisoformat(line.checked_on))
        except ValueError:
            if line.checked_on:
                result.problems.append(
                    Problem(
                        path.name,
                        line.row,
                        "tarkistettu",
                        describe(line.checked_on),
                        "not a date (YYYY-MM-DD)",
                        "warning",
                    )
                )
    result.checked_on = max(checked) if checked else None
    return result


def read_theme_codes(path: Path | str | None, codebook: Codebook | None = None) -> ReviewedCodes:
    """Read theme_codes.csv (response id, theme, 1/0); None gives no reviewed codes."""
    if path is None:
        return ReviewedCodes()
    path = Path(path)
    table = _read_table(path, "theme_codes", codebook or load_codebook())
    book = load_themebook()
    result = ReviewedCodes(path=path)
    for line in table.itertuples():
        if not (line.response_id or line.theme or line.code):
            continue
        problem = None
        try:
            theme = book.theme(line.theme)
        except KeyError:
            theme, problem = None, f"not one of the seven themes ({describe(line.theme)}); line ignored"
        value = normalise(line.code)
        response_id = response_ids.canonical(line.response_id)
        if response_id is None:
            problem = f"not a response id ({describe(line.response_id)}); line ignored"
        elif theme is not None and value not in YES_WORDS | (NO_WORDS - {""}):
            problem = f"the code is neither 1 nor 0 ({describe(line.code)}); line ignored"
        if problem:
            result.problems.append(Problem(path.name, line.row, None, None, problem, "warning"))
            continue
        assert theme is not None and response_id is not None  # else a problem above
        result.codes[(response_id, theme.id)] = value in YES_WORDS
    return result
