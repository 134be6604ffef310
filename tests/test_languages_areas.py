"""§1 (the areas), §2 (the participants), the title with its key figures and §14
(use of the results and further information) in Swedish and English (issue #27),
and THL's texts in report_texts.sv.yaml / report_texts.en.yaml.

Built from tests/fixtures/summary_small.csv (four assessments: Lappi 2, Kainuu 2;
9 people, one count missing; both representatives in 2, see tests/test_summary.py)
and from the bundled synthetic sample (processed once for this module). Every
expected sentence below is written by hand."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FIXTURES, report_data_in_languages, sample_project
from finnish_scan import finnish_in_section, finnish_words

from analysis import config
from analysis.cli.commands import main
from analysis.report import render
from analysis.report.data import ReportData, load_texts
from analysis.report.section import Block, Part, Section, Table, Text
from analysis.report.sections import areas_and_participants as areas_section
from analysis.report.sections import title_and_closing

CUTOFF = date(2025, 12, 31)
LANGUAGES = ("sv", "en")
SAMPLE_CUTOFFS = ("2025-06-30", "2025-10-31", "2025-12-31")
SECTIONS = {
    "areas": areas_section.areas,
    "participants": areas_section.participants,
    "title": title_and_closing.title,
    "closing": title_and_closing.closing,
}


# --- the data, built once ------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> dict[str, ReportData]:
    return report_data_in_languages(FIXTURES / "summary_small.csv", CUTOFF)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, ReportData]:
    """The bundled sample cleaned at its three cut-off dates; the last one's report
    compared with the two earlier ones, in each language."""
    root = sample_project(tmp_path_factory.mktemp("sample"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(root))
        assert main(["clean", *(a for c in SAMPLE_CUTOFFS for a in ("--cutoff", c))]) == 0
    processed = root / "data" / "processed"
    return {
        lang: ReportData.load(SAMPLE_CUTOFFS[-1], processed, SAMPLE_CUTOFFS[:-1], language=lang)
        for lang in ("fi", *LANGUAGES)
    }


@pytest.fixture(scope="module")
def built(small, sample) -> dict[tuple[str, str, str], Section]:
    """(data, section, language) -> the section, each made once."""
    return {
        (source, name, lang): make(data[lang])
        for source, data in (("small", small), ("sample", sample))
        for name, make in SECTIONS.items()
        for lang in ("fi", *LANGUAGES)
    }


CASES = [(source, name, lang) for source in ("small", "sample") for name in SECTIONS for lang in LANGUAGES]


def link_targets_removed(text: str) -> str:
    """A Markdown link's address is not read (THL's PDF has a Finnish file name)."""
    return re.sub(r"\]\([^)]*\)", "]", text)


def for_scan(section: Section) -> Section:
    """``section`` as the scan reads it: names are not translated, so the contact's
    name (a person's) and a link's address (THL's PDF has a Finnish file name) are
    left out; everything else as it is."""
    blocks: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Text):
            blocks.append(Text(link_targets_removed(block.markdown), block.footnotes))
        elif isinstance(block, Part) and "contact" in block.values:
            contact = [line for line in block.values["contact"] if not NAME.match(str(line))]  # type: ignore[attr-defined]
            blocks.append(Part(block.template, {**block.values, "contact": contact}))
        else:
            blocks.append(block)
    return Section(section.id, section.heading, blocks, section.figures)


NAME = re.compile(r"Kaisa Lahtinen, ")


def reader_text(section: Section) -> str:
    """A section's sentences and its rendered parts and tables as a reader sees them
    (tags and link addresses left out)."""
    parts = []
    for block in section.blocks:
        if isinstance(block, Text):
            parts.append(link_targets_removed(block.markdown))
        elif isinstance(block, Part | Table):
            html = str(render.block_html(block))
            html = re.sub(r"(href|id|class|aria-labelledby|data-label)=['\"][^'\"]*['\"]", "", html)
            parts.append(re.sub(r"<[^>]+>", " ", html))
    return " ".join([section.heading, *parts])


# --- (a) no Finnish ------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "name", "lang"), CASES)
def test_no_finnish_is_left(built, source: str, name: str, lang: str) -> None:
    section = for_scan(built[(source, name, lang)])
    assert finnish_in_section(section, lang) == []
    # what the independent scan does not open: the facts, the contents, the chart's areas
    assert finnish_words(reader_text(section), lang) == []
    for chart in section.charts:
        assert finnish_words(" ".join(map(str, chart.data["areas"])), lang) == []  # type: ignore[call-overload]


def test_the_scan_would_see_finnish(built) -> None:
    """The checks above can fail: the Finnish sections hold Finnish words for them."""
    for name in SECTIONS:
        finnish = for_scan(built[("sample", name, "fi")])
        assert finnish_in_section(finnish, "sv"), name
        assert finnish_words(reader_text(finnish), "sv"), name


# --- (b) the same numbers, (c) the same figures --------------------------------------------


def numbers(table: Table) -> list[list[int | None]]:
    """A table's numbers cell by cell (None: a cell of words); "+3", "−2", "±0" as numbers."""
    rows = []
    for row in table.frame.itertuples(index=False):
        cells: list[int | None] = []
        for value in row:
            if isinstance(value, int) and not isinstance(value, bool):
                cells.append(int(value))
                continue
            text = str(value).replace("\u2212", "-").replace("±", "").replace("+", "")
            cells.append(int(text) if re.fullmatch(r"-?\d+", text) else None)
        rows.append(cells)
    return rows


def tables(section: Section) -> list[Table]:
    found = list(section.tables)
    for block in section.blocks:
        if isinstance(block, Part):
            found += [v for v in block.values.values() if isinstance(v, Table)]
    return found


@pytest.mark.parametrize(("source", "name", "lang"), CASES)
def test_the_same_tables_and_numbers(built, source: str, name: str, lang: str) -> None:
    finnish, other = built[(source, name, "fi")], built[(source, name, lang)]
    assert [type(b) for b in other.blocks] == [type(b) for b in finnish.blocks]
    mine, theirs = tables(other), tables(finnish)
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs):
        assert a.frame.shape == b.frame.shape
        assert numbers(a) == numbers(b)
    for a, b in zip(other.charts, finnish.charts):
        assert a.data["table_counts"] == b.data["table_counts"]


@pytest.mark.parametrize(("source", "name", "lang"), CASES)
def test_the_same_figures(built, source: str, name: str, lang: str) -> None:
    assert built[(source, name, lang)].figures == built[(source, name, "fi")].figures


def test_the_sample_tables_by_hand(built) -> None:
    """The sample's Swedish area table against counts known from its Finnish report:
    Pohjanmaa (Österbotten) 1, 1, 2 and below the ministry's three."""
    table = built[("sample", "areas", "sv")].tables[0].frame
    row = table[table["Välfärdsområde"] == "Österbottens välfärdsområde"].iloc[0]
    assert list(row)[1:] == [1, 1, 2, "+1", "nej"]
    assert list(table.columns)[:4] == ["Välfärdsområde", "30.6.2025", "31.10.2025", "31.12.2025"]
    assert table["Välfärdsområde"].iloc[-1] == "Helsingfors stad"
    english = built[("sample", "areas", "en")].tables[0].frame
    assert english.columns[-1] == "At least 3 self-assessments (STM's recommendation 3–5)"
    assert english.columns[4] == "Change 31 October 2025\u2060–\u206031 December 2025"


# --- (d) sentences written by hand ---------------------------------------------------------


def texts(section: Section) -> list[str]:
    return [b.markdown for b in section.blocks if isinstance(b, Text)]


def test_the_small_fixture_in_swedish(built) -> None:
    assert texts(built[("small", "areas", "sv")])[0] == (
        "Fram till brytdagen 31.12.2025 hade **4** självvärderingar lämnats in. "
        "Inget av de 22 områdena hade gjort de minst 3 självvärderingar som social- och hälsovårdsministeriet "
        "rekommenderade. Vart och ett av 2 områden hade 2 självvärderingar. "
        "I 20 områden fanns inga självvärderingar."
    )
    assert texts(built[("small", "participants", "sv")]) == [
        "Det gjordes 4 självvärderingar. I dem deltog sammanlagt **9 personer**. "
        "Företrädare för både välfärdsområdet och RRP-projektet deltog i **2** självvärderingar (50\u00a0%). "
        "Antalet deltagare saknades i en självvärdering."
    ]
    table = built[("small", "participants", "sv")].tables[0]
    assert table.caption == "Företrädare som deltog i självvärderingarna, n=4"
    assert table.frame.values.tolist() == [
        ["Företrädare för välfärdsområdet", 3],
        ["Företrädare för RRP-projektet", 3],
        ["Båda", 2],
    ]


def test_the_small_fixture_in_english(built) -> None:
    assert texts(built[("small", "areas", "en")])[0] == (
        "By the cut-off date 31 December 2025, **4** self-assessments had been submitted. "
        "None of the 22 areas had made the 3 or more self-assessments recommended by the Ministry of Social "
        "Affairs and Health. Each of 2 areas had 2 self-assessments. "
        "No self-assessments had been made in 20 areas."
    )
    assert texts(built[("small", "participants", "en")]) == [
        "A total of 4 self-assessments were made. In all, **9 people** took part in them. "
        "Representatives of both the wellbeing services county and the RRP project took part in "
        "**2** self-assessments (50%). The number of participants was missing from one self-assessment."
    ]
    distribution = built[("small", "areas", "en")].tables[1].frame
    assert distribution.values.tolist() == [["At least 3", 0], ["Exactly 2", 2], ["Exactly 1", 0], ["None", 20]]


def test_the_sample_in_both_languages(built) -> None:
    """The sample at 31.12.2025: 108 kept, 67 and 83 at the earlier cut-off dates; 42
    returned since 30.6., one of them a model's reassessment (so 41 more)."""
    assert texts(built[("sample", "areas", "sv")])[0].endswith(
        "Fram till brytdagen 30.6.2025 hade 67 självvärderingar lämnats in. Fram till 31.10.2025 var antalet 83. "
        "Efter brytdagen 30.6.2025 lämnades 42 självvärderingar in, men antalet ökade med 41. "
        "En verksamhetsmodell som redan hade bedömts fick en ny självvärdering, och endast den nyare "
        "självvärderingen ingår."
    )
    assert texts(built[("sample", "areas", "en")])[0].startswith(
        "By the cut-off date 31 December 2025, **108** self-assessments had been submitted. "
        "In 21 of the 22 areas, at least 3 self-assessments had been made, as the Ministry of Social Affairs "
        "and Health recommended. One area had 2 self-assessments. By the cut-off date 30 June 2025, "
        "67 self-assessments had been submitted. By 31 October 2025, the number was 83."
    )


def counts(*groups: tuple[int, int]) -> pd.Series:
    """22 areas' counts from (count, how many areas) groups."""
    values = [count for count, areas in groups for _ in range(areas)]
    assert len(values) == 22
    return pd.Series(values)


def said(series: pd.Series, target: tuple[int, int | None] | None, language: str) -> str:
    from analysis.tables.areas_and_participants import area_distribution

    return areas_section.target_sentence_in(series, area_distribution(series), target, language)


@pytest.mark.parametrize(
    ("groups", "target", "language", "expected"),
    [
        # the ministry's 3–5: met everywhere, in one area, in none; areas below by their count
        (
            [(3, 22)],
            (3, 5),
            "sv",
            "I varje område hade minst 3 självvärderingar gjorts, så som social- och hälsovårdsministeriet "
            "rekommenderade.",
        ),
        (
            [(4, 1), (0, 21)],
            (3, 5),
            "sv",
            "I ett av de 22 områdena hade minst 3 självvärderingar gjorts, så som social- och "
            "hälsovårdsministeriet rekommenderade. I 21 områden fanns inga självvärderingar.",
        ),
        (
            [(2, 1), (1, 1), (0, 20)],
            (3, 5),
            "en",
            "None of the 22 areas had made the 3 or more self-assessments recommended by the Ministry of Social "
            "Affairs and Health. One area had 2 self-assessments. One area had one self-assessment. "
            "No self-assessments had been made in 20 areas.",
        ),
        (
            [(5, 19), (1, 2), (0, 1)],
            (3, 5),
            "en",
            "In 19 of the 22 areas, at least 3 self-assessments had been made, as the Ministry of Social "
            "Affairs and Health recommended. Each of 2 areas had one self-assessment. One area had no "
            "self-assessments.",
        ),
        # the ministry's at least one
        (
            [(3, 20), (2, 1), (1, 1)],
            (1, None),
            "sv",
            "I 20 områden fanns minst tre självvärderingar. I ett område fanns två självvärderingar. "
            "I ett område fanns en självvärdering. Varje område hade minst en självvärdering, så som "
            "social- och hälsovårdsministeriet rekommenderade.",
        ),
        (
            [(1, 2), (0, 20)],
            (1, None),
            "en",
            "One self-assessment each had been made in 2 areas. No self-assessments had been made in 20 areas. "
            "The Ministry of Social Affairs and Health recommended at least one self-assessment for every area.",
        ),
        # before any recommendation
        ([(0, 22)], None, "sv", "Inget område hade någon självvärdering."),
        ([(0, 22)], None, "en", "No area had any self-assessments."),
        (
            [(2, 22)],
            None,
            "en",
            "Two self-assessments had been made in 22 areas. Every area had at least one self-assessment.",
        ),
    ],
)
def test_the_ministrys_target_and_the_distribution(
    groups: list[tuple[int, int]], target: tuple[int, int | None] | None, language: str, expected: str
) -> None:
    assert said(counts(*groups), target, language) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_assessments(small, language: str) -> None:
    """A cut-off date with none: the sentence for zero, no chart and no tables, §2's one sentence."""
    data = small[language]
    empty = ReportData.from_frames(
        CUTOFF, data.kept.iloc[0:0], data.data.manifest, language=language, screening=data.screening_on
    )
    areas = areas_section.areas(empty)
    expected = {
        "sv": "Fram till brytdagen 31.12.2025 hade inga självvärderingar lämnats in. Inget av de 22 områdena",
        "en": "By the cut-off date 31 December 2025, no self-assessments had been submitted. None of the 22 areas",
    }
    assert texts(areas)[0].startswith(expected[language])
    assert not areas.charts and not areas.tables
    assert texts(areas_section.participants(empty)) == [
        {"sv": "Inga självvärderingar gjordes.", "en": "No self-assessments were made."}[language]
    ]
    front = title_and_closing.title(empty).blocks[0]
    assert isinstance(front, Part)
    html = str(render.block_html(front))
    assert {
        "sv": "Fram till brytdagen 31.12.2025 har inga självvärderingar lämnats in.",
        "en": "No self-assessments have been submitted by the cut-off date 31 December 2025.",
    }[language] in html


# --- the title and the closing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "RRP-toimintamallien vaikutusten itsearvioinnit – yhteenveto 31.12.2025"),
        ("sv", "Självvärderingar av RRP-verksamhetsmodellernas effekter – sammanställning 31.12.2025"),
        ("en", "Self-assessments of the impacts of RRP operating models – summary, 31 December 2025"),
    ],
)
def test_the_title(built, language: str, expected: str) -> None:
    assert title_and_closing.report_title(CUTOFF, language) == expected
    assert built[("small", "title", language)].heading == expected


def facts(section: Section) -> list[tuple[str, str]]:
    front = section.blocks[0]
    assert isinstance(front, Part)
    return list(front.values["facts"])  # type: ignore[call-overload]


def test_the_facts(built, sample) -> None:
    sv = dict(facts(built[("sample", "title", "sv")]))
    assert sv["Brytdag"] == "31.12.2025 (svaren till och med denna dag, finsk tid)"
    assert sv["Självvärderingar"] == "108"
    assert sv["Kopplingarna till Innokylä kontrollerade"] == "16.1.2026"
    assert sv["Typ av rapport"].startswith("För internt bruk: med projektets egen förhandsgranskning")
    en = dict(facts(built[("sample", "title", "en")]))
    assert en["Cut-off date"] == "31 December 2025 (answers up to and including this day, Finnish time)"
    public = ReportData.from_frames(CUTOFF, sample["en"].kept, sample["en"].data.manifest, language="en")
    public.public = True
    assert title_and_closing.report_kind_in(public) == (
        "Public: without the project's own pre-screening and without the assessment by THL's expert panel"
    )
    # built in winter: UTC+2
    assert title_and_closing.built_in("2026-12-04T00:23:51+00:00", "sv") == "4.12.2026 kl. 2.23 (finsk tid)"
    assert title_and_closing.built_in("2026-06-04T13:05:00+00:00", "en") == "4 June 2026 at 16:05 (Finnish time)"


def test_the_key_figures_and_their_notes(built) -> None:
    """The sample: 83 at 31.10., 108 at 31.12.; 25 returned since, none replacing another."""
    front = built[("sample", "title", "en")].blocks[0]
    assert isinstance(front, Part)
    table = front.values["table"]
    assert isinstance(table, Table)
    assert table.caption == "Key figures on the cut-off dates 30 June 2025, 31 October 2025 and 31 December 2025"
    assert table.frame.iloc[0].tolist()[0:4] == ["Self-assessments", 67, 83, 108]
    assert table.frame.iloc[-1].tolist()[0] == "Embedded (phase reached)"
    note = str(front.values["note"])
    assert note.startswith(
        "The change is the difference from the previous cut-off date, 31 October 2025. The numbers in the "
        "phases grow as more self-assessments are submitted: of the 25 self-assessments submitted after "
        "31 October 2025, the phases had been reached as follows: Piloted 24, Adopted 25 and Embedded 23."
    )
    assert note.endswith(
        "When this was checked on 16 January 2026, 38 of this report's 108 self-assessments had been attached "
        "to Innokylä. When the self-assessments were attached is not known, so the figure does not describe "
        "the situation on the cut-off date and is not shown as a change."
    )


def test_a_reassessment_note(sample) -> None:
    """Since 30.6.2025 (the sample's first cut-off date) 42 came, one replacing a
    model's earlier assessment."""
    from analysis.tables import key_figures

    data = sample["sv"]
    got = key_figures.returned_between(data.earlier[date(2025, 6, 30)], data.kept, data.codebook)
    assert (got.returned, got.replaced) == (42, 1)
    note = title_and_closing.reassessment_note_in(got, ["Pilotoitu", "Käyttöönotettu", "Juurrutettu"], data)
    assert note.startswith(
        "Efter den brytdagen lämnades 42 självvärderingar in. En av dem var en ny självvärdering av en "
        "verksamhetsmodell som redan hade bedömts, och den ersatte den gamla. Antalet självvärderingar har "
        "alltså ökat med 41. Av de 41 nya verksamhetsmodellerna hade skedena uppnåtts så här: Pilottestad "
    )
    assert finnish_words(note, "sv") == []


def test_the_closing(built) -> None:
    html = str(render.block_html(built[("small", "closing", "sv")].blocks[0]))
    assert "<h3 id='hyodynnettavyys'>Användning av resultaten</h3>" in html
    assert "Institutet för hälsa och välfärd (THL)" in html
    english = str(render.block_html(built[("small", "closing", "en")].blocks[0]))
    assert "<h3 id='lisatietoja'>Further information</h3>" in english
    assert "Finnish Institute for Health and Welfare (THL)" in english


def test_the_finnish_templates_keep_their_words(built) -> None:
    """The Finnish parts hold the words the templates wrote before the catalogue."""
    html = str(render.block_html(built[("small", "title", "fi")].blocks[0]))
    for words in ("<caption class='visually-hidden'>Raportin tiedot</caption>", "<h2 id='sisalto'>Sisältö</h2>"):
        assert words in html
    assert "<h2 id='keskeiset'>Keskeiset luvut</h2>" in html
    closing = str(render.block_html(built[("small", "closing", "fi")].blocks[0]))
    assert "<h3 id='hyodynnettavyys'>Hyödynnettävyys</h3>" in closing
    assert "<h3 id='lisatietoja'>Lisätietoja</h3>" in closing


# --- THL's texts per language --------------------------------------------------------------


def shape(value: object) -> object:
    """A text file's structure with every text left out: its keys, lists' lengths
    and every value that is not a text (dates, counts, theme ids)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return "text" if isinstance(value, str) else value


def finnish_file() -> dict:
    return yaml.safe_load(config.REPORT_TEXTS_FILE.read_text(encoding="utf-8"))


def every_text(value: object, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in every_text(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in every_text(v, f"{path}[{i}]")]
    return [(path, value)] if isinstance(value, str) else []


# not translated: a link, a person's name, an address and the themes' ids
KEPT = re.compile(r"^https://|^Kaisa Lahtinen|@thl\.fi$")


@pytest.mark.parametrize("language", LANGUAGES)
def test_thls_texts_have_the_same_keys_and_values(language: str) -> None:
    translated = load_texts(language=language)
    assert shape(translated) == shape(finnish_file())
    assert translated["thl_context"]["innokyla_models"]["date"] == date(2025, 10, 31)
    assert translated["innokyla_all_models"] == finnish_file()["innokyla_all_models"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_thls_texts_are_translated(language: str) -> None:
    left = [
        (path, finnish_words(text, language))
        for path, text in every_text(load_texts(language=language))
        if not KEPT.search(text) and finnish_words(text, language)
    ]
    assert left == []
    # the scan does see Finnish in the Finnish file
    assert any(finnish_words(text, language) for _, text in every_text(finnish_file()))


def test_thls_definitions_translated_by_hand() -> None:
    assert load_texts(language="sv")["phase_unit"] == "Med enhet avses till exempel en hälsostation."
    assert load_texts(language="en")["phase_unit"] == "A unit means, for example, one health centre."
    assert load_texts(language="en")["contact"][0] == "Kaisa Lahtinen, Finnish Institute for Health and Welfare (THL)"


def test_a_missing_language_file_is_named(tmp_path: Path) -> None:
    source = tmp_path / "report_texts.yaml"
    source.write_text("utilisation: x\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"report_texts\.sv\.yaml"):
        load_texts(source, language="sv")
    with pytest.raises(ValueError, match="'de'"):
        load_texts(source, language="de")


@pytest.mark.parametrize(
    ("language", "notice", "header"),
    [
        (
            "sv",
            "SYNTETISKT EXEMPELMATERIAL: påhittade självvärderingar som har gjorts för att motsvara de "
            "sammanställningar som THL har publicerat. De är inte verkliga självvärderingar. Även citaten och "
            "länkarna till Innokylä är påhittade.",
            "SYNTETISKT EXEMPELMATERIAL",
        ),
        (
            "en",
            "SYNTHETIC SAMPLE DATA: invented self-assessments made to match the summaries THL has published. "
            "They are not real self-assessments. The quotes and the Innokylä links are invented too.",
            "SYNTHETIC SAMPLE DATA",
        ),
    ],
)
def test_the_synthetic_notices(language: str, notice: str, header: str) -> None:
    """config.SYNTHETIC_NOTICE and SYNTHETIC_HEADER in Swedish and English, for the build."""
    from analysis.language.sentences import sentence

    assert sentence("report.synthetic_notice", language) == notice
    assert sentence("report.synthetic_header", language) == header
    assert config.SYNTHETIC_NOTICE.startswith(config.SYNTHETIC_HEADER + ":")
    assert notice.startswith(header + ":")
