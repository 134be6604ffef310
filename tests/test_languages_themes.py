"""§10 (the results' themes: counts, syntheses with quotes, the method) and §11 (the
project's screening by THL's criteria) in Swedish and English (issue #27).

Built from tests/fixtures/summary_small.csv (four assessments, hand counts in
tests/test_summary.py's docstring), from a copy of it whose two answers are
rewritten in Swedish and English (the quotes' languages), and from the bundled
sample cleaned once for the module (THL's published figures: 67 self-assessments
in the screening's default scope 30.6.2025, 44 of them meeting stage 1)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, report_data_in_languages
from finnish_scan import finnish_in_section

from analysis import config
from analysis.cli.commands import main
from analysis.form.translations import label
from analysis.ingest import pipeline
from analysis.language.sentences import sentence
from analysis.report.data import ReportData
from analysis.report.section import Section, Table, Text
from analysis.report.sections import screening, themes
from analysis.tables.screening import load_criteria
from analysis.themes.rules import Measured, load_themebook

CUTOFF = date(2025, 12, 31)
LANGUAGES = ("sv", "en")
SECTIONS = (themes.themes, themes.theme_syntheses, themes.theme_method, screening.screening)
SWEDISH = (
    "Distansmottagningarna har utvidgats till alla hälsostationer och samarbetet med kommunerna har blivit tätare."
)
ENGLISH = (
    "Cooperation between the municipalities and social services became closer, and digital services were expanded."
)


def _frames(path: Path) -> tuple[pd.DataFrame, dict]:
    inputs = pipeline.load_inputs([path], None, None, None)
    cleaned = inputs.clean(CUTOFF)
    return cleaned.assessments, pipeline.manifest(inputs, cleaned)


@pytest.fixture(scope="module")
def small() -> dict[str, ReportData]:
    return report_data_in_languages(FIXTURES / "summary_small.csv", CUTOFF)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> dict[str, ReportData]:
    """The small fixture with its first answer in Swedish and its second in English."""
    text = (FIXTURES / "summary_small.csv").read_text(encoding="utf-8")
    text = text.replace("Etävastaanotot laajenivat ja yhteistyö tiivistyi.", SWEDISH)
    text = text.replace("Hoitoon pääsy nopeutui.", ENGLISH)
    path = tmp_path_factory.mktemp("mixed") / "summary_mixed.csv"
    path.write_text(text, encoding="utf-8")
    kept, manifest = _frames(path)
    return {lang: ReportData.from_frames(CUTOFF, kept, manifest, language=lang) for lang in ("fi", *LANGUAGES)}


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    """The bundled sample cleaned at the three standard cutoffs, once."""
    out = tmp_path_factory.mktemp("processed")
    raw = config.REPO_DIR / "data" / "raw"
    command = [
        "clean",
        str(raw / "itsearviointi_vienti_synteettinen.xlsx"),
        "--exclusions",
        str(raw / "exclusions.csv"),
    ]
    assert main([*command, "--listing-status", str(raw / "listing_status.csv"), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def sample(processed: Path) -> dict[str, ReportData]:
    return {
        lang: ReportData.load("2025-12-31", processed, screening_ranked=True, language=lang)
        for lang in ("fi", *LANGUAGES)
    }


class Built(dict):
    """Each source's four sections in each language, made once per module, the
    sample's only when a test asks for it (its tests are marked slow: cleaning the
    sample takes a few seconds)."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        super().__init__()
        self.request = request

    def __missing__(self, source: str) -> dict[str, list[Section]]:
        data = self.request.getfixturevalue(source)
        self[source] = {lang: [make(data[lang]) for make in SECTIONS] for lang in ("fi", *LANGUAGES)}
        return self[source]


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest) -> Built:
    return Built(request)


SOURCES = ["small", pytest.param("sample", marks=pytest.mark.slow)]


def without_names(section: Section) -> Section:
    """``section`` as the Finnish scan should read it: the ranked list's model names
    and Innokylä links (names, kept as the areas wrote them) out of its tables (a
    link's target, a section's id, the scan itself does not read)."""
    blocks = []
    for block in section.blocks:
        if isinstance(block, Table) and "Innokylä" in block.frame.columns:
            block = replace(block, frame=block.frame.drop(columns=[block.frame.columns[0], "Innokylä"]))
        blocks.append(block)
    return Section(section.id, section.heading, blocks, section.figures)


def text_of(section: Section) -> str:
    return "\n".join(b.markdown for b in section.blocks if isinstance(b, Text))


# --- (a) no Finnish left, (b) the same numbers, (c) the same figures ------------------


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_finnish_is_left(built, source: str, lang: str) -> None:
    for section in built[source][lang]:
        assert finnish_in_section(without_names(section), lang) == [], section.id


@pytest.mark.slow
def test_the_scan_sees_the_ranked_lists_finnish_names(built) -> None:
    """The scan is not blind: the ranked list's model names are Finnish (a link's
    target, a Finnish anchor id, is not read: finnish_scan.LINK_TARGETS)."""
    section = built["sample"]["en"][3]
    assert finnish_in_section(section, "en")


def _number(cell: object, lang: str) -> float | None:
    """A table cell as a number: ints as they are, texts written by CLDR read back
    ("9,5" in Finnish and Swedish, "9.5" in English); None for other text."""
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).replace("\u00a0", "").replace(" ", "")
    text = text.replace(",", ".") if lang in ("fi", "sv") else text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_same_blocks_and_numbers_as_in_finnish(built, source: str, lang: str) -> None:
    for fi, other in zip(built[source]["fi"], built[source][lang]):
        assert [type(b).__name__ for b in fi.blocks] == [type(b).__name__ for b in other.blocks], fi.id
        assert other.id == fi.id and other.heading != fi.heading
        for a, b in zip(fi.tables, other.tables):
            assert a.frame.shape == b.frame.shape, a.caption
            assert (a.total_row, a.small, tuple(a.link_columns)) == (b.total_row, b.small, tuple(b.link_columns))
            for column in range(a.frame.shape[1]):
                for x, y in zip(a.frame.iloc[:, column], b.frame.iloc[:, column]):
                    if _number(x, "fi") is not None and not str(x).startswith("http"):
                        assert _number(x, "fi") == _number(y, lang), (a.caption, x, y)
        for a, b in zip(fi.charts, other.charts):
            assert a.kind == b.kind
            assert list(a.data["counts"].values()) == list(b.data["counts"].values())
            assert b.data["language"] == lang


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_summary_figures_are_the_finnish_ones(built, source: str, lang: str) -> None:
    for fi, other in zip(built[source]["fi"], built[source][lang]):
        assert other.figures == fi.figures and fi.figures, fi.id


# --- §11: THL's figures, said in each language -----------------------------------------


@pytest.mark.slow
def test_the_published_screening_counts_in_each_language(built) -> None:
    """THL: 67 self-assessments returned by 30.6.2025, 44 of them through stage 1;
    one of the 67 was assessed again later (the sample's listing)."""
    fi, sv, en = (text_of(built["sample"][lang][3]) for lang in ("fi", "sv", "en"))
    assert "täytti **44** arviointia 67:stä" in fi
    assert "Av de 67 självvärderingarna uppfyllde **44** villkoren i steg 1." in sv
    assert "Of the 67 self-assessments, **44** met the stage 1 conditions." in en
    assert "den omfattar endast de 67 verksamhetsmodeller som hade bedömts senast 30.6.2025." in sv
    assert "it covers only the 67 operating models assessed by 30 June 2025." in en
    assert "En av dem bedömdes på nytt efter 30.6.2025." in sv
    assert "One of them was assessed again after 30 June 2025." in en
    assert "On the cut-off date 31 December 2025, there are 108 self-assessments in all." in en
    assert "None was ruled out only because an answer was missing." in en
    assert "Ingen sållades bort enbart på grund av ett svar som saknades." in sv
    # the project's reading, not THL's nor the ministry's
    assert "this project's own interpretation of THL's criteria" in en
    assert "projektets egen tolkning utifrån THL:s kriterier" in sv


@pytest.mark.slow
def test_the_stage1_conditions_are_the_translations_by_id(built) -> None:
    conditions = load_criteria().stage1
    for lang in LANGUAGES:
        table = built["sample"][lang][3].tables[0].frame
        assert list(table.iloc[:, 0]) == [label("stage1", c.id, lang) for c in conditions]
    # "Hyvinvointialue ja RRP-hanke arvioineet yhdessä" fails for 14 of the 67 (the sample's roles)
    assert list(built["sample"]["en"][3].tables[0].frame.iloc[:, 3]) == list(
        built["sample"]["fi"][3].tables[0].frame["Ei täyty"]
    )


@pytest.mark.slow
def test_the_score_chart_speaks_the_language(built) -> None:
    sv, en = built["sample"]["sv"][3].charts[0], built["sample"]["en"][3].charts[0]
    assert sv.data["xlabel"] == "Självvärderingar" and en.data["xlabel"] == "Self-assessments"
    assert "8,0" in sv.data["counts"] and "8.0" in en.data["counts"]
    assert "8,0 poäng 15" in sv.alt and "8.0 points 15" in en.alt


@pytest.mark.slow
def test_the_scoring_sentence_names_the_forms_answers(built) -> None:
    sv, en = text_of(built["sample"]["sv"][3]), text_of(built["sample"]["en"][3])
    assert "svaret ”Ja” ger 1 poäng, svaret ”Delvis” eller ”Under beredning” ger 0,5 poäng" in sv
    assert "the answer “Yes” scores 1 point, the answer “Partly” or “In preparation” scores 0.5 points" in en
    assert "There are ten criteria: linked to the strategy, " in en


@pytest.mark.slow
def test_the_ranked_list_names_areas_officially(built) -> None:
    sv = built["sample"]["sv"][3].tables[-1].frame
    en = built["sample"]["en"][3].tables[-1].frame
    fi = built["sample"]["fi"][3].tables[-1].frame
    assert list(sv.columns) == ["Verksamhetsmodell", "Välfärdsområde", "Innokylä", "Poäng", "Kriterier som saknas"]
    assert list(en.iloc[:, 0]) == list(fi["Toimintamalli"])  # names as written, same order
    helsinki = fi["Hyvinvointialue"].eq("Helsinki")
    assert set(sv.loc[helsinki, "Välfärdsområde"]) == {"Helsingfors stad"}
    assert set(en.loc[helsinki, "Wellbeing services county"]) == {"City of Helsinki"}
    # a criterion below 1 point, with its answer, in the criteria's order
    first = fi.iloc[0]["Puuttuvat kriteerit"].split("; ")
    assert len(en.iloc[0]["Missing criteria"].split("; ")) == len(first)
    assert en.iloc[0]["Missing criteria"] == "Change verified with indicators (partly)"
    assert sv.iloc[0]["Kriterier som saknas"] == "Förändringen påvisad med indikatorer (delvis)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_edge_counts_none_and_one(small, lang: str) -> None:
    """No assessment at all, and one (the small fixture's first row: its answers pass
    stage 1 or not; the sentence says "one" either way)."""
    data = small[lang]
    empty = ReportData.from_frames(CUTOFF, data.kept.iloc[0:0], data.data.manifest, language=lang)
    one = ReportData.from_frames(CUTOFF, data.kept.iloc[0:1], data.data.manifest, language=lang)
    none_said = text_of(screening.screening(empty))
    one_said = text_of(screening.screening(one))
    if lang == "en":
        assert (
            "The review covers no self-assessments: none had been submitted by the cut-off date 31 December 2025."
            in (none_said)
        )
        assert "The review covers the one self-assessment submitted by the cut-off date 31 December 2025." in one_said
        assert "No self-assessment met the stage 1 conditions." in none_said
    else:
        assert "Granskningen omfattar inga självvärderingar: fram till brytdagen 31.12.2025 hade inga lämnats in." in (
            none_said
        )
        assert "Granskningen omfattar den enda självvärdering som hade lämnats in fram till brytdagen 31.12.2025." in (
            one_said
        )
        assert "Ingen självvärdering uppfyllde villkoren i steg 1." in none_said
    for make in SECTIONS:
        for section in (make(empty), make(one)):
            assert finnish_in_section(without_names(section), lang) == [], section.id
    assert not themes.themes(empty).charts  # no bars for no answers, as in Finnish


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("en", 0, "None was ruled out only because an answer was missing."),
        ("en", 1, "One self-assessment was ruled out only because an answer was missing."),
        ("en", 3, "Of the self-assessments, 3 were ruled out only because an answer was missing."),
        ("sv", 0, "Ingen sållades bort enbart på grund av ett svar som saknades."),
        ("sv", 1, "En självvärdering sållades bort enbart på grund av ett svar som saknades."),
        ("sv", 3, "Av självvärderingarna sållades 3 bort enbart på grund av ett svar som saknades."),
    ],
)
def test_missing_answers_zero_one_many(lang: str, n: int, expected: str) -> None:
    assert sentence("screening.stage1_missing", lang, n=n) == expected


def test_many_replaced_by_a_later_assessment() -> None:
    assert sentence("screening.replaced", "en", n=2, day=date(2025, 6, 30)).startswith(
        "Of these, 2 were assessed again after 30 June 2025. Their newer self-assessments are used"
    )
    assert sentence("screening.replaced", "sv", n=2, day=date(2025, 6, 30)).startswith(
        "Av dem bedömdes 2 på nytt efter 30.6.2025. För dem används"
    )


# --- §10: the themes ------------------------------------------------------------------


def test_the_theme_counts_by_translated_name(built) -> None:
    """The small fixture's themes by hand (tests/test_summary.py): the theme table's
    names are the theme file's translations, in the Finnish table's order."""
    fi = built["small"]["fi"][0].tables[0].frame
    book = {t.name: t.id for t in load_themebook().themes}
    for lang in LANGUAGES:
        table = built["small"][lang][0].tables[0].frame
        assert list(table.iloc[:, 0]) == [label("theme", book[name], lang) for name in fi["Teema"]]
        assert list(table["n"]) == list(fi["n"])


@pytest.mark.parametrize("source", SOURCES)
def test_the_syntheses_subtopics_are_the_translations(built, source: str) -> None:
    """Row by row, each sub-topic is form.translations' sub-topic of the Finnish
    row's place in its theme, with the same count (so the same order)."""
    themes_by_name = {t.name: t for t in load_themebook().themes}
    fi = built[source]["fi"][1].tables[0].frame
    for lang in LANGUAGES:
        table = built[source][lang][1].tables[0].frame
        own = f" ({sentence('themes.own_subtopic', lang)})"
        for (theme, subtopic, count), row in zip(fi.itertuples(index=False), table.itertuples(index=False)):
            t = themes_by_name[theme]
            names = [s.name for s in t.subtopics]
            place = names.index(subtopic.removesuffix(" (hankkeen lisäys)"))
            assert row[0] == label("theme", t.id, lang)
            assert row[1].removesuffix(own) == label("subtopic", f"{t.id}.{place}", lang)
            assert row[1].endswith(own) == subtopic.endswith(" (hankkeen lisäys)")
            assert row[2] == count


def test_quotes_keep_their_words_and_carry_their_language(mixed) -> None:
    fi = text_of(themes.theme_syntheses(mixed["fi"]))
    sv = text_of(themes.theme_syntheses(mixed["sv"]))
    en = text_of(themes.theme_syntheses(mixed["en"]))
    # the Finnish report marks the Swedish and English quotes, its Finnish ones as before
    assert f'> ”<span lang="sv">{SWEDISH}</span>”' in fi and f'> ”<span lang="en">{ENGLISH}</span>”' in fi
    assert '<span lang="fi">' not in fi
    assert f'> ”<span lang="sv">{SWEDISH}</span>”' in sv
    assert f'> “<span lang="sv">{SWEDISH}</span>”' in en
    assert f'> “<span lang="en">{ENGLISH}</span>”' in en
    assert '<span lang="fi">' not in sv  # every quote here is in Swedish or English


@pytest.mark.slow
def test_quotes_from_finnish_answers_are_marked_finnish(built) -> None:
    sv = text_of(built["sample"]["sv"][1])
    quotes = re.findall(r'^> ”<span lang="(\w+)">(.+?)</span>”$', sv, re.M)
    fi_quotes = re.findall(r"^> ”(.+?)”$", text_of(built["sample"]["fi"][1]), re.M)
    assert quotes and [q for _, q in quotes] == fi_quotes  # the same quotes, as written
    assert {lang for lang, _ in quotes} == {"fi"}  # the sample's answers are Finnish
    assert "lang=" not in text_of(built["sample"]["fi"][1])  # and in Finnish they need no mark


@pytest.mark.slow
def test_the_themes_standing_out_said_as_thl_said(built) -> None:
    """The sample reproduces THL's remark (tests/test_summary.py): the table's three
    themes, early support and cost savings stand out in most of the six groups."""
    en = text_of(built["sample"]["en"][0])
    assert (
        "Besides the themes in the table, greater cost savings and more early support and prevention stand out in "
        "the operating models of most client groups." in en
    )
    assert "more than half of the six largest client groups" in en
    assert (
        "THL's published summary makes the same observation: “The themes of the table, together with early "
        "support and cost savings, stand out in the operating models for most client groups.”" in en
    )
    sv = text_of(built["sample"]["sv"][0])
    assert "Utöver temana i tabellen framträder större kostnadsbesparingar och mer tidigt stöd" in sv
    assert "THL:s publicerade sammanställning innehåller samma iakttagelse: ”Tabellens teman samt" in sv


def test_the_synthesis_sentence_zero_one_many() -> None:
    assert themes.synthesis_sentence_in_language({"A": 0}, "en") == "No sub-topics were mentioned."
    assert themes.synthesis_sentence_in_language({"A": 0}, "sv") == "Inga underteman nämndes."
    assert themes.synthesis_sentence_in_language({"Care; referral": 1}, "en") == (
        "Mentioned most often: care as well as referral (1)."
    )
    assert themes.synthesis_sentence_in_language({"A": 2, "B <b>": 5, "C": 1, "D": 4}, "sv") == (
        "Oftast nämndes: b &lt;b&gt; (5); d (4); a (2)."
    )


def test_the_coders_quality_in_words() -> None:
    """100 hand-coded answers, 10 differing, 30 flagged with 7 of the 10; the worst
    theme's precision 0.80 and recall 0.70 on a theme of 50: 50 × 0.2 = 10 wrongly
    in it, and of the 40 found, 40 × 0.3 / 0.7 ≈ 17 missed."""
    measured = [Measured("x.csv", 100, (0.8, 0.9), (0.7, 0.95), 0.85, 30, 10, 7)]
    en = themes.coder_quality_in_language(measured, "en", 50)
    assert "measured with 100 answers" in en
    assert "80\u2060–\u206090% of the answers" in en and "found 70\u2060–\u206095% of the answers" in en
    assert "the themes of 10 test answers (10%) differed" in en
    assert "The program flagged 30 of the test answers (30%) for review." in en
    assert "They included 7 of the 10 answers" in en
    assert "about 10 of these self-assessments would not belong to the theme, and about 17" in en
    sv = themes.coder_quality_in_language([replace(measured[0], errors=0, errors_flagged=0)], "sv")
    assert (
        "Sammanlagt avvek 0 testsvar (0\u00a0%) i sina teman på någon punkt från den manuella klassificeringen." in sv
    )
    assert "80\u2060–\u206090\u00a0%" in sv
    assert "Om träffsäkerheten" not in sv  # no theme size given


def test_the_method_and_the_intro_count_the_hand_checks(small) -> None:
    data = small["en"]
    checked = dict(data.data.manifest, theme_codes_reviewed={"given": 1, "changed_automatic_code": 1})
    one = ReportData.from_frames(CUTOFF, data.kept, checked, language="en")
    assert "and the classification of one answer has been checked by hand." in text_of(themes.themes(one))
    assert "There was one hand-checked classification; 1 of these changed" in text_of(themes.theme_method(one))
    assert "has not been checked by hand" in text_of(themes.themes(data))
    assert "There were no hand-checked classifications" in text_of(themes.theme_method(data))


def test_a_cutoff_that_differs_from_thls_remark(small) -> None:
    """The small fixture: collaboration alone stands out in most groups (as the
    Finnish says), so THL's other four themes are said not to."""
    fi, en, sv = (themes.themes(small[lang]).blocks[-1].markdown for lang in ("fi", "en", "sv"))
    assert "Monialaisen ja -ammatillisen yhteistyön tiivistyminen korostuu useimpien" in fi
    assert en.startswith("The data of this cut-off date differ from the observation in THL's published summary")
    assert "Closer cross-sectoral and multi-professional collaboration stands out in the operating models of most" in en
    assert "Unlike in THL's observation, harmonisation of services and more consistent quality, " in en
    assert "do not stand out in most groups." in en
    assert sv.startswith("Materialet vid denna brytdag avviker från iakttagelsen i THL:s publicerade sammanställning")


def test_stage2_in_the_panels_section(small) -> None:
    """With the panel's results, the panel is section 12 (after §11)."""
    for lang, expected in (
        ("en", "THL's expert panel's assessment of the Innokylä descriptions (stage 2) is in section 12."),
        ("sv", "THL:s expertpanels bedömning av beskrivningarna i Innokylä (steg 2) finns i avsnitt 12."),
    ):
        data = small[lang]
        with_panel = ReportData.from_frames(CUTOFF, data.kept, data.data.manifest, panel={"x": 1}, language=lang)
        assert screening.screening(with_panel).blocks[-1].markdown == expected
        assert screening.screening(data).blocks[-1].markdown != expected
