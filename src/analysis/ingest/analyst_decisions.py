"""What the analyst's hand-kept files beside the exports mean.

exclusions.csv       response id, reason: responses to remove (tests, withdrawn forms)
listing_status.csv   Innokylä link, liitetty (kyllä/ei), tarkistettu (date), optional
                     liitetty_pvm (date): whether the assessment is attached to its
                     Innokylä description, and since when
theme_codes.csv      response id, theme (id or Finnish name), code (1/0): reviewed
                     theme codes that override the automatic coding

The files are read by :func:`analysis.files.hand_kept.read_hand_kept` (any encoding
Excel saves in, ``;`` ``,`` or tab, or a workbook); their header aliases are in the
codebook (``handkept`` section). A hand-kept file is the analyst's word: the build
either follows each row or names it, with file, row and column:

- a path that is there but is no readable file, a file without a needed column,
  and rows that contradict each other (the same response id with two reasons, the
  same response and theme with 1 and 0, the same link with two statuses or
  attachment dates) refuse the build (exit 1) before anything is written, naming
  the file and both rows: no row of a contradiction is kept or dropped silently;
- a row repeated exactly counts once, with a note;
- a row that cannot be used (not a response id, not a link, neither kyllä nor ei,
  an unknown theme, a code that is not 1 or 0) is named and ignored; an unreadable
  date is named and not used; an empty ``liitetty`` counts as not known ("Ei
  tietoa"), never as "Ei";
- ids and links in no export are named by the cleaning (:mod:`analysis.ingest.cleaning`)
  and the pipeline (reviewed theme codes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.files.hand_kept import HandKeptError, HandKeptTable, parse_day, read_hand_kept, repeats
from analysis.form.codebook import Codebook, load_codebook, normalise
from analysis.ingest.cell_parsers import NO_WORDS, YES_WORDS
from analysis.problems.record import Message, Problem
from analysis.problems.redaction import describe
from analysis.processed import response_ids
from analysis.processed.model_keys import normalise_url
from analysis.themes.coder import CheckedCodes
from analysis.themes.rules import load_themebook

OPTIONAL_ROLES = {"attached_on"}  # columns a hand-kept file may leave out


def _read(path: Path, kind: str, codebook: Codebook) -> tuple[HandKeptTable, list[Problem]]:
    """The file's rows by role, and what the reader found of whole rows and of the file."""
    roles = codebook.handkept[kind]
    table = read_hand_kept(path, roles, [r for r in roles if r in OPTIONAL_ROLES])
    problems = [
        Problem(path.name, note.index + 1, None, None, Message(note.code, **dict(note.params)), "warning")
        for note in table.notes
    ]
    if table.workbook_as_csv:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                None,
                Message("workbook_under_csv_name", kind=table.workbook_as_csv),
                "warning",
            )
        )
    return table, problems


def _column(values: list) -> pd.Series:
    """Python values as a column that keeps them as they are (None stays None)."""
    return pd.Series(values, dtype=object)


def _refuse_conflicts(
    table: HandKeptTable, conflicts: dict[tuple[str, ...], list[int]], told: Callable[..., Message]
) -> None:
    """Rows that contradict each other stop the build: the analyst decides which holds.
    ``told(rows, last, *key)`` names one conflict: its rows (all but the last, then
    the last) and its key's values."""
    if conflicts:
        named = [told(", ".join(str(r) for r in rows[:-1]), rows[-1], *values) for values, rows in conflicts.items()]
        raise HandKeptError(table.path, *named, Message("keep_one_of_contradicting_rows"))


def _repeated(table: HandKeptTable, again: dict[int, int]) -> list[Problem]:
    return [
        Problem(table.path.name, row, None, None, Message("handkept_same_row_again", first=first), "warning")
        for row, first in sorted(again.items())
    ]


# --- exclusions.csv ---------------------------------------------------------------------


@dataclass
class Exclusions:
    """The analyst's hand-kept list: response id (canonical, see response_ids) -> reason."""

    reasons: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # response id -> the file's row naming it


def read_exclusions(path: Path | str | None, codebook: Codebook | None = None) -> Exclusions:
    """Read exclusions.csv (response id, reason); None gives no exclusions."""
    if path is None:
        return Exclusions()
    path = Path(path)
    table, problems = _read(path, "exclusions", codebook or load_codebook())
    result = Exclusions(path=path, problems=problems)
    rows = table.rows.assign(canonical=_column([response_ids.canonical(t) for t in table.rows["response_id"]]))
    usable = rows[rows["canonical"].notna()]
    found = repeats(usable, ["canonical"], ["reason"])
    _refuse_conflicts(
        table,
        found.conflicts,
        lambda rows, last, rid: Message("exclusion_rows_contradict", rows=rows, last=last, response_id=rid),
    )
    result.problems.extend(_repeated(table, found.again))
    for line in rows.itertuples():
        if line.canonical is None:
            result.problems.append(
                Problem(
                    path.name,
                    line.row,
                    table.column("response_id"),
                    describe(line.response_id),
                    Message("handkept_not_a_response_id", what=describe(line.response_id)),
                    "warning",
                )
            )
            continue
        if line.row in found.again:
            continue
        if not line.reason:
            result.problems.append(
                Problem(
                    path.name, line.row, table.column("reason"), None, Message("exclusion_without_reason"), "warning"
                )
            )
        result.reasons[line.canonical] = line.reason or "(ei syytä)"
        result.rows[line.canonical] = line.row
    return result


# --- listing_status.csv -----------------------------------------------------------------


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
    rows: dict[str, int] = field(default_factory=dict)  # link -> the file's row naming it (also an empty liitetty)


def _day(table: HandKeptTable, line, role: str, problems: list[Problem]) -> date | None:
    """The day in the row's ``role`` cell; a cell that holds no day is named."""
    text = getattr(line, role)
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        problems.append(
            Problem(
                table.path.name,
                line.row,
                table.column(role),
                describe(text),
                Message("handkept_not_a_date", what=describe(text)),
                "warning",
            )
        )
    return day


def read_listing_status(path: Path | str | None, codebook: Codebook | None = None) -> ListingStatus:
    """Read listing_status.csv (innokyla_url, liitetty, tarkistettu, liitetty_pvm); None gives none."""
    if path is None:
        return ListingStatus()
    path = Path(path)
    table, problems = _read(path, "listing_status", codebook or load_codebook())
    result = ListingStatus(path=path, problems=problems)
    rows = table.rows.assign(
        link=_column([normalise_url(t) for t in table.rows["innokyla_url"]]),
        said=_column([_yes_no(t) for t in table.rows["attached"]]),
        day=_column([parse_day(t) if t else None for t in table.rows["attached_on"]]),
    )
    usable = rows["link"].notna() & rows["said"].map(lambda v: v != "unreadable")
    found = repeats(rows[usable], ["link"], ["said", "day"])
    _refuse_conflicts(
        table,
        found.conflicts,
        lambda rows, last, link: Message("listing_rows_contradict", rows=rows, last=last, link=link),
    )
    result.problems.extend(_repeated(table, found.again))
    checked: list[date] = []
    for line in rows.itertuples():
        day_checked = _day(table, line, "checked_on", result.problems)
        if line.link is None:
            result.problems.append(
                Problem(
                    path.name,
                    line.row,
                    table.column("innokyla_url"),
                    describe(line.innokyla_url),
                    Message("handkept_not_a_link", what=describe(line.innokyla_url)),
                    "warning",
                )
            )
            continue
        if line.said == "unreadable":
            result.problems.append(
                Problem(
                    path.name,
                    line.row,
                    table.column("attached"),
                    describe(line.attached),
                    Message("attached_not_yes_or_no", what=describe(line.attached)),
                    "warning",
                )
            )
            continue
        if day_checked is not None:
            checked.append(day_checked)
        if line.row in found.again:
            continue
        result.rows[line.link] = line.row
        if line.said is None:  # not known: the model is "Ei tietoa", as if the file did not name it
            result.problems.append(
                Problem(path.name, line.row, table.column("attached"), None, Message("attached_empty"), "warning")
            )
            continue
        result.attached[line.link] = line.said
        attached_on = _day(table, line, "attached_on", result.problems)
        if line.said and attached_on is not None:
            result.attached_on[line.link] = attached_on
    result.checked_on = max(checked) if checked else None
    return result


def _yes_no(text: str) -> bool | str | None:
    """kyllä -> True, ei -> False, empty -> None (not known), else "unreadable"."""
    value = normalise(text)
    if not value:
        return None
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    return "unreadable"


# --- theme_codes.csv --------------------------------------------------------------------


def read_theme_codes(path: Path | str | None, codebook: Codebook | None = None) -> CheckedCodes:
    """Read theme_codes.csv (response id, theme, 1/0); None gives no reviewed codes."""
    if path is None:
        return CheckedCodes()
    path = Path(path)
    table, problems = _read(path, "theme_codes", codebook or load_codebook())
    book = load_themebook()
    result = CheckedCodes(path=path, problems=problems)

    def theme_of(text: str) -> str | None:
        try:
            return book.theme(text).id
        except KeyError:
            return None

    rows = table.rows.assign(
        canonical=_column([response_ids.canonical(t) for t in table.rows["response_id"]]),
        theme_id=_column([theme_of(t) for t in table.rows["theme"]]),
        said=_column([_yes_no(t) for t in table.rows["code"]]),
    )
    usable = rows[
        rows["canonical"].notna() & rows["theme_id"].notna() & rows["said"].map(lambda v: isinstance(v, bool))
    ]
    found = repeats(usable, ["canonical", "theme_id"], ["said"])
    _refuse_conflicts(
        table,
        found.conflicts,
        lambda rows, last, rid, theme: Message(
            "theme_code_rows_contradict", rows=rows, last=last, response_id=rid, theme=book.theme(theme).name
        ),
    )
    result.problems.extend(_repeated(table, found.again))
    for line in rows.itertuples():
        problem = None
        if line.canonical is None:
            problem = ("response_id", Message("handkept_not_a_response_id", what=describe(line.response_id)))
        elif line.theme_id is None:
            problem = ("theme", Message("theme_not_one_of_seven", what=describe(line.theme)))
        elif not isinstance(line.said, bool):
            problem = ("code", Message("theme_code_not_1_or_0", what=describe(line.code)))
        if problem:
            role, message = problem
            result.problems.append(
                Problem(path.name, line.row, table.column(role), describe(getattr(line, role)), message, "warning")
            )
            continue
        if line.row in found.again:
            continue
        result.codes[(line.canonical, line.theme_id)] = line.said
        result.rows[(line.canonical, line.theme_id)] = line.row
    return result


def codes_in_no_export(reviewed: CheckedCodes, known_ids: Sequence[str] | pd.Series) -> list[Problem]:
    """A problem for each reviewed theme code whose response id is in no export."""
    known = set(known_ids)
    name = reviewed.path.name if reviewed.path else "theme_codes"
    return [
        Problem(
            name,
            reviewed.rows.get(key),
            None,
            key[0],
            Message("theme_code_id_in_no_export", response_id=key[0]),
            "warning",
        )
        for key in sorted(reviewed.codes, key=lambda k: (reviewed.rows.get(k, 0), k))
        if key[0] not in known
    ]


__all__ = [
    "Exclusions",
    "ListingStatus",
    "codes_in_no_export",
    "read_exclusions",
    "read_listing_status",
    "read_theme_codes",
]
