"""Exploration for the project lead: filters, comparison, export, and the notebook
run headless with its defaults. Figures refer to tests/fixtures/summary_small.csv
(see test_summary.py for its table)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import FIXTURES

from analysis import config
from analysis.cli.commands import main
from analysis.explore.explorer import Explorer, Filters, apply_filters, export
from analysis.files.outputs import OutputError

NOTEBOOK = config.REPO_DIR / "notebooks" / "exploration.ipynb"


@pytest.fixture
def small_project(project: Path) -> Path:
    shutil.copy(FIXTURES / "summary_small.csv", project / "data/raw/vienti.csv")
    assert main(["clean", "--cutoff", "2025-04-02", "--cutoff", "2025-04-04"]) == 0
    return project


def ids(frame: pd.DataFrame) -> list[int]:
    return sorted(int(i) for i in frame["response_id"])


def test_filters(small_project: Path) -> None:
    explorer = Explorer.open()
    kept = explorer.assessments()  # the latest: 4.4.2025, all four
    assert ids(kept) == [1, 2, 3, 4]
    assert ids(apply_filters(kept, Filters(areas=("Kainuun hyvinvointialue",)))) == [3, 4]
    assert ids(apply_filters(kept, Filters(target_groups=("working_age", "whole_population")))) == [1, 3]
    assert ids(apply_filters(kept, Filters(dev_targets=("digital",)))) == [3]
    assert ids(apply_filters(kept, Filters(scopes=("Palveluketju",)))) == [1, 2]
    assert ids(apply_filters(kept, Filters(phase="pilot_only"))) == [2]  # piloted, not adopted
    assert ids(apply_filters(kept, Filters(phase="rooted"))) == [1]
    assert ids(apply_filters(kept, Filters(themes=("cost_savings",)))) == [3]
    both = Filters(areas=("Lapin hyvinvointialue",), target_groups=("older_people",), phase="adopted")
    assert ids(apply_filters(kept, both)) == [1]
    assert "alue: Lappi" in both.describe() and "vaihe: Käyttöönotettu" in both.describe()


def test_answers_carry_themes_and_evidence(small_project: Path) -> None:
    answers = Explorer.open().answers(Filters(themes=("digital",)))
    assert answers["Vastaajan numero"].tolist() == ["1"]
    row = answers.iloc[0]
    themes = row["Teemat (sanat, joista teema tunnistettiin)"]
    # each theme with the words that fired, not the rules that matched them
    digital = next(t for t in themes.split("; ") if t.startswith("Digitaalisten palveluiden laajentuminen ("))
    assert "etävastaanotot" in digital.lower() and "[" not in themes and "*" not in themes


def test_compare_two_dates_even_unprocessed_ones(small_project: Path) -> None:
    explorer = Explorer.open()
    result = explorer.compare("2025-04-02", "2025-04-04")
    areas = result["alueet"].set_index("Hyvinvointialue")
    assert areas.loc["Kainuun hyvinvointialue"].tolist() == [0, 2, "+2"]
    key = result["keskeiset luvut"].set_index("Luku")
    assert key.loc["Itsearviointeja"].tolist() == [2, 4, "+2"]
    assert sorted(result["muuttuneet mallit"]["Muutos"]) == ["uusi", "uusi"]
    # 3.4.2025 was never processed: it is cleaned from data/raw on the spot
    unprocessed = explorer.compare("2025-04-03", "2025-04-04")
    assert unprocessed["keskeiset luvut"].set_index("Luku").loc["Itsearviointeja"].tolist() == [3, 4, "+1"]


def test_export_in_one_call(small_project: Path, tmp_path: Path) -> None:
    table = Explorer.open().answers()
    csv_path = export(table, tmp_path / "vastaukset.csv")
    xlsx_path = export(table, tmp_path / "vastaukset.xlsx")
    assert len(pd.read_csv(csv_path, sep=";", encoding="utf-8-sig")) == 4
    sheet = openpyxl.load_workbook(xlsx_path).active
    names = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://example.invalid")' in names  # neutralised, not a formula
    with pytest.raises(OutputError):
        export(table, small_project / "data/raw/out.csv")
    with pytest.raises(ValueError, match=".csv or .xlsx"):
        export(table, tmp_path / "out.json")


@pytest.mark.slow  # executes a notebook
def test_the_notebook_runs_headless_with_its_defaults(messy_project: Path, tmp_path: Path) -> None:
    import nbformat
    import papermill

    shutil.copy(config.REPO_DIR / "data/raw/itsearviointi_vienti_synteettinen.xlsx", messy_project / "data/raw")
    (messy_project / "data/raw/messy.csv").unlink()
    assert main(["clean"]) == 0
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(tmp_path / "out.ipynb"),
        kernel_name="python3",
        progress_bar=False,
        execution_timeout=300,  # a cell that never answers fails the test instead of hanging CI
        parameters={"processed_dir": str(messy_project / "data/processed")},
        cwd=str(NOTEBOOK.parent),
    )
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    shown = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in shown)


def test_the_notebook_is_committed_without_outputs() -> None:
    import nbformat  # imported where used: it takes about 2 s (jsonschema's format checkers)

    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
