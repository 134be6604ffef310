"""The reader's Finnish as THL would publish it (issue #23 items 7 and 8), checked
on the rendered text of all three standard reports, the index and the listings.

- No developer words outside the technical appendix (*Tekninen liite*): file
  names, package names, checksums, version strings, command names, "koodeja".
- The editor's recurring findings: a numeral opening a sentence, "kpl" in
  running text, a spaced slash, a capital letter after an opening parenthesis
  (unless the parenthesis holds a sentence of its own), thousands without a
  non-breaking space, a theme written in more than one way.

Each pattern is first shown to catch what it is meant to catch (the ``BAD``
examples), so that a test that passes on the reports has not passed by being
blind."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import sample_project

from analysis import config
from analysis.cli.commands import main
from analysis.report.data import APPENDIX_ANCHOR
from analysis.themes.rules import load_themebook

CUTOFFS = ("2025-06-30", "2025-10-31", "2025-12-31")

# --- what a reader reads -------------------------------------------------------------------

PROSE = {"p", "li", "figcaption", "summary"}
BLOCKS = PROSE | {"h1", "h2", "h3", "h4", "caption", "th", "td", "blockquote", "div", "dt", "dd"}
HIDDEN = {"style", "script", "head", "title"}


def collapse(text: str) -> str:
    """Runs of ASCII white space as one space; a non-breaking space is kept (str.split
    would count it as white space and hide an ungrouped thousand)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


class ReaderText(HTMLParser):
    """A page's text as blocks a reader sees, in order: (kind, text, in_appendix).
    ``kind`` is "prose" for running text (a paragraph or a list item outside the
    contents, the tables and the quotes), "quote" for answers quoted from the data,
    "label" for everything else (headings, captions, table cells, alternative texts).
    Everything from the technical appendix's heading on is ``in_appendix``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.hidden = 0
        self.blocks: list[tuple[str, str, bool]] = []
        self.buffer: list[str] = []
        self.appendix = False

    def _kind(self) -> str:
        if "blockquote" in self.stack:
            return "quote"
        if any(t in self.stack for t in ("table", "nav", "figure")):
            return "label"
        inner = next((t for t in reversed(self.stack) if t in BLOCKS), "")
        return "prose" if inner in PROSE else "label"

    def _flush(self) -> None:
        text = collapse("".join(self.buffer))
        if text:
            self.blocks.append((self._kind(), text, self.appendix))
        self.buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
            return
        values = dict(attrs)
        if tag in BLOCKS or tag == "br":
            self._flush()
        if tag == "h2" and values.get("id") == APPENDIX_ANCHOR:
            self.appendix = True
        if tag == "img" and values.get("alt"):
            self.blocks.append(("label", collapse(str(values["alt"])), self.appendix))
        if tag not in ("br", "img", "meta", "link", "col", "hr", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden -= 1
            return
        if tag in BLOCKS:
            self._flush()
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.buffer.append(data)

    @classmethod
    def of(cls, page: str) -> list[tuple[str, str, bool]]:
        parser = cls()
        parser.feed(page[max(page.find("<body"), 0) :])
        parser.close()
        parser._flush()
        return parser.blocks


def sentences(text: str) -> list[str]:
    """A paragraph's sentences: split after ., ! or ? and a space before a capital
    letter, a digit or a quotation mark (a date "30.6.2025" has no space inside)."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9”\"*])", text) if s]


# --- the patterns --------------------------------------------------------------------------

DEVELOPER = re.compile(
    r"\.(?:ya?ml|json|csv|xlsx|py|ipynb|parquet)\b"  # a file name
    r"|\bsimplemma\b|\bpapermill\b|\bpandas\b|\bnbconvert\b"  # a package
    r"|SHA-256|\b[0-9a-f]{12,64}\b"  # a checksum or a commit
    r"|\bpython\b|\bpip\b|\bmake\b|\breview-(?:pack|collect)\b|--[a-z]"  # a command
    r"|\bsrc/|\bdata/(?:raw|processed)\b"  # a path
    r"|\bkoodej\w*|\bkoodit\b|\bkoodattu\w*",  # jargon for the theme coding
    flags=re.IGNORECASE,
)
NUMERAL_START = re.compile(r"^[*_(]*[0-9]")
KPL = re.compile(r"\bkpl\b")
SPACED_SLASH = re.compile(r"\s/|/\s")
# "(Koko …" but not "(THL)", "(n=108)", a proper name ("(Suomen aikaa)") or a
# parenthesis that holds a whole sentence
PROPER_NAMES = ("Suomen", "Innokylä", "Helsingin", "Terveyden")
CAPITAL_AFTER_PARENTHESIS = re.compile(rf"(?<![.!?] )(?<![.!?])\((?!{'|'.join(PROPER_NAMES)})[A-ZÅÄÖ][a-zåäö]")
THOUSANDS_WITHOUT_NBSP = re.compile(r"(?<![\d,])\d{1,3}(?: \d{3})+(?![\d,])")

BAD = {
    DEVELOPER: [
        "tiedosto src/analysis/data/criteria.yaml",
        "perusmuotoistettuina (simplemma)",
        "tiedostossa summary.json",
        "SHA-256 a37e9c9c9322",
        "0.1.0 (174f0305e548)",
        "koottu (review-collect)",
        "Käsin tarkistettuja koodeja oli 3",
    ],
    KPL: ["Arviointeja tehtiin 108 kpl, ja"],
    SPACED_SLASH: ["Käyttöönotettu / juurrutettu"],
    CAPITAL_AFTER_PARENTHESIS: ["Juurrutettu (Koko hyvinvointialueella)"],
    THOUSANDS_WITHOUT_NBSP: ["noin 200 000 euroa", "1 173 toimintamallia"],
}
GOOD = {
    DEVELOPER: ["Innokylä-liitokset tarkistettu 16.1.2026", "teemojen sanat", "lukumäärä"],
    KPL: ["kaupunki"],
    SPACED_SLASH: ["ja/tai", "https://innokyla.fi/fi/toimintamalli/x"],
    CAPITAL_AFTER_PARENTHESIS: [
        "Lähdetiedostot (THL)",
        "n=108 (kriteeripisteet)",
        "Ryhmä. (Teema korostuu, kun …)",
        "STM:n tavoite (3–5)",
        "Koottu (Suomen aikaa)",
        "saavutettu (”Kyllä” tai ”Osittain”)",
    ],
    THOUSANDS_WITHOUT_NBSP: ["noin 200\u00a0000 euroa", "108 + 8", "2025 ja 2026"],
}


def catches_only(pattern: re.Pattern, bad: list[str], good: list[str]) -> None:
    """``pattern`` finds every text of ``bad`` (the finding) and none of ``good`` (the fix)."""
    for text in bad:
        assert pattern.search(text), text
    for text in good:
        assert not pattern.search(text), text


@pytest.mark.parametrize("pattern", list(BAD), ids=lambda p: p.pattern[:30])
def test_each_pattern_catches_what_it_is_for_and_nothing_else(pattern: re.Pattern) -> None:
    catches_only(pattern, BAD[pattern], GOOD[pattern])


def test_sentences_start_where_a_reader_would_see_them_start() -> None:
    text = "Rajapäivänä 30.6.2025 arviointeja oli 67. 33 toimintamallissa kehitettiin. Lisäksi."
    assert [bool(NUMERAL_START.search(s)) for s in sentences(text)] == [False, True, False]
    assert ReaderText.of("<body><ul><li>87 % (94 kpl)</li></ul><table><tr><td>3 </td></tr></table>") == [
        ("prose", "87 % (94 kpl)", False),
        ("label", "3", False),
    ]


def test_theme_names_are_one_way_in_the_theme_book() -> None:
    """Every theme has one name for the report; the shorter form (the exploration's)
    is the same words, so no table or sentence writes a theme another way."""
    for theme in load_themebook().themes:
        assert theme.short == theme.name, theme.id


# --- the three built reports ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("finnish"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RRP_PROJECT_DIR", str(root))
        mp.setenv("SOURCE_DATE_EPOCH", "1767225600")
        assert main(["build", "--all"]) == 0
    return root / "reports"


@pytest.fixture(scope="module")
def pages(built: Path) -> dict[str, list[tuple[str, str, bool]]]:
    return {c: ReaderText.of((built / c / "report.html").read_text(encoding="utf-8")) for c in CUTOFFS}


def findings(blocks: list[tuple[str, str, bool]], pattern: re.Pattern, kinds: set[str]) -> list[str]:
    return [text for kind, text, appendix in blocks if kind in kinds and not appendix and pattern.search(text)]


@pytest.mark.slow
def test_developer_words_only_in_the_technical_appendix(pages) -> None:
    for cutoff, blocks in pages.items():
        found = findings(blocks, DEVELOPER, {"prose", "label", "quote"})
        assert not found, (cutoff, found)
        appendix = " ".join(text for _, text, in_appendix in blocks if in_appendix)
        assert appendix.startswith("Tekninen liite"), cutoff
        for wanted in ("Ohjelmaversio", "SHA-256", "itsearviointi_vienti_synteettinen.xlsx", "summary.json"):
            assert wanted in appendix, (cutoff, wanted)
        # the appendix is the report's last part: the contact lines are not the last words
        assert blocks[-1][2], cutoff


@pytest.mark.slow
def test_no_sentence_starts_with_a_numeral(pages) -> None:
    for cutoff, blocks in pages.items():
        found = [
            s
            for kind, text, appendix in blocks
            if kind == "prose" and not appendix
            for s in sentences(text)
            if NUMERAL_START.search(s)
        ]
        assert not found, (cutoff, found)


@pytest.mark.slow
def test_no_kpl_in_running_text(pages) -> None:
    for cutoff, blocks in pages.items():
        assert not findings(blocks, KPL, {"prose"}), cutoff


@pytest.mark.slow
def test_no_spaced_slash_and_no_capital_after_a_parenthesis(pages) -> None:
    for cutoff, blocks in pages.items():
        assert not findings(blocks, SPACED_SLASH, {"prose", "label"}), cutoff
        found = findings(blocks, CAPITAL_AFTER_PARENTHESIS, {"prose", "label"})
        assert not found, (cutoff, found)


@pytest.mark.slow
def test_thousands_are_grouped_with_a_non_breaking_space(pages) -> None:
    """What the report writes (prose, tables, captions, alternative texts) groups
    thousands with U+00A0; quoted answers are the respondents' words, as written."""
    for cutoff, blocks in pages.items():
        found = findings(blocks, THOUSANDS_WITHOUT_NBSP, {"prose", "label"})
        assert not found, (cutoff, found)


@pytest.mark.slow
def test_each_theme_is_written_one_way(pages) -> None:
    """A theme mentioned anywhere in the report – table, heading, sentence, legend –
    from its first word to its last is its one name, word for word."""
    book = load_themebook()
    for cutoff, blocks in pages.items():
        text = " ".join(t for _, t, appendix in blocks if not appendix)
        for theme in book.themes:
            words = theme.name.split()
            mentions = re.findall(
                rf"{re.escape(words[0])}(?:\s+\S+){{0,{len(words) + 2}}}?\s+{re.escape(words[-1])}",
                text,
                flags=re.IGNORECASE,
            )
            assert mentions, (cutoff, theme.name)
            assert {m.casefold() for m in mentions} == {theme.name.casefold()}, (cutoff, set(mentions))


@pytest.mark.slow
def test_the_index_and_the_listings_read_as_finnish(built: Path) -> None:
    index = ReaderText.of((built / "index.html").read_text(encoding="utf-8"))
    for pattern in (KPL, SPACED_SLASH, CAPITAL_AFTER_PARENTHESIS, THOUSANDS_WITHOUT_NBSP):
        assert not findings(index, pattern, {"prose", "label"}), pattern.pattern
    for cutoff in CUTOFFS:
        rows = list(
            csv.reader(io.StringIO((built / cutoff / "listaus.csv").read_text(encoding="utf-8-sig")), delimiter=";")
        )
        header = next(r for r in rows if "Toimintamalli" in r)
        for cell in header:
            assert not DEVELOPER.search(cell) and not SPACED_SLASH.search(cell), cell
        phases = {r[header.index("Kehitysvaihe")] for r in rows[rows.index(header) + 1 :]}
        assert phases and not any(CAPITAL_AFTER_PARENTHESIS.search(p) for p in phases), phases


# --- the editor's findings of 6.12.2026 (docs/editor_findings_2026-12-06.md) ---------------
#
# Checked on the running text outside §11 and §12 (the screening and the panel,
# whose words are edited on their own): each pattern is one of the editor's
# recurring findings, and each caught the reports' text before it was fixed.

COLLOQUIAL = re.compile(r"\bon tullut\b|\btulleista\b|\bmonessako\b", flags=re.IGNORECASE)
ABBREVIATION = re.compile(r"\besim\.")
# THL's footnote is a slide's footnote; in running text it is a sentence without a subject
FRAGMENT = re.compile(r"^\W*Voi olla valittuna useita\b")
# a respondent's "Muu, mikä?" answer is a common noun in the middle of a sentence
OTHER_ANSWER_CAPITALISED = re.compile(r"”Muu, mikä\?”[^.]*?\s[A-ZÅÄÖ][a-zåäö]{2,}")
# "keskeiset ydinelementit" says it twice; "jonne" is a direction (the form's own
# statement may keep it in its table)
REDUNDANT = re.compile(r"\bkeskeiset ydinelementit\b|\bjonne\b", flags=re.IGNORECASE)
DEVELOPER_FI = re.compile(
    r"\bluokittelij\w*|\bkoneluettav\w*|\braakarivi\w*|\braakarive\w*|\bpoistolist\w*|\blukuvaihe\w*|\btäsmäytys\w*"
    r"|\bsääntöpohjais\w*|\bperusmuotoist\w*",
    flags=re.IGNORECASE,
)
# this report is "tämä raportti"; "yhteenveto" is THL's published summary, said as such
THIS_REPORT_AS_SUMMARY = re.compile(r"(?<!julkaisema )(?<!julkaiseman )(?<!julkaisemassa )\byhteenve(?:to|don|dossa)\b")

EDITOR_BAD = {
    COLLOQUIAL: [
        "sen jälkeen niitä on tullut 41 lisää",
        "31.10.2025 jälkeen tulleista 25 uudesta",
        "Luku kertoo, monessako teeman saaneessa arvioinnissa",
    ],
    ABBREVIATION: ["Yksikkö: esim. yksi terveysasema."],
    FRAGMENT: ["Voi olla valittuna useita.", "Voi olla valittuna useita eri asiakasryhmiä."],
    OTHER_ANSWER_CAPITALISED: ["Kohtaan ”Muu, mikä?” kirjoitetut asiakasryhmät: Omaishoitajat ja Opiskelijat."],
    REDUNDANT: ["Kaikkien toimintamallien keskeiset ydinelementit oli tunnistettu.", "ympäristöön, jonne ne oli"],
    DEVELOPER_FI: [
        "Luokittelija merkitsi tarkistettaviksi",
        "raportin koneluettavissa luvuissa",
        "Raakarivejä vientitiedostoissa",
        "Poistettu käsin (poistolista)",
        "Lukuvaiheessa ei havaittu",
        "Vientitiedostojen rivien täsmäytys",
        "luokiteltu seitsemään teemaan sääntöpohjaisesti",
    ],
    THIS_REPORT_AS_SUMMARY: ["kuten yhteenvedon muissakin luvuissa", "on mukana yhteenvedossa"],
}
EDITOR_GOOD = {
    COLLOQUIAL: ["31.10.2025 jälkeen palautetuista 25 arvioinnista", "kuinka monessa teemaan luokitellussa"],
    ABBREVIATION: ["Yksiköllä tarkoitetaan esimerkiksi yhtä terveysasemaa."],
    FRAGMENT: ["Vastaaja saattoi valita useita kohteita.", "THL:n kuviossa: Voi olla valittuna useita."],
    OTHER_ANSWER_CAPITALISED: [
        "Kohtaan ”Muu, mikä?” oli kirjoitettu asiakasryhmiksi omaishoitajat ja opiskelijat.",
        "kohtaan ”Muu, mikä?” kirjoitetut investoinnit: I1B ja RRP3.",
    ],
    REDUNDANT: ["Kaikkien toimintamallien ydinelementit oli tunnistettu.", "ympäristöön, jota varten ne oli"],
    DEVELOPER_FI: ["Ohjelma merkitsi tarkistettaviksi", "hakusanojen avulla", "Mitkä vastaukset ovat mukana"],
    THIS_REPORT_AS_SUMMARY: [
        "THL:n julkaisemassa yhteenvedossa on sama havainto",
        "THL:n julkaiseman yhteenvedon kuviossa",
        "tämän raportin muissakin luvuissa",
    ],
}


@pytest.mark.parametrize("pattern", list(EDITOR_BAD), ids=lambda p: p.pattern[:30])
def test_each_editor_pattern_catches_the_editors_finding_and_not_the_fix(pattern: re.Pattern) -> None:
    catches_only(pattern, EDITOR_BAD[pattern], EDITOR_GOOD[pattern])


def without_screening_and_panel(page: str) -> str:
    """The page without §11 (the screening) and the panel's section after it: from
    the screening's anchor to the listing's."""
    start, end = page.find('<a id="esikarsinta"'), page.find('<a id="listaus"')
    return page[:start] + page[end:] if 0 <= start < end else page


def editor_blocks(page: str) -> list[tuple[str, str, bool]]:
    return [b for b in ReaderText.of(without_screening_and_panel(page)) if not b[2]]


def editor_findings(blocks: list[tuple[str, str, bool]]) -> dict[str, list[str]]:
    """Each editor pattern's hits: in running text (and, for the developer words and
    the abbreviation, in headings, captions and table cells too)."""
    prose = [text for kind, text, _ in blocks if kind == "prose"]
    every = [text for kind, text, _ in blocks if kind in ("prose", "label")]
    found = {
        "colloquial": [t for t in prose if COLLOQUIAL.search(t)],
        "esim.": [t for t in every if ABBREVIATION.search(t)],
        "fragment": [s for t in prose for s in sentences(t) if FRAGMENT.search(s)],
        "muu, mikä": [t for t in prose if OTHER_ANSWER_CAPITALISED.search(t)],
        "redundant": [t for t in prose if REDUNDANT.search(t)],
        "developer": [t for t in every if DEVELOPER_FI.search(t)],
        "yhteenveto": [t for t in prose if THIS_REPORT_AS_SUMMARY.search(t)],
    }
    return {k: v for k, v in found.items() if v}


@pytest.mark.slow
def test_the_editors_recurring_findings_are_not_in_the_reports(built: Path) -> None:
    for cutoff in CUTOFFS:
        page = (built / cutoff / "report.html").read_text(encoding="utf-8")
        assert editor_findings(editor_blocks(page)) == {}, cutoff


# --- the second editor's read of 6.12.2026 (docs/editor_findings_2026-12-06b.md) -----------
#
# Each pattern is one of the second read's recurring findings and caught the reports'
# text before it was fixed (the ``SECOND_BAD`` examples are quoted from it).

# "näistä itsearvioinneista" after a sentence about the new assessments reads as a
# part of those: the Innokylä figure names its base
DANGLING_THESE = re.compile(r"\bnäistä itsearvioinneista\b", flags=re.IGNORECASE)
# "lukea teemaan" is the program's verb for coding an answer; the reader's is "luokitella"
READ_INTO_THEME = re.compile(r"\bluki teemaan\b|\bluetui\w*\b|\bon lukenut\b", flags=re.IGNORECASE)
# "1 = täysin yksimielinen" is a formula in running text
EQUALS_IN_PROSE = re.compile(r"\s=\s")
# "malli" alone for "toimintamalli" (the form's and THL's word), in the reader's text
SHORT_MODEL = re.compile(r"\bmall(?:i|in|ia|it|eja|ien|eista|eille|eissa)\b", flags=re.IGNORECASE)

SECOND_BAD = {
    DANGLING_THESE: ["Kun asia tarkistettiin 16.1.2026, näistä itsearvioinneista 38 oli liitetty Innokylään."],
    READ_INTO_THEME: [
        "niistä vastauksista, jotka ohjelma luki teemaan, kuului",
        "ja teemaan käsin luetuista vastauksista ohjelma löysi",
        "Jos ohjelma olisi luokitellut teeman, johon se on lukenut 83 arviointia",
    ],
    EQUALS_IN_PROSE: ["järjestysasteikolle: 1 = täysin yksimielinen, 0 = sattuman tasoa."],
    SHORT_MODEL: ["Se lasketaan malleista, joilla on vähintään kaksi arviota.", "Malleja"],
}
SECOND_GOOD = {
    DANGLING_THESE: ["tämän raportin 108 itsearvioinnista 38 oli liitetty Innokylään."],
    READ_INTO_THEME: ["jotka ohjelma luokitteli teemaan", "käsin teemaan luokitelluista", "luettelo"],
    EQUALS_IN_PROSE: ["arvo 1 tarkoittaa täyttä yksimielisyyttä", "n=108", "(67 toimintamallia × 2 arvioijaa)"],
    SHORT_MODEL: ["toimintamalleista", "Toimintamalleja", "mallinnus", "toimintamallin"],
}


@pytest.mark.parametrize("pattern", list(SECOND_BAD), ids=lambda p: p.pattern[:30])
def test_each_second_read_pattern_catches_its_finding_and_not_the_fix(pattern: re.Pattern) -> None:
    catches_only(pattern, SECOND_BAD[pattern], SECOND_GOOD[pattern])


def repeated_clauses(blocks: list[tuple[str, str, bool]], words: int = 8) -> list[str]:
    """Clauses of at least ``words`` words that the running text says twice, word for
    word (a clause ends at . ; or : – "Arviointiin tuli osallistua sekä …" in §1 and
    again in §2)."""
    seen: dict[str, int] = {}
    for kind, text, appendix in blocks:
        if kind != "prose" or appendix:
            continue
        for clause in re.split(r"(?<=[.;:])\s+", text):
            clause = clause.rstrip(".;:").strip()
            if len(clause.split()) >= words:
                seen[clause] = seen.get(clause, 0) + 1
    return [clause for clause, n in seen.items() if n > 1]


def test_a_clause_said_twice_is_found() -> None:
    said = "Arviointiin tuli osallistua sekä hyvinvointialueen että RRP-hankkeen edustaja"
    blocks = [
        ("prose", f"STM suositti. {said}.", False),
        ("prose", f"Arviointeja oli 108. {said}; näin oli 88.", False),
    ]
    assert repeated_clauses(blocks) == [said]
    assert repeated_clauses([("prose", f"{said}.", False), ("prose", "Toinen lause.", False)]) == []


def synthesis_items(blocks: list[tuple[str, str, bool]]) -> list[str]:
    """The items of each theme's "Useimmin mainittiin: a (56); b (35); c (19)." line."""
    return [
        item
        for kind, text, _ in blocks
        if kind == "prose" and text.startswith("Useimmin mainittiin: ")
        for item in text.removeprefix("Useimmin mainittiin: ").rstrip(".").split("; ")
    ]


def test_a_sub_topic_split_by_its_own_semicolon_is_found() -> None:
    line = "Useimmin mainittiin: a (56); selkeät rakenteet ja hoitopolut; ohjautuminen oikeaan palveluun (19)."
    items = synthesis_items([("prose", line, False)])
    assert [i for i in items if not re.search(r"\(\d+\)$", i)] == ["selkeät rakenteet ja hoitopolut"]


@pytest.mark.slow
def test_the_second_reads_recurring_findings_are_not_in_the_reports(built: Path, pages) -> None:
    for cutoff, blocks in pages.items():
        reader = [(kind, text) for kind, text, appendix in blocks if not appendix and kind in ("prose", "label")]
        prose = [text for kind, text in reader if kind == "prose"]
        assert not [t for t in prose if DANGLING_THESE.search(t)], cutoff
        assert not [t for t in prose if READ_INTO_THEME.search(t)], cutoff
        assert not [t for t in prose if EQUALS_IN_PROSE.search(t)], cutoff
        # (prose only, and outside quotation marks: the models' own names in the tables
        # and the titles THL's documents are quoted by are not the report's words)
        assert not [t for t in prose if SHORT_MODEL.search(re.sub(r"”[^”]*”", "", t))], cutoff
        assert repeated_clauses(blocks) == [], cutoff
        # each sub-topic of a theme's synthesis with its count: no item split in two
        items = synthesis_items(blocks)
        assert items and all(re.search(r"\(\d+\)$", i) for i in items), (cutoff, items)
    # the panel's section is written by its template: no formula in its sentences
    template = (config.PACKAGE_DIR / "templates" / "report_parts" / "panel_section.html.j2").read_text(encoding="utf-8")
    prose = re.sub(r"\{[{%#].*?[}%#]\}|<[^>]+>", " ", template, flags=re.DOTALL)
    assert not EQUALS_IN_PROSE.search(prose) and not SHORT_MODEL.search(prose)


@pytest.mark.slow
def test_the_appendix_and_section_13_name_each_exclusion_reason_alike(built: Path) -> None:
    """A reader matches every row of the appendix's list to a row of §13's table."""
    import pandas as pd

    for cutoff in CUTOFFS:
        page = (built / cutoff / "report.html").read_text(encoding="utf-8")
        table = pd.read_html(io.StringIO(page), match="Mitkä vastaukset ovat mukana")[0]
        rows = [str(v) for v in table.iloc[:, 0]]
        listed = next(t for t in pd.read_html(io.StringIO(page)) if "Syy" in t.columns)
        for reason in set(listed["Syy"]):
            assert any(row == reason or row.startswith(f"{reason} (") for row in rows), (cutoff, reason, rows)


@pytest.mark.slow
def test_the_listing_files_name_the_columns_as_the_report_does(built: Path) -> None:
    """listaus.csv's headers are the report's §12 headers (the score, short in the
    report's narrow column, in full in the files)."""
    import pandas as pd

    for cutoff in CUTOFFS:
        page = (built / cutoff / "report.html").read_text(encoding="utf-8")
        shown = pd.read_html(io.StringIO(page), match="Arvioidut toimintamallit hyvinvointialueittain")[0]
        rows = list(
            csv.reader(io.StringIO((built / cutoff / "listaus.csv").read_text(encoding="utf-8-sig")), delimiter=";")
        )
        header = next(r for r in rows if "Toimintamalli" in r)
        assert [c for c in shown.columns if c != "Pisteet" and c not in header] == [], cutoff
