"""Text from the data is escaped exactly once (issue #22, item 8): every field that
reaches a page – model names, area names, "Muu, mikä?" texts, quotes, links, the
panel's section and the review cards – fed with ``* _ [ ] | # < > & "`` shows those
very characters, never an entity code (``&#42;``, ``&amp;``) and never markup.

The fast tests read the text as an HTML parser does (Python's html.parser); the
slow one builds a report and the review cards from an export holding the
characters and asks headless Chromium what it shows."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES
from markupsafe import Markup

from analysis.cli import commands
from analysis.html.elements import esc, figure_html, render, table_html
from analysis.panel.cards import page_html
from analysis.report.render import block_html
from analysis.report.sections.panel import panel_part

HOSTILE = '* _ [ ] | # < > & "'
# what must never be seen: an entity code, or a tag the data would have made
LEAKS = re.compile(r"&#?\w+;|<[a-z/]")
# the fixture's own model name that looks like markup, shown as the text it is
FIXTURE_MARKUP = "Perhekeskus <b>uusi</b>"


def leak(text: str) -> re.Match | None:
    """An entity code or a tag in text a reader sees, besides the fixture's own."""
    return LEAKS.search(text.replace(FIXTURE_MARKUP, " "))


class _Text(HTMLParser):
    """The text and the attributes an HTML parser finds (entities decoded once)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [v for k, v in attrs if v is not None and k in ("alt", "href", "title", "data-label")]
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parsed(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    parser.close()
    return parser


def shows(page: str, *expected: str) -> None:
    """Each of ``expected`` is in the page's text exactly, and no entity code shows
    (besides what the data itself holds)."""
    found = parsed(page)
    text = "".join(found.text)
    for wanted in expected:
        assert wanted in text, f"{wanted!r} not shown; the text has {text[:400]!r}"
        text = text.replace(wanted, " ")
    assert not LEAKS.search(text), LEAKS.search(text)
    assert not LEAKS.search(" ".join(found.attributes))


# --- the pieces, read by an HTML parser ---------------------------------------------------


def test_markdown_text_shows_every_character_once() -> None:
    """The sentences of the report and the exploration notebook are Markdown (``say``):
    ``esc`` leaves no character for Markdown to take as markup and escapes each once."""
    from nbconvert.filters.markdown import markdown2html  # imported where used: nbconvert takes about 2 s

    for text in (HOSTILE, "yhtenäi*", "[yhtenäi*]", "a_b_c", "&#42;", "&amp;", "\\*", "`x`", "> lainaus"):
        rendered = markdown2html(f"Muut asiakasryhmät: {esc(text)}.")
        shows(rendered, f"Muut asiakasryhmät: {text}.")
        assert parsed(rendered).tags == ["p"]  # no <em>, <a>, <code>, <blockquote>: the text stayed text
    quote = markdown2html(f"> {esc(HOSTILE)}\n")
    shows(quote, HOSTILE)


def test_table_cells_captions_headers_and_links_show_the_text() -> None:
    frame = pd.DataFrame(
        {
            f"Toimintamalli {HOSTILE}": [f"Malli {HOSTILE}", "Toinen"],
            "Innokylä": [f"https://innokyla.fi/fi/toimintamalli/a_b*[1]|x?q={HOSTILE}", "ei linkkiä"],
            "Teemat": ["Digi", ""],
        }
    )
    page = table_html(
        frame,
        link_columns=["Innokylä"],
        caption=f"Otsikko {HOSTILE}",
        html_columns={"Teemat": lambda v: render("report_parts/theme_chips.html.j2", labels=[f"{v} {HOSTILE}"])},
    )
    shows(page, f"Malli {HOSTILE}", f"Otsikko {HOSTILE}", f"Toimintamalli {HOSTILE}", "a_b*[1]|x", f"Digi {HOSTILE}")
    found = parsed(page)
    assert f"https://innokyla.fi/fi/toimintamalli/a_b*[1]|x?q={HOSTILE}" in found.attributes
    assert f"Toimintamalli {HOSTILE}" not in found.attributes  # the row header has no data-label
    # a plain string from an html_columns function is text, not markup
    plain = table_html(pd.DataFrame({"a": ["x"], "b": ["<b>y</b>"]}), html_columns={"b": str})  # type: ignore[dict-item]
    assert "<b>y</b>" not in plain and "&lt;b&gt;y&lt;/b&gt;" in plain


def test_data_marked_with_its_language_shows_the_text() -> None:
    """A quote or an analyst's reason kept as written in a Swedish or English report
    (written_in, written_in_cell) is escaped inside its lang span, in a sentence and
    in a table cell, and in §13's table in Swedish with the analyst's reasons in it."""
    from nbconvert.filters.markdown import markdown2html

    from analysis.html.elements import written_in, written_in_cell
    from analysis.report.sections.data_quality import exclusion_table_in

    sentence = markdown2html(f"Citat: {written_in(HOSTILE, 'fi')}.")
    shows(sentence, f"Citat: {HOSTILE}.")
    assert parsed(sentence).tags == ["p", "span"]
    cell = table_html(pd.DataFrame({"a": ["x"], "b": pd.Series([written_in_cell(HOSTILE, "fi")], dtype=object)}))
    shows(cell, HOSTILE)
    assert '<span lang="fi">' in cell
    accounting = {"raw_rows": 3, "kept": 1, "excluded": {"excluded_by_analyst": 2}}
    from analysis.processed.schema import REASONS

    accounting["excluded"] = {reason: 0 for reason in REASONS} | {"excluded_by_analyst": 2}
    table = table_html(exclusion_table_in({"accounting": accounting}, [HOSTILE, "Testivastaus"], "sv"))
    shows(table, HOSTILE, "Testivastaus")
    assert table.count('<span lang="fi">') == 2


def test_a_charts_alternative_text_shows_the_text() -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar(["a"], [1])
    page = figure_html(fig, f"Kuvio: {HOSTILE}.", data_table=table_html(pd.DataFrame({"x": [HOSTILE]})))
    assert f"Kuvio: {HOSTILE}." in parsed(page).attributes
    shows(page, HOSTILE)


def panel_block(model: str, region: str) -> dict:
    """The panel's collected results (paneeli.json's shape) for one model."""
    return {
        "items": [f"Kohta {HOSTILE}"],
        "scale": {"1": f"Heikko {HOSTILE}"},
        "final_ranking": [
            {
                "rank": 1,
                "model": model,
                "region": region,
                "stage1_passed": True,
                "stage2_result": 3.5,
                "stage2_passed": True,
                "stage3_score": 9.5,
            }
        ],
        "stage2_passed": 1,
        "models": 1,
        "reviewers": 2,
        "workbooks_read": 2,
        "ratings_accepted": 2,
        "problems": 0,
        "ratings_missing": 0,
        "stage2_pass_at": 2.5,
        "stage2_incomplete": 0,
        "agreement": {f"Kohta {HOSTILE}": {"krippendorff_alpha_ordinal": None, "ratings": 2, "models": 1}},
        "consensus_needed": [],
        "disagreement_margin": 1,
    }


def test_the_panels_section_shows_the_text() -> None:
    section = block_html(panel_part(panel_block(f"Malli {HOSTILE}", f"Alue {HOSTILE}")))
    shows(section, f"Malli {HOSTILE}", f"Alue {HOSTILE}", f"Kohta {HOSTILE}", f"heikko {HOSTILE.lower()}")


def test_a_page_title_is_text_and_its_running_header_cannot_end_the_style() -> None:
    page = page_html(f"Kortit {HOSTILE}</style><script>", Markup("<p>x</p>"))
    assert f"<title>Kortit {html.escape(HOSTILE, quote=False)}".replace('"', "&#34;") in page
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert 'content: "Kortit * _ [ ] | #  > & /style>script>";' in style  # no quote, backslash or "<" left
    assert "<script" not in page


# --- the whole report and the cards, as the browser shows them ---------------------------


def hostile_export(target: Path) -> None:
    """tests/fixtures/summary_small.csv with the characters in a model's name, its
    Innokylä link, a "Muu, mikä?" target group, an answer quoted under the themes
    and a "Muu, mikä?" investment."""
    rows = [r.split("\t") for r in (FIXTURES / "summary_small.csv").read_text(encoding="utf-8").splitlines()]
    header = rows[0]
    first, third = rows[1], rows[3]
    first[header.index("Arvioitavan toimintamallin nimi")] = f"Etäkuntoutus {HOSTILE}"
    first[header.index("Linkki toimintamallin kuvaukseen Innokylässä")] = (
        "https://innokyla.fi/fi/toimintamalli/eta_kuntoutus*[1]|x"
    )
    first[header.index("Toimintamallin kohderyhmä (asiakasryhmät)")] = f"Ikäihmiset; Työikäiset; Muu ryhmä {HOSTILE}"
    first[header.index("Toimintamallin vaikuttavimmat ja tärkeimmät tulokset")] = (
        f"Etävastaanotot laajenivat ja yhteistyö tiivistyi {HOSTILE} loppu."
    )
    third[header.index("Investointi, jossa toimintamalli on kehitetty")] = f"RRP3 {HOSTILE}"
    target.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")


@pytest.mark.slow  # builds a report and runs headless Chromium
def test_the_browser_shows_the_characters_in_the_report_and_on_the_cards(tmp_path: Path, monkeypatch) -> None:
    from test_publication import has_chromium, require

    from analysis.publish import chromium
    from analysis.publish.build import build_cutoff

    require(has_chromium(), f"headless Chromium is not installed ({chromium.INSTALL})")
    root = tmp_path / "project"
    for sub in ("data/raw", "data/processed", "reports"):
        (root / sub).mkdir(parents=True)
    hostile_export(root / "data/raw/vienti.csv")
    monkeypatch.setenv("RRP_PROJECT_DIR", str(root))
    assert commands.main(["clean", "--cutoff", "2025-06-30"]) == 0
    cutoff = date(2025, 6, 30)
    build_cutoff(cutoff, root / "data/processed", root / "reports/2025-06-30")

    shown = chromium.shown_text(root / "reports/2025-06-30/report.html")
    text = shown["text"]
    for wanted in (
        f"Etäkuntoutus {HOSTILE}",  # the listing
        f"muu ryhmä {HOSTILE}",  # "Muu, mikä?" target group, in a sentence (a common noun mid-sentence)
        f"RRP3 {HOSTILE}",  # "Muu, mikä?" investment, in the table and a sentence
        f"Etävastaanotot laajenivat ja yhteistyö tiivistyi {HOSTILE} loppu.",  # a quote
    ):
        assert wanted in text, f"the report does not show {wanted!r}"
    assert f"kohtaan ”Muu, mikä?” kirjoitetut investoinnit: RRP3 {HOSTILE}." in " ".join(text.split())
    assert not leak(text), leak(text)
    assert f"{FIXTURE_MARKUP}" in text
    assert not any(LEAKS.search(alt) for alt in shown["alts"])
    links = {link["href"]: link["text"] for link in shown["links"]}
    # the listing shows every Innokylä link as "Avaa kuvaus"; the address is kept as it is
    assert links["https://innokyla.fi/fi/toimintamalli/eta_kuntoutus*[1]|x"] == "Avaa kuvaus"

    reviewers = root / "arvioijat.csv"
    reviewers.write_text("nimi;oma alue\nA;\nB;\nC;\n", encoding="utf-8")
    assert commands.main(["review-pack", "--cutoff", "2025-06-30", "--reviewers", str(reviewers)]) == 0
    cards = root / "internal/2025-06-30/arviointi"
    card = chromium.shown_text(cards / "kortit" / "1.html")
    assert card["title"] == f"Arviointikortti – Etäkuntoutus {HOSTILE}"
    for wanted in (f"Etäkuntoutus {HOSTILE}", f"Muu, mikä? Muu ryhmä {HOSTILE}", HOSTILE + " loppu."):
        assert wanted in card["text"], f"the card does not show {wanted!r}"
    assert not leak(card["text"]), leak(card["text"])
    assert {"href": "https://innokyla.fi/fi/toimintamalli/eta_kuntoutus*[1]|x"}.items() <= card["links"][0].items()
    everything = chromium.shown_text(cards / "kortit.html")
    assert f"Etäkuntoutus {HOSTILE} (Lapin hyvinvointialue)" in " ".join(everything["text"].split())
    assert not leak(everything["text"])

    page = tmp_path / "panel.html"
    page.write_text(
        page_html("Asiantuntija-arvio", block_html(panel_part(panel_block(f"Malli {HOSTILE}", f"Alue {HOSTILE}"))))
    )
    section = chromium.shown_text(page)["text"]
    assert f"Malli {HOSTILE}" in section and f"Alue {HOSTILE}" in section and f"Kohta {HOSTILE}" in section
    assert not LEAKS.search(section)
    shutil.rmtree(root / "reports", ignore_errors=True)
