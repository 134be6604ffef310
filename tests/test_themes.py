"""The theme coder: its rules, the reviewed-codes override, the sample, and its
measured quality on an independent hand-coded set."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from analysis.handkept import read_theme_codes
from analysis.pipeline import load_inputs
from analysis.themes import Pattern, code_answer, code_frame, evaluate, lemma, load_themebook

from conftest import FIXTURES

MIN_MACRO_F1 = 0.80


def themes_of(text: str) -> set[str]:
    return {theme for theme, code in code_answer(text).items() if code.present}


@pytest.mark.parametrize(
    ("pattern", "lemma_", "surface", "expected"),
    [
        ("säästö", "säästö", "säästöä", True),
        ("säästö", "kustannussäästö", "kustannussäästöjä", False),  # exact lemma only
        ("*säästö", "kustannussäästö", "kustannussäästöjä", True),  # compound head
        ("digi*", "digitaalinen", "digitaalisten", True),
        ("*koulutus*", "koulutuspäivä", "koulutuspäivää", True),
        ("yhdessä*", "yksi", "yhdessä", True),  # prefixes also match the surface form
        ("a|*säästö", "kustannussäästö", "x", True),
    ],
)
def test_patterns(pattern, lemma_, surface, expected) -> None:
    assert Pattern(pattern).matches(lemma_, surface) is expected


def test_inflected_forms_and_compounds_find_their_theme() -> None:
    assert themes_of("Etävastaanotoilla tavoitetaan syrjäkylien asukkaat.") == {"digital"}
    assert themes_of("Kustannussäästöjä syntyi.") == {"cost_savings"}
    assert themes_of("Henkilöstön osaamista vahvistettiin koulutuksilla.") == {"competence"}
    assert lemma("hoitopolut") == "hoitopolku"  # a compound simplemma cuts short is repaired
    assert lemma("palveluiden") == "palvelu"  # an ordinary inflection is left alone


def test_negated_clauses_do_not_count_but_the_rest_does() -> None:
    text = "Digitaalisia palveluita ei kehitetty, mutta jonot lyhenivät selvästi."
    codes = code_answer(text)
    assert themes_of(text) == {"uniformity"}
    assert codes["digital"].negated  # the reviewer sees what was set aside
    assert not codes["digital"].evidence


def test_evidence_names_the_words_and_the_rule() -> None:
    codes = code_answer("Hoitoon pääsy nopeutui ja jonot lyhenivät.")
    assert "hoitoon … pääsy [hoito*|palvelu*|hoitoonohjaus + pääsy|päästä]" in codes["uniformity"].evidence
    assert "jonot … lyhenivät [jono* + lyhe*|lyhen*|purkaa|purku|pure*]" in codes["uniformity"].evidence


def test_evidence_text_lists_each_finding_once_then_the_negated() -> None:
    code = code_answer("Säästöjä syntyi, säästöjä syntyi. Säästöjä ei syntynyt.")["cost_savings"]
    assert code.evidence_text == "säästöjä [*säästö] | kielteisessä lauseessa, ei laskettu: säästöjä [*säästö]"
    assert code_answer("Liian aikaista sanoa.")["cost_savings"].evidence_text is None


def test_column_wise_coding_is_code_answer_answer_by_answer() -> None:
    """code_frame codes whole columns with array operations; each row must get what
    code_answer gives that row's answer alone."""
    handcoded = pd.read_csv(FIXTURES / "theme_answers_handcoded.csv", sep=";", keep_default_na=False)
    edges = [
        None, "", " ", ",,,", "...Säästöjä.", "Säästöjä syntyi, säästöjä syntyi. Säästöjä ei syntynyt.",
        "Digitaalisia palveluita ei kehitetty, mutta jonot lyhenivät selvästi.",
        "Jonot lyhenivät!\nEi kustannussäästöjä; yhteistyö:tiivistyi", "ääkköset:säästöä…säästöä",
        "Hoitoon pääsy nopeutui ja jonot lyhenivät.", "Hoitoon pääsy nopeutui ja jonot lyhenivät.",
    ]
    book = load_themebook()
    columns = [list(handcoded["answer"]) + edges + list(handcoded["answer"][:5]),
               ["Säästöjä syntyi"], ["", ""], [None], []]  # and columns without a punctuation mark or any text
    for dtype, answers in itertools.product(("string", object), columns):
        frame = code_frame(pd.DataFrame({"key_results": pd.Series(answers, dtype=dtype)}), book)
        assert len(frame) == len(answers)
        for row, answer in enumerate(answers):
            expected = code_answer(answer, book)
            for theme in book.themes:
                got = frame.at[row, theme.evidence_column]
                assert bool(frame.at[row, theme.column]) == expected[theme.id].present, (answer, theme.id)
                assert (None if pd.isna(got) else got) == expected[theme.id].evidence_text, (answer, theme.id)


def test_an_answer_may_carry_several_themes_or_none() -> None:
    assert themes_of(
        "Yhteistyö kuntien kanssa tiivistyi ja henkilöstö koulutettiin. Malli toi säästöjä."
    ) == {"collaboration", "competence", "cost_savings"}
    assert themes_of("Liian aikaista sanoa.") == set()
    assert themes_of("") == set()


def test_the_themebook_has_the_seven_published_themes() -> None:
    book = load_themebook()
    assert [t.name for t in book.themes] == [
        "Palveluiden yhdenmukaistaminen ja tasalaatuisuuden parantuminen",
        "Monialaisen ja -ammatillisen yhteistyön tiivistyminen",
        "Digitaalisten palveluiden laajentuminen",
        "Ammattilaisten osaamisen vahvistuminen",
        "Asiakasosallisuuden sekä asiakaskokemuksen vahvistuminen",
        "Kustannussäästöjen kasvu",
        "Varhaisen tuen ja ennaltaehkäisyn lisääntyminen",
    ]
    assert book.theme("Kustannussäästöjen kasvu").id == "cost_savings"


# --- reviewed codes -------------------------------------------------------------------


def test_reviewed_codes_override_the_automatic_code(tmp_path: Path) -> None:
    export = FIXTURES / "theme_review_export.csv"
    codes = tmp_path / "theme_codes.csv"
    codes.write_text(
        "response_id;theme;code\n"
        "1;digital;0\n"  # the coder says yes: overridden
        "1;Kustannussäästöjen kasvu;1\n"  # the coder says no: overridden, by Finnish name
        "2;uniformity;1\n"  # the coder says yes too: confirmed, not changed
        "99;digital;1\n"  # no such response
        "2;tuntematon teema;1\n",  # no such theme
        encoding="utf-8",
    )
    inputs = load_inputs([export], None, None, codes)
    rows = inputs.ingested.responses.set_index("response_id")
    assert not rows.loc["1", "theme__digital"]
    assert rows.loc["1", "theme__cost_savings"]
    assert rows.loc["1", "theme_evidence__digital"].startswith("tarkistettu käsin: ei (automaattinen: ")
    assert rows.loc["2", "theme__uniformity"]
    assert (inputs.overrides.given, inputs.overrides.changed, inputs.overrides.unmatched) == (3, 2, 1)
    assert any("not one of the seven themes (teksti, 16 merkkiä)" in p.message for p in inputs.ingested.problems)


def test_theme_codes_file_needs_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "theme_codes.csv"
    path.write_text("response_id;theme\n1;digital\n", encoding="utf-8")
    from analysis.readers import ExportError

    with pytest.raises(ExportError, match="needs a 'code' column"):
        read_theme_codes(path)


# --- measured quality -----------------------------------------------------------------


def test_quality_on_the_independent_hand_coded_set(capsys) -> None:
    handcoded = pd.read_csv(FIXTURES / "theme_answers_handcoded.csv", sep=";", keep_default_na=False)
    assert len(handcoded) >= 60
    truth = [t.split(";") if t else [] for t in handcoded["themes"]]
    scores = evaluate(handcoded["answer"], truth)
    macro_f1 = scores["f1"].mean()
    with capsys.disabled():
        print(f"\nTheme coder on {len(handcoded)} hand-coded answers:")
        print(scores[["tp", "fp", "fn", "precision", "recall", "f1"]].round(3).to_string())
        print(f"macro-F1 {macro_f1:.3f} (must be at least {MIN_MACRO_F1})")
    assert macro_f1 >= MIN_MACRO_F1
