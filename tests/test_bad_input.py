"""Whole-file problems stop the run with a message naming the file and what is wrong,
write nothing, and exit non-zero; `validate` reports plainly and never crashes on bad rows."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, leftovers, output_files, read_csv_rows, write_csv_rows

from analysis.cli.commands import main
from analysis.files.grid import ExportError
from analysis.ingest.exports import read_export


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "tyhja.csv"
    path.write_bytes(b"")
    with pytest.raises(ExportError, match="tyhja.csv: the file is empty"):
        read_export(path)


def test_header_but_no_data_rows(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")[:1]
    with pytest.raises(ExportError, match="header but no data rows"):
        read_export(write_csv_rows(tmp_path / "header_only.csv", rows + [[""] * len(rows[0])]))


@pytest.mark.parametrize(
    ("dropped", "named"),
    [
        ("Vastaajan numero", "'Vastaajan numero'"),
        ("Vastausaika", "'Vastausaika'"),
        ("Hyvinvointialue", "'Hyvinvointialue'"),
    ],
)
def test_a_required_column_missing(tmp_path: Path, dropped: str, named: str) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    index = rows[0].index(dropped)
    rows = [r[:index] + r[index + 1 :] for r in rows]
    path = write_csv_rows(tmp_path / "puuttuu.csv", rows)
    with pytest.raises(ExportError) as caught:
        read_export(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"required column missing: {named}" in message


def test_a_required_column_under_another_name_is_shown_among_the_unrecognised(tmp_path: Path) -> None:
    # the newcomer's walk: the message listed all 68 headers read, the known ones too
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    index = rows[0].index("Hyvinvointialue")
    rows[0][index] = "Alue (kunta)"
    rows[0].append("Oma lisäsarake")
    rows = [rows[0]] + [r + [""] for r in rows[1:]]
    path = write_csv_rows(tmp_path / "toinen_nimi.csv", rows)
    with pytest.raises(ExportError) as caught:
        read_export(path)
    message = str(caught.value)
    assert "required column missing: 'Hyvinvointialue'" in message
    assert f"headers read: {len(rows[0])};" in message
    assert "not recognised: 'Alue (kunta)', 'Oma lisäsarake')" in message
    assert "'Vastausaika'" not in message  # a recognised header is not listed
    assert "aliases in src/analysis/data/codebook.yaml" in message


def test_a_file_of_unknown_headers_names_the_first_twelve(tmp_path: Path) -> None:
    header = [f"Sarake {n}" for n in range(1, 21)]
    path = write_csv_rows(tmp_path / "vieras.csv", [header, ["x"] * 20])
    with pytest.raises(ExportError) as caught:
        read_export(path)
    message = str(caught.value)
    assert "headers read: 20; not recognised: 'Sarake 1', 'Sarake 2'," in message
    assert "'Sarake 12', …)" in message
    assert "Sarake 13" not in message


def test_a_broken_workbook(tmp_path: Path) -> None:
    path = tmp_path / "rikki.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(ExportError, match="rikki.xlsx: cannot be read as an Excel workbook"):
        read_export(path)


def test_an_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "vastaukset.ods"
    path.write_bytes(b"x")
    with pytest.raises(ExportError, match="unsupported file type '.ods'"):
        read_export(path)


def test_a_file_of_something_else_entirely(tmp_path: Path) -> None:
    path = tmp_path / "kuva.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ExportError, match="kuva.csv"):
        read_export(path)


def test_two_columns_for_one_question(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    rows = [r + [r[2]] for r in rows]
    rows[0][-1] = "HYVINVOINTIALUE"
    with pytest.raises(ExportError, match="both hold 'Hyvinvointialue'"):
        read_export(write_csv_rows(tmp_path / "kaksi.csv", rows))


# --- the command line ---------------------------------------------------------------


def test_validate_reports_in_plain_words(capsys, fixtures: Path) -> None:
    code = main(
        [
            "validate",
            str(fixtures / "messy.csv"),
            "--exclusions",
            str(fixtures / "messy_exclusions.csv"),
            "--cutoff",
            "30.6.2025",
            "--max-problems",
            "1000",  # the sample's listing-status file in data/raw names links that messy.csv has not
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "rows read: 13" in out
    assert "columns mapped: 7" in out
    assert "personal-data columns dropped at the door: 1" in out
    assert "columns not recognised: none" in out
    assert "Rows at the cutoff 30.6.2025:" in out
    for line in ["kept                          5", "invalid                     2", "after_cutoff                2"]:
        assert line in out
    assert (
        "ERROR   messy.csv, row 6, column 'Hyvinvointialue': the area is not one of the 22 areas (teksti, 5 merkkiä)"
    ) in out
    assert "WARNING messy.csv, row 12, column 'Arviointiin osallistuneiden henkilöiden määrä'" in out
    assert out.rstrip().endswith("The exports can be used.")


def test_validate_exits_non_zero_on_a_whole_file_problem_and_names_the_file(
    capsys, tmp_path: Path, fixtures: Path
) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    index = rows[0].index("Vastausaika")
    bad = write_csv_rows(tmp_path / "ilman_aikaa.csv", [r[:index] + r[index + 1 :] for r in rows])
    code = main(["validate", str(fixtures / "layout_a.csv"), str(bad), "--no-exclusions"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"CANNOT USE {bad}: required column missing: 'Vastausaika'" in err


def test_validate_lists_unrecognised_columns(capsys, tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    rows[0].append("Lisätietoja")
    for r in rows[1:]:
        r.append("x")
    path = write_csv_rows(tmp_path / "extra.csv", rows)
    assert main(["validate", str(path), "--no-exclusions"]) == 0
    assert "columns not recognised (1, ignored): 'Lisätietoja'" in capsys.readouterr().out


def test_validate_on_a_folder_skips_hand_kept_files(capsys, messy_project: Path) -> None:
    assert main(["validate"]) == 0  # default: data/raw/, with data/raw/exclusions.csv applied
    out = capsys.readouterr().out
    assert "Read 1 export file(s)." in out
    assert "excluded_by_analyst         1" in out


def test_an_empty_folder_is_a_clear_error(capsys, project: Path) -> None:
    assert main(["validate"]) == 1
    assert "no exports (.xlsx or .csv) in this folder" in capsys.readouterr().err


def _tree_digest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in output_files(folder).items()}


def test_a_bad_export_leaves_earlier_outputs_in_place(capsys, messy_project: Path) -> None:
    assert main(["clean"]) == 0
    processed = messy_project / "data/processed"
    before = _tree_digest(processed)
    assert len(before) == 12  # 3 cutoffs x 4 files

    shutil.copy(FIXTURES / "layout_a.csv", messy_project / "data/raw/new.csv")
    broken = messy_project / "data/raw/zz_broken.csv"
    broken.write_text("Vastaajan numero;Hyvinvointialue\n1;Lappi\n", encoding="utf-8")
    assert main(["clean"]) == 1
    err = capsys.readouterr().err
    assert "zz_broken.csv: required column missing: 'Vastausaika'" in err
    assert "Nothing was written" in err
    assert _tree_digest(processed) == before
    assert leftovers(processed) == []  # no staging left behind


def test_a_bad_cutoff_date_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--cutoff", "31.13.2025"])
    assert caught.value.code == 2
    assert "'31.13.2025' is not a date" in capsys.readouterr().err
