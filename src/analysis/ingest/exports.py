"""Reading Webropol exports into one typed table of responses.

What this module does, file by file:

1. reads the grid of cells (:mod:`analysis.files.grid`: xlsx first sheet, or CSV in
   any of the encodings and delimiters an export uses);
2. finds the header (one row, or the two-row header of layout C) and maps each
   column through the codebook (:mod:`analysis.ingest.headers`); personal-data columns
   and columns it does not recognise are dropped there, so their values never go
   further;
3. turns every cell into its typed value (:mod:`analysis.ingest.cell_parsers`,
   :mod:`analysis.ingest.timestamps`): area names to the 22 official areas, option
   labels and scale labels to the form's labels, multi-selections (one column per
   option with 1/0 or the label, or one ';'-joined column) to one boolean per
   option, timestamps from Excel datetimes or Finnish text;
4. puts the columns in the processed schema (:mod:`analysis.processed.schema`), with the
   theme columns coded in a second thread while the others are parsed.

Nothing is dropped silently. A cell that cannot be read is left empty and listed
as a *warning*; a row that cannot be used at all (no response id, no usable
submission time, an area that is not one of the 22) is kept with an
``invalid_reason`` (the first error's message key, :meth:`Message.key
<analysis.problems.record.Message.key>`) and listed as an *error*: the cleaning step excludes it with
the reason ``invalid``. A problem with the whole file raises
:class:`~analysis.files.grid.ExportError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.arrow_columns import contiguous
from analysis.files.grid import ExportError, RowNote, read_grid, sha256_of
from analysis.form.codebook import Codebook, ColumnRef, load_codebook
from analysis.ingest.cell_parsers import MAX_CELL_CHARS, ColumnResult, as_dtype, cap_cells, cell_texts, parse_column
from analysis.ingest.headers import detect_header, header_score, joined_questions, map_columns
from analysis.ingest.ingested import Ingested, SourceFile
from analysis.language import formatting
from analysis.problems.record import Message, Problem, Severity
from analysis.processed.model_keys import model_keys
from analysis.processed.schema import LINK_COLUMN, SYNTHETIC_MARK, processed_schema

# --- the file reader ----------------------------------------------------------------


Derive = Callable[[pd.Series], pd.DataFrame]


def read_export(
    path: Path, codebook: Codebook | None = None, derived: Mapping[str, Derive] | None = None
) -> tuple[pd.DataFrame, SourceFile, list[Problem]]:
    """Read one export file into typed responses (raises ExportError for whole-file problems).

    ``derived`` maps a processed column to a function making more columns from it
    (the theme coder, from the open answers): it runs in a second thread while the
    other columns are parsed, and its columns are added after the schema's."""
    with ThreadPoolExecutor(1) as pool:  # hashing and deriving release the GIL for much of their work
        return _read_export(Path(path), codebook or load_codebook(), dict(derived or {}), pool)


def _read_export(
    path: Path, codebook: Codebook, derived: dict[str, Derive], pool: ThreadPoolExecutor
) -> tuple[pd.DataFrame, SourceFile, list[Problem]]:
    digest = pool.submit(sha256_of, path)
    grid = read_grid(path, header_score(codebook))
    sha256 = digest.result()
    cells = grid.cells
    if cells.empty:
        raise ExportError(path, Message("file_without_rows"))
    long_cells = cap_cells(cells)
    first_rows = [list(cells.iloc[i]) for i in range(min(2, len(cells)))]
    headers, header_rows = detect_header(codebook, first_rows)

    source = SourceFile(
        path=path,
        sha256=sha256,
        description=grid.description,
        header_rows=header_rows,
        rows=0,
        blank_rows=0,
        synthetic=any(name.upper().startswith(SYNTHETIC_MARK) for name in grid.sheet_names),
    )
    refs = map_columns(path, codebook, headers, cells.iloc[header_rows:], source)
    data = _data_rows(path, cells.iloc[header_rows:], source)

    raw_problems: list[_RawProblem] = []
    invalid = pd.Series(pd.NA, index=data.index, dtype="string")
    broken_rows = _row_findings(grid.notes, long_cells, headers, data.index, invalid, raw_problems)

    # Columns others are derived from are parsed first, so that the deriving (in the
    # pool's thread) overlaps the parsing of the rest.
    results: dict[int, ColumnResult] = {}
    deriving: dict[str, Future] = {}
    for position in sorted(refs, key=lambda position: refs[position].column not in derived):
        results[position] = parse_column(codebook, refs[position], data.iloc[:, position])
        for name, values in results[position].columns.items():
            if name in derived:
                deriving[name] = pool.submit(derived[name], values)
    index = data.index
    del grid, cells, data  # all parsed: the raw cells can go while the deriving finishes
    _refuse_if_misread(path, refs, results, len(index), broken_rows)
    columns: dict[str, pd.Series] = {}
    for position, result in sorted(results.items()):  # in column order: the first error names an invalid row
        columns.update(result.columns)
        raw_problems.extend((i, headers[position], v, m, s) for i, v, m, s in result.problems)
        for i, _value, message, severity in result.problems:
            if severity == "error" and pd.isna(invalid[i]):
                invalid[i] = message.key()
    source.not_in_file.extend(_absent(codebook, refs, columns))

    frame = _typed_frame(codebook, path, index, columns, invalid)
    for name, derive in derived.items():  # a column the file lacks is derived from its empty column
        made = deriving[name].result() if name in deriving else derive(frame[name])
        frame = pd.concat([frame, made.set_axis(frame.index)], axis=1)
    frame = frame.reset_index(drop=True)

    problems = [
        Problem(path.name, int(i) + 1, header or None, value or None, message, severity)
        for i, header, value, message, severity in sorted(raw_problems, key=lambda p: (p[0], p[1]))
    ]
    return frame, source, problems


_RawProblem = tuple[int, str, str, Message, Severity]  # (grid index, header, value, message, severity)


def _data_rows(path: Path, data: pd.DataFrame, source: SourceFile) -> pd.DataFrame:
    """The rows below the header without the blank ones (counted in ``source``)."""
    blank = pd.Series(True, index=data.index)
    for c in data.columns:
        blank &= cell_texts(data[c]).eq("")
        if not blank.any():  # usually after the first column
            break
    source.blank_rows = int(blank.sum())
    if source.blank_rows:
        data = data[~blank]
    source.rows = len(data)
    if data.empty:
        raise ExportError(path, Message("export_without_data_rows"))
    return data


def _row_findings(
    notes: Sequence[RowNote],
    long_cells: Sequence[tuple[int, int, int]],
    headers: Sequence[str],
    index: pd.Index,
    invalid: pd.Series,
    raw_problems: list[_RawProblem],
) -> int:
    """What the reader found of whole rows, and the cells cut short, as problems; a
    row cut short is invalid as such, whatever its padded cells say. The number of
    broken rows."""
    index_set = set(index)
    broken_rows = 0
    for row_note in notes:
        if row_note.index in index_set:
            severity: Severity = "error" if row_note.severity == "error" else "warning"
            message = Message(row_note.code, **dict(row_note.params))
            raw_problems.append((row_note.index, "", "", message, severity))
            if row_note.severity == "error":
                broken_rows += 1
                if pd.isna(invalid[row_note.index]):
                    invalid[row_note.index] = message.key()
    for i, position, length in long_cells:
        if i in index_set:
            header = headers[position] if position < len(headers) and headers[position] else f"column {position + 1}"
            raw_problems.append(
                (
                    i,
                    header,
                    "",
                    Message(
                        "cell_cut_short", length=formatting.number(length), limit=formatting.number(MAX_CELL_CHARS)
                    ),
                    "warning",
                )
            )
    return broken_rows


def _absent(codebook: Codebook, refs: Mapping[int, ColumnRef], columns: Mapping[str, pd.Series]) -> list[str]:
    """Questions (options, items) absent from the file: they stay empty (NA), and the file says so."""
    present_questions = {ref.question.id for ref in refs.values()}
    joined = joined_questions(refs)
    absent: list[str] = []
    for q in codebook.questions:
        if q.pii or q.required:
            continue
        if q.id not in present_questions:
            absent.append(q.text)
        elif q.type == "multi" and q.id not in joined:
            absent.extend(f"{q.text} - {opt.label}" for opt in q.options if q.option_column(opt) not in columns)
        elif q.type == "matrix":
            absent.extend(f"{q.text} - {item.text}" for item in q.items if q.item_column(item) not in columns)
    return absent


def _typed_frame(
    codebook: Codebook, path: Path, index: pd.Index, columns: Mapping[str, pd.Series], invalid: pd.Series
) -> pd.DataFrame:
    """The processed schema's columns, in its order, from the parsed ``columns``."""
    schema = processed_schema(codebook)
    frame = pd.DataFrame(index=index)
    for name, dtype in schema.items():
        if name in columns:
            frame[name] = as_dtype(columns[name], dtype)
        elif name not in ("model_key", "source_file", "source_row", "invalid_reason"):
            frame[name] = as_dtype(pd.Series(pd.NA, index=index), dtype)
    frame["source_file"] = pd.Series(path.name, index=index, dtype="string")
    frame["source_row"] = pd.Series(index + 1, index=index, dtype="Int64")
    frame["invalid_reason"] = invalid
    frame["model_key"] = model_keys(
        columns.get(LINK_COLUMN, pd.Series(pd.NA, index=index, dtype="string")),
        frame["region_code"],
        frame["model_name"],
        frame["response_id"],
    )
    return frame[list(schema)]


MISREAD_SHARE = 0.5
MISREAD_MINIMUM = 5


def _refuse_if_misread(
    path: Path, refs: Mapping[int, ColumnRef], results: Mapping[int, ColumnResult], rows: int, broken_rows: int
) -> None:
    if broken_rows >= MISREAD_MINIMUM and broken_rows > MISREAD_SHARE * rows:
        raise ExportError(path, Message("export_misread_rows", broken=broken_rows, rows=rows))
    areas = [results[p] for p, ref in refs.items() if ref.question.type == "region"]
    choices = [results[p] for p, ref in refs.items() if ref.question.type in ("single", "multi", "matrix")]
    for group, told in ((areas, _misread_areas), (choices, _misread_answers)):
        checked = sum(r.checked for r in group)
        bad = sum(r.unrecognised for r in group)
        if bad >= MISREAD_MINIMUM and bad > MISREAD_SHARE * checked:
            raise ExportError(path, told(bad, checked))


def _misread_areas(bad: int, checked: int) -> Message:
    return Message("export_misread_areas", bad=bad, checked=checked)


def _misread_answers(bad: int, checked: int) -> Message:
    return Message("export_misread_answers", bad=bad, checked=checked)


# --- several files ------------------------------------------------------------------


def discover_exports(paths: Sequence[Path | str] | None = None) -> list[Path]:
    """The export files among ``paths`` (files, or folders searched for .xlsx/.csv);
    by default everything in data/raw/. Hand-kept files are not exports."""
    found: list[Path] = []
    for given in paths or [config.raw_dir()]:
        p = Path(given)
        if p.is_dir():
            candidates = sorted(
                c
                for c in p.iterdir()
                if c.is_file()
                and c.suffix.lower() in config.EXPORT_SUFFIXES
                and c.name not in config.HAND_KEPT_FILE_NAMES
                and not c.name.startswith((".", "~$"))
            )
            if not candidates:
                raise ExportError(p, Message("folder_without_exports"))
            found.extend(candidates)
        else:
            found.append(p)
    return found


def read_exports(
    paths: Sequence[Path | str],
    codebook: Codebook | None = None,
    *,
    progress: bool = False,
    derived: Mapping[str, Derive] | None = None,
) -> tuple[Ingested | None, list[ExportError]]:
    """Read several exports into one table. Every file is tried, so that all whole-file
    problems are reported at once; the result is None if any file failed.
    ``derived``: see :func:`read_export`."""
    codebook = codebook or load_codebook()
    frames: list[pd.DataFrame] = []
    files: list[SourceFile] = []
    problems: list[Problem] = []
    failures: list[ExportError] = []
    iterator = paths
    if progress and len(paths) > 1:
        from tqdm.auto import tqdm

        iterator = tqdm(paths, desc="Reading exports", unit="file")
    for path in iterator:
        try:
            frame, source, file_problems = read_export(Path(path), codebook, derived)
        except ExportError as exc:
            failures.append(exc)
            continue
        frames.append(frame)
        files.append(source)
        problems.extend(file_problems)
    if failures:
        return None, failures
    responses = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    # concat of categoricals keeps the dtype only when categories agree; they always do here.
    schema = processed_schema(codebook)
    for name, dtype in schema.items():
        if str(responses[name].dtype) != str(dtype):
            responses[name] = as_dtype(responses[name], dtype)
    return Ingested(contiguous(responses), files, problems), []
