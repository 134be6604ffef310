"""The hand-kept files (#22 item 5, #30): one reader for all of them, and every row
accounted for.

Each file is written here as Excel writes it back: "CSV (puolipisteeroteltu)"
(cp1252, ';', CRLF), "Unicode-teksti" (UTF-16 with BOM, tab), "CSV UTF-8" (BOM,
';'), and a plain comma-separated UTF-8 file; or as a workbook. The export is
tests/fixtures/layout_a.csv: five assessments, ids 101-105, one link each, all
kept at 31.12.2025 (read it to check the expected figures).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import FIXTURES

from analysis.cli.commands import EXIT_OK, EXIT_UNUSABLE, main
from analysis.files.hand_kept import HandKeptError, parse_day, read_hand_kept
from analysis.ingest.analyst_decisions import read_exclusions, read_listing_status, read_theme_codes
from analysis.ingest.pipeline import InputError, load_inputs
from analysis.panel.assignment import Model, PanelError, assign, read_reviewers
from analysis.tables.key_figures import key_figures
from analysis.tables.listing import listing_table

EXPORT = FIXTURES / "layout_a.csv"
CUTOFF = date(2025, 12, 31)
LINK = {  # layout_a.csv's links by response id
    "101": "https://innokyla.fi/fi/toimintamalli/digihoitopolku-ikaihmisille",
    "102": "http://www.innokyla.fi/fi/toimintamalli/perhekeskus/",
    "103": "https://innokyla.fi/fi/toimintamalli/etavastaanotto",
    "104": "https://innokyla.fi/fi/toimintamalli/kotikuntoutus",
    "105": "https://innokyla.fi/fi/toimintamalli/matalan-kynnyksen",
}
ATTACHED = "Liitetty Innokylään"


def excel_csv(path: Path, rows: list[list[str]], saved_as: str = "cp1252") -> Path:
    """The rows as Excel saves a sheet: "cp1252" (CSV (puolipisteeroteltu)), "utf-16"
    (Unicode-teksti), "utf-8-sig" (CSV UTF-8) or "utf-8," (comma-separated)."""
    delimiter = {"utf-16": "\t", "utf-8,": ","}.get(saved_as, ";")
    encoding = {"utf-8,": "utf-8"}.get(saved_as, saved_as)
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)  # quoted as Excel quotes
    path.write_bytes(text.getvalue().encode(encoding))
    return path


ENCODINGS = ["cp1252", "utf-16", "utf-8-sig", "utf-8,"]


def inputs(tmp_path: Path, exclusions=None, listing=None, codes=None):
    return load_inputs([EXPORT], exclusions, listing, codes)


def codes_of(problems) -> list[tuple[int | None, str]]:
    return [(p.row, p.code) for p in problems]


# --- #22 item 5: every file in every encoding Excel saves, with å, ä, ö -----------------------


@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_exclusions_in_excels_encodings(tmp_path: Path, saved_as: str) -> None:
    path = excel_csv(
        tmp_path / "exclusions.csv",
        [["Vastaajan numero", "syy"], ["0103", "Åbo Akademin testivastaus, ei ääniä"], ["105", "Kysyttiin pöydältä"]],
        saved_as,
    )
    exclusions = read_exclusions(path)
    assert exclusions.reasons == {"103": "Åbo Akademin testivastaus, ei ääniä", "105": "Kysyttiin pöydältä"}
    assert exclusions.problems == []
    cleaned = inputs(tmp_path, exclusions=path).clean(CUTOFF)
    assert key_figures(cleaned.assessments)["Itsearviointeja"] == 3  # 5 - 2 by hand
    assert sorted(cleaned.excluded["exclusion_detail"]) == ["Kysyttiin pöydältä", "Åbo Akademin testivastaus, ei ääniä"]


@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_listing_status_in_excels_encodings(tmp_path: Path, saved_as: str) -> None:
    path = excel_csv(
        tmp_path / "listing_status.csv",
        [
            ["Linkki", "liitetty Innokylään", "tarkistuspäivä", "liittämispäivä"],
            [LINK["101"], "Kyllä", "16.1.2026", "1.6.2025"],
            [LINK["102"], "ei", "16.1.2026", ""],
            [LINK["103"], "kyllä", "16.1.2026", "5.1.2026"],
        ],
        saved_as,
    )
    status = read_listing_status(path)
    assert status.checked_on == date(2026, 1, 16)
    assert status.problems == []
    cleaned = inputs(tmp_path, listing=path).clean(CUTOFF)
    # 101 attached on 1.6.2025; 103 only on 5.1.2026, after the cutoff: one at 31.12.2025
    assert key_figures(cleaned.assessments)[ATTACHED] == 1


@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_theme_codes_in_excels_encodings(tmp_path: Path, saved_as: str) -> None:
    path = excel_csv(
        tmp_path / "theme_codes.csv",
        [
            ["vastaaja", "teema", "koodi"],
            ["101", "Monialaisen ja -ammatillisen yhteistyön tiivistyminen", "1"],
            ["102", "Monialaisen ja -ammatillisen yhteistyön tiivistyminen", "0"],
        ],
        saved_as,
    )
    assert read_theme_codes(path).codes == {("101", "collaboration"): True, ("102", "collaboration"): False}
    responses = inputs(tmp_path, codes=path).ingested.responses.set_index("response_id")
    assert responses.loc["101", "theme__collaboration"] == True  # noqa: E712 (a pandas boolean)
    assert responses.loc["102", "theme__collaboration"] == False  # noqa: E712


@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_reviewers_in_excels_encodings_and_their_conflicts_honoured(tmp_path: Path, saved_as: str) -> None:
    path = excel_csv(
        tmp_path / "arvioijat.csv",
        [["nimi", "oma alue", "jäävi"], ["Carl Åberg", "", "301"], ["Öljy Äimä", "Lappi", ""], ["Bo Ek", "", ""]],
        saved_as,
    )
    reviewers = read_reviewers(path)
    assert [r.name for r in reviewers] == ["Carl Åberg", "Öljy Äimä", "Bo Ek"]
    assert reviewers[0].conflicts == frozenset({"301"})
    assert reviewers[1].area == "Lapin hyvinvointialue"
    # 301 is in Lappi: neither Carl (conflict) nor Öljy (own area) may get it
    assignment = assign([Model("301", "Kotikuntoutus", "Lapin hyvinvointialue", "")], reviewers, 1)
    assert assignment == {"301": ["Bo Ek"]}
    with pytest.raises(PanelError, match="2 are needed"):
        assign([Model("301", "Kotikuntoutus", "Lapin hyvinvointialue", "")], reviewers, 2)


def test_a_bad_reviewers_row_is_named_in_finnish_by_file_row_and_column(tmp_path: Path) -> None:
    path = excel_csv(tmp_path / "arvioijat.csv", [["nimi", "jäävi"], ["Carl Åberg", "12 ja 40"]])
    with pytest.raises(PanelError) as caught:
        read_reviewers(path)
    assert caught.value.lines("fi") == [
        "arvioijat.csv, rivi 2, sarake jäävi: kirjoita vastaajan numerot pilkuin eroteltuina (esim. 12, 40)"
    ]


def test_the_reader_names_the_missing_column_and_what_the_header_holds(tmp_path: Path) -> None:
    path = excel_csv(tmp_path / "x.csv", [["Vastaajan numero", "kommentti"], ["1", "x"]])
    with pytest.raises(HandKeptError, match="needs a column 'reason'.*holds: Vastaajan numero, kommentti"):
        read_hand_kept(
            path,
            {"response_id": ["response_id", "Vastaajan numero"], "reason": ["reason", "syy"]},
        )


# --- #30 1: a path that is not a readable file --------------------------------------------


def _built_project(project: Path) -> dict[str, bytes]:
    shutil.copy(EXPORT, project / "data/raw/vienti.csv")
    excel_csv(project / "data/raw/exclusions.csv", [["response_id", "reason"], ["103", "testi"]])
    assert main(["clean", "--cutoff", "2025-12-31"]) == EXIT_OK
    processed = project / "data/processed"
    return {str(p.relative_to(processed)): p.read_bytes() for p in sorted(processed.rglob("*")) if p.is_file()}


def _outputs(project: Path) -> dict[str, bytes]:
    processed = project / "data/processed"
    return {str(p.relative_to(processed)): p.read_bytes() for p in sorted(processed.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("folder", "exclusions.csv"),
        ("folder", "listing_status.csv"),
        ("folder", "theme_codes.csv"),
        ("broken link", "exclusions.csv"),
    ],
)
def test_a_path_that_is_not_a_file_is_refused_and_nothing_is_written(
    project: Path, capsys, name: str, kind: str
) -> None:
    before = _built_project(project)
    path = project / "data/raw" / name
    if path.exists():
        path.unlink()
    if kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(project / "nowhere.csv")
    capsys.readouterr()
    assert main(["clean", "--cutoff", "2025-12-31"]) == EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert name in err and ("is a folder" in err or "link to a file that is not there" in err)
    assert _outputs(project) == before  # the excluded response 103 is not counted again
    assert main(["validate"]) == EXIT_UNUSABLE


def test_an_unreadable_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = excel_csv(tmp_path / "exclusions.csv", [["response_id", "reason"], ["103", "testi"]])
    path.chmod(0)
    if os.geteuid() == 0:  # root reads every file: the permission check is made to answer as for others
        monkeypatch.setattr("analysis.files.hand_kept.os.access", lambda p, mode: False)
    with pytest.raises(HandKeptError, match="exclusions.csv: cannot be read \\(no permission\\)"):
        read_exclusions(path)


# --- #30 2: rows given twice ----------------------------------------------------------------


@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_an_identical_repeat_counts_once_with_a_note(tmp_path: Path, saved_as: str) -> None:
    path = excel_csv(
        tmp_path / "exclusions.csv",
        [["response_id", "reason"], ["103", "Testi Åbo"], ["0103", "Testi Åbo"]],
        saved_as,
    )
    exclusions = read_exclusions(path)
    assert exclusions.reasons == {"103": "Testi Åbo"}
    assert codes_of(exclusions.problems) == [(3, "handkept_same_row_again")]
    assert exclusions.problems[0].message.fi() == "sama rivi kuin rivi 2; otettu huomioon kerran"
    assert key_figures(inputs(tmp_path, exclusions=path).clean(CUTOFF).assessments)["Itsearviointeja"] == 4


CONFLICTS = {
    "exclusions.csv": [["response_id", "reason"], ["103", "testi"], ["103", "peruttu"]],
    "theme_codes.csv": [["response_id", "theme", "code"], ["101", "digital", "1"], ["101", "Digitaalisten palveluiden laajentuminen", "0"]],
    "listing_status.csv": [["innokyla_url", "liitetty", "tarkistettu"], [LINK["101"], "kyllä", "16.1.2026"], [LINK["101"].upper(), "ei", "16.1.2026"]],
}  # fmt: skip


READERS = {
    "exclusions.csv": read_exclusions,
    "theme_codes.csv": read_theme_codes,
    "listing_status.csv": read_listing_status,
}


@pytest.mark.parametrize("name", sorted(CONFLICTS))
@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_a_conflicting_repeat_is_refused_naming_both_rows(tmp_path: Path, name: str, saved_as: str) -> None:
    path = excel_csv(tmp_path / name, CONFLICTS[name], saved_as)
    with pytest.raises(HandKeptError, match=f"{name}: rows 2 and 3 contradict each other: they give .* different"):
        READERS[name](path)


@pytest.mark.parametrize("name", sorted(CONFLICTS))
def test_a_conflicting_repeat_stops_the_build_and_validate(project: Path, capsys, name: str) -> None:
    saved_as = "cp1252"
    before = _built_project(project)
    excel_csv(project / "data/raw" / name, CONFLICTS[name], saved_as)
    capsys.readouterr()
    assert main(["clean", "--cutoff", "2025-12-31"]) == EXIT_UNUSABLE
    err = capsys.readouterr().err
    assert name in err and "rows 2 and 3 contradict each other: they give" in err
    assert _outputs(project) == before
    assert main(["validate"]) == EXIT_UNUSABLE  # validate says the same
    assert "rows 2 and 3 contradict each other" in capsys.readouterr().err


# --- #30 3: every row the build does not use is named -----------------------------------------


@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_every_unused_row_is_named_with_file_row_and_column(tmp_path: Path, saved_as: str) -> None:
    exclusions = excel_csv(
        tmp_path / "exclusions.csv", [["response_id", "reason"], ["999", "kirjoitusvirhe"], ["Åke", "x"]], saved_as
    )
    listing = excel_csv(
        tmp_path / "listing_status.csv",
        [
            ["innokyla_url", "liitetty", "tarkistettu"],
            [LINK["101"], "kyllä", "16.1.2026"],
            [LINK["102"], "", "16.1.2026"],  # empty: not known
            [LINK["103"] + "-vaara", "kyllä", "16.1.2026"],  # a mistyped link
            [LINK["104"], "ehkä", "16.1.2026"],
            ["ei linkkiä vielä", "kyllä", ""],
        ],
        saved_as,
    )
    codes = excel_csv(
        tmp_path / "theme_codes.csv",
        [
            ["response_id", "theme", "code"],
            ["999", "digital", "1"],
            ["101", "digitaalisuus?", "1"],
            ["101", "digital", "2"],
        ],
        saved_as,
    )
    read = inputs(tmp_path, exclusions, listing, codes)
    cleaned = read.clean(CUTOFF)
    found = [(p.file, p.row, p.column, p.code) for p in [*read.ingested.problems, *cleaned.problems]]
    for expected in [
        ("exclusions.csv", 3, "response_id", "handkept_not_a_response_id"),
        ("exclusions.csv", 2, "response_id", "excluded_id_in_no_export"),
        ("listing_status.csv", 3, "liitetty", "attached_empty"),
        ("listing_status.csv", 4, "innokyla_url", "listing_link_in_no_export"),
        ("listing_status.csv", 5, "liitetty", "attached_not_yes_or_no"),
        ("listing_status.csv", 6, "innokyla_url", "handkept_not_a_link"),
        ("theme_codes.csv", 2, None, "theme_code_id_in_no_export"),
        ("theme_codes.csv", 3, "theme", "theme_not_one_of_seven"),
        ("theme_codes.csv", 4, "code", "theme_code_not_1_or_0"),
    ]:
        assert expected in found, (expected, found)
    # the figures: 101 attached; 102 (empty liitetty) is "Ei tietoa", not "Ei"
    assert key_figures(cleaned.assessments)[ATTACHED] == 1
    attached = dict(zip(cleaned.assessments["response_id"], cleaned.assessments["attached_to_innokyla"]))
    assert attached["101"] == True and attached["102"] is pd_na()  # noqa: E712
    table = listing_table(cleaned.assessments)
    column = dict(zip(table["Vastaajan numero"], table[ATTACHED]))
    assert column["101"] == "Kyllä" and column["102"] == "Ei tietoa" and column["104"] == "Ei tietoa"
    for problem in [*read.ingested.problems, *cleaned.problems]:
        assert problem.message.fi() and problem.message.fi() != str(problem.message)


def pd_na():
    import pandas as pd

    return pd.NA


# --- #30 4: dates as a Finnish Excel writes them ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("20.1.2026", date(2026, 1, 20)),
        ("20.01.2026", date(2026, 1, 20)),
        ("20.1.2026 14:05", date(2026, 1, 20)),
        ("20.1.2026 14.05", date(2026, 1, 20)),
        ("2026-01-20", date(2026, 1, 20)),
        ("2026-01-20 14:05:00", date(2026, 1, 20)),
        ("46042", date(2026, 1, 20)),  # Excel's serial number of 20.1.2026, counted by hand from 30.12.1899
        ("45838", date(2025, 6, 30)),  # 45658 is 1.1.2025; + 180 days
        ("31.2.2026", None),
        ("1/20/2026", None),
        ("", None),
        ("123", None),
    ],
)
def test_dates_in_the_forms_excel_writes(text: str, day: date | None) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize("saved_as", ENCODINGS)
def test_finnish_dates_date_the_figure_and_an_unreadable_one_is_named(tmp_path: Path, saved_as: str) -> None:
    listing = excel_csv(
        tmp_path / "listing_status.csv",
        [
            ["innokyla_url", "liitetty", "tarkistettu", "liitetty_pvm"],
            [LINK["101"], "kyllä", "5.1.2026", "20.12.2025"],
            [LINK["102"], "kyllä", "20.1.2026 14:05", "5.1.2026"],
            [LINK["103"], "kyllä", "tammikuussa", "3.13.2025"],
        ],
        saved_as,
    )
    status = read_listing_status(listing)
    assert status.checked_on == date(2026, 1, 20)  # the latest check the file holds
    assert status.attached_on == {
        "innokyla.fi/fi/toimintamalli/digihoitopolku-ikaihmisille": date(2025, 12, 20),
        "innokyla.fi/fi/toimintamalli/perhekeskus": date(2026, 1, 5),
    }
    assert [(p.row, p.column, p.code) for p in status.problems] == [
        (4, "tarkistettu", "handkept_not_a_date"),
        (4, "liitetty_pvm", "handkept_not_a_date"),
    ]
    cleaned = inputs(tmp_path, listing=listing).clean(CUTOFF)
    # 101 attached 20.12.2025 counts at 31.12.2025; 102 attached 5.1.2026 does not; 103 (no day) does
    assert key_figures(cleaned.assessments)[ATTACHED] == 2


def test_excel_serial_dates_in_a_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["innokyla_url", "liitetty", "tarkistettu", "liitetty_pvm"])
    sheet.append([LINK["101"], "kyllä", 46042, date(2025, 12, 20)])  # a number, and a date cell
    book.save(tmp_path / "listing_status.xlsx")
    status = read_listing_status(tmp_path / "listing_status.xlsx")
    assert status.checked_on == date(2026, 1, 20)
    assert list(status.attached_on.values()) == [date(2025, 12, 20)]


# --- #30 5: a workbook under a .csv name ---------------------------------------------------


def test_a_workbook_saved_under_a_csv_name_is_read_and_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Vastaajan numero", "syy"])
    book.active.append(["103", "Åbo testi"])
    book.save(tmp_path / "exclusions.csv")
    exclusions = read_exclusions(tmp_path / "exclusions.csv")
    assert exclusions.reasons == {"103": "Åbo testi"}
    assert codes_of(exclusions.problems) == [(None, "workbook_under_csv_name")]
    message = exclusions.problems[0].message
    assert "xlsx workbook saved under a .csv name" in message and "CSV (puolipisteeroteltu)" in message
    assert message.fi().startswith("tiedosto on xlsx-työkirja")
    cleaned = inputs(tmp_path, exclusions=tmp_path / "exclusions.csv").clean(CUTOFF)
    assert key_figures(cleaned.assessments)["Itsearviointeja"] == 4


def test_a_missing_given_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nowhere.csv"):
        inputs(tmp_path, exclusions=tmp_path / "nowhere.csv")


# --- #30 3 in the report: the data-quality section names every unused row, in Finnish ---------


@pytest.mark.slow
def test_the_reports_data_quality_section_names_the_unused_rows_in_finnish(project: Path) -> None:
    from test_messages import english_words
    from test_reports import visible_text

    shutil.copy(EXPORT, project / "data/raw/vienti.csv")
    raw = project / "data/raw"
    excel_csv(raw / "exclusions.csv", [["Vastaajan numero", "syy"], ["999", "Åbo"], ["103", "Testi Åbo"]])
    excel_csv(
        raw / "listing_status.csv",
        [
            ["innokyla_url", "liitetty", "tarkistettu"],
            [LINK["101"], "kyllä", "20.1.2026"],
            [LINK["102"], "", "20.1.2026"],
            [LINK["104"] + "-x", "kyllä", "tammikuussa"],
        ],
    )
    assert main(["build", "--cutoff", "2025-12-31"]) == EXIT_OK
    page = (project / "reports/2025-12-31/report.html").read_text(encoding="utf-8")
    quality = visible_text(page.split('id="laatu"', 1)[1])
    for said in [
        "vastaajan numero 999 on poistolistassa mutta ei yhdessäkään vientitiedostossa",
        "liitetty-solu on tyhjä: malli lasketaan ryhmään Ei tietoa, ei liittämättömäksi",
        "ei ole yhdessäkään vientitiedoston itsearvioinnissa; rivi ohitettu (kirjoitusvirhe linkissä?)",
        "ei päivämäärä (teksti, 11 merkkiä): kirjoita 20.1.2026 tai 2026-01-20; päivämäärää ei käytetä",
        "Testi Åbo",  # the analyst's reason, as written
    ]:
        assert said in quality, said
    assert not english_words(quality), english_words(quality)
    # the figures: 101 attached (checked 20.1.2026); 102 not known; 103 excluded
    summary = json.loads((project / "reports/2025-12-31/summary.json").read_text(encoding="utf-8"))
    assert summary["attached_to_innokyla"] == 1
    assert summary["attached_to_innokyla_checked_on"] == "2026-01-20"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "xls"),
        (b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet", "ods"),
    ],
)
def test_an_old_excel_or_an_ods_under_a_csv_name_is_told_by_its_bytes(tmp_path: Path, head: bytes, kind: str) -> None:
    from analysis.files.grid import workbook_kind

    path = tmp_path / "exclusions.csv"
    path.write_bytes(head)
    assert workbook_kind(path) == kind
    with pytest.raises(HandKeptError, match=f"exclusions.csv: looks like an {kind} workbook but cannot be read"):
        read_exclusions(path)
