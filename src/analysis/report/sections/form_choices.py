"""The form's choice questions, one section each: the models' scope, the
investments, the development targets, the target groups, strengthening and
evaluation, the phases reached and digital services – counts and shares of the
options chosen, with THL's definitions."""

from __future__ import annotations

import re

import pandas as pd

from analysis.html.elements import esc
from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.charts import TABLE_BELOW
from analysis.report.data import ReportData, heading, load_texts
from analysis.report.section import Section
from analysis.tables import answers, phases
from analysis.tables.evaluation import key_sentences
from analysis.tables.investments import investment_counts, investment_table
from analysis.tables.target_groups import (
    SOCIAL_AND_HEALTH,
    group_by_dev_counts,
    group_by_dev_table,
    group_sizes_and_overlap,
    models_with_several_groups,
)


def scope(r: ReportData) -> Section:
    s = Section("laajuus", heading("laajuus"))
    table = answers.single_choice_table(r.kept, r.q("scope"))
    counts = answers.single_choice_counts(r.kept, r.q("scope"))
    s.figures = {"scope": counts}
    # the same largest-remainder percentages as the table
    title, percents = f"Toimintamallien laajuus, n={r.n}", formatting.largest_remainder(list(counts.values()))
    if r.n:
        s.chart(
            "bars",
            charts.alt_bar_chart(counts, title, percents=percents) + TABLE_BELOW,
            counts=counts,
            title=title,
            percents=percents,
        )
    definitions = load_texts().get("scope_definitions", {})
    label = table.columns[0]
    table.insert(1, "Selite", [definitions.get(v, "") for v in table[label]])
    table = table.rename(columns={label: "Laajuus", "Lukumäärä": f"Lukumäärä (n={r.n})", "%": "Prosenttiosuus"})
    s.table(
        table,
        f"Toimintamallien laajuus ja THL:n määritelmät, n={r.n}",
        total_row=True,
        widths={"Laajuus": "18%", "Selite": "48%"},
    )
    return s


def investments(r: ReportData) -> Section:
    s = Section("investoinnit", heading("investoinnit"))
    s.figures = {"investment": investment_counts(r.kept, r.codebook)}
    labels = load_texts().get("investment_labels", {})
    s.table(
        investment_table(r.kept, r.codebook, labels),
        f"Itsearvioinnit investoinneittain, n={r.n}",
        total_row=True,
    )
    texts = answers.other_texts(r.kept, r.q("investment"))
    if texts:
        s.say(
            "Taulukossa ovat sellaisinaan myös kohtaan ”Muu, mikä?” kirjoitetut investoinnit: "
            + finnish.join([esc(t) for t in texts])
            + "."
        )
    return s


def bars_and_table(s: Section, r: ReportData, question_id: str, title: str) -> None:
    """A multiple choice question's bars (shares of all assessments) and its table."""
    counts = answers.multi_choice_counts(r.kept, r.q(question_id))
    s.figures[question_id] = counts
    shown = answers.displayed(counts, r.q(question_id))
    if r.n:
        s.chart("bars", charts.alt_bar_chart(shown, title, n=r.n) + TABLE_BELOW, counts=shown, title=title, n=r.n)
    s.table(answers.multi_choice_table(r.kept, r.q(question_id)), title)


def dev_targets(r: ReportData) -> Section:
    s = Section("kohde", heading("kohde"))
    counts = answers.multi_choice_counts(r.kept, r.q("dev_targets"))
    both = counts[SOCIAL_AND_HEALTH]
    # the sentence starts with words, never with a numeral
    s.say(
        "Vastaaja saattoi valita useita kohteita. "
        + (
            "Sekä sosiaali- että terveydenhuollon palveluita kehitettiin "
            f"{finnish.counted(both, 'toimintamalli', 'inessive')}."
            if both
            else "Yhdessäkään toimintamallissa ei kehitetty sekä sosiaali- että terveydenhuollon palveluita."
        ),
        footnotes=("Voi olla valittuna useita.",),
    )
    bars_and_table(s, r, "dev_targets", f"Toimintamallin kehittämisen kohde, n={r.n}")
    return s


def callouts_sentence(r: ReportData) -> str:
    """THL's two call-outs on its chart of target groups, which no reading of the
    form's answers gives (docs/data_log.md): what the table shows instead."""
    remark = load_texts().get("thl_remarks", {}).get("group_callouts")
    if not remark:
        return ""
    quoted = " ja ".join(f"”{esc(text)}”" for text in remark["texts"])
    largest = max((int(m.group()) for t in remark["texts"] if (m := re.match(r"\d+", t))), default=0)
    published = max(load_published_group_sizes(), default=0)
    why = (
        f"koska THL:n taulukon suurimmassakin ryhmässä on alle {formatting.number(largest)} toimintamallia"
        if largest > published
        else "koska kuvasta ei näe, mitä ryhmiä ne koskevat"
    )
    if r.cutoff != remark.get("cutoff"):
        return ""  # THL's figures of another cutoff: not to be read as this report's data
    return (
        f"THL:n julkaiseman yhteenvedon kuviossa on huomautukset {quoted}. Niitä ei voi toistaa lomakkeen "
        f"vastauksista, {why}. Siksi taulukossa on luku jokaiselle ryhmälle erikseen."
    )


def load_published_group_sizes() -> list[int]:
    """The group sizes of THL's table of the most common groups ("Ikäihmiset (37)"),
    as report_texts.yaml keeps them with the call-outs."""
    remark = load_texts().get("thl_remarks", {}).get("group_callouts", {})
    return [int(n) for n in remark.get("group_sizes", [])]


def target_groups(r: ReportData) -> Section:
    s = Section("asiakasryhmat", heading("asiakasryhmat"))
    q = r.q("target_groups")
    counts = answers.multi_choice_counts(r.kept, q)
    overlap = group_sizes_and_overlap(r.kept, r.codebook)
    texts = answers.other_texts(r.kept, q)
    s.figures = {
        "target_groups": counts,
        "target_group_other_texts": texts,
        "target_group_by_dev_target": group_by_dev_counts(r.kept, r.codebook),
        "target_group_with_other_groups": overlap,
    }
    display_counts = {q.option(o.id).display: counts[o.label] for o in q.options}
    ordered = dict(sorted(display_counts.items(), key=lambda kv: -kv[1]))
    title = f"Asiakasryhmien määrät, n={r.n}"
    if r.n:
        s.chart("bars", charts.alt_bar_chart(ordered, title, n=r.n) + TABLE_BELOW, counts=ordered, title=title, n=r.n)
    by_display = {q.option(o.id).display: overlap[o.label] for o in q.options}
    table = pd.DataFrame(
        {
            "Asiakasryhmä": list(ordered),
            "Lukumäärä": [int(v) for v in ordered.values()],
            "% arvioinneista": [formatting.number(formatting.share(v, r.n)) for v in ordered.values()],
            "Kohteena lisäksi muita ryhmiä": [by_display[k]["with_others"] for k in ordered],
        }
    )
    s.table(table, title)
    several = models_with_several_groups(r.kept, r.codebook)
    total = (
        f"Kaikkiaan {finnish.counted(several, 'toimintamalli', 'inessive')} {formatting.number(r.n)}:stä on "
        "kohteena useampi kuin yksi asiakasryhmä."
        if several
        else "Yhdessäkään toimintamallissa ei ole kohteena useampaa kuin yhtä asiakasryhmää."
        if r.n
        else ""
    )
    s.say(
        "Vastaaja saattoi valita useita asiakasryhmiä. Sarake ”Kohteena lisäksi muita ryhmiä” kertoo, "
        f"kuinka monessa ryhmän toimintamallissa on kohteena myös jokin muu asiakasryhmä. {total} "
        + callouts_sentence(r),
        footnotes=("Voi olla valittuna useita eri asiakasryhmiä.",),
    )
    if texts:
        s.say(
            "Kohtaan ”Muu, mikä?” oli kirjoitettu asiakasryhmiksi "
            + finnish.join([esc(finnish.common_noun(t)) for t in texts])
            + "."
        )
    s.say("Ryhmän koko on suluissa. *Toimintamallissa voi olla useita eri asiakasryhmiä ja kehittämisen kohteita.*")
    s.table(
        group_by_dev_table(r.kept, r.codebook).rename(columns={"Asiakasryhmä (n)": "Asiakasryhmä ja määrä (n)"}),
        "Yleisimpien asiakasryhmien kehittämisen kohteet",
        css="cross",
    )
    return s


def evaluation(r: ReportData) -> Section:
    s = Section("arviointi", heading("arviointi"))
    for question_id, title in (
        ("strengthened", "Toimintamallilla on vahvistettu"),
        ("other_evaluation", "Toimintamallista tehty muu arviointi"),
    ):
        bars_and_table(s, r, question_id, f"{title}, n={r.n}")
        if question_id == "strengthened":  # THL's footnote on its slide
            s.say(
                "Vastaaja saattoi valita useita vaihtoehtoja.", footnotes=("Voi olla valittuna useita vaihtoehtoja.",)
            )
    for question_id in ("results_evaluation", "utilisation", "adoption"):
        q = r.q(question_id)
        counts = answers.matrix_counts(r.kept, q)
        s.figures[question_id] = counts
        scale = list(q.scale) + ([answers.NO_ANSWER] if any(answers.NO_ANSWER in c for c in counts.values()) else [])
        title = f"{q.text}, n={r.n}"
        if r.n:
            s.chart(
                "stacked",
                charts.alt_stacked_bars(counts, scale, title) + TABLE_BELOW,
                counts=counts,
                scale=scale,
                title=title,
            )
        s.table(answers.matrix_table(r.kept, q), f"{q.text}: vastaukset väittämittäin, n={r.n}")
    k = key_sentences(r.kept, r.codebook)
    core = (
        "Kaikkien toimintamallien ydinelementit oli tunnistettu."
        if k["core_elements_yes"] == r.n
        else f"Toimintamallien ydinelementit oli tunnistettu {formatting.percent(k['core_elements_percent'])}:ssa."
    )
    fits = (
        "Kaikki toimintamallit soveltuivat ympäristöön, jota varten ne oli kehitetty"
        if k["fits_environment_yes"] == r.n
        else f"Toimintamalleista {formatting.percent(k['fits_environment_percent'])} "
        f"({formatting.number(k['fits_environment_yes'])}) soveltui ympäristöön, jota varten se oli kehitetty"
    )
    if not r.n:
        return s
    s.say(
        f"Lisäksi\n\n- {core}\n- {fits}, ja {formatting.percent(k['transferable_percent'])} "
        f"({formatting.number(k['transferable_yes'])}) oli myös siirrettävissä muille "
        "hyvinvointialueille.\n- Toimintamalleista "
        f"{formatting.percent(k['applicable_percent'])} ({formatting.number(k['applicable_yes'])}) "
        "oli sovellettavissa muille asiakasryhmille.\n\n*Osuudet on laskettu Kyllä-vastauksista "
        "kaikkiin arviointeihin suhteutettuna.*"
    )
    return s


def phase(r: ReportData) -> Section:
    s = Section("vaihe", heading("vaihe"))
    reached = phases.phase_counts(r.kept, r.codebook)
    s.figures = {"phase": reached, "phase_levels": answers.matrix_counts(r.kept, r.q("phase"))}
    shares = {label: formatting.share(count, r.n) for label, count in reached.items()}
    title = f"Toimintamallien kehitysvaihe, n={r.n}"
    texts = load_texts()
    definitions = texts.get("phase_definitions", {})
    rows = [
        {
            "Kehitysvaihe": label,
            "Saavutettu, % arvioinneista": formatting.number(shares[label]),
            "THL:n määritelmä": definitions.get(label, ""),
        }
        for label in reached
    ]
    s.table(
        pd.DataFrame(rows),
        f"Kehitysvaiheet ja THL:n määritelmät, n={r.n}",
        widths={"Kehitysvaihe": "18%", "Saavutettu, % arvioinneista": "14%"},
    )
    if r.n:
        s.chart("percent", charts.alt_percent_bars(shares, title) + TABLE_BELOW, values=shares, title=title)
    s.say(
        "Tässä raportissa vaihe katsotaan saavutetuksi, kun vastaus on jokin muu kuin ”Ei”; osuudet ovat "
        "kaikista arvioinneista. "
        "Taulukko kertoo myös, kuinka laajasti vaihe on saavutettu (yhdessä yksikössä, useammassa yksikössä "
        "tai koko hyvinvointialueella)."
    )
    # THL's definition of a unit follows the first sentence that speaks of units
    # (report.slides.PLAN shows it beside the phase table, as THL's slide does)
    if texts.get("phase_unit"):
        s.say(esc(texts["phase_unit"]))
    s.table(phases.phase_table(r.kept, r.codebook), f"Kehitysvaihe ja sen laajuus, n={r.n}")
    return s


def digital(r: ReportData) -> Section:
    s = Section("digi", heading("digi"))
    bars_and_table(s, r, "digital", f"Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen, n={r.n}")
    counts = answers.multi_choice_counts(r.kept, r.q("digital"))
    if r.n:
        s.say(
            "Vastaaja saattoi valita useita vaihtoehtoja"
            + ("; siksi luvut ovat yhteensä enemmän kuin arviointeja." if sum(counts.values()) > r.n else ".")
        )
    return s
