"""The criteria screening (THL's stages 1 and 3, read from the form's answers as
this project interprets the criteria): the assessments in the screening's scope,
the stage 1 conditions, the scores, and the shortlist."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.charts import TABLE_BELOW
from analysis.report.data import SCREENING_SECTION, ReportData, heading
from analysis.report.section import Section
from analysis.tables.screening import load_criteria, rule_columns, score_distribution, screen, shortlist, stage1_summary

SHORTLIST_WIDTHS = {
    "Toimintamalli": "22%",
    "Hyvinvointialue": "15%",
    "Innokylä": "18%",
    "Pisteet": "7%",
    "Puuttuvat kriteerit": "38%",
}


def scope_text(r: ReportData) -> str:
    if not len(r.scoped):
        when = r.screening_scope or r.cutoff
        return (
            "Esikarsinnassa ei ole yhtään itsearviointia: "
            f"rajapäivään {formatting.date_fi(when)} mennessä ei palautettu yhtään."
        )
    if r.screening_scope is None:
        return (
            f"Esikarsinta kattaa kaikki {finnish.digits(len(r.scoped), 'itsearviointi')}, jotka oli "
            f"palautettu rajapäivään {formatting.date_fi(r.cutoff)} mennessä."
        )
    return (
        f"Esikarsinta kattaa vain rajapäivään {formatting.date_fi(r.screening_scope)} mennessä palautetut "
        f"{finnish.digits(len(r.scoped), 'itsearviointi')} sellaisina kuin ne olivat tuolloin, kuten STM:n "
        "toimintamallikilpailu; myöhemmin palautettuja ei ole pisteytetty eikä asetettu järjestykseen. "
        f"Rajapäivänä {formatting.date_fi(r.cutoff)} itsearviointeja on {formatting.number(r.n)}."
    )


def condition_questions(r: ReportData, rule: Mapping) -> str:
    """The form questions a stage 1 rule reads, in the form's words."""
    names = []
    for column in rule_columns(rule):
        question_id, _, part = column.partition("__")
        try:
            q = r.q(question_id)
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


def screening(r: ReportData) -> Section:
    s = Section(SCREENING_SECTION, heading(SCREENING_SECTION))
    book = load_criteria()
    scoped = r.scoped if r.scoped is not None else r.kept
    screened = screen(scoped, book)
    stage1 = stage1_summary(screened, book)
    distribution = score_distribution(screened)
    s.figures = {
        "screening": {
            "scope": r.screening_scope.isoformat() if r.screening_scope else "all",
            "screened": int(len(scoped)),
            "stage1": stage1,
            "score_distribution": distribution,
        }
    }
    s.say(
        scope_text(r) + " **Vaiheen 1 ehdot ja vaiheen 3 pisteytys ovat tämän hankkeen tulkinta "
        "THL:n kriteereistä**, eivät THL:n tai STM:n päätöksiä: ne on kirjoitettu lomakkeen vastauksista "
        "luettaviksi säännöiksi (sääntötiedosto on nimetty teknisessä liitteessä), ja jokaisen ehdon kohdalla on "
        "lomakkeen kysymys, jonka vastauksesta se luetaan."
    )
    missing = stage1["failed_only_because_missing"]
    s.say(
        (
            f"Vaiheen 1 ehdot täytti **{formatting.number(stage1['passed'])}** "
            f"{finnish.noun('arviointi', stage1['passed'])} "
            f"{formatting.number(len(scoped))}:stä. "
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
            "Lomakkeen kysymys": condition_questions(r, c.rule),
            "Ei täyty": stage1["failed_by_condition"][c.label]["failed"],
            "Vastaus puuttuu": stage1["failed_by_condition"][c.label]["missing"],
        }
        for c in book.stage1
    ]
    s.table(
        pd.DataFrame(rows),
        "Vaiheen 1 ehdot (hankkeen tulkinta), lomakkeen kysymykset ja ehtoja täyttämättömät arvioinnit",
        small=True,
    )
    shown = {
        formatting.number(float(k), 1): v
        for k, v in distribution.items()
        if float(k) >= min(screened["score"], default=0)
    }
    title = f"Kriteeripisteet (0–10), n={len(scoped)}"
    if len(scoped):
        alt = charts.alt_bars(title, {f"{k} pistettä": v for k, v in shown.items()}, top=3)
        s.chart("bars", alt + TABLE_BELOW, counts=shown, title=title, xlabel="Arviointeja")
    s.table(pd.DataFrame({"Pisteet": list(shown), "Arviointeja": list(shown.values())}), title)
    s.say(
        "Pisteet (hankkeen tulkinta): ”Kyllä” 1, ”Osittain” tai ”Valmistelussa” ½, muu vastaus tai vastauksen "
        "puuttuminen 0; kriteerejä on kymmenen: " + finnish.join([c.label.lower() for c in book.criteria]) + "."
    )
    top = shortlist(scoped, screened)
    top["Pisteet"] = top["Pisteet"].map(lambda p: formatting.number(p, 1))
    top["Hyvinvointialue"] = top["Hyvinvointialue"].map(r.area_short)
    s.table(
        top,
        f"Lyhytlista: vaiheen 1 läpäisseet {finnish.digits(len(top), 'toimintamalli')} pisteiden mukaan",
        link_columns=("Innokylä",),
        small=True,
        widths=SHORTLIST_WIDTHS,
        css="shortlist",
    )
    return s
