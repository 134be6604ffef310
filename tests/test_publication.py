"""The report as a publication (issue #14): printed on A4 without losing data,
WCAG 2.1 AA by axe-core, small, charts with text alternatives and fixed colours.

The tests that need headless Chromium (Debian's ``chromium``), poppler-utils
(``pdfinfo``, ``pdftotext``) or axe-core (``npm ci``) are skipped with the reason
where those are missing, and fail instead when ``CI`` is set: CI (.ci/run)
installs them, so there they always run.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import require

from analysis import config
from analysis.cli.commands import main
from analysis.publish import chromium as browser
from analysis.report import charts

# every test here builds reports (executes the report notebook) or times large exports
pytestmark = pytest.mark.slow

REPO = config.REPO_DIR
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SAMPLE_FILES = ["itsearviointi_vienti_synteettinen.xlsx", "exclusions.csv", "listing_status.csv"]
A4 = (595.0, 842.0)  # points


def has_chromium() -> bool:
    return browser.find_chromium() is not None


def has_poppler() -> bool:
    return bool(shutil.which("pdftotext") and shutil.which("pdfinfo"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """The sample's 31.12.2025 report (with report.pdf where Chromium is installed)
    and reports/index.html, built in a temporary project; with the ranked list of
    §11 (``--ranked-list``), the widest table a report can print; in Finnish, Swedish
    and English (report.sv.html, report.en.html and their PDFs: issue #27)."""
    root = tmp_path_factory.mktemp("publication")
    for sub in ("data/raw", "data/processed", "reports"):
        (root / sub).mkdir(parents=True)
    for name in SAMPLE_FILES:
        shutil.copy(REPO / "data" / "raw" / name, root / "data" / "raw" / name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(root))
        mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
        args = ["build", "--cutoff", "2025-12-31", "--ranked-list", "--lang", "fi,sv,en"]
        args += ["--pdf"] if has_chromium() else []
        assert main(args) == 0
    return root / "reports"


@pytest.fixture(scope="module")
def page(reports: Path) -> str:
    return (reports / "2025-12-31" / "report.html").read_text(encoding="utf-8")


def svgs(page: str) -> list[tuple[str, str]]:
    """(alt text, SVG source) of every embedded chart."""
    found = re.findall(r'<img alt="([^"]*)" [^>]*src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    found += [
        (a, s)
        for s, a in re.findall(r'<img [^>]*src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"', page)
    ]
    return [(html.unescape(alt), base64.b64decode(data).decode("utf-8")) for alt, data in found]


def table_headers(page: str, css_class: str) -> list[str]:
    table = re.search(rf'<table class="[^"]*\b{css_class}\b[^"]*">(.*?)</table>', page, re.S).group(1)
    head = table.split("</thead>", 1)[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def listing_rows(page: str) -> list[list[str]]:
    table = re.search(r'<table class="[^"]*\blisting\b[^"]*">(.*?)</table>', page, re.S).group(1)
    body = table.split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", " ", c)).strip() for c in cells])
    return rows


def flat(text: str) -> str:
    return " ".join(text.split())


# --- 1. print ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(reports: Path) -> Path:
    require(has_chromium(), f"headless Chromium is not installed ({browser.INSTALL})")
    require(has_poppler(), "pdftotext/pdfinfo (poppler-utils) are not installed")
    path = reports / "2025-12-31" / "report.pdf"
    assert path.is_file(), "build --pdf wrote no report.pdf"
    return path


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def page_sizes(path: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]


def test_the_pdf_is_a4_and_page_one_has_the_title(pdf: Path) -> None:
    sizes = page_sizes(pdf)
    assert sizes, "pdfinfo listed no pages"
    for number, (w, h) in enumerate(sizes, 1):
        assert abs(min(w, h) - A4[0]) < 2 and abs(max(w, h) - A4[1]) < 2, f"page {number} is {w} x {h} pt, not A4"
    assert sizes[0][0] < sizes[0][1], "the first page is portrait"
    pages = pdf_pages(pdf)
    assert len(pages) == len(sizes)
    assert "RRP-toimintamallien vaikutusten itsearvioinnit – yhteenveto 31.12.2025" in flat(pages[0])
    assert "SYNTEETTINEN ESIMERKKIAINEISTO" in pages[0]
    for number, text in enumerate(pages, 1):
        assert text.strip(), f"page {number} is blank"
        assert f"Sivu {number} / {len(pages)}" in text, f"page {number} has no page number"
    for number, text in enumerate(pages[1:], 2):
        assert "yhteenveto 31.12.2025" in text.split("\n", 3)[0] + text.split("\n", 3)[1], (
            f"no running title on page {number}"
        )
    # the synthetic sample: every page's header says so, the first page's too
    for number, text in enumerate(pages, 1):
        assert "SYNTEETTINEN ESIMERKKIAINEISTO" in "".join(text.split("\n", 3)[:3]), f"page {number}"


def test_the_printed_listing_has_every_column_and_every_score(pdf: Path, page: str) -> None:
    headers = table_headers(page, "listing")
    assert len(headers) == 9 and headers[0] == "Toimintamalli" and headers[-1] == "Pisteet"
    pages = pdf_pages(pdf)
    sizes = page_sizes(pdf)
    listing = [
        text
        for text, (w, h) in zip(pages, sizes)
        if "12. Arvioidut toimintamallit" in text or (w > h and "Toimintamalli" in text)
    ]
    assert listing, "the listing was not found in the PDF"
    printed = flat("\n".join(listing))
    words = set(re.findall(r"\w+", printed))
    for header in headers:  # a header may wrap over lines in its cell: each of its words is printed
        assert all(word in words for word in re.findall(r"\w+", header)), f"column {header!r} is not printed"
    # every model's score, in the listing's order: the last value of each row's first line
    # (scored are the assessments in the screening's scope, those returned by 30.6.2025: see test_reports)
    expected = [row[-1] for row in listing_rows(page) if row[-1]]
    assert len(listing_rows(page)) == 108 and 60 <= len(expected) < 108
    got = []
    for text in listing:
        for line in text.splitlines():
            match = re.search(r"\s(\d{1,2},\d)\s*$", line)
            if match:
                got.append(match.group(1))
    assert got == expected
    # and every model, by the start of its name
    for row in listing_rows(page):
        assert flat(row[0])[:12] in printed, row[0]


def test_printed_tables_and_charts_are_whole(pdf: Path, page: str) -> None:
    pages = pdf_pages(pdf)
    # the target group x development target table keeps all six data columns
    cross = table_headers(page, "cross")
    assert len(cross) == 7
    text = flat("\n".join(pages))
    cross_pages = [p for p in pages if "Yleisimpien asiakasryhmien kehittämisen kohteet" in p]
    assert cross_pages
    words = set(re.findall(r"\w+", cross_pages[0]))
    for header in cross:
        assert all(word in words for word in re.findall(r"\w+", header)), header
    # the area chart (its text is text in the PDF) lies on one page with all 22 areas
    from analysis.form.codebook import load_codebook

    shorts = [r.short for r in load_codebook().regions]
    holding = [p for p in pages if "Itsearvioinnit hyvinvointialueittain, n=108" in p and "Rajapäivä" in p]
    assert holding and all(short in holding[0] for short in shorts)
    # the shortlist's last column is printed
    assert "Puuttuvat kriteerit" in text


# --- 2. print layout: pages read from the PDF's word boxes (issue #23 item 9) ----------------


def pdf_words(path: Path) -> list[dict]:
    """Each page of the PDF as its size and its words in reading order, each word
    with its box in points (``pdftotext -bbox-layout``); the invisible joiners and
    soft hyphens the report puts in ranges and headers are left out of the text."""
    import xml.etree.ElementTree as ET

    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ET.fromstring(xhtml).iterfind(".//x:page", ns):
        words = [
            {
                "text": (w.text or "").replace("\u2060", "").replace("\u00ad", ""),
                **{k: float(w.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax")},
            }
            for w in page.iterfind(".//x:word", ns)
        ]
        pages.append({"width": float(page.get("width", "0")), "height": float(page.get("height", "0")), "words": words})
    return pages


def body_lines(page: dict) -> list[str]:
    """A page's lines of text from top to bottom (words within 2 pt of height on one
    line), without the running title at the top and the page number at the bottom."""
    lines: list[tuple[float, list[dict]]] = []
    for word in sorted(page["words"], key=lambda w: (round(w["yMin"]), w["xMin"])):
        if lines and abs(lines[-1][0] - word["yMin"]) <= 2:
            lines[-1][1].append(word)
        else:
            lines.append((word["yMin"], [word]))
    texts = [" ".join(w["text"] for w in sorted(ws, key=lambda w: w["xMin"])) for _, ws in lines]
    return [t for t in texts if not re.fullmatch(r"Sivu \d+ / \d+", t) and "– yhteenveto" not in t]


def html_texts(fragment: str) -> str:
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u2060", "").replace("\u00ad", ""))


def tables_of(page: str) -> list[dict]:
    """The report's tables: classes, caption, header cells and rows' cells as text."""
    found = []
    for classes, body in re.findall(r'<table class="([^"]*)">(.*?)</table>', page, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", body, re.S)
        head = body.split("</thead>", 1)[0]
        rows = [
            [html_texts(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>", 1)[-1], re.S)
        ]
        found.append(
            {
                "classes": classes.split(),
                "caption": html_texts(caption.group(1)) if caption else "",
                "head": [html_texts(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)],
                "rows": rows,
            }
        )
    return found


def test_no_page_ends_with_a_heading_or_a_caption(pdf: Path, page: str) -> None:
    """The last line of every page but the last is neither a section heading, a
    table's caption (or a part of one that wrapped) nor a table's header row: each
    comes with what it names."""
    labels = [html_texts(h) for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, re.S)]
    labels += [t["caption"] for t in tables_of(page) if t["caption"]]
    labels = [label for label in labels if label]
    # a header row: its first column's first word, then only words of its headers
    heads = [(t["head"][0].split()[0], set(" ".join(t["head"]).split())) for t in tables_of(page) if t["head"]]
    assert len(labels) > 40
    pages = pdf_words(pdf)
    for number, printed in enumerate(pages[:-1], 1):
        lines = body_lines(printed)
        assert lines, f"page {number} is empty"
        last = flat(lines[-1])
        alone = [
            label
            for label in labels
            if last == label or (len(last) > 12 and (label.startswith(last) or label.endswith(last)))
        ]
        assert not alone, f"page {number} ends with {alone[0]!r}"
        words = last.split()
        header = [h for first, h in heads if len(words) >= 2 and words[0] == first and set(words) <= h]
        assert not header, f"page {number} ends with a table's header row ({last!r})"


def test_short_tables_are_printed_on_one_page(pdf: Path, page: str) -> None:
    """A table of up to eight rows lies on one page: below its caption, on the same
    page, its last row (the first word of its first cell, and on that line the first
    word of its second cell: cells are aligned to their top)."""
    pages = pdf_words(pdf)
    short = [t for t in tables_of(page) if "unbroken" in t["classes"] and t["caption"] and t["rows"]]
    assert len(short) >= 15 and all(len(t["rows"]) <= 8 for t in short)
    assert all("unbroken" not in t["classes"] for t in tables_of(page) if len(t["rows"]) > 8)
    for table in short:
        first_words = table["caption"].split()[:3]
        row = table["rows"][-1]
        start, end = row[0].split()[0], ((row[1].split() or [""])[0] if len(row) > 1 else "")
        whole = False
        for printed in pages:
            words = printed["words"]
            for i in range(len(words) - len(first_words) + 1):
                if [w["text"] for w in words[i : i + len(first_words)]] != first_words:
                    continue
                top = words[i]["yMin"]
                starts = [w for w in words if w["text"] == start and w["yMin"] > top]
                whole = (
                    whole
                    or any(w["text"] == end and abs(w["yMin"] - s["yMin"]) < 3 for s in starts for w in words if end)
                    or (not end and bool(starts))
                )
        assert whole, f"the table {table['caption']!r} ({len(table['rows'])} rows) is split over two pages"


def hyphen_parts(text: str) -> set[str]:
    """Words, and their parts after a hyphen (a line may break after "te-")."""
    return {part for word in text.split() for part in re.split(r"(?<=-)", word) if part}


def test_no_header_word_is_broken_and_nothing_runs_off_the_page(pdf: Path, page: str) -> None:
    """Every word of every table header is printed whole (it may break only after a
    hyphen of its own: "Prosenttios|uus" or "3–|5" fail), and no word is printed
    beyond the page's right margin (a column cut off)."""
    pages = pdf_words(pdf)
    printed = set()
    for number, p in enumerate(pages, 1):
        printed |= hyphen_parts(" ".join(w["text"] for w in p["words"]))
        beyond = [w["text"] for w in p["words"] if w["xMax"] > p["width"] - 30]
        assert not beyond, f"page {number}: {beyond[:5]} run into the right margin"
    for table in tables_of(page):
        for header in table["head"]:
            missing = hyphen_parts(header) - printed
            assert not missing, f"{table['caption']!r}: header {header!r} printed broken ({missing})"


def test_the_last_page_is_the_technical_appendix(pdf: Path) -> None:
    """The report ends with its technical appendix on a page of its own: the contact
    lines are never alone on the last page."""
    pages = pdf_pages(pdf)
    start = next(i for i, text in enumerate(pages) if "Ohjelmaversio" in text)
    assert "Tekninen liite" in pages[start] and "SHA-256" in pages[start]
    assert not any("Lisätietoja" in text for text in pages[start:])
    assert "Lisätietoja" in pages[start - 1]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_screen_at_a_phone_and_a_desktop_width(reports: Path, width: int) -> None:
    """Nothing reaches past the page's right edge (no sideways scrolling) and every
    chart is as wide as the text column (up to 860 px on a wide screen); on a
    desktop every number cell is right-aligned (on a phone the tables stack, each
    value labelled). Headless Chromium lays a window narrower than 500 px out at 500."""
    require(has_chromium(), f"headless Chromium is not installed ({browser.INSTALL})")
    shown = browser.screen_layout(reports / "2025-12-31" / "report.html", width=width)
    assert shown["scroll_width"] <= shown["viewport"], shown
    assert not shown["wider_than_the_page"], shown["wider_than_the_page"][:5]
    column = min(shown["content_width"], 860)
    assert len(shown["charts"]) == 13
    assert all(abs(chart["width"] - column) <= 1 for chart in shown["charts"]), shown["charts"]
    if width >= 1000:
        assert shown["numbers"] > 300 and shown["numbers_not_right"] == 0


PAGE_NUMBER = {"sv": "Sida {number} av {pages}", "en": "Page {number} of {pages}"}
SCORE = r"\s(\d{1,2}[,.]\d)\s*$"  # a score as the report writes it: 7,5 in Swedish, 7.5 in English


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_swedish_and_english_pdfs_print_on_a4_without_lost_columns(reports: Path, language: str) -> None:
    """report.sv.pdf and report.en.pdf as report.pdf: A4 pages, each numbered in its
    language with the running title, and the listing printed with every column and
    every score (the widest table)."""
    require(has_chromium(), f"headless Chromium is not installed ({browser.INSTALL})")
    require(has_poppler(), "pdftotext/pdfinfo (poppler-utils) are not installed")
    from analysis.language.sentences import sentence
    from analysis.report.data import sections
    from analysis.report.sections.title_and_closing import report_title

    path = reports / "2025-12-31" / f"report.{language}.pdf"
    assert path.is_file(), f"build --pdf --lang {language} wrote no {path.name}"
    page = (reports / "2025-12-31" / f"report.{language}.html").read_text(encoding="utf-8")
    sizes, pages = page_sizes(path), pdf_pages(path)
    assert sizes and len(pages) == len(sizes)
    for number, (w, h) in enumerate(sizes, 1):
        assert abs(min(w, h) - A4[0]) < 2 and abs(max(w, h) - A4[1]) < 2, f"page {number} is {w} x {h} pt, not A4"
    title = report_title(date(2025, 12, 31), language)
    for number, text in enumerate(pages, 1):
        assert PAGE_NUMBER[language].format(number=number, pages=len(pages)) in text, f"page {number}"
        assert "Sivu" not in text
        header = flat(" ".join(text.split("\n", 3)[:3]))
        assert sentence("report.synthetic_header", language) in header, f"page {number}"
        if number > 1:  # the running title (page one has the title page's own heading)
            assert title.split(" – ")[1] in header, f"no running title on page {number}"
    listing_heading = dict(sections(True, False, language))["listaus"]
    headers = table_headers(page, "listing")
    listing = [
        text for text, (w, h) in zip(pages, sizes) if listing_heading in flat(text) or (w > h and headers[0] in text)
    ]
    assert listing, "the listing was not found in the PDF"
    printed = flat("\n".join(listing))
    words = set(re.findall(r"\w+", printed))
    for header in headers:
        assert all(word in words for word in re.findall(r"\w+", header)), f"column {header!r} is not printed"
    expected = [row[-1] for row in listing_rows(page) if row[-1]]
    assert len(listing_rows(page)) == 108 and 60 <= len(expected) < 108
    got = [m.group(1) for text in listing for line in text.splitlines() if (m := re.search(SCORE, line))]
    assert got == expected


def test_pdf_without_chromium_says_how_to_install_it(monkeypatch, capsys) -> None:
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    assert main(["build", "--cutoff", "2025-12-31", "--pdf"]) == 3
    err = capsys.readouterr().err
    assert "Chromium" in err and "apt-get install -y chromium" in err and "Nothing was built" in err


# --- 3. accessibility ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "which,width",
    [
        ("report", 1280),
        ("report", 390),
        ("index", 1280),
        ("report.sv", 1280),
        ("report.sv", 390),
        ("report.en", 1280),
        ("report.en", 390),
    ],
)
def test_axe_finds_no_violations(reports: Path, which: str, width: int) -> None:
    require(has_chromium(), f"headless Chromium is not installed ({browser.INSTALL})")
    require(AXE.is_file(), "axe-core is not installed: run `npm ci` in the project folder")
    target = reports / "2025-12-31" / f"{which}.html" if which != "index" else reports / "index.html"
    violations = browser.axe_violations(target, AXE, width=width)
    assert not violations, browser.summarise(violations)


def test_axe_runner_reports_a_violation(tmp_path: Path) -> None:
    """The axe check can fail: a page with an image without alt text and no landmark."""
    require(has_chromium(), f"headless Chromium is not installed ({browser.INSTALL})")
    require(AXE.is_file(), "axe-core is not installed: run `npm ci` in the project folder")
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="fi"><head><title>x</title></head><body><h1>x</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>',
        encoding="utf-8",
    )
    ids = {v["id"] for v in browser.axe_violations(bad, AXE)}
    assert "image-alt" in ids and "landmark-one-main" in ids


def test_every_chart_has_a_finnish_alt_text_from_its_data(page: str) -> None:
    figures = svgs(page)
    assert len(figures) == 13
    for alt, _ in figures:
        assert "No description" not in alt
        assert re.match(r"(Pylväskuvio|Ryhmitelty pylväskuvio|Pinottu pylväskuvio): ", alt), alt
        assert re.search(r"\d", alt.split(":", 1)[1]) and "taulu" in alt, alt
    area = figures[0][0]
    assert "Itsearvioinnit hyvinvointialueittain, n=108" in area and "Eniten arviointeja 31.12.2025:" in area
    # every chart has its numbers in a table of its own under it (test_reports), none folded away
    assert page.count("<summary>Kuvion luvut taulukkona</summary>") == 0


def test_every_table_has_a_caption_and_header_scopes(page: str) -> None:
    tables = re.findall(r"<table[^>]*>.*?</table>", page, re.S)
    assert len(tables) > 20
    for table in tables:
        assert "<caption" in table, table[:200]
        assert not re.search(r"<th(?=[\s>])(?![^>]*\bscope=)[^>]*>", table), table[:200]
        assert not re.search(r"<th[^>]*>\s*</th>", table), "an empty header"


def test_landmarks_and_clean_heading_names(page: str, reports: Path) -> None:
    assert page.count("<main") == 1 and '<nav aria-labelledby="sisalto" class="toc">' in page
    assert "¶" not in page and "anchor-link" not in page
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "<main>" in index and "<caption>" in index


def test_chart_text_is_at_least_small_print_size(page: str) -> None:
    """Text in the charts, at the size the page shows them (natural size, 1 pt =
    4/3 px), is at least 11.5 px; body small print is 12–13 px."""
    for alt, svg in svgs(page):
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert sizes and min(sizes) * 4 / 3 >= 11.5, (alt[:60], min(sizes))


# --- 4. size ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.html", "report.sv.html", "report.en.html"])
def test_the_report_is_small_and_self_contained(reports: Path, name: str) -> None:
    page = (reports / "2025-12-31" / name).read_text(encoding="utf-8")
    size = (reports / "2025-12-31" / name).stat().st_size
    assert size <= 400 * 1024, f"{name} is {size / 1024:.0f} KB"
    assert "--jp-" not in page and "jp-mod-" not in page.split("<body", 1)[0]  # no JupyterLab theme CSS
    assert "data:image/png" not in page
    assert not re.search(r"(src|href)=[\"']?https?://(?!(www\.)?innokyla\.fi)", page.replace("http://www.w3.org", ""))


# --- 5. colours -------------------------------------------------------------------------------


def test_the_palette_meets_the_contrast_rules() -> None:
    white = charts.BACKGROUND
    used = {
        charts.SERIES,
        *charts.CUTOFF_COLOURS.values(),
        *charts.OTHER_CUTOFF_COLOURS,
        *charts.scale_colours().values(),
        *charts.phase_colours().values(),
    }
    for colour in used:
        assert charts.contrast(colour, white) >= 3.0, colour
        assert charts.contrast(charts.label_colour(colour), colour) >= 4.5, colour
        assert colour.upper() not in charts.TOO_LIGHT
    assert charts.contrast(charts.TEXT, white) >= 4.5
    assert round(charts.contrast("#0072B2", "#FFFFFF"), 1) == 5.2  # the formula, checked on a known pair
    assert round(charts.contrast("#777777", "#FFFFFF"), 2) == 4.48


def test_a_cutoff_has_one_colour_in_every_report() -> None:
    charts.style()
    alone = charts.area_chart({date(2025, 6, 30): [1, 2]}, ["A", "B"], "t")
    three = charts.area_chart(
        {date(2025, 6, 30): [1, 2], date(2025, 10, 31): [2, 2], date(2025, 12, 31): [3, 3]}, ["A", "B"], "t"
    )

    def colours(fig) -> dict[str, str]:
        from matplotlib.colors import to_hex

        return {c.get_label(): to_hex(c.patches[0].get_facecolor()).upper() for ax in fig.axes for c in ax.containers}

    assert colours(alone)["30.6.2025"] == colours(three)["30.6.2025"] == charts.GREEN
    assert colours(three)["31.12.2025"] == charts.BLUE
    assert charts.cutoff_colour(date(2026, 3, 31)) == charts.cutoff_colour(date(2026, 3, 31))
    assert charts.scale_colour("Kyllä") == charts.BLUE and charts.scale_colour("Ei") == charts.VERMILLION
    import matplotlib.pyplot as plt

    plt.close("all")
