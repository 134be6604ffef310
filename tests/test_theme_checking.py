"""Reviewing the theme coding (flags, the review queue, recording decisions into
theme_codes.csv) and the theme syntheses (sub-topics and quotes), on hand-made
answers whose expected outcome is worked out by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.ingest.analyst_decisions import read_theme_codes
from analysis.themes.checking import check_queue, record_checks, subtopic_counts, theme_quotes
from analysis.themes.coder import REVIEW_COLUMN
from analysis.themes.columns import code_texts
from analysis.themes.rules import load_themebook

ANSWERS = [
    "Hoitoon pääsy nopeutui ja jonot lyhenivät. Yhteistyö järjestöjen kanssa tiivistyi.",  # 1: two themes, sure
    "Digitaalisia palveluita ei kehitetty, mutta jonot lyhenivät.",  # 2: a negation near a match
    "Toimintamalli on käynnistynyt suunnitellusti ja sitä on esitelty useissa tilaisuuksissa "
    "eri puolilla aluetta kevään aikana.",  # 3: 15 words, no theme
    "Samarbetet mellan socialvården och tredje sektorn har blivit tätare.",  # 4: Swedish
    "Asiakasplaute on ollut hyvää.",  # 5: a typo, weak match only
    "Liian aikaista sanoa.",  # 6: nothing to review
]


@pytest.fixture()
def coded() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "response_id": range(1, len(ANSWERS) + 1),
            "region": "Lapin hyvinvointialue",
            "model_name": "Malli",
            "key_results": pd.Series(ANSWERS, dtype="string"),
        }
    )
    return pd.concat([frame, code_texts(frame["key_results"])], axis=1)


def test_flags_name_their_reason(coded: pd.DataFrame) -> None:
    reasons = dict(zip(coded["response_id"], coded[REVIEW_COLUMN]))
    assert pd.isna(reasons[1]) and pd.isna(reasons[6])
    assert "kielteinen ilmaus" in reasons[2] and "Digitaalisten" in reasons[2]
    assert reasons[3].startswith("ei teemaa, vaikka vastauksessa on 15 sanaa")
    assert reasons[4] == "kieli: ruotsi"
    assert reasons[5].startswith("vain epävarma osuma")
    assert list(coded["answer_language"]) == ["fi", "fi", "fi", "sv", "fi", "fi"]


def test_the_queue_lists_flagged_answers_first(coded: pd.DataFrame) -> None:
    queue = check_queue(coded)
    assert list(queue["response_id"]) == [2, 3, 4, 5, 1, 6]
    first = queue.iloc[0]
    assert "jonot … lyhenivät" in first["evidence"] and first["themes"] == "uniformity"


def test_record_checks_merges_into_the_codes_file(tmp_path: Path) -> None:
    path = tmp_path / "theme_codes.csv"
    path.write_text("response_id;theme;code\n7;digital;1\n8;Kustannussäästöjen kasvu;0\n", encoding="utf-8")
    held = record_checks(path, [(8, "cost_savings", True), (9, "Digitaalisten palveluiden laajentuminen", False)])
    assert held == 3
    # written in Finnish, for the analyst who opens it: a line not decided now stays as it was
    assert path.read_text(encoding="utf-8") == (
        "Vastaajan numero;teema;koodi\n7;digital;1\n8;Kustannussäästöjen kasvu;1\n"
        "9;Digitaalisten palveluiden laajentuminen;0\n"
    )
    codes = read_theme_codes(path).codes
    assert codes == {("7", "digital"): True, ("8", "cost_savings"): True, ("9", "digital"): False}
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_record_checks_refuses_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "theme_codes.csv"
    path.write_text("response_id;theme;code\n7;digital;1\n", encoding="utf-8")
    before = path.read_bytes()
    for decisions, message in [
        ([(8, "no such theme", True)], "decision 1: 'no such theme' is not one of the seven themes"),
        ([(8, "digital", True), ("", "digital", True)], "decision 2: no response id"),
        ([("Matti Meikäläinen", "digital", True)], "decision 1: the response id is neither"),
        ([(8, "digital", 1)], "decision 1: say True"),
    ]:
        with pytest.raises(ValueError, match=message):
            record_checks(path, decisions)
        assert path.read_bytes() == before
    (tmp_path / "other.csv").write_text("id;x\n", encoding="utf-8")
    with pytest.raises(
        ValueError,
        match="needs a column 'response_id'.*first line must be Vastaajan numero;teema;koodi or response_id;theme;code",
    ):
        record_checks(tmp_path / "other.csv", [(1, "digital", True)])


def test_a_new_codes_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "theme_codes.csv"
    record_checks(path, [(3, "early_support", False), ("0003", "early_support", True)])
    assert (
        path.read_text(encoding="utf-8")
        == "Vastaajan numero;teema;koodi\n3;Varhaisen tuen ja ennaltaehkäisyn lisääntyminen;1\n"
    )


def test_subtopics_counted_by_hand(coded: pd.DataFrame) -> None:
    counts = subtopic_counts(coded)
    uniformity = counts["Palveluiden yhdenmukaistaminen ja tasalaatuisuuden parantuminen"]
    # answers 1 and 2 both: queues shortened and (1) access improved: one sub-topic, two answers
    assert uniformity["Hoitoon pääsyn, toteutumisen ja jatkuvuuden paraneminen"] == 2
    assert sum(uniformity.values()) == 2
    collaboration = counts["Monialaisen ja -ammatillisen yhteistyön tiivistyminen"]
    assert collaboration["Yhteistyö eri palveluiden, kuntien ja kolmannen sektorin välillä"] == 2  # 1 and 4
    digital = counts["Digitaalisten palveluiden laajentuminen"]
    assert sum(digital.values()) == 0  # answer 2's digital was negated


def test_quotes_are_sentences_of_the_theme_deterministic_and_screened(coded: pd.DataFrame) -> None:
    extra = pd.DataFrame(
        {
            "response_id": [10],
            "region": "Lapin hyvinvointialue",
            "model_name": "Malli",
            "key_results": pd.Series(["Jonot lyhenivät selvästi, kysy lisää: matti@example.fi."], dtype="string"),
        }
    )
    frame = pd.concat([coded, pd.concat([extra, code_texts(extra["key_results"])], axis=1)], ignore_index=True)
    quotes = theme_quotes(frame)
    uniformity = quotes["Palveluiden yhdenmukaistaminen ja tasalaatuisuuden parantuminen"]
    assert uniformity and all(q in " ".join(ANSWERS) + "." for q in uniformity)
    assert not any("@" in q for q in uniformity)
    reversed_rows = theme_quotes(frame.iloc[::-1])
    assert reversed_rows == quotes
    assert quotes["Digitaalisten palveluiden laajentuminen"] == []


@pytest.mark.slow  # the command line in a fresh Python process
def test_cli_review_lists_the_flagged_answers() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "themes", "--review", str(FIXTURES / "theme_review_export.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "flagged for review" in result.stdout


def test_every_rule_belongs_to_a_named_subtopic() -> None:
    book = load_themebook()
    for theme in book.themes:
        assert len(theme.subtopics) >= 2, theme.id
    for rules in book.languages.values():
        for rule in rules.rules:
            assert rule.patterns, rule
            assert 0 <= rule.subtopic < len(book.theme(rule.theme).subtopics)
