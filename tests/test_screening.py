"""Criteria screening: each stage 1 condition and the score on hand-made cases
(tests/fixtures/screening_cases.csv: every row breaks one rule), and three models of
the sample whose figures were worked out by hand from their answers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis import config
from analysis.ingest.pipeline import load_inputs
from analysis.tables.screening import (
    evaluate_rule,
    score_distribution,
    screen,
    shortlist,
    stage1_summary,
    stage1_verdicts,
)

CONDITIONS = [
    "innokyla_link",
    "both_represented",
    "adopted_or_rooted",
    "transferable",
    "results_evaluated",
    "adoption_prerequisites",
]


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    kept = load_inputs([FIXTURES / "screening_cases.csv"]).clean(None).assessments
    return kept.set_index(kept["response_id"].astype(int), drop=False)  # the ids are small numbers


@pytest.fixture(scope="module")
def screened(cases) -> pd.DataFrame:
    return screen(cases)


# id: (the condition it breaks, True/False/None for that condition), by hand from the file
EXPECTED_CONDITION = {
    2: ("innokyla_link", None),  # no link at all: missing
    3: ("innokyla_link", False),  # "ei vielä kuvattu" is not a link
    4: ("both_represented", False),  # only the RRP representative
    5: ("adopted_or_rooted", False),  # adopted "Ei", rooted "Ei"
    6: ("adopted_or_rooted", None),  # adopted "Ei", rooted unanswered
    7: ("transferable", False),  # "Osittain" is not "Kyllä"
    8: ("results_evaluated", False),  # goals "Ei"
    9: ("results_evaluated", None),  # change achieved unanswered
    10: ("adoption_prerequisites", False),  # management commitment "Ei"
}


def test_each_condition(screened) -> None:
    for response_id, (broken, value) in EXPECTED_CONDITION.items():
        row = screened.loc[response_id]
        for condition in CONDITIONS:
            expected = value if condition == broken else True
            assert row[f"stage1__{condition}"] is expected, (response_id, condition)
        assert not row["stage1_passed"], response_id
        assert bool(row["stage1_missing_only"]) == (value is None), response_id
    for response_id in (1, 11, 12):  # "Valmistelussa" and a partly answered matrix still pass
        assert screened.loc[response_id, "stage1_passed"], response_id


def test_scores(screened) -> None:
    assert screened["score"].to_dict() == {
        1: 10.0,
        2: 10.0,
        3: 10.0,
        4: 10.0,
        5: 10.0,
        6: 10.0,  # stage 1 only: not criteria
        7: 9.5,  # transferable "Osittain"
        8: 9.0,  # goals "Ei"
        9: 9.0,  # change achieved unanswered: 0
        10: 10.0,  # management commitment is not among the ten
        11: 9.5,  # resources "Valmistelussa": ½
        12: 7.5,  # strategy "Osittain" ½, measured "Ei" 0, cost unanswered 0
    }
    assert screened.loc[12, "criteria_missed"] == (
        "Kytkeytyy strategiaan (osittain); Muutos todennettu mittareilla (ei); "
        "Kustannusvaikutuksia arvioitu (ei vastausta)"
    )


def test_summary_counts(screened) -> None:
    summary = stage1_summary(screened)
    assert summary["passed"] == 3 and summary["failed"] == 9
    assert summary["failed_only_because_missing"] == 3  # 2, 6 and 9
    assert summary["failed_by_condition"]["Innokyläkuvaus"] == {"failed": 1, "missing": 1}
    assert summary["failed_by_condition"]["Otettu käyttöön tai juurrutettu"] == {"failed": 1, "missing": 1}
    assert score_distribution(screened)["10"] == 7 and score_distribution(screened)["7.5"] == 1


def test_shortlist_best_first(cases, screened) -> None:
    top = shortlist(cases, screened)
    assert top["Toimintamalli"].tolist() == ["Kaikki kunnossa", "Resurssit valmistelussa", "Sekalaiset vastaukset"]
    assert top["Pisteet"].tolist() == [10.0, 9.5, 7.5]


def test_listing_verdicts_say_why(cases) -> None:
    verdicts = stage1_verdicts(cases)
    assert verdicts[1] == "Täyttää"
    assert verdicts[6] == "Ei täytä: Otettu käyttöön tai juurrutettu (vastaus puuttuu)"
    assert verdicts[4] == "Ei täytä: Hyvinvointialue ja RRP-hanke arvioineet yhdessä"


def test_a_rule_change_is_one_line(cases) -> None:
    relaxed = {"column": "utilisation__transferable_regions", "in": ["Kyllä", "Osittain"]}
    assert evaluate_rule(relaxed, cases)[7] is True


# --- three models of the sample, worked out by hand from their answers ------------------


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    raw = config.REPO_DIR / "data" / "raw"
    kept = load_inputs([raw / "itsearviointi_vienti_synteettinen.xlsx"]).clean(date(2025, 12, 31)).assessments
    return kept.set_index(kept["response_id"].astype(int), drop=False)  # the ids are small numbers


def test_three_sample_models(sample) -> None:
    screened = screen(sample.loc[[6, 9, 8]])
    # 6: link, both roles, adopted (koko alue) & rooted (useammassa yksikössä), transferable Kyllä,
    #    goals Osittain / change Osittain, commitment & resources not "Ei" -> passes; score
    #    1 + goals ½ + ½ + measured ½ + cost "Ei" 0 + 1 + 1 + 1 + 1 + 1 = 7,5
    # 9: only the RRP representative -> fails "both represented" alone; score
    #    1 + 1 + ½ + ½ + cost "Osittain" ½ + 1 + 1 + 1 + 1 + decision "Valmistelussa" ½ = 8,0
    # 8: adopted "Ei", rooted "Ei" -> fails "adopted or rooted" alone; score
    #    1 + ½ + ½ + 1 + cost "Ei" 0 + 1 + 1 + 1 + follow-up "Valmistelussa" ½ + decision "En osaa sanoa" 0 = 6,5
    assert screened["stage1_passed"].to_dict() == {6: True, 9: False, 8: False}
    assert screened.loc[9, "stage1__both_represented"] is False
    assert screened.loc[8, "stage1__adopted_or_rooted"] is False
    failing = {rid: [c for c in CONDITIONS if screened.loc[rid, f"stage1__{c}"] is not True] for rid in (9, 8)}
    assert failing == {9: ["both_represented"], 8: ["adopted_or_rooted"]}
    assert screened["score"].to_dict() == {6: 7.5, 9: 8.0, 8: 6.5}
