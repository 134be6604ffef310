"""The expert panel's section, §12 (the listing), §13 (the data's quality) and the
technical appendix in Swedish and English (issue #27).

For each section and language, built from tests/fixtures/summary_small.csv, from
the messy fixture (problems and excluded rows with their messages) and from the
bundled sample with a collected panel (cleaned, packed, scored and collected once
per module): no Finnish outside the data's own values (model names, links, file
names, the analyst's reasons) and the anchors; the same numbers as the Finnish,
cell by cell; the same figures for summary.json; and sentences for 0, 1 and many
written out here by hand."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from datetime import date

import pytest
import yaml
from conftest import FIXTURES, fill_review_workbooks, report_data_in_languages, sample_project
from finnish_scan import finnish_in_section, finnish_words

from analysis import config
from analysis.cli.commands import main
from analysis.ingest import pipeline
from analysis.problems.record import Message
from analysis.report.data import ReportData, sections
from analysis.report.render import block_html
from analysis.report.section import Part, Section, Table, Text
from analysis.report.sections import appendix, data_quality, listing, panel

CUTOFF = date(2025, 12, 31)
LANGUAGES = ("sv", "en")
REVIEWERS = "nimi;oma alue\nAino Ärväs;Lappi\nBo Öberg;Pirkanmaa\nCarl Åberg;\nDiana;Vantaa-Kerava\nEero;Helsinki\n"
MINUS = "\u2212"


# --- the data, once per module ------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> dict[str, ReportData]:
    return report_data_in_languages(FIXTURES / "summary_small.csv", CUTOFF)


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> dict[str, ReportData]:
    """The messy fixture cleaned into data/processed/: rows with problems, rows left out."""
    out = tmp_path_factory.mktemp("messy")
    pipeline.run_cleaning([CUTOFF], [FIXTURES / "messy.csv"], FIXTURES / "messy_exclusions.csv", out_dir=out)
    return {lang: ReportData.load(CUTOFF.isoformat(), out, language=lang) for lang in ("fi", *LANGUAGES)}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, ReportData]:
    """The bundled sample cleaned at its three cutoffs, and the panel of 31.12.2025
    packed, scored and collected (no report is built)."""
    root = sample_project(tmp_path_factory.mktemp("project"))
    (root / "arvioijat.csv").write_text(REVIEWERS, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(root))
        assert main(["clean"]) == 0
        assert main(["review-pack", "--cutoff", CUTOFF.isoformat(), "--reviewers", str(root / "arvioijat.csv")]) == 0
        pack = root / "internal" / CUTOFF.isoformat() / "arviointi"
        assert main(["review-collect", str(fill_review_workbooks(pack, root / "palautetut"))]) == 0
    return {
        lang: ReportData.load(CUTOFF.isoformat(), root / "data/processed", panel_dir=pack, language=lang)
        for lang in ("fi", *LANGUAGES)
    }


SECTIONS = {
    "panel": panel.panel,
    "listing": listing.listing,
    "data_quality": data_quality.data_quality,
    "appendix": appendix.appendix,
}


# --- what the reader sees -----------------------------------------------------------


def data_values(r: ReportData) -> list[str]:
    """The data's own texts, shown as written in every language: the models' names and
    links, the source files' names, the analyst's reasons, the problems' cells and
    files, the area names a panel block may carry that are no area of the 22."""
    values = [str(v) for v in r.kept["model_name"]] + [str(v) for v in r.kept["innokyla_url"].dropna()]
    values += [f["file"] for f in r.data.manifest["inputs"] + r.data.manifest.get("hand_kept_files", [])]
    excluded, problems = r.data.excluded, r.data.problems
    if len(excluded):
        values += [str(v) for v in excluded["exclusion_detail"]] + [str(v) for v in excluded["source_file"]]
    if len(problems):
        values += [str(v) for v in problems["file"].dropna()]
    if r.panel:
        values += [str(row["model"]) for row in r.panel["final_ranking"]]
    return values


def finnish_seen(section: Section, r: ReportData) -> list[str]:
    """Finnish-looking words in ``section`` beyond those of the data's own values and
    of the report's anchors (#tekninen-liite: an address, not read)."""
    found = Counter(finnish_in_section(section, r.language))
    allowed = Counter(finnish_words(" ".join(data_values(r)), r.language) * len(section.blocks + [0]) * 50)
    anchors = " ".join(a for a, _ in sections(True, True))
    for word in finnish_words(anchors.replace("-", " "), r.language):
        allowed[word] += 1000
    return sorted((found - allowed).elements())


def _number(text: object) -> float | None:
    """A number as a reader of any of the three languages reads it: 7,5 / 7.5 / −0,08 / 1 234."""
    cleaned = str(text).replace(MINUS, "-").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _tables(section: Section) -> list[Table]:
    tables = list(section.tables)
    for block in section.blocks:
        if isinstance(block, Part):
            tables += [v for v in block.values.values() if isinstance(v, Table)]
    return tables


def _numbers_by_cell(table: Table) -> list[list[float | None]]:
    return [[_number(v) for v in row] for row in table.frame.itertuples(index=False)]


# --- (a) no Finnish ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["listing", "data_quality", "appendix"])
def test_no_finnish_from_the_small_fixture(small, lang: str, name: str) -> None:
    section = SECTIONS[name](small[lang])
    assert section.blocks
    assert finnish_seen(section, small[lang]) == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["data_quality", "appendix"])
def test_no_finnish_from_the_messy_fixture(messy, lang: str, name: str) -> None:
    r = messy[lang]
    assert len(r.data.problems) and len(r.data.excluded)  # the messages are there to check
    section = SECTIONS[name](r)
    assert finnish_seen(section, r) == []


@pytest.mark.slow  # cleans the sample and runs the panel's pack and collect
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", list(SECTIONS))
def test_no_finnish_from_the_sample_with_a_collected_panel(sample, lang: str, name: str) -> None:
    section = SECTIONS[name](sample[lang])
    assert section.blocks
    assert finnish_seen(section, sample[lang]) == []


@pytest.mark.slow  # cleans the sample and runs the panel's pack and collect
@pytest.mark.parametrize("lang", ("fi", *LANGUAGES))
def test_no_reviewers_name_reaches_the_report_in_any_language(sample, lang: str) -> None:
    """The reviewers' names (arvioijat.csv) stay in the panel's internal folder: no
    section of the Swedish or English report, as HTML, holds one (nor the Finnish)."""
    names = [line.split(";")[0] for line in REVIEWERS.splitlines()[1:]]
    assert len(names) == 5
    page = "".join(
        str(block_html(b, lang)) if not isinstance(b, Text) else b.markdown
        for name in SECTIONS
        for b in SECTIONS[name](sample[lang]).blocks
    )
    assert "Krippendorff" in page  # the panel's section is there
    assert [n for n in names if n in page] == []


def test_the_scan_catches_finnish_left_in_a_section(small) -> None:
    """The check can fail: a Finnish sentence in a Swedish section is found."""
    section = listing.listing(small["sv"])
    section.say("Kaikilla toimintamalleilla on kuvaus Innokylässä.")
    assert "toimintamalleilla" in finnish_seen(section, small["sv"])


# --- (b) the same numbers, (c) the same figures -----------------------------------


@pytest.mark.parametrize("fixture", ["small", "messy"])
def test_the_data_quality_tables_have_the_finnish_numbers(request, fixture: str) -> None:
    made = request.getfixturevalue(fixture)
    fi = data_quality.data_quality(made["fi"])
    fi_rows = [_numbers_by_cell(t) for t in _tables(fi) + data_quality.row_tables(made["fi"])]
    for lang in LANGUAGES:
        s = data_quality.data_quality(made[lang])
        assert [_numbers_by_cell(t) for t in _tables(s) + data_quality.row_tables(made[lang])] == fi_rows
        assert s.figures == fi.figures
        assert [len(t.frame.columns) for t in _tables(s)] == [len(t.frame.columns) for t in _tables(fi)]


def test_the_data_quality_counts_match_a_hand_count(messy) -> None:
    """The table's first and last rows: raw rows and kept, counted here from the frames."""
    r = messy["en"]
    table = _tables(data_quality.data_quality(r))[0].frame
    assert list(table.columns) == ["Responses", "Number"]
    assert table.iloc[0].tolist() == ["Responses in the form's export file", r.data.manifest["accounting"]["raw_rows"]]
    assert table.iloc[-1].tolist() == ["Included in this report", len(r.kept)]
    assert int(table["Number"].iloc[1:-1].sum()) == len(r.data.excluded)


def _listing_scores(section: Section, model: str, link: str, score: str) -> dict[tuple[str, str], float | None]:
    frame = section.tables[0].frame
    return {(m, u): _number(s) for m, u, s in zip(frame[model], frame[link], frame[score])}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_listing_has_the_finnish_rows_and_scores(small, lang: str) -> None:
    fi, other = listing.listing(small["fi"]), listing.listing(small[lang])
    headers = {
        "sv": ("Verksamhetsmodell", "Beskrivning i Innokylä", "Poäng"),
        "en": ("Operating model", "Description in Innokylä", "Score"),
    }[lang]
    assert _listing_scores(other, *headers) == _listing_scores(fi, "Toimintamalli", "Kuvaus Innokylässä", "Pisteet")
    assert len(other.tables[0].frame.columns) == len(fi.tables[0].frame.columns)
    assert other.figures == fi.figures


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sample_sections_have_the_finnish_numbers_and_figures(sample, lang: str) -> None:
    for name, make in SECTIONS.items():
        fi, other = make(sample["fi"]), make(sample[lang])
        assert other.figures == fi.figures, name
        if name == "listing":
            got = _listing_scores(
                other,
                *{
                    "sv": ("Verksamhetsmodell", "Beskrivning i Innokylä", "Poäng"),
                    "en": ("Operating model", "Description in Innokylä", "Score"),
                }[lang],
            )
            assert got == _listing_scores(fi, "Toimintamalli", "Kuvaus Innokylässä", "Pisteet")
            assert sum(v is not None for v in got.values()) == 67  # THL: 67 assessed by 30.6.2025
        else:
            assert [_numbers_by_cell(t) for t in _tables(other)] == [_numbers_by_cell(t) for t in _tables(fi)], name
    block = sample["fi"].panel
    assert block is not None and block["models"] == 67
    ranking = _tables(panel.panel(sample[lang]))[-1].frame
    assert len(ranking) == 67
    # the ranking's stage 1 cells: 44 of the 67 meet the conditions (THL's count at 31.12.2025)
    met = {"sv": "uppfyller", "en": "meets"}[lang]
    assert int((ranking[{"sv": "Steg 1", "en": "Stage 1"}[lang]] == met).sum()) == 44


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_negative_alpha_has_a_minus_sign(sample, lang: str) -> None:
    part = next(b for b in panel.panel(sample[lang]).blocks if isinstance(b, Part))
    alphas = [str(v) for v in part.values["agreement"].frame.iloc[:, 1]]
    values = [a["krippendorff_alpha_ordinal"] for a in sample["fi"].panel["agreement"].values()]
    assert any(v is not None and v < 0 for v in values)  # the sample's scores disagree
    for shown, value in zip(alphas, values):
        assert shown.startswith(MINUS) == (value is not None and round(value, 2) < 0)
        assert "-" not in shown


# --- the panel's sentences: 0, 1 and many, written out by hand ---------------------


def _block(**changes) -> dict:
    """A collected panel (paneeli.json's block) of 3 models, 2 reviewers each, 3 items."""
    ranking = [
        {
            "rank": i + 1,
            "response_id": str(i + 1),
            "model": f"Malli {i + 1}",
            "region": "Lapin hyvinvointialue",
            "screened": True,
            "stage1_passed": [True, False, True][i],
            "stage2_result": [3.5, 2.0, 1.5][i],
            "stage2_passed": [True, False, None][i],
            "stage3_score": [9.5, 6.0, 3.0][i],
            "reviews": 2,
        }
        for i in range(3)
    ]
    block = {
        "cutoff": "2025-12-31",
        "scope": "2025-06-30",
        "scope_fi": "30.6.2025 mennessä arvioidut toimintamallit, kunkin vastaukset rajapäivän 31.12.2025 tilanteen mukaan",
        "screening_scope": "2025-06-30",
        "items": ["Kokonaisuus", "Mittarit", "Arviointi"],
        "scale": {"1": "Heikko", "2": "Tyydyttävä", "3": "Hyvä", "4": "Erittäin hyvä"},
        "reviewers": 4,
        "workbooks_read": 4,
        "workbooks_missing": 0,
        "reviewers_per_model": 2,
        "models": 3,
        "tasks_assigned": 6,
        "ratings_accepted": 18,
        "ratings_missing": 0,
        "problems": 0,
        "agreement": {
            "Kokonaisuus": {"krippendorff_alpha_ordinal": 0.85, "ratings": 6, "models": 3},
            "Kaikki kohdat": {"krippendorff_alpha_ordinal": None, "ratings": 18, "models": 3},
        },
        "all_items_label": "Kaikki kohdat",
        "disagreement_margin": 1.0,
        "consensus_needed": [],
        "stage2_pass_at": 2.5,
        "ranking_order": ["stage1_passed", "stage2_passed", "stage2_result", "stage3_score"],
        "stage1_passed": 2,
        "stage2_passed": 1,
        "stage2_incomplete": 1,
        "final_ranking": ranking,
    }
    block.update(changes)
    return block


def test_the_panels_work_in_english_for_everything_returned() -> None:
    assert panel.work_sentences_in(_block(), "en") == (
        "There were 4 reviewers, and each operating model was assessed by 2 of them. "
        "All reviewers have returned their scoring sheets. "
        "The reviewers were given 6 review tasks (3 operating models × 2 reviewers). "
        "All have been returned and accepted. "
        "There are 18 accepted item scores (6 tasks × 3 items). "
        "The returned sheets had no errors."
    )


def test_the_panels_work_in_swedish_with_one_sheet_missing_and_one_error() -> None:
    block = _block(workbooks_read=3, workbooks_missing=1, ratings_missing=2, ratings_accepted=12, problems=1)
    assert panel.work_sentences_in(block, "sv") == (
        "Det fanns 4 bedömare, och varje verksamhetsmodell bedömdes av 2 av dem. "
        "Av bedömarna har 3 lämnat in sina bedömningstabeller. "
        "En bedömares tabell saknas. "
        "Bedömarna fick 6 bedömningsuppgifter (3 verksamhetsmodeller × 2 bedömare). "
        "Av dem har 4 lämnats in och godkänts. "
        "De återstående 2 saknas. "
        "Det finns 12 godkända punktvisa poäng (4 uppgifter × 3 punkter). "
        "De inlämnade tabellerna innehöll ett fel; den felaktiga bedömningen har inte tagits med."
    )


def test_the_panels_work_with_one_reviewer_back_and_nothing_accepted() -> None:
    block = _block(
        workbooks_read=1, workbooks_missing=2, reviewers=3, ratings_missing=6, ratings_accepted=0, problems=2
    )
    assert panel.work_sentences_in(block, "en") == (
        "There were 3 reviewers, and each operating model was assessed by 2 of them. "
        "Of the reviewers, one has returned their scoring sheet. "
        "The sheets of 2 reviewers are missing. "
        "The reviewers were given 6 review tasks (3 operating models × 2 reviewers). "
        "None of them has been returned and accepted. "
        "The returned sheets had 2 errors; the erroneous ratings have not been included."
    )
    assert panel.work_sentences_in(block, "sv").startswith(
        "Det fanns 3 bedömare, och varje verksamhetsmodell bedömdes av 2 av dem. "
        "Av bedömarna har en lämnat in sin bedömningstabell. Tabellerna från 2 bedömare saknas."
    )


def test_the_panels_work_with_no_reviewers() -> None:
    block = _block(workbooks_read=0, workbooks_missing=0, models=0, tasks_assigned=0, ratings_accepted=0)
    assert panel.work_sentences_in(block, "en") == (
        "There were no reviewers. The reviewers were given no review tasks. None of them has been returned and accepted."
    )
    assert panel.work_sentences_in(block, "sv") == (
        "Det fanns inga bedömare. Bedömarna fick inga bedömningsuppgifter. Ingen av dem har lämnats in och godkänts."
    )


def test_the_agreement_read_from_the_alphas() -> None:
    assert panel.agreement_reading_in([0.8, 0.85], "en") == (
        "All values are at least 0.80, which is considered the threshold of reliable agreement."
    )
    assert panel.agreement_reading_in([0.9], "sv") == (
        "Värdet är minst 0,80, vilket anses vara gränsen för tillförlitlig samstämmighet."
    )
    reading = panel.agreement_reading_in([-0.07, 0.09, None], "en")
    assert reading == (
        "A value below 0 means that the reviewers disagreed more often than would be expected by chance. "
        "At present all the values are close to zero, so the results of stage 2 must be read with caution until the "
        "consensus review has been made."
    )
    assert panel.agreement_reading_in([0.3, 0.5], "sv").startswith("Alla värden ligger under 0,67, som Krippendorff")
    assert panel.agreement_reading_in([0.7, 0.9], "en").startswith("Some of the values are below 0.80, so only")
    assert panel.agreement_reading_in([None], "en") == (
        "Alpha could not be calculated, because no item has been rated by two reviewers."
    )


def test_the_verdict_and_the_agenda_for_0_1_and_many() -> None:
    assert panel.verdict_sentence_in(_block(stage2_passed=0, stage2_incomplete=0), "en") == (
        "No operating model was accepted in stage 2."
    )
    assert panel.verdict_sentence_in(_block(), "sv") == (
        "I steg 2 godkändes en verksamhetsmodell. Bedömningen av en verksamhetsmodell pågår fortfarande: "
        "någon punkt har färre än 2 godkända bedömningar."
    )
    assert panel.verdict_sentence_in(_block(stage2_passed=2, stage2_incomplete=0), "en") == (
        "In stage 2, 2 operating models were accepted."
    )
    assert panel.agenda_sentence_in(_block(), "en") == (
        "The number of operating models assessed twice is 3. For none of them do the reviewers' points differ by "
        "more than 1 point. There is nothing for the consensus meeting to discuss."
    )
    assert panel.agenda_sentence_in(_block(consensus_needed=["2"]), "sv") == (
        "Antalet verksamhetsmodeller som har bedömts två gånger är 3. Verksamhetsmodeller där bedömarnas poäng "
        "skiljer sig med mer än 1 poäng på någon punkt: 1. Denna verksamhetsmodell behandlas på konsensusmötet."
    )
    assert panel.agenda_sentence_in(_block(consensus_needed=["1", "2"], disagreement_margin=1.5), "en") == (
        "The number of operating models assessed twice is 3. Operating models where the reviewers' points differ "
        "by more than 1.5 points on an item: 2. These operating models will be discussed at the consensus meeting."
    )
    unreviewed = [dict(r, reviews=1) for r in _block()["final_ranking"]]
    assert panel.agenda_sentence_in(_block(final_ranking=unreviewed), "sv") == (
        "Ingen verksamhetsmodell har ännu bedömts två gånger, så det finns inget att behandla på konsensusmötet."
    )


def test_the_panel_part_in_english_with_models_outside_the_screening() -> None:
    """Model 3 was not screened by §11: its stage 1 and points are empty, and the
    sentences say so for the 2 screened."""
    part = panel.panel_part_in(_block(), "en", screened_ids={"1", "2"}, screening_scope=date(2025, 6, 30))
    v = part.values
    assert v["intro"].endswith(
        "(section 11). The final order is not a selection made by THL or by the Ministry of Social Affairs and Health."
    )
    assert v["lead"] == (
        "In stage 2, THL's expert panel assessed the operating models' descriptions in Innokylä item by item "
        "(Completeness, Indicators, Evaluation; scale 1 weak, 2 satisfactory, 3 good, 4 very good)."
    )
    assert v["scope"] == (
        "Scope: operating models assessed by 30 June 2025, each with its answers as at the cut-off date "
        "31 December 2025. The panel assessed 3 operating models, but stage 1 and the criteria score have been "
        "calculated only for the operating models assessed by 30 June 2025 (2)."
    )
    assert v["note"] == (
        "Stage 1 and the criteria score are shown only for the operating models assessed by 30 June 2025 (2). "
        "For the others, these columns are empty."
    )
    assert v["order"].endswith(
        "Last come the operating models (1) assessed after 30 June 2025: they have no stage 1 result and no "
        "criteria score, so they are ordered by stage 2 alone."
    )
    ranking = v["ranking"].frame
    assert ranking["Stage 1"].tolist() == ["meets", "does not meet", ""]
    assert ranking["Stage 2"].tolist() == ["accepted", "rejected", "in progress"]
    assert ranking["Criteria score (0\u2060–\u206010)"].tolist() == ["9.5", "6.0", ""]
    assert v["agreement"].frame.iloc[:, 0].tolist() == ["Completeness", "All items"]
    assert v["agreement"].frame.iloc[:, 1].tolist() == ["0.85", "cannot be calculated"]
    html = str(block_html(part))
    assert "Krippendorff&#39;s alpha for an ordinal scale" in html and "Krippendorffin" not in html


def test_the_panel_section_in_swedish_names_the_areas_officially(small) -> None:
    r = copy.copy(small["sv"])
    r.panel = _block()
    section = panel.panel(r)
    assert section.heading == "Expertbedömning"
    ranking = _tables(section)[-1].frame
    assert ranking["Välfärdsområde"].tolist() == ["Lapplands välfärdsområde"] * 3
    assert section.figures == panel.panel(_with_panel(small["fi"])).figures == {"panel_review": r.panel}


def _with_panel(r: ReportData) -> ReportData:
    made = copy.copy(r)
    made.panel = _block()
    return made


# --- §12 and §13 and the appendix: sentences by hand ------------------------------


def test_the_listing_says_it_in_swedish_and_english(small) -> None:
    assert listing.listing(small["sv"]).blocks[0].markdown == (
        "Alla verksamhetsmodeller har en beskrivning i Innokylä. Förteckningen finns också som Excel- och "
        "CSV-filer i samma mapp som rapporten (filernas namn finns i den [tekniska bilagan](#tekninen-liite))."
    )
    table = listing.listing(small["en"]).tables[0]
    assert table.caption == "Operating models assessed, listed by wellbeing services county, n=4 (criteria score 0–10)"
    assert table.link_text == "Open the description"
    assert set(table.frame["Wellbeing services county"]) == {
        "Kainuu Wellbeing Services County",
        "Lapland Wellbeing Services County",
    }


@pytest.mark.parametrize(
    ("attached", "sv", "en"),
    [
        (0, "Den 16.1.2026 hade ingen självvärdering kopplats till sin beskrivning.",
         "As of 16 January 2026, no self-assessment had been attached to its description."),
        (1, "Den 16.1.2026 hade en självvärdering kopplats till sin beskrivning.",
         "As of 16 January 2026, one self-assessment had been attached to its description."),
        (38, "Den 16.1.2026 hade 38 självvärderingar kopplats till sin beskrivning.",
         "As of 16 January 2026, 38 self-assessments had been attached to their descriptions."),
    ],
)  # fmt: skip
def test_the_attached_sentence_for_0_1_and_many(attached: int, sv: str, en: str) -> None:
    from analysis.language.sentences import sentence

    day = date(2026, 1, 16)
    assert sentence("listing_section.attached_on", "sv", attached=attached, day=day) == sv
    assert sentence("listing_section.attached_on", "en", attached=attached, day=day) == en


def _accounting(r: ReportData, **excluded: int) -> ReportData:
    made = copy.copy(r)
    manifest = copy.deepcopy(r.data.manifest)
    counts = {k: 0 for k in manifest["accounting"]["excluded"]} | excluded
    manifest["accounting"]["excluded"] = counts
    manifest["accounting"]["raw_rows"] = manifest["accounting"]["kept"] + sum(counts.values())
    made.data = type(r.data)(r.data.cutoff, r.data.assessments, r.data.excluded, r.data.problems, manifest)
    return made


def test_the_data_quality_sentences_for_0_1_and_many(small) -> None:
    one = data_quality.data_quality(_accounting(small["en"], after_cutoff=1, duplicate_response_id=1))
    assert one.blocks[1].markdown == (
        "The export file holds 6 responses. Of these, 4 are included. One response was submitted after the "
        "cut-off date; it has not been rejected, but it is not part of the situation on this cut-off date. "
        "One response has been left out for the reason given in the table. "
        "No other shortcomings were found in the data."
    )
    many = data_quality.data_quality(_accounting(small["sv"], after_cutoff=2, invalid=3, superseded=1))
    assert many.blocks[1].markdown == (
        "Exportfilen innehåller 10 svar. Av dem ingår 4. Efter brytdagen lämnades 2 svar in; de har inte "
        "förkastats, men de hör inte till läget vid denna brytdag. Av de skäl som anges i tabellen har 4 svar "
        "uteslutits. Inga andra brister upptäcktes i materialet."
    )
    none = data_quality.data_quality(_accounting(small["sv"]))
    assert (
        none.blocks[1].markdown
        == "Exportfilen innehåller 4 svar. Av dem ingår 4. Inga andra brister upptäcktes i materialet."
    )


def test_the_messages_are_in_the_reports_language(messy) -> None:
    """The appendix's problems: each message the catalogue's text in the language,
    the project's Finnish parameters given in it."""
    for lang in LANGUAGES:
        r = messy[lang]
        shown = data_quality.row_tables(r)
        problems = shown[0].frame
        message = {"sv": "Iakttagelse", "en": "Observation"}[lang]
        expected = [
            data_quality.message_in(m, lang, r.codebook)
            for m in (
                Message(str(c), **json.loads(str(p)))
                for c, p in zip(
                    *(r.data.problems.sort_values(["severity", "file", "row"]).head(50)[k] for k in ("code", "params"))
                )
            )
        ]
        assert problems[message].tolist() == expected
        for text in problems[message]:
            assert not re.search(r"\bmerkki", text), text  # a cell's kind and length in the language


def test_a_cells_kind_and_length_a_day_and_a_question_in_the_language(small) -> None:
    codebook = small["en"].codebook
    m = Message("not_an_option", question="Toimintamallin laajuus", what="teksti, 22 merkkiä")
    assert data_quality.message_in(m, "fi", codebook) == m.fi()
    assert data_quality.message_in(m, "en", codebook) == (
        "not an option of 'Scope of the operating model' (text, 22 characters); left empty"
    )
    assert data_quality.message_in(m, "sv", codebook) == (
        "inte ett alternativ till frågan ”Verksamhetsmodellens omfattning” (text, 22 tecken); cellen lämnades tom"
    )
    one = Message("not_a_whole_number", what="numero, 1 merkki")
    assert data_quality.message_in(one, "en", codebook) == "not a whole number (number, 1 character); left empty"
    day = Message("submitted_after_cutoff", date="31.12.2025")
    assert data_quality.message_in(day, "en", codebook) == "submitted after the cut-off date 31 December 2025"
    assert data_quality.message_in(day, "sv", codebook) == "inlämnat efter brytdagen 31.12.2025"
    # a value from the data stays as written
    kept = Message("excluded_id_in_no_export", response_id="R-2025-0017")
    assert data_quality.message_in(kept, "en", codebook) == (
        "response id R-2025-0017 is in the exclusions file but in no export"
    )


def _codes() -> dict[str, dict[str, str]]:
    return yaml.safe_load(config.MESSAGES_FILE.read_text(encoding="utf-8"))


def test_every_message_code_reads_without_finnish_in_swedish_and_english() -> None:
    """Every code of data/messages.yaml (any of them can reach §13's appendix tables),
    with its parameters as a neutral mark: the text itself holds no Finnish, but for
    the hand-kept files' own values it quotes (”kyllä”, ”ei”: what the analyst
    writes in the file)."""
    quoted = 0
    for code, texts in _codes().items():
        for lang in LANGUAGES:
            text = re.sub(r"\{\w+\}", "X", texts[lang])
            unquoted = re.sub(r"[”'\"][^”'\"]*[”'\"]", "Q", text)
            quoted += unquoted != text
            text = unquoted
            assert finnish_words(text, lang) == [], (code, lang, text)
    assert quoted  # the quotes are there, and only they are left out


def test_the_appendix_in_english(small) -> None:
    part = next(b for b in appendix.appendix(small["en"]).blocks if isinstance(b, Part))
    where = dict(part.values["where"])
    assert where["List of the operating models assessed"] == "listaus.en.csv, listaus.en.xlsx"
    assert where["THL's definitions and texts (the project's translation)"] == "src/analysis/data/report_texts.en.yaml"
    assert where["Rounding of percentages (total 100)"] == "largest remainder method"
    assert appendix.version_in("0.1.0 (f6a77c970b26+dirty)", "en") == "0.1.0 (f6a77c970b26, unsaved changes)"
    assert appendix.version_in("0.1.0 (f6a77c970b26+dirty)", "sv") == "0.1.0 (f6a77c970b26, osparade ändringar)"
    assert appendix.version_in("0.1.0 (f6a77c970b26+dirty)", "fi") == "0.1.0 (f6a77c970b26, tallentamattomia muutoksia)"
    html = str(block_html(part))
    assert "<th scope='row'>Program version</th>" in html and "Ohjelmaversio" not in html
    assert "Liitteessä" not in html


def test_the_finnish_sections_keep_their_words(small) -> None:
    """The Finnish paths are the Finnish report's (its bytes are checked against main's
    by the lead's comparison; here the words a reader would miss first)."""
    part = next(b for b in appendix.appendix(small["fi"]).blocks if isinstance(b, Part))
    html = str(block_html(part))
    assert "<p>Liitteessä ovat tiedot, joiden avulla raportin voi tarkistaa" in html
    assert "<th scope='row'>Ohjelmaversio</th>" in html
    assert listing.listing(small["fi"]).tables[0].link_text == "Avaa kuvaus"
    assert data_quality.data_quality(small["fi"]).tables[0].caption == "Mitkä vastaukset ovat mukana"
    made = panel.panel_part(_block())
    assert made.values["lead"].startswith("THL:n asiantuntijapaneeli arvioi vaiheessa 2")
    assert isinstance(made.values["alpha_method"], str) and "Krippendorffin" in made.values["alpha_method"]


def test_text_blocks_are_sentences(small) -> None:
    """Every sentence block ends as a sentence does in each language."""
    for lang in LANGUAGES:
        for make in (listing.listing, data_quality.data_quality):
            for block in make(small[lang]).blocks:
                if isinstance(block, Text):
                    assert block.markdown.rstrip().endswith((".", ")")), block.markdown


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "stage1", "score", "outside", "attached"),
    [
        ("sv", "Villkoren i steg 1 (projektets tolkning)", "Kriteriepoäng 0–10 (projektets tolkning)",
         "Inte granskad: bedömd först efter 30.6.2025", "Självvärderingen kopplad till beskrivningen (16.1.2026)"),
        ("en", "Stage 1 conditions (the project's interpretation)", "Criteria score 0–10 (the project's interpretation)",
         "Not reviewed: first assessed after 30 June 2025",
         "Self-assessment attached to the description (16 January 2026)"),
    ],
)  # fmt: skip
def test_the_listing_files_name_the_screening_as_the_projects_reading(
    sample, lang: str, stage1: str, score: str, outside: str, attached: str
) -> None:
    """listaus.sv.csv / listaus.en.csv's rows: the screening's columns named as the
    project's reading, the 41 assessments made after 30.6.2025 said to be outside it,
    the 67 scored as in the Finnish file (THL: 67 assessed by 30.6.2025, 44 meet stage 1)."""
    from analysis.tables.listing import listing_rows
    from analysis.tables.listing_languages import listing_rows_in
    from analysis.tables.screening import Screening

    r = sample["fi"]
    screening = Screening(scope=date(2025, 6, 30))
    rows = listing_rows_in(r.kept, lang, screening, r.scoped, checked_on=r.checked_on)
    header, body = rows[0], rows[1:]
    assert header[-2:] == [stage1, score] and attached in header
    by_id = {row[0]: dict(zip(header, row)) for row in body}
    finnish = listing_rows(r.kept, screening, r.scoped, checked_on=r.checked_on)
    fi_by_id = {row[0]: dict(zip(finnish[0], row)) for row in finnish[1:]}
    assert set(by_id) == set(fi_by_id) and len(by_id) == 108
    assert sum(row[stage1] == outside for row in by_id.values()) == 41
    scored = {i for i, row in by_id.items() if row[score]}
    assert len(scored) == 67 and scored == {
        i for i, row in fi_by_id.items() if row["Kriteeripisteet 0–10 (hankkeen tulkinta)"]
    }
    assert all(
        _number(by_id[i][score]) == _number(fi_by_id[i]["Kriteeripisteet 0–10 (hankkeen tulkinta)"]) for i in scored
    )
    passes = {"sv": "Uppfyller", "en": "Meets"}[lang]
    assert sum(by_id[i][stage1] == passes for i in scored) == 44
