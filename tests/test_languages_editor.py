"""The native editors' second pass over the Swedish and English report (issue #27
item 4; docs/editor_findings_sv_en_2026-12-06b.md): one test per recurring pattern
that pass fixed. Each was checked to fail on the texts before the fix."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, report_data_in_languages
from finnish_scan import finnish_words

from analysis import config
from analysis.language.sentences import catalogue, sentence
from analysis.report.data import ReportData, heading
from analysis.report.render import block_html
from analysis.report.section import Part
from analysis.report.sections import listing

CUTOFF = date(2025, 12, 31)
LANGUAGES = ("sv", "en")


def _strings(value: Any) -> list[str]:
    """Every string in a YAML value, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _texts(language: str) -> list[tuple[str, str]]:
    """(where, text): every form of every catalogue sentence in the language, and
    every string of report_texts.<language>.yaml."""
    found = [
        (f"{key} {form}", text)
        for key, entry in catalogue().items()
        for form, text in entry.forms.get(language, {}).items()
    ]
    path = config.PACKAGE_DIR / "data" / f"report_texts.{language}.yaml"
    found += [(path.name, s) for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    return found


@pytest.fixture(scope="module")
def small() -> dict[str, ReportData]:
    return report_data_in_languages(FIXTURES / "summary_small.csv", CUTOFF)


def test_thls_summary_is_one_swedish_word() -> None:
    """THL's published "yhteenveto" was both "sammanfattning" and
    "sammanställning" in Swedish; the title's "sammanställning" is the glossary's."""
    said = [where for where, text in _texts("sv") if "sammanfattning" in text.lower()]
    assert said == []
    assert sentence("report.title", "sv", cutoff=CUTOFF).endswith("– sammanställning 31.12.2025")


def test_the_selections_stages_are_steg_in_swedish() -> None:
    """§11 said "steg 1", the panel section and the listing "skede 1" for the same
    stage; "skede" is the form's development phase ("utvecklingsskede"), which the
    key figures called "fas": one word for each (steg, skede)."""
    stage = re.compile(r"\b[Ss]kede(?:na)? \d")
    assert [where for where, text in _texts("sv") if stage.search(text)] == []
    assert [where for where, text in _texts("sv") if "förhandsgallring" in text.lower()] == []
    phase = re.compile(r"\b[Ff]as(?:en|er|erna)?\b")
    assert [where for where, text in _texts("sv") if phase.search(text)] == []
    assert sentence("title.row_phase", "sv", phase="Förankrad") == "Förankrad (skedet uppnått)"


def test_the_criteria_score_is_one_english_term() -> None:
    """ "criteria points" (§11, panel) and "criteria score" (listing) for one figure."""
    assert [where for where, text in _texts("en") if "criteria points" in text.lower()] == []
    # and the project's reading of THL's criteria is its "interpretation", as §11 says
    assert [where for where, text in _texts("en") if "project's reading" in text or "own reading" in text] == []


def test_no_sentence_opens_with_its_number() -> None:
    """A sentence never opens with a numeral (Svenska skrivregler; the Commission's
    English Style Guide): "44 av 67 självvärderingar uppfyllde …" was one."""
    opening = []
    for key, entry in catalogue().items():
        for language in LANGUAGES:
            for form, text in entry.forms.get(language, {}).items():
                starts = re.match(r"\*{0,2}\{(\w+)\}", text)
                if entry.count and starts and starts.group(1) == entry.count and text.rstrip().endswith("."):
                    opening.append((key, language, form))
    assert opening == []
    assert sentence("screening.stage1_passed", "sv", passed=44, n=67) == (
        "Av de 67 självvärderingarna uppfyllde **44** villkoren i steg 1."
    )
    assert sentence("screening.stage1_passed", "en", passed=1, n=67) == (
        "Of the 67 self-assessments, **1** met the stage 1 conditions."
    )
    assert sentence("screening.stage1_missing", "en", n=0) == "None was ruled out only because an answer was missing."
    assert sentence("screening.stage1_missing", "sv", n=3) == (
        "Av självvärderingarna sållades 3 bort enbart på grund av ett svar som saknades."
    )


@pytest.mark.parametrize(
    ("language", "intro", "finnish"),
    [
        ("sv", "Temanas förkortningar i förteckningen:", "Teemojen lyhenteet"),
        ("en", "The themes' abbreviations in the list:", "Teemojen lyhenteet"),
    ],
)
def test_the_theme_legend_is_in_the_reports_language(small, language, intro, finnish) -> None:
    """§12's legend of the themes' abbreviations was Finnish in the Swedish and
    English reports (its template was not told the language)."""
    section = listing.listing(small[language])
    parts = [html.unescape(str(block_html(b))) for b in section.blocks if isinstance(b, Part)]
    assert any(intro in part for part in parts)
    assert not any(finnish in part for part in parts)
    assert [finnish_words(re.sub(r"<[^>]+>", " ", part), language) for part in parts] == [[]]
    fi_parts = [str(block_html(b)) for b in listing.listing(small["fi"]).blocks if isinstance(b, Part)]
    assert any("Teemojen lyhenteet luettelossa:" in part for part in fi_parts)  # Finnish as it was


@pytest.mark.parametrize(
    ("language", "names"),
    [
        (
            "sv",
            [
                "social- och hälsovårdsministeriet (STM)",
                "planen för återhämtning och resiliens (RRP)",
                "Institutet för hälsa och välfärd (THL)",
            ],
        ),
        (
            "en",
            [
                "Ministry of Social Affairs and Health (STM)",
                "Recovery and Resilience Plan (RRP)",
                "Finnish Institute for Health and Welfare (THL)",
            ],
        ),
    ],
)
def test_the_abbreviations_are_introduced_where_the_reader_first_meets_them(language, names) -> None:
    """§1's first paragraph is the report's first running text: STM, RRP and THL
    are written out there once (the glossary's names), before their abbreviations."""
    text = sentence("notebook.alueet-heading", language)
    for name in names:
        assert name in text
        abbreviation = name[-4:-1]
        assert text.index(name) <= text.index(abbreviation)  # not used before it is introduced


def test_thls_remark_is_quoted_as_the_finnish_quotes_it() -> None:
    """The Finnish quotes THL's remark on the themes by group; the Swedish and
    English said only that THL "made the same observation"."""
    assert sentence("themes.thl_same", "sv", remark="R") == (
        "THL:s publicerade sammanställning innehåller samma iakttagelse: ”R”"
    )
    assert sentence("themes.thl_same", "en", remark="R") == "THL's published summary makes the same observation: “R”"


def test_section_7_says_utnyttjande_as_its_tables() -> None:
    """The heading said "nyttjande", the table "Utnyttjande av verksamhetsmodellen"."""
    assert heading("arviointi", "sv") == "Förstärkning, utvärdering, utnyttjande och ibruktagande"
    assert "nyttjandet" not in sentence("notebook.arviointi-heading", "sv").replace("utnyttjandet", "")


def test_the_listings_stage_1_says_meets_not_approved() -> None:
    """The Finnish listing says "Täyttää" / "Ei täytä" (meets the conditions, the
    project's reading); "Godkänd" / "Passes" read as an approval by someone."""
    assert sentence("listing.passes", "sv") == "Uppfyller"
    assert sentence("listing.passes", "en") == "Meets"
    assert sentence("listing.fails", "sv", conditions="X") == "Uppfyller inte: X"
    assert sentence("listing.fails", "en", conditions="X") == "Does not meet: X"


def test_no_finlandism_lamna_bort() -> None:
    """ "lämna bort" (jättää pois) is a finlandism; the report says "inte tas med"."""
    assert [where for where, text in _texts("sv") if re.search(r"\blämna(?:s|t|ts)? bort\b", text)] == []
    assert [where for where, text in _texts("sv") if "se teknisk bilaga" in text or "se [teknisk bilaga]" in text] == []


def test_the_charts_largest_in_words_below_ten() -> None:
    """ "De 3 största" / "The 3 largest" in every alt text: below ten in words."""
    assert sentence("charts.largest", "sv", top=3, largest="A 1") == "De tre största: A 1."
    assert sentence("charts.largest", "en", top=3, largest="A 1") == "The three largest: A 1."
    assert sentence("charts.largest", "en", top=10, largest="A 1") == "The 10 largest: A 1."


def _messages(language: str) -> list[tuple[str, str]]:
    from analysis.problems import catalogue as messages

    return [(code, texts[language]) for code, texts in messages.load_catalogue().items()]


def test_the_messages_speak_as_the_report_does() -> None:
    """The appendix shows why each response was left out in messages.yaml's words in
    the report's language: the English says "cut-off date" as the report does (not
    "cutoff") and a response number (the column's name), not a "response id" (the
    command line's other messages keep their own words); the Swedish leaves nothing
    "bort" (finding 26's finlandism) and an "inlämnat" answer agrees with "svar"."""
    why_left_out = {"submitted_before_publication", "submitted_after_cutoff", "same_response_id_as", "superseded_by"}
    english = [
        f"{code}: {text}"
        for code, text in _messages("en")
        if code in why_left_out and re.search(r"\bcutoff\b|response id", text)
    ]
    swedish = [
        f"{code}: {text}"
        for code, text in _messages("sv")
        if re.search(r"lämna(?:s|ts|t)? bort|\binlämnad (?:innan|efter)", text)
    ]
    assert english == [] and swedish == []


# The third pass (docs/editor_findings_sv_en_2026-12-06c.md).


def test_the_charts_bar_count_in_words_below_ten() -> None:
    """Finding c1: every bar chart's alt text said "5 bars" / "5 staplar" where the
    Finnish says "Viisi pylvästä"; below ten in words, as `largest` already is."""
    from analysis.report import charts

    counts = {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}
    assert "Five bars. The three largest: A 5, B 4 and C 3." in charts.alt_bar_chart(counts, "T", language="en")
    assert "Fem staplar. De tre största: A 5, B 4 och C 3." in charts.alt_bar_chart(counts, "T", language="sv")
    ten = {str(i): 10 - i for i in range(10)}
    assert "T. 10 bars." in charts.alt_bar_chart(ten, "T", language="en")
    assert re.findall(r"\b[2-9] (?:bars|staplar)\b", " ".join(t for lang in LANGUAGES for _, t in _texts(lang))) == []


def test_section_14_says_use_of_the_results_in_swedish() -> None:
    """Finding c2: "Användbarhet" (usability) for §14's "Hyödynnettävyys", whose text
    says how the results are used; the English says "Use of the results"."""
    assert heading("lisatietoja", "sv") == "Användning av resultaten och mer information"
    assert [where for where, text in _texts("sv") if "Användbarhet" in text] == []


def test_the_key_figures_name_which_cutoff_they_count_from() -> None:
    """Finding c3: "After the cut-off date, 17 self-assessments were submitted" right
    after "the previous cut-off date, 30 June 2025" read as after this report's own
    cut-off date; and "the rise in the phases" is the rise in the numbers in them."""
    assert sentence("title.reassessment_returned", "en", returned=17) == (
        "After that cut-off date, 17 self-assessments were submitted."
    )
    assert (
        sentence("title.reassessment_returned", "sv", returned=1)
        == "Efter den brytdagen lämnades en självvärdering in."
    )
    assert [where for where, text in _texts("en") if "rise in the phases" in text] == []
    assert [where for where, text in _texts("sv") if "Att skedena ökar" in text] == []


def test_a_removed_response_agrees_with_svar() -> None:
    """Finding c4: the §13 row "Separat borttagna" beside "Inlämnat", "Ersatt": each
    row counts responses (svar, neuter), named in the singular as the appendix's
    reason for one response."""
    assert sentence("data_quality.reasons.excluded_by_analyst", "sv", reasons="x") == "Separat borttaget (x)"


def test_the_report_says_it_is_the_projects_translation(small) -> None:
    """Finding c5: THL's definitions (§3, §8) and the texts quoted from THL (§1, §10)
    read as THL's own Swedish or English; nothing said they are the project's
    translation. The facts on the first screen and the appendix now say so."""
    from analysis.report.sections import title_and_closing

    for language, name, start in (
        ("sv", "Språk", "Projektets svenska översättning av den finska rapporten"),
        ("en", "Language", "The project's English translation of the Finnish report"),
    ):
        front = title_and_closing.title_in(small[language]).blocks[0]
        assert isinstance(front, Part)
        facts = dict(front.values["facts"])  # type: ignore[call-overload]
        assert facts[name].startswith(start)
    assert "(projektets översättning)" in sentence("appendix.where.texts", "sv")
    assert "(the project's translation)" in sentence("appendix.where.texts", "en")


def test_the_area_charts_fewest_is_not_at_least() -> None:
    """Finding c6: "Minst (1): Östra Nyland …" in §1's alt text, where §1 uses "minst
    tre" for "at least three"; "färst" is the fewest (the English says "Fewest")."""
    assert sentence("charts.areas_fewest", "sv", low="1", areas="A") == " Färst (1): A."


def test_stms_competition_is_named_one_way() -> None:
    """Finding c7: §11 named STM's competition twice, the second time as "the Ministry
    of Social Affairs and Health's competition for operating models" (sv "social- och
    hälsovårdsministeriets tävling …"), which reads as another competition; the
    Finnish says "STM:n toimintamallikilpailu" both times."""
    assert "STM's operating model competition" in sentence("screening.scope_limited", "en", n=67, scope="30 June 2025")
    assert "STM:s tävling för verksamhetsmodeller" in sentence("screening.scope_limited", "sv", n=67, scope="30.6.2025")
