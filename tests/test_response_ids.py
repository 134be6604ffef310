"""Response ids of any length, and codes of letters and digits, kept as text.

The rule (analysis.processed.response_ids): digits only is a number, kept without leading
zeros and ordered by value; letters and digits (at least one of each, joined by
- _ . /) is a code, kept as written and ordered after the numbers; anything else
is not an id, and its row is invalid. Every expected value below is written by
hand from the layout A fixture (ids 101-105, five different models).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES, read_csv_rows, write_csv_rows

from analysis.cli.commands import main
from analysis.files.outputs import xlsx_bytes
from analysis.ingest.analyst_decisions import read_exclusions, read_theme_codes
from analysis.ingest.cleaning import clean
from analysis.ingest.exports import read_export, read_exports
from analysis.ingest.pipeline import load_inputs
from analysis.processed.read import load_processed
from analysis.processed.response_ids import canonical, sort_key
from analysis.tables.listing import listing_csv, listing_rows, listing_table

BASE = read_csv_rows(FIXTURES / "layout_a.csv")
ID, TIME, AREA = 0, 1, 2
NAME = BASE[0].index("Arvioitavan toimintamallin nimi")
NINETEEN = "1234567890123456789"  # one digit more than an int64 holds
THIRTY = "123456789012345678901234567890"


def _export(tmp_path: Path, ids: list[str], name: str = "vienti.csv") -> Path:
    """Layout A with the five rows' response ids replaced by ``ids``, in order."""
    rows = [list(r) for r in BASE]
    for row, response_id in zip(rows[1:], ids):
        row[ID] = response_id
    return write_csv_rows(tmp_path / name, rows)


# --- the rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "kept_as"),
    [
        (NINETEEN, NINETEEN),
        (THIRTY, THIRTY),
        ("101", "101"),
        ("00123", "123"),  # a number: compared by its value
        ("000", "0"),
        (" 42 ", "42"),
        ("٣٤", "34"),  # Arabic-Indic digits: the number 34
        ("R-2025-0017", "R-2025-0017"),  # a code: kept as written, zeros and all
        ("abc123", "abc123"),
        ("A1_b.2/c3", "A1_b.2/c3"),
    ],
)
def test_ids_that_are_kept(cell: str, kept_as: str) -> None:
    assert canonical(cell) == kept_as


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "   ",
        "Matti Meikäläinen",  # a name: spaces and no digits
        "Meikäläinen",  # letters only
        "Liisa 2",  # a space
        "liisa.tyyppi@example.fi",
        "040 765 4321",  # a phone number with spaces
        "+358 40 1234567",
        "+358401234567",
        "040-765-4321",  # digits and dashes but no letter: not a code
        "12.5",
        "R--1",
        "-R1",
        "1\x072",  # a control character
        "12\u200b3",  # a zero-width space
        "7" * 101,  # over 100 characters
    ],
)
def test_cells_that_are_not_ids(cell: str) -> None:
    assert canonical(cell) is None


def test_numbers_go_first_by_value_then_codes_as_text() -> None:
    ids = ["R-1", "100000000000000000000", "10", "abc1", "2", "9"]
    assert sorted(ids, key=sort_key) == ["2", "9", "10", "100000000000000000000", "R-1", "abc1"]


# --- reading ----------------------------------------------------------------------------


def test_long_numbers_and_codes_are_read_as_ids(tmp_path: Path) -> None:
    path = _export(tmp_path, [NINETEEN, THIRTY, "R-2025-0017", "abc123", "00105"])
    frame, _, problems = read_export(path)
    assert problems == []
    assert str(frame["response_id"].dtype) == "string"
    assert frame["response_id"].tolist() == [NINETEEN, THIRTY, "R-2025-0017", "abc123", "105"]
    assert frame["invalid_reason"].isna().all()
    ingested, _ = read_exports([path])
    kept = clean(ingested, None).assessments  # five models, all kept, in time order
    assert kept["response_id"].tolist() == [NINETEEN, THIRTY, "R-2025-0017", "abc123", "105"]


def test_a_name_in_the_id_cell_makes_the_row_invalid_without_showing_it(tmp_path: Path) -> None:
    frame, _, problems = read_export(_export(tmp_path, ["101", "Matti Meikäläinen", "103", "104", "105"]))
    assert [(p.row, p.column, p.value, p.severity) for p in problems] == [
        (3, "Vastaajan numero", "teksti, 17 merkkiä", "error")
    ]
    assert problems[0].message == (
        "the response id is neither a whole number nor a code of letters and digits "
        "such as R-2025-0017 (teksti, 17 merkkiä)"
    )
    assert frame["response_id"].isna().tolist() == [False, True, False, False, False]
    assert "Meikäläinen" not in frame["invalid_reason"].iloc[1]


# --- matching: leading zeros, exclusions, reviewed codes, duplicates ---------------------------


def test_an_id_with_leading_zeros_matches_the_exclusions_without_them(tmp_path: Path) -> None:
    export = _export(tmp_path, ["101", "0102", "103", "104", "105"])
    listed = tmp_path / "exclusions.csv"
    listed.write_text(
        "response_id;reason\n102;testi\n00103;peruttu\nR-9;ei ole\n20;ei ole\n3;ei ole\n", encoding="utf-8"
    )
    exclusions = read_exclusions(listed)
    assert exclusions.reasons == {"102": "testi", "103": "peruttu", "R-9": "ei ole", "20": "ei ole", "3": "ei ole"}
    ingested, _ = read_exports([export])
    cleaned = clean(ingested, None, exclusions)
    excluded = cleaned.excluded[["source_row", "response_id", "exclusion_reason", "exclusion_detail"]]
    assert excluded.values.tolist() == [
        [3, "102", "excluded_by_analyst", "testi"],  # "0102" in the export, "102" in the list
        [4, "103", "excluded_by_analyst", "peruttu"],  # "103" in the export, "00103" in the list
    ]
    assert cleaned.assessments["response_id"].tolist() == ["101", "104", "105"]
    # the ids in no export, numbers by value first, then codes
    assert [p.message for p in cleaned.problems] == [
        f"response id {i} is in the exclusions file but in no export" for i in ("3", "20", "R-9")
    ]


def test_reviewed_codes_match_ids_with_leading_zeros_and_codes(tmp_path: Path) -> None:
    export = _export(tmp_path, ["101", "R-0102", "103", "104", "105"])
    codes = tmp_path / "theme_codes.csv"
    codes.write_text("response_id;theme;code\n0101;digital;0\nR-0102;digital;1\nR-102;digital;1\n", encoding="utf-8")
    assert read_theme_codes(codes).codes == {
        ("101", "digital"): False,
        ("R-0102", "digital"): True,
        ("R-102", "digital"): True,
    }
    inputs = load_inputs([export], None, None, codes)
    rows = inputs.ingested.responses.set_index("response_id")
    assert not rows.loc["101", "theme__digital"]
    assert rows.loc["R-0102", "theme__digital"]
    # a code is compared as written: R-102 is not R-0102
    assert (inputs.overrides.given, inputs.overrides.unmatched) == (2, 1)


def test_ids_that_differ_only_by_leading_zeros_are_duplicates(tmp_path: Path) -> None:
    rows = [list(r) for r in BASE]
    again = list(rows[1])
    again[ID] = "000101"  # the same response as 101, exported again
    export = write_csv_rows(tmp_path / "kahdesti.csv", rows + [again])
    ingested, _ = read_exports([export])
    cleaned = clean(ingested, None)
    assert cleaned.accounting()["raw_rows"] == 6
    assert cleaned.excluded[["source_row", "response_id", "exclusion_reason", "exclusion_detail"]].values.tolist() == [
        [7, "101", "duplicate_response_id", "same response number as kahdesti.csv row 2"]
    ]
    assert cleaned.problems == []  # the same answers: no warning
    assert sorted(cleaned.assessments["response_id"]) == ["101", "102", "103", "104", "105"]


# --- order ------------------------------------------------------------------------------------


def test_numeric_order_in_processed_data_and_listings(project: Path, tmp_path: Path) -> None:
    # four models submitted at the same minute, in the same area under the same name
    # (different links): only the response id orders them
    ids = ["100000000000000000000", "R-1", "10", "2", "105"]
    rows = [list(r) for r in BASE]
    for row, response_id in zip(rows[1:5], ids):
        row[ID], row[TIME], row[AREA], row[NAME] = response_id, "1.7.2025 8:00", "Lappi", "Sama malli"
    rows[5][ID] = "105"  # 2.11.2025, Keski-Uusimaa
    write_csv_rows(project / "data/raw/vienti.csv", rows)
    assert main(["clean", "--cutoff", "2025-12-31"]) == 0
    data = load_processed(date(2025, 12, 31))
    kept = data.assessments
    assert kept["response_id"].tolist() == ["2", "10", "100000000000000000000", "R-1", "105"]
    assert str(pq.read_schema(project / "data/processed/2025-12-31/assessments.parquet").field("response_id").type) in (
        "string",
        "large_string",
    )

    # the listing: by area (Keski-Uusimaa before Lappi), name, then response id
    assert listing_table(kept)["Vastaajan numero"].tolist() == ["105", "2", "10", "100000000000000000000", "R-1"]
    rows = listing_rows(kept)
    assert [r[0] for r in rows] == ["Vastaajan numero", "105", "2", "10", "100000000000000000000", "R-1"]
    text = listing_csv(rows).decode("utf-8-sig")
    assert [line.split(";")[0] for line in text.splitlines()[1:]] == ["105", "2", "10", "100000000000000000000", "R-1"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([("Toimintamallit", rows)], datetime(2026, 1, 1))))
    column = [c.value for c in next(book.active.iter_cols(min_col=1, max_col=1))]
    assert column == ["Vastaajan numero", "105", "2", "10", "100000000000000000000", "R-1"]  # text, not 1E+20
