"""The report's technical appendix (*Tekninen liite*), its last part: what a
reader of the report does not need but whoever checks or repeats it does – the
program's version, the source files with their SHA-256 checksums, the files that
hold the rules and the outputs beside the report, the program libraries the
methods use, the rows the reading noticed and the rows left out, by file and
row. Everything that names a file, a package, a command, a checksum or a version
is here and nowhere else in the reader's text (tests/test_finnish_text.py scans
the rendered reports for it). Its words in each language: data/sentences/appendix.yaml
(the Finnish there is the Finnish report's, word for word)."""

from __future__ import annotations

from pathlib import Path

from analysis import config
from analysis.language.sentences import sentence
from analysis.report.data import APPENDIX_ANCHOR, ReportData, heading, version_fi
from analysis.report.section import Section
from analysis.report.sections import data_quality


def _package_file(path) -> str:
    """A data file of the package as the repository names it: src/analysis/data/themes.yaml."""
    return f"src/analysis/data/{path.name}"


def version_in(version: str, language: str) -> str:
    """ "0.1.0 (f6a77c970b26+dirty)" -> "0.1.0 (f6a77c970b26, unsaved changes)" in
    ``language`` (Finnish: :func:`analysis.report.data.version_fi`)."""
    if language == "fi":
        return version_fi(version)
    return version.replace("+dirty)", f", {sentence('appendix.unsaved', language)})")


def _in_language(name: str, language: str) -> str:
    """A file written beside the report in its language: listaus.csv -> listaus.sv.csv."""
    if language == "fi":
        return name
    path = Path(name)
    return str(path.with_name(f"{path.stem}.{language}{path.suffix}"))


def appendix(r: ReportData) -> Section:
    m = r.data.manifest
    language = r.language
    s = Section(APPENDIX_ANCHOR, heading(APPENDIX_ANCHOR, language))

    def word(key: str) -> str:
        return sentence(f"appendix.{key}", language)

    listings = ", ".join(_in_language(name, language) for name in ("listaus.csv", "listaus.xlsx"))
    # (what, file or command): what the reader's text refers to in words
    where = [
        (word("where.summary"), "summary.json"),
        (word("where.listing"), listings),
        (word("where.theme_words"), _package_file(config.THEMES_FILE)),
        (word("where.lemmatiser"), "simplemma"),
        (word("where.rounding"), word("where.rounding_method")),
    ]
    if r.screening_on:
        where.append((word("where.criteria"), _package_file(config.CRITERIA_FILE)))
    texts = _in_language(_package_file(config.REPORT_TEXTS_FILE), language)
    where += [
        (word("where.texts"), texts),
        (word("where.panel_collect"), "python -m analysis review-collect"),
        (word("where.build"), "python -m analysis build"),
    ]
    s.part(
        "report_parts/appendix.html.j2",
        anchor=APPENDIX_ANCHOR,
        heading=s.heading,
        intro=word("intro"),
        caption=word("caption"),
        version_label=word("version"),
        sources_label=word("sources"),
        version=version_in(m.get("code_version", ""), language),
        files=m["inputs"] + m.get("hand_kept_files", []),
        where=where,
    )
    s.blocks.extend(data_quality.row_tables(r))
    return s
