"""Finnish sentence-building (analysis.language.finnish); the Finnish of the pipeline's
messages is tested in test_messages.py.

The expected forms are written out by hand here, not produced by the module's own
tables: a wrong numeral or case in the module fails these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from analysis.language import finnish, formatting
from analysis.report.sections.areas_and_participants import finnish_area_distribution

# Hand-written: the adessive ("millä alueella?") of 0..30 areas.
AREAS_ADESSIVE = {
    0: "ei yhdelläkään alueella",
    1: "yhdellä alueella",
    2: "kahdella alueella",
    3: "kolmella alueella",
    4: "neljällä alueella",
    5: "viidellä alueella",
    6: "kuudella alueella",
    7: "seitsemällä alueella",
    8: "kahdeksalla alueella",
    9: "yhdeksällä alueella",
    10: "kymmenellä alueella",
    **{n: f"{n} alueella" for n in range(11, 31)},
}
# The nominative: "yksi arviointi", then the partitive singular.
ASSESSMENTS = {
    0: "ei yhtään arviointia",
    1: "yksi arviointi",
    2: "kaksi arviointia",
    3: "kolme arviointia",
    4: "neljä arviointia",
    5: "viisi arviointia",
    6: "kuusi arviointia",
    7: "seitsemän arviointia",
    8: "kahdeksan arviointia",
    9: "yhdeksän arviointia",
    10: "kymmenen arviointia",
    **{n: f"{n} arviointia" for n in range(11, 31)},
}
# The inessive ("missä toimintamallissa?").
MODELS_INESSIVE = {
    0: "ei yhdessäkään toimintamallissa",
    1: "yhdessä toimintamallissa",
    2: "kahdessa toimintamallissa",
    3: "kolmessa toimintamallissa",
    4: "neljässä toimintamallissa",
    5: "viidessä toimintamallissa",
    6: "kuudessa toimintamallissa",
    7: "seitsemässä toimintamallissa",
    8: "kahdeksassa toimintamallissa",
    9: "yhdeksässä toimintamallissa",
    10: "kymmenessä toimintamallissa",
    **{n: f"{n} toimintamallissa" for n in range(11, 31)},
}
# The elative ("mistä arvioinnista?") and the genitive.
ASSESSMENTS_ELATIVE = {
    0: "ei yhdestäkään arvioinnista",
    1: "yhdestä arvioinnista",
    2: "kahdesta arvioinnista",
    7: "seitsemästä arvioinnista",
    10: "kymmenestä arvioinnista",
    11: "11 arvioinnista",
    30: "30 arvioinnista",
}
ASSESSMENTS_GENITIVE = {1: "yhden arvioinnin", 3: "kolmen arvioinnin", 9: "yhdeksän arvioinnin", 12: "12 arvioinnin"}


@pytest.mark.parametrize("n", range(0, 31))
def test_areas_in_the_adessive_for_every_count(n: int) -> None:
    assert finnish.counted(n, "alue", "adessive") == AREAS_ADESSIVE[n]


@pytest.mark.parametrize("n", range(0, 31))
def test_assessments_in_the_nominative_for_every_count(n: int) -> None:
    assert finnish.counted(n, "arviointi") == ASSESSMENTS[n]


@pytest.mark.parametrize("n", range(0, 31))
def test_models_in_the_inessive_for_every_count(n: int) -> None:
    assert finnish.counted(n, "toimintamalli", "inessive") == MODELS_INESSIVE[n]


@pytest.mark.parametrize("n", range(0, 31))
def test_no_bare_zero_and_one_noun_form_per_count(n: int) -> None:
    for noun in finnish.NOUNS:
        for case in finnish.CASES:
            text = finnish.counted(n, noun, case)
            assert not text.startswith("0 "), text
            # the noun is singular: in the partitive after a nominative numeral other than one
            forms = finnish.NOUNS[noun]
            expected = forms[1] if case == "nominative" and n != 1 else forms[finnish.CASES.index(case)]
            assert text.endswith(" " + expected), text


def test_other_cases_and_the_issue_examples() -> None:
    for n, text in ASSESSMENTS_ELATIVE.items():
        assert finnish.counted(n, "arviointi", "elative") == text
    for n, text in ASSESSMENTS_GENITIVE.items():
        assert finnish.counted(n, "arviointi", "genitive") == text
    assert (
        f"{finnish.counted(22, 'alue', 'adessive')} vähintään {finnish.counted(1, 'arviointi')}"
        == "22 alueella vähintään yksi arviointi"
    )
    assert finnish.counted(1234, "henkilö") == "1\u00a0234 henkilöä"
    assert finnish.digits(1, "henkilö") == "1 henkilö" and finnish.digits(310, "henkilö") == "310 henkilöä"
    with pytest.raises(ValueError):
        finnish.counted(-1, "alue")
    with pytest.raises(KeyError):
        finnish.counted(2, "kissa")


def test_lists_and_group_sizes() -> None:
    assert finnish.join([]) == ""
    assert finnish.join(["I1"]) == "I1"
    assert finnish.join(["I2", "I1", "I4"]) == "I2, I1 ja I4"
    assert finnish.join(["a", "b"], "tai") == "a tai b"
    assert finnish.n_of(83) == "(n=83)"
    assert finnish.share_of(88, 108) == "88 (81\u00a0%)"


@pytest.mark.parametrize(
    "dist, expected",
    [
        (
            {"at_least_3": 21, "exactly_2": 1, "exactly_1": 0, "none": 0},
            "Vähintään kolme arviointia oli 21 alueella ja kaksi arviointia yhdellä alueella. "
            "Jokaisella alueella oli vähintään yksi arviointi.",
        ),
        (
            {"at_least_3": 12, "exactly_2": 6, "exactly_1": 4, "none": 0},
            "Vähintään kolme arviointia oli 12 alueella, kaksi arviointia kuudella alueella ja yksi arviointi "
            "neljällä alueella. Jokaisella alueella oli vähintään yksi arviointi.",
        ),
        (
            {"at_least_3": 0, "exactly_2": 2, "exactly_1": 0, "none": 20},
            "Kaksi arviointia oli kahdella alueella. 20 alueella ei ollut yhtään arviointia.",
        ),
        (
            {"at_least_3": 0, "exactly_2": 0, "exactly_1": 0, "none": 22},
            "Yhdelläkään alueella ei ollut yhtään arviointia.",
        ),
    ],
)
def test_the_area_sentence_names_no_empty_group(dist: dict, expected: str) -> None:
    assert finnish_area_distribution(dist) == expected


def test_times_in_finnish_time_the_finnish_way() -> None:
    assert formatting.timestamp_fi("2026-12-04T00:23:51+00:00") == "4.12.2026 klo 2.23"  # winter: UTC+2
    assert formatting.timestamp_fi("2025-06-30T21:05:00+00:00") == "1.7.2025 klo 0.05"  # summer: UTC+3
    assert formatting.timestamp_fi(datetime(2026, 1, 1, tzinfo=UTC)) == "1.1.2026 klo 2.00"
    assert formatting.timestamp_fi("2026-01-01T00:00:00") == "1.1.2026 klo 2.00"  # no zone: UTC
    assert formatting.timestamp_fi("") == ""


def test_the_ministrys_target_is_said_once_with_the_areas_below_it() -> None:
    """The editor's finding 19: the recommendation of 3–5 said once, with the areas
    short of it; the recommendation of one said with the distribution. Hand counts
    on 22 areas."""
    import pandas as pd

    from analysis.report.sections.areas_and_participants import target_sentence
    from analysis.tables.areas_and_participants import area_distribution

    counts = pd.Series([3] * 21 + [2])
    assert target_sentence(counts, area_distribution(counts), (3, 5)) == (
        "STM:n suosittelemat vähintään kolme arviointia oli tehty 21 alueella 22:sta, ja yhdellä alueella "
        "arviointeja oli kaksi."
    )
    counts = pd.Series([4] * 19 + [2, 1, 0])
    assert target_sentence(counts, area_distribution(counts), (3, 5)) == (
        "STM:n suosittelemat vähintään kolme arviointia oli tehty 19 alueella 22:sta, ja yhdellä alueella "
        "arviointeja oli kaksi, yhdellä alueella oli yksi arviointi ja yhdellä alueella ei ollut yhtään arviointia."
    )
    counts = pd.Series([3] * 22)
    assert target_sentence(counts, area_distribution(counts), (3, 5)) == (
        "STM:n suosittelemat vähintään kolme arviointia oli tehty jokaisella alueella."
    )
    counts = pd.Series([3] * 12 + [2] * 6 + [1] * 4)
    assert target_sentence(counts, area_distribution(counts), (1, None)) == (
        "Vähintään kolme arviointia oli 12 alueella, kaksi arviointia kuudella alueella ja yksi arviointi "
        "neljällä alueella. Jokaisella alueella oli vähintään yksi arviointi, kuten STM suositteli."
    )
    counts = pd.Series([3] * 21 + [0])
    assert target_sentence(counts, area_distribution(counts), (1, None)) == (
        "Vähintään kolme arviointia oli 21 alueella. Yhdellä alueella ei ollut yhtään arviointia. STM suositteli "
        "jokaiselle alueelle vähintään yhden arvioinnin."
    )
