"""Who took part: the assessments per wellbeing services county over the cutoffs
(with the ministry's target and the Innokylä figure), and the people who took part
in them."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.html.elements import esc
from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.data import ReportData, heading, load_texts
from analysis.report.section import Section
from analysis.tables import answers, areas_and_participants


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


def attached_count(kept: pd.DataFrame) -> int | None:
    """How many assessments are attached to an Innokylä description (None: the
    listing-status file was not given)."""
    if kept.get("attached_to_innokyla") is None:
        return None
    return int(kept["attached_to_innokyla"].fillna(False).astype(bool).sum())


def innokyla_context(r: ReportData) -> str:
    """THL's count of RRP's operating models in Innokylä, as THL's with its date and
    source; only in a report whose cutoff is on or after that date (never as a
    figure of an earlier cutoff)."""
    figure = load_texts().get("thl_context", {}).get("innokyla_models")
    if not figure or r.cutoff < figure["date"]:
        return ""
    return (
        f" THL:n mukaan RRP:n toimintamalleja oli kuvattu Innokylään {formatting.date_fi(figure['date'])} mennessä "
        f"{formatting.number(int(figure['count']))} ({esc(figure['source'])}); lukua ei ole laskettu tästä aineistosta."
    )


def areas(r: ReportData) -> Section:
    s = Section("alueet", heading("alueet"))
    counts = areas_and_participants.area_counts(r.kept, r.codebook)
    dist = areas_and_participants.area_distribution(counts)
    attached = attached_count(r.kept)
    s.figures = {
        "regions": {name: int(count) for name, count in counts.items()},
        "regions_distribution": dist,
        "attached_to_innokyla": attached or 0,
        # the one check the Innokylä figure comes from (not a count per cutoff)
        "attached_to_innokyla_checked_on": r.data.manifest.get("listing_status_checked_on"),
    }
    target = areas_and_participants.stm_target(r.cutoff)
    text = (
        f"Rajapäivään {formatting.date_fi(r.cutoff)} mennessä palautettiin **{formatting.number(r.n)}** "
        f"{finnish.noun('itsearviointi', r.n)}. "
        if r.n
        else f"Rajapäivään {formatting.date_fi(r.cutoff)} mennessä ei palautettu yhtään itsearviointia. "
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
    for day, frame in sorted(r.earlier.items()):
        change = r.n - len(frame)
        text += f" Rajapäivänä {formatting.date_fi(day)} arviointeja oli {formatting.number(len(frame))}; " + (
            f"sen jälkeen niitä on tullut {formatting.number(change)} lisää."
            if change > 0
            else f"nyt niitä on {formatting.number(-change)} vähemmän."
            if change < 0
            else "määrä ei ole muuttunut."
        )
    s.say(text)
    if attached is not None:
        when = f" (tarkistettu {formatting.date_fi(r.checked_on)})" if r.checked_on else ""
        link = load_texts().get("innokyla_all_models")
        more = (
            f" Kaikki RRP:n aikana arvioidut toimintamallit Innokylässä: [THL:n koonti]({esc(link)})." if link else ""
        )
        s.say(
            f"Itsearvioinneista **{formatting.number(attached)}** on liitetty Innokylään toimintamallikuvauksiin"
            f"{when}.{more}{innokyla_context(r)}"
        )
    if not r.n:
        return s
    by = {d: list(areas_and_participants.area_counts(f, r.codebook)) for d, f in sorted(r.by_cutoff.items())}
    shorts = [r.codebook.region_by_name(name).short for name in r.codebook.region_names]
    title = f"Itsearvioinnit hyvinvointialueittain, n={r.n}"
    s.chart(
        "areas",
        charts.alt_area_chart(by, shorts, title) + charts.TABLE_BELOW,
        table_counts=by,
        areas=shorts,
        title=title,
    )
    s.table(
        areas_and_participants.area_table(r.by_cutoff, r.cutoff),
        f"Itsearvioinnit hyvinvointialueittain rajapäivinä ja muutos, n={r.n}"
        if r.earlier
        else f"Itsearvioinnit hyvinvointialueittain rajapäivänä {formatting.date_fi(r.cutoff)}, n={r.n}",
    )
    s.table(
        areas_and_participants.area_distribution_table(r.by_cutoff, r.cutoff),
        "Alueiden määrä arviointien lukumäärän mukaan",
    )
    return s


def participants(r: ReportData) -> Section:
    s = Section("osallistujat", heading("osallistujat"))
    p = areas_and_participants.participants(r.kept)
    s.figures = {"participants": {"total": p["total"], "both_represented": p["both_represented"]}}
    rule = "Arviointiin tuli osallistua sekä RRP-hankkeen että hyvinvointialueen edustaja"
    if not r.n:
        s.say(f"Arviointeja ei tehty. {rule}.")
        return s
    both = p["both_represented"]
    text = (
        f"Arviointeja tehtiin {formatting.number(r.n)}, ja niihin osallistui "
        f"**{finnish.digits(p['total'], 'henkilö')}**. {rule}; "
        + (
            f"näin toteutui **{formatting.number(both)}** arvioinnissa ({formatting.percent(p['both_percent'])})."
            if both
            else "näin ei toteutunut yhdessäkään arvioinnissa."
        )
    )
    if p["participants_missing"]:
        text += f" Osallistujamäärä puuttui {finnish.counted(p['participants_missing'], 'arviointi', 'elative')}."
    s.say(text)
    counts = answers.multi_choice_counts(r.kept, r.q("participant_roles"))
    s.table(
        pd.DataFrame(
            {
                "Arviointiin osallistui": list(counts) + ["Molemmat"],
                "Lukumäärä": list(counts.values()) + [p["both_represented"]],
            }
        ),
        f"Arviointiin osallistuneiden edustus, n={r.n}",
    )
    return s
