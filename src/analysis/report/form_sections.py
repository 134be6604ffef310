"""The report's sections 1–9: the form's questions, one section each (areas,
participants, scope, investments, development targets, target groups, evaluation
and utilisation, phases, digital services)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.html.elements import esc, say, show_figure, show_table
from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.base import TABLE_BELOW, ReportBase, load_texts
from analysis.tables import summary, summary_choices


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


class FormSections(ReportBase):
    """Sections 1–9 of the report."""

    # 1. areas --------------------------------------------------------------------------

    def areas(self) -> None:
        counts = summary.area_counts(self.kept, self.codebook)
        dist = summary.area_distribution(counts)
        target = summary.stm_target(self.cutoff)
        text = (
            f"Rajapäivään {formatting.date_fi(self.cutoff)} mennessä palautettiin **{formatting.number(self.n)}** "
            f"{finnish.noun('itsearviointi', self.n)}. "
            if self.n
            else f"Rajapäivään {formatting.date_fi(self.cutoff)} mennessä ei palautettu yhtään itsearviointia. "
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
            text += f" Rajapäivänä {formatting.date_fi(day)} arviointeja oli {formatting.number(len(frame))}; " + (
                f"sen jälkeen niitä on tullut {formatting.number(change)} lisää."
                if change > 0
                else f"nyt niitä on {formatting.number(-change)} vähemmän."
                if change < 0
                else "määrä ei ole muuttunut."
            )
        say(text)
        if self.kept.get("attached_to_innokyla") is not None:
            attached = int(self.kept["attached_to_innokyla"].fillna(False).astype(bool).sum())
            when = f" (tarkistettu {formatting.date_fi(self.checked_on)})" if self.checked_on else ""
            link = load_texts().get("innokyla_all_models")
            more = (
                f" Kaikki RRP:n aikana arvioidut toimintamallit Innokylässä: [THL:n koonti]({esc(link)})."
                if link
                else ""
            )
            say(
                f"Itsearvioinneista **{formatting.number(attached)}** on liitetty Innokylään "
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
            f"Arviointeja tehtiin {formatting.number(self.n)} kpl, ja niihin osallistui "
            f"**{finnish.digits(p['total'], 'henkilö')}**. {rule}; "
            + (
                f"näin toteutui **{formatting.number(both)}** arvioinnissa ({formatting.percent(p['both_percent'])})."
                if both
                else "näin ei toteutunut yhdessäkään arvioinnissa."
            )
        )
        if p["participants_missing"]:
            text += f" Osallistujamäärä puuttui {finnish.counted(p['participants_missing'], 'arviointi', 'elative')}."
        say(text)
        counts = summary_choices.multi_choice_counts(self.kept, self.q("participant_roles"))
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
        title, percents = f"Toimintamallien laajuus, n={self.n}", formatting.largest_remainder(list(counts.values()))
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
        texts = summary_choices.other_texts(self.kept, self.q("investment"))
        if texts:
            say(
                "”Muu, mikä?” -vastaukset näkyvät taulukossa tekstinään: " + finnish.join([esc(t) for t in texts]) + "."
            )

    # 5.–6. development targets and target groups -----------------------------------------

    def dev_targets(self) -> None:
        counts = summary_choices.multi_choice_counts(self.kept, self.q("dev_targets"))
        both = counts[summary_choices.SOCIAL_AND_HEALTH]
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
        show_table(summary_choices.multi_choice_table(self.kept, self.q("dev_targets")), caption=title)

    def target_groups(self) -> None:
        q = self.q("target_groups")
        counts = summary_choices.multi_choice_counts(self.kept, q)
        display_counts = {q.option(o.id).display: counts[o.label] for o in q.options}
        ordered = dict(sorted(display_counts.items(), key=lambda kv: -kv[1]))
        title = f"Asiakasryhmien määrät, n={self.n}"
        if self.n:
            show_figure(
                charts.bar_chart(ordered, title, n=self.n), charts.alt_bar_chart(ordered, title, n=self.n) + TABLE_BELOW
            )
        overlap = summary_choices.group_sizes_and_overlap(self.kept, self.codebook)
        by_display = {q.option(o.id).display: overlap[o.label] for o in q.options}
        table = pd.DataFrame(
            {
                "Asiakasryhmä": list(ordered),
                "Lukumäärä": [int(v) for v in ordered.values()],
                "% arvioinneista": [formatting.percent(formatting.share(v, self.n)) for v in ordered.values()],
                "Kohteena lisäksi muita ryhmiä": [by_display[k]["with_others"] for k in ordered],
            }
        )
        show_table(table, caption=title)
        several = summary_choices.models_with_several_groups(self.kept, self.codebook)
        total = (
            f"Kaikkiaan {finnish.counted(several, 'toimintamalli', 'inessive')} {formatting.number(self.n)}:stä on "
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
        texts = summary_choices.other_texts(self.kept, q)
        if texts:
            say("Muut asiakasryhmät (”Muu, mikä?”): " + finnish.join([esc(t) for t in texts]) + ".")
        say("Ryhmän koko on suluissa. *Toimintamallissa voi olla useita eri asiakasryhmiä ja kehittämisen kohteita.*")
        show_table(
            summary_choices.group_by_dev_table(self.kept, self.codebook).rename(
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
            choices = summary_choices.multi_choice_counts(self.kept, self.q(question_id))
            title = f"{title}, n={self.n}"
            if self.n:
                show_figure(
                    charts.bar_chart(choices, title, n=self.n),
                    charts.alt_bar_chart(choices, title, n=self.n) + TABLE_BELOW,
                )
            show_table(summary_choices.multi_choice_table(self.kept, self.q(question_id)), caption=title)
        for question_id in ("results_evaluation", "utilisation", "adoption"):
            q = self.q(question_id)
            counts = summary_choices.matrix_counts(self.kept, q)
            scale = list(q.scale) + (
                [summary.NO_ANSWER] if any(summary.NO_ANSWER in r for r in counts.values()) else []
            )
            title = f"{q.text}, n={self.n}"
            if self.n:
                show_figure(
                    charts.stacked_bars(counts, scale, title),
                    charts.alt_stacked_bars(counts, scale, title) + TABLE_BELOW,
                )
            show_table(
                summary_choices.matrix_table(self.kept, q), caption=f"{q.text}: vastaukset väittämittäin, n={self.n}"
            )
        k = summary_choices.key_sentences(self.kept, self.codebook)
        core = (
            "Kaikkien toimintamallien keskeiset ydinelementit oli tunnistettu."
            if k["core_elements_yes"] == self.n
            else f"Toimintamallien ydinelementit oli tunnistettu {formatting.percent(k['core_elements_percent'])}:ssa."
        )
        fits = (
            "Kaikki toimintamallit soveltuivat ympäristöön, jonne ne oli kehitetty"
            if k["fits_environment_yes"] == self.n
            else f"{formatting.percent(k['fits_environment_percent'])} toimintamalleista soveltui ympäristöön, "
            "jonne se oli kehitetty"
        )
        if not self.n:
            return
        say(
            f"Lisäksi\n\n- {core}\n- {fits}, ja {formatting.percent(k['transferable_percent'])} "
            "oli myös siirrettävissä muille "
            f"hyvinvointialueille.\n- {formatting.percent(k['applicable_percent'])} "
            f"({formatting.number(k['applicable_yes'])} kpl) "
            "toimintamalleista oli sovellettavissa muille asiakasryhmille.\n\n*Osuudet ovat ”Kyllä”-vastauksia "
            "kaikista arvioinneista.*"
        )

    # 8.–9. phase and digital -------------------------------------------------------------

    def phase(self) -> None:
        reached = summary_choices.phase_counts(self.kept, self.codebook)
        shares = {label: formatting.share(count, self.n) for label, count in reached.items()}
        title = f"Toimintamallien kehitysvaihe, n={self.n}"
        texts = load_texts()
        definitions = texts.get("phase_definitions", {})
        rows = [
            {
                "Kehitysvaihe": phase,
                "Saavutettu, %": formatting.percent(shares[phase]),
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
        show_table(
            summary_choices.phase_table(self.kept, self.codebook), caption=f"Kehitysvaihe ja sen laajuus, n={self.n}"
        )

    def digital(self) -> None:
        counts = summary_choices.multi_choice_counts(self.kept, self.q("digital"))
        title = f"Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen, n={self.n}"
        if self.n:
            show_figure(
                charts.bar_chart(counts, title, n=self.n), charts.alt_bar_chart(counts, title, n=self.n) + TABLE_BELOW
            )
        show_table(summary_choices.multi_choice_table(self.kept, self.q("digital")), caption=title)
