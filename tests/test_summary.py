"""The summary's tables, on tests/fixtures/summary_small.csv: four assessments, each
figure countable by eye.

id  area    people roles   investment  scope   groups                  dev targets        transferable decision      phases (pilot/adopt/root)
1   Lappi   3      both    I1          ketju   Ikäihmiset, Työikäiset  health, social     Kyllä        Kyllä         Koko/Koko/Yhdessä
2   Lappi   2      region  I1; I4      ketju   Ikäihmiset              health             Osittain     Valmistelussa Yhdessä/Ei/Ei
3   Kainuu  4      both    RRP3 (Muu)  Tuote   Työikäiset, Koko väestö social, digital    Kyllä        Ei            Ei/Ei/Ei
4   Kainuu  (none) RRP     I1; I2; I4  Muu tm  Ikäihmiset, Lapset      health, social, multi (empty) Kyllä       Useammassa/Useammassa/Ei
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.files.spreadsheet_cells import neutralise
from analysis.form.codebook import load_codebook
from analysis.html.elements import table_html
from analysis.ingest.pipeline import load_inputs
from analysis.language import formatting
from analysis.tables import (
    answers,
    areas_and_participants,
    evaluation,
    investments,
    key_figures,
    listing,
    phases,
    result_themes,
    row_accounting,
    target_groups,
)
from analysis.tables.listing import listing_csv, listing_rows


@pytest.fixture(scope="module")
def kept() -> pd.DataFrame:
    return load_inputs([FIXTURES / "summary_small.csv"]).clean(None).assessments


@pytest.fixture(scope="module")
def q():
    return load_codebook().question


def test_largest_remainder() -> None:
    assert formatting.largest_remainder([18, 14, 72, 1, 3]) == [17, 13, 66, 1, 3]  # the published table
    assert formatting.largest_remainder([1, 1, 1]) == [34, 33, 33]  # ties: the first in form order
    assert sum(formatting.largest_remainder([69, 1, 16, 4, 10, 1, 3, 1, 3], decimals=1)) == pytest.approx(100.0)
    assert formatting.largest_remainder([0, 0]) == [0, 0]


def test_finnish_formats() -> None:
    assert formatting.number(63.9, 1) == "63,9"
    assert formatting.number(1234) == "1\u00a0234"
    assert formatting.percent(17) == "17\u00a0%"
    assert formatting.share(88, 108) == 81 and formatting.share(1, 8) == 13  # half up
    assert formatting.signed(-2) == "\u22122" and formatting.signed(3) == "+3"


def test_areas_with_zeros(kept) -> None:
    counts = areas_and_participants.area_counts(kept)
    assert len(counts) == 22
    assert counts["Lapin hyvinvointialue"] == 2 and counts["Kainuun hyvinvointialue"] == 2
    assert areas_and_participants.area_distribution(counts) == {
        "at_least_3": 0,
        "exactly_2": 2,
        "exactly_1": 0,
        "none": 20,
    }


def test_stm_targets() -> None:
    from datetime import date

    assert areas_and_participants.stm_target(date(2025, 3, 31)) is None
    assert areas_and_participants.stm_target(date(2025, 6, 30)) == (1, None)
    assert areas_and_participants.stm_target(date(2025, 12, 31)) == (3, 5)


def test_participants(kept) -> None:
    assert areas_and_participants.participants(kept) == {
        "total": 9,
        "both_represented": 2,
        "both_percent": 50,
        "participants_missing": 1,
    }


def test_scope_table(kept, q) -> None:
    table = answers.single_choice_table(kept, q("scope"))
    assert table["Lukumäärä"].tolist() == [0, 2, 1, 1, 0, 4]
    assert table["%"].tolist() == ["0", "50", "25", "25", "0", "100"]


def test_investment_combinations(kept) -> None:
    assert investments.investment_counts(kept) == {"I1": 1, "I1 ja I4": 1, "I1, I2 ja I4": 1, "RRP3": 1}
    table = investments.investment_table(kept)
    assert table["%"].tolist() == ["25,0", "25,0", "25,0", "25,0", "100,0"]


def test_development_targets_with_both(kept, q) -> None:
    counts = answers.multi_choice_counts(kept, q("dev_targets"))
    assert counts["Terveydenhuolto"] == 3 and counts["Sosiaalihuolto"] == 3
    assert counts[target_groups.SOCIAL_AND_HEALTH] == 2  # 1 and 4


def test_group_by_development_target(kept) -> None:
    table = target_groups.group_by_dev_counts(kept)
    assert list(table)[:2] == ["Ikäihmiset", "Työikäiset"]  # the most common first
    assert table["Ikäihmiset"] == {
        "n": 3,
        "Terveydenhuolto": 3,
        "Sosiaalihuolto": 2,
        target_groups.SOCIAL_AND_HEALTH: 2,
        "Monialaiset palvelut": 1,
        "Ennaltaehkäisevät palvelut": 0,
        "Digitaaliset palvelut": 0,
    }
    assert target_groups.group_by_dev_table(kept)["Asiakasryhmä (n)"][0] == "Ikäihmiset (3)"


def test_matrix_with_a_missing_answer(kept, q) -> None:
    counts = answers.matrix_counts(kept, q("utilisation"))
    assert counts["Toimintamalli on siirrettävissä muille hyvinvointialueille"] == {
        "Kyllä": 2,
        "Osittain": 1,
        "Ei": 0,
        "En osaa sanoa": 0,
        answers.NO_ANSWER: 1,
    }


def test_phases_count_anything_but_ei(kept) -> None:
    assert phases.phase_counts(kept) == {"Pilotoitu": 3, "Käyttöönotettu": 2, "Juurrutettu": 1}
    assert listing.furthest_phase(kept).tolist() == [
        "Juurrutettu (yhdessä yksikössä)",
        "Pilotoitu (yhdessä yksikössä)",
        "Ei aloitettu",
        "Käyttöönotettu (useammassa yksikössä)",
    ]


def test_themes_and_the_total_row(kept) -> None:
    counts = result_themes.theme_counts(kept)
    assert counts["Digitaalisten palveluiden laajentuminen"] == 1
    assert counts["Monialaisen ja -ammatillisen yhteistyön tiivistyminen"] == 1
    assert counts["Palveluiden yhdenmukaistaminen ja tasalaatuisuuden parantuminen"] == 1
    assert counts["Kustannussäästöjen kasvu"] == 1
    by_group = result_themes.theme_by_group_counts(kept)
    # Ikäihmiset: 1 (digital, collaboration), 2 (uniformity), 4 (none)
    assert by_group["Ikäihmiset"]["Digitaalisten palveluiden laajentuminen"] == 1
    total = by_group["Yhteensä"]["Digitaalisten palveluiden laajentuminen"]
    assert total == sum(
        row["Digitaalisten palveluiden laajentuminen"] for g, row in by_group.items() if g != "Yhteensä"
    )


def test_listing(kept) -> None:
    table = listing.listing_table(kept)
    assert list(table.columns[1:]) == list(listing.LISTING_COLUMNS)
    first = table.set_index("Vastaajan numero").loc["1"]
    assert (
        first["Teemat"]
        == "Monialaisen ja -ammatillisen yhteistyön tiivistyminen; Digitaalisten palveluiden laajentuminen"
    )
    assert first["Pysyvän käyttöönoton päätös"] == "Kyllä"
    assert first["Liitetty Innokylään"] == "Ei tietoa"  # no listing-status file given


def test_formula_cells_are_neutralised(kept) -> None:
    assert neutralise('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert neutralise("-1") == "'-1" and neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Etäkuntoutus") == "Etäkuntoutus" and neutralise(3) == 3
    text = listing_csv(listing_rows(kept)).decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://example.invalid"")' in text
    assert "\n=" not in text and ";=" not in text


def test_the_listing_workbook_has_numbers_links_and_no_formulas(kept) -> None:
    import io
    from datetime import datetime

    import openpyxl

    from analysis.files.outputs import xlsx_bytes

    rows = listing_rows(kept, numbers=True)
    data = xlsx_bytes([("Toimintamallit", rows)], datetime(2026, 1, 1), table_header=True, hyperlinks=True)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    body = list(sheet.iter_rows(min_row=2))
    assert len(body) == len(kept)
    score = header.index("Kriteeripisteet 0–10 (hankkeen tulkinta)")
    link = header.index("Kuvaus Innokylässä")
    ids = header.index("Vastaajan numero")
    for line in body:
        assert isinstance(line[ids].value, int)
        value = line[score].value  # a number (openpyxl reads 9.0 back as 9): sortable, summable
        assert isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 10
        assert line[score].number_format == "0.0"
        value = line[link].value
        if isinstance(value, str) and value.startswith("https://"):
            assert line[link].hyperlink is not None and line[link].hyperlink.target == value
        else:  # the hostile "link" stays inert text, neither a link nor a formula
            assert line[link].hyperlink is None and line[link].data_type != "f"
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)
    # the scores are the screening's, computed another way: the score column of screen()
    from analysis.tables.screening import screen

    by_id = dict(zip(kept["response_id"].astype(int), screen(kept)["score"]))
    assert {line[ids].value: line[score].value for line in body} == by_id
    words = {str(c.value) for line in body for c in line}
    assert "kyllä" not in words and "ei" not in words  # the report's capitals: "Kyllä", "Ei"


def test_tables_escape_text_from_the_data(kept) -> None:
    page = table_html(listing.listing_table(kept), link_columns=["Innokylä"])
    assert "Perhekeskus &lt;b&gt;uusi&lt;/b&gt;" in page
    assert "<b>uusi</b>" not in page
    assert '<a href="https://innokyla.fi/fi/toimintamalli/etakuntoutus">etakuntoutus</a>' in page


def test_summary_json_is_keyed_by_finnish_labels(kept) -> None:
    from datetime import date

    from analysis.processed.schema import REASONS
    from analysis.report.data import ReportData
    from analysis.report.summary import summary_json

    excluded = {reason: 0 for reason in REASONS}
    manifest = {"cutoff": None, "accounting": {"raw_rows": 4, "kept": 4, "excluded": excluded}, "inputs": []}
    data = summary_json(ReportData.from_frames(date(2025, 12, 31), kept, manifest))
    assert data["n"] == 4
    assert set(data["regions"]) == set(load_codebook().region_names)
    assert data["phase"] == {"Pilotoitu": 3, "Käyttöönotettu": 2, "Juurrutettu": 1}
    assert data["investment"]["RRP3"] == 1
    assert data["dev_targets"][target_groups.SOCIAL_AND_HEALTH] == 2


def _shifted(frame: pd.DataFrame, keep: list[int]) -> pd.DataFrame:
    return frame[frame["response_id"].astype(int).isin(keep)].reset_index(drop=True)


def test_areas_and_key_figures_side_by_side(kept) -> None:
    from datetime import date

    earlier = _shifted(kept, [1, 3])  # one in Lappi, one in Kainuu
    by = {date(2025, 6, 30): earlier, date(2025, 12, 31): kept}
    areas = areas_and_participants.area_table(by, date(2025, 12, 31)).set_index("Hyvinvointialue")
    assert areas.loc["Lapin hyvinvointialue", "30.6.2025"] == 1
    assert areas.loc["Lapin hyvinvointialue", "31.12.2025"] == 2
    assert areas.loc["Lapin hyvinvointialue", "Muutos 30.6.\u2060–\u206031.12.2025"] == "+1"
    # the column checks the lower bound only and is named so (editor's finding 8)
    assert areas.loc["Kainuun hyvinvointialue", "Vähintään 3 arviointia (STM:n suositus 3\u2060–\u20605)"] == "ei"
    key = key_figures.key_figures_table(by, date(2025, 12, 31)).set_index("Luku")
    assert key.loc["Itsearviointeja"].tolist() == [2, 4, "+2"]
    assert key.loc["Arviointeihin osallistuneita henkilöitä"].tolist() == [7, 9, "+2"]
    assert key.loc["Pilotoitu (vaihe saavutettu)"].tolist() == [1, 3, "+2"]


def test_key_sentences(kept) -> None:
    k = evaluation.key_sentences(kept)
    assert (k["transferable_yes"], k["transferable_percent"]) == (2, 50)
    assert k["core_elements_yes"] == 0  # not asked in this export


def test_phase_table(kept) -> None:
    table = phases.phase_table(kept).set_index("Kehitysvaihe")
    assert table.loc["Pilotoitu"].tolist() == [3, "75", 1, 1, 1]
    assert table.loc["Juurrutettu"].tolist() == [1, "25", 1, 0, 0]


def test_exclusion_table_reconciles() -> None:
    manifest = {
        "accounting": {
            "raw_rows": 10,
            "kept": 7,
            "excluded": {
                "excluded_by_analyst": 1,
                "duplicate_response_id": 0,
                "invalid": 1,
                "test_submission": 1,
                "after_cutoff": 0,
                "superseded": 0,
            },
        }
    }
    table = row_accounting.exclusion_table(manifest)
    assert table["Lukumäärä"].tolist() == [10, 1, 0, 1, 1, 0, 0, 7]
    assert table["Lukumäärä"].iloc[0] == sum(table["Lukumäärä"].iloc[1:])


def test_a_bad_cutoff_parameter_is_refused() -> None:
    from analysis.report.data import parse_cutoff

    with pytest.raises(ValueError, match="not an ISO date"):
        parse_cutoff("31.12.2025")


def test_themes_standing_out_against_a_count_row_by_row() -> None:
    """themes_standing_out on the sample's 31.12.2025 assessments, against counts
    made row by row in plain Python: a theme stands out in a group when it is one of
    the group's three most common themes (ties in all models' order) or its share
    is more than 5 points above its share of all models. On the sample, which
    reproduces THL's figures, the themes standing out in most of the six groups are
    the ones THL's remark names: the table's three, early support and cost savings."""
    from datetime import date

    from analysis.themes.rules import load_themebook

    raw = FIXTURES.parent.parent / "data" / "raw"
    inputs = load_inputs([raw / "itsearviointi_vienti_synteettinen.xlsx"], raw / "exclusions.csv")
    sample = inputs.clean(date(2025, 12, 31)).assessments
    book, codebook = load_themebook(), load_codebook()
    q = codebook.question("target_groups")
    groups = target_groups.leading_groups(sample, codebook)
    records = sample.to_dict("records")
    has = {t.name: [r[t.column] is True for r in records] for t in book.themes}
    overall = {name: sum(h) for name, h in has.items()}
    all_order = sorted(overall, key=lambda name: -overall[name])  # stable: the book's order on ties
    expected: dict[str, list[str]] = {t.name: [] for t in book.themes}
    for group_id in groups:
        column = q.option_column(q.option(group_id))
        members = [i for i, r in enumerate(records) if r[column] is True]
        in_group = {name: sum(h[i] for i in members) for name, h in has.items()}
        top3 = sorted(all_order, key=lambda name: (-in_group[name], all_order.index(name)))[:3]
        for name in all_order:
            if name in top3 or 100 * in_group[name] / len(members) > 100 * overall[name] / len(records) + 5:
                expected[name].append(q.option(group_id).label)
    got = result_themes.themes_standing_out(sample, codebook, book)
    assert got == expected
    assert len(sample) == 108
    most = {name for name, where in got.items() if len(where) > 3}
    assert most == {
        "Palveluiden yhdenmukaistaminen ja tasalaatuisuuden parantuminen",
        "Monialaisen ja -ammatillisen yhteistyön tiivistyminen",
        "Digitaalisten palveluiden laajentuminen",
        "Varhaisen tuen ja ennaltaehkäisyn lisääntyminen",
        "Kustannussäästöjen kasvu",
    }
    assert set(result_themes.themes_standing_out_in_most(sample, codebook, book)) == most
