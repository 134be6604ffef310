"""build --lang (issue #27): the flag and the Makefile variable, the files' names,
the notebook's markdown cells in Swedish and English, the page's language and
fixed words, the carry-over of languages built in other runs, and the index's
links to each cutoff's languages. Fast: nothing here runs the report notebook
(tests/test_languages_report.py builds the sample in three languages)."""

from __future__ import annotations

import copy
import functools
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from finnish_scan import finnish_words

from analysis import config
from analysis.cli.commands import main
from analysis.language import formatting
from analysis.language.sentences import sentence
from analysis.publish import build as b
from analysis.publish.index_page import write_index
from analysis.report.data import heading
from analysis.report.sections.title_and_closing import report_title


@functools.cache
def _notebook():
    """The report notebook, read once (nbformat is imported here, not when the fast
    tests are collected: it costs about a second per worker)."""
    import nbformat

    return nbformat.read(b.NOTEBOOK, as_version=4)


def notebook():
    """A copy of the report notebook for a test to change."""
    return copy.deepcopy(_notebook())


def markdown_cells() -> list:
    return [cell for cell in _notebook().cells if cell.cell_type == "markdown"]


# --- the command line and the Makefile ----------------------------------------------------


@pytest.mark.parametrize("given", [["--lang", "de"], ["--lang", "fi,se"], ["--lang", "fi", "--lang", "EN"]])
def test_an_unknown_language_is_refused_naming_the_accepted_ones(given: list[str], project: Path, capsys) -> None:
    assert main(["build", "--cutoff", "2025-12-31", *given]) == 2
    err = capsys.readouterr().err
    assert "--lang: unknown language" in err and "fi, sv, en" in err and "Nothing was built" in err
    assert "Traceback" not in err
    assert not list((project / "reports").iterdir()) and not list((project / "data/processed").iterdir())


def test_the_slide_deck_needs_the_finnish_run(project: Path, capsys) -> None:
    assert main(["build", "--cutoff", "2025-12-31", "--slides", "--lang", "sv,en"]) == 2
    err = capsys.readouterr().err
    assert "slide deck is Finnish" in err and "Nothing was built" in err


def test_languages_are_put_in_order_once_each() -> None:
    assert b.check_languages(["en", "sv", "fi", "sv"]) == ("fi", "sv", "en")
    assert b.check_languages(["sv"]) == ("sv",)
    with pytest.raises(ValueError, match="fi, sv, en"):
        b.check_languages([])


def test_the_files_of_each_language() -> None:
    assert b.language_file("report.html", "fi") == "report.html"
    assert b.language_file("report.html", "sv") == "report.sv.html"
    assert b.language_file("report.pdf", "en") == "report.en.pdf"
    assert b.language_file("listaus.xlsx", "sv") == "listaus.sv.xlsx"
    assert b.language_files("en") == ["report.en.html", "report.en.pdf", "listaus.en.csv", "listaus.en.xlsx"]
    assert "report.pptx" in b.language_files("fi") and "report.pptx" not in b.language_files("sv")
    with pytest.raises(ValueError):
        b.language_file("report.html", "de")


def make(*arguments: str) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(config.REPO_DIR), *arguments, "RUN="],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_makefile_variable_builds_the_languages() -> None:
    assert "--lang" not in make("reports")  # Finnish, as before
    assert "--lang" not in make("reports", "REPORT_LANGUAGES=fi")
    assert "--lang fi,sv,en" in make("reports", "REPORT_LANGUAGES=fi sv en")
    assert "--lang sv" in make("report", "CUTOFF=2025-12-31", "REPORT_LANGUAGES=sv")
    helped = subprocess.run(
        ["make", "--no-print-directory", "-C", str(config.REPO_DIR), "help"], capture_output=True, text=True, check=True
    ).stdout
    assert 'REPORT_LANGUAGES="fi sv en"' in helped


# --- the notebook's words ---------------------------------------------------------------


def test_every_markdown_cell_has_its_swedish_and_english() -> None:
    """Each markdown cell of the report notebook: its numbered heading is the
    section's heading (report.data.SECTIONS), and the rest of its text has an entry
    in notebook.yaml whose Finnish is the cell's own; a new cell with text fails here."""
    cells = markdown_cells()
    assert len(cells) == 16  # 14 numbered sections and the two sub-headings of §10
    with_text = 0
    for cell in cells:
        anchor, numbered, rest = b.markdown_parts(cell.source)
        if numbered:
            assert anchor, cell.id
            assert numbered.split(". ", 1)[1] == heading(anchor, "fi"), cell.id
        if rest:
            with_text += 1
            assert sentence(f"notebook.{cell.id}", "fi") == rest, cell.id
            for language in ("sv", "en"):
                assert sentence(f"notebook.{cell.id}", language), (cell.id, language)
    # the cells with text besides their heading, counted by hand in the notebook: the
    # narrative of §1, §3, §4, §7, §11 and §13 and the two sub-headings of §10
    assert with_text == 8
    assert {c.id for c in cells if b.markdown_parts(c.source)[2]} == {
        "alueet-heading",
        "laajuus-heading",
        "investoinnit-heading",
        "arviointi-heading",
        "teemat-alateemat-heading",
        "teemat-method-heading",
        "esikarsinta-heading",
        "laatu-heading",
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_translated_notebook_has_no_finnish(language: str) -> None:
    translated = b.translated_notebook(notebook(), language)
    cells = [c for c in translated.cells if c.cell_type == "markdown"]
    assert len(cells) == len(markdown_cells())
    for before, after in zip(markdown_cells(), cells):
        anchor, numbered, _ = b.markdown_parts(before.source)
        assert b.markdown_parts(after.source)[0] == anchor  # the anchors stay: the contents link to them
        if numbered:
            number = numbered.split(" ")[1]
            assert f"## {number} {heading(anchor, language)}" in after.source
        text = re.sub(r'<a id="[^"]+"></a>', " ", after.source)
        assert finnish_words(text, language) == [], (after.id, finnish_words(text, language))
    # the code cells are untouched
    assert [c.source for c in translated.cells if c.cell_type == "code"] == [
        c.source for c in _notebook().cells if c.cell_type == "code"
    ]


def test_hand_checked_cells() -> None:
    sv = {c.id: c.source for c in b.translated_notebook(notebook(), "sv").cells}
    en = {c.id: c.source for c in b.translated_notebook(notebook(), "en").cells}
    assert sv["alueet-heading"].startswith('<a id="alueet"></a>\n\n## 1. Självvärderingar per välfärdsområde\n\n')
    assert "välfärdsområdena och Helsingfors stad" in sv["alueet-heading"]
    assert "senast 30.6.2025" in sv["alueet-heading"]
    assert "the City of Helsinki" in en["alueet-heading"] and "by 31 December 2025" in en["alueet-heading"]
    assert en["esikarsinta-heading"].count("the project's own review") == 1
    assert "projektets egen granskning" in sv["esikarsinta-heading"]
    assert sv["teemat-method-heading"] == "### Hur temana har klassificerats"
    assert en["osallistujat-heading"] == '<a id="osallistujat"></a>\n\n## 2. Participants in the self-assessments'


def test_a_changed_or_new_cell_stops_the_translation() -> None:
    changed = notebook()
    cell = next(c for c in changed.cells if c.get("id") == "laatu-heading")
    cell.source += " Uusi lause."
    with pytest.raises(b.BuildError, match="laatu-heading is not the Finnish"):
        b.translated_notebook(changed, "sv")
    new = notebook()
    import nbformat

    new.cells.insert(3, nbformat.v4.new_markdown_cell("Uusi kappale ilman käännöstä.", id="uusi-kappale"))
    with pytest.raises(b.BuildError, match="uusi-kappale has no en text"):
        b.translated_notebook(new, "en")
    assert b.translated_notebook(copy.deepcopy(new), "fi").cells[3].source == "Uusi kappale ilman käännöstä."


# --- the page ----------------------------------------------------------------------------


def test_the_finnish_words_of_the_page_are_todays() -> None:
    """report.yaml's fi is what the Finnish build has always written."""
    cutoff = date(2025, 12, 31)
    assert sentence("report.title", "fi", cutoff=cutoff) == formatting.report_title(cutoff)
    assert report_title(cutoff, "fi") == formatting.report_title(cutoff)
    assert sentence("report.synthetic_header", "fi") == config.SYNTHETIC_HEADER
    assert sentence("report.synthetic_notice", "fi") == config.SYNTHETIC_NOTICE
    assert "Siirry sisällysluetteloon" in (config.TEMPLATES_DIR / "rrp_report" / "index.html.j2").read_text("utf-8")
    assert sentence("report.skip_link", "fi") == "Siirry sisällysluetteloon"
    assert (
        report_title(cutoff, "en")
        == "Self-assessments of the impacts of RRP operating models – summary, 31 December 2025"
    )
    assert report_title(date(2025, 6, 30), "sv").endswith("– sammanställning 30.6.2025")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_page_has_its_language(language: str) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("-")])
    page = b.html_report(notebook, report_title(date(2025, 12, 31), language), True, language)
    assert f'<html lang="{language}">' in page
    assert f"<title>{report_title(date(2025, 12, 31), language)}</title>" in page
    assert f'href="#sisalto">{sentence("report.skip_link", language)}</a>' in page
    assert sentence("report.synthetic_header", language) in page
    if language != "fi":
        assert "Siirry" not in page and "SYNTEETTINEN" not in page
        words = {"sv": ('"Sida "', '" av "'), "en": ('"Page "', '" of "')}[language]
        assert f"@bottom-right {{ content: {words[0]} counter(page) {words[1]} counter(pages); }}" in page
    # report.css numbers the pages "Sivu 3 / 12"; Swedish and English override it after
    assert page.count("@bottom-right") == (1 if language == "fi" else 2)


# --- languages built in different runs ---------------------------------------------------


def folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def test_other_languages_are_kept_only_with_the_same_figures(tmp_path: Path) -> None:
    earlier = folder(
        tmp_path / "earlier",
        {
            "summary.json": '{"n": 5}',
            "report.html": "fi",
            "report.sv.html": "sv",
            "listaus.sv.csv": "sv;",
            "report.en.html": "en",
            "report.pptx": "deck",
        },
    )
    same = folder(tmp_path / "same", {"summary.json": '{"n": 5}', "report.html": "new fi"})
    notes = b.carry_over(earlier, same, ["fi"])
    assert sorted(p.name for p in same.iterdir()) == [
        "listaus.sv.csv",
        "report.en.html",
        "report.html",
        "report.sv.html",
        "summary.json",
    ]
    assert (same / "report.html").read_text() == "new fi"  # the language built is never overwritten
    assert (same / "report.sv.html").read_text() == "sv"
    assert notes == [
        "kept the earlier Swedish report (report.sv.html, listaus.sv.csv): same figures",
        "kept the earlier English report (report.en.html): same figures",
    ]
    changed = folder(tmp_path / "changed", {"summary.json": '{"n": 6}', "report.sv.html": "new sv"})
    notes = b.carry_over(earlier, changed, ["sv"])
    assert sorted(p.name for p in changed.iterdir()) == ["report.sv.html", "summary.json"]
    assert len(notes) == 2 and all("left out" in n and "rebuild it with --lang" in n for n in notes)
    assert "report.html, report.pptx" in notes[0]  # Finnish takes its slide deck with it
    assert b.carry_over(tmp_path / "none", changed, ["sv"]) == []


# --- the index ----------------------------------------------------------------------------


def built_folder(reports: Path, cutoff: str, names: list[str]) -> None:
    folder(reports / cutoff, {name: "-" for name in names})
    info = {"cutoff": cutoff, "n": 3, "built_at": "2026-01-01T00:00:00+00:00", "synthetic_data": False, "public": False}
    (reports / cutoff / "build.json").write_text(json.dumps(info), encoding="utf-8")


def test_the_index_links_each_cutoffs_languages(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    built_folder(reports, "2025-12-31", ["report.html", "report.sv.html", "listaus.sv.xlsx", "report.en.html"])
    built_folder(reports, "2025-06-30", ["report.html"])
    page = write_index(reports).read_text(encoding="utf-8")
    row = next(r for r in page.split("<tr>") if "2025-12-31/report.html" in r)
    assert "<a href='2025-12-31/report.sv.html' hreflang='sv' lang='sv'>Svenska</a>" in row
    assert "<a href='2025-12-31/report.en.html' hreflang='en' lang='en'>English</a>" in row
    assert "hreflang='fi' lang='fi'>Suomi</a>" in row
    assert "<a href='2025-12-31/listaus.sv.xlsx' hreflang='sv'>listaus.sv.xlsx</a>" in row
    assert "listaus.en" not in row  # only the files there are
    finnish_only = next(r for r in page.split("<tr>") if "2025-06-30/report.html" in r)
    assert "hreflang" not in finnish_only and "Svenska" not in finnish_only
    assert '<html lang="fi">' in page  # the index itself is Finnish


# --- the listing files ---------------------------------------------------------------------


@pytest.mark.parametrize("synthetic", [False, True])
def test_the_listing_files_of_each_language(tmp_path: Path, fixtures: Path, synthetic: bool) -> None:
    """listaus.sv.csv / .xlsx and listaus.en.*: the Finnish files' rows in the
    language; the synthetic notice, sheets and properties in the language too."""
    import io

    import openpyxl
    import pandas as pd

    from analysis.ingest.pipeline import load_inputs
    from analysis.processed.read import Processed
    from analysis.tables.listing_languages import header
    from analysis.tables.screening import Screening

    cleaned = load_inputs([fixtures / "summary_small.csv"]).clean(date(2025, 12, 31))
    manifest: dict[str, object] = {"synthetic_data": True} if synthetic else {}
    manifest["listing_status_checked_on"] = "2026-01-16"  # the Innokylä check's day, in the column's header
    processed = Processed(date(2025, 12, 31), cleaned.assessments, cleaned.excluded, pd.DataFrame(), manifest)
    files = b.listing_files(processed, Screening(scope=None), tmp_path, ["en", "fi", "sv"])
    assert list(files) == [
        "listaus.csv",
        "listaus.xlsx",
        "listaus.sv.csv",
        "listaus.sv.xlsx",
        "listaus.en.csv",
        "listaus.en.xlsx",
    ]
    finnish = files["listaus.csv"].decode("utf-8-sig").splitlines()
    for language, notice_sheet, sheet in (
        ("sv", "Observera", "Verksamhetsmodeller"),
        ("en", "Note", "Operating models"),
    ):
        lines = files[f"listaus.{language}.csv"].decode("utf-8-sig").splitlines()
        assert len(lines) == len(finnish)
        if synthetic:
            assert lines[0] == sentence("report.synthetic_notice", language) and "SYNTEETTINEN" in finnish[0]
            lines = lines[1:]
        assert lines[0].startswith(f"{header('response_id', language)};{header('model', language)};")
        assert not finnish_words(lines[0], language)
        assert {"sv": "(16.1.2026)", "en": "(16 January 2026)"}[language] in lines[0]
        assert "(16.1.2026)" in finnish[1 if synthetic else 0]
        book = openpyxl.load_workbook(io.BytesIO(files[f"listaus.{language}.xlsx"]))
        assert book.sheetnames == ([notice_sheet, sheet] if synthetic else [sheet])
        title = {"sv": "Bedömda verksamhetsmodeller 31.12.2025", "en": "Operating models assessed 31 December 2025"}
        expected = (
            f"{title[language]} – {sentence('report.synthetic_header', language)}" if synthetic else title[language]
        )
        assert book.properties.title == expected
        assert book.worksheets[-1].max_row == len(lines)  # the header and a row per model
