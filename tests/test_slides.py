"""THL's slide deck (issue #29): report.pptx made from the report's own sections.

Every number in the deck (chart data and table cells) is checked against the
report's figure as the report shows it – summary.json's figures (a chart's data)
and the HTML renderer's table cells (a table) – for the sample's three cutoffs;
the deck is native (charts with their workbook, tables, no pictures), accessible
(unique titles first in reading order, alt text, Arial), deterministic, honest
when a cutoff has no answers, and – rendered by LibreOffice – every word lies on
its page above the footer.
"""

from __future__ import annotations

import copy
import html as html_lib
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import FIXTURES, require
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from analysis import config
from analysis.cli.commands import main
from analysis.html.elements import table_html
from analysis.ingest import pipeline
from analysis.publish import libreoffice
from analysis.report import slides
from analysis.report.data import ReportData, load_texts
from analysis.report.section import Chart, Section
from analysis.report.sections import report_sections
from analysis.report.summary import summary_from_sections

CUTOFFS = tuple(config.STANDARD_CUTOFFS)
SAMPLE = config.REPO_DIR / "data" / "raw"
WORDS = load_texts()["slides"]
EMU_PER_PT = 12700


@pytest.fixture(scope="module")
def sample() -> dict[date, tuple[ReportData, list[Section]]]:
    """The bundled sample's report data and sections at the three standard cutoffs
    (each compared with the earlier ones, as the build does)."""
    inputs = pipeline.load_inputs(
        [SAMPLE / "itsearviointi_vienti_synteettinen.xlsx"], SAMPLE / "exclusions.csv", SAMPLE / "listing_status.csv"
    )
    cleaned = {c: inputs.clean(c) for c in CUTOFFS}
    made = {}
    for cutoff in CUTOFFS:
        earlier = {c: cleaned[c].assessments for c in CUTOFFS if c < cutoff}
        r = ReportData.from_frames(
            cutoff, cleaned[cutoff].assessments, pipeline.manifest(inputs, cleaned[cutoff]), earlier=earlier
        )
        made[cutoff] = (r, report_sections(r))
    return made


@pytest.fixture(scope="module")
def small() -> tuple[ReportData, list[Section]]:
    """tests/fixtures/summary_small.csv: four assessments, not synthetic."""
    inputs = pipeline.load_inputs([FIXTURES / "summary_small.csv"], None, None, None)
    cleaned = inputs.clean(CUTOFFS[-1])
    r = ReportData.from_frames(CUTOFFS[-1], cleaned.assessments, pipeline.manifest(inputs, cleaned))
    return r, report_sections(r)


@pytest.fixture(scope="module")
def small_deck(small) -> bytes:
    return slides.deck_bytes(small[1], small[0])


@pytest.fixture(scope="module")
def decks(sample) -> dict[date, bytes]:
    return {cutoff: slides.deck_bytes(sections, r) for cutoff, (r, sections) in sample.items()}


def opened(data: bytes):
    return Presentation(io.BytesIO(data))


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text


def graphic_frames(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart or shape.has_table:
                yield slide, shape


# --- one source of figures ------------------------------------------------------------------

# a chart's title (before ", n=") -> its figure in summary.json
CHART_FIGURES = {
    "Toimintamallin kehittämisen kohde": "dev_targets",
    "Asiakasryhmien määrät": "target_groups",
    "Toimintamallilla on vahvistettu": "strengthened",
    "Toimintamallista tehty muu arviointi": "other_evaluation",
    "Toimintamallin tulosten arviointi": "results_evaluation",
    "Toimintamallin hyödyntäminen": "utilisation",
    "Toimintamallin käyttöönotto": "adoption",
    "Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen": "digital",
    "Tärkeimpien tulosten teemat": "themes",
    "Itsearvioinnit hyvinvointialueittain": "regions",
}


@pytest.mark.slow
@pytest.mark.parametrize("cutoff", CUTOFFS, ids=str)
def test_every_chart_number_is_the_reports_figure(sample, decks, cutoff: date) -> None:
    """Each chart's data, read back from the chart in the file, equals summary.json's
    figure: counts by option, by statement and level, and the areas' counts at this
    and the earlier cutoffs (from those cutoffs' own summaries)."""
    summaries = {c: summary_from_sections(sections) for c, (_, sections) in sample.items()}
    summary = summaries[cutoff]
    r = sample[cutoff][0]
    charts = 0
    for slide, shape in graphic_frames(opened(decks[cutoff])):
        if not shape.has_chart:
            continue
        charts += 1
        stem = title_of(slide).rstrip("*").split(", n=")[0]
        assert stem in CHART_FIGURES, f"a chart the test does not know: {title_of(slide)!r}"
        figure = summary[CHART_FIGURES[stem]]
        plot = shape.chart.plots[0]
        categories = list(plot.categories)
        series = {s.name: list(s.values) for s in plot.series}
        if stem == "Itsearvioinnit hyvinvointialueittain":
            names = r.codebook.region_names
            assert categories == [r.codebook.region_by_name(n).short for n in names]
            for day, counts in series.items():
                day_summary = next(s for c, s in summaries.items() if f"{c.day}.{c.month}.{c.year}" == day)
                assert counts == [day_summary["regions"][n] for n in names]
            assert len(series) == 1 + sum(c < cutoff for c in CUTOFFS)
        elif len(series) > 1:  # stacked: statement x level
            assert categories == list(figure)
            for level, counts in series.items():
                assert counts == [figure[statement].get(level, 0) for statement in categories]
        else:
            (values,) = series.values()
            if stem == "Asiakasryhmien määrät":  # the chart names the groups shorter
                assert sorted(values) == sorted(figure.values()) and len(values) == len(figure)
            else:  # the chart names an option as the published tables print it ("Muuta")
                shown = {o.label: o.display for q in r.codebook.questions for o in q.options}
                assert dict(zip(categories, values)) == {shown.get(k, k): v for k, v in figure.items()}
    assert charts == 10


def html_cells(table) -> list[list[str]]:
    """The report's table as its HTML shows it (the renderer's own cells)."""
    markup = str(
        table_html(table.frame, caption=table.caption, total_row=table.total_row, row_headers=table.row_headers)
    )
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", markup, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("cutoff", CUTOFFS, ids=str)
def test_every_table_cell_is_the_reports_cell(sample, decks, cutoff: date) -> None:
    """Each table of the deck, its pages put together, holds the cells of one of the
    report's tables exactly as the report's HTML shows them (a group's name is
    written once per page: an empty cell under it stands for the same name)."""
    r, sections = sample[cutoff]
    report_tables = {}
    for section in sections:
        for table in section.tables:
            report_tables[table.caption] = html_cells(table)
        for block in section.blocks:
            values = getattr(block, "values", {})
            if "table" in values:
                report_tables[values["table"].caption] = html_cells(values["table"])
    by_caption: dict[str, list[list[str]]] = {}
    for slide, shape in graphic_frames(opened(decks[cutoff])):
        if not shape.has_table:
            continue
        caption = re.sub(r" \(\d+/\d+\)$", "", title_of(slide).rstrip("*"))
        rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
        got = by_caption.setdefault(caption, [rows[0]])
        assert rows[0] == got[0], "every page repeats the header"
        got += rows[1:]
    assert by_caption, "no tables in the deck"
    numbers = 0
    for caption, rows in by_caption.items():
        assert caption in report_tables, f"a table the report does not have: {caption!r}"
        expected = report_tables[caption]
        assert len(rows) == len(expected), caption
        for got_row, want_row in zip(rows, expected):
            for k, (got, want) in enumerate(zip(got_row, want_row)):
                if k == 0 and got == "" and want:  # the group's name, written on its first row
                    continue
                assert got == want, (caption, got_row, want_row)
                numbers += bool(re.fullmatch(r"[+\-−]?[\d\u00a0 ]+(,\d+)?( ?%)?", want))
    assert numbers > 50
    # and two of them against summary.json directly
    summary = summary_from_sections(sections)
    participation = by_caption[f"Arviointiin osallistuneiden edustus, n={r.n}"]
    assert participation[-1] == ["Molemmat", str(summary["participants"]["both_represented"])]
    investments = by_caption[f"Itsearvioinnit investoinneittain, n={r.n}"]
    assert investments[-1][:2] == ["Yhteensä", str(summary["n"])]


# --- native, accessible, in THL's order -------------------------------------------------------


def test_charts_and_tables_are_native_and_editable(small_deck) -> None:
    """Every chart carries its data as a workbook (PowerPoint's "Edit Data"), every
    table is a table; nothing is a picture."""
    prs = opened(small_deck)
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.shape_type != MSO_SHAPE_TYPE.PICTURE, title_of(slide)
            if shape.has_chart:
                workbook = shape.chart.part.chart_workbook.xlsx_part
                assert workbook is not None and zipfile.is_zipfile(io.BytesIO(workbook.blob))
    assert sum(s.has_table for _, s in graphic_frames(prs)) >= 8


def test_slides_are_16_9_with_unique_titles_first_and_alt_texts(small_deck) -> None:
    for data in [small_deck]:
        prs = opened(data)
        assert (prs.slide_width, prs.slide_height) == (slides.WIDTH, slides.HEIGHT)
        assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
        titles = [title_of(s) for s in prs.slides]
        assert len(titles) == len(set(titles)), titles
        for slide in prs.slides:
            first = slide.shapes[0]
            assert first.is_placeholder and first.placeholder_format.type in (
                PP_PLACEHOLDER.TITLE,
                PP_PLACEHOLDER.CENTER_TITLE,
            ), "the title comes first in the reading order"
            for shape in slide.shapes:
                if shape.has_chart or shape.has_table:
                    descr = shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
                    assert descr and descr.endswith(".") and descr.count(". ") == 0, descr
                if shape.has_text_frame:
                    for paragraph in shape.text_frame.paragraphs:
                        assert all(run.font.name == slides.FONT for run in paragraph.runs)
                if shape.has_chart:
                    assert shape.chart.font.name == slides.FONT
        with zipfile.ZipFile(io.BytesIO(data)) as z:  # and what a presenter types: the theme's fonts
            theme = z.read("ppt/theme/theme1.xml").decode()
        assert re.findall(r'<a:(?:major|minor)Font><a:latin typeface="([^"]*)"', theme) == [slides.FONT] * 2


@pytest.mark.slow
def test_the_deck_follows_thl_with_call_outs_and_footnotes(sample, decks) -> None:
    """THL's order, THL's footnote with its asterisk in the title, the call-outs beside
    the charts, the closing remark on themes, Hyödynnettävyys and the sources last."""
    r, _ = sample[CUTOFFS[-1]]
    prs = opened(decks[CUTOFFS[-1]])
    titles = [title_of(s) for s in prs.slides]
    n = f"n={r.n}"
    order = [
        f"Itsearvioinnit hyvinvointialueittain, {n}",
        f"Arviointiin osallistuneiden edustus, {n}",
        f"Toimintamallien laajuus ja THL:n määritelmät, {n}",
        f"Itsearvioinnit investoinneittain, {n}",
        f"Toimintamallin kehittämisen kohde, {n}*",
        f"Asiakasryhmien määrät, {n}*",
        f"Kehitysvaiheet ja THL:n määritelmät, {n}",
        f"Tärkeimpien tulosten teemat, {n}",
        "Tärkeimpien tulosten teemojen yleisyys suurimmissa asiakasryhmissä",
        WORDS["utilisation_title"],
        WORDS["sources_title"],
    ]
    at = [titles.index(t) for t in order]
    assert at == sorted(at) and at[-1] == len(titles) - 1
    text = {title_of(s): " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides}
    assert "*Voi olla valittuna useita." in text[f"Toimintamallin kehittämisen kohde, {n}*"]
    assert "*Voi olla valittuna useita vaihtoehtoja." in text[f"Toimintamallilla on vahvistettu, {n}*"]
    assert (
        "Sekä sosiaali- että terveydenhuollon palveluita kehitettiin"
        in text[f"Toimintamallin kehittämisen kohde, {n}*"]
    )
    assert "korostu" in text["Tärkeimpien tulosten teemojen yleisyys suurimmissa asiakasryhmissä"]
    sources = text[WORDS["sources_title"]]
    # the slide names no files, formats or versions (a ministry audience); the speaker
    # notes keep them for whoever rebuilds the figures
    assert "Koottu" in sources and "tietolokiin" in sources
    for developer_word in (".json", ".md", ".xlsx", ".csv", ".html", "ohjelmaversio", "koneluettav"):
        assert developer_word not in sources, developer_word
    notes = prs.slides[-1].notes_slide.notes_text_frame.text
    assert "itsearviointi_vienti_synteettinen.xlsx" in notes and "summary.json" in notes and "Ohjelmaversio" in notes
    links = [
        run.hyperlink.address
        for shape in prs.slides[-1].shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for run in p.runs
        if run.hyperlink.address
    ]
    assert links == [load_texts()["innokyla_all_models"]]


# --- honest --------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_synthetic_sample_is_flagged_on_the_title_slide(decks) -> None:
    first = opened(decks[CUTOFFS[-1]]).slides[0]
    text = " ".join(s.text_frame.text for s in first.shapes if s.has_text_frame)
    assert "SYNTEETTINEN ESIMERKKIAINEISTO" in text and "eivät ole oikeita itsearviointeja" in text


def test_real_data_is_not_flagged(small_deck) -> None:
    prs = opened(small_deck)
    every = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "SYNTEETTINEN" not in every
    assert any(shape.has_chart for _, shape in graphic_frames(prs))


def test_a_cutoff_without_answers_gets_slides_that_say_so(small) -> None:
    """No answers: no chart and no table of zeros, but one slide that says why."""
    r, _ = small
    empty = ReportData.from_frames(date(2025, 1, 1), r.kept.iloc[0:0], r.data.manifest)
    prs = opened(slides.deck_bytes(report_sections(empty), empty))
    assert not list(graphic_frames(prs))
    titles = [title_of(s) for s in prs.slides]
    assert titles[1] == "Ei itsearviointeja rajapäivään 1.1.2025 mennessä"
    body = " ".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "esitykseen ei voi tehdä kuvioita eikä taulukoita" in body
    assert "ei ole palautettu yhtään itsearviointia" in body
    assert titles[2:] == [WORDS["utilisation_title"], WORDS["sources_title"]]


def test_a_section_without_its_chart_gets_a_slide_that_says_so(small) -> None:
    """A section whose chart has nothing to draw (every count 0) gets a slide saying
    so in place of its chart, titled by the section."""
    r, sections = small
    made = [copy.deepcopy(s) for s in sections]
    digital = next(s for s in made if s.id == "digi")
    chart = digital.charts[0]
    zero = Chart(chart.kind, {**chart.data, "counts": {k: 0 for k in chart.data["counts"]}}, chart.alt)
    digital.blocks = [zero if b is chart else b for b in digital.blocks]
    titles = [title_of(s) for s in opened(slides.deck_bytes(made, r)).slides]
    assert f"{digital.heading}: ei kuviota" in titles
    assert not any(t.startswith(str(chart.data["title"])) for t in titles)


# --- deterministic --------------------------------------------------------------------------


def test_the_same_sections_give_the_same_bytes(small, small_deck) -> None:
    """Built twice, the same bytes; every zip entry (and those of the charts'
    workbooks inside) dated by the build's time, in name order."""
    r, sections = small
    data = slides.deck_bytes(sections, r)
    assert data == small_deck
    stamp = slides.deck_stamp(r)
    zip_time = (*stamp.timetuple()[:5], stamp.second // 2 * 2)  # a zip's clock ticks in two seconds
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert names == sorted(names)
        assert {i.date_time for i in z.infolist()} == {zip_time}
        fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", z.read("docProps/core.xml").decode()) == [
            fixed,
            fixed,
        ]
        inner = [n for n in names if n.endswith(".xlsx")]
        assert inner
        for name in inner:
            with zipfile.ZipFile(io.BytesIO(z.read(name))) as book:
                assert {i.date_time for i in book.infolist()} == {zip_time}
                core = book.read("docProps/core.xml").decode()
                assert set(re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core)) == {fixed}


def test_the_deck_time_is_the_builds(small, monkeypatch) -> None:
    r, _ = small
    assert slides.deck_stamp(r) == datetime.fromisoformat(r.data.manifest["built_at"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    bare = ReportData.from_frames(r.cutoff, r.kept, {**r.data.manifest, "built_at": None})
    assert slides.deck_stamp(bare) == datetime(2026, 1, 1, tzinfo=UTC)


# --- the build and LibreOffice --------------------------------------------------------------


def test_pdf_with_slides_without_libreoffice_says_how_to_install_it(monkeypatch, capsys) -> None:
    from analysis.publish import chromium

    monkeypatch.setattr(chromium, "find_chromium", lambda: "/usr/bin/true")
    monkeypatch.setenv("RRP_SOFFICE", "no-such-soffice-here")
    assert main(["build", "--cutoff", "2025-12-31", "--pdf", "--slides"]) == 3
    err = capsys.readouterr().err
    assert "libreoffice-impress" in err and "Nothing was built" in err


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample's 31.12.2025 report built with --slides in a temporary project."""
    root = tmp_path_factory.mktemp("slides")
    for sub in ("data/raw", "data/processed", "reports"):
        (root / sub).mkdir(parents=True)
    for name in ("itsearviointi_vienti_synteettinen.xlsx", "exclusions.csv", "listing_status.csv"):
        shutil.copy(SAMPLE / name, root / "data" / "raw" / name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(root))
        mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
        assert main(["build", "--cutoff", "2025-12-31", "--slides"]) == 0
    return root / "reports" / "2025-12-31"


@pytest.mark.slow
def test_build_slides_writes_the_deck_of_the_reports_sections(built: Path, sample, decks) -> None:
    """build --slides: report.pptx beside report.html, the same deck as made here from
    the same data (the kernel's sections are the report's)."""
    import json

    data = (built / "report.pptx").read_bytes()
    summary = json.loads((built / "summary.json").read_text(encoding="utf-8"))
    prs = opened(data)
    assert title_of(prs.slides[0]) == f"RRP-toimintamallien vaikutusten itsearvioinnit – yhteenveto {'31.12.2025'}"
    chart_values = [list(shape.chart.plots[0].series[0].values) for _, shape in graphic_frames(prs) if shape.has_chart]
    here = [
        list(shape.chart.plots[0].series[0].values)
        for _, shape in graphic_frames(opened(decks[CUTOFFS[-1]]))
        if shape.has_chart
    ]
    assert chart_values == here
    assert summary["n"] == sample[CUTOFFS[-1]][0].n
    assert "href='2025-12-31/report.pptx'" in (built.parent / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("cutoff", CUTOFFS, ids=str)
def test_every_word_of_the_printed_deck_lies_on_its_page_above_the_footer(
    built: Path, decks, cutoff: date, tmp_path: Path
) -> None:
    """LibreOffice prints the deck (as build --pdf --slides does: the built one for
    31.12.2025); pdftotext -bbox places every word: inside the page, every word but
    the footer's above the footer (no text ran out of its box into the next), and
    every word of the slide's text is printed (none cut off at the page's edge)."""
    require(
        libreoffice.find_soffice() is not None,
        "LibreOffice (soffice) is not installed: apt-get install libreoffice-impress",
    )
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed: apt-get install poppler-utils")
    deck = built / "report.pptx"
    if cutoff != CUTOFFS[-1]:
        deck = tmp_path / "report.pptx"
        deck.write_bytes(decks[cutoff])
    pdf = tmp_path / "report-slides.pdf"
    libreoffice.convert_to_pdf(deck, pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, flags=re.S)
    prs = opened(deck.read_bytes())
    assert len(pages) == len(prs.slides)
    footer_top = slides.FOOTER_TOP / EMU_PER_PT
    words = 0
    for index, ((width, height, body), slide) in enumerate(zip(pages, prs.slides), start=1):
        w, h = float(width), float(height)
        assert abs(w / h - 16 / 9) < 0.01
        printed = Counter()
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', body
        ):
            words += 1
            assert 0 <= float(x0) and float(x1) <= w and 0 <= float(y0) and float(y1) <= h, (index, word)
            if float(y0) < footer_top - 2:
                assert float(y1) <= footer_top + 1, (index, word, y1)
            printed.update(tokens(html_lib.unescape(word)))
        # a text that ran off the page is cut off there: every word of the slide's
        # text boxes and tables must be printed
        missing = Counter(slide_words(slide)) - printed
        assert not missing, (index, title_of(slide), missing)
    assert words > 1000


def slide_words(slide) -> list[str]:
    """The words of a slide's text boxes and table cells (not its charts')."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        elif shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return tokens(" ".join(texts))


def tokens(text: str) -> list[str]:
    """Words split at spaces and hyphens too (a line may break after a hyphen); a word
    joiner (U+2060, which keeps a range unbroken) is invisible and not printed."""
    return [t for t in re.split(r"[\s\-]+", text.replace("\u2060", "")) if t]


def test_the_word_check_sees_text_cut_off_at_the_page(tmp_path: Path) -> None:
    """LibreOffice leaves out of the PDF what runs off the page, so that "every word
    lies on the page" alone would pass it: the slide's words are counted too."""
    require(
        libreoffice.find_soffice() is not None,
        "LibreOffice (soffice) is not installed: apt-get install libreoffice-impress",
    )
    require(shutil.which("pdftotext") is not None, "pdftotext is not installed: apt-get install poppler-utils")
    prs = Presentation()
    prs.slide_width, prs.slide_height = slides.WIDTH, slides.HEIGHT
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(slides.MARGIN, slides.BODY_BOTTOM, slides.SIDE_WIDTH, slides.MARGIN)
    box.text_frame.word_wrap = True
    box.text_frame.text = " ".join(f"sana{i}" for i in range(200))
    prs.save(tmp_path / "over.pptx")
    libreoffice.convert_to_pdf(tmp_path / "over.pptx", tmp_path / "over.pdf")
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "over.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    printed = Counter(t for word in re.findall(r"<word [^>]*>(.*?)</word>", boxes) for t in tokens(word))
    assert Counter(slide_words(slide)) - printed
