"""reports/index.html: every built report, THL's standard cutoffs first, with links
to each report's files and its kind (THL's internal report, or the public one). It
links nothing of the expert panel: that lives outside reports/ (internal/)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from analysis import config
from analysis.files.outputs import write_file_atomically
from analysis.language import formatting

TEMPLATES = config.TEMPLATES_DIR


def built_reports(reports_dir: Path | None = None) -> list[tuple[str, dict]]:
    """(folder name, build.json) of every report in ``reports_dir``, newest cutoff first."""
    reports_dir = Path(reports_dir or config.reports_dir())
    entries = []
    for info_file in sorted(reports_dir.glob("*/build.json")):
        entries.append((info_file.parent.name, json.loads(info_file.read_text(encoding="utf-8"))))
    return sorted(entries, key=lambda e: e[0], reverse=True)


def ad_hoc_reports(reports_dir: Path | None = None) -> list[str]:
    """The report folders of cutoffs other than the three standard ones."""
    standard = {c.isoformat() for c in config.STANDARD_CUTOFFS}
    return [folder for folder, info in built_reports(reports_dir) if info.get("cutoff") not in standard]


def report_languages(folder: Path) -> list[dict[str, object]]:
    """A report folder's languages, Finnish first: each with its name in its own
    language, its report and, for Swedish and English, its listings and PDF."""
    from analysis.publish.build import LANGUAGE_NAMES, language_file, languages_in

    found: list[dict[str, object]] = []
    for language in languages_in(folder):
        files = [language_file(name, language) for name in ("listaus.xlsx", "listaus.csv", "report.pdf")]
        found.append(
            {
                "code": language,
                "name": LANGUAGE_NAMES[language],
                "report": language_file("report.html", language),
                "files": [f for f in files if language != "fi" and (folder / f).is_file()],
            }
        )
    return found


def write_index(reports_dir: Path | None = None) -> Path:
    """reports/index.html: every built cutoff with its n and build time (Finnish
    time), THL's three standard cutoffs in one table and other cutoffs in another
    (templates/index/index.html.j2); a cutoff built in more languages than Finnish
    links each language's report (Suomi, Svenska, English: hreflang and lang on the
    links) and files. The page itself is Finnish."""
    import jinja2

    reports_dir = Path(reports_dir or config.reports_dir())
    standard = {c.isoformat() for c in config.STANDARD_CUTOFFS}
    rows: dict[bool, list[dict[str, object]]] = {True: [], False: []}
    for folder, info in built_reports(reports_dir):
        rows[info["cutoff"] in standard].append(
            {
                "folder": folder,
                "cutoff": formatting.date_fi(date.fromisoformat(info["cutoff"])),
                "note": " (synteettinen esimerkkiaineisto)" if info.get("synthetic_data") else "",
                "n": info["n"],
                "built": formatting.timestamp_fi(info["built_at"]),
                "pdf": (reports_dir / folder / "report.pdf").is_file(),
                "slides": (reports_dir / folder / "report.pptx").is_file(),
                "slides_pdf": (reports_dir / folder / "report-slides.pdf").is_file(),
                "public": bool(info.get("public")),
                "languages": report_languages(reports_dir / folder),
                "kind": "julkinen" if info.get("public") else "sisäiseen käyttöön",
            }
        )
    sections = []
    if rows[True] or not rows[False]:
        sections.append(
            {
                "heading": "Raportit THL:n yhteenvetojen rajapäiviltä",
                "caption": "Raportit THL:n julkaisemien yhteenvetojen rajapäiviltä (30.6., 31.10. ja 31.12.2025), "
                "uusin ensin",
                "rows": rows[True],
            }
        )
    if rows[False]:
        sections.append(
            {
                "heading": "Raportit muilta rajapäiviltä",
                "caption": "Raportit muilta rajapäiviltä (kertaluonteiset raportit), uusin ensin",
                "rows": rows[False],
            }
        )
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "index"), autoescape=True, keep_trailing_newline=True
    )
    synthetic = any(row["note"] for section in rows.values() for row in section)
    internal = any(not r["public"] for rows_ in rows.values() for r in rows_)
    page = environment.get_template("index.html.j2").render(
        sections=sections, synthetic_notice=config.SYNTHETIC_NOTICE if synthetic else "", internal=internal
    )
    target = reports_dir / "index.html"
    write_file_atomically(target, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    return target
