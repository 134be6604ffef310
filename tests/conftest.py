"""Shared test helpers.

The fixtures in tests/fixtures/ are small and written by hand, so every expected
figure in these tests can be checked by reading the file:

layout_a.csv  5 assessments, one column per option holding 1/0 (';', UTF-8)
layout_b.csv  the same 5, option columns holding the label; numbered, upper-case and
              double-spaced headers; ',' with UTF-8 BOM
layout_c.csv  the same 5 under a two-row header (question over its options)
layout_d.csv  the same 5, multi-selections as one ';'-joined column; tab-delimited
messy.csv     13 rows, one for each cleaning rule (see test_cleaning.py)
"""

from __future__ import annotations

import ast
import csv
import functools
import io
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# Personal data in the fixtures: none of it may reach any output.
PERSONAL_DATA = [
    "Meikäläinen",
    "maija.meikalainen@example.invalid",
    "Teppo Testaaja",
    "teppo.testaaja@example.invalid",
    "Liisa Esimerkki",
    "Kalle Koe",
    "anna.malli@example.invalid",
    "Pekka Puup",
    "Sara Svensson",
    "Olli Osallistuja",
]


def read_csv_rows(path: Path, delimiter: str = ";", encoding: str = "utf-8") -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


def write_csv_rows(
    path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ";", encoding: str = "utf-8"
) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], *, merges: Sequence[str] = (), report_sheet: bool = True
) -> Path:
    """An .xlsx like Webropol's: responses on the first sheet, a report sheet after it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Vastaukset"
    for row in rows:
        sheet.append([None if v == "" else v for v in row])
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    if report_sheet:
        report = book.create_sheet("Raportti")
        report.append(["Yhteenveto", "ei vastauksia tällä välilehdellä"])
        report.append(["Vastaajan numero", "Vastausaika", "Hyvinvointialue"])
        report.append([999, "1.1.2025", "Ahvenanmaa"])
    book.save(path)
    return path


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away project folder (data/raw, data/processed, reports) for the package's paths."""
    for sub in ("data/raw", "data/processed", "reports"):
        (tmp_path / sub).mkdir(parents=True)
    monkeypatch.setenv("RRP_PROJECT_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def messy_project(project: Path) -> Path:
    """The messy fixture and its exclusions file placed in data/raw/."""
    shutil.copy(FIXTURES / "messy.csv", project / "data/raw/messy.csv")
    shutil.copy(FIXTURES / "messy_exclusions.csv", project / "data/raw/exclusions.csv")
    return project


def output_files(folder: Path) -> dict[str, Path]:
    """The files an output folder shows its reader, by their paths as the reader sees
    them: through the folders' links, not into the hidden generations behind them."""
    found: dict[str, Path] = {}
    for root, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            found[str(path.relative_to(folder))] = path
    return found


def leftovers(folder: Path) -> list[str]:
    """What a run left behind beside its outputs: hidden staging or old folders, and
    generations other than the current one."""
    left = [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name not in (".generations", ".gitkeep")]
    generations = folder / ".generations"
    if generations.is_dir():
        current = os.readlink(generations / "current") if (generations / "current").is_symlink() else None
        left += [f".generations/{p.name}" for p in generations.iterdir() if p.name not in (".lock", "current", current)]
    return sorted(left)


# The bundled sample's raw files (data/raw/), as a project holds them
SAMPLE_FILES = ("itsearviointi_vienti_synteettinen.xlsx", "exclusions.csv", "listing_status.csv")


def sample_project(root: Path) -> Path:
    """A project folder at ``root`` (data/raw, data/processed, reports) holding the
    bundled sample's raw files, for a module's tests to clean and build once."""
    from analysis import config

    for sub in ("data/raw", "data/processed", "reports"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        shutil.copy(config.REPO_DIR / "data" / "raw" / name, root / "data" / "raw" / name)
    return root


def report_data_in_languages(export: Path, cutoff: date) -> dict:
    """One export cleaned at ``cutoff`` in memory, as the report's data in each of its
    languages ("fi", "sv", "en" -> ReportData): the Swedish and English tests'
    small fixture."""
    from analysis.ingest import pipeline
    from analysis.report.data import ReportData

    inputs = pipeline.load_inputs([export], None, None, None)
    cleaned = inputs.clean(cutoff)
    manifest = pipeline.manifest(inputs, cleaned)
    return {
        language: ReportData.from_frames(cutoff, cleaned.assessments, manifest, language=language)
        for language in ("fi", "sv", "en")
    }


def fill_review_workbooks(pack: Path, into: Path) -> Path:
    """Every reviewer of a review pack scores every model given to them, the same
    scores every run (from a hash of the workbook, the model and the item), into
    the returned workbooks' folder ``into``."""
    import hashlib

    into.mkdir(parents=True, exist_ok=True)
    for path in sorted((pack / "tyokirjat").glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        sheet = book["Pisteytys"]
        for row in range(2, sheet.max_row + 1):
            model = sheet.cell(row, 1).value
            if model is None:
                continue
            for k in range(3):
                digest = int(hashlib.sha256(f"{path.name}{model}{k}".encode()).hexdigest(), 16)
                sheet.cell(row, 6 + k).value = 1 + digest % 4
        book.save(into / path.name)
    return into


SRC_DIR = Path(__file__).resolve().parent.parent / "src" / "analysis"


@functools.cache
def parsed_sources() -> tuple[tuple[str, ast.Module], ...]:
    """Every module of src/analysis, parsed: (file under src/analysis, syntax tree)."""
    return tuple(
        (path.relative_to(SRC_DIR).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SRC_DIR.rglob("*.py"))
    )


@functools.cache
def third_party_imports() -> tuple[tuple[str, int, str, tuple[str, ...], bool], ...]:
    """Every import of another package (not the standard library's, not ours) in
    src/analysis: (file under src/analysis, line, module, names imported from it,
    whether at the module's top level rather than inside a function)."""
    found = []
    for file, tree in parsed_sources():
        top_level = {id(node) for node in tree.body}
        top_level |= {id(n) for node in tree.body if isinstance(node, ast.If) for n in node.body + node.orelse}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules: list[tuple[str, tuple[str, ...]]] = [(alias.name, ()) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [(node.module, tuple(alias.name for alias in node.names))]
            else:
                continue
            for module, names in modules:
                top = module.split(".")[0]
                if top != "analysis" and top not in sys.stdlib_module_names:
                    found.append((file, node.lineno, module, names, id(node) in top_level))
    return tuple(found)


# a test that needs a tool (Chromium, LibreOffice, axe-core) skips without it, but fails in CI
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(ok: bool, reason: str) -> None:
    """Skip with ``reason`` where a tool is missing; in CI, fail."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI is set: this test must run; .ci/run installs the tools)")
    pytest.skip(reason)
