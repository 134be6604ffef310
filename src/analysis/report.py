"""What the report notebook shows, section by section.

The notebook (notebooks/summary_report.ipynb) holds the parameters, the headings
and the fixed narrative; each of its code cells calls one method here, which
displays the section's table, chart and data-driven sentences. All text that
comes from the data is HTML-escaped here, where it meets HTML.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from . import charts, fmt, summary
from .cleaning import REASON_LABELS_FI
from .codebook import Codebook, load_codebook
from .pipeline import Processed, load_processed
from .themes import ThemeBook, load_themebook

# (anchor, heading): the report's sections in the order of THL's summary (seed 001).
SECTIONS = (
    ("alueet", "1. Itsearvioinnit hyvinvointialueittain"),
    ("osallistujat", "2. Arviointeihin osallistuneet"),
    ("laajuus", "3. Toimintamallien laajuus"),
    ("investoinnit", "4. Itsearvioinnit investoinneittain"),
    ("kohde", "5. Toimintamallin kehittämisen kohde"),
    ("asiakasryhmat", "6. Asiakasryhmät"),
    ("arviointi", "7. Vahvistaminen, arviointi, hyödyntäminen ja käyttöönotto"),
    ("vaihe", "8. Toimintamallien kehitysvaihe"),
    ("digi", "9. Digitaalisten palveluiden kehittäminen"),
    ("teemat", "10. Kehittämistyön tärkeimmät tulokset"),
    ("esikarsinta", "11. Kriteeristön mukainen esikarsinta"),
    ("listaus", "12. Arvioidut toimintamallit"),
    ("laatu", "13. Aineiston laatu ja alkuperä"),
)


PANEL_ANCHOR, PANEL_HEADING = "asiantuntija-arvio", "Asiantuntija-arvio"

# What a chart's alternative text says about its numbers.
TABLE_BELOW = " Kaikki luvut ovat kuvion alla olevassa taulukossa."
DETAILS_BELOW = " Kaikki luvut ovat taulukkona kuvion alla (Kuvion luvut taulukkona)."
# The listing's and the shortlist's column widths: every column fits the page.
# The listing heads the score "Pisteet", like the shortlist (the files keep
# "Kriteeripisteet (0–10)"; the caption gives the range): the long word would not fit.
LISTING_HEADERS = {"Kriteeripisteet (0–10)": "Pisteet"}
LISTING_WIDTHS = {
    "Toimintamalli": "16%", "Hyvinvointialue": "10%", "Innokylä": "11%", "Laajuus": "13%",
    "Kehitysvaihe": "12%", "Pysyvän käyttöönoton päätös": "9%", "Liitetty Innokylään": "8%",
    "Teemat": "13%", "Pisteet": "8%",
}
SHORTLIST_WIDTHS = {"Toimintamalli": "22%", "Hyvinvointialue": "15%", "Innokylä": "18%", "Pisteet": "7%",
                    "Puuttuvat kriteerit": "38%"}


def parse_cutoff(value: str) -> date:
    """The notebook's cutoff parameter: an ISO date string (2025-12-31)."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"parameter cutoff={value!r} is not an ISO date (YYYY-MM-DD)") from None


# --- HTML ----------------------------------------------------------------------------

# Short theme labels for the listing's chips (by theme id), with a legend above the
# listing; a theme not named here is shown by its own short name.
THEME_LABELS = {
    "uniformity": "Yhdenmukaisuus",
    "collaboration": "Yhteistyö",
    "digital": "Digipalvelut",
    "competence": "Osaaminen",
    "client_experience": "Asiakaskokemus",
    "cost_savings": "Säästöt",
    "early_support": "Ennaltaehkäisy",
}


NUM = ' class="num"'


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _empty(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _numeric_text(value: object) -> bool:
    """A number, or text that reads as one (1 234, +3, −2, ±0, 63,9 %)."""
    if _is_number(value):
        return True
    text = str(value)
    for part in (",", "\u00a0", "+", "\u2212", "±", " ", "%"):
        text = text.replace(part, "")
    return text.isdigit()


def _cell(value: object, link: bool, tag: str = "td", attrs: str = "") -> str:
    if _empty(value):
        return f"<{tag}{attrs}></{tag}>"
    if _is_number(value):
        shown = fmt.number(value) if isinstance(value, int) else str(value)
        return f'<{tag}{attrs} class="num">{html.escape(shown)}</{tag}>'
    text = str(value)
    if link and text.startswith(("https://", "http://")):
        shown = text.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or text
        return f'<{tag}{attrs}><a href="{html.escape(text, quote=True)}">{html.escape(shown)}</a></{tag}>'
    numeric = text.replace(",", "").replace("\u00a0", "").replace("+", "").replace("\u2212", "").replace("±", "")
    css = ' class="num"' if numeric.isdigit() else ""
    return f"<{tag}{attrs}{css}>{html.escape(text)}</{tag}>"


def table_html(frame: pd.DataFrame, *, link_columns: Iterable[str] = (), caption: str | None = None,
               total_row: bool = False, small: bool = False, row_headers: bool = True,
               html_columns: Mapping[str, Callable[[object], str]] | None = None,
               widths: Mapping[str, str] | None = None, css: str = "") -> str:
    """A data table with every header and cell escaped; http(s) links in
    ``link_columns`` become anchors (shown by their last path part); numbers
    right-aligned; a last "Yhteensä" row in bold. The caption names the table;
    column headers have ``scope="col"`` and, with ``row_headers``, each row's first
    cell is its header (``scope="row"``). Every cell carries its column's name
    (``data-label``), which narrow screens show when the table is stacked.
    ``html_columns`` maps a column to a function giving its cells' (safe) HTML;
    ``widths`` gives columns their share of the width."""
    links = set(link_columns)
    makers = dict(html_columns or {})
    columns = [str(c) for c in frame.columns]
    numeric = [all(_numeric_text(v) for v in frame.iloc[:, k] if not _empty(v)) and k > 0
               for k in range(len(columns))]
    head = "".join(f'<th scope="col"{NUM if num else ""}>{html.escape(c)}</th>' for c, num in zip(columns, numeric))
    labels = [f' data-label="{html.escape(c, quote=True)}"' for c in columns]
    rows = []
    for i, record in enumerate(frame.itertuples(index=False)):
        cells = []
        for k, (column, value) in enumerate(zip(columns, record)):
            header = row_headers and k == 0
            tag, attrs = ("th", ' scope="row"') if header else ("td", labels[k])
            if column in makers:
                cells.append(f"<{tag}{attrs}>{makers[column](value)}</{tag}>")
            else:
                cells.append(_cell(value, column in links, tag, attrs))
        row_css = ' class="total"' if total_row and i == len(frame) - 1 else ""
        rows.append(f"<tr{row_css}>{''.join(cells)}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    cols = ""
    if widths:
        cols = "<colgroup>" + "".join(
            f'<col style="width:{html.escape(widths[c], quote=True)}">' if c in widths else "<col>" for c in columns
        ) + "</colgroup>"
    classes = " ".join(["rrp", "small" if small else "", "fixed" if widths else "", css]).split()
    return (f'<table class="{" ".join(classes)}">{cap}{cols}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def show_table(frame: pd.DataFrame, **kwargs) -> None:
    display(HTML(table_html(frame, **kwargs)))


def _svg_size(data: bytes) -> tuple[int, int]:
    """The SVG's size in CSS pixels (matplotlib gives it in points)."""
    head = data[: data.index(b">", data.index(b"<svg")) + 1].decode()
    size = [float(re.search(rf'\b{k}="([0-9.]+)pt"', head).group(1)) for k in ("width", "height")]
    return round(size[0] * 4 / 3), round(size[1] * 4 / 3)


def figure_html(fig, alt: str, data_table: str | None = None) -> str:
    """The chart as an embedded SVG image at its natural size with its alternative
    text, and the chart's numbers as a table that opens under it (``data_table``,
    for charts whose numbers are not in a table of their own)."""
    data = charts.svg(fig)
    width, height = _svg_size(data)
    source = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    parts = [f'<figure class="chart"><img src="{source}" alt="{html.escape(alt, quote=True)}" '
             f'width="{width}" height="{height}">']
    if data_table:
        parts.append(f"<details><summary>Kuvion luvut taulukkona</summary>{data_table}</details>")
    parts.append("</figure>")
    return "".join(parts)


def show_figure(fig, alt: str | None = None, data_table: str | None = None) -> None:
    """The chart with its alternative text (by default its title) and, if given, its
    numbers in a table that opens under it."""
    if alt is None:
        title = fig.axes[0].get_title() if fig.axes else ""
        alt = f"Kuvio: {title}." if title else "Kuvio."
    display(HTML(figure_html(fig, alt, data_table)))


def counts_table(counts: Mapping[str, float], label: str, caption: str, n: int | None = None,
                 value: str = "Lukumäärä", percents: Sequence[float] | None = None) -> str:
    """A chart's counts as a table: label, count, and its share when ``n`` or
    ``percents`` is given."""
    frame = pd.DataFrame({label: list(counts), value: [int(v) for v in counts.values()]})
    if percents is None and n:
        percents = [fmt.share(v, n) for v in counts.values()]
    if percents is not None:
        frame["%"] = [fmt.percent(p) for p in percents]
    return table_html(frame, caption=caption)


def say(text: str) -> None:
    """Narrative built from the data; the caller escapes data text with ``esc``."""
    display(Markdown(text))


def esc(text: object) -> str:
    """Data text for Markdown/HTML: escaped, and Markdown's own markup neutralised."""
    escaped = html.escape(str(text))
    for char in "\\`*_[]#|":
        escaped = escaped.replace(char, f"&#{ord(char)};")
    return escaped


# --- the report --------------------------------------------------------------------------


@dataclass
class Report:
    cutoff: date
    data: Processed
    earlier: dict[date, pd.DataFrame]
    codebook: Codebook
    book: ThemeBook
    panel: dict | None = None  # the panel's results (arviointi/paneeli.json), once collected

    @classmethod
    def load(cls, cutoff: str, processed_dir: str | Path, compare_with: Sequence[str] = (),
             panel_dir: str | Path = "") -> Report:
        """Read one cutoff's processed data, the earlier cutoffs to compare with, and
        the panel's collected results when ``panel_dir`` holds them."""
        when = parse_cutoff(cutoff)
        folder = Path(processed_dir)
        earlier = {}
        for other in compare_with:
            day = parse_cutoff(other)
            if day < when:
                earlier[day] = load_processed(day, folder).assessments
        charts.style()
        panel = None
        if panel_dir and (Path(panel_dir) / "paneeli.json").is_file():
            panel = json.loads((Path(panel_dir) / "paneeli.json").read_text(encoding="utf-8"))
        return cls(when, load_processed(when, folder), earlier, load_codebook(), load_themebook(), panel)

    @property
    def kept(self) -> pd.DataFrame:
        return self.data.assessments

    @property
    def n(self) -> int:
        return len(self.kept)

    @property
    def by_cutoff(self) -> dict[date, pd.DataFrame]:
        return {**self.earlier, self.cutoff: self.kept}

    @property
    def sections(self) -> list[tuple[str, str]]:
        """The contents: SECTIONS, and Asiantuntija-arvio after the screening when the panel's scores exist."""
        out = []
        for anchor, heading in SECTIONS:
            out.append((anchor, heading))
            if anchor == "esikarsinta" and self.panel:
                out.append((PANEL_ANCHOR, PANEL_HEADING))
        return out

    @property
    def synthetic(self) -> bool:
        return bool(self.data.manifest.get("synthetic_data"))

    def q(self, question_id: str):
        return self.codebook.question(question_id)

    def area_short(self, name: object) -> object:
        """An area's short name (Etelä-Karjala) for the long tables; other text as it is."""
        try:
            return self.codebook.region_by_name(str(name)).short
        except KeyError:
            return name

    # 0. title, provenance, contents ------------------------------------------------------

    def header(self) -> None:
        m = self.data.manifest
        title = f"RRP-toimintamallien vaikutusten itsearvioinnit – yhteenveto {fmt.date_fi(self.cutoff)}"
        parts = [f"<h1 id='otsikko'>{html.escape(title)}</h1>"]
        if self.synthetic:
            parts.append(
                "<div class='synthetic'><strong>SYNTEETTINEN ESIMERKKIAINEISTO.</strong> Tämän raportin luvut on "
                "laskettu keksitystä aineistosta, joka on tehty vastaamaan THL:n julkaisemia yhteenvetoja. "
                "Ne eivät ole oikeita itsearviointeja.</div>"
            )
        files = "".join(
            f"<li><code>{html.escape(f['file'])}</code> – SHA-256 <code>{html.escape(f['sha256'])}</code></li>"
            for f in m["inputs"] + m.get("hand_kept_files", [])
        )
        built = m.get("built_at", "")
        facts = [
            ("Rajapäivä", f"{fmt.date_fi(self.cutoff)} (vastaukset tähän päivään asti, Suomen aikaa)"),
            ("Itsearviointeja", fmt.number(self.n)),
            ("Koottu", built.replace("T", " klo ").replace("+00:00", " UTC")),
            ("Ohjelmaversio", m.get("code_version", "")),
        ]
        rows = "".join(f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in facts)
        parts.append(f"<table class='facts'><caption class='visually-hidden'>Raportin tiedot</caption>{rows}"
                     f"<tr><th scope='row'>Lähdetiedostot</th><td><ul>{files}</ul></td></tr></table>")
        toc = "".join(f"<li><a href='#{a}'>{html.escape(h)}</a></li>" for a, h in self.sections)
        parts.append(f"<nav class='toc' aria-labelledby='sisalto'><h2 id='sisalto'>Sisältö</h2><ul>{toc}</ul></nav>")
        parts.append("<h2 id='keskeiset'>Keskeiset luvut</h2>")
        dates = charts.join_fi([fmt.date_fi(d) for d in sorted(self.by_cutoff)])
        parts.append(table_html(summary.key_figures_table(self.by_cutoff, self.cutoff),
                                caption=f"Keskeiset luvut rajapäivinä {dates}", css="key-figures"))
        display(HTML("".join(parts)))

    # 1. areas --------------------------------------------------------------------------

    def areas(self) -> None:
        counts = summary.area_counts(self.kept, self.codebook)
        dist = summary.area_distribution(counts)
        target = summary.stm_target(self.cutoff)
        text = (
            f"Rajapäivään {fmt.date_fi(self.cutoff)} mennessä palautettiin **{self.n}** itsearviointia. "
            f"Vähintään kolme arviointia oli {dist['at_least_3']} alueella, kaksi {dist['exactly_2']} alueella, "
            f"yksi {dist['exactly_1']} alueella, eikä yhtään {dist['none']} alueella."
        )
        if target:
            low, high = target
            met = int((counts >= low).sum())
            goal = f"{low}–{high} arviointia" if high else f"vähintään {low} arvioinnin"
            text += f" STM suositteli alueille {goal}; vähintään {low} arviointia oli {met} alueella 22:sta."
        for day, frame in sorted(self.earlier.items()):
            text += f" Rajapäivänä {fmt.date_fi(day)} arviointeja oli {len(frame)} ({fmt.signed(self.n - len(frame))} siitä)."
        say(text)
        by = {d: list(summary.area_counts(f, self.codebook)) for d, f in sorted(self.by_cutoff.items())}
        shorts = [self.codebook.region_by_name(name).short for name in self.codebook.region_names]
        title = f"Itsearvioinnit hyvinvointialueittain, n={self.n}"
        show_figure(charts.area_chart(by, shorts, title),
                    charts.alt_area_chart(by, shorts, title) + " Kaikki luvut ovat kuvion alla olevassa taulukossa.")
        show_table(summary.area_table(self.by_cutoff, self.cutoff),
                   caption=f"Itsearvioinnit hyvinvointialueittain rajapäivinä ja muutos, n={self.n}")
        show_table(summary.area_distribution_table(self.by_cutoff, self.cutoff),
                   caption="Alueiden määrä arviointien lukumäärän mukaan")

    # 2. participants ---------------------------------------------------------------------

    def participants(self) -> None:
        p = summary.participants(self.kept)
        text = (
            f"Arviointeja tehtiin {self.n} kpl, ja niihin osallistui **{fmt.number(p['total'])}** henkilöä. "
            f"Arviointiin tuli osallistua sekä RRP-hankkeen että hyvinvointialueen edustaja; näin toteutui "
            f"**{p['both_represented']}** arvioinnissa ({fmt.percent(p['both_percent'])})."
        )
        if p["participants_missing"]:
            text += f" Osallistujamäärä puuttui {p['participants_missing']} arvioinnista."
        say(text)
        counts = summary.multi_choice_counts(self.kept, self.q("participant_roles"))
        show_table(pd.DataFrame({"Arviointiin osallistui": list(counts) + ["Molemmat"],
                                 "Lukumäärä": list(counts.values()) + [p["both_represented"]]}),
                   caption=f"Arviointiin osallistuneiden edustus, n={self.n}")

    # 3.–4. scope and investments ---------------------------------------------------------

    def scope(self) -> None:
        table = summary.single_choice_table(self.kept, self.q("scope"))
        counts = summary.single_choice_counts(self.kept, self.q("scope"))
        # the same largest-remainder percentages as the table
        title, percents = f"Toimintamallien laajuus, n={self.n}", fmt.largest_remainder(list(counts.values()))
        show_figure(charts.bar_chart(counts, title, percents=percents),
                    charts.alt_bar_chart(counts, title, percents=percents) + TABLE_BELOW)
        show_table(table, total_row=True, caption=f"Toimintamallien laajuus, n={self.n}")

    def investments(self) -> None:
        show_table(summary.investment_table(self.kept, self.codebook), total_row=True,
                   caption=f"Itsearvioinnit investoinneittain, n={self.n}")
        texts = summary.other_texts(self.kept, self.q("investment"))
        if texts:
            say("”Muu”-vastaukset näkyvät taulukossa tekstinään: " + ", ".join(esc(t) for t in texts) + ".")

    # 5.–6. development targets and target groups -----------------------------------------

    def dev_targets(self) -> None:
        counts = summary.multi_choice_counts(self.kept, self.q("dev_targets"))
        say(f"**{counts[summary.SOCIAL_AND_HEALTH]}** toimintamallissa kehitettiin sekä sosiaali- että "
            "terveydenhuollon palveluita. *Voi olla valittuna useita.*")
        title = f"Toimintamallin kehittämisen kohde, n={self.n}"
        show_figure(charts.bar_chart(counts, title, n=self.n), charts.alt_bar_chart(counts, title, n=self.n) + TABLE_BELOW)
        show_table(summary.multi_choice_table(self.kept, self.q("dev_targets")), caption=title)

    def target_groups(self) -> None:
        q = self.q("target_groups")
        counts = summary.multi_choice_counts(self.kept, q)
        display_counts = {q.option(o.id).display: counts[o.label] for o in q.options}
        ordered = dict(sorted(display_counts.items(), key=lambda kv: -kv[1]))
        title = f"Asiakasryhmien määrät, n={self.n}"
        show_figure(charts.bar_chart(ordered, title, n=self.n), charts.alt_bar_chart(ordered, title, n=self.n) + DETAILS_BELOW,
                    counts_table(ordered, "Asiakasryhmä", title, n=self.n))
        texts = summary.other_texts(self.kept, q)
        if texts:
            say("Muut asiakasryhmät: " + ", ".join(esc(t) for t in texts) + ".")
        say("Ryhmän koko on suluissa. *Toimintamallissa voi olla useita asiakasryhmiä ja kehittämisen kohteita.*")
        show_table(summary.group_by_dev_table(self.kept, self.codebook),
                   caption="Yleisimpien asiakasryhmien kehittämisen kohteet", css="cross")

    # 7. strengthening, evaluation, utilisation, adoption ---------------------------------

    def evaluation(self) -> None:
        for question_id, title in (("strengthened", "Toimintamallilla on vahvistettu"),
                                   ("other_evaluation", "Toimintamallista tehty muu arviointi")):
            counts = summary.multi_choice_counts(self.kept, self.q(question_id))
            title = f"{title}, n={self.n}"
            show_figure(charts.bar_chart(counts, title, n=self.n),
                        charts.alt_bar_chart(counts, title, n=self.n) + DETAILS_BELOW,
                        counts_table(counts, "Vaihtoehto", title, n=self.n))
        for question_id in ("results_evaluation", "utilisation", "adoption"):
            q = self.q(question_id)
            counts = summary.matrix_counts(self.kept, q)
            scale = list(q.scale) + ([summary.NO_ANSWER] if any(summary.NO_ANSWER in r for r in counts.values()) else [])
            title = f"{q.text}, n={self.n}"
            show_figure(charts.stacked_bars(counts, scale, title), charts.alt_stacked_bars(counts, scale, title) + TABLE_BELOW)
            show_table(summary.matrix_table(self.kept, q), caption=f"{q.text}: vastaukset väittämittäin, n={self.n}")
        k = summary.key_sentences(self.kept, self.codebook)
        core = ("Kaikkien toimintamallien keskeiset ydinelementit oli tunnistettu."
                if k["core_elements_yes"] == self.n else
                f"Toimintamallien ydinelementit oli tunnistettu {fmt.percent(k['core_elements_percent'])}:ssa.")
        fits = ("Kaikki toimintamallit soveltuivat ympäristöön, jonne ne oli kehitetty"
                if k["fits_environment_yes"] == self.n else
                f"{fmt.percent(k['fits_environment_percent'])} toimintamalleista soveltui ympäristöön, jonne se oli kehitetty")
        say(f"- {core}\n- {fits}, ja {fmt.percent(k['transferable_percent'])} oli myös siirrettävissä muille "
            f"hyvinvointialueille.\n- {fmt.percent(k['applicable_percent'])} ({k['applicable_yes']} kpl) "
            "toimintamalleista oli sovellettavissa muille asiakasryhmille.\n\n*Osuudet ovat ”Kyllä”-vastauksia "
            "kaikista arvioinneista.*")

    # 8.–9. phase and digital -------------------------------------------------------------

    def phase(self) -> None:
        reached = summary.phase_counts(self.kept, self.codebook)
        shares = {label: fmt.share(count, self.n) for label, count in reached.items()}
        title = f"Toimintamallien kehitysvaihe, n={self.n}"
        show_figure(charts.percent_bars(shares, title), charts.alt_percent_bars(shares, title) + TABLE_BELOW)
        say("Vaihe on saavutettu, kun vastaus on muu kuin ”Ei”; osuudet ovat kaikista arvioinneista. "
            "Taulukko kertoo myös, kuinka laajasti vaihe on saavutettu.")
        show_table(summary.phase_table(self.kept, self.codebook),
                   caption=f"Kehitysvaihe ja sen laajuus, n={self.n}")

    def digital(self) -> None:
        counts = summary.multi_choice_counts(self.kept, self.q("digital"))
        title = f"Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen, n={self.n}"
        show_figure(charts.bar_chart(counts, title, n=self.n), charts.alt_bar_chart(counts, title, n=self.n) + TABLE_BELOW)
        show_table(summary.multi_choice_table(self.kept, self.q("digital")), caption=title)

    # 10. themes -------------------------------------------------------------------------

    def themes(self) -> None:
        table = summary.theme_table(self.kept, self.book)
        counts = dict(zip(table["Teema"], table["Lukumäärä"]))
        title = f"Tärkeimpien tulosten teemat, n={self.n}"
        show_figure(charts.bar_chart(counts, title, n=self.n), charts.alt_bar_chart(counts, title, n=self.n) + TABLE_BELOW)
        show_table(table, caption=title)
        say("Taulukossa on isoimpien asiakasryhmien kolme yleisintä teemaa (kaikki seitsemän ovat tiedostossa "
            "summary.json). Yhteensä-rivi on sarakkeiden summa; sama arviointi voi kuulua useaan ryhmään.")
        table = summary.theme_by_group_table(self.kept, self.codebook, self.book)
        leading = [self.book.theme(name).short for name in summary.theme_table(self.kept, self.book)["Teema"][:3]]
        show_table(table[["Asiakasryhmä", *leading]], total_row=True,
                   caption="Tärkeimpien tulosten teemojen yleisyys isoimmissa asiakasryhmissä")

    def theme_syntheses(self) -> None:
        """Per theme, THL's sub-topics with how many assessments mention each, and
        short quotes from the results answers (chosen by the data, screened for
        personal data)."""
        from .theme_review import theme_quotes

        counts = summary.theme_counts(self.kept, self.book)
        say("Teemojen alateemat ovat THL:n yhteenvedon teemakuvausten mukaiset. Luku kertoo, monessako "
            "teeman saaneessa arvioinnissa alateema mainitaan; sama arviointi voi mainita useita alateemoja.")
        show_table(summary.theme_subtopic_table(self.kept, self.book), small=True,
                   caption=f"Teemojen alateemat, n={self.n}")
        quotes = theme_quotes(self.kept, self.book)
        lines = []
        for name in summary.theme_table(self.kept, self.book)["Teema"]:
            if not quotes[name]:
                continue
            lines.append(f"**{esc(name)}** (n={counts[name]})\n")
            lines += [f"> {esc(quote)}\n" for quote in quotes[name]]
        if lines:
            say("Poimintoja vastauksista (lyhyitä lauseita vastauksista kysymykseen *Toimintamallin "
                "vaikuttavimmat ja tärkeimmät tulokset*):\n\n" + "\n".join(lines))

    def theme_method(self) -> None:
        reviewed = self.data.manifest.get("theme_codes_reviewed", {})
        given, changed = reviewed.get("given", 0), reviewed.get("changed_automatic_code", 0)
        text = (
            "Avovastaukset kysymykseen *Toimintamallin vaikuttavimmat ja tärkeimmät tulokset* on luokiteltu "
            "seitsemään teemaan sääntöpohjaisesti: kunkin teeman sanat ja sanaparit (tiedosto "
            "`src/analysis/data/themes.yaml`) etsitään vastauksista perusmuotoistettuina (simplemma), "
            "yhdyssanat, puuttuvat ä- ja ö-kirjaimet ja yksittäiset kirjoitusvirheet huomioiden. Ruotsin- ja "
            "englanninkieliset vastaukset luokitellaan omilla sanalistoillaan. Kieltolauseessa tai toteutumatonta "
            "tulosta kuvaavassa lauseessa esiintyvää sanaa ei lasketa (”digitaalisia palveluita ei kehitetty”, "
            "”etäpalvelut jäivät suunnitteluasteelle”). Vastaus voi kuulua useaan teemaan tai ei yhteenkään. "
            "Jokaisen luokituksen perusteena olleet sanat tallentuvat aineistoon tarkistettaviksi. "
        )
        flagged = summary.theme_review_counts(self.kept, self.data.manifest)["flagged"]
        text += (
            f"Luokittelija merkitsi tarkistettaviksi {fmt.number(flagged)} vastausta {fmt.number(self.n)}:stä "
            "(esimerkiksi pitkä vastaus ilman teemaa, vain kirjoitusvirhettä sietävä osuma, kielteinen ilmaus "
            "osuman lähellä tai muu kieli kuin suomi). "
        )
        if given:
            text += f"Käsin tarkistettuja koodeja oli {given}; niistä {changed} muutti automaattista luokitusta."
        else:
            text += "Käsin tarkistettuja koodeja ei ollut; luokitus on kokonaan automaattinen."
        say(text)
        rows = [{"Teema": t.name, "Kuvaus": t.description} for t in self.book.themes]
        show_table(pd.DataFrame(rows), caption="Teemat ja niiden kuvaukset")

    # 11. criteria screening ------------------------------------------------------------------

    def screening(self) -> None:
        from .screening import load_criteria, score_distribution, screen, shortlist, stage1_summary

        book = load_criteria()
        screened = screen(self.kept, book)
        stage1 = stage1_summary(screened, book)
        say(f"Vaiheen 1 ehdot täytti **{stage1['passed']}** arviointia {self.n}:stä. "
            f"Vain puuttuvan vastauksen vuoksi karsiutui {stage1['failed_only_because_missing']}. "
            "Ehdot ja kriteerit ovat tiedostossa `src/analysis/data/criteria.yaml`.")
        rows = [{"Ehto": c.label, "Kuvaus": c.description,
                 "Ei täyty": stage1["failed_by_condition"][c.label]["failed"],
                 "Vastaus puuttuu": stage1["failed_by_condition"][c.label]["missing"]} for c in book.stage1]
        show_table(pd.DataFrame(rows), caption="Vaiheen 1 ehdot ja niitä täyttämättömät arvioinnit")
        distribution = score_distribution(screened)
        shown = {fmt.number(float(k), 1): v for k, v in distribution.items() if float(k) >= min(screened["score"], default=0)}
        title = f"Kriteeripisteet (0–10), n={self.n}"
        alt = charts.alt_bars(title, {f"{k} pistettä": v for k, v in shown.items()}, top=3)
        show_figure(charts.bar_chart(shown, title, xlabel="Arviointeja"), alt + DETAILS_BELOW,
                    counts_table(shown, "Pisteet", title, value="Arviointeja"))
        say("Pisteet: ”Kyllä” 1, ”Osittain” tai ”Valmistelussa” ½, muu vastaus tai vastauksen puuttuminen 0; "
            "kriteerejä on kymmenen: " + ", ".join(c.label.lower() for c in book.criteria) + ".")
        top = shortlist(self.kept, screened)
        top["Pisteet"] = top["Pisteet"].map(lambda p: fmt.number(p, 1))
        top["Hyvinvointialue"] = top["Hyvinvointialue"].map(self.area_short)
        show_table(top, link_columns=["Innokylä"], small=True,
                   caption=f"Lyhytlista: vaiheen 1 läpäisseet {len(top)} toimintamallia pisteiden mukaan",
                   widths=SHORTLIST_WIDTHS, css="shortlist")

    # the expert panel (after 11, only when its scores are collected) -------------------

    def panel_review(self) -> None:
        if not self.panel:
            return
        from .panel_report import panel_section

        display(HTML(panel_section(self.panel, self.area_short)))

    # 12. listing ---------------------------------------------------------------------------

    def listing(self) -> None:
        table = summary.listing_table(self.kept, self.codebook, self.book)
        attached = int((table["Liitetty Innokylään"] == "kyllä").sum())
        say(f"Itsearvioinneista **{attached}** on liitetty Innokylään toimintamallikuvauksiin. "
            "Listaus on myös tiedostoina `listaus.csv` ja `listaus.xlsx` raportin vieressä.")
        labels = {t.name: THEME_LABELS.get(t.id, t.short) for t in self.book.themes}
        legend = "".join(f"<li><span class='chip'>{html.escape(labels[t.name])}</span> {html.escape(t.name)}</li>"
                         for t in self.book.themes)
        display(HTML(f"<div class='legend'><p id='teemalyhenteet'>Teemat listauksessa:</p>"
                     f"<ul aria-labelledby='teemalyhenteet'>{legend}</ul></div>"))
        shown = table.drop(columns=["Vastaajan numero", "Esikarsinta (vaihe 1)"]).rename(columns=LISTING_HEADERS)
        shown["Hyvinvointialue"] = shown["Hyvinvointialue"].map(self.area_short)

        def chips(names: object) -> str:
            items = "".join(f"<li class='chip'>{html.escape(labels.get(n, n))}</li>" for n in str(names).split("; ") if n)
            return f"<ul class='chips'>{items}</ul>" if items else ""

        show_table(shown, link_columns=["Innokylä"], small=True, html_columns={"Teemat": chips},
                   caption=f"Arvioidut toimintamallit hyvinvointialueittain, n={self.n} (kriteeripisteet 0–10)",
                   widths=LISTING_WIDTHS, css="listing")

    # 13. data quality --------------------------------------------------------------------

    def data_quality(self) -> None:
        m = self.data.manifest
        show_table(summary.exclusion_table(m).rename(columns={"": "Rivit"}),
                   caption="Vientitiedostojen rivien täsmäytys")
        problems = self.data.problems
        errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
        warnings = int((problems["severity"] == "warning").sum()) if len(problems) else 0
        say(f"Jokainen vientitiedoston rivi on joko mukana tai poistettu yhdellä syyllä: "
            f"{m['accounting']['raw_rows']} = {m['accounting']['kept']} + "
            f"{sum(m['accounting']['excluded'].values())}. Lukuvaiheessa havaittiin {errors} käyttökelvotonta "
            f"riviä ja {warnings} muuta huomiota (tyhjäksi jätetty solu tai ohitettu merkintä).")
        if len(problems):
            shown = problems.sort_values(["severity", "file", "row"]).head(50)
            show_table(shown.rename(columns={"file": "Tiedosto", "row": "Rivi", "column": "Sarake",
                                             "value": "Arvo", "message": "Huomio", "severity": "Vakavuus"}),
                       caption=f"Lukuvaiheen huomiot ({len(shown)} ensimmäistä)", small=True, row_headers=False)
        excluded = self.data.excluded
        if len(excluded):
            table = excluded[["response_id", "source_file", "source_row", "exclusion_reason", "exclusion_detail"]].copy()
            table["exclusion_reason"] = table["exclusion_reason"].astype(str).map(REASON_LABELS_FI)
            show_table(table.rename(columns={"response_id": "Vastaajan numero", "source_file": "Tiedosto",
                                             "source_row": "Rivi", "exclusion_reason": "Syy",
                                             "exclusion_detail": "Tarkemmin"}),
                       caption="Poistetut rivit", small=True)
