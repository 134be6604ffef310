"""What the report notebook shows, section by section.

The notebook (notebooks/summary_report.ipynb) holds the parameters, the headings
and the fixed narrative; each of its code cells calls one method here, which
displays the section's table, chart and data-driven sentences. All text that
comes from the data is HTML-escaped here, where it meets HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import yaml
from IPython.display import HTML, display

from . import charts, finnish, fmt, summary
from .cleaning import REASON_LABELS_FI
from .codebook import Codebook, load_codebook
from .display import esc, say, show_figure, show_table, table_html
from .listing import listing_table
from .messages_fi import SEVERITY_FI, column_fi, message_fi
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
    ("lisatietoja", "14. Hyödynnettävyys ja lisätietoja"),
)


SCREENING_SECTION = "esikarsinta"
# The ministry's competition took the assessments returned by this day (seed 000).
COMPETITION_CUTOFF = "2025-06-30"
TEXTS_FILE = Path(__file__).parent / "data" / "report_texts.yaml"


def sections(screening: bool = True) -> list[tuple[str, str]]:
    """The report's (anchor, heading) in order, numbered; without §11 when the
    screening is left out (the later sections move up a number)."""
    kept = [(a, h.split(". ", 1)[1]) for a, h in SECTIONS if screening or a != SCREENING_SECTION]
    return [(a, f"{i}. {h}") for i, (a, h) in enumerate(kept, start=1)]


@cache
def load_texts(path: Path | None = None) -> dict:
    """report_texts.yaml: THL's definitions, Hyödynnettävyys, the contact line."""
    return yaml.safe_load(Path(path or TEXTS_FILE).read_text(encoding="utf-8"))


# What a chart's alternative text says about its numbers.
TABLE_BELOW = " Kaikki luvut ovat kuvion alla olevassa taulukossa."
# The listing's and the shortlist's column widths: every column fits the page.
# The listing heads the score "Pisteet", like the shortlist (the files keep
# "Kriteeripisteet (0–10)"; the caption gives the range): the long word would not fit.
LISTING_HEADERS = {"Kriteeripisteet (0–10)": "Pisteet"}
LISTING_WIDTHS = {
    "Toimintamalli": "16%",
    "Hyvinvointialue": "10%",
    "Innokylä": "11%",
    "Laajuus": "13%",
    "Kehitysvaihe": "12%",
    "Pysyvän käyttöönoton päätös": "9%",
    "Liitetty Innokylään": "8%",
    "Teemat": "13%",
    "Pisteet": "8%",
}
SHORTLIST_WIDTHS = {
    "Toimintamalli": "22%",
    "Hyvinvointialue": "15%",
    "Innokylä": "18%",
    "Pisteet": "7%",
    "Puuttuvat kriteerit": "38%",
}


def parse_cutoff(value: str) -> date:
    """The notebook's cutoff parameter: an ISO date string (2025-12-31)."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"parameter cutoff={value!r} is not an ISO date (YYYY-MM-DD)") from None


def version_fi(version: str) -> str:
    """ "0.1.0 (f6a77c970b26+dirty)" -> "0.1.0 (f6a77c970b26, tallentamattomia muutoksia)"."""
    return version.replace("+dirty)", ", tallentamattomia muutoksia)")


def finnish_area_distribution(dist: Mapping[str, int]) -> str:
    """ "Vähintään kolme arviointia oli 21 alueella ja kaksi arviointia yhdellä
    alueella. Jokaisella alueella oli vähintään yksi arviointi." – every count agreeing
    with its noun; a group with no areas is left out, never "0 alueella"."""
    phrases = [
        (what, finnish.counted(dist[key], "alue", "adessive"))
        for key, what in (
            ("at_least_3", "vähintään kolme arviointia"),
            ("exactly_2", "kaksi arviointia"),
            ("exactly_1", "yksi arviointi"),
        )
        if dist[key]
    ]
    text = ""
    if phrases:
        first = f"{finnish.capitalise(phrases[0][0])} oli {phrases[0][1]}"
        text = finnish.join([first, *(f"{what} {where}" for what, where in phrases[1:])]) + "."
    if dist["none"] and not phrases:
        text = "Yhdelläkään alueella ei ollut yhtään arviointia."
    elif dist["none"]:
        text += f" {finnish.capitalise(finnish.counted(dist['none'], 'alue', 'adessive'))} ei ollut yhtään arviointia."
    elif phrases:
        text += " Jokaisella alueella oli vähintään yksi arviointi."
    return text.strip()


# --- the report --------------------------------------------------------------------------


def parse_scope(value: object) -> date | None:
    """The screening's scope parameter: "all" (None), or an ISO date: the
    assessments returned by that day."""
    text = str(value).strip().lower()
    if text in ("all", "kaikki"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"parameter screening_scope={value!r} is neither 'all' nor an ISO date (YYYY-MM-DD)") from None


@dataclass
class Report:
    cutoff: date
    data: Processed
    earlier: dict[date, pd.DataFrame]
    codebook: Codebook
    book: ThemeBook
    screening_on: bool = True
    screening_scope: date | None = None  # None: every assessment at the cutoff
    scoped: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # the assessments screened

    @classmethod
    def load(
        cls,
        cutoff: str,
        processed_dir: str | Path,
        compare_with: Sequence[str] = (),
        screening: bool = True,
        screening_scope: str = COMPETITION_CUTOFF,
    ) -> Report:
        """Read one cutoff's processed data, and the earlier cutoffs to compare with.
        ``screening``: whether §11 is in the report; ``screening_scope``: "all", or a
        date: only the assessments returned by then are screened (default the
        ministry competition's 30.6.2025)."""
        when = parse_cutoff(cutoff)
        folder = Path(processed_dir)
        earlier = {}
        for other in compare_with:
            day = parse_cutoff(other)
            if day < when:
                earlier[day] = load_processed(day, folder).assessments
        charts.style()
        data = load_processed(when, folder)
        scope = parse_scope(screening_scope)
        if scope is not None and scope >= when:
            scope = None  # every assessment at the cutoff was returned by then
        report = cls(when, data, earlier, load_codebook(), load_themebook(), bool(screening), scope)
        report.scoped = report._scoped(folder)
        return report

    def _scoped(self, folder: Path) -> pd.DataFrame:
        """The assessments the screening covers: those counted at the scope's date, as
        they were then (the processed data of that cutoff, as the competition saw them),
        else the cutoff's assessments submitted by the end of that day."""
        if self.screening_scope is None:
            return self.kept
        if self.screening_scope in self.earlier:
            at_scope = self.earlier[self.screening_scope]
        else:
            try:
                at_scope = load_processed(self.screening_scope, folder).assessments
            except FileNotFoundError:
                end = pd.Timestamp(self.screening_scope) + pd.Timedelta(days=1)
                return self.kept[self.kept["submitted_at"] < end]
        return at_scope

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
        if self.n == 0:
            parts.append(
                f"<p class='empty'><strong>Rajapäivään {fmt.date_fi(self.cutoff)} mennessä ei ole "
                "palautettu yhtään itsearviointia.</strong> Raportin taulukoissa on vain nollia, eikä "
                "kuvioita piirretä.</p>"
            )
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
        facts = [
            ("Rajapäivä", f"{fmt.date_fi(self.cutoff)} (vastaukset tähän päivään asti, Suomen aikaa)"),
            ("Itsearviointeja", fmt.number(self.n)),
            ("Koottu", f"{fmt.timestamp_fi(m.get('built_at', ''))} (Suomen aikaa)"),
            ("Ohjelmaversio", version_fi(m.get("code_version", ""))),
        ]
        if self.checked_on:
            facts.insert(2, ("Innokylä-liitokset tarkistettu", fmt.date_fi(self.checked_on)))
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in facts
        )
        parts.append(
            f"<table class='facts'><caption class='visually-hidden'>Raportin tiedot</caption>{rows}"
            f"<tr><th scope='row'>Lähdetiedostot</th><td><ul>{files}</ul></td></tr></table>"
        )
        toc = "".join(f"<li><a href='#{a}'>{html.escape(h)}</a></li>" for a, h in sections(self.screening_on))
        parts.append(f"<nav class='toc' aria-labelledby='sisalto'><h2 id='sisalto'>Sisältö</h2><ul>{toc}</ul></nav>")
        parts.append("<h2 id='keskeiset'>Keskeiset luvut</h2>")
        dates = charts.join_fi([fmt.date_fi(d) for d in sorted(self.by_cutoff)])
        parts.append(
            table_html(
                summary.key_figures_table(self.by_cutoff, self.cutoff, self.checked_on, self.attached_dated),
                caption=f"Keskeiset luvut rajapäivinä {dates}",
                css="key-figures",
            )
        )
        parts.append(f"<p>{html.escape(self.attached_note())}</p>")
        display(HTML("".join(parts)))

    @property
    def checked_on(self) -> date | None:
        """The day the listing-status file's Innokylä check was made (its latest date)."""
        value = self.data.manifest.get("listing_status_checked_on")
        return date.fromisoformat(value) if value else None

    @property
    def attached_dated(self) -> bool:
        """The listing-status file gives every attached model its attachment day."""
        return bool(self.data.manifest.get("listing_status_dated"))

    def attached_note(self) -> str:
        """What the Innokylä figure is: one check on one day, not a count per cutoff
        (unless the file dates every attachment)."""
        when = (
            f"tarkistuksesta {fmt.date_fi(self.checked_on)}"
            if self.checked_on
            else "tarkistuksesta, jonka päivää ei ole kirjattu"
        )
        if self.attached_dated:
            return (
                f"Innokylään liitettyjen määrä on peräisin {when}; luettelossa on kunkin itsearvioinnin "
                "liittämispäivä, joten luku on laskettu kullekin rajapäivälle sen mukaan."
            )
        return (
            f"Innokylään liitettyjen määrä on peräisin yhdestä {when}: luettelosta ei näe, milloin kukin "
            "itsearviointi liitettiin, joten lukua ei esitetä rajapäivittäin eikä muutoksena."
        )

    # 1. areas --------------------------------------------------------------------------

    def areas(self) -> None:
        counts = summary.area_counts(self.kept, self.codebook)
        dist = summary.area_distribution(counts)
        target = summary.stm_target(self.cutoff)
        text = (
            f"Rajapäivään {fmt.date_fi(self.cutoff)} mennessä palautettiin **{fmt.number(self.n)}** "
            f"{finnish.noun('itsearviointi', self.n)}. "
            if self.n
            else f"Rajapäivään {fmt.date_fi(self.cutoff)} mennessä ei palautettu yhtään itsearviointia. "
        )
        text += finnish_area_distribution(dist)
        if target:
            low, high = target
            met = int((counts >= low).sum())
            goal = f"{low}–{high} arviointia" if high else f"vähintään {finnish.counted(low, 'arviointi', 'genitive')}"
            text += (
                f" STM suositteli alueille {goal}; {finnish.counted(met, 'alue', 'adessive')} 22:sta oli "
                f"vähintään {finnish.counted(low, 'arviointi')}."
            )
        for day, frame in sorted(self.earlier.items()):
            change = self.n - len(frame)
            text += f" Rajapäivänä {fmt.date_fi(day)} arviointeja oli {fmt.number(len(frame))}; " + (
                f"sen jälkeen niitä on tullut {fmt.number(change)} lisää."
                if change > 0
                else f"nyt niitä on {fmt.number(-change)} vähemmän."
                if change < 0
                else "määrä ei ole muuttunut."
            )
        say(text)
        if self.kept.get("attached_to_innokyla") is not None:
            attached = int(self.kept["attached_to_innokyla"].fillna(False).astype(bool).sum())
            when = f" (tarkistettu {fmt.date_fi(self.checked_on)})" if self.checked_on else ""
            link = load_texts().get("innokyla_all_models")
            more = (
                f" Kaikki RRP:n aikana arvioidut toimintamallit Innokylässä: [THL:n koonti]({esc(link)})."
                if link
                else ""
            )
            say(
                f"Itsearvioinneista **{fmt.number(attached)}** on liitetty Innokylään "
                f"toimintamallikuvauksiin{when}.{more}"
            )
        if not self.n:
            return
        by = {d: list(summary.area_counts(f, self.codebook)) for d, f in sorted(self.by_cutoff.items())}
        shorts = [self.codebook.region_by_name(name).short for name in self.codebook.region_names]
        title = f"Itsearvioinnit hyvinvointialueittain, n={self.n}"
        show_figure(
            charts.area_chart(by, shorts, title),
            charts.alt_area_chart(by, shorts, title) + " Kaikki luvut ovat kuvion alla olevassa taulukossa.",
        )
        show_table(
            summary.area_table(self.by_cutoff, self.cutoff),
            caption=f"Itsearvioinnit hyvinvointialueittain rajapäivinä ja muutos, n={self.n}",
        )
        show_table(
            summary.area_distribution_table(self.by_cutoff, self.cutoff),
            caption="Alueiden määrä arviointien lukumäärän mukaan",
        )

    # 2. participants ---------------------------------------------------------------------

    def participants(self) -> None:
        p = summary.participants(self.kept)
        rule = "Arviointiin tuli osallistua sekä RRP-hankkeen että hyvinvointialueen edustaja"
        if not self.n:
            say(f"Arviointeja ei tehty. {rule}.")
            return
        both = p["both_represented"]
        text = (
            f"Arviointeja tehtiin {fmt.number(self.n)} kpl, ja niihin osallistui "
            f"**{finnish.digits(p['total'], 'henkilö')}**. {rule}; "
            + (
                f"näin toteutui **{fmt.number(both)}** arvioinnissa ({fmt.percent(p['both_percent'])})."
                if both
                else "näin ei toteutunut yhdessäkään arvioinnissa."
            )
        )
        if p["participants_missing"]:
            text += f" Osallistujamäärä puuttui {finnish.counted(p['participants_missing'], 'arviointi', 'elative')}."
        say(text)
        counts = summary.multi_choice_counts(self.kept, self.q("participant_roles"))
        show_table(
            pd.DataFrame(
                {
                    "Arviointiin osallistui": list(counts) + ["Molemmat"],
                    "Lukumäärä": list(counts.values()) + [p["both_represented"]],
                }
            ),
            caption=f"Arviointiin osallistuneiden edustus, n={self.n}",
        )

    # 3.–4. scope and investments ---------------------------------------------------------

    def scope(self) -> None:
        table = summary.single_choice_table(self.kept, self.q("scope"))
        counts = summary.single_choice_counts(self.kept, self.q("scope"))
        # the same largest-remainder percentages as the table
        title, percents = f"Toimintamallien laajuus, n={self.n}", fmt.largest_remainder(list(counts.values()))
        if self.n:
            show_figure(
                charts.bar_chart(counts, title, percents=percents),
                charts.alt_bar_chart(counts, title, percents=percents) + TABLE_BELOW,
            )
        definitions = load_texts().get("scope_definitions", {})
        label = table.columns[0]
        table.insert(1, "Selite", [definitions.get(v, "") for v in table[label]])
        table = table.rename(columns={label: "Laajuus", "Lukumäärä": f"Lukumäärä (n={self.n})", "%": "Prosenttiosuus"})
        show_table(
            table,
            total_row=True,
            caption=f"Toimintamallien laajuus ja THL:n määritelmät, n={self.n}",
            widths={"Laajuus": "20%", "Selite": "56%"},
        )

    def investments(self) -> None:
        labels = load_texts().get("investment_labels", {})
        show_table(
            summary.investment_table(self.kept, self.codebook, labels),
            total_row=True,
            caption=f"Itsearvioinnit investoinneittain, n={self.n}",
        )
        texts = summary.other_texts(self.kept, self.q("investment"))
        if texts:
            say(
                "”Muu, mikä?” -vastaukset näkyvät taulukossa tekstinään: " + finnish.join([esc(t) for t in texts]) + "."
            )

    # 5.–6. development targets and target groups -----------------------------------------

    def dev_targets(self) -> None:
        counts = summary.multi_choice_counts(self.kept, self.q("dev_targets"))
        both = counts[summary.SOCIAL_AND_HEALTH]
        where = finnish.capitalise(finnish.counted(both, "toimintamalli", "inessive"))
        say(
            (f"{where} kehitettiin" if both else "Yhdessäkään toimintamallissa ei kehitetty")
            + " sekä sosiaali- että terveydenhuollon palveluita. *Voi olla valittuna useita.*"
        )
        title = f"Toimintamallin kehittämisen kohde, n={self.n}"
        if self.n:
            show_figure(
                charts.bar_chart(counts, title, n=self.n), charts.alt_bar_chart(counts, title, n=self.n) + TABLE_BELOW
            )
        show_table(summary.multi_choice_table(self.kept, self.q("dev_targets")), caption=title)

    def target_groups(self) -> None:
        q = self.q("target_groups")
        counts = summary.multi_choice_counts(self.kept, q)
        display_counts = {q.option(o.id).display: counts[o.label] for o in q.options}
        ordered = dict(sorted(display_counts.items(), key=lambda kv: -kv[1]))
        title = f"Asiakasryhmien määrät, n={self.n}"
        if self.n:
            show_figure(
                charts.bar_chart(ordered, title, n=self.n), charts.alt_bar_chart(ordered, title, n=self.n) + TABLE_BELOW
            )
        overlap = summary.group_sizes_and_overlap(self.kept, self.codebook)
        by_display = {q.option(o.id).display: overlap[o.label] for o in q.options}
        table = pd.DataFrame(
            {
                "Asiakasryhmä": list(ordered),
                "Lukumäärä": [int(v) for v in ordered.values()],
                "% arvioinneista": [fmt.percent(fmt.share(v, self.n)) for v in ordered.values()],
                "Kohteena lisäksi muita ryhmiä": [by_display[k]["with_others"] for k in ordered],
            }
        )
        show_table(table, caption=title)
        several = summary.models_with_several_groups(self.kept, self.codebook)
        total = (
            f"Kaikkiaan {finnish.counted(several, 'toimintamalli', 'inessive')} {fmt.number(self.n)}:stä on "
            "kohteena useampi kuin yksi asiakasryhmä."
            if several
            else "Yhdessäkään toimintamallissa ei ole kohteena useampaa kuin yhtä asiakasryhmää."
            if self.n
            else ""
        )
        say(
            "*Voi olla valittuna useita eri asiakasryhmiä.* Sarake ”Kohteena lisäksi muita ryhmiä” kertoo, "
            f"kuinka monessa ryhmän toimintamallissa on kohteena myös jokin muu asiakasryhmä. {total}"
        )
        texts = summary.other_texts(self.kept, q)
        if texts:
            say("Muut asiakasryhmät (”Muu, mikä?”): " + finnish.join([esc(t) for t in texts]) + ".")
        say("Ryhmän koko on suluissa. *Toimintamallissa voi olla useita eri asiakasryhmiä ja kehittämisen kohteita.*")
        show_table(
            summary.group_by_dev_table(self.kept, self.codebook).rename(
                columns={"Asiakasryhmä (n)": "Asiakasryhmä ja määrä (n)"}
            ),
            caption="Yleisimpien asiakasryhmien kehittämisen kohteet",
            css="cross",
        )

    # 7. strengthening, evaluation, utilisation, adoption ---------------------------------

    def evaluation(self) -> None:
        for question_id, title in (
            ("strengthened", "Toimintamallilla on vahvistettu"),
            ("other_evaluation", "Toimintamallista tehty muu arviointi"),
        ):
            choices = summary.multi_choice_counts(self.kept, self.q(question_id))
            title = f"{title}, n={self.n}"
            if self.n:
                show_figure(
                    charts.bar_chart(choices, title, n=self.n),
                    charts.alt_bar_chart(choices, title, n=self.n) + TABLE_BELOW,
                )
            show_table(summary.multi_choice_table(self.kept, self.q(question_id)), caption=title)
        for question_id in ("results_evaluation", "utilisation", "adoption"):
            q = self.q(question_id)
            counts = summary.matrix_counts(self.kept, q)
            scale = list(q.scale) + (
                [summary.NO_ANSWER] if any(summary.NO_ANSWER in r for r in counts.values()) else []
            )
            title = f"{q.text}, n={self.n}"
            if self.n:
                show_figure(
                    charts.stacked_bars(counts, scale, title),
                    charts.alt_stacked_bars(counts, scale, title) + TABLE_BELOW,
                )
            show_table(summary.matrix_table(self.kept, q), caption=f"{q.text}: vastaukset väittämittäin, n={self.n}")
        k = summary.key_sentences(self.kept, self.codebook)
        core = (
            "Kaikkien toimintamallien keskeiset ydinelementit oli tunnistettu."
            if k["core_elements_yes"] == self.n
            else f"Toimintamallien ydinelementit oli tunnistettu {fmt.percent(k['core_elements_percent'])}:ssa."
        )
        fits = (
            "Kaikki toimintamallit soveltuivat ympäristöön, jonne ne oli kehitetty"
            if k["fits_environment_yes"] == self.n
            else f"{fmt.percent(k['fits_environment_percent'])} toimintamalleista soveltui ympäristöön, "
            "jonne se oli kehitetty"
        )
        if not self.n:
            return
        say(
            f"Lisäksi\n\n- {core}\n- {fits}, ja {fmt.percent(k['transferable_percent'])} "
            "oli myös siirrettävissä muille "
            f"hyvinvointialueille.\n- {fmt.percent(k['applicable_percent'])} ({fmt.number(k['applicable_yes'])} kpl) "
            "toimintamalleista oli sovellettavissa muille asiakasryhmille.\n\n*Osuudet ovat ”Kyllä”-vastauksia "
            "kaikista arvioinneista.*"
        )

    # 8.–9. phase and digital -------------------------------------------------------------

    def phase(self) -> None:
        reached = summary.phase_counts(self.kept, self.codebook)
        shares = {label: fmt.share(count, self.n) for label, count in reached.items()}
        title = f"Toimintamallien kehitysvaihe, n={self.n}"
        texts = load_texts()
        definitions = texts.get("phase_definitions", {})
        rows = [
            {
                "Kehitysvaihe": phase,
                "Saavutettu, %": fmt.percent(shares[phase]),
                "THL:n määritelmä": definitions.get(phase, ""),
            }
            for phase in reached
        ]
        show_table(
            pd.DataFrame(rows),
            caption=f"Kehitysvaiheet ja THL:n määritelmät, n={self.n}",
            widths={"Kehitysvaihe": "18%", "Saavutettu, %": "14%"},
        )
        if texts.get("phase_unit"):
            say(esc(texts["phase_unit"]))
        if self.n:
            show_figure(charts.percent_bars(shares, title), charts.alt_percent_bars(shares, title) + TABLE_BELOW)
        say(
            "Vaihe on saavutettu, kun vastaus on muu kuin ”Ei”; osuudet ovat kaikista arvioinneista. "
            "Taulukko kertoo myös, kuinka laajasti vaihe on saavutettu (yhdessä yksikössä, useammassa yksikössä "
            "tai koko hyvinvointialueella)."
        )
        show_table(summary.phase_table(self.kept, self.codebook), caption=f"Kehitysvaihe ja sen laajuus, n={self.n}")

    def digital(self) -> None:
        counts = summary.multi_choice_counts(self.kept, self.q("digital"))
        title = f"Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen, n={self.n}"
        if self.n:
            show_figure(
                charts.bar_chart(counts, title, n=self.n), charts.alt_bar_chart(counts, title, n=self.n) + TABLE_BELOW
            )
        show_table(summary.multi_choice_table(self.kept, self.q("digital")), caption=title)

    # 10. themes -------------------------------------------------------------------------

    def themes(self) -> None:
        table = summary.theme_table(self.kept, self.book)
        counts = dict(zip(table["Teema"], table["Lukumäärä"]))
        title = f"Tärkeimpien tulosten teemat, n={self.n}"
        if self.n:  # THL gives each theme's count as "(n=83)": the bars carry the count, the table the share
            show_figure(charts.bar_chart(counts, title), charts.alt_bar_chart(counts, title) + TABLE_BELOW)
        show_table(table.rename(columns={"Lukumäärä": "n"}), caption=title)
        say(
            "Taulukossa on isoimpien asiakasryhmien kolme yleisintä teemaa (kaikki seitsemän ovat tiedostossa "
            "summary.json). Yhteensä-rivi on sarakkeiden summa; sama arviointi voi kuulua useaan ryhmään."
        )
        table = summary.theme_by_group_table(self.kept, self.codebook, self.book)
        leading = [self.book.theme(name).short for name in summary.theme_table(self.kept, self.book)["Teema"][:3]]
        show_table(
            table[["Asiakasryhmä", *leading]],
            total_row=True,
            caption="Tärkeimpien tulosten teemojen yleisyys isoimmissa asiakasryhmissä",
        )
        say(self.themes_by_group_remark())

    def themes_by_group_remark(self, margin: float = 5.0) -> str:
        """The closing remark of THL's themes-by-group table, from the data: the themes
        more common in a group's models than in all models (by more than ``margin``
        percentage points), said for the themes where that holds in most of the
        leading groups, and otherwise group by group."""
        standing = summary.themes_standing_out(self.kept, self.codebook, self.book, margin=margin)
        groups = summary.leading_groups(self.kept, self.codebook)
        q = self.q("target_groups")
        short = {t.name: t.short for t in self.book.themes}
        rule = (
            f"(Teema korostuu ryhmässä, kun sen osuus ryhmän toimintamalleista on yli "
            f"{fmt.number(margin)} prosenttiyksikköä suurempi kuin kaikista toimintamalleista.)"
        )
        if not self.n or not groups:
            return ""
        most = [name for name, found in standing.items() if len(found) > len(groups) / 2]
        if most:
            of = f"{finnish.numeral(len(groups), 'elative')} isoimmasta ryhmästä"
            names = finnish.join(
                [
                    f"{short[n].lower() if i else short[n]} ({finnish.numeral(len(standing[n]), 'inessive')} {of})"
                    for i, n in enumerate(most)
                ]
            )
            verb = "korostuu" if len(most) == 1 else "korostuvat"
            return f"{names} {verb} useimpien asiakasryhmien toimintamalleissa. {rule}"
        per_group = []
        leading = set(groups)
        for group_id in [o.id for o in q.options if o.id in leading]:  # the table's rows: form order
            label = q.option(group_id).label
            found = [short[name].lower() for name, where in standing.items() if label in where]
            if found:
                per_group.append(f"{esc(q.option(group_id).display)}: {finnish.join(found)}")
        if not per_group:
            return f"Mikään teema ei korostu isoimmissa asiakasryhmissä. {rule}"
        return (
            "Mikään teema ei korostu useimmissa isoimmista asiakasryhmistä. Ryhmissä korostuvat teemat: "
            + "; ".join(per_group)
            + f". {rule}"
        )

    def theme_syntheses(self) -> None:
        """Per theme, THL's sub-topics with how many assessments mention each, and
        short quotes from the results answers (chosen by the data, screened for
        personal data)."""
        from .theme_review import theme_quotes

        counts = summary.theme_counts(self.kept, self.book)
        say(
            "Teemojen alateemat ovat THL:n yhteenvedon teemakuvausten mukaiset. Luku kertoo, monessako "
            "teeman saaneessa arvioinnissa alateema mainitaan; sama arviointi voi mainita useita alateemoja."
        )
        show_table(
            summary.theme_subtopic_table(self.kept, self.book), small=True, caption=f"Teemojen alateemat, n={self.n}"
        )
        quotes = theme_quotes(self.kept, self.book)
        lines = []
        for name in summary.theme_table(self.kept, self.book)["Teema"]:
            if not quotes[name]:
                continue
            lines.append(f"**{esc(name)}** (n={counts[name]})\n")
            lines += [f"> {esc(quote)}\n" for quote in quotes[name]]
        if lines:
            say(
                "Poimintoja vastauksista (lyhyitä lauseita vastauksista kysymykseen *Toimintamallin "
                "vaikuttavimmat ja tärkeimmät tulokset*):\n\n" + "\n".join(lines)
            )

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

    def screening_scope_text(self) -> str:
        if not len(self.scoped):
            when = self.screening_scope or self.cutoff
            return (
                "Esikarsinnassa ei ole yhtään itsearviointia: "
                f"rajapäivään {fmt.date_fi(when)} mennessä ei palautettu yhtään."
            )
        if self.screening_scope is None:
            return (
                f"Esikarsinta kattaa kaikki {finnish.digits(len(self.scoped), 'itsearviointi')}, jotka oli "
                f"palautettu rajapäivään {fmt.date_fi(self.cutoff)} mennessä."
            )
        return (
            f"Esikarsinta kattaa vain rajapäivään {fmt.date_fi(self.screening_scope)} mennessä palautetut "
            f"{finnish.digits(len(self.scoped), 'itsearviointi')} sellaisina kuin ne olivat tuolloin, kuten STM:n "
            "toimintamallikilpailu; myöhemmin palautettuja ei ole pisteytetty eikä asetettu järjestykseen. "
            f"Rajapäivänä {fmt.date_fi(self.cutoff)} itsearviointeja on {fmt.number(self.n)}."
        )

    def condition_questions(self, rule: Mapping) -> str:
        """The form questions a stage 1 rule reads, in the form's words."""
        from .screening import rule_columns

        names = []
        for column in rule_columns(rule):
            question_id, _, part = column.partition("__")
            try:
                q = self.q(question_id)
            except KeyError:
                names.append(column)
                continue
            if not part:
                names.append(q.text)
            elif q.type == "matrix":
                names.append(f"{q.text}: {q.item(part).text}")
            else:
                names.append(f"{q.text}: {q.option(part).label}")
        return "; ".join(dict.fromkeys(names))

    def screening(self) -> None:
        from .screening import load_criteria, score_distribution, screen, shortlist, stage1_summary

        book = load_criteria()
        scoped = self.scoped if self.scoped is not None else self.kept
        screened = screen(scoped, book)
        stage1 = stage1_summary(screened, book)
        say(
            self.screening_scope_text() + " **Vaiheen 1 ehdot ja vaiheen 3 pisteytys ovat tämän hankkeen tulkinta "
            "THL:n kriteereistä**, eivät THL:n tai STM:n päätöksiä: ne on kirjoitettu lomakkeen vastauksista "
            "luettaviksi säännöiksi (tiedosto `src/analysis/data/criteria.yaml`), ja jokaisen ehdon kohdalla on "
            "lomakkeen kysymys, jonka vastauksesta se luetaan."
        )
        missing = stage1["failed_only_because_missing"]
        say(
            (
                f"Vaiheen 1 ehdot täytti **{fmt.number(stage1['passed'])}** "
                f"{finnish.noun('arviointi', stage1['passed'])} "
                f"{fmt.number(len(scoped))}:stä. "
                if stage1["passed"]
                else "Yksikään arviointi ei täyttänyt vaiheen 1 ehtoja. "
            )
            + (
                "Yksikään ei karsiutunut pelkästään puuttuvan vastauksen vuoksi."
                if not missing
                else f"Pelkästään puuttuvan vastauksen vuoksi karsiutui {finnish.counted(missing, 'arviointi')}."
            )
        )
        rows = [
            {
                "Ehto": c.label,
                "Kuvaus": c.description,
                "Lomakkeen kysymys": self.condition_questions(c.rule),
                "Ei täyty": stage1["failed_by_condition"][c.label]["failed"],
                "Vastaus puuttuu": stage1["failed_by_condition"][c.label]["missing"],
            }
            for c in book.stage1
        ]
        show_table(
            pd.DataFrame(rows),
            caption="Vaiheen 1 ehdot (hankkeen tulkinta), lomakkeen kysymykset ja ehtoja täyttämättömät arvioinnit",
            small=True,
        )
        distribution = score_distribution(screened)
        shown = {
            fmt.number(float(k), 1): v for k, v in distribution.items() if float(k) >= min(screened["score"], default=0)
        }
        title = f"Kriteeripisteet (0–10), n={len(scoped)}"
        if len(scoped):
            alt = charts.alt_bars(title, {f"{k} pistettä": v for k, v in shown.items()}, top=3)
            show_figure(charts.bar_chart(shown, title, xlabel="Arviointeja"), alt + TABLE_BELOW)
        show_table(pd.DataFrame({"Pisteet": list(shown), "Arviointeja": list(shown.values())}), caption=title)
        say(
            "Pisteet (hankkeen tulkinta): ”Kyllä” 1, ”Osittain” tai ”Valmistelussa” ½, muu vastaus tai vastauksen "
            "puuttuminen 0; kriteerejä on kymmenen: " + finnish.join([c.label.lower() for c in book.criteria]) + "."
        )
        top = shortlist(scoped, screened)
        top["Pisteet"] = top["Pisteet"].map(lambda p: fmt.number(p, 1))
        top["Hyvinvointialue"] = top["Hyvinvointialue"].map(self.area_short)
        show_table(
            top,
            link_columns=["Innokylä"],
            small=True,
            caption=f"Lyhytlista: vaiheen 1 läpäisseet {finnish.digits(len(top), 'toimintamalli')} pisteiden mukaan",
            widths=SHORTLIST_WIDTHS,
            css="shortlist",
        )

    # 12. listing ---------------------------------------------------------------------------

    def listing(self) -> None:
        from .screening import screen

        # the listing's screening cells: this cutoff's assessments that were in the screening's scope
        in_scope = self.kept[self.kept["response_id"].isin(self.scoped["response_id"])]
        screened = screen(in_scope) if self.screening_on else None
        table = listing_table(self.kept, self.codebook, self.book, screened, screening=self.screening_on)
        attached = int((table["Liitetty Innokylään"] == "Kyllä").sum())
        when = f" (tarkistettu {fmt.date_fi(self.checked_on)})" if self.checked_on else ""
        say(
            f"Itsearvioinneista **{fmt.number(attached)}** on liitetty Innokylään toimintamallikuvauksiin{when}. "
            "Listaus on myös tiedostoina `listaus.csv` ja `listaus.xlsx` raportin vieressä."
        )
        labels = {t.name: t.label for t in self.book.themes}
        legend = "".join(
            f"<li><span class='chip'>{html.escape(labels[t.name])}</span> {html.escape(t.name)}</li>"
            for t in self.book.themes
        )
        display(
            HTML(
                f"<div class='legend'><p id='teemalyhenteet'>Teemat listauksessa:</p>"
                f"<ul aria-labelledby='teemalyhenteet'>{legend}</ul></div>"
            )
        )
        shown = table.drop(columns=["Vastaajan numero", "Esikarsinta (vaihe 1)"], errors="ignore").rename(
            columns=LISTING_HEADERS
        )
        shown["Hyvinvointialue"] = shown["Hyvinvointialue"].map(self.area_short)

        def chips(names: object) -> str:
            items = "".join(
                f"<li class='chip'>{html.escape(labels.get(n, n))}</li>" for n in str(names).split("; ") if n
            )
            return f"<ul class='chips'>{items}</ul>" if items else ""

        if not self.screening_on:
            caption = f"Arvioidut toimintamallit hyvinvointialueittain, n={self.n}"
        elif self.screening_scope is None:
            caption = f"Arvioidut toimintamallit hyvinvointialueittain, n={self.n} (kriteeripisteet 0–10)"
        else:
            caption = (
                f"Arvioidut toimintamallit hyvinvointialueittain, n={self.n} (kriteeripisteet 0–10 vain "
                f"{fmt.date_fi(self.screening_scope)} mennessä palautetuille)"
            )
        show_table(
            shown,
            link_columns=["Innokylä"],
            small=True,
            html_columns={"Teemat": chips},
            caption=caption,
            widths=LISTING_WIDTHS,
            css="listing",
        )

    # 13. data quality --------------------------------------------------------------------

    def data_quality(self) -> None:
        m = self.data.manifest
        show_table(
            summary.exclusion_table(m).rename(columns={"": "Rivit"}), caption="Vientitiedostojen rivien täsmäytys"
        )
        problems = self.data.problems
        errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
        warnings = int((problems["severity"] == "warning").sum()) if len(problems) else 0
        a = m["accounting"]
        found = (
            "Lukuvaiheessa ei havaittu käyttökelvottomia rivejä eikä muita huomioita."
            if not errors + warnings
            else f"Lukuvaiheen havainnot: käyttökelvottomia rivejä {fmt.number(errors)}, muita huomioita "
            f"(tyhjäksi jätetty solu tai ohitettu merkintä) {fmt.number(warnings)}."
        )
        say(
            f"Jokainen vientitiedoston rivi on joko mukana tai poistettu yhdellä syyllä: "
            f"{fmt.number(a['raw_rows'])} = {fmt.number(a['kept'])} + {fmt.number(sum(a['excluded'].values()))}. "
            + found
        )
        if len(problems):
            shown = problems.sort_values(["severity", "file", "row"]).head(50).copy()
            shown["message"] = [message_fi(msg, sev) for msg, sev in zip(shown["message"], shown["severity"])]
            shown["column"] = shown["column"].map(column_fi)
            shown["severity"] = shown["severity"].map(lambda v: SEVERITY_FI.get(str(v), str(v)))
            show_table(
                shown.rename(
                    columns={
                        "file": "Tiedosto",
                        "row": "Rivi",
                        "column": "Sarake",
                        "value": "Arvo",
                        "message": "Huomio",
                        "severity": "Vakavuus",
                    }
                ),
                caption=f"Lukuvaiheen huomiot ({len(shown)} ensimmäistä)",
                small=True,
                row_headers=False,
            )
        excluded = self.data.excluded
        if len(excluded):
            table = excluded[
                ["response_id", "source_file", "source_row", "exclusion_reason", "exclusion_detail"]
            ].copy()
            reasons = table["exclusion_reason"].astype(str)
            # the analyst's own reason is data, shown as written; every other detail is the pipeline's
            table["exclusion_detail"] = [
                detail if reason == "excluded_by_analyst" else message_fi(detail, "error")
                for reason, detail in zip(reasons, table["exclusion_detail"])
            ]
            table["exclusion_reason"] = reasons.map(REASON_LABELS_FI)
            show_table(
                table.rename(
                    columns={
                        "response_id": "Vastaajan numero",
                        "source_file": "Tiedosto",
                        "source_row": "Rivi",
                        "exclusion_reason": "Syy",
                        "exclusion_detail": "Tarkemmin",
                    }
                ),
                caption="Poistetut rivit",
                small=True,
            )

    # Hyödynnettävyys and Lisätietoja (report_texts.yaml) ----------------------------------

    def closing(self) -> None:
        """THL's last two slides: how the assessments are used, and whom to ask."""
        texts = load_texts()
        parts = []
        if texts.get("utilisation"):
            parts.append(f"<h3 id='hyodynnettavyys'>Hyödynnettävyys</h3><p>{html.escape(texts['utilisation'])}</p>")
        if texts.get("contact"):
            lines = "<br>".join(html.escape(str(line)) for line in texts["contact"])
            parts.append(f"<h3 id='lisatietoja'>Lisätietoja</h3><p>{lines}</p>")
        if parts:
            display(HTML("".join(parts)))
