"""Cell parsers: every cell of a mapped column to its typed value (area names to
the 22 official areas, option and scale labels to the form's, multi-selections
to one boolean per option, numbers, response ids, times), each distinct text
parsed once. A cell that cannot be read is left empty and listed as a warning;
a cell that makes its row unusable as an error."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.arrow_columns import pa_array, string_take
from analysis.form.codebook import Codebook, ColumnRef, Question, normalise
from analysis.ingest.timestamps import parse_timestamps
from analysis.problems.record import Message, Severity
from analysis.problems.redaction import CONTACT_HINT, describe, remove_contact_details
from analysis.processed import response_ids
from analysis.processed.model_keys import normalise_urls
from analysis.processed.schema import LINK_COLUMN

# The words a yes/no cell may hold, normalised (lower case): an option column's
# "chosen"/"not chosen" (layouts A-B) and the hand-kept files' yes/no columns.
YES_WORDS = frozenset({"1", "x", "kyllä", "kylla", "k", "true", "yes", "valittu"})
NO_WORDS = frozenset({"", "0", "false", "ei", "e", "no"})


@dataclass
class ColumnResult:
    columns: dict[str, pd.Series]
    problems: list[tuple[int, str, Message, Severity]]  # (grid index, value, message, severity)
    # For telling a misread file: cells that had to be one of a list, and how many were not
    checked: int = 0
    unrecognised: int = 0


def cell_text(value: object) -> str:
    """A cell as stripped text: empty for missing; 3.0 -> '3'; datetimes in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.isoformat(sep=" ")
    return str(value).strip()


def cell_texts(values: pd.Series) -> pd.Series:
    """Every cell as stripped text ('' for empty), computed once per distinct value."""
    if isinstance(values.dtype, pd.StringDtype):  # a CSV column: text already
        return values.fillna("").str.strip()
    if values.dtype != object:
        return values.astype(object).where(values.notna(), "").map(str).str.strip()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.array([cell_text(u) for u in uniques] + [""], dtype=object)
    return pd.Series(table[codes], index=values.index, dtype=object)


class DistinctCells:
    """A column's cell texts, factorised on demand: exports repeat a handful of labels
    over thousands of rows, so each distinct text is parsed once."""

    def __init__(self, texts: pd.Series | None = None, *, raw: pd.Series | None = None):
        source = texts if texts is not None else raw
        if source is None:
            raise TypeError("DistinctCells needs texts or raw cells")
        self._texts = texts  # stripped, '' for empty
        self._raw: pd.Series = source  # or the cells as read, stripped only when needed
        self.index = source.index
        self._factorised: tuple[np.ndarray, list[str]] | None = None

    @classmethod
    def of(cls, values: pd.Series) -> DistinctCells:
        return cls(raw=values)

    @property
    def texts(self) -> pd.Series:
        if self._texts is None:
            self._texts = cell_texts(self._raw)
        return self._texts

    @property
    def codes(self) -> np.ndarray:
        return self._factorise()[0]

    @property
    def uniques(self) -> list[str]:
        return self._factorise()[1]

    def _factorise(self) -> tuple[np.ndarray, list[str]]:
        if self._factorised is None:
            if self._texts is None and isinstance(self._raw.dtype, pd.StringDtype):
                # CSV text: factorise the cells as read, strip each distinct cell, and
                # merge the cells that differ only in the spaces around them
                raw_codes, raw_uniques = pd.factorize(self._raw, use_na_sentinel=True)
                stripped = cell_texts(pd.Series(raw_uniques, dtype=self._raw.dtype))
                merged, uniques = pd.factorize(pd.concat([stripped, pd.Series([""], dtype=stripped.dtype)]))
                self._factorised = (merged[raw_codes], list(uniques))  # code -1 (empty) -> the last, ''
            else:
                codes, uniques = pd.factorize(self.texts)
                self._factorised = (codes, list(uniques))
        return self._factorised

    def blank(self) -> np.ndarray:
        """Where the cell is empty (or only spaces)."""
        return np.array([u == "" for u in self.uniques], dtype=bool)[self.codes]

    def map(self, parse, dtype: object = None) -> pd.Series:
        """``parse(text)`` for every row, evaluated once per distinct text; ``dtype``
        (boolean, Int64, string or a categorical) is built from the distinct results
        directly, not converted from a million Python objects."""
        results = [parse(u) for u in self.uniques]
        return pd.Series(typed_take(results, self.codes, dtype), index=self.index)

    def problems(self, flags: pd.Series | np.ndarray, message: Callable[[str], Message], severity: Severity) -> list:
        """One problem per flagged row, with the row's text."""
        if isinstance(flags, pd.Series):
            flags = flags.fillna(False).to_numpy(dtype=bool)
        bad = np.flatnonzero(flags)
        texts = [self.uniques[self.codes[position]] for position in bad]
        shown = {text: (describe(text) if text else "", message(text)) for text in set(texts)}  # once each
        return [(self.index[position], *shown[text], severity) for position, text in zip(bad, texts)]


def typed_take(results: list, codes: np.ndarray, dtype: object):
    """``results[code]`` for every code, as an array of ``dtype`` (None is missing)."""
    missing = np.array([r is None for r in results], dtype=bool)
    if isinstance(dtype, pd.CategoricalDtype):
        position = {c: i for i, c in enumerate(dtype.categories)}
        table = np.array([-1 if r is None else position[r] for r in results], dtype=np.int64)
        return pd.Categorical.from_codes(table[codes] if len(results) else [], dtype=dtype)
    if dtype == "boolean":
        table = np.array([bool(r) if r is not None else False for r in results], dtype=bool)
        return pd.arrays.BooleanArray(table[codes], missing[codes]) if len(results) else pd.array([], dtype="boolean")
    if dtype == "Int64":
        table = np.array([0 if r is None else r for r in results], dtype=np.int64)
        return pd.arrays.IntegerArray(table[codes], missing[codes]) if len(results) else pd.array([], dtype="Int64")
    if dtype == "string":
        return string_take(results, codes)
    table = np.empty(len(results), dtype=object)
    table[:] = results
    values = table[codes] if len(results) else np.array([], dtype=object)
    return values if dtype is None else pd.array(values, dtype=dtype)


# Cells longer than this are cut (with a warning): no answer to the form is near it, and
# a runaway cell (a file pasted into one field) would otherwise slow every step after.
MAX_CELL_CHARS = 100_000


def cap_cells(cells: pd.DataFrame) -> list[tuple[int, int, int]]:
    """Cut every cell longer than MAX_CELL_CHARS, in place; (grid index, column position,
    original length) of each."""
    cut: list[tuple[int, int, int]] = []
    for position in cells.columns:
        column = cells[position]
        if isinstance(column.dtype, pd.StringDtype):
            lengths = column.str.len()
        else:
            lengths = column.map(lambda v: len(v) if isinstance(v, str) else 0)
        over = lengths.gt(MAX_CELL_CHARS).fillna(False).astype(bool)
        if over.any():
            cut += [(int(i), int(position), int(lengths[i])) for i in over[over].index]
            cells.loc[over, position] = column[over].str.slice(0, MAX_CELL_CHARS)
    return cut


# A file whose cells mostly fail to match the form's lists was misread (a wrong
# encoding, shifted columns, another form): its figures would be wrong, so it is
# refused rather than published with most rows invalid.


def as_dtype(values: pd.Series, dtype: object) -> pd.Series:
    if values.dtype == dtype:
        return values
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Series(
            pd.Categorical(values.astype(object).where(values.notna(), None), dtype=dtype), index=values.index
        )
    return values.astype(dtype)


def parse_column(codebook: Codebook, ref: ColumnRef, series: pd.Series) -> ColumnResult:
    q = ref.question
    if q.id == "submitted_at":
        return _parse_submitted_at(series)
    cells = DistinctCells.of(series)
    result = _parse_cells(codebook, ref, cells)
    if q.type in ("region", "single", "multi", "matrix"):  # a cell must be one of a list
        result.checked = int((~cells.blank()).sum())
        result.unrecognised = sum(1 for _, value, _, _ in result.problems if value)
    return result


def _parse_cells(codebook: Codebook, ref: ColumnRef, cells: DistinctCells) -> ColumnResult:
    q = ref.question
    if q.id == "response_id":
        return _parse_response_id(cells)
    if q.type == "region":
        return _parse_region(codebook, cells)
    if ref.kind == "joined":
        return _parse_joined(codebook, q, cells)
    if ref.kind == "option":
        return _parse_option(ref, cells)
    if ref.kind == "item":
        return _parse_choice(
            ref.column,
            cells,
            lambda t: codebook.match_scale(q, t),
            lambda v: Message("not_a_scale_answer", question=q.text, scale=", ".join(q.scale), what=describe(v)),
            pd.CategoricalDtype(list(q.scale), ordered=True),
        )
    if q.type == "single":
        return _parse_choice(
            ref.column,
            cells,
            lambda t: o.label if (o := codebook.match_option(q, t)) else None,
            lambda v: Message("not_an_option", question=q.text, what=describe(v)),
            pd.CategoricalDtype([o.label for o in q.options], ordered=True),
        )
    if q.type == "number":
        return _parse_number(q, cells)
    values = cells.texts.where(cells.texts.ne("")).astype("string")
    values, removed = _without_contact_details(values)
    if q.type == "url":
        links = normalise_urls(cells.texts)
        not_link = links.isna() & cells.texts.ne("")
        return ColumnResult(
            {ref.column: values, LINK_COLUMN: links},
            removed
            + cells.problems(
                not_link,
                lambda v: Message("answer_link_not_a_link", what=describe(v)),
                "warning",
            ),
        )
    return ColumnResult({ref.column: values}, removed)  # text and "other" text


# what remove_contact_details found -> the message's code
_REMOVED = {
    ("e-mail address",): "email_removed",
    ("phone number",): "phone_removed",
    ("e-mail address", "phone number"): "email_and_phone_removed",
}


def _without_contact_details(values: pd.Series) -> tuple[pd.Series, list[tuple[int, str, Message, Severity]]]:
    """Free text with every e-mail address and phone number replaced by a marker, and a
    warning for each cell: an answer is published as written, a contact detail never."""
    # a first look in pyarrow (RE2: 0.15 s for a million answers, pandas' str.contains
    # 2.4 s, measured 4.12.2026)
    hint = pc.match_substring_regex(pa_array(values), CONTACT_HINT)
    maybe = pd.Series(hint.fill_null(False).to_numpy(zero_copy_only=False), index=values.index)
    if not maybe.any():
        return values, []
    candidates = values[maybe]
    done = {text: remove_contact_details(text) for text in candidates.unique()}  # once per distinct text
    found = [done[text][1] for text in candidates]
    changed = [i for i, f in zip(candidates.index, found) if f]
    if not changed:
        return values, []
    values = values.copy()
    values.loc[changed] = [done[text][0] for text, f in zip(candidates, found) if f]
    problems: list[tuple[int, str, Message, Severity]] = [
        (i, "", Message(_REMOVED[tuple(f)]), "warning") for i, f in zip(candidates.index, found) if f
    ]
    return values, problems


def _parse_response_id(cells: DistinctCells) -> ColumnResult:
    """The ids in their canonical form (see :mod:`analysis.processed.response_ids`), as "string";
    a cell that is not an id is missing, with an error that makes its row invalid."""
    texts = cells.texts.astype("string")
    plain = texts.str.fullmatch(rf"[1-9][0-9]{{0,{response_ids.MAX_LENGTH - 1}}}").fillna(False).astype(bool)
    values = texts.where(plain)  # nearly every id: already canonical
    rest = ~plain & texts.ne("")
    if rest.any():  # leading zeros, other scripts' digits, codes, or not an id
        values[rest] = DistinctCells(texts[rest]).map(response_ids.canonical, dtype="string").to_numpy()
    return ColumnResult({"response_id": values}, cells.problems(values.isna(), response_ids.problem, "error"))


def _parse_submitted_at(series: pd.Series) -> ColumnResult:
    values = parse_timestamps(series)
    cells = DistinctCells(cell_texts(series))
    return ColumnResult(
        {"submitted_at": values},
        cells.problems(
            values.isna(),
            lambda v: (
                Message("no_submission_time") if not v else Message("submission_time_not_a_time", what=describe(v))
            ),
            "error",
        ),
    )


def _parse_region(codebook: Codebook, cells: DistinctCells) -> ColumnResult:
    found = {text: codebook.match_region(text) for text in cells.uniques}  # once per distinct value
    regions = cells.map(found.get)
    names = cells.map(
        lambda t: region.name if (region := found[t]) else None,
        dtype=pd.CategoricalDtype(codebook.region_names, ordered=True),
    )
    codes = cells.map(lambda t: region.code if (region := found[t]) else None, dtype="string")
    return ColumnResult(
        {"region": names, "region_code": codes},
        cells.problems(
            regions.isna(),
            lambda v: Message("no_area") if not v else Message("area_not_one_of_22", what=describe(v)),
            "error",
        ),
    )


def _parse_choice(column: str, cells: DistinctCells, match, problem, dtype: object) -> ColumnResult:
    """``problem(text)``: the message for a cell that ``match`` does not recognise."""
    values = cells.map(lambda t: match(t) if t else None, dtype=dtype)
    bad = values.isna().to_numpy() & ~cells.blank()
    return ColumnResult({column: values}, cells.problems(bad, problem, "warning"))


def _parse_number(q: Question, cells: DistinctCells) -> ColumnResult:
    low, high = q.valid or (None, None)

    def parse(t: str):
        if not t:
            return None
        if not re.fullmatch(r"\d+", t):
            return "not a number"
        n = int(t)
        if low is not None and high is not None and not (low <= n <= high):
            return "out of range"
        return n

    parsed = cells.map(parse)
    not_number = parsed.eq("not a number")
    out_of_range = parsed.eq("out of range")
    values = cells.map(lambda t: n if isinstance(n := parse(t), int) else None, dtype="Int64")
    problems = cells.problems(not_number, lambda v: Message("not_a_whole_number", what=describe(v)), "warning")
    problems += cells.problems(out_of_range, lambda v: Message("number_out_of_range", low=low, high=high), "warning")
    return ColumnResult({q.id: values}, problems)


def _parse_option(ref: ColumnRef, cells: DistinctCells) -> ColumnResult:
    """Layouts A-C: 1/0 (or empty), or the option's own label (or empty)."""
    assert ref.option is not None, "an option column names its option"
    own_names = {normalise(n) for n in ref.option.names}

    def parse(t: str):
        key = normalise(t)
        if key in NO_WORDS:
            return False
        if key in YES_WORDS or key in own_names:
            return True
        return None

    values = cells.map(parse, dtype="boolean")
    return ColumnResult(
        {ref.column: values},
        cells.problems(
            values.isna(),
            lambda v: Message("option_cell_unclear", what=describe(v)),
            "warning",
        ),
    )


def _parse_joined(codebook: Codebook, q: Question, cells: DistinctCells) -> ColumnResult:
    """Layout D: the chosen labels joined by ';'. An entry that is no option's label is
    the "other" answer's text when the question has one ("I1; RRP3")."""
    other = q.other_option

    def parse(t: str) -> tuple[frozenset[str], str]:
        chosen: set[str] = set()
        unknown: list[str] = []
        for entry in (e.strip() for e in t.split(";")):
            if not entry:
                continue
            opt = codebook.match_option(q, entry)
            if opt is None:
                unknown.append(entry)
            else:
                chosen.add(opt.id)
        if unknown and other is not None:
            chosen.add(other.id)
        return frozenset(chosen), "; ".join(unknown)

    parsed = {text: parse(text) for text in cells.uniques}
    columns: dict[str, pd.Series] = {}
    for opt in q.options:
        columns[q.option_column(opt)] = cells.map(lambda t, option=opt.id: option in parsed[t][0], dtype="boolean")
    unknown_by_text = {text: unknown or None for text, (_, unknown) in parsed.items()}
    unknown = cells.map(unknown_by_text.get, dtype="string")
    if other is not None:
        columns[q.other_text_column(other)] = unknown
        return ColumnResult(columns, [])
    return ColumnResult(
        columns,
        cells.problems(
            unknown.notna(),
            lambda v: Message("entry_not_an_option", question=q.text, what=describe(unknown_by_text[v])),
            "warning",
        ),
    )
