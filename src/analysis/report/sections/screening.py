"""The project's reading of the self-assessments by THL's criteria (THL's stages 1
and 3, read from the areas' own answers as this project interprets the criteria;
THL read them from the Innokylä descriptions): the assessments in the screening's
scope, the stage 1 conditions and the scores; the models passing stage 1 by score
only when the analyst asks for it (``screening_ranked``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.charts import TABLE_BELOW
from analysis.report.data import PANEL_ANCHOR, SCREENING_SECTION, ReportData, heading, sections
from analysis.report.section import Section
from analysis.tables.screening import (
    CriteriaBook,
    load_criteria,
    rule_columns,
    score_distribution,
    screen,
    shortlist,
    stage1_summary,
)

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
            "Tarkastelussa ei ole yhtään itsearviointia: "
            f"rajapäivään {formatting.date_fi(when)} mennessä ei palautettu yhtään."
        )
    if r.screening_scope is None:
        return (
            f"Tarkastelu kattaa kaikki {finnish.digits(len(r.scoped), 'itsearviointi')}, jotka oli "
            f"palautettu rajapäivään {formatting.date_fi(r.cutoff)} mennessä."
        )
    which = (
        "on vain yksi toimintamalli, joka"
        if len(r.scoped) == 1
        else f"ovat vain ne {finnish.counted(len(r.scoped), 'toimintamalli')}, jotka"
    )
    text = (
        f"Tarkastelu on rajattu samoin kuin STM:n toimintamallikilpailu: mukana {which} oli arvioitu "
        f"{formatting.date_fi(r.screening_scope)} mennessä."
    )
    text += replaced_text(r.scope_replaced, r.screening_scope)
    text += f" Rajapäivänä {formatting.date_fi(r.cutoff)} itsearviointeja on kaikkiaan {formatting.number(r.n)}."
    return text


def replaced_text(replaced: int, scope: date) -> str:
    """The models of the scope assessed again after it, whose newer assessment is
    used (as in every section): said for 1 or many; nothing when none (nor when the
    scope's processed data, which tells it, is not there)."""
    day = formatting.date_fi(scope)
    if not replaced:
        return ""
    if replaced == 1:
        return (
            f" Yksi niistä arvioitiin uudelleen {day} jälkeen. Siitä käytetään uudempaa arviointia, kuten tämän "
            f"raportin muissakin luvuissa, joten sen osalta tarkastelu ei perustu {day} tilanteeseen."
        )
    return (
        f" Niistä {finnish.numeral(replaced)} arvioitiin uudelleen {day} jälkeen. Niistä käytetään uudempaa "
        f"arviointia, kuten tämän raportin muissakin luvuissa, joten niiden osalta tarkastelu ei perustu {day} "
        "tilanteeseen."
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


def points_text(book: CriteriaBook) -> str:
    """How an answer scores, from criteria.yaml's points (0,5, not ½)."""
    by_points: dict[float, list[str]] = {}
    for answer, value in book.points.items():
        by_points.setdefault(float(value), []).append(f"”{answer}”")
    parts = []
    for value, answers in sorted(by_points.items(), reverse=True):
        if not value:
            continue
        worth = "1 pisteen" if value == 1 else f"{formatting.number(value, 0 if value.is_integer() else 1)} pistettä"
        parts.append(f"vastauksesta {finnish.join(answers, 'tai')} saa {worth}")
    return (
        "Pisteytys (hankkeen tulkinta): "
        + ", ".join(parts)
        + ", ja muu tai puuttuva vastaus on 0 pistettä. Kriteerejä on "
        + f"{finnish.numeral(len(book.criteria))}: "
        + finnish.join([finnish.lower_first(c.label) for c in book.criteria])
        + "."
    )


def stage2_text(panel: bool) -> str:
    """Where stage 2 is: THL's expert panel's, in the next chapter once collected."""
    if panel:
        number = dict(sections(True, True))[PANEL_ANCHOR].split(".", 1)[0]
        return f"THL:n asiantuntijapaneelin arvio Innokylä-kuvauksista (vaihe 2) on luvussa {number}."
    return "Vaihe 2 eli THL:n asiantuntijapaneelin arvio Innokylä-kuvauksista ei ole tässä raportissa."


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
        scope_text(r) + " **Vaiheen 1 ehdot ja vaiheen 3 pisteytys ovat tämän hankkeen oma tulkinta "
        "THL:n kriteerien pohjalta**, eivät THL:n eivätkä STM:n päätöksiä: ne perustuvat alueiden omiin "
        "vastauksiin, ja jokaisen ehdon kohdalla on lomakkeen kysymys, jonka vastauksen perusteella se on tulkittu."
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
    s.say(points_text(book))
    s.say(stage2_text(bool(r.panel)))
    if not r.screening_ranked:
        return s
    top = shortlist(scoped, screened)
    top["Pisteet"] = top["Pisteet"].map(lambda p: formatting.number(p, 1))
    top["Hyvinvointialue"] = top["Hyvinvointialue"].map(r.area_short)
    s.table(
        top,
        f"Vaiheen 1 ehdot täyttävät {finnish.digits(len(top), 'toimintamalli')} hankkeen pisteiden mukaan "
        "(analyytikon pyynnöstä; ei THL:n eikä STM:n valinta)",
        link_columns=("Innokylä",),
        small=True,
        widths=SHORTLIST_WIDTHS,
        css="shortlist",
    )
    return s
