"""Every export layout, file type, encoding and delimiter reads to the same 5 assessments.

EXPECTED is written from reading tests/fixtures/layout_a.csv by hand.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, PERSONAL_DATA, read_csv_rows, write_csv_rows, write_xlsx

from analysis.ingest.exports import read_export
from analysis.ingest.timestamps import parse_timestamps
from analysis.problems.record import Message

NOT_PILOTED = "Ei"
EXPECTED = {
    "101": dict(
        submitted_at=datetime(2025, 3, 12, 9, 15),
        region="Pirkanmaan hyvinvointialue",
        region_code="08",
        participants=3,
        roles=(True, True),
        investment={"i1"},
        other_text=None,
        scope="Palveluketju",
        phase=("Koko hyvinvointialueella", "Useammassa yksikössä", "Yhdessä yksikössä"),
    ),
    "102": dict(
        submitted_at=datetime(2025, 6, 30, 14, 5, 59),
        region="Pirkanmaan hyvinvointialue",
        region_code="08",
        participants=2,
        roles=(True, False),
        investment={"i1", "i4"},
        other_text=None,
        scope="Palvelukokonaisuus",
        phase=("Yhdessä yksikössä", "Ei", "Ei"),
    ),
    "103": dict(
        submitted_at=datetime(2025, 7, 1, 8, 0),
        region="Lapin hyvinvointialue",
        region_code="21",
        participants=5,
        roles=(True, True),
        investment={"other"},
        other_text="RRP3",
        scope="Muu toimintamalli ja/tai palvelu",
        phase=("Koko hyvinvointialueella", "Koko hyvinvointialueella", "Useammassa yksikössä"),
    ),
    "104": dict(
        submitted_at=datetime(2025, 10, 15, 12, 0),
        region="Helsingin kaupunki",
        region_code="90",
        participants=4,
        roles=(False, True),
        investment={"i2"},
        other_text=None,
        scope="Tuote",
        phase=("Useammassa yksikössä", "Yhdessä yksikössä", "Ei"),
    ),
    "105": dict(
        submitted_at=datetime(2025, 11, 2, 10, 30),
        region="Keski-Uudenmaan hyvinvointialue",
        region_code="02",
        participants=1,
        roles=(True, True),
        investment={"i3", "other"},
        other_text="I1B",
        scope="Muu",
        phase=("Ei", "Ei", "Ei"),
    ),
}
INVESTMENT_OPTIONS = ("i1", "i2", "i3", "i4", "other")


def assert_reads_as_expected(frame: pd.DataFrame) -> None:
    assert list(frame["response_id"]) == list(EXPECTED)
    for _, row in frame.iterrows():
        want = EXPECTED[row["response_id"]]
        rid = row["response_id"]
        assert row["submitted_at"] == pd.Timestamp(want["submitted_at"]), rid
        assert row["region"] == want["region"], rid
        assert row["region_code"] == want["region_code"], rid
        assert row["participants"] == want["participants"], rid
        assert (row["participant_roles__region_representative"], row["participant_roles__rrp_representative"]) == want[
            "roles"
        ], rid
        chosen = {o for o in INVESTMENT_OPTIONS if row[f"investment__{o}"]}
        assert chosen == want["investment"], rid
        other = row["investment__other_text"]
        assert (None if pd.isna(other) else other) == want["other_text"], rid
        assert row["scope"] == want["scope"], rid
        assert (row["phase__piloted"], row["phase__adopted"], row["phase__rooted"]) == want["phase"], rid


@pytest.mark.parametrize("name", ["layout_a.csv", "layout_b.csv", "layout_c.csv", "layout_d.csv"])
def test_each_csv_layout_reads_the_same_assessments(name: str) -> None:
    frame, source, problems = read_export(FIXTURES / name)
    assert problems == []
    assert source.rows == 5
    assert source.unrecognised == []
    assert_reads_as_expected(frame)


def test_two_row_header_is_detected() -> None:
    _, source, _ = read_export(FIXTURES / "layout_c.csv")
    assert source.header_rows == 2


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("utf-16", ";"),
        ("utf-16-le", "\t"),
        ("cp1252", ";"),
        ("cp1252", ","),
        ("utf-8", "\t"),
    ],
)
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    path = write_csv_rows(tmp_path / "export.csv", rows, delimiter=delimiter, encoding=encoding)
    frame, source, problems = read_export(path)
    assert problems == []
    assert_reads_as_expected(frame)
    # Finnish letters survive every encoding
    assert "Digihoitopolku ikäihmisille" in set(frame["model_name"])


def _with_excel_types(rows: list[list[str]]) -> list[list[object]]:
    """As Excel holds them: numbers as numbers, times as real datetimes."""
    header, body = rows[0], rows[1:]
    typed = [header]
    for r in body:
        r = list(r)
        r[0] = int(r[0])
        r[1] = datetime.combine(EXPECTED[str(r[0])]["submitted_at"].date(), EXPECTED[str(r[0])]["submitted_at"].time())
        r[5] = int(r[5])
        r = [int(v) if v in ("0", "1") else v for v in r]
        typed.append(r)
    return typed


def test_xlsx_with_excel_datetimes_and_a_report_sheet(tmp_path: Path) -> None:
    rows = _with_excel_types(read_csv_rows(FIXTURES / "layout_a.csv"))
    frame, source, problems = read_export(write_xlsx(tmp_path / "export.xlsx", rows))
    assert problems == []
    assert source.rows == 5  # the report sheet's row 999 is not read
    assert "Vastaukset" in source.description
    assert_reads_as_expected(frame)


def test_xlsx_two_row_header_with_merged_question_cells(tmp_path: Path) -> None:
    top, sub, *body = read_csv_rows(FIXTURES / "layout_c.csv")
    # Layout B values under a merged two-row header: the label when chosen, else empty.
    labelled = []
    for r in body:
        r = list(r)
        for col in range(6, 8):
            r[col] = sub[col] if r[col] == "1" else ""
        for col in range(10, 15):
            r[col] = sub[col] if r[col] == "1" else ""
        labelled.append(r)
    path = write_xlsx(tmp_path / "c.xlsx", [top, sub, *labelled], merges=["G1:H1", "K1:P1", "R1:T1"])
    frame, source, problems = read_export(path)
    assert source.header_rows == 2
    assert problems == []
    assert_reads_as_expected(frame)


def test_excel_serial_numbers_as_times(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    # 45838.5875 = 30.6.2025 14:06:00 in Excel's 1900 date system
    rows[2][1] = "45838.5875"
    frame, _, problems = read_export(write_csv_rows(tmp_path / "e.csv", rows))
    assert problems == []
    assert frame.loc[1, "submitted_at"] == pd.Timestamp("2025-06-30 14:06:00")


def test_timestamp_formats() -> None:
    raw = pd.Series(
        [
            "30.6.2025 14:05",
            "30.06.2025 14:05:59",
            "2025-06-30 14:05:59",
            "30.6.2025 klo 14.05",
            datetime(2025, 6, 30, 14, 5),
            45838.5875,
            "30.6.2025",
            "ei aikaa",
            None,
            "31.2.2025 10:00",
        ],
        dtype=object,
    )
    parsed = parse_timestamps(raw)
    assert list(parsed[:7]) == [
        pd.Timestamp("2025-06-30 14:05"),
        pd.Timestamp("2025-06-30 14:05:59"),
        pd.Timestamp("2025-06-30 14:05:59"),
        pd.Timestamp("2025-06-30 14:05"),
        pd.Timestamp("2025-06-30 14:05"),
        pd.Timestamp("2025-06-30 14:06"),
        pd.Timestamp("2025-06-30 00:00"),
    ]
    assert parsed[7:].isna().all()  # text, empty, and an impossible date


def test_personal_data_and_unknown_columns_are_dropped_when_read(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    rows[0].append("Puhelinnumero")
    for r in rows[1:]:
        r.append("040 123 4567")
    frame, source, _ = read_export(write_csv_rows(tmp_path / "x.csv", rows))
    assert source.unrecognised == ["Puhelinnumero"]
    assert len(source.personal_data_dropped) == 2
    as_text = frame.astype(str).to_csv()
    for value in PERSONAL_DATA + ["040 123 4567"]:
        assert value not in as_text
    assert not any(c in frame.columns for c in ("assessors", "contact_email"))


def test_row_level_problems_are_listed_with_file_row_and_column(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    header = rows[0]
    col = {h: i for i, h in enumerate(header)}
    rows[1][col["Investointi, jossa toimintamalli on kehitetty - I2"]] = "ehkä"
    rows[2][col["Toimintamallin kehitysvaihe - Pilotoitu"]] = "Kokeiltu"
    rows[3][col["Arviointiin osallistuneiden henkilöiden määrä"]] = "viisi"
    rows[4][col["Hyvinvointialue"]] = "Ahvenanmaa"
    rows[5][col["Vastaajan numero"]] = ""
    frame, _, problems = read_export(write_csv_rows(tmp_path / "bad.csv", rows))
    found = {(p.row, p.column, p.severity) for p in problems}
    assert found == {
        (2, "Investointi, jossa toimintamalli on kehitetty - I2", "warning"),
        (3, "Toimintamallin kehitysvaihe - Pilotoitu", "warning"),
        (4, "Arviointiin osallistuneiden henkilöiden määrä", "warning"),
        (5, "Hyvinvointialue", "error"),
        (6, "Vastaajan numero", "error"),
    }
    assert all(p.file == "bad.csv" for p in problems)
    # nothing is lost: all 5 rows are still there; the bad cells are empty
    assert len(frame) == 5
    assert pd.isna(frame.loc[0, "investment__i2"])
    assert pd.isna(frame.loc[1, "phase__piloted"])
    assert pd.isna(frame.loc[2, "participants"])
    assert frame["invalid_reason"].notna().sum() == 2
    # the cell is shown by its kind and length only: it could be personal data
    assert (
        Message.from_key(frame.loc[3, "invalid_reason"]) == "the area is not one of the 22 areas (teksti, 10 merkkiä)"
    )
    assert not any("Ahvenanmaa" in str(p.value) + p.message for p in problems)


def test_joined_column_without_other_option_warns_on_unknown_entries(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_d.csv", delimiter="\t")
    roles = rows[0].index("Arviointiin osallistui")
    rows[1][roles] = "Hyvinvointialueen edustaja; Kunnan edustaja"
    frame, _, problems = read_export(write_csv_rows(tmp_path / "d.csv", rows, delimiter="\t"))
    assert [(p.row, p.severity) for p in problems] == [(2, "warning")]
    assert "not an option of 'Arviointiin osallistui' (teksti, 15 merkkiä)" in problems[0].message
    assert frame.loc[0, "participant_roles__region_representative"]
    assert not frame.loc[0, "participant_roles__rrp_representative"]


def test_blank_rows_are_skipped_and_row_numbers_stay_true(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    rows.insert(3, [""] * len(rows[0]))
    rows[5][2] = "Tuntematon alue"  # response 104, now on spreadsheet row 6
    _, source, problems = read_export(write_csv_rows(tmp_path / "blank.csv", rows))
    assert source.blank_rows == 1
    assert source.rows == 5
    assert [(p.row, p.value) for p in problems] == [(6, "teksti, 15 merkkiä")]


def test_invalid_reason_is_the_first_error_in_column_order(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    col = {h: i for i, h in enumerate(rows[0])}
    rows[1][col["Hyvinvointialue"]] = "Ahvenanmaa"  # a later column than the id and the time
    rows[1][col["Vastausaika"]] = "eilen"
    frame, _, problems = read_export(write_csv_rows(tmp_path / "two.csv", rows))
    assert (
        Message.from_key(frame.loc[0, "invalid_reason"])
        == "the submission time is not a date and time (teksti, 5 merkkiä)"
    )
    assert {p.column for p in problems if p.row == 2} == {"Vastausaika", "Hyvinvointialue"}


def test_derived_columns_are_made_from_the_parsed_column_or_its_empty_stand_in(tmp_path: Path) -> None:
    """read_export hands a parsed column to a function in a second thread and adds what
    it makes; a file without the column gets it made from the empty column."""

    def lengths(texts: pd.Series) -> pd.DataFrame:
        return pd.DataFrame({"answer_length": texts.str.len().astype("Int64")}, index=texts.index)

    rows = read_csv_rows(FIXTURES / "layout_a.csv")  # it has no column of key results
    frame, _, _ = read_export(FIXTURES / "layout_a.csv", derived={"key_results": lengths})
    assert frame["key_results"].isna().all() and frame["answer_length"].isna().all()

    rows[0].append("Toimintamallin vaikuttavimmat ja tärkeimmät tulokset")
    for number, row in enumerate(rows[1:]):
        row.append("Jonot lyhenivät." * number)
    rows.insert(3, [""] * len(rows[0]))  # a blank row: dropped, and the rows still line up
    frame, _, _ = read_export(write_csv_rows(tmp_path / "a.csv", rows), derived={"key_results": lengths})
    assert list(frame.columns[-1:]) == ["answer_length"]
    assert frame["answer_length"].tolist() == [pd.NA, 16, 32, 48, 64]
