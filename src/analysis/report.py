"""What the report notebook shows, section by section.

The notebook (notebooks/summary_report.ipynb) holds the parameters, the headings
and the fixed narrative; each of its code cells calls one method here, which
displays the section's table, chart and data-driven sentences. All text that
comes from the data is HTML-escaped here, where it meets HTML.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Image, Markdown, display

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


def parse_cutoff(value: str) -> date:
    """The notebook's cutoff parameter: an ISO date string (2025-12-31)."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"parameter cutoff={value!r} is not an ISO date (YYYY-MM-DD)") from None


# --- HTML ----------------------------------------------------------------------------


def _cell(value: object, link: bool) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "<td></td>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{html.escape(fmt.number(value) if isinstance(value, int) else str(value))}</td>'
    text = str(value)
    if link and text.startswith(("https://", "http://")):
        shown = text.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or text
        return f'<td><a href="{html.escape(text, quote=True)}">{html.escape(shown)}</a></td>'
    numeric = text.replace(",", "").replace("\u00a0", "").replace("+", "").replace("\u2212", "").replace("±", "")
    css = ' class="num"' if numeric.isdigit() else ""
    return f"<td{css}>{html.escape(text)}</td>"


def table_html(frame: pd.DataFrame, *, link_columns: Iterable[str] = (), caption: str | None = None,
               total_row: bool = False, small: bool = False) -> str:
    """A table with every header and cell escaped; http(s) links in ``link_columns``
    become anchors (shown by their last path part); numbers right-aligned; a last
    "Yhteensä" row in bold."""
    links = set(link_columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for i, record in enumerate(frame.itertuples(index=False)):
        cells = "".join(_cell(v, c in links) for c, v in zip(frame.columns, record))
        css = ' class="total"' if total_row and i == len(frame) - 1 else ""
        rows.append(f"<tr{css}>{cells}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    css = "rrp small" if small else "rrp"
    return f'<table class="{css}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def show_table(frame: pd.DataFrame, **kwargs) -> None:
    display(HTML(table_html(frame, **kwargs)))


def show_figure(fig) -> None:
    """The chart as an embedded PNG, with its title as the alternative text."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    title = fig.axes[0].get_title() if fig.axes else ""
    display(Image(data=buffer.getvalue(), format="png", alt=title or "kuvio"))


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

    @classmethod
    def load(cls, cutoff: str, processed_dir: str | Path, compare_with: Sequence[str] = ()) -> Report:
        """Read one cutoff's processed data, and the earlier cutoffs to compare with."""
        when = parse_cutoff(cutoff)
        folder = Path(processed_dir)
        earlier = {}
        for other in compare_with:
            day = parse_cutoff(other)
            if day < when:
                earlier[day] = load_processed(day, folder).assessments
        charts.style()
        return cls(when, load_processed(when, folder), earlier, load_codebook(), load_themebook())

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
    def synthetic(self) -> bool:
        return bool(self.data.manifest.get("synthetic_data"))

    def q(self, question_id: str):
        return self.codebook.question(question_id)

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
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in facts)
        parts.append(f"<table class='facts'>{rows}<tr><th>Lähdetiedostot</th><td><ul>{files}</ul></td></tr></table>")
        toc = "".join(f"<li><a href='#{a}'>{html.escape(h)}</a></li>" for a, h in SECTIONS)
        parts.append(f"<nav class='toc'><h2 id='sisalto'>Sisältö</h2><ul>{toc}</ul></nav>")
        parts.append("<h2 id='keskeiset'>Keskeiset luvut</h2>")
        parts.append(table_html(summary.key_figures_table(self.by_cutoff, self.cutoff)))
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
        by = {fmt.date_fi(d): list(summary.area_counts(f, self.codebook)) for d, f in sorted(self.by_cutoff.items())}
        shorts = [self.codebook.region_by_name(name).short for name in self.codebook.region_names]
        show_figure(charts.area_chart(by, shorts, f"Itsearvioinnit hyvinvointialueittain, n={self.n}"))
        show_table(summary.area_table(self.by_cutoff, self.cutoff))
        show_table(summary.area_distribution_table(self.by_cutoff, self.cutoff))

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
                                 "Lukumäärä": list(counts.values()) + [p["both_represented"]]}))

    # 3.–4. scope and investments ---------------------------------------------------------

    def scope(self) -> None:
        table = summary.single_choice_table(self.kept, self.q("scope"))
        counts = summary.single_choice_counts(self.kept, self.q("scope"))
        # the same largest-remainder percentages as the table
        show_figure(charts.bar_chart(counts, f"Toimintamallien laajuus, n={self.n}",
                                     percents=fmt.largest_remainder(list(counts.values()))))
        show_table(table, total_row=True)

    def investments(self) -> None:
        show_table(summary.investment_table(self.kept, self.codebook), total_row=True)
        texts = summary.other_texts(self.kept, self.q("investment"))
        if texts:
            say("”Muu”-vastaukset näkyvät taulukossa tekstinään: " + ", ".join(esc(t) for t in texts) + ".")

    # 5.–6. development targets and target groups -----------------------------------------

    def dev_targets(self) -> None:
        counts = summary.multi_choice_counts(self.kept, self.q("dev_targets"))
        say(f"**{counts[summary.SOCIAL_AND_HEALTH]}** toimintamallissa kehitettiin sekä sosiaali- että "
            "terveydenhuollon palveluita. *Voi olla valittuna useita.*")
        show_figure(charts.bar_chart(counts, f"Toimintamallin kehittämisen kohde, n={self.n}", n=self.n))
        show_table(summary.multi_choice_table(self.kept, self.q("dev_targets")))

    def target_groups(self) -> None:
        q = self.q("target_groups")
        counts = summary.multi_choice_counts(self.kept, q)
        display_counts = {q.option(o.id).display: counts[o.label] for o in q.options}
        show_figure(charts.bar_chart(dict(sorted(display_counts.items(), key=lambda kv: -kv[1])),
                                     f"Asiakasryhmien määrät, n={self.n}", n=self.n))
        texts = summary.other_texts(self.kept, q)
        if texts:
            say("Muut asiakasryhmät: " + ", ".join(esc(t) for t in texts) + ".")
        say("**Yleisimpien asiakasryhmien kehittämisen kohteet** – ryhmän koko suluissa. "
            "*Toimintamallissa voi olla useita asiakasryhmiä ja kehittämisen kohteita.*")
        show_table(summary.group_by_dev_table(self.kept, self.codebook))

    # 7. strengthening, evaluation, utilisation, adoption ---------------------------------

    def evaluation(self) -> None:
        show_figure(charts.bar_chart(summary.multi_choice_counts(self.kept, self.q("strengthened")),
                                     f"Toimintamallilla on vahvistettu, n={self.n}", n=self.n))
        show_figure(charts.bar_chart(summary.multi_choice_counts(self.kept, self.q("other_evaluation")),
                                     f"Toimintamallista tehty muu arviointi, n={self.n}", n=self.n))
        for question_id in ("results_evaluation", "utilisation", "adoption"):
            q = self.q(question_id)
            counts = summary.matrix_counts(self.kept, q)
            scale = list(q.scale) + ([summary.NO_ANSWER] if any(summary.NO_ANSWER in r for r in counts.values()) else [])
            show_figure(charts.stacked_bars(counts, scale, f"{q.text}, n={self.n}"))
            show_table(summary.matrix_table(self.kept, q))
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
        show_figure(charts.percent_bars(shares, f"Toimintamallien kehitysvaihe, n={self.n}"))
        say("Vaihe on saavutettu, kun vastaus on muu kuin ”Ei”; osuudet ovat kaikista arvioinneista. "
            "Taulukko kertoo myös, kuinka laajasti vaihe on saavutettu.")
        show_table(summary.phase_table(self.kept, self.codebook))

    def digital(self) -> None:
        counts = summary.multi_choice_counts(self.kept, self.q("digital"))
        show_figure(charts.bar_chart(counts, f"Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen, n={self.n}", n=self.n))
        show_table(summary.multi_choice_table(self.kept, self.q("digital")))

    # 10. themes -------------------------------------------------------------------------

    def themes(self) -> None:
        table = summary.theme_table(self.kept, self.book)
        show_figure(charts.bar_chart(dict(zip(table["Teema"], table["Lukumäärä"])),
                                     f"Tärkeimpien tulosten teemat, n={self.n}", n=self.n))
        show_table(table)
        say("**Tärkeimpien tulosten teemojen yleisyys isoimmissa asiakasryhmissä** – kolme yleisintä teemaa "
            "(kaikki seitsemän ovat tiedostossa summary.json). Yhteensä-rivi on sarakkeiden summa; sama "
            "arviointi voi kuulua useaan ryhmään.")
        table = summary.theme_by_group_table(self.kept, self.codebook, self.book)
        leading = [self.book.theme(name).short for name in summary.theme_table(self.kept, self.book)["Teema"][:3]]
        show_table(table[["Asiakasryhmä", *leading]], total_row=True)

    def theme_method(self) -> None:
        reviewed = self.data.manifest.get("theme_codes_reviewed", {})
        given, changed = reviewed.get("given", 0), reviewed.get("changed_automatic_code", 0)
        text = (
            "Avovastaukset kysymykseen *Toimintamallin vaikuttavimmat ja tärkeimmät tulokset* on luokiteltu "
            "seitsemään teemaan sääntöpohjaisesti: kunkin teeman sanat ja sanaparit (tiedosto "
            "`src/analysis/data/themes.yaml`) etsitään vastauksista perusmuotoistettuina (simplemma), "
            "yhdyssanat huomioiden. Kieltolauseessa esiintyvää sanaa ei lasketa (”digitaalisia palveluita ei "
            "kehitetty”). Vastaus voi kuulua useaan teemaan tai ei yhteenkään. Jokaisen luokituksen perusteena "
            "olleet sanat tallentuvat aineistoon tarkistettaviksi. "
        )
        if given:
            text += f"Käsin tarkistettuja koodeja oli {given}; niistä {changed} muutti automaattista luokitusta."
        else:
            text += "Käsin tarkistettuja koodeja ei ollut; luokitus on kokonaan automaattinen."
        say(text)
        rows = [{"Teema": t.name, "Kuvaus": t.description} for t in self.book.themes]
        show_table(pd.DataFrame(rows))

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
        show_table(pd.DataFrame(rows))
        distribution = score_distribution(screened)
        shown = {fmt.number(float(k), 1): v for k, v in distribution.items() if float(k) >= min(screened["score"], default=0)}
        show_figure(charts.bar_chart(shown, f"Kriteeripisteet (0–10), n={self.n}", xlabel="Arviointeja"))
        say("Pisteet: ”Kyllä” 1, ”Osittain” tai ”Valmistelussa” ½, muu vastaus tai vastauksen puuttuminen 0; "
            "kriteerejä on kymmenen: " + ", ".join(c.label.lower() for c in book.criteria) + ".")
        top = shortlist(self.kept, screened)
        top["Pisteet"] = top["Pisteet"].map(lambda p: fmt.number(p, 1))
        say(f"**Lyhytlista**: vaiheen 1 läpäisseet {len(top)} toimintamallia pisteiden mukaan.")
        show_table(top, link_columns=["Innokylä"], small=True)

    # 12. listing ---------------------------------------------------------------------------

    def listing(self) -> None:
        table = summary.listing_table(self.kept, self.codebook, self.book)
        attached = int((table["Liitetty Innokylään"] == "kyllä").sum())
        say(f"Itsearvioinneista **{attached}** on liitetty Innokylään toimintamallikuvauksiin. "
            "Listaus on myös tiedostoina `listaus.csv` ja `listaus.xlsx` raportin vieressä.")
        short = {t.name: t.short for t in self.book.themes}
        shown = table.drop(columns=["Vastaajan numero", "Esikarsinta (vaihe 1)"])
        shown["Teemat"] = shown["Teemat"].map(lambda s: "; ".join(short.get(n, n) for n in s.split("; ") if n))
        show_table(shown, link_columns=["Innokylä"], small=True)

    # 13. data quality --------------------------------------------------------------------

    def data_quality(self) -> None:
        m = self.data.manifest
        show_table(summary.exclusion_table(m))
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
                                             "value": "Arvo", "message": "Huomio", "severity": "Vakavuus"}))
        excluded = self.data.excluded
        if len(excluded):
            table = excluded[["response_id", "source_file", "source_row", "exclusion_reason", "exclusion_detail"]].copy()
            table["exclusion_reason"] = table["exclusion_reason"].astype(str).map(REASON_LABELS_FI)
            say("**Poistetut rivit**")
            show_table(table.rename(columns={"response_id": "Vastaajan numero", "source_file": "Tiedosto",
                                             "source_row": "Rivi", "exclusion_reason": "Syy",
                                             "exclusion_detail": "Tarkemmin"}))
