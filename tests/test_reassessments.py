"""Assessments returned between two cutoffs when some replaced a model's earlier
assessment (the editor's findings 9 and 14): on hand-made frames of a few rows, with
0, 1 and 2 reassessments, the counts and the sentences read right."""

from __future__ import annotations

import pandas as pd

from analysis.report.sections.title_and_closing import reassessment_note
from analysis.tables.key_figures import returned_between

ONE = "Yhdessä yksikössä"


def frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(response id, model, highest phase reached or "") -> assessments."""
    phases = ["Pilotoitu", "Käyttöönotettu", "Juurrutettu"]
    columns = ["phase__piloted", "phase__adopted", "phase__rooted"]
    data = []
    for rid, model, highest in rows:
        reached = phases.index(highest) if highest else -1
        data.append(
            {
                "response_id": rid,
                "model_key": model,
                **{c: ONE if i <= reached else "Ei" for i, c in enumerate(columns)},
            }
        )
    return pd.DataFrame(data)


BEFORE = frame([("1", "a", "Käyttöönotettu"), ("2", "b", "Pilotoitu"), ("3", "c", "Juurrutettu")])


def test_no_reassessment_returned_is_the_growth() -> None:
    now = pd.concat([BEFORE, frame([("4", "d", "Juurrutettu"), ("5", "e", "Pilotoitu")])], ignore_index=True)
    got = returned_between(BEFORE, now)
    assert (got.returned, got.replaced, got.growth, got.reassessed) == (2, 0, 2, [])
    assert got.fresh_phases == {"Pilotoitu": 2, "Käyttöönotettu": 1, "Juurrutettu": 1}


def test_one_reassessment_that_moved_on_is_said_so() -> None:
    # model a assessed again (id 4, now rooted), one new model e
    now = pd.concat(
        [BEFORE[BEFORE["response_id"] != "1"], frame([("4", "a", "Juurrutettu"), ("5", "e", "Pilotoitu")])],
        ignore_index=True,
    )
    got = returned_between(BEFORE, now)
    assert (got.returned, got.replaced, got.growth) == (2, 1, 1)
    assert got.reassessed == [("Käyttöönotettu", "Juurrutettu")]
    assert got.fresh_phases == {"Pilotoitu": 1, "Käyttöönotettu": 0, "Juurrutettu": 0}
    text = reassessment_note(got, ["Pilotoitu", "Käyttöönotettu", "Juurrutettu"])
    assert text.startswith("Rajapäivän jälkeen palautettiin kaksi arviointia. Yksi niistä oli jo aiemmin")
    assert "joten arviointeja on 1 enemmän." in text
    assert "Uusista yhdestä toimintamallista oli saavuttanut vaiheen Pilotoitu 1" in text
    assert "vaihe muuttui: aiemmin Käyttöönotettu, nyt Juurrutettu." in text
    assert "yhden toimintamallin etenemisestä" in text and "ei siitä, että" not in text


def test_two_reassessments_that_stayed_and_no_new_model() -> None:
    now = pd.concat(
        [BEFORE[BEFORE["response_id"] == "3"], frame([("4", "a", "Käyttöönotettu"), ("5", "b", "Pilotoitu")])],
        ignore_index=True,
    )
    got = returned_between(BEFORE, now)
    assert (got.returned, got.replaced, got.growth) == (2, 2, 0)
    text = reassessment_note(got, ["Pilotoitu", "Käyttöönotettu", "Juurrutettu"])
    assert "Kaksi niistä oli jo aiemmin arvioitujen toimintamallien uusia arviointeja" in text
    assert "joten arviointien määrä ei muuttunut." in text
    assert "Uusista" not in text
    assert "Uudelleen arvioitujen toimintamallien vaiheet eivät muuttuneet." in text
    assert text.endswith("Aiemmin arvioidut toimintamallit eivät siis edenneet uusissa arvioinneissaan.")
