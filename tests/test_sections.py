"""The report's sections as data (issue #22, item 3): each section is a function from
the report's data to a Section; the notebook shows them in the order of
``report.sections.ORDER`` through one renderer; summary.json is gathered from the
same Section objects, so a figure in summary.json and the table the report shows
for it come from one computation.

On tests/fixtures/summary_small.csv (four assessments; the hand counts are in
tests/test_summary.py's docstring)."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis import config
from analysis.ingest import pipeline
from analysis.report import render
from analysis.report.data import SECTIONS, ReportData
from analysis.report.section import Chart, Section, Table, Text
from analysis.report.sections import ORDER, report_sections
from analysis.report.summary import KEYS, summary_from_sections

CUTOFF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def data() -> ReportData:
    inputs = pipeline.load_inputs([FIXTURES / "summary_small.csv"], None, None, None)
    cleaned = inputs.clean(CUTOFF)
    return ReportData.from_frames(CUTOFF, cleaned.assessments, pipeline.manifest(inputs, cleaned))


@pytest.fixture(scope="module")
def sections(data: ReportData) -> dict[str, Section]:
    return {s.id: s for s in report_sections(data)}


def test_a_section_is_data_and_shows_nothing_itself(data: ReportData, monkeypatch) -> None:
    """Making the sections displays nothing and draws nothing: only the renderer does."""
    import IPython.display
    import matplotlib.pyplot as plt

    def refuse(*args, **kwargs):
        raise AssertionError("a section function displayed or drew something")

    monkeypatch.setattr(IPython.display, "display", refuse)
    monkeypatch.setattr(render, "display", refuse)
    monkeypatch.setattr(plt, "subplots", refuse)
    made = report_sections(data)
    kinds = {type(block) for section in made for block in section.blocks}
    assert {Text, Table, Chart} <= kinds


def test_the_notebook_shows_the_sections_in_their_order() -> None:
    """One notebook cell per section function, in ORDER; the numbered sections'
    anchors are the report's contents (SECTIONS)."""
    notebook = json.loads((config.REPO_DIR / "notebooks" / "summary_report.ipynb").read_text(encoding="utf-8"))
    calls = [
        m.group(1)
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for m in re.finditer(r"^report\.(\w+)\(\)", "".join(cell["source"]), flags=re.M)
    ]
    method = {"title": "header", "panel": "panel_review"}
    assert calls == [method.get(f.__name__, f.__name__) for f in ORDER]


def test_the_notebooks_headings_are_the_contents() -> None:
    """Each heading cell of the notebook (its anchor and "## N. Heading") says what
    SECTIONS says, so the contents, the headings and the sections cannot drift apart."""
    notebook = json.loads((config.REPO_DIR / "notebooks" / "summary_report.ipynb").read_text(encoding="utf-8"))
    found = [
        (m.group(1), m.group(2).strip())
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
        for m in re.finditer(r'<a id="([\w-]+)"></a>\s*## ([^\n]+)', "".join(cell["source"]))
    ]
    assert found == list(SECTIONS)


def test_section_ids_are_the_reports_anchors(sections: dict[str, Section]) -> None:
    anchors = {anchor for anchor, _ in SECTIONS}
    numbered = [s for s in sections if s in anchors]
    assert numbered == [a for a, _ in SECTIONS]  # every numbered section, in the contents' order
    headings = dict(SECTIONS)
    for anchor in numbered:
        assert headings[anchor].split(". ", 1)[1] == sections[anchor].heading


def test_summary_and_tables_come_from_the_same_section(sections: dict[str, Section]) -> None:
    """Each figure of summary.json against the table its section shows (and the hand
    counts of the fixture)."""
    summary = summary_from_sections(sections.values())
    assert list(summary) == [k for k in KEYS if k in summary]
    assert summary["n"] == 4 and "panel_review" not in summary

    scope = sections["laajuus"].tables[0].frame.set_index("Laajuus")["Lukumäärä (n=4)"].iloc[:-1]
    assert {k: v for k, v in scope.items()} == summary["scope"]
    assert summary["scope"]["Palveluketju"] == 2  # rows 1 and 2

    areas = sections["alueet"].tables[0].frame.set_index("Hyvinvointialue").iloc[:, 0]
    assert {k: int(v) for k, v in areas.items() if k in summary["regions"]} == summary["regions"]
    assert summary["regions"]["Lapin hyvinvointialue"] == 2 == summary["regions"]["Kainuun hyvinvointialue"]

    digital = sections["digi"].tables[0].frame
    assert dict(zip(digital.iloc[:, 0], digital["Lukumäärä"])) == summary["digital"]
    chart = sections["digi"].charts[0]
    assert chart.data["counts"] == summary["digital"] and chart.data["n"] == 4

    themes = sections["teemat"].tables[0].frame
    assert dict(zip(themes["Teema"], themes["n"])) == summary["themes"]

    stage1 = sections["esikarsinta"].figures["screening"]
    scores = sections["esikarsinta"].tables[1].frame
    assert sum(scores["Arviointeja"]) == stage1["screened"] == 4
    assert stage1["scope"] == "all"

    accounting = sections["laatu"].tables[0].frame.set_index("Vastaukset")["Lukumäärä"]
    assert accounting["Vastauksia lomakkeen vientitiedostossa"] == summary["raw_rows"] == 4
    assert accounting["Mukana tässä raportissa"] == summary["n"]


def test_a_figure_given_twice_or_unnamed_is_refused() -> None:
    one, two = Section("a", "A", figures={"n": 1}), Section("b", "B", figures={"n": 2})
    with pytest.raises(ValueError, match="'n' given by two sections"):
        summary_from_sections([one, two])
    with pytest.raises(ValueError, match="KEYS does not name"):
        summary_from_sections([Section("c", "C", figures={"something_new": 1})])


def test_without_the_screening_there_is_no_screening(data: ReportData) -> None:
    off = ReportData.from_frames(CUTOFF, data.kept, data.data.manifest, screening=False)
    made = {s.id: s for s in report_sections(off)}
    assert "esikarsinta" not in made and "screening" not in summary_from_sections(made.values())
    listing = made["listaus"].tables[0].frame
    assert "Pisteet" not in listing.columns


def test_the_renderer_makes_each_block_once(data: ReportData, monkeypatch) -> None:
    """The renderer shows a section's blocks in order, one output each: Markdown for
    sentences, HTML for the rest."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(render, "display", lambda obj: shown.append((type(obj).__name__, str(obj.data))))
    section = Section("x", "X")
    section.say("**1** lause")
    section.table(pd.DataFrame({"a": ["<b>"], "b": [1]}), "Otsikko")
    render.show(section)
    assert [kind for kind, _ in shown] == ["Markdown", "HTML"]
    assert "&lt;b&gt;" in shown[1][1] and "<caption>Otsikko</caption>" in shown[1][1]
