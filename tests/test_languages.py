"""Numbers, dates and plurals in Finnish, Swedish and English (Babel, CLDR), the
sentence catalogue's sentences in Swedish and English, and the listing in each
language (issue #27).

The Finnish of :mod:`analysis.language.cldr` is compared with the Finnish
formatting the report uses today (:mod:`analysis.language.formatting`, written
by hand without Babel); the Swedish and English with hand-written expectations."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from analysis import config
from analysis.form.codebook import load_codebook
from analysis.language import cldr, formatting
from analysis.language.sentences import CATALOGUE_LANGUAGES, SentenceError, catalogue, sentence
from analysis.processed.schema import processed_schema
from analysis.tables.listing import LISTING_COLUMNS, listing_csv, listing_rows, listing_table
from analysis.tables.listing_languages import (
    COLUMNS,
    file_headers_in,
    header,
    listing_rows_in,
    listing_table_in,
    sort_key,
)
from analysis.tables.screening import Screening
from analysis.themes.rules import load_themebook

NBSP = "\u00a0"

# --- numbers, dates, plurals ------------------------------------------------------------------


def test_the_languages_are_configs() -> None:
    assert cldr.LANGUAGES == config.LANGUAGES
    assert set(cldr.LOCALES) == set(config.LANGUAGES)
    assert set(CATALOGUE_LANGUAGES) == set(config.LANGUAGES) - {"fi"}


def test_finnish_numbers_are_the_reports_own() -> None:
    """Finnish from Babel is byte for byte what the report prints today, rounding included."""
    rng = random.Random(27)
    values: list[float | int] = [0, 1, -1, 5, 999, 1000, 1173, 10_000, 1_234_567, 0.5, 1.5, 2.5, 63.9, 0.05, 2.675]
    values += [rng.randint(-(10**7), 10**7) for _ in range(300)] + [rng.uniform(-1e6, 1e6) for _ in range(300)]
    for value in values:
        for decimals in (0, 1, 2):
            assert cldr.number(value, "fi", decimals) == formatting.number(value, decimals), (value, decimals)
            assert cldr.percent(value, "fi", decimals) == formatting.percent(value, decimals), (value, decimals)


@pytest.mark.parametrize(
    ("value", "decimals", "fi", "sv", "en"),
    [
        (1234567, 0, f"1{NBSP}234{NBSP}567", f"1{NBSP}234{NBSP}567", "1,234,567"),
        (1173, 0, f"1{NBSP}173", f"1{NBSP}173", "1,173"),
        (999, 0, "999", "999", "999"),
        (63.9, 1, "63,9", "63,9", "63.9"),
        (0.5, 1, "0,5", "0,5", "0.5"),
        (8, 1, "8,0", "8,0", "8.0"),
    ],
)
def test_numbers(value: float, decimals: int, fi: str, sv: str, en: str) -> None:
    assert [cldr.number(value, lang, decimals) for lang in ("fi", "sv", "en")] == [fi, sv, en]


def test_percentages() -> None:
    assert cldr.percent(17, "fi") == f"17{NBSP}%"
    assert cldr.percent(63.9, "sv", 1) == f"63,9{NBSP}%"
    assert cldr.percent(63.9, "en", 1) == "63.9%"
    assert cldr.percent(1500, "en") == "1,500%"


def test_days() -> None:
    assert [cldr.day(date(2025, 12, 31), lang) for lang in ("fi", "sv", "en")] == [
        "31.12.2025",
        "31.12.2025",
        "31 December 2025",
    ]
    assert [cldr.day(date(2025, 6, 3), lang) for lang in ("fi", "sv", "en")] == ["3.6.2025", "3.6.2025", "3 June 2025"]
    day = date(2024, 1, 1)
    while day < date(2027, 1, 1):  # every day of three years, a leap day among them
        assert cldr.day(day, "fi") == formatting.date_fi(day)
        day += timedelta(days=1)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_plural_categories(language: str) -> None:
    # all three have "one" for exactly 1 written without decimals, "other" for the rest
    assert [cldr.plural(n, language) for n in (0, 1, 2, 5, 21, 101, 1000)] == ["other", "one"] + ["other"] * 5
    assert cldr.plural(Decimal("1.0"), language) == "other"  # "1,0 prosenttia", "1.0 per cent"
    assert cldr.plural(1.5, language) == "other"
    assert cldr.plural_categories(language) == {"one", "other"}


def test_another_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'de' is not one of fi, sv, en"):
        cldr.number(1, "de")


# --- the sentence catalogue ----------------------------------------------------------------------

CUTOFF = date(2025, 12, 31)
EARLIER = date(2025, 6, 30)


def areas_sentences(language: str, n: int) -> list[tuple[str | None, str]]:
    """Every §1 sentence of the catalogue with ``n`` as each count: (the value the
    entry counts, the sentence)."""
    values = {
        "n": n,
        "cutoff": CUTOFF,
        "met": n,
        "low": n,
        "high": n + 2,
        "change": n,
        "day": EARLIER,
        "checked": CUTOFF,
        "link": "https://example.org/koonti.pdf",
        "count": n,
        "source": "THL",
        "total": 22,
        "k": n,
        "areas": n,
        "returned": n,
        "growth": n,
        "replaced": n,
        "both": n,
        "people": n,
        "share": n,
        "missing": n,
        "range": "30.6.–31.12.2025",
    }
    return [
        (entry.count, sentence(key, language, **values))
        for key, entry in catalogue().items()
        if key.startswith("areas.") and key.removeprefix("areas.") not in AREAS_WORDS
    ]


# §1's and §2's table words and titles: not sentences
AREAS_WORDS = {
    "chart_title",
    "table_by_cutoffs",
    "table_at_cutoff",
    "table_distribution",
    "area_column",
    "change_column",
    "target_column",
    "target_column_open",
    "yes",
    "no",
    "distribution_column",
    "distribution_at_least_3",
    "distribution_exactly_2",
    "distribution_exactly_1",
    "distribution_none",
    "participants_column",
    "participants_count",
    "participants_both_row",
    "participants_caption",
}


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
@pytest.mark.parametrize("n", [0, 1, 5, 1234])
def test_every_areas_sentence_renders(language: str, n: int) -> None:
    written = {"sv": {1234: f"1{NBSP}234"}, "en": {1234: "1,234"}}[language].get(n, str(n))
    made = areas_sentences(language, n)
    assert len(made) >= 15
    for counted, text in made:
        assert "{" not in text and "}" not in text, text
        assert text.lstrip("*[")[0].isupper(), text  # never a numeral first
        assert text.endswith("."), text
        if counted and n not in (0, 1):  # 0 and 1 may be said in words ("no", "one")
            assert written in text, text
        assert "1234" not in text  # grouped, always


EXPECTED = {
    ("sv", 0): [
        "Fram till brytdagen 31.12.2025 hade inga självvärderingar lämnats in.",
        "Inget område hade någon självvärdering.",
    ],
    ("sv", 1): [
        "Fram till brytdagen 31.12.2025 hade **1** självvärdering lämnats in.",
        "I ett område fanns minst tre självvärderingar.",
        "Fram till brytdagen 30.6.2025 hade 1 självvärdering lämnats in.",
        (
            "Av självvärderingarna hade **1** kopplats till en beskrivning av en verksamhetsmodell i Innokylä "
            "(kontrollerat 31.12.2025)."
        ),
    ],
    ("sv", 5): [
        "Fram till brytdagen 31.12.2025 hade **5** självvärderingar lämnats in.",
        "I 5 områden fanns minst tre självvärderingar.",
        "Fram till brytdagen 30.6.2025 hade 5 självvärderingar lämnats in.",
        (
            "Av självvärderingarna hade **5** kopplats till beskrivningar av verksamhetsmodeller i Innokylä "
            "(kontrollerat 31.12.2025)."
        ),
    ],
    ("en", 0): [
        "By the cut-off date 31 December 2025, no self-assessments had been submitted.",
        "No area had any self-assessments.",
    ],
    ("en", 1): [
        "By the cut-off date 31 December 2025, **1** self-assessment had been submitted.",
        "One area had at least three self-assessments.",
        "By the cut-off date 30 June 2025, 1 self-assessment had been submitted.",
        (
            "Of the self-assessments, **1** had been attached to an operating model description in Innokylä "
            "(checked on 31 December 2025)."
        ),
    ],
    ("en", 5): [
        "By the cut-off date 31 December 2025, **5** self-assessments had been submitted.",
        "At least three self-assessments had been made in 5 areas.",
        "By the cut-off date 30 June 2025, 5 self-assessments had been submitted.",
        (
            "Of the self-assessments, **5** had been attached to operating model descriptions in Innokylä "
            "(checked on 31 December 2025)."
        ),
    ],
}


@pytest.mark.parametrize(("language", "n"), list(EXPECTED))
def test_areas_sentences_for_0_1_and_5(language: str, n: int) -> None:
    made = [sentence("areas.returned", language, n=n, cutoff=CUTOFF)]
    if n == 0:
        made.append(sentence("areas.none_anywhere", language))
    else:
        made += [
            sentence("areas.at_least_three", language, n=n),
            sentence("areas.earlier_first", language, day=EARLIER, n=n),
            sentence("areas.attached_checked", language, n=n, checked=CUTOFF),
        ]
    assert made == EXPECTED[(language, n)]


def test_the_ministrys_recommendation() -> None:
    assert sentence("areas.stm_range", "en", low=3, high=5) == (
        "The Ministry of Social Affairs and Health recommended 3–5 self-assessments per area; "
        "the last column of the table shows whether an area had at least 3 self-assessments."
    )
    assert sentence("areas.stm_one_met", "sv") == (
        "Varje område hade minst en självvärdering, så som social- och hälsovårdsministeriet rekommenderade."
    )


def test_thls_terms_come_from_the_glossary() -> None:
    assert "Innokylä" in sentence("areas.attached", "sv", n=2)
    assert sentence("areas.innokyla_context", "en", count=1173, day=date(2025, 10, 31), source="THL").startswith(
        "According to THL, 1,173 RRP operating models had been described in Innokylä by 31 October 2025"
    )


def test_a_sentence_says_what_is_missing() -> None:
    with pytest.raises(SentenceError, match="no sentence 'areas.nothing'"):
        sentence("areas.nothing", "sv")
    with pytest.raises(SentenceError, match="the count 'n' is needed"):
        sentence("areas.returned", "en", cutoff=CUTOFF)
    with pytest.raises(SentenceError, match="no value for cutoff"):
        sentence("areas.returned", "en", n=3)
    with pytest.raises(SentenceError, match="has no fi form"):
        sentence("areas.returned", "fi", n=3, cutoff=CUTOFF)
    with pytest.raises(ValueError, match="not 'de'"):
        sentence("areas.returned", "de", n=3, cutoff=CUTOFF)
    with pytest.raises(SentenceError, match="is not a number"):
        sentence("areas.returned", "en", n=True, cutoff=CUTOFF)


# --- the listing -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kept() -> pd.DataFrame:
    """Three assessments, as data/processed/ holds them: Pohjanmaa (adopted, two
    themes, passes stage 1), Helsinki (not started, nothing attached, answers
    missing), Vantaa-Kerava (rooted in one unit, attachment unknown)."""
    codebook = load_codebook()
    rows = [
        {
            "response_id": "7",
            "model_name": "Perhekeskus",
            "region": "Pohjanmaan hyvinvointialue",
            "innokyla_url": "https://innokyla.fi/fi/toimintamalli/perhekeskus",
            "scope": "Palveluketju",
            "phase__piloted": "Koko hyvinvointialueella",
            "phase__adopted": "Useammassa yksikössä",
            "phase__rooted": "Ei",
            "adoption__permanent_decision": "Kyllä",
            "attached_to_innokyla": True,
            "theme__uniformity": True,
            "theme__digital": True,
            "participant_roles__region_representative": True,
            "participant_roles__rrp_representative": True,
            "utilisation__transferable_regions": "Kyllä",
            "results_evaluation__goals_defined": "Kyllä",
            "results_evaluation__change_achieved": "Osittain",
            "adoption__management_commitment": "Kyllä",
            "adoption__resources_defined": "Valmistelussa",
        },
        {
            "response_id": "3",
            "model_name": "Kotikuntoutus",
            "region": "Helsingin kaupunki",
            "scope": "Tuote",
            "phase__piloted": "Ei",
            "phase__adopted": "Ei",
            "phase__rooted": "Ei",
            "attached_to_innokyla": False,
            "participant_roles__region_representative": True,
            "participant_roles__rrp_representative": False,
        },
        {
            "response_id": "12",
            "model_name": "Digiklinikka",
            "region": "Vantaan ja Keravan hyvinvointialue",
            "innokyla_url": "https://innokyla.fi/fi/toimintamalli/digiklinikka",
            "scope": "Muu",
            "phase__rooted": "Yhdessä yksikössä",
            "adoption__permanent_decision": "Ei",
            "theme__client_experience": True,
            "participant_roles__region_representative": True,
            "participant_roles__rrp_representative": True,
            "utilisation__transferable_regions": "Osittain",
        },
    ]
    schema = processed_schema(codebook)
    for theme in load_themebook().themes:
        schema[theme.column] = "boolean"
    schema["attached_to_innokyla"] = "boolean"
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=d) for c, d in schema.items()})


def test_the_finnish_listing_is_todays(kept: pd.DataFrame) -> None:
    """Finnish is the listing the report and listaus.csv have today, unchanged (its
    values by hand; the headers are the listing module's own)."""
    table = listing_table_in(kept, "fi")
    pd.testing.assert_frame_equal(table, listing_table(kept))
    assert list(table.columns) == ["Vastaajan numero", *LISTING_COLUMNS]
    row = table.iloc[1].tolist()[:9]
    assert row == [
        "7",
        "Perhekeskus",
        "Pohjanmaan hyvinvointialue",
        "https://innokyla.fi/fi/toimintamalli/perhekeskus",
        "Palveluketju",
        "Käyttöönotettu (useammassa yksikössä)",
        "Kyllä",
        "Kyllä",
        "Palveluiden yhdenmukaistaminen ja tasalaatuisuuden parantuminen; Digitaalisten palveluiden laajentuminen",
    ]


EXPECTED_ROWS = {
    "sv": {
        "Svarsnummer": "7",
        "Verksamhetsmodell": "Perhekeskus",
        "Välfärdsområde": "Österbottens välfärdsområde",
        "Innokylä": "https://innokyla.fi/fi/toimintamalli/perhekeskus",
        "Omfattning": "Servicekedja",
        "Utvecklingsskede": "Ibruktagen (i flera enheter)",
        "Beslut om permanent ibruktagande": "Ja",
        "Kopplad till Innokylä": "Ja",
        "Teman": "Enhetligare tjänster och jämnare kvalitet; Fler digitala tjänster",
    },
    "en": {
        "Response number": "7",
        "Operating model": "Perhekeskus",
        "Wellbeing services county": "Ostrobothnia Wellbeing Services County",
        "Innokylä": "https://innokyla.fi/fi/toimintamalli/perhekeskus",
        "Scope": "Service chain",
        "Development phase": "Adopted (in several units)",
        "Decision on permanent adoption": "Yes",
        "Attached to Innokylä": "Yes",
        "Themes": "Harmonisation of services and more consistent quality; Expansion of digital services",
    },
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_listing_in_swedish_and_english(kept: pd.DataFrame, language: str) -> None:
    table = listing_table_in(kept, language, screening=False)
    assert list(table.columns) == list(EXPECTED_ROWS[language])
    rows = {row[table.columns[0]]: row for row in table.to_dict("records")}
    assert rows["7"] == EXPECTED_ROWS[language]
    # the other two rows' translated cells, by hand
    helsinki, vantaa = rows["3"], rows["12"]
    if language == "sv":
        assert [helsinki["Välfärdsområde"], helsinki["Utvecklingsskede"], helsinki["Kopplad till Innokylä"]] == [
            "Helsingfors stad",
            "Inte påbörjad",
            "Nej",
        ]
        assert [vantaa["Omfattning"], vantaa["Utvecklingsskede"], vantaa["Kopplad till Innokylä"]] == [
            "Annan",
            "Förankrad (i en enhet)",
            "Uppgift saknas",
        ]
        assert vantaa["Teman"] == "Stärkt klientdelaktighet och klientupplevelse"
    else:
        assert [helsinki["Wellbeing services county"], helsinki["Development phase"], helsinki["Scope"]] == [
            "City of Helsinki",
            "Not started",
            "Product",
        ]
        assert [vantaa["Development phase"], vantaa["Decision on permanent adoption"]] == [
            "Embedded (in one unit)",
            "No",
        ]
        assert vantaa["Attached to Innokylä"] == "No information"


def test_rows_in_the_languages_alphabet(kept: pd.DataFrame) -> None:
    """Finnish by the Finnish names (Helsingin, Pohjanmaan, Vantaan), Swedish by the
    Swedish (Helsingfors, Vanda, Österbottens: ö after z), English by the English
    (City of Helsinki, Ostrobothnia, Vantaa and Kerava)."""
    ids = {lang: listing_table_in(kept, lang).iloc[:, 0].tolist() for lang in ("fi", "sv", "en")}
    assert ids == {"fi": ["3", "7", "12"], "sv": ["3", "12", "7"], "en": ["3", "7", "12"]}
    assert sorted(["Åland", "Österbotten", "Ära", "Zeta"], key=lambda s: sort_key(s, "sv")) == [
        "Zeta",
        "Åland",
        "Ära",
        "Österbotten",
    ]


def test_the_screening_columns(kept: pd.DataFrame) -> None:
    """Stage 1's verdict by hand from the answers, and the score the Finnish listing
    gives, written the language's way."""
    finnish = listing_table_in(kept, "fi").set_index("Vastaajan numero")
    english = listing_table_in(kept, "en").set_index("Response number")
    swedish = listing_table_in(kept, "sv").set_index("Svarsnummer")
    assert english.loc["7", "Pre-screening (stage 1)"] == "Meets"
    assert swedish.loc["7", "Förhandsgranskning (steg 1)"] == "Uppfyller"
    assert english.loc["12", "Pre-screening (stage 1)"] == (
        "Does not meet: Transferable to other areas; Results assessed (answer missing); "
        "Prerequisites for adoption (answer missing)"
    )
    assert swedish.loc["3", "Förhandsgranskning (steg 1)"].startswith(
        "Uppfyller inte: Beskrivning i Innokylä (svar saknas); Bedömd gemensamt av välfärdsområdet och RRP-projektet; "
        "Ibruktagen eller förankrad;"
    )
    for response_id in ("3", "7", "12"):
        score = finnish.loc[response_id, "Kriteeripisteet (0–10)"]
        assert re.fullmatch(r"\d+,\d", score)
        assert swedish.loc[response_id, "Kriteriepoäng (0–10)"] == score
        assert english.loc[response_id, "Criteria score (0–10)"] == score.replace(",", ".")
    numbers = listing_table_in(kept, "en", numbers=True)
    assert numbers["Criteria score (0–10)"].map(type).eq(float).all()


def test_the_listing_holds_no_finnish_but_names(kept: pd.DataFrame) -> None:
    """Every header and cell of the Swedish and English listings, the model names
    and links (the data's own words) aside."""
    from test_translations import finnish_words

    for language in ("sv", "en"):
        table = listing_table_in(kept, language)
        data = table.drop(columns=[header("model", language), header("innokyla", language)])
        texts = list(table.columns) + [str(v) for v in data.to_numpy().ravel()]
        assert [t for t in texts if finnish_words(t, language)] == []


def test_every_listing_column_has_a_header() -> None:
    for language in CATALOGUE_LANGUAGES:
        headers = [header(column, language) for column in COLUMNS]
        assert len(set(headers)) == len(COLUMNS) == len(LISTING_COLUMNS) + 1


def test_an_empty_listing(kept: pd.DataFrame) -> None:
    for language in ("sv", "en"):
        table = listing_table_in(kept.iloc[:0], language)
        assert len(table) == 0 and len(table.columns) == len(COLUMNS)
    with pytest.raises(ValueError, match="not 'de'"):
        listing_table_in(kept, "de")


def test_the_listings_rows_for_the_files(kept: pd.DataFrame) -> None:
    """listaus.csv's and listaus.xlsx's rows: Finnish as today; Swedish and English
    with their header row, a cell a spreadsheet would run as a formula made inert,
    and (for the workbook) the response id and the score as numbers."""
    hostile = kept.copy()
    hostile.loc[0, "model_name"] = '=HYPERLINK("http://example.org","Perhekeskus")'
    assert listing_rows_in(hostile, "fi") == listing_rows(hostile)
    assert listing_csv(listing_rows_in(hostile, "fi")) == listing_csv(listing_rows(hostile))
    for language in ("sv", "en"):
        rows = listing_rows_in(hostile, language)
        headers = file_headers_in(language)
        assert rows[0] == [headers.get(header(column, language), header(column, language)) for column in COLUMNS]
        by_id = {row[0]: row for row in rows[1:]}
        assert by_id["7"][1] == '\'=HYPERLINK("http://example.org","Perhekeskus")'
        assert by_id["3"][3] == ""  # no link
        workbook = {row[0]: row for row in listing_rows_in(hostile, language, numbers=True)[1:]}
        assert set(workbook) == {3, 7, 12}
        assert isinstance(workbook[7][-1], float) and workbook[7][-1] == float(by_id["7"][-1].replace(",", "."))
    unscreened = listing_rows_in(kept, "en", Screening(on=False))
    assert unscreened[0][-1] == "Themes" and len(unscreened[0]) == len(COLUMNS) - 2


@pytest.mark.parametrize(("language", "shown"), [("fi", "1\u00a0234"), ("sv", "1\u00a0234"), ("en", "1,234")])
def test_a_tables_whole_numbers_are_grouped_as_its_language_groups_them(language: str, shown: str) -> None:
    """A report's table cell holding a whole number (report.render.table, in the
    report's language): Finnish and Swedish group thousands with a no-break space,
    English with a comma."""
    import pandas as pd

    from analysis.report.render import table
    from analysis.report.section import Table

    page = table(Table(pd.DataFrame({"Alue": ["A"], "Määrä": [1234]})), language)
    assert f">{shown}</td>" in page
