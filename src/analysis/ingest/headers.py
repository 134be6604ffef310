"""Header rows of an export: finding the header (one row, or the two-row header of
layout C) and mapping each column through the codebook. Personal-data columns
and columns the codebook does not know are dropped here, so their values never
go further."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.files.grid import ExportError
from analysis.form.codebook import Codebook, ColumnRef, normalise
from analysis.ingest.cell_parsers import cell_text, cell_texts
from analysis.ingest.ingested import SourceFile
from analysis.problems.record import Message

# How many unrecognised headers a "required column missing" message names
UNRECOGNISED_SHOWN = 12


def two_row_headers(codebook: Codebook, top: Sequence[object], sub: Sequence[object]) -> list[str]:
    """Combine a two-row header (layout C): the question over its first option column,
    the option or item labels in the row below."""
    headers: list[str] = []
    carried = ""
    previous_sub = ""
    suffix = normalise(codebook.other_text_suffix)
    for top_cell, sub_cell in zip(top, sub):
        own, below = cell_text(top_cell), cell_text(sub_cell)
        if own:
            carried = own
        if not below:
            headers.append(own)
            previous_sub = ""
            continue
        if normalise(below) == suffix and previous_sub:
            below = f"{previous_sub} - {codebook.other_text_suffix}"
        candidates = [f"{carried} - {below}" if carried else below, below]
        header = next((c for c in candidates if codebook.match_header(c)), candidates[0])
        headers.append(header)
        previous_sub = below
    return headers


def recognised_count(codebook: Codebook, headers: Iterable[str]) -> int:
    return sum(1 for h in headers if h and codebook.match_header(h))


def detect_header(codebook: Codebook, rows: Sequence[Sequence[object]]) -> tuple[list[str], int]:
    """The column headers and how many rows they take (1, or 2 for layout C)."""
    if not rows:
        return [], 0
    single = [cell_text(c) for c in rows[0]]
    if len(rows) < 2:
        return single, 1
    double = two_row_headers(codebook, rows[0], rows[1])
    if recognised_count(codebook, double) > recognised_count(codebook, single):
        return double, 2
    return single, 1


def header_score(codebook: Codebook):
    """For delimiter detection: how many headers the first rows yield under a delimiter."""

    def score(rows: Sequence[Sequence[str]]) -> int:
        headers, _ = detect_header(codebook, rows)
        return recognised_count(codebook, headers)

    return score


def map_columns(
    path: Path, codebook: Codebook, headers: Sequence[str], data: pd.DataFrame, source: SourceFile
) -> dict[int, ColumnRef]:
    """Column position -> what it holds, for the columns kept; ``source`` learns what
    was mapped, dropped as personal data or not recognised. Raises ExportError for a
    required column missing, a column given twice or a question in two layouts."""
    refs: dict[int, ColumnRef] = {}
    seen: dict[str, tuple[int, str]] = {}
    unknown: list[str] = []
    for position, header in enumerate(headers):
        if not header:
            if cell_texts(data.iloc[:, position]).ne("").any():
                source.unrecognised.append(f"(column {position + 1} without a header)")
            continue
        ref = codebook.match_header(header)
        if ref is None:
            source.unrecognised.append(header)
            unknown.append(header)
            continue
        if ref.question.pii:
            source.personal_data_dropped.append(header)
            continue
        if ref.column in seen:
            other_position, other_header = seen[ref.column]
            raise ExportError(
                path,
                Message(
                    "columns_hold_same_question",
                    first=other_position + 1,
                    first_header=other_header,
                    second=position + 1,
                    second_header=header,
                    question=ref.header,
                ),
            )
        seen[ref.column] = (position, header)
        refs[position] = ref
        source.mapped.append((header, ref.column))

    missing = [q for q in codebook.required if q.id not in seen]
    if missing:
        raise ExportError(
            path,
            Message(
                "required_columns_missing" if len(missing) > 1 else "required_column_missing",
                columns=", ".join(repr(q.text) for q in missing),
                count=sum(1 for h in headers if h),
                unrecognised=shown_headers(unknown),
            ),
        )
    both = joined_questions(refs) & {ref.question.id for ref in refs.values() if ref.kind == "option"}
    if both:
        q = codebook.question(sorted(both)[0])
        raise ExportError(path, Message("question_joined_and_per_option", question=q.text))
    return refs


def shown_headers(headers: Sequence[str], at_most: int = UNRECOGNISED_SHOWN) -> str:
    """The headers a missing required column may hide behind, quoted, the first
    ``at_most`` of them; "–" for none.

    >>> shown_headers(["Alue", "Aika"])
    "'Alue', 'Aika'"
    >>> shown_headers(["a", "b", "c"], at_most=2)
    "'a', 'b', …"
    >>> shown_headers([])
    '–'
    """
    if not headers:
        return "–"
    shown = [repr(h) for h in headers[:at_most]]
    return ", ".join(shown + (["…"] if len(headers) > at_most else []))


def joined_questions(refs: Mapping[int, ColumnRef]) -> set[str]:
    """The multi-selections given as one column of joined labels (layout D)."""
    return {ref.question.id for ref in refs.values() if ref.kind == "joined"}
