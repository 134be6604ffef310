"""The bad-input corpus of exports a real analyst may bring: each case with the
message it must give, and the figures it must (or must not) lead to.

Built from the layout A fixture (five assessments by hand): whatever is done to the
file, the figures of the rows left intact must stay as counted by hand, and a file
that cannot be read right must be refused, never published wrongly.
"""

from __future__ import annotations

import csv
import errno
import io
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, leftovers, output_files, read_csv_rows, write_csv_rows

from analysis.cli.commands import EXIT_ENVIRONMENT, EXIT_OK, EXIT_UNUSABLE, main
from analysis.files import grid
from analysis.files.grid import ExportError
from analysis.ingest import pipeline
from analysis.ingest.cell_parsers import MAX_CELL_CHARS
from analysis.ingest.cleaning import clean
from analysis.ingest.exports import read_export
from analysis.ingest.ingested import Ingested
from analysis.problems.record import Message

BASE = read_csv_rows(FIXTURES / "layout_a.csv")
HEADER = BASE[0]
COLUMN = {h: i for i, h in enumerate(HEADER)}


def _many(copies: int) -> list[list[str]]:
    """The five data rows repeated with new response ids: a file of 5 x copies rows."""
    rows = [HEADER]
    for _copy in range(copies):
        for row in BASE[1:]:
            row = list(row)
            row[COLUMN["Vastaajan numero"]] = str(1000 + len(rows))
            rows.append(row)
    return rows


def _ingested(frame, problems) -> Ingested:
    return Ingested(frame, [], problems)


def _csv_bytes(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


# --- 1. encodings ----------------------------------------------------------------------


@pytest.mark.parametrize("at_row", [3, 1400])  # in the first 256 KiB, and after it
def test_one_row_in_cp1252_in_a_utf8_export_is_decoded_by_itself(tmp_path: Path, at_row: int) -> None:
    rows = _many(300)  # 1500 rows, about 380 KiB
    lines = [_csv_bytes([row]) for row in rows]
    assert (sum(map(len, lines[:at_row])) > 256 * 1024) == (at_row > 10)
    lines[at_row - 1] = _csv_bytes([rows[at_row - 1]], "cp1252")
    path = tmp_path / "sekoitus.csv"
    path.write_bytes(b"".join(lines))
    frame, source, problems = read_export(path)
    assert frame["region"].notna().all()  # every area read right, the pasted row's too
    assert frame["invalid_reason"].isna().all()
    assert "Meikäläinen" not in frame.to_csv()  # personal data still dropped
    assert [(p.row, p.severity) for p in problems] == [(at_row, "warning")]
    assert "decoded as cp1252" in problems[0].message
    assert "1 row(s) cp1252" in source.description
    assert frame.loc[at_row - 2, "model_name"] == rows[at_row - 1][COLUMN["Arvioitavan toimintamallin nimi"]]


def test_a_file_wholly_in_cp1252_is_read_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "windows.csv"
    path.write_bytes(_csv_bytes(BASE, "cp1252"))
    frame, source, problems = read_export(path)
    assert source.description.startswith("csv, cp1252")
    assert problems == []
    assert frame["region"].notna().all()


def test_most_areas_unrecognised_is_refused_as_misread(tmp_path: Path, project: Path, capsys) -> None:
    rows = _many(4)
    for row in rows[1:16]:
        row[COLUMN["Hyvinvointialue"]] = "EtelÃ¤-Savon hyvinvointialue"  # UTF-8 read as cp1252 upstream
    path = write_csv_rows(project / "data/raw/rikki.csv", rows)
    with pytest.raises(ExportError, match=r"looks misread: 15 of its 20 area cells are not one of the 22 areas"):
        read_export(path)
    assert main(["validate"]) == EXIT_UNUSABLE
    assert "looks misread" in capsys.readouterr().err
    assert main(["clean"]) == EXIT_UNUSABLE
    assert list(output_files(project / "data/processed")) == []


def test_a_few_unrecognised_areas_are_excluded_not_refused(tmp_path: Path) -> None:
    rows = _many(4)
    for row in rows[1:5]:  # 4 of 20: below the misread minimum
        row[COLUMN["Hyvinvointialue"]] = "Ahvenanmaa"
    frame, _, problems = read_export(write_csv_rows(tmp_path / "muutama.csv", rows))
    assert frame["invalid_reason"].notna().sum() == 4


# --- 2. rows of another width ------------------------------------------------------------


def test_a_row_cut_short_is_listed_and_excluded_as_invalid(tmp_path: Path) -> None:
    rows = [list(r) for r in BASE]
    rows[3] = rows[3][:12]
    frame, _, problems = read_export(write_csv_rows(tmp_path / "lyhyt.csv", rows))
    assert len(frame) == 5
    assert [(p.row, p.column, p.severity) for p in problems] == [(4, None, "error")]
    assert problems[0].message == f"the row has 12 fields where the header has {len(HEADER)}: it looks cut short"
    cleaned = clean(_ingested(frame, problems), None)
    assert len(cleaned.assessments) == 4
    assert cleaned.excluded["exclusion_reason"].tolist() == ["invalid"]


def test_a_row_with_extra_fields(tmp_path: Path) -> None:
    rows = [list(r) for r in BASE]
    rows[2] = rows[2] + ["", ""]  # empty extras: a trailing delimiter, the row is fine
    rows[4] = rows[4] + ["jotain"]  # an answer split by an unquoted ';': columns shifted
    frame, _, problems = read_export(write_csv_rows(tmp_path / "pitka.csv", rows))
    found = {(p.row, p.severity) for p in problems}
    assert found == {(3, "warning"), (5, "error")}
    assert frame["invalid_reason"].notna().tolist() == [False, False, False, True, False]
    assert "cannot be told apart" in Message.from_key(frame.loc[3, "invalid_reason"])


def test_most_rows_of_another_width_is_refused(tmp_path: Path) -> None:
    rows = _many(2)
    rows[1:] = [r[:-3] for r in rows[1:]]
    with pytest.raises(ExportError, match="10 of its 10 rows have another number of fields"):
        read_export(write_csv_rows(tmp_path / "vaara.csv", rows))


# --- 4. personal data in the wrong column -----------------------------------------------

EMAIL = "liisa.tyyppi@example.fi"
PHONE = "040 765 4321"
NAME = "Liisa Tyyppinen"


@pytest.mark.slow  # executes a notebook
def test_personal_data_in_every_column_reaches_no_output(project: Path, capsys) -> None:
    rows = _many(2)
    personal_columns = {
        "Arviointiin osallistuneiden nimet, tehtävänimikkeet ja organisaatiot",
        "Yhteyshenkilön sähköpostiosoite",
    }
    free_text = {
        "Arvioitavan toimintamallin nimi",
        "Linkki toimintamallin kuvaukseen Innokylässä",
        "Investointi, jossa toimintamalli on kehitetty - Muu, mikä? - teksti",
    }
    for position, header in enumerate(HEADER):
        if header in personal_columns:
            continue
        # e-mail, phone and (where a label or number was expected) a name, each in its own row
        rows[1 + position % 10][position] = f"{EMAIL} {PHONE}" if header in free_text else EMAIL
        if header not in free_text:
            rows[1 + (position + 3) % 10][position] = NAME
            rows[1 + (position + 6) % 10][position] = PHONE
    write_csv_rows(project / "data/raw/henkilotiedot.csv", rows)
    assert main(["validate"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert main(["build", "--cutoff", "2025-12-31"]) == EXIT_OK
    outputs = output_files(project / "data/processed") | {
        f"reports/{k}": v for k, v in output_files(project / "reports").items()
    }
    assert any(name.endswith("report.html") for name in outputs)
    texts = {"validate": printed}
    for name, path in outputs.items():
        if path.suffix == ".parquet":
            texts[name] = pd.read_parquet(path).astype(str).to_csv()
        elif path.suffix == ".xlsx":
            texts[name] = pd.read_excel(path, dtype=str, engine="calamine").to_csv()
        else:
            texts[name] = path.read_text(encoding="utf-8", errors="replace")
    for name, text in texts.items():
        for secret in (EMAIL, PHONE, NAME, "Meikäläinen", "maija.meikalainen"):
            assert secret not in text, (secret, name)
    assert "sähköpostiosoite, 23 merkkiä" in texts["validate"]


# --- 5. no tracebacks ----------------------------------------------------------------------


def test_a_response_id_of_any_number_of_digits_is_kept(tmp_path: Path) -> None:
    rows = [list(r) for r in BASE]
    rows[2][COLUMN["Vastaajan numero"]] = "9" * 25  # too long for int64: once an OverflowError
    frame, _, problems = read_export(write_csv_rows(tmp_path / "pitka_id.csv", rows))
    assert problems == []
    assert frame["response_id"].tolist() == ["101", "9" * 25, "103", "104", "105"]
    assert frame["invalid_reason"].isna().all()


def test_a_response_id_too_long_to_be_one_names_its_row_and_is_not_echoed(tmp_path: Path) -> None:
    rows = [list(r) for r in BASE]
    rows[2][COLUMN["Vastaajan numero"]] = "7" * 101  # over the 100 characters an id may have
    frame, _, problems = read_export(write_csv_rows(tmp_path / "pitka_id.csv", rows))
    assert [(p.row, p.column, p.severity) for p in problems] == [(3, "Vastaajan numero", "error")]
    assert problems[0].message.startswith("the response id is too long to be one (")
    assert "101 merkkiä; at most 100 characters" in problems[0].message
    assert "7" * 20 not in problems[0].message + problems[0].value
    assert frame["invalid_reason"].notna().tolist() == [False, True, False, False, False]
    assert frame["response_id"].isna().tolist() == [False, True, False, False, False]


@pytest.mark.parametrize("cutoff", ["9999-12-31", "1.1.2020", "1.1.2101"])
def test_a_cutoff_outside_the_forms_years_is_a_usage_error(cutoff: str, capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--cutoff", cutoff])
    assert caught.value.code == 2
    assert "is outside the dates a cutoff can have" in capsys.readouterr().err


def test_clean_refuses_a_cutoff_outside_the_forms_years() -> None:
    frame, _, problems = read_export(FIXTURES / "layout_a.csv")
    with pytest.raises(ValueError, match="outside 12.03.2025–31.12.2100"):
        clean(_ingested(frame, problems), pd.Timestamp("9999-12-31").date())


def test_a_full_disk_while_writing_is_one_plain_line(messy_project: Path, monkeypatch, capsys) -> None:
    assert main(["clean"]) == EXIT_OK
    before = {k: p.read_bytes() for k, p in output_files(messy_project / "data/processed").items()}

    def full(frame, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pipeline, "write_parquet", full)
    assert main(["clean"]) == EXIT_ENVIRONMENT
    err = capsys.readouterr().err
    assert "the disk is full. Earlier outputs are as they were." in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    after = {k: p.read_bytes() for k, p in output_files(messy_project / "data/processed").items()}
    assert after == before
    assert leftovers(messy_project / "data/processed") == []
    with pytest.raises(OSError):  # --debug shows Python's own error
        main(["clean", "--debug"])


def test_a_folder_that_cannot_be_written_is_one_plain_line(messy_project: Path, monkeypatch, capsys) -> None:
    import tempfile

    def refused(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)  # as root, chmod cannot make a folder read-only
    assert main(["clean"]) == EXIT_ENVIRONMENT
    err = capsys.readouterr().err
    assert "data/processed/.generations: permission denied" in err


def test_a_file_where_data_processed_should_be(project: Path, capsys) -> None:
    (project / "data/raw/export.csv").write_bytes((FIXTURES / "layout_a.csv").read_bytes())
    (project / "data/processed").rmdir()
    (project / "data/processed").write_text("not a folder")
    assert main(["clean"]) == EXIT_ENVIRONMENT
    assert "a file stands where a folder should be" in capsys.readouterr().err
    assert (project / "data/processed").read_text() == "not a folder"


# --- 6. huge cells ---------------------------------------------------------------------------


@pytest.mark.slow  # a 20 MB export
def test_a_20_mb_cell_is_cut_with_a_warning_and_not_echoed(project: Path, capsys) -> None:
    rows = [list(r) for r in BASE]
    rows[2][COLUMN["Hyvinvointialue"]] = "x" * 20_000_000
    rows[4][COLUMN["Arvioitavan toimintamallin nimi"]] = "malli " * 4_000_000
    write_csv_rows(project / "data/raw/iso.csv", rows)
    started = time.monotonic()
    assert main(["validate"]) == EXIT_OK
    assert time.monotonic() - started < 20
    out = capsys.readouterr().out
    assert len(out) < 20_000
    assert (
        "row 3, column 'Hyvinvointialue': the cell has 20\u00a0000\u00a0000 characters; only the first 100\u00a0000"
    ) in out
    assert "row 5, column 'Arvioitavan toimintamallin nimi': the cell has 24\u00a0000\u00a0000 characters" in out
    frame, _, _ = read_export(project / "data/raw/iso.csv")
    assert frame["model_name"].str.len().max() <= MAX_CELL_CHARS


def test_readers_note_rows_by_their_record_not_their_line(tmp_path: Path) -> None:
    """A quoted answer spanning lines before a cp1252 row: the row named is the record's."""
    rows = [list(r) for r in BASE]
    rows[1][COLUMN["Arvioitavan toimintamallin nimi"]] = "kolme\nrivin\nnimi"
    lines = [_csv_bytes([r]) for r in rows]
    lines[4] = _csv_bytes([rows[4]], "cp1252")
    path = tmp_path / "rivit.csv"
    path.write_bytes(b"".join(lines))
    cells = grid.read_grid(path, lambda rows: 0 if not rows else sum(1 for c in rows[0] if c in COLUMN))
    assert [(n.index + 1, n.severity) for n in cells.notes] == [(5, "warning")]
