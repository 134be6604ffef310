"""The panel's scores back: reading the filled workbooks, and the final ranking.

``read_workbooks`` takes the workbooks that ``review-pack`` wrote and the reviewers
filled, and accepts a row only when nothing about it is in doubt: every problem
(a model not in the assignment, or not assigned to this reviewer, a value outside
the scale, an empty required cell, a model twice in one workbook, one reviewer's
workbook given twice) is listed with its file, row and column, and the row is left
out. Nothing is guessed.

The agreement between the reviewers is computed in :mod:`analysis.panel.agreement`.
"""

from __future__ import annotations

import math
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from analysis.files.spreadsheet_cells import FORMULA_PREFIXES
from analysis.files.spreadsheet_cells import id_cell as _id_cell
from analysis.language import formatting
from analysis.panel.assignment import COMMENT_HEADER, ID_HEADER, INFO_SHEET, SCORE_SHEET
from analysis.panel.review_problems import ReviewProblem
from analysis.problems.record import Message
from analysis.processed.response_ids import canonical, sort_key
from analysis.tables.screening import STAGE1_MET, CriteriaBook


@dataclass
class Collected:
    scores: pd.DataFrame  # reviewer, response_id, item (id), score: the accepted ratings
    comments: pd.DataFrame  # reviewer, response_id, comment
    problems: list[ReviewProblem] = field(default_factory=list)
    workbooks: dict[str, str] = field(default_factory=dict)  # reviewer -> file read
    missing: list[tuple[str, str]] = field(default_factory=list)  # (reviewer, response id) not returned


def restore(text: object) -> object:
    """A text cell as written before ``files.spreadsheet_cells.neutralise`` protected it."""
    if isinstance(text, str) and text.startswith("'") and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        return text[1:]
    return text


def _shown(value: object) -> str:
    text = str(value)
    return f"'{text[:20]}…'" if len(text) > 20 else f"'{text}'"


def _score(value: object, scale: Sequence[int]) -> int | None:
    """The score in a cell, or None when it is not one of the scale's values."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and not (isinstance(value, float) and not value.is_integer()):
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if number in scale else None


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _response_id(value: object) -> str | None:
    """The canonical response id in a cell (a number cell or text), or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return canonical(str(value))


def open_workbook(path: Path) -> tuple[str | None, str | None, list[tuple] | None, Message | None]:
    """(reviewer, cutoff, score-sheet rows, problem) of one workbook."""
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, InvalidFileException) as exc:
        if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
            raise
        return None, None, None, Message("workbook_not_readable")
    absent = [name for name in (SCORE_SHEET, INFO_SHEET) if name not in book.sheetnames]
    if absent:
        present = ", ".join(book.sheetnames)
        return (
            None,
            None,
            None,
            Message("workbook_without_its_sheets", absent=", ".join(absent), present=present),
        )
    info = {str(r[0]): r[1] for r in book[INFO_SHEET].iter_rows(values_only=True) if r and r[0]}
    rows = list(book[SCORE_SHEET].iter_rows(values_only=True))
    reviewer, day = info.get("Arvioija"), info.get("Rajapäivä")
    return (
        None if reviewer is None else str(restore(reviewer)),
        None if day is None else str(day),
        rows,
        None,
    )


def _day_fi(day: str | None) -> str:
    """An ISO day as Finnish text writes it (31.12.2025); anything else as it is."""
    try:
        return formatting.date_fi(date.fromisoformat(str(day)))
    except ValueError:
        return str(day)


def _open_all(
    paths: Sequence[Path], cutoff: str, reviewers: set[str], problems: list[ReviewProblem]
) -> dict[str, list[tuple[Path, list[tuple]]]]:
    """Each reviewer's workbooks (usually one) among ``paths``; a workbook that
    cannot be read, is of another cutoff or of nobody in the assignment is a
    problem and left out."""
    opened: dict[str, list[tuple[Path, list[tuple]]]] = defaultdict(list)
    for path in dict.fromkeys(Path(p).resolve() for p in paths):
        reviewer, day, rows, problem = open_workbook(path)
        if problem or rows is None:
            problems.append(ReviewProblem(path.name, None, None, problem or Message("workbook_not_readable")))
        elif day != cutoff:
            problems.append(
                ReviewProblem(
                    path.name,
                    None,
                    None,
                    Message("workbook_of_another_cutoff", day=_day_fi(day), cutoff=_day_fi(cutoff)),
                )
            )
        elif reviewer is None or reviewer not in reviewers:
            problems.append(
                ReviewProblem(path.name, None, None, Message("workbook_reviewer_not_assigned", reviewer=reviewer))
            )
        else:
            opened[reviewer].append((path, rows))
    return opened


def _given_twice(reviewer: str, copies: list[tuple[Path, list[tuple]]]) -> list[ReviewProblem]:
    names = ", ".join(p.name for p, _ in copies)
    return [
        ReviewProblem(
            path.name,
            None,
            None,
            Message("workbook_given_twice", reviewer=reviewer, count=len(copies), names=names),
        )
        for path, _ in copies
    ]


def read_workbooks(
    paths: Sequence[Path], assignment: dict[str, list[str]], cutoff: str, book: CriteriaBook
) -> Collected:
    """The accepted ratings of the filled workbooks, and every problem."""
    problems: list[ReviewProblem] = []
    reviewers = {name for names in assignment.values() for name in names}
    scale = sorted(book.scale)
    scale_words = ", ".join(f"{k} = {v.lower()}" for k, v in sorted(book.scale.items()))
    records: list[tuple[str, str, str, int]] = []
    comments: list[tuple[str, str, str]] = []
    workbooks: dict[str, str] = {}
    for reviewer, copies in _open_all(paths, cutoff, reviewers, problems).items():
        if len(copies) > 1:
            problems += _given_twice(reviewer, copies)
            continue
        path, rows = copies[0]
        workbooks[reviewer] = path.name
        accepted = _read_rows(path.name, rows, reviewer, assignment, book, scale, scale_words, problems)
        for response_id, values, comment in accepted:
            records += [(reviewer, response_id, item, score) for item, score in values.items()]
            if comment:
                comments.append((reviewer, response_id, comment))
    scored = {(r, i) for r, i, _, _ in records}
    missing = [(name, i) for i, names in assignment.items() for name in names if name not in workbooks]
    missing += [
        (reviewer, i)
        for reviewer in workbooks
        for i, names in assignment.items()
        if reviewer in names and (reviewer, i) not in scored
    ]
    return Collected(
        pd.DataFrame(records, columns=["reviewer", "response_id", "item", "score"]),
        pd.DataFrame(comments, columns=["reviewer", "response_id", "comment"]),
        problems,
        workbooks,
        sorted(set(missing), key=lambda m: (sort_key(m[1]), m[0])),
    )


def _id_problems(
    file: str, number: int, raw_id: object, response_id: str | None, reviewer: str, assignment: dict[str, list[str]]
) -> list[ReviewProblem]:
    """What is wrong with a score row's response id, if anything."""
    if response_id is None:
        shown = _shown(raw_id) if raw_id is not None else "tyhjä"
        return [ReviewProblem(file, number, ID_HEADER, Message("review_not_a_response_id", shown=shown))]
    if response_id not in assignment:
        return [ReviewProblem(file, number, ID_HEADER, Message("review_model_not_assigned", response_id=response_id))]
    if reviewer not in assignment[response_id]:
        given = ", ".join(assignment[response_id])
        return [
            ReviewProblem(
                file,
                number,
                ID_HEADER,
                Message("review_model_not_for_reviewer", response_id=response_id, reviewer=reviewer, given=given),
            )
        ]
    return []


def _scores(
    file: str, number: int, cells: dict[str, object], book: CriteriaBook, scale: list[int], scale_words: str
) -> tuple[dict[str, int], list[ReviewProblem]]:
    """A score row's stage 2 scores by item id, and its problems: a model not
    scored at all is one problem, not one per item."""
    if all(_empty(value) for value in cells.values()):
        labels = ", ".join(i.label for i in book.stage2)
        return {}, [ReviewProblem(file, number, None, Message("review_scores_missing", labels=labels))]
    values: dict[str, int] = {}
    found: list[ReviewProblem] = []
    for item in book.stage2:
        value = cells[item.label]
        score = None if _empty(value) else _score(value, scale)
        if _empty(value):
            found.append(ReviewProblem(file, number, item.label, Message("review_required_cell_empty")))
        elif score is None:
            found.append(
                ReviewProblem(
                    file,
                    number,
                    item.label,
                    Message(
                        "review_score_off_scale", shown=_shown(value), low=scale[0], high=scale[-1], scale=scale_words
                    ),
                )
            )
        else:
            values[item.id] = score
    return values, found


def _read_rows(
    file: str,
    rows: list[tuple],
    reviewer: str,
    assignment: dict[str, list[str]],
    book: CriteriaBook,
    scale: list[int],
    scale_words: str,
    problems: list[ReviewProblem],
):
    """The rows of one reviewer's score sheet that hold no problem."""
    header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else ())]
    needed = [ID_HEADER, *(i.label for i in book.stage2)]
    absent = [h for h in needed if h not in header]
    if absent:
        problems.append(
            ReviewProblem(
                file,
                1,
                None,
                Message("review_header_missing", absent=", ".join(absent)),
            )
        )
        return []
    at = {h: header.index(h) for h in header if h}
    cell = lambda row, h: row[at[h]] if h in at and at[h] < len(row) else None  # noqa: E731
    seen: dict[str, list[int]] = defaultdict(list)
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_empty(v) for v in row):
            continue
        raw_id = cell(row, ID_HEADER)
        response_id = _response_id(raw_id)
        found = _id_problems(file, number, raw_id, response_id, reviewer, assignment)
        values, score_problems = _scores(
            file, number, {i.label: cell(row, i.label) for i in book.stage2}, book, scale, scale_words
        )
        found += score_problems
        comment = cell(row, COMMENT_HEADER)
        if response_id is not None:
            seen[response_id].append(number)
        parsed.append((number, response_id, values, restore(comment) if not _empty(comment) else "", found))
    accepted = []
    for number, response_id, values, comment, found in parsed:
        twice = response_id is not None and len(seen[response_id]) > 1
        if response_id is not None and twice:
            others = ", ".join(str(n) for n in seen[response_id] if n != number)
            found.append(
                ReviewProblem(
                    file,
                    number,
                    ID_HEADER,
                    Message("review_model_twice", response_id=response_id, others=others),
                )
            )
        if found:
            problems.extend(found)
            problems.append(ReviewProblem(file, number, None, Message("review_row_left_out")))
        else:
            accepted.append((response_id, values, str(comment)))
    return accepted


# --- the final ranking ------------------------------------------------------------------


def ranking(models: pd.DataFrame, scores: pd.DataFrame, book: CriteriaBook) -> pd.DataFrame:
    """``models``: response_id, model_name, region, innokyla_url, stage1_passed, score
    (stage 3) and, optionally, ``screened``: the model is in the criteria screening's
    scope (default every model). Adds each item's mean, ``reviews`` (reviewers with
    accepted ratings), ``stage2_result`` (mean of the item means; None, *kesken*,
    unless every item is rated by ``reviewers_per_model`` reviewers: one accepted
    review of two is not a result), ``stage2_passed`` and ``rank`` by the rule of
    criteria.yaml (equal on every key of the rule: the same rank). A model outside
    the screening's scope has no stage 1 (None) and no stage 3 points (NaN): such
    models are ranked as their own group after the screened ones, by stage 2 only."""
    frame = models.copy().reset_index(drop=True)
    if "screened" not in frame:
        frame["screened"] = True
    frame["screened"] = frame["screened"].astype(bool)
    frame["stage1_passed"] = [bool(p) if s else None for p, s in zip(frame["stage1_passed"], frame["screened"])]
    frame["score"] = frame["score"].astype(float).where(frame["screened"])
    means = scores.groupby(["response_id", "item"])["score"].mean().unstack() if len(scores) else pd.DataFrame()
    for item in book.stage2:
        column = means[item.id] if item.id in means else pd.Series(dtype=float)
        frame[f"stage2__{item.id}"] = frame["response_id"].map(column)
    item_columns = [f"stage2__{i.id}" for i in book.stage2]
    raters = scores.groupby(["response_id", "item"])["reviewer"].nunique() if len(scores) else pd.Series(dtype=int)
    least = raters.groupby(level=0).min() if len(raters) else pd.Series(dtype=int)
    reviews = scores.groupby("response_id")["reviewer"].nunique() if len(scores) else pd.Series(dtype=int)
    frame["reviews"] = frame["response_id"].map(reviews).fillna(0).astype(int)
    every_item = frame[item_columns].notna().all(axis=1)
    enough = frame["response_id"].map(least).fillna(0) >= book.reviewers_per_model
    frame["stage2_result"] = frame[item_columns].mean(axis=1).where(every_item & enough)
    frame["stage2_passed"] = [
        None if pd.isna(r) else bool(r >= book.stage2_pass_at - 1e-9) for r in frame["stage2_result"]
    ]

    def key(row) -> tuple:
        parts = {
            "stage1_passed": 0 if row.stage1_passed else 1,
            "stage2_passed": {True: 0, False: 1}.get(row.stage2_passed, 2),
            "stage2_result": -row.stage2_result if not pd.isna(row.stage2_result) else math.inf,
            "stage3_score": 0.0 if pd.isna(row.score) else -row.score,
        }
        return (0 if row.screened else 1, *(parts[k] for k in book.order))

    keys = [key(r) for r in frame.itertuples()]
    frame["_key"] = keys
    frame["rank"] = [1 + sum(other < mine for other in keys) for mine in keys]
    frame = frame.sort_values(
        ["rank", "region", "model_name", "response_id"],
        key=lambda s: s.str.casefold() if pd.api.types.is_string_dtype(s) else s,
        ignore_index=True,
    )
    return frame.drop(columns="_key")


def stage1_cell(verdict: object, passed: bool) -> str:
    """A model's stage 1 in the final list: the listing's verdict (the conditions not
    met), or the words alone."""
    if isinstance(verdict, str) and verdict:
        return verdict
    return STAGE1_MET[bool(passed)].capitalize()


def final_rows(
    ranked: pd.DataFrame, consensus: pd.DataFrame, book: CriteriaBook, *, numbers_as_text: bool
) -> list[list[object]]:
    """loppulista: a header and one row per model with every stage."""

    def num(value: float | None, decimals: int = 2) -> object:
        if value is None or pd.isna(value):
            return ""
        return formatting.number(float(value), decimals) if numbers_as_text else round(float(value), decimals)

    flagged = consensus.groupby("response_id")["item"].agg(", ".join) if len(consensus) else pd.Series(dtype=str)
    header = [
        "Sija",
        "Vastaajan numero",
        "Toimintamalli",
        "Hyvinvointialue",
        "Innokylä",
        "Vaihe 1",
        *(f"Vaihe 2: {i.label} (ka)" for i in book.stage2),
        "Vaihe 2: tulos",
        "Vaihe 2",
        "Arvioijia",
        "Vaihe 3: kriteeripisteet (0–10)",
        "Konsensuskäsittely",
    ]
    rows: list[list[object]] = [list(header)]
    for r in ranked.itertuples():
        verdict = {True: "hyväksytty", False: "hylätty"}.get(r.stage2_passed, "kesken")
        rows.append(
            [
                r.rank,
                _id_cell(str(r.response_id)),
                r.model_name,
                r.region,
                r.innokyla_url,
                "" if r.stage1_passed is None else stage1_cell(getattr(r, "stage1_verdict", None), r.stage1_passed),
                *(num(getattr(r, f"stage2__{i.id}")) for i in book.stage2),
                num(r.stage2_result),
                verdict,
                int(r.reviews),
                num(r.score, 1),
                flagged.get(r.response_id, ""),
            ]
        )
    return rows
