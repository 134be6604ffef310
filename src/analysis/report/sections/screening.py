"""The project's reading of the self-assessments by THL's criteria (THL's stages 1
and 3, read from the areas' own answers as this project interprets the criteria;
THL read them from the Innokylä descriptions): the assessments in the screening's
scope, the stage 1 conditions and the scores; the models passing stage 1 by score
only when the analyst asks for it (``screening_ranked``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd
from babel.lists import format_list

from analysis.language import cldr, finnish, formatting
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
    """The form questions a stage 1 rule reads, in the form's words in the report's
    language (form.translations by id; Finnish is the codebook's own text)."""
    names = []
    for column in rule_columns(rule):
        question_id, _, part = column.partition("__")
        try:
            q = r.q(question_id)
        except KeyError:
            names.append(column)
            continue
        text = r.label("question", question_id)
        if not part:
            names.append(text)
        elif q.type == "matrix":
            names.append(f"{text}: {r.label('item', f'{question_id}.{part}')}")
        else:
            names.append(f"{text}: {r.label('option', f'{question_id}.{part}')}")
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
    s = Section(SCREENING_SECTION, heading(SCREENING_SECTION, r.language))
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
    if r.language != "fi":
        _screening_in_language(r, s, book, scoped, screened, stage1, distribution)
        return s
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


# --- Swedish and English (the Finnish above stays as it is): the same blocks in
# the same order, the words from data/sentences/screening.yaml, the form's words
# and the stage 1 conditions by id (form.translations), numbers and days by CLDR

QUOTATION_MARKS = {"sv": ("”", "”"), "en": ("“", "”")}


def scope_text_in_language(r: ReportData) -> str:
    """:func:`scope_text` in Swedish or English."""
    if not len(r.scoped):
        return r.sentence("screening.scope_none", day=r.screening_scope or r.cutoff)
    if r.screening_scope is None:
        return r.sentence("screening.scope_all", n=len(r.scoped), day=r.cutoff)
    said = [r.sentence("screening.scope_limited", n=len(r.scoped), scope=r.screening_scope)]
    if r.scope_replaced:
        said.append(r.sentence("screening.replaced", n=r.scope_replaced, day=r.screening_scope))
    said.append(r.sentence("screening.total_at_cutoff", n=r.n, cutoff=r.cutoff))
    return " ".join(said)


def answer_names(r: ReportData, book: CriteriaBook) -> dict[str, str]:
    """The scored answers (criteria.yaml's points, Finnish scale levels) -> the
    form's scale level in the report's language, from the criteria's questions."""
    names: dict[str, str] = {}
    for criterion in book.criteria:
        question_id = criterion.column.partition("__")[0]
        for place, level in enumerate(r.q(question_id).scale):
            names.setdefault(level, r.label("scale", f"{question_id}.{place}"))
    return names


def points_text_in_language(r: ReportData, book: CriteriaBook) -> str:
    """:func:`points_text` in Swedish or English."""
    language = r.language
    opening, closing = QUOTATION_MARKS[language]
    names = answer_names(r, book)
    by_points: dict[float, list[str]] = {}
    for answer, value in book.points.items():
        by_points.setdefault(float(value), []).append(f"{opening}{names.get(answer, answer)}{closing}")
    rules = []
    for value, answers in sorted(by_points.items(), reverse=True):
        if not value:
            continue
        shown = cldr.number(value, language, 0 if value.is_integer() else 1)
        rules.append(
            r.sentence(
                "screening.points_for",
                value=int(value) if value.is_integer() else value,
                points=shown,
                answers=format_list(answers, style="or", locale=cldr.locale(language)),
            )
        )
    criteria = [lower_first(r.sentence(f"screening.criteria.{c.id}")) for c in book.criteria]
    return " ".join(
        [
            r.sentence("screening.scoring", rules=", ".join(rules)),
            r.sentence(
                "screening.criteria_list",
                number=r.sentence("screening.count_word", n=len(book.criteria)),
                criteria=cldr.join(criteria, language),
            ),
        ]
    )


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def stage2_text_in_language(r: ReportData) -> str:
    """:func:`stage2_text` in Swedish or English."""
    if r.panel:
        number = dict(sections(True, True, r.language))[PANEL_ANCHOR].split(".", 1)[0]
        return r.sentence("screening.stage2_in_section", number=number)
    return r.sentence("screening.stage2_absent")


def _screening_in_language(
    r: ReportData,
    s: Section,
    book: CriteriaBook,
    scoped: pd.DataFrame,
    screened: pd.DataFrame,
    stage1: dict,
    distribution: Mapping,
) -> None:
    """:func:`screening` in Swedish or English, into ``s``."""
    language = r.language
    s.say(scope_text_in_language(r) + " " + r.sentence("screening.projects_reading"))
    missing = stage1["failed_only_because_missing"]
    passed = (
        r.sentence("screening.stage1_passed", passed=stage1["passed"], n=len(scoped))
        if stage1["passed"]
        else r.sentence("screening.stage1_none")
    )
    s.say(passed + " " + r.sentence("screening.stage1_missing", n=missing))
    column = {
        key: r.sentence(f"screening.column_{key}")
        for key in ("condition", "description", "question", "not_met", "missing")
    }
    rows = [
        {
            column["condition"]: r.label("stage1", c.id),
            column["description"]: r.sentence(f"screening.descriptions.{c.id}"),
            column["question"]: condition_questions(r, c.rule),
            column["not_met"]: stage1["failed_by_condition"][c.label]["failed"],
            column["missing"]: stage1["failed_by_condition"][c.label]["missing"],
        }
        for c in book.stage1
    ]
    s.table(pd.DataFrame(rows), r.sentence("screening.stage1_title"), small=True)
    shown = {
        cldr.number(float(k), language, 1): v
        for k, v in distribution.items()
        if float(k) >= min(screened["score"], default=0)
    }
    points = [float(k) for k in distribution if float(k) >= min(screened["score"], default=0)]
    title = r.sentence("screening.score_title", n=len(scoped))
    assessments = r.sentence("screening.column_assessments")
    if len(scoped):
        bars = {r.sentence("screening.points_bar", points=p): v for p, v in zip(points, shown.values())}
        alt = charts.alt_bars(title, bars, top=3, language=language) + charts.table_below(language)
        s.chart("bars", alt, counts=shown, title=title, xlabel=assessments, language=language)
    points_column = r.sentence("screening.column_points")
    s.table(pd.DataFrame({points_column: list(shown), assessments: list(shown.values())}), title)
    s.say(points_text_in_language(r, book))
    s.say(stage2_text_in_language(r))
    if not r.screening_ranked:
        return
    top = shortlist(scoped, screened.assign(criteria_missed=criteria_missed_in_language(r, book, scoped, screened)))
    top["Pisteet"] = top["Pisteet"].map(lambda p: cldr.number(p, language, 1))
    top["Hyvinvointialue"] = top["Hyvinvointialue"].map(lambda name: area_name(r, name))
    columns = {
        "Toimintamalli": r.sentence("screening.column_model"),
        "Hyvinvointialue": r.sentence("screening.column_area"),
        "Innokylä": "Innokylä",
        "Pisteet": r.sentence("screening.column_points"),
        "Puuttuvat kriteerit": r.sentence("screening.column_criteria_missed"),
    }
    s.table(
        top.rename(columns=columns),
        r.sentence("screening.shortlist_title", n=len(top)),
        link_columns=("Innokylä",),
        small=True,
        widths={columns[c]: width for c, width in SHORTLIST_WIDTHS.items()},
        css="shortlist",
    )


def area_name(r: ReportData, name: object) -> object:
    """An area's official name in the report's language (the codebook's sv or en);
    other text as it is."""
    try:
        return r.label("region", str(r.codebook.region_by_name(str(name)).code))
    except KeyError:
        return name


def criteria_missed_in_language(
    r: ReportData, book: CriteriaBook, scoped: pd.DataFrame, screened: pd.DataFrame
) -> pd.Series:
    """``screen``'s ``criteria_missed`` in the report's language: per assessment the
    criteria that scored below 1 point, each with its answer ("Resources defined
    (in preparation)"; "no answer" where none was given), in the criteria's order."""
    answers = answer_names(r, book)
    none = r.sentence("screening.no_answer")
    parts: list[list[str]] = [[] for _ in range(len(scoped))]
    for criterion in book.criteria:
        name = r.sentence(f"screening.criteria.{criterion.id}")
        points = screened[f"points__{criterion.id}"].to_numpy()
        for i, (value, answer) in enumerate(zip(points, scoped[criterion.column])):
            if value < 1:
                said = none if pd.isna(answer) else lower_first(answers.get(str(answer), str(answer)))
                parts[i].append(f"{name} ({said})")
    return pd.Series(["; ".join(p) for p in parts], index=screened.index, dtype=object)
