"""The report's technical appendix (*Tekninen liite*), its last part: what a
reader of the report does not need but whoever checks or repeats it does – the
program's version, the source files with their SHA-256 checksums, the files that
hold the rules and the outputs beside the report, the program libraries the
methods use, the rows the reading noticed and the rows left out, by file and
row. Everything that names a file, a package, a command, a checksum or a version
is here and nowhere else in the reader's text (tests/test_finnish_text.py scans
the rendered reports for it)."""

from __future__ import annotations

from analysis import config
from analysis.report.data import APPENDIX_ANCHOR, APPENDIX_HEADING, ReportData, version_fi
from analysis.report.section import Section
from analysis.report.sections import data_quality


def _package_file(path) -> str:
    """A data file of the package as the repository names it: src/analysis/data/themes.yaml."""
    return f"src/analysis/data/{path.name}"


def appendix(r: ReportData) -> Section:
    m = r.data.manifest
    s = Section(APPENDIX_ANCHOR, APPENDIX_HEADING)
    # (what, file or command): what the reader's text refers to in words
    where = [
        ("Raportin luvut koneluettavina", "summary.json"),
        ("Arvioitujen toimintamallien luettelo", "listaus.csv, listaus.xlsx"),
        ("Teemojen sanat ja sanaparit", _package_file(config.THEMES_FILE)),
        ("Sanojen perusmuotoistus", "simplemma"),
        ("Prosenttiosuuksien pyöristys (summa 100)", "suurimman jäännöksen menetelmä"),
    ]
    if r.screening_on:
        where.append(("Esikarsinnan ehdot ja pisteytys", _package_file(config.CRITERIA_FILE)))
    where += [
        ("THL:n määritelmät ja tekstit", _package_file(config.REPORT_TEXTS_FILE)),
        ("Asiantuntijapaneelin pisteiden kokoaminen", "python -m analysis review-collect"),
        ("Raporttien kokoaminen", "python -m analysis build"),
    ]
    s.part(
        "report_parts/appendix.html.j2",
        anchor=APPENDIX_ANCHOR,
        heading=APPENDIX_HEADING,
        version=version_fi(m.get("code_version", "")),
        files=m["inputs"] + m.get("hand_kept_files", []),
        where=where,
    )
    s.blocks.extend(data_quality.row_tables(r))
    return s
