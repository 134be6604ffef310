"""Each cleaning rule, on tests/fixtures/messy.csv (13 rows, one story per row):

row  id   what                                                  30.6.2025       31.12.2025
2    201  submitted 5.3.2025, before the form was published     test_submission test_submission
3    202  Digiklinikka, 1.6.2025                                kept            superseded (by 203)
4    203  the same model, URL spelled http://www.../?ref, 15.9. after_cutoff    kept
5    202  the same response id again                            duplicate       duplicate
6    204  area "Åland"                                          invalid         invalid
7    205  no submission time                                    invalid         invalid
8    206  in the exclusions file                                excluded_by_analyst
9    207  Etäkuntoutus, no URL, Lappi, 10.4.                    superseded      superseded
10   208  ETÄKUNTOUTUS, no URL, "Lapland Wellbeing...", 20.5.   kept            kept
11   209  submitted 2.1.2026                                    after_cutoff    after_cutoff
12   210  Varha; participants 0 and an unknown scope (warnings) kept            kept
13   211  Swedish area name                                     kept            kept
14   212  area given as its code "14"                           kept            kept
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, read_csv_rows, write_csv_rows

from analysis.files.grid import ExportError
from analysis.ingest.analyst_decisions import read_exclusions
from analysis.ingest.cleaning import clean
from analysis.ingest.exports import read_exports
from analysis.processed.model_keys import model_key, normalise_url
from analysis.processed.schema import REASONS

JUNE = date(2025, 6, 30)
DECEMBER = date(2025, 12, 31)


@pytest.fixture(scope="module")
def messy():
    ingested, failures = read_exports([FIXTURES / "messy.csv"])
    assert failures == []
    return ingested


@pytest.fixture(scope="module")
def exclusions():
    return read_exclusions(FIXTURES / "messy_exclusions.csv")


def outcome(cleaned) -> dict[tuple[int, int], str]:
    """(source row, response id) -> 'kept' or the exclusion reason."""
    result = {(int(r.source_row), int(r.response_id)): "kept" for r in cleaned.assessments.itertuples()}
    for r in cleaned.excluded.itertuples():
        rid = -1 if pd.isna(r.response_id) else int(r.response_id)
        result[(int(r.source_row), rid)] = r.exclusion_reason
    return result


def test_every_rule_at_the_june_cutoff(messy, exclusions) -> None:
    cleaned = clean(messy, JUNE, exclusions)
    assert outcome(cleaned) == {
        (2, 201): "test_submission",
        (3, 202): "kept",
        (4, 203): "after_cutoff",
        (5, 202): "duplicate_response_id",
        (6, 204): "invalid",
        (7, 205): "invalid",
        (8, 206): "excluded_by_analyst",
        (9, 207): "superseded",
        (10, 208): "kept",
        (11, 209): "after_cutoff",
        (12, 210): "kept",
        (13, 211): "kept",
        (14, 212): "kept",
    }


def test_every_rule_at_the_december_cutoff(messy, exclusions) -> None:
    cleaned = clean(messy, DECEMBER, exclusions)
    got = outcome(cleaned)
    assert got[(3, 202)] == "superseded"  # the resubmission 203 now counts instead
    assert got[(4, 203)] == "kept"
    assert got[(11, 209)] == "after_cutoff"
    assert sorted(cleaned.assessments["response_id"]) == ["203", "208", "210", "211", "212"]


def test_no_cutoff_keeps_everything_valid_and_latest(messy, exclusions) -> None:
    cleaned = clean(messy, None, exclusions)
    assert sorted(cleaned.assessments["response_id"]) == ["203", "208", "209", "210", "211", "212"]
    assert cleaned.excluded_by_reason["after_cutoff"] == 0


@pytest.mark.parametrize("cutoff", [JUNE, date(2025, 10, 31), DECEMBER, None])
def test_every_raw_row_ends_in_exactly_one_place(messy, exclusions, cutoff) -> None:
    cleaned = clean(messy, cutoff, exclusions)
    accounting = cleaned.accounting()
    assert accounting["raw_rows"] == 13
    assert accounting["kept"] + sum(accounting["excluded"].values()) == 13
    places = list(zip(cleaned.assessments["source_row"], ["kept"] * len(cleaned.assessments)))
    places += list(zip(cleaned.excluded["source_row"], cleaned.excluded["exclusion_reason"]))
    assert sorted(int(row) for row, _ in places) == list(range(2, 15))  # each row once
    assert set(cleaned.excluded["exclusion_reason"]) <= set(REASONS)
    assert cleaned.excluded["exclusion_detail"].notna().all()


def test_the_june_accounting_by_reason(messy, exclusions) -> None:
    assert clean(messy, JUNE, exclusions).accounting() == {
        "raw_rows": 13,
        "kept": 5,
        "excluded": {
            "excluded_by_analyst": 1,
            "duplicate_response_id": 1,
            "invalid": 2,
            "test_submission": 1,
            "after_cutoff": 2,
            "superseded": 1,
        },
    }


def test_area_names_in_every_spelling_map_to_the_official_name(messy, exclusions) -> None:
    kept = clean(messy, JUNE, exclusions).assessments.set_index("response_id")
    assert kept.loc["202", "region"] == "Pirkanmaan hyvinvointialue"  # short name
    assert kept.loc["208", "region"] == "Lapin hyvinvointialue"  # English name
    assert kept.loc["210", "region"] == "Varsinais-Suomen hyvinvointialue"  # brand
    assert kept.loc["211", "region"] == "Itä-Uudenmaan hyvinvointialue"  # Swedish name
    assert kept.loc["212", "region"] == "Pohjois-Karjalan hyvinvointialue"  # code
    assert kept.loc["212", "region_code"] == "14"


def test_exclusion_details_say_why(messy, exclusions) -> None:
    excluded = clean(messy, DECEMBER, exclusions).excluded.set_index("source_row")
    assert excluded.loc[8, "exclusion_detail"] == "Lähetetty vahingossa, alue pyysi poistamaan"
    assert excluded.loc[5, "exclusion_detail"] == "same response number as messy.csv row 3"
    assert excluded.loc[3, "exclusion_detail"] == "the same model was assessed again in response 203"
    assert excluded.loc[6, "exclusion_detail"] == "the area is not one of the 22 areas (teksti, 5 merkkiä)"
    assert excluded.loc[7, "exclusion_detail"] == "no submission time"


def test_the_cutoff_day_is_included_whole(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    rows[2][1] = "30.6.2025 23:59:59"
    rows[3][1] = "1.7.2025 00:00:00"
    ingested, _ = read_exports([write_csv_rows(tmp_path / "edge.csv", rows)])
    kept = clean(ingested, JUNE).assessments
    assert "102" in set(kept["response_id"]) and "103" not in set(kept["response_id"])


def test_a_resubmission_at_the_same_minute_keeps_the_higher_response_id(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    url = rows[0].index("Linkki toimintamallin kuvaukseen Innokylässä")
    rows[2][url] = rows[1][url] + "/"
    rows[2][1] = rows[1][1]
    ingested, _ = read_exports([write_csv_rows(tmp_path / "tie.csv", rows)])
    cleaned = clean(ingested, None)
    assert cleaned.excluded[["response_id", "exclusion_reason"]].values.tolist() == [["101", "superseded"]]


def test_several_files_are_combined_and_duplicates_counted(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    first = write_csv_rows(tmp_path / "first.csv", rows[:4])  # 101-103
    second = write_csv_rows(tmp_path / "second.csv", [rows[0]] + rows[3:])  # 103-105
    ingested, failures = read_exports([first, second])
    assert failures == []
    assert ingested.raw_rows == 6
    cleaned = clean(ingested, None)
    assert sorted(cleaned.assessments["response_id"]) == ["101", "102", "103", "104", "105"]
    dup = cleaned.excluded
    assert dup[["source_file", "source_row", "exclusion_reason"]].values.tolist() == [
        ["second.csv", 2, "duplicate_response_id"]
    ]
    assert cleaned.problems == []  # identical answers: no warning


def test_a_repeated_response_id_with_different_answers_is_flagged(tmp_path: Path) -> None:
    rows = read_csv_rows(FIXTURES / "layout_a.csv")
    changed = list(rows[1])
    changed[5] = "9"
    ingested, _ = read_exports([write_csv_rows(tmp_path / "x.csv", rows + [changed])])
    cleaned = clean(ingested, None)
    assert [(p.row, p.severity) for p in cleaned.problems] == [(7, "warning")]
    assert "different answers" in cleaned.problems[0].message


def test_exclusions_file_problems(tmp_path: Path, messy) -> None:
    path = tmp_path / "exclusions.csv"
    path.write_text("Vastaajan numero,syy\n206,testi\nabc,kirjoitusvirhe\n999,ei ole\n208,\n", encoding="utf-8")
    exclusions = read_exclusions(path)
    assert exclusions.reasons == {"206": "testi", "999": "ei ole", "208": "(ei syytä)"}
    assert [(p.row, p.severity) for p in exclusions.problems] == [(3, "warning"), (5, "warning")]
    cleaned = clean(messy, None, exclusions)
    assert any("999 is in the exclusions file but in no export" in p.message for p in cleaned.problems)
    assert cleaned.excluded_by_reason["excluded_by_analyst"] == 2


def test_exclusions_file_without_a_reason_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "exclusions.csv"
    path.write_text("response_id;kommentti\n206;x\n", encoding="utf-8")
    with pytest.raises(ExportError, match="needs a column 'reason'"):
        read_exclusions(path)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://innokyla.fi/fi/toimintamalli/abc", "innokyla.fi/fi/toimintamalli/abc"),
        ("http://www.innokyla.fi/fi/toimintamalli/abc/", "innokyla.fi/fi/toimintamalli/abc"),
        ("HTTPS://WWW.Innokyla.fi/fi/toimintamalli/abc?utm_source=x#kuvaus", "innokyla.fi/fi/toimintamalli/abc"),
        ("innokyla.fi/fi/toimintamalli/p%C3%A4ihde", "innokyla.fi/fi/toimintamalli/päihde"),
        ("ei vielä kuvattu", None),
        ("", None),
    ],
)
def test_url_normalisation(given, expected) -> None:
    assert normalise_url(given) == expected


def test_model_key_falls_back_to_area_and_name() -> None:
    assert model_key(None, "21", "  Etäkuntoutus. ", 1) == model_key("", "21", "ETÄKUNTOUTUS", 2)
    assert model_key(None, "21", "Etäkuntoutus", 1) != model_key(None, "20", "Etäkuntoutus", 2)
    assert model_key(None, None, None, 7) == "response:7"


def _status(tmp_path, lines: str):
    path = tmp_path / "listing_status.csv"
    path.write_text(lines, encoding="utf-8")
    return path


def test_attachment_days_count_the_attached_at_each_cutoff(tmp_path) -> None:
    """With the day each model was attached, a model attached after a cutoff was not
    attached at it; counted here by hand from the five rows of layout A."""
    from datetime import date

    from analysis.ingest.pipeline import load_inputs
    from analysis.tables import key_figures

    status = _status(
        tmp_path,
        "innokyla_url;liitetty;tarkistettu;liitetty_pvm\n"
        "https://innokyla.fi/fi/toimintamalli/digihoitopolku-ikaihmisille;kyllä;2026-01-16;2025-05-02\n"
        "https://innokyla.fi/fi/toimintamalli/perhekeskus;kyllä;2026-01-16;2025-11-20\n"
        "https://innokyla.fi/fi/toimintamalli/kotikuntoutus;ei;2026-01-16;\n",
    )
    inputs = load_inputs([FIXTURES / "layout_a.csv"], None, status, None)
    assert inputs.listing.dated and inputs.listing.checked_on == date(2026, 1, 16)
    june, december = (inputs.clean(date(2025, 6, 30)).assessments, inputs.clean(date(2025, 12, 31)).assessments)
    assert int(june["attached_to_innokyla"].fillna(False).sum()) == 1  # perhekeskus only from 20.11.
    assert int(december["attached_to_innokyla"].fillna(False).sum()) == 2
    by = {date(2025, 6, 30): june, date(2025, 12, 31): december}
    # the change column names its baseline, the year once (word joiners keep the range whole)
    assert key_figures.change_column(sorted(by)).replace("\u2060", "") == "Muutos 30.6.–31.12.2025"
    table = key_figures.key_figures_table(by, date(2025, 12, 31), date(2026, 1, 16), attached_dated=True)
    row = table[table["Luku"].str.startswith("Liitetty Innokylään")].iloc[0]
    assert list(
        row[["30.6.2025", "31.12.2025", key_figures.change_column([date(2025, 6, 30), date(2025, 12, 31)])]]
    ) == [1, 2, "+1"]
    # without the days: one check, shown at the cutoff only, with no change
    table = key_figures.key_figures_table(by, date(2025, 12, 31), date(2026, 1, 16))
    row = table[table["Luku"].str.startswith("Liitetty Innokylään")].iloc[0]
    assert row["Luku"] == "Liitetty Innokylään (tarkistettu 16.1.2026)"
    assert list(
        row[["30.6.2025", "31.12.2025", key_figures.change_column([date(2025, 6, 30), date(2025, 12, 31)])]]
    ) == ["", 2, ""]


def test_without_attachment_days_the_status_is_one_check(tmp_path) -> None:
    from analysis.ingest.analyst_decisions import read_listing_status

    status = read_listing_status(
        _status(
            tmp_path, "innokyla_url;liitetty;tarkistettu\nhttps://innokyla.fi/fi/toimintamalli/a;kyllä;2026-01-16\n"
        )
    )
    assert not status.dated and status.attached_on == {}
    status = read_listing_status(
        _status(
            tmp_path,
            "innokyla_url;liitetty;tarkistettu;liitetty_pvm\n"
            "https://innokyla.fi/fi/toimintamalli/a;kyllä;2026-01-16;eilen\n"
            "https://innokyla.fi/fi/toimintamalli/b;kyllä;2026-01-16;2025-09-01\n",
        )
    )
    assert not status.dated  # one attached model has no readable day
    assert [(p.row, p.column, p.code) for p in status.problems] == [(2, "liitetty_pvm", "handkept_not_a_date")]
