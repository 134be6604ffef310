"""The theme coder: its rules, the reviewed-codes override, the sample, and its
measured quality on an independent hand-coded set."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.ingest.analyst_decisions import read_theme_codes
from analysis.ingest.pipeline import load_inputs
from analysis.themes.coder import analyse_answer, code_answer, evaluate, scores_of
from analysis.themes.columns import code_frame
from analysis.themes.rules import Pattern, load_themebook
from analysis.themes.words import is_known, lemma


def themes_of(text: str) -> set[str]:
    return {theme for theme, code in code_answer(text).items() if code.present}


@pytest.mark.parametrize(
    ("pattern", "lemma_", "surface", "expected"),
    [
        ("säästö", "säästö", "säästöä", True),
        ("säästö", "kustannussäästö", "kustannussäästöjä", True),  # a compound's last part
        ("=säästö", "kustannussäästö", "kustannussäästöjä", False),  # the lemma itself only
        ("säästö", "säästöpossu", "säästöpossu", False),  # a first part is not the word
        ("käytäntö*", "kirjaamiskäytäntö", "kirjaamiskäytännöt", True),  # a part of a compound
        ("käytäntö*", "jatkohoitokäytäntö", "jatkohoitokäytäntö", True),
        ("etä*", "kiinteä", "kiinteät", False),  # not inside a word where no part begins
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
    found = codes["uniformity"].evidence
    assert any(e.startswith("hoitoon … pääsy [hoito*|") and "+ pääsy|päästä" in e for e in found), found
    assert any(e.startswith("jonot … lyhenivät [jono*|") and "+ lyhe*|" in e for e in found), found


def test_evidence_text_lists_each_finding_once_then_the_negated() -> None:
    code = code_answer("Säästöjä syntyi, säästöjä syntyi. Säästöjä ei syntynyt.")["cost_savings"]
    assert code.evidence_text == (
        "säästöjä [säästö*] | kielteisessä tai toteutumattomassa lauseessa, ei laskettu: säästöjä [säästö*]"
    )
    assert code_answer("Liian aikaista sanoa.")["cost_savings"].evidence_text is None


AIM_LIST = (
    "Hankkeen tavoitteet:\n- hoitoon pääsyn nopeuttaminen\n- moniammatillisen yhteistyön vahvistaminen\n"
    "- digitaalisten palvelujen lisääminen\nTulokset: chat-palvelussa asioi 1200 asiakasta vuodessa."
)


def test_column_wise_coding_is_code_answer_answer_by_answer() -> None:
    """code_frame codes whole columns with array operations; each row must get what
    code_answer gives that row's answer alone."""
    handcoded = pd.read_csv(FIXTURES / "theme_answers_handcoded.csv", sep=";", keep_default_na=False)
    edges = [
        None,
        "",
        " ",
        ",,,",
        "...Säästöjä.",
        "Säästöjä syntyi, säästöjä syntyi. Säästöjä ei syntynyt.",
        "Digitaalisia palveluita ei kehitetty, mutta jonot lyhenivät selvästi.",
        "Jonot lyhenivät!\nEi kustannussäästöjä; yhteistyö:tiivistyi",
        "ääkköset:säästöä…säästöä",
        "Hoitoon pääsy nopeutui ja jonot lyhenivät.",
        "Hoitoon pääsy nopeutui ja jonot lyhenivät.",
        AIM_LIST,
        "Tavoitteet:\n- jonot lyhenevät\nJonot lyhenivät.\n- yhteistyö tiivistyy",  # the list ends at a line
        "- yhteistyö tiivistyi\nTavoitteena oli lyhentää jonoja:\n- säästöjä\n\n- etävastaanotot",
        "Tavoitteena oli vähentää kustannuksia, mutta jonot lyhenivät; yhteistyö ei tiivistynyt.",
        "Yhteistyö järjestöjen kanssa tiivistyi ja tavoitteena on jatkossa laajentaa sitä.",
    ]
    book = load_themebook()
    columns = [
        list(handcoded["answer"]) + edges + list(handcoded["answer"][:5]),
        ["Säästöjä syntyi"],
        ["", ""],
        [None],
        [],
    ]  # and columns without a punctuation mark or any text
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
    assert themes_of("Yhteistyö kuntien kanssa tiivistyi ja henkilöstö koulutettiin. Malli toi säästöjä.") == {
        "collaboration",
        "competence",
        "cost_savings",
    }
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
    from analysis.files.grid import ExportError

    with pytest.raises(ExportError, match="needs a column 'code'"):
        read_theme_codes(path)


# --- measured quality -----------------------------------------------------------------


# Hand-coded sets, each written and coded by someone who had not read the rules
# (see tests/fixtures/README.md): the first beside the first rules, the second for
# breadth of style before the rules were reworked, the third as a hold-out that was
# later used to find general gaps, the fourth never looked at while tuning.
EVALUATION_SETS = {
    "theme_answers_handcoded.csv": (0.90, 0.85),
    "theme_answers_breadth.csv": (0.90, 0.85),
    "theme_answers_heldout.csv": (0.88, 0.75),
    # measured 0.903 / 0.74 with the rules frozen for the sixth set (issue 25)
    "theme_answers_heldout2.csv": (0.88, 0.70),
    # the fifth set (issue 25), real-style answers; never read while tuning: it measured
    # macro-F1 0.856 and lowest recall 0.611 (early_support) when committed, 0.888 and
    # 0.72 with the rules frozen for the sixth set (its errors were read by kind between)
    "theme_answers_realstyle.csv": (0.86, 0.68),
    # the sixth set: written while issue 25's third pass was tuned elsewhere, committed
    # before it was merged, scored once after its rules were frozen: macro-F1 0.815,
    # lowest recall 0.677 (early_support)
    "theme_answers_sixth.csv": (0.80, 0.65),
    # written by the sessions that tuned the second and third passes of issue 25, from
    # the issue's error kinds (a development set: tuned on, so its score is no
    # estimate); cost savings has three answers, one a known miss (E125: a result
    # joined by "ja" to the aim in one sentence), so its recall is 0.67
    "theme_answers_errorkinds.csv": (0.90, 0.65),
}


def read_evaluation_set(name: str) -> tuple[pd.DataFrame, list[list[str]]]:
    frame = pd.read_csv(FIXTURES / name, sep=";", keep_default_na=False, dtype=str)
    return frame, [t.split(";") if t else [] for t in frame["themes"]]


@pytest.mark.parametrize("name", [n for n in EVALUATION_SETS if (FIXTURES / n).exists()])
def test_quality_on_hand_coded_sets(name: str, capsys) -> None:
    """Per-theme precision, recall and F1 against hand codes; fails below the set's
    macro-F1 or any theme's recall floor (0.90 and 0.85 on the two sets the issue
    names)."""
    min_macro_f1, min_recall = EVALUATION_SETS[name]
    answers, truth = read_evaluation_set(name)
    scores = evaluate(answers["answer"], truth)
    macro_f1 = scores["f1"].mean()
    with capsys.disabled():
        print(f"\nTheme coder on {name} ({len(answers)} answers):")
        print(scores[["tp", "fp", "fn", "precision", "recall", "f1"]].round(3).to_string())
        print(
            f"macro-F1 {macro_f1:.3f} (floor {min_macro_f1}), lowest recall {scores['recall'].min():.3f} "
            f"(floor {min_recall})"
        )
    assert macro_f1 >= min_macro_f1
    assert (scores["recall"] >= min_recall).all(), scores["recall"].to_dict()


def test_the_breadth_set_covers_what_the_issue_asks() -> None:
    """The second set's make-up (issue 13): styles and positives per theme."""
    answers, truth = read_evaluation_set("theme_answers_breadth.csv")
    styles = answers["styles"].str.split(";").explode().value_counts()
    assert len(answers) >= 150
    assert styles["sv"] >= 10 and styles["en"] >= 5 and styles["typo"] >= 15
    assert (answers["answer"].str.split().str.len() >= 40).sum() + styles.get("bullets", 0) >= 20 or styles[
        "long"
    ] >= 20
    assert sum(len(t) >= 3 for t in truth) >= 20
    assert styles["negation"] >= 15
    positives = pd.Series([t for ts in truth for t in ts]).value_counts()
    assert (positives >= 15).all() and len(positives) == 7


def test_answers_in_swedish_and_english_are_coded_and_flagged() -> None:
    sv = analyse_answer("Samarbetet mellan socialvården och tredje sektorn har blivit tätare.")
    en = analyse_answer("Waiting times for mental health services fell by half.")
    assert (sv.language, en.language) == ("sv", "en")
    assert sv.codes["collaboration"].present and en.codes["uniformity"].present
    assert "kieli: ruotsi" in sv.review and "kieli: englanti" in en.review


def test_an_answer_in_another_language_is_flagged_not_silently_themeless() -> None:
    coded = analyse_answer("Сотрудники прошли обучение, и их профессиональные навыки укрепились.")
    assert "kieli epävarma" in coded.review
    estonian = analyse_answer("Ravile pääs paranes ja ootejärjekorrad lühenesid. Kliendid on teenustega rahul.")
    assert estonian.review and "kieli epävarma" in estonian.review


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("yhteistyo jarjestojen kanssa tiivistyi", "collaboration"),  # ä/ö missing: restored
        ("Asiakasplaute on ollut hyvää.", "client_experience"),  # one letter dropped
        ("Kirjaamiskäytännöt yhtenäistettiin.", "uniformity"),  # compound head
        ("Ammattilaiset konsultoivat toisiaan.", "collaboration"),  # a verb of the family
    ],
)
def test_spelling_compounds_and_verb_forms(text: str, theme: str) -> None:
    assert theme in themes_of(text)


def test_weak_matches_are_marked_and_flagged() -> None:
    coded = analyse_answer("Asiakasplaute on ollut hyvää.")
    assert "[~" in coded.codes["client_experience"].evidence_text
    assert "vain epävarma osuma" in coded.review


@pytest.mark.parametrize(
    ("text", "theme", "present"),
    [
        ("Ilman lähetettä pääsee nyt suoraan psykiatrisen sairaanhoitajan vastaanotolle.", "uniformity", True),
        ("Asiakkaan ei tarvitse enää kertoa asiaansa moneen kertaan.", "client_experience", True),
        ("Etäpalvelut jäivät suunnitteluasteelle.", "digital", False),
        ("Koulutukset siirtyivät seuraavalle vuodelle.", "competence", False),
        ("Kustannukset nousivat hankkeen aikana.", "cost_savings", False),
        ("Etävastaanottoja kokeiltiin, mutta niistä luovuttiin.", "digital", False),
        ("Tavoitteena on lyhentää jonoja ja lisätä etävastaanottoja.", "digital", False),
        ("Liian aikaista sanoa, vaikuttaako malli jonoihin.", "uniformity", False),
        ("Hoitajat osaavat ohjata asiakkaan oikeaan paikkaan.", "competence", False),
        ("Jonot lyhenivät, mutta säästöjä ei syntynyt.", "uniformity", True),
        ("Jonot lyhenivät, mutta säästöjä ei syntynyt.", "cost_savings", False),
    ],
)
def test_negations_and_non_results_are_scoped(text: str, theme: str, present: bool) -> None:
    assert (theme in themes_of(text)) is present


def test_an_answer_without_theme_of_fifteen_words_is_flagged() -> None:
    text = "Toimintamalli on käynnistynyt suunnitellusti ja sitä on esitelty useissa tilaisuuksissa eri puolilla aluetta kevään aikana."
    coded = analyse_answer(text)
    assert not any(c.present for c in coded.codes.values())
    assert coded.review.startswith("ei teemaa")
    assert analyse_answer("Liian aikaista sanoa.").review is None


def test_the_review_thresholds_are_ten_words() -> None:
    """Issue 25: flagging a themeless answer and a theme on one paraphrase from ten
    words on (not fifteen) caught about a third more of the wrong codes on the
    never-read sets, with the flags as often right as before (README)."""
    ten = "Mallia on esitelty useissa tilaisuuksissa eri puolilla aluetta kevään aikana."  # 10 words
    nine = "Mallia on esitelty useissa tilaisuuksissa eri puolilla aluetta kevään."  # 9
    assert analyse_answer(ten).review == "ei teemaa, vaikka vastauksessa on 10 sanaa"
    assert analyse_answer(nine).review is None
    paraphrase_ten = (
        "Ikäihmiset pärjäävät kotona pidempään, kertoo kotihoidon esihenkilö meidän alueemme kunnista."  # 10
    )
    paraphrase_nine = "Ikäihmiset pärjäävät kotona pidempään, kertoo kotihoidon esihenkilö alueemme kunnista."  # 9
    assert "teema vain yhden sanaparin varassa" in (analyse_answer(paraphrase_ten).review or "")
    assert analyse_answer(paraphrase_nine).review is None


# --- issue 25: aims are not results; word sense; clause scope; collisions ----------------


@pytest.mark.parametrize(
    "text",
    [
        "Tavoitteena oli lyhentää jonoja.",
        "Tavoitteina oli vähentää päällekkäistä työtä ja tiivistää yhteistyötä.",
        "Hankesuunnitelman mukaan etävastaanottoja lisätään.",
        "On tarkoitus laajentaa digitaalisia palveluita.",
        "Pyritään lyhentämään jonoja.",
        "Valmistellaan yhteistä toimintamallia kuntien kanssa.",
        "Suunnitellaan etävastaanottojen laajentamista.",
        "Säästöpotentiaali tunnistettiin.",
        "Koulutussuunnitelma laadittu.",
        "Malli parantaisi hoitoon pääsyä.",  # conditional
        "Etävastaanotot voisivat vähentää matkakuluja.",
        "Jatkossa etävastaanottoja laajennetaan kaikkiin kuntiin.",  # future
        "Målet var att förkorta köerna.",
        "Prioriteringarna var samarbete och digitala tjänster.",
        "Vi ska utveckla distanstjänster.",
        "The model aims to improve access to care.",
        "The service will reduce waiting times.",
        "We plan to expand video appointments to all health centres.",
        "Ambitionen är att förbättra samarbetet med tredje sektorn.",
        "Tavoitteet:\n- jonojen lyhentäminen\n- yhteistyön tiivistäminen",
        "Vaikutuksia kustannussäästöihin ei ole vielä nähtävissä.",  # results not yet known
        "Kostnadsbesparingar syns inte ännu.",
        "Cost savings are not yet visible.",
        "Odotamme, että malli lyhentää jonoja ja tuo kustannussäästöjä.",  # an expectation
        "Uskomme, että asiakastyytyväisyys paranee.",
        "Asiakasosallisuutta yritettiin lisätä kehittäjäryhmän avulla.",  # an attempt
        "Vi försökte förkorta köerna.",
        "We tried to shorten the queues.",
    ],
)
def test_aims_plans_futures_and_conditionals_are_not_results(text: str) -> None:
    coded = analyse_answer(text)
    assert not any(c.present for c in coded.codes.values()), {k: c.evidence for k, c in coded.codes.items()}
    assert "vain tavoitteita tai suunnitelmia" in coded.review


def test_a_list_of_aims_is_aims_and_the_results_after_it_count() -> None:
    assert themes_of(AIM_LIST) == {"digital"}
    assert themes_of("Yhteistyö järjestöjen kanssa tiivistyi ja tavoitteena on jatkossa laajentaa sitä.") == {
        "collaboration"
    }
    assert themes_of("Jonot lyhenivät, mikä oli hankkeen tavoitteena.") == {"uniformity"}
    assert themes_of("Kunnan asumisneuvonnalla on estetty 38 häätöä vuoden aikana.") == {"early_support"}
    assert themes_of("Ilman mallia asiakkaat olisivat päätyneet päivystykseen.") == {"cost_savings"}


def test_an_aim_does_not_hide_the_results_that_follow_it() -> None:
    assert themes_of("Tavoitteena oli vähentää kustannuksia. Jonot lyhenivät 30 %.") == {"uniformity"}
    assert themes_of("Tavoitteena oli vähentää kustannuksia, mutta jonot lyhenivät.") == {"uniformity"}
    assert themes_of("Hankkeen tavoitteet saavutettiin: jonot lyhenivät.") == {"uniformity"}
    assert themes_of("Asiakaskyselyn mukaan 92 % suosittelisi palvelua.") == {"client_experience"}
    coded = analyse_answer("Tavoitteena oli vähentää kustannuksia. Jonot lyhenivät 30 %.")
    assert coded.review and "vain tavoitteita" not in coded.review


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paraphrase without a cue word
        ("Osastovuorokausia kertyi 380 vähemmän.", {"cost_savings"}),
        ("Reseptin voi nyt uusia kännykällä.", {"digital"}),
        ("Puhelimessa ei ole enää jonoa.", {"uniformity"}),
        ("Ammattilaiset tekevät töitä saman pöydän ääressä.", {"collaboration"}),
        ("Asiakkaat antoivat palvelulle arvosanan 4,6/5.", {"client_experience"}),
        ("Palvelu on nyt auki ympäri vuorokauden.", {"uniformity"}),
        ("Patienterna får vård utan att resa till fastlandet.", {"uniformity"}),
        ("The helpline is open 24/7.", {"uniformity"}),
        ("Asiakkaan ei tarvitse enää soittaa eri numeroihin.", {"uniformity"}),
        ("Asiakkaan asiat hoituvat nyt yhdellä kertaa.", {"uniformity"}),
        ("Jokaiselle kotiutuneelle soitetaan kotiutuksen jälkeen.", {"uniformity"}),
        ("Arviot valmistuvat nyt lakisääteisessä määräajassa.", {"uniformity"}),
        # a cue word in another sense
        ("Hoitajat saivat pääsyn potilastietojärjestelmään.", set()),
        ("Asiakkaat ohjattiin sovitun mallin mukaan.", set()),
        ("Samalla kehitettiin uusi lomake.", set()),
        ("Työskentelemme samassa tiimissä.", set()),
        ("Kaikissa kunnissa toimitaan nyt samalla tavalla.", {"uniformity"}),
        ("Linjaorganisaatio uudistettiin.", set()),
        (
            "Yhteiset kirjaamiskäytännöt otettiin käyttöön kaikissa tiimeissä.",
            {"uniformity"},
        ),  # shared rules, not teams
        ("Lääkäri ja sosiaaliohjaaja pitävät yhteisiä vastaanottoja.", {"collaboration"}),
        ("Päivystyksen odotusajat ovat lyhentyneet.", {"uniformity"}),  # a shorter wait, not a shorter stay
        ("Asiakas saa sosiaali- ja terveyspalvelut samasta paikasta.", {"uniformity"}),  # one stop, not teamwork
        ("Oro för barnet fångas upp i ett tidigt skede.", {"early_support"}),  # "för … tidigt" is not "too early"
        ("Kunnan ja järjestön yhteinen ryhmätoiminta käynnistyi.", {"collaboration"}),
        ("Klienterna är delaktiga i planeringen av sin egen vård.", {"client_experience"}),  # not a plan
        ("Linjeorganisationen förnyades.", set()),
    ],
)
def test_paraphrases_and_word_senses(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Saatavuus parani merkittävästi, mutta kustannuksiin vaikutusta ei vielä näy.",
        "Kustannussäästöjä ei syntynyt kun taas jonot lyhenivät.",
        "Kustannussäästöjä ei syntynyt; jonot lyhenivät.",
        "Kustannussäästöjä ei syntynyt - jonot lyhenivät.",
        "Kustannussäästöjä ei syntynyt • jonot lyhenivät.",
        "- Ei kustannussäästöjä\n- jonot lyhenivät",
    ],
)
def test_a_negation_never_crosses_a_contrast_a_semicolon_or_a_bullet(text: str) -> None:
    assert themes_of(text) == {"uniformity"}


def test_a_result_that_gives_something_up_is_not_a_negation() -> None:
    text = "Paperisista lomakkeista voitiin luopua, kun sähköinen asiointi otettiin käyttöön."
    assert themes_of(text) == {"digital"}
    assert not code_answer(text)["digital"].negated
    assert "digital" not in themes_of("Etävastaanottoja kokeiltiin, mutta niistä luovuttiin.")


@pytest.mark.parametrize(
    ("text", "not_theme"),
    [
        ("Koulutuksia järjestettiin koko henkilöstölle.", "early_support"),  # "järjestää" is not "j|estää"
        ("Hyvinvointialue järjestää palvelut.", "early_support"),
        ("Vi ska utbilda personalen.", "competence"),  # "ska" is not "skola" (to train)
        ("Järjestelmätoimittaja vaihtui.", "collaboration"),  # a known compound, not a typo of "järjestö"
        ("Asiakkaita seurataan järjestelmällisesti.", "collaboration"),  # begins with a known word: no typo
        ("Hoitoketjun vastuita selvitetään.", "uniformity"),  # "selvitetään" is a plan, not "selkeä"
        ("Samarbetet med skolorna har fördjupats.", "competence"),  # "skolorna" (schools), not "skola" (to train)
        ("Etäpalveluja kehitettiin, mutta resurssipula esti laajentamisen.", "early_support"),  # "esti": an obstacle
    ],
)
def test_lemmatiser_and_spelling_collisions(text: str, not_theme: str) -> None:
    assert not_theme not in themes_of(text)


def test_collisions_at_the_word_level() -> None:
    assert not Pattern("estää").matches(lemma("järjestettiin"), "järjestettiin")
    assert Pattern("käytäntö").matches("jatkohoitokäytäntö", "jatkohoitokäytäntö")  # a real compound still is
    assert lemma("selvitetään") != "selkeä"
    assert "competence" not in themes_of("De skulle utbilda personalen.")


@pytest.mark.parametrize(
    ("word", "conditional"),
    [
        ("parantaisi", True),
        ("voisivat", True),
        ("vähennettäisiin", True),
        ("olisimme", True),
        ("arkisin", False),  # an adverb, not "-isin" of a verb
        ("iltaisin", False),
        ("kotisi", False),  # "your home": the lemma is no verb
        ("palvelusi", False),
    ],
)
def test_the_conditional_mood_is_read_from_the_verb(word: str, conditional: bool) -> None:
    from analysis.themes.words import has_form

    assert has_form(word, lemma(word), "fi", "conditional") is conditional


# Past indicatives and conditionals built from the conjugation types, not from one
# answer: the conditional is the verb's stem + -isi- + person ("ehkäis|isi|vät",
# "parant|aisi", "vo|isi"); the past is the past stem + -i- + person, which ends as a
# conditional does only where the past stem ends in -is: the -sta/-stä verbs
# ("ehkäis|tä" -> "ehkäis|i|vät", "ratkais|i") and the -itää/-itaa verbs whose past
# turns t into s ("kii|tää" -> "kii|s|i"). Every person of the past and the passive too.
PAST_INDICATIVES = [
    # type 3, -sta/-stä with a stem in -is: the forms that look like a conditional
    *("ehkäisi", "ehkäisivät", "ehkäisimme", "ehkäisitte", "ehkäistiin"),
    *("ratkaisi", "ratkaisivat", "ratkaisimme", "ratkaistiin"),
    *("julkaisi", "julkaisivat", "julkaistiin"),
    # type 1, -itää with the t -> s past
    "kiisi",
    # other types, whose past never ends in -isi: they must stay results too
    *("vähensi", "vähensivät", "lisäsi", "lisäsivät", "paransi", "paransivat", "hoiti", "hoitivat"),
    *("mahdollisti", "esitti", "tarjosi", "halusi", "osasi"),  # type 1 and 4
    *("voi", "sai", "saivat", "kävi"),  # type 2
    *("pääsi", "pääsivät", "nousi", "tuli", "tulivat"),  # type 3 with other stems
    *("tarvitsi", "valitsi"),  # type 5
    *("järjestettiin", "vähennettiin", "tarjottiin"),  # past passive
    # not verbs at all: the illative plural of -ea/-eä adjectives ends in -isiin too
    *("oikeisiin", "tärkeisiin", "vaikeisiin", "korkeisiin"),
]
CONDITIONALS = [
    *("ehkäisisi", "ehkäisisivät", "ehkäisisimme", "ehkäistäisiin"),
    *("ratkaisisi", "ratkaisisivat", "julkaisisi", "kiitäisi"),
    *("vähentäisi", "lisäisi", "parantaisi", "hoitaisi", "hoitaisivat", "mahdollistaisi", "esittäisi"),
    *("tarjoaisi", "haluaisi", "osaisi"),
    *("voisi", "voisivat", "saisi", "kävisi"),
    *("pääsisi", "nousisi", "tulisi", "olisi", "olisimme"),
    *("tarvitsisi", "valitsisi"),
    *("järjestettäisiin", "vähennettäisiin"),
]


@pytest.mark.parametrize("word", PAST_INDICATIVES)
def test_a_past_indicative_or_an_adjective_is_not_a_conditional(word: str) -> None:
    from analysis.themes.words import has_form

    assert not has_form(word, lemma(word), "fi", "conditional")


@pytest.mark.parametrize("word", CONDITIONALS)
def test_a_conditional_of_every_verb_type_is_one(word: str) -> None:
    from analysis.themes.words import has_form

    assert has_form(word, lemma(word), "fi", "conditional")


def test_a_result_told_in_the_past_of_a_sta_verb_counts() -> None:
    """ "ehkäisivät" (past of "ehkäistä") was read as a conditional and the early
    support it reports set aside as an aim (issue 25)."""
    coded = analyse_answer("Kotihoidon tiiviimmät käynnit ehkäisivät sairaalajaksoja.")
    assert {k for k, c in coded.codes.items() if c.present} == {"early_support"}
    assert coded.review is None
    assert "early_support" not in themes_of("Tiiviimmät käynnit ehkäisisivät sairaalajaksoja.")


@pytest.mark.parametrize(
    ("text", "competence"),
    [
        # the clients' genitive elsewhere in the clause does not make staff's skill theirs
        ("Asiakkaiden ohjautuminen parani ja henkilökunnan osaaminen vahvistui.", True),
        ("Henkilöstön osaaminen asiakkaiden ohjauksessa vahvistui.", True),
        # the genitive just before the skill does
        ("Asiakkaiden osaaminen vahvistui.", False),
        ("Omaishoitajien oma osaaminen vahvistui.", False),
        ("Asiakkaiden ja omaisten osaaminen vahvistui.", False),
    ],
)
def test_whose_skill_is_read_from_the_genitive_before_it(text: str, competence: bool) -> None:
    assert ("competence" in themes_of(text)) is competence


def test_the_measured_figures_in_the_theme_file_are_current() -> None:
    """themes.yaml's `measured` (quoted by the README and for the report) says what
    the coder scores now on each never-read set: recomputed here from the set."""
    book = load_themebook()
    assert {m.set_name for m in book.measured} == {"theme_answers_heldout2.csv", "theme_answers_sixth.csv"}
    for m in book.measured:
        answers, truth = read_evaluation_set(m.set_name)
        coded = [analyse_answer(a) for a in answers["answer"]]
        scores = scores_of([a.codes for a in coded], truth)
        wrong = [{k for k, c in a.codes.items() if c.present} != set(t) for a, t in zip(coded, truth)]
        flagged = [a.review is not None for a in coded]
        assert m.answers == len(answers)
        assert m.precision == (round(scores["precision"].min(), 2), round(scores["precision"].max(), 2))
        assert m.recall == (round(scores["recall"].min(), 2), round(scores["recall"].max(), 2))
        assert m.macro_f1 == round(scores["f1"].mean(), 2)
        assert (m.flagged, m.errors, m.errors_flagged) == (
            sum(flagged),
            sum(wrong),
            sum(w and f for w, f in zip(wrong, flagged)),
        )


# --- issue 25, second pass: paraphrases of the weakest themes, word senses, review --------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # early support told without its words
        ("Ikäihmiset pärjäävät kotona pidempään.", {"early_support"}),
        ("Asiakkaiden toimintakyky säilyi vuoden seurannassa.", {"early_support"}),
        ("Yksinäisyyden kokemus väheni ryhmiin osallistuneilla.", {"early_support"}),
        ("Nuoret saavat apua jo koulussa.", {"early_support"}),
        ("Nuoria ei tarvitse lähettää erikoissairaanhoitoon.", {"early_support"}),
        ("Ympärivuorokautiseen hoitoon siirtyminen on viivästynyt puoli vuotta.", {"early_support"}),
        ("Ympärivuorokautisen hoidon tarve on siirtynyt myöhemmäksi.", {"early_support"}),
        ("Äldre kan bo kvar hemma längre.", {"early_support"}),
        ("Fallolyckorna minskade.", {"early_support"}),
        ("Older people stay at home longer.", {"early_support"}),  # not a shorter hospital stay
        # uniformity: one model in every unit, help in the evenings
        ("Malli on nyt käytössä kaikissa alueen kunnissa.", {"uniformity"}),
        ("Modellen används nu i alla kommuner.", {"uniformity"}),
        ("The model is now used in all health centres.", {"uniformity"}),
        ("Hoitoa saa nyt viikonloppuisinkin.", {"uniformity"}),
        # competence is the professionals' own: training clients, carers or students is not
        ("Omaishoitajille järjestettiin koulutusta.", set()),
        ("Opiskelijat saivat koulutusta ensiapuun.", set()),
        ("Henkilöstö koulutettiin asiakkaiden kohtaamiseen.", {"competence"}),
        # a lemmatiser's or spelling's stem is not a typo of a longer word
        ("Asukkaita tavoitettiin kylillä järjestetyillä hyvinvointipäivillä.", set()),
        # whose skills: clients' skills, experts by experience, a centre's name, schooling
        ("Asiakkaiden digiosaaminen vahvistui.", {"digital"}),
        ("Henkilöstön osaaminen vahvistui.", {"competence"}),
        ("Kokemusasiantuntijuus on vakiintunut osaksi kehittämistä.", {"client_experience"}),
        ("Sosiaalialan osaamiskeskus julkaisi raportin.", set()),
        ("Koulutuksen ulkopuolella olevia nuoria tavoitettiin.", {"early_support"}),
        ("Young people's life skills improved.", set()),
        ("Staff skills improved.", {"competence"}),
        # the same for everyone; shared tools are competence, not uniformity
        ("Perehdytys on nyt kaikille samanlainen.", {"competence", "uniformity"}),
        ("Kaikilla on nyt samat työkalut käytössä.", set()),
        ("Arviot ovat nyt yhteneväisiä.", {"uniformity"}),
        ("Asiakkaat pääsevät vastaanotolle jonottamatta.", {"uniformity"}),
        ("Ennakoivat kotikäynnit vakiintuivat.", {"early_support"}),
        ("Ikäihmisten tuolijumpat kylillä jatkuvat.", {"early_support"}),
    ],
)
def test_paraphrases_of_the_weakest_themes_and_whose_training(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


def test_a_result_after_an_aim_in_the_same_sentence_counts() -> None:
    text = "Tavoitteena oli, että asiakkaat saavat palvelun yhdestä paikasta, ja nyt palveluohjaus toimii yhden numeron kautta."
    assert themes_of(text) == {"uniformity"}
    assert themes_of("Tavoitteena oli, että asiakkaat saavat palvelun yhdestä paikasta.") == set()


def test_a_theme_on_one_paraphrase_in_a_long_answer_is_flagged() -> None:
    long = (
        "Hankkeen aikana kehitettiin toimintaa monella tavalla, ja tärkein tulos on se, että "
        "ikäihmiset pärjäävät kotona pidempään kuin ennen."
    )
    coded = analyse_answer(long)
    assert coded.codes["early_support"].present
    assert "teema vain yhden sanaparin varassa: Varhaisen tuen" in coded.review
    assert analyse_answer("Ikäihmiset pärjäävät kotona pidempään.").review is None  # short: not flagged
    one_word = (
        "Hankkeen aikana kehitettiin toimintaa monella tavalla, ja tärkein tulos on se, että ennaltaehkäisy lisääntyi."
    )
    assert analyse_answer(one_word).review is None  # a theme's own word is not a paraphrase


def test_the_review_reason_is_the_same_column_wise() -> None:
    answers, _ = read_evaluation_set("theme_answers_errorkinds.csv")
    frame = code_frame(pd.DataFrame({"key_results": answers["answer"]}))
    for row, answer in enumerate(answers["answer"]):
        got = frame.at[row, "theme_review"]
        assert (None if pd.isna(got) else got) == analyse_answer(answer).review, answer


def test_the_report_says_the_measured_quality_in_words() -> None:
    from analysis.report.sections.themes import coder_quality
    from analysis.themes.rules import Measured

    text = (
        coder_quality(
            [
                Measured("a.csv", 100, (0.80, 0.95), (0.70, 0.90), 0.85, 40, 30, 12),
                Measured("b.csv", 60, (0.85, 1.0), (0.65, 0.92), 0.88, 20, 10, 5),
            ]
        )
        .replace("\u00a0", " ")
        .replace("\u2060", "")
    )  # no-break space before %, word joiners in ranges
    assert "mitattu 160 vastauksella" in text
    assert "Teemoittain 80–100 %" in text and "löysi 65–92 %" in text
    assert "Kaikkiaan 40 testivastauksen" in text
    assert "Kaikkiaan 40 testivastauksen (25 %)" in text
    assert "tarkistettaviksi 60 (38 %)" in text and "joukossa oli 17 niistä 40 vastauksesta" in text
    # what the worst rates (precision 0,80, recall 0,65) mean for a theme of 83 coded
    # answers: 83 × 0,20 = 16,6 ≈ 17 wrongly in; of the 66 right ones found, 66 × 0,35 / 0,65
    # = 35,5 ≈ 36 not found
    worst = coder_quality([Measured("a.csv", 100, (0.80, 0.95), (0.65, 0.90), 0.85, 40, 30, 12)], 83)
    assert "noin 17 näistä arvioinneista ei kuuluisi teemaan" in worst
    assert "noin 36 teemaan kuuluvaa arviointia olisi jäänyt löytymättä" in worst


# --- issue 25, third pass: unknown modality, whose training, heavier services --------


@pytest.mark.parametrize(
    "text",
    [
        "Henkilöstölle järjestetään koulutusta syksyllä 2025.",  # a present passive with a season: a plan
        "Etävastaanotot otetaan käyttöön keväällä.",
        "Projektet syftar till att förkorta köerna.",
        "Suunnitteilla:\n- chat-palvelu\n- etävastaanotot",  # a list that "Suunnitteilla:" opens
        "Sähköisen asioinnin käyttöönotto on vielä kesken.",  # unfinished
    ],
)
def test_plans_the_third_pass_knows_are_not_results(text: str) -> None:
    assert themes_of(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tulokset:\n- jonot lyhenivät\nSuunnitteilla:\n- chat-palvelu", {"uniformity"}),
        ("Käyttöönotto on vielä kesken, mutta etävastaanotot toimivat.", {"digital"}),
        ("Tieto kulkee nyt ammattilaisten kesken.", set()),  # "kesken" as "among" is no plan
        ("Henkilöstölle järjestettiin koulutusta syksyllä 2024.", {"competence"}),  # past: a result
        ("Hoitajia koulutettiin 40.", {"competence"}),
        ("Sosiaaliohjaajat koulutettiin motivoivaan haastatteluun.", {"competence"}),
        ("Staff were trained in motivational interviewing.", {"competence"}),
    ],
)
def test_results_beside_the_third_pass_rules_still_count(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kokemusasiantuntijoita koulutettiin kaksitoista.",
        "Vapaaehtoisia koulutettiin ryhmänohjaajiksi.",
        "Asiakkaiden koulutus lääkeautomaatin käyttöön onnistui.",
        "Clients were trained to use the self-care app.",
        "Volunteers were trained as peer supporters.",
    ],
)
def test_training_of_someone_not_staff_named_just_before_is_not_competence(text: str) -> None:
    assert "competence" not in themes_of(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Lähetteet nuorisopsykiatriaan vähenivät 40 %.", True),  # less need for heavier services
        ("Remisserna till specialsjukvården minskade.", True),
        ("Referrals to child psychiatry fell by a third.", True),
        ("Turhat lähetteet vähenivät.", False),  # the right route, not less need
        ("Antalet vårddygn på bäddavdelningen minskade.", False),  # a ward's days: cost savings
    ],
)
def test_fewer_referrals_onwards_is_early_support(text: str, present: bool) -> None:
    assert ("early_support" in themes_of(text)) is present


def test_fewer_referrals_told_as_a_cost_are_a_cost_saving_only() -> None:
    text = "Erikoissairaanhoidon lähetteiden väheneminen on pienentänyt kustannuksia."
    assert themes_of(text) == {"cost_savings"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiimityö on vakiintunut.", {"collaboration"}),  # as Swedish "teamarbete", English "teamwork"
        ("Potilas saa kaikki tutkimukset samalla käynnillä.", {"uniformity"}),  # one stop
        ("Asiat hoidetaan yhdellä soitolla.", {"uniformity"}),
        ("Samalla kehitettiin uusi lomake.", set()),  # "samalla" alone: meanwhile
        ("Yhteiset hoitopolut otettiin käyttöön.", {"uniformity"}),
        ("A shared care pathway for frail older people was agreed.", {"uniformity"}),
        ("Hoitopolkua kehitetään yhdessä.", set()),  # a plan
        ("Asiakkailla on nyt yksi yhteyshenkilö.", {"uniformity"}),
        ("Asiakas saa avun kotiin samana päivänä.", {"uniformity"}),  # "avun": simplemma says "avu"
        ("Kaikissa kunnissa toimitaan samoilla periaatteilla.", {"uniformity"}),  # "samoilla": not lemmatised
    ],
)
def test_third_pass_paraphrases_of_uniformity_and_teamwork(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


def test_the_lemma_fixes_mend_what_simplemma_gets_wrong() -> None:
    """Each entry of the theme file's `language.lemmas` is a word simplemma
    lemmatises wrongly (else the entry is dead) to a word its dictionary knows."""
    book = load_themebook()
    assert book.lemma_fixes["fi"]
    for lang, fixes in book.lemma_fixes.items():
        for word, fixed in fixes.items():
            assert lemma(word, lang) != fixed, word
            assert is_known(fixed, lang), fixed
            assert book.word(word, lang).lemma == fixed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Perhesosiaalityön ja koulujen yhteistyö jatkuu ennallaan.", set()),  # no change is no result
        ("Kustannukset pysyivät ennallaan, mutta jonot lyhenivät.", {"uniformity"}),
        ("Samarbetet med skolorna är oförändrat.", set()),
        ("Cooperation with schools remained unchanged.", set()),
        ("Lääkärin matkapäiviä saaristoon on voitu vähentää kahteen kuukaudessa.", {"cost_savings"}),
    ],
)
def test_no_change_is_no_result_and_travel_days_saved_are_savings(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


def test_an_adjective_in_the_illative_plural_does_not_set_a_clause_aside() -> None:
    """ "oikeisiin" ends in -isiin like a passive conditional; it set aside the whole
    clause, and the staff competence after "ja" with it."""
    text = "Asiakkaiden ohjautuminen oikeisiin palveluihin parani ja henkilöstön osaaminen vahvistui."
    assert themes_of(text) == {"uniformity", "competence"}
    assert themes_of("Neuvonta ratkaisi useimmat asiat jo ensimmäisellä yhteydenotolla.") == {"uniformity"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Puhelinpalvelun vastausaste nousi 95 prosenttiin.", {"uniformity"}),  # reachable: access
        ("Palvelutarpeen arviot tehdään nyt määräajassa.", {"uniformity"}),
        ("Mielenterveysongelmiin puututaan nyt jo perustasolla.", {"early_support"}),
        ("Ikääntyneiden kotona asuminen on pidentynyt.", {"early_support"}),
    ],
)
def test_third_pass_paraphrases_of_access_and_early_support(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mallin avulla halutaan vahvistaa ammattilaisten osaamista.", set()),  # an aim
        ("Odotettavissa on kustannussäästöjä.", set()),  # an expectation
        ("Syksyllä käynnistyy koulutus koko henkilöstölle.", set()),  # a start to come
        ("We expect fewer emergency visits.", set()),
        ("Koulutus alkoi syksyllä ja henkilöstön osaaminen vahvistui.", {"competence"}),  # the past: a result
    ],
)
def test_wants_expectations_and_starts_to_come_are_not_results(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hankkeelle perustettiin monialainen ohjausryhmä.", set()),  # the project's governance
        ("Monialainen yhteistyö tiivistyi.", {"collaboration"}),
        ("Samalla päivitettiin palvelukuvaukset verkkosivuille.", set()),  # "samalla" alone: meanwhile
        ("Asiakas saa avun samalla käynnillä.", {"uniformity"}),  # at the same visit
        ("Säästämme asiakkaiden voimia.", set()),  # strength, not money
        ("Säästimme 200 000 euroa.", {"cost_savings"}),
    ],
)
def test_cue_words_in_another_sense_third_pass(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected


def test_swedish_access_without_the_trip_or_the_queue() -> None:
    assert themes_of("Klienterna slipper köa i telefon.") == {"uniformity"}
    assert themes_of("Patienterna slipper resa till fastlandet tack vare distansmottagningen.") == {
        "digital",
        "uniformity",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Etävastaanotot otettiin käyttöön, vaikka kaikki eivät niitä vielä käytä.", {"digital"}),
        ("Video appointments were introduced, although not everyone uses them yet.", {"digital"}),
        ("Etävastaanottoja suunniteltiin, mutta niitä ei ehditty järjestää.", set()),  # refers back: set aside
    ],
)
def test_a_concession_that_refers_back_leaves_the_result_before_it(text: str, expected: set[str]) -> None:
    assert themes_of(text) == expected
