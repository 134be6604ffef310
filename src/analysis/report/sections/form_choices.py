"""The form's choice questions, one section each: the models' scope, the
investments, the development targets, the target groups, strengthening and
evaluation, the phases reached and digital services – counts and shares of the
options chosen, with THL's definitions."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from analysis.form.codebook import Question
from analysis.html.elements import esc, written_in
from analysis.language import cldr, finnish, formatting
from analysis.report import charts
from analysis.report.charts import TABLE_BELOW
from analysis.report.data import ReportData, heading, load_texts
from analysis.report.section import Section
from analysis.tables import answers, phases
from analysis.tables.answers import NO_ANSWER
from analysis.tables.evaluation import key_sentences
from analysis.tables.investments import investment_counts, investment_labels, investment_table
from analysis.tables.target_groups import (
    SOCIAL_AND_HEALTH,
    group_by_dev_counts,
    group_by_dev_table,
    group_sizes_and_overlap,
    models_with_several_groups,
)
from analysis.themes.checking import written_languages


def scope(r: ReportData) -> Section:
    if r.language != "fi":
        return _scope_in(r)
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
    if r.language != "fi":
        return _investments_in(r)
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
    if r.language != "fi":
        return _dev_targets_in(r)
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


def target_group_figures(r: ReportData) -> dict[str, Any]:
    """§6's figures in summary.json (the same in every language): the groups' counts,
    their "other" texts, the groups by development target and with other groups."""
    q = r.q("target_groups")
    return {
        "target_groups": answers.multi_choice_counts(r.kept, q),
        "target_group_other_texts": answers.other_texts(r.kept, q),
        "target_group_by_dev_target": group_by_dev_counts(r.kept, r.codebook),
        "target_group_with_other_groups": group_sizes_and_overlap(r.kept, r.codebook),
    }


def target_groups(r: ReportData) -> Section:
    if r.language != "fi":
        return _target_groups_in(r)
    s = Section("asiakasryhmat", heading("asiakasryhmat"))
    q = r.q("target_groups")
    figures = s.figures = target_group_figures(r)
    counts, texts = figures["target_groups"], figures["target_group_other_texts"]
    overlap = figures["target_group_with_other_groups"]
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
    if r.language != "fi":
        return _evaluation_in(r)
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
    if r.language != "fi":
        return _phase_in(r)
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
    if r.language != "fi":
        return _digital_in(r)
    s = Section("digi", heading("digi"))
    bars_and_table(s, r, "digital", f"Toimintamalliin liittyvä digitaalisten palveluiden kehittäminen, n={r.n}")
    counts = answers.multi_choice_counts(r.kept, r.q("digital"))
    if r.n:
        s.say(
            "Vastaaja saattoi valita useita vaihtoehtoja"
            + ("; siksi luvut ovat yhteensä enemmän kuin arviointeja." if sum(counts.values()) > r.n else ".")
        )
    return s


# --- Swedish and English ---------------------------------------------------------------------
# The same blocks in the same order as the Finnish above, with the same figures
# (summary.json is one file for every language: figures come from the Finnish,
# id-keyed counts first); only what a reader sees is translated: the form's words
# by id (form.translations), THL's definitions from report_texts.<language>.yaml,
# sentences from data/sentences/form_choices.yaml, numbers by CLDR.


def _say(r: ReportData, key: str, **values: object) -> str:
    """A sentence of data/sentences/form_choices.yaml in the report's language."""
    return r.sentence(f"form_choices.{key}", **values)


def _number(r: ReportData, value: float, decimals: int = 0) -> str:
    return cldr.number(value, r.language, decimals)


def texts_in(r: ReportData) -> dict:
    """THL's texts (report_texts.yaml's keys) in the report's language: the keys read
    here are scope_definitions, phase_definitions, phase_unit, investment_labels and
    thl_remarks.group_callouts.texts."""
    return load_texts(language=r.language)


def _thl_definition(definitions: dict, finnish: str, key: str) -> str:
    """THL's definition of an option or phase, by its Finnish label (report_texts.yaml's
    keys) or by its codebook id."""
    return str(definitions.get(finnish) or definitions.get(key) or "")


def _shown_names(r: ReportData, q: Question) -> dict[str, str]:
    """A choice question's labels as the Finnish tables print them (an option's label
    and its short name, a derived option's label) -> the same in the report's language."""
    names = {NO_ANSWER: _say(r, "no_answer")}
    for o in q.options:
        names[o.label] = r.label("option", f"{q.id}.{o.id}")
    for o in q.options:  # a table's short name wins where it differs from the label
        names[o.display] = r.label("option_short" if o.short else "option", f"{q.id}.{o.id}")
    for d in q.derived:
        names[d.label] = r.label("derived", f"{q.id}.{d.id}")
    return names


def _scale_names(r: ReportData, q: Question) -> dict[str, str]:
    return {level: r.label("scale", f"{q.id}.{place}") for place, level in enumerate(q.scale)} | {
        NO_ANSWER: _say(r, "no_answer")
    }


def _item_names(r: ReportData, q: Question) -> dict[str, str]:
    return {item.text: r.label("item", f"{q.id}.{item.id}") for item in q.items}


def _titled(r: ReportData, question_id: str) -> str:
    return _say(r, "titled", title=r.label("question", question_id), n=r.n)


def _written(texts: list[str]) -> list[str]:
    """Answers quoted as written, each marked with the language it is written in
    (the theme coder's language detection: Finnish where it cannot tell)."""
    return [written_in(t, lang) for t, lang in zip(texts, written_languages(texts))]


def _scope_in(r: ReportData) -> Section:
    s = Section("laajuus", heading("laajuus", r.language))
    q = r.q("scope")
    counts = answers.single_choice_counts(r.kept, q)
    s.figures = {"scope": counts}
    names = _shown_names(r, q)
    title, percents = _say(r, "scope.title", n=r.n), formatting.largest_remainder(list(counts.values()))
    shown = {names[label]: count for label, count in counts.items()}
    if r.n:
        s.chart(
            "bars",
            charts.alt_bar_chart(shown, title, percents=percents, language=r.language) + charts.table_below(r.language),
            counts=shown,
            title=title,
            percents=percents,
            language=r.language,
        )
    finnish_table = answers.single_choice_table(r.kept, q)
    labels = list(finnish_table[finnish_table.columns[0]])[:-1]  # the total row aside
    values = [int(v) for v in finnish_table["Lukumäärä"]][:-1]
    definitions = texts_in(r).get("scope_definitions", {})
    ids = {o.label: o.id for o in q.options}
    scope_column, count_column = _say(r, "scope.scope_column"), _say(r, "count_of_n_column", n=r.n)
    table = pd.DataFrame(
        {
            scope_column: [names[label] for label in labels] + [_say(r, "total")],
            _say(r, "scope.description_column"): [
                _thl_definition(definitions, label, ids.get(label, "")) for label in labels
            ]
            + [""],
            count_column: [*values, sum(values)],
            _say(r, "percent_column"): [_number(r, p) for p in formatting.largest_remainder(values)]
            + [_number(r, 100)],
        }
    )
    s.table(
        table,
        _say(r, "scope.caption", n=r.n),
        total_row=True,
        widths={scope_column: "18%", _say(r, "scope.description_column"): "48%"},
    )
    return s


def _investments_in(r: ReportData) -> Section:
    s = Section("investoinnit", heading("investoinnit", r.language))
    counts = investment_counts(r.kept, r.codebook)
    s.figures = {"investment": counts}
    q = r.q("investment")
    finnish_labels = investment_labels(r.kept, r.codebook)
    translated = investment_labels(
        r.kept,
        r.codebook,
        join=lambda parts: cldr.join(parts, r.language),
        names={o.id: r.label("option", f"investment.{o.id}") for o in q.options},
    )
    names = dict(zip(finnish_labels, translated)) | {NO_ANSWER: _say(r, "no_answer")}
    # combinations THL's table writes in another order, by their translated label
    relabel = texts_in(r).get("investment_labels") or {}
    labels = [relabel.get(names[label], names[label]) for label in counts]
    values = list(counts.values())
    investment_column = _say(r, "investments.investment_column")
    table = pd.DataFrame(
        {
            investment_column: [*labels, _say(r, "total")],
            _say(r, "count_column"): [*values, sum(values)],
            "%": [_number(r, p, 1) for p in formatting.largest_remainder(values, decimals=1)] + [_number(r, 100, 1)],
        }
    )
    s.table(table, _say(r, "investments.caption", n=r.n), total_row=True)
    texts = answers.other_texts(r.kept, q)
    if texts:
        s.say(
            _say(
                r,
                "investments.other_texts",
                other=esc(r.label("option", "investment.other")),
                texts=cldr.join(_written(texts), r.language),
            )
        )
    return s


def _bars_in(s: Section, r: ReportData, shown: dict[str, int], title: str) -> None:
    """A bar chart of counts (with their shares of the assessments) in the report's
    language, its numbers in the table under it; none without assessments."""
    if r.n:
        s.chart(
            "bars",
            charts.alt_bar_chart(shown, title, n=r.n, language=r.language) + charts.table_below(r.language),
            counts=shown,
            title=title,
            n=r.n,
            language=r.language,
        )


def _bars_and_table_in(s: Section, r: ReportData, question_id: str, title: str) -> None:
    """:func:`bars_and_table` in the report's language."""
    q = r.q(question_id)
    counts = answers.multi_choice_counts(r.kept, q)
    s.figures[question_id] = counts
    names = _shown_names(r, q)
    shown = {names[label]: count for label, count in answers.displayed(counts, q).items()}
    _bars_in(s, r, shown, title)
    table = pd.DataFrame(
        {
            r.label("question", q.id): list(shown),
            _say(r, "count_column"): list(shown.values()),
            _say(r, "share_column"): [_number(r, formatting.share(c, r.n)) for c in shown.values()],
        }
    )
    s.table(table, title)


def _dev_targets_in(r: ReportData) -> Section:
    s = Section("kohde", heading("kohde", r.language))
    counts = answers.multi_choice_counts(r.kept, r.q("dev_targets"))
    s.say(
        _say(r, "dev_targets.several") + " " + _say(r, "dev_targets.both", n=counts[SOCIAL_AND_HEALTH]),
        footnotes=("Voi olla valittuna useita.",),  # THL's slide's footnote: the deck stays Finnish
    )
    _bars_and_table_in(s, r, "dev_targets", _titled(r, "dev_targets"))
    return s


def _callouts_in(r: ReportData) -> str:
    """:func:`callouts_sentence` in the report's language: whether and why from the
    Finnish report_texts.yaml (THL's published figures), THL's notes quoted from the
    language's file if it has them translated, else as THL wrote them."""
    remark = load_texts().get("thl_remarks", {}).get("group_callouts")
    if not remark or r.cutoff != remark.get("cutoff"):
        return ""
    largest = max((int(m.group()) for t in remark["texts"] if (m := re.match(r"\d+", t))), default=0)
    published = max(load_published_group_sizes(), default=0)
    translated = (texts_in(r).get("thl_remarks") or {}).get("group_callouts", {}).get("texts")
    quoted = (
        [_say(r, "quoted", text=esc(text)) for text in translated]
        if translated
        else [_say(r, "quoted", text=written_in(text, "fi")) for text in remark["texts"]]
    )
    callouts = cldr.join(quoted, r.language)
    if largest > published:
        return _say(r, "target_groups.callouts_too_large", callouts=callouts, largest=largest)
    return _say(r, "target_groups.callouts_unclear", callouts=callouts)


def _target_groups_in(r: ReportData) -> Section:
    s = Section("asiakasryhmat", heading("asiakasryhmat", r.language))
    q = r.q("target_groups")
    figures = s.figures = target_group_figures(r)
    counts, texts = figures["target_groups"], figures["target_group_other_texts"]
    overlap = figures["target_group_with_other_groups"]
    display_counts = {q.option(o.id).display: counts[o.label] for o in q.options}
    ordered = dict(sorted(display_counts.items(), key=lambda kv: -kv[1]))
    names = _shown_names(r, q)
    shown = {names[label]: count for label, count in ordered.items()}
    title = _say(r, "target_groups.title", n=r.n)
    _bars_in(s, r, shown, title)
    by_display = {q.option(o.id).display: overlap[o.label] for o in q.options}
    with_others = _say(r, "target_groups.with_others_column")
    table = pd.DataFrame(
        {
            _say(r, "target_groups.group_column"): list(shown),
            _say(r, "count_column"): [int(v) for v in ordered.values()],
            _say(r, "share_column"): [_number(r, formatting.share(v, r.n)) for v in ordered.values()],
            with_others: [by_display[k]["with_others"] for k in ordered],
        }
    )
    s.table(table, title)
    several = models_with_several_groups(r.kept, r.codebook)
    parts = [
        _say(r, "target_groups.several_chosen", column=with_others),
        (
            _say(r, "target_groups.several_groups", several=several, n=r.n)
            if several
            else _say(r, "target_groups.several_groups_none")
            if r.n
            else ""
        ),
        _callouts_in(r),
    ]
    s.say(" ".join(p for p in parts if p), footnotes=("Voi olla valittuna useita eri asiakasryhmiä.",))
    if texts:
        s.say(
            _say(
                r,
                "target_groups.other_texts",
                other=esc(r.label("option", "target_groups.other")),
                texts=cldr.join(_written(texts), r.language),
            )
        )
    s.say(_say(r, "target_groups.sizes"))
    dev_names = _shown_names(r, r.q("dev_targets"))
    group_column = _say(r, "target_groups.group_and_size_column")
    rows = []
    for label, values in group_by_dev_counts(r.kept, r.codebook).items():
        option = next(o for o in q.options if o.label == label)
        group = r.label("option_short" if option.short else "option", f"{q.id}.{option.id}")
        row: dict[str, object] = {group_column: _say(r, "target_groups.group_and_size", group=group, n=values["n"])}
        row.update({dev_names[k]: v for k, v in values.items() if k != "n"})
        rows.append(row)
    s.table(pd.DataFrame(rows), _say(r, "target_groups.by_dev_caption"), css="cross")
    return s


def _evaluation_in(r: ReportData) -> Section:
    s = Section("arviointi", heading("arviointi", r.language))
    for question_id in ("strengthened", "other_evaluation"):
        _bars_and_table_in(s, r, question_id, _titled(r, question_id))
        if question_id == "strengthened":  # THL's footnote on its slide: the deck stays Finnish
            s.say(_say(r, "evaluation.several_options"), footnotes=("Voi olla valittuna useita vaihtoehtoja.",))
    for question_id in ("results_evaluation", "utilisation", "adoption"):
        q = r.q(question_id)
        counts = answers.matrix_counts(r.kept, q)
        s.figures[question_id] = counts
        scale = list(q.scale) + ([answers.NO_ANSWER] if any(answers.NO_ANSWER in c for c in counts.values()) else [])
        levels, items = _scale_names(r, q), _item_names(r, q)
        shown = {items[item]: {levels[level]: n for level, n in row.items()} for item, row in counts.items()}
        shown_scale = [levels[level] for level in scale]
        title = _titled(r, question_id)
        if r.n:
            s.chart(
                "stacked",
                charts.alt_stacked_bars(shown, shown_scale, title, language=r.language)
                + charts.table_below(r.language),
                counts=shown,
                scale=shown_scale,
                title=title,
                language=r.language,
                colours={levels[level]: charts.scale_colour(level, i) for i, level in enumerate(scale)},
            )
        table = answers.matrix_table(r.kept, q)
        table[q.text] = [items[item] for item in table[q.text]]
        table = table.rename(columns={q.text: r.label("question", q.id), **levels})
        s.table(table, _say(r, "evaluation.by_statement", question=r.label("question", q.id), n=r.n))
    if not r.n:
        return s
    k = key_sentences(r.kept, r.codebook)
    core = (
        _say(r, "evaluation.core_all")
        if k["core_elements_yes"] == r.n
        else _say(r, "evaluation.core_share", share=k["core_elements_percent"])
    )
    transferable = {"transferable": k["transferable_percent"], "transferable_n": k["transferable_yes"]}
    fits = (
        _say(r, "evaluation.fits_all", **transferable)
        if k["fits_environment_yes"] == r.n
        else _say(
            r,
            "evaluation.fits_share",
            fits=k["fits_environment_percent"],
            fits_n=k["fits_environment_yes"],
            **transferable,
        )
    )
    applicable = _say(r, "evaluation.applicable", share=k["applicable_percent"], n=k["applicable_yes"])
    note = _say(r, "evaluation.shares_note", yes=r.label("scale", "utilisation.0"))
    s.say(f"{_say(r, 'evaluation.moreover')}\n\n- {core}\n- {fits}\n- {applicable}\n\n{note}")
    return s


def _phase_in(r: ReportData) -> Section:
    s = Section("vaihe", heading("vaihe", r.language))
    reached = phases.phase_counts(r.kept, r.codebook)
    s.figures = {"phase": reached, "phase_levels": answers.matrix_counts(r.kept, r.q("phase"))}
    q = r.q("phase")
    items, levels = _item_names(r, q), _scale_names(r, q)
    ids = {item.text: item.id for item in q.items}
    shares = {items[label]: formatting.share(count, r.n) for label, count in reached.items()}
    title = _say(r, "phase.title", n=r.n)
    texts = texts_in(r)
    definitions = texts.get("phase_definitions", {})
    phase_column, share_column = _say(r, "phase.phase_column"), _say(r, "phase.reached_share_column")
    rows = [
        {
            phase_column: items[label],
            share_column: _number(r, shares[items[label]]),
            _say(r, "phase.definition_column"): _thl_definition(definitions, label, ids[label]),
        }
        for label in reached
    ]
    s.table(
        pd.DataFrame(rows),
        _say(r, "phase.caption", n=r.n),
        widths={phase_column: "18%", share_column: "14%"},
    )
    if r.n:
        colours = {items[label]: colour for label, colour in charts.phase_colours().items()}
        s.chart(
            "percent",
            charts.alt_percent_bars(shares, title, language=r.language) + charts.table_below(r.language),
            values=shares,
            title=title,
            colours=colours,
            language=r.language,
        )
    s.say(_say(r, "phase.reading", no=r.label("scale", "phase.0")))
    if texts.get("phase_unit"):
        s.say(esc(texts["phase_unit"]))
    table = phases.phase_table(r.kept, r.codebook)
    table = pd.DataFrame(
        {
            phase_column: [items[label] for label in table["Kehitysvaihe"]],
            _say(r, "phase.reached_column"): list(table["Saavutettu"]),
            _say(r, "share_column"): [_number(r, formatting.share(int(c), r.n)) for c in table["Saavutettu"]],
        }
        | {levels[level]: list(table[level]) for level in table.columns[3:]}
    )
    s.table(table, _say(r, "phase.extent_caption", n=r.n))
    return s


def _digital_in(r: ReportData) -> Section:
    s = Section("digi", heading("digi", r.language))
    _bars_and_table_in(s, r, "digital", _titled(r, "digital"))
    counts = answers.multi_choice_counts(r.kept, r.q("digital"))
    if r.n:
        more = sum(counts.values()) > r.n
        s.say(_say(r, "digital.more_than_assessments" if more else "digital.several_options"))
    return s
