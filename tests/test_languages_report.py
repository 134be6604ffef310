"""The built reports in Swedish and English (issue #27): the sample's 31.12.2025 report
built with ``--lang fi,sv,en`` (with the criteria screening): file names, ``<html
lang>``, one summary.json whatever the language and the run, the listings in each
language with the same rows and numbers, languages built in other runs carried over
only with the same figures, and the whole report scanned for Finnish, section by
section, outside names and quotes.

The Finnish scan fails until every section speaks Swedish and English: the
sections are translated in parallel branches (issue #27), and this test is what
says which are not yet."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from conftest import read_csv_rows, sample_project
from finnish_scan import finnish_words

from analysis.cli.commands import main
from analysis.form.codebook import load_codebook
from analysis.form.translations import label
from analysis.language.sentences import sentence
from analysis.report.data import heading, load_texts, sections
from analysis.tables.listing_languages import header

pytestmark = pytest.mark.slow

CUTOFF = "2025-12-31"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("languages"))
    return root


def build(project: Path, *arguments: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(project))
        mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
        assert main(["build", "--cutoff", CUTOFF, *arguments]) == 0


@pytest.fixture(scope="module")
def folder(project: Path) -> Path:
    """reports/2025-12-31 in Finnish, Swedish and English, with the screening."""
    build(project, "--lang", "fi,sv,en")
    return project / "reports" / CUTOFF


def test_the_files_of_the_three_languages(folder: Path) -> None:
    names = {p.name for p in folder.iterdir()}
    assert {"report.html", "report.sv.html", "report.en.html", "summary.json", "build.json"} <= names
    assert {"listaus.csv", "listaus.xlsx", "listaus.sv.csv", "listaus.sv.xlsx", "listaus.en.csv"} <= names
    assert "listaus.en.xlsx" in names
    assert not [n for n in names if n.startswith("summary.") and n != "summary.json"]  # one summary.json
    assert not [n for n in names if n.endswith(".ipynb")]
    index = (folder.parent / "index.html").read_text(encoding="utf-8")
    assert f"<a href='{CUTOFF}/report.sv.html' hreflang='sv' lang='sv'>Svenska</a>" in index


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_page_says_its_language(folder: Path, language: str) -> None:
    name = "report.html" if language == "fi" else f"report.{language}.html"
    page = (folder / name).read_text(encoding="utf-8")
    assert page.count(f'<html lang="{language}">') == 1
    title = {
        "fi": "RRP-toimintamallien vaikutusten itsearvioinnit – yhteenveto 31.12.2025",
        "sv": "Självvärderingar av RRP-verksamhetsmodellernas effekter – sammanställning 31.12.2025",
        "en": "Self-assessments of the impacts of RRP operating models – summary, 31 December 2025",
    }[language]
    assert f"<title>{title}</title>" in page
    # the notebook's own headings, in the language, with their numbers and anchors
    for anchor, numbered in sections(True, False, language)[:-1]:
        assert f'<a id="{anchor}"></a>' in page
        assert f">{numbered}</h2>" in page, numbered


def test_one_summary_across_runs_and_languages_of_other_runs_kept_only_with_it(
    folder: Path, project: Path, capsys
) -> None:
    """The Swedish report built alone, in a run of its own, writes the very
    summary.json of the three-language run (whose Swedish and English runs the build
    checked against the Finnish byte for byte). A Finnish build into its folder then
    keeps the Swedish files (the same figures); one with other figures
    (--no-screening) leaves them out, and says so."""
    target = project / "alone" / CUTOFF
    build(project, "--lang", "sv", "--out", str(target))
    assert (target / "summary.json").read_bytes() == (folder / "summary.json").read_bytes()
    assert {p.name for p in target.iterdir()} == {
        "report.sv.html",
        "listaus.sv.csv",
        "listaus.sv.xlsx",
        "summary.json",
        "build.json",
    }
    capsys.readouterr()
    build(project, "--out", str(target))  # Finnish, the same data: Swedish stays
    said = capsys.readouterr().out
    assert "kept the earlier Swedish report (report.sv.html, listaus.sv.csv, listaus.sv.xlsx): same figures" in said
    assert {"report.html", "report.sv.html", "listaus.sv.xlsx", "listaus.xlsx"} <= {p.name for p in target.iterdir()}
    assert (target / "summary.json").read_bytes() == (folder / "summary.json").read_bytes()
    build(project, "--out", str(target), "--no-screening")  # other figures: left out, and said so
    said = capsys.readouterr().out
    assert "left out the earlier Swedish report" in said and "rebuild it with --lang sv" in said
    assert not [p.name for p in target.iterdir() if ".sv." in p.name]
    assert (target / "report.html").is_file()


# --- the listings -----------------------------------------------------------------------


def by_id(rows: list[list], id_header: str) -> dict[str, list]:
    at = rows[0].index(id_header)
    return {str(row[at]): row for row in rows[1:]}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_listing_in_each_language(folder: Path, language: str) -> None:
    finnish = read_csv_rows(folder / "listaus.csv", encoding="utf-8-sig")
    rows = read_csv_rows(folder / f"listaus.{language}.csv", encoding="utf-8-sig")
    notice = sentence("report.synthetic_notice", language)
    assert rows[0] == [notice] and finnish[0][0].startswith("SYNTEETTINEN")
    assert rows[1][:3] == [header(c, language) for c in ("response_id", "model", "region")]
    assert len(rows) == len(finnish) == 2 + 108
    assert len(rows[1]) == len(finnish[1])
    # the same assessments: the response ids and the models' names as written
    fi_rows, rows_ = by_id(finnish[1:], "Vastaajan numero"), by_id(rows[1:], header("response_id", language))
    assert fi_rows.keys() == rows_.keys()
    assert all(fi_rows[k][1] == rows_[k][1] for k in fi_rows)
    # areas by their official names in the language
    names = {label("region", r.code, language) for r in load_codebook().regions}
    assert {row[2] for row in rows_.values()} <= names
    expected = {"sv": "Österbottens välfärdsområde", "en": "City of Helsinki"}[language]
    assert expected in {row[2] for row in rows_.values()}
    # the workbook: its sheets, properties and the same scores, cell by cell, as numbers
    book = openpyxl.load_workbook(folder / f"listaus.{language}.xlsx")
    assert book.sheetnames == [
        sentence("report.listing.notice_sheet", language),
        sentence("report.listing.sheet", language),
    ]
    title = sentence("report.listing.title", language, cutoff=date(2025, 12, 31))
    assert book.properties.title == f"{title} – {sentence('report.synthetic_header', language)}"
    fi_book = openpyxl.load_workbook(folder / "listaus.xlsx")
    sheet = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    fi_sheet = [list(r) for r in fi_book.worksheets[1].iter_rows(values_only=True)]
    scores = {str(r[0]): r[-1] for r in sheet[1:]}
    fi_scores = {str(r[0]): r[-1] for r in fi_sheet[1:]}
    assert scores == fi_scores and 60 <= sum(isinstance(v, int | float) for v in scores.values()) < 108


# --- Finnish in the Swedish and English reports --------------------------------------------


# addresses and checksums are not words: links, e-mail addresses, SHA-256 digests
# addresses, e-mail addresses, checksums and file names: names, not words of a language
NOT_WORDS = re.compile(
    r"https?://\S+|[\w.+-]+@[\w.-]+|\b[0-9a-f]{12,}\b|[\w.-]+\.(?:xlsx|xls|csv|yaml|json|html|pdf)\b"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """What a reader sees of a report, by the section it is in (the notebook's
    ``<a id>`` anchors; "front" before the first): text, alt texts, title attributes
    and aria-labels, except what is marked lang="fi" (quotes from the answers) and
    styles and scripts."""

    def __init__(self, anchors: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors = anchors
        self.section = "front"
        self.texts: dict[str, list[str]] = defaultdict(list)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)

    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") in self.anchors:
            self.section = str(found["id"])
        hidden = self.hidden() or tag in ("style", "script") or found.get("lang") == "fi"
        if not hidden:
            self.texts[self.section] += [str(found[a]) for a in ("alt", "title", "aria-label") if found.get(a)]
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, -1, -1):  # close up to the matching tag
            if self.stack[at][0] == tag:
                del self.stack[at:]
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden() and data.strip():
            self.texts[self.section].append(data)


def names_in(language: str, project: Path) -> list[str]:
    """The names a Swedish or English report keeps: the areas' official names in the
    language, the operating models' names as the areas wrote them and the contact
    person's name (report_texts' contact line)."""
    import pandas as pd

    try:
        contact = load_texts(language=language)["contact"]
    except FileNotFoundError:  # report_texts.<language>.yaml not yet there
        contact = load_texts()["contact"]
    codebook = load_codebook()
    names = [label("region", r.code, language) for r in codebook.regions]
    names += [r.name for r in codebook.regions] + [r.short for r in codebook.regions]
    assessments = pd.read_parquet(next((project / "data" / "processed").glob(f"{CUTOFF}/assessments.parquet")))
    names += [str(n) for n in assessments["model_name"].dropna().unique()]
    names += [line.split(",")[0] for line in contact if "@" not in line]
    return sorted(set(names), key=len, reverse=True)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_finnish_in_the_report_outside_names_and_quotes(folder: Path, project: Path, language: str) -> None:
    """Every section of report.sv.html / report.en.html, as a reader sees it, holds no
    Finnish word (tests/finnish_scan.py) once the areas' and the models' names and the
    quotes marked lang="fi" are set aside. Fails, naming the sections and their Finnish
    words, until every section's translation is merged."""
    anchors = {anchor for anchor, _ in sections(True, True, language)}
    parser = VisibleText(anchors)
    parser.feed((folder / f"report.{language}.html").read_text(encoding="utf-8"))
    names = names_in(language, project)
    found = {}
    for section, texts in parser.texts.items():
        text = NOT_WORDS.sub(" ", "\n".join(texts))
        for name in names:
            text = text.replace(name, " ")
        words = finnish_words(text, language)
        if words:
            found[section] = sorted(set(words))[:12]
    assert set(parser.texts) >= {"front", "alueet", "laatu", "tekninen-liite"}  # the scan reaches every part
    assert heading("alueet", language) in "".join(parser.texts["alueet"])
    assert found == {}


def test_a_summary_that_depends_on_the_language_fails_the_build(folder: Path, project: Path) -> None:
    """A notebook whose summary.json differs by language (here: it writes the
    language into it) stops the build naming the language, and leaves the earlier
    folder as it was."""
    import nbformat

    from analysis.publish.build import BuildError, build_cutoff

    parameters = nbformat.v4.new_code_cell(
        'cutoff = ""\nprocessed_dir = ""\ncompare_with = []\nlanguage = "fi"\npublic = False\nscreening = True\n'
        'screening_scope = ""\nscreening_ranked = False\npanel_dir = ""\nsummary_path = ""\nslides_path = ""',
        metadata={"tags": ["parameters"]},
    )
    writes = nbformat.v4.new_code_cell(
        "import json\nopen(summary_path, 'w').write(json.dumps({'n': 1, 'language': language}))"
    )
    notebook = project / "language_dependent.ipynb"
    kernel = {"name": "python3", "language": "python", "display_name": "Python 3"}
    metadata = {"kernelspec": kernel, "language_info": {"name": "python"}}
    nbformat.write(nbformat.v4.new_notebook(cells=[parameters, writes], metadata=metadata), notebook)
    target = project / "dependent" / CUTOFF
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(project))
        with pytest.raises(BuildError, match="Swedish report's summary.json differs from the Finnish one"):
            build_cutoff(
                date(2025, 12, 31), project / "data" / "processed", target, notebook=notebook, languages=("fi", "sv")
            )
    assert not target.exists()
