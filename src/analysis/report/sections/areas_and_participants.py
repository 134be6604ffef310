"""Who took part: the assessments per wellbeing services county over the cutoffs
(with the ministry's target and the Innokylä figure), and the people who took part
in them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from analysis.html.elements import esc
from analysis.language import cldr, finnish, formatting
from analysis.language.sentences import sentence
from analysis.report import charts
from analysis.report.data import ReportData, heading, load_texts
from analysis.report.section import Section
from analysis.tables import answers, areas_and_participants, key_figures


def finnish_area_distribution(dist: Mapping[str, int], every_area: bool = True) -> str:
    """ "Vähintään kolme arviointia oli 21 alueella ja kaksi arviointia yhdellä
    alueella. Jokaisella alueella oli vähintään yksi arviointi." – every count agreeing
    with its noun; a group with no areas is left out, never "0 alueella". Without
    ``every_area`` the last sentence is left to the caller (who says it with the
    ministry's recommendation)."""
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
    elif phrases and every_area:
        text += " Jokaisella alueella oli vähintään yksi arviointi."
    return text.strip()


def target_sentence(counts: pd.Series, dist: Mapping[str, int], target: tuple[int, int | None] | None) -> str:
    """The areas' counts against the ministry's recommendation in force, said once:
    "STM:n suosittelemat vähintään kolme arviointia oli tehty 21 alueella 22:sta, ja
    yhdellä alueella arviointeja oli kaksi." or, for the recommendation of one,
    the distribution and "Jokaisella alueella oli vähintään yksi arviointi, kuten STM
    suositteli." """
    if not target:
        return finnish_area_distribution(dist)
    low, _high = target
    if low == 1:
        text = finnish_area_distribution(dist, every_area=False)
        if dist["none"]:
            return f"{text} STM suositteli jokaiselle alueelle vähintään yhden arvioinnin."
        return f"{text} Jokaisella alueella oli vähintään yksi arviointi, kuten STM suositteli."
    met = int((counts >= low).sum())
    what = f"STM:n suosittelemat vähintään {finnish.numeral(low)} arviointia"
    first = (
        f"{what} oli tehty jokaisella alueella"
        if met == len(counts)
        else f"{what} oli tehty {finnish.counted(met, 'alue', 'adessive')} {formatting.number(len(counts))}:sta"
        if met
        else f"{what} ei ollut tehty yhdelläkään alueella"
    )
    below = []
    for k in range(low - 1, -1, -1):
        areas = int((counts == k).sum())
        if not areas:
            continue
        where = finnish.counted(areas, "alue", "adessive")
        below.append(
            f"{where} ei ollut yhtään arviointia"
            if k == 0
            else f"{where} oli yksi arviointi"
            if k == 1
            else f"{where} arviointeja oli {finnish.numeral(k)}"
        )
    if not below:
        return f"{first}."
    if met:
        return f"{first}, ja {finnish.join(below)}."
    return f"{first}. {finnish.capitalise(finnish.join(below))}."


def earlier_sentence(r: ReportData) -> str:
    """The counts at the earlier cutoffs, and – when an assessment returned since
    the first of them replaced a model's earlier assessment – how many came and that
    only the newer assessment counts ("41 more" is net of the replaced one)."""
    days = sorted(d for d in r.earlier if d < r.cutoff)
    if not days:
        return ""
    counts = [(formatting.date_fi(d), formatting.number(len(r.earlier[d]))) for d in days]
    text = (
        f" Rajapäivään {counts[0][0]} mennessä arviointeja oli palautettu {counts[0][1]}"
        + "".join(
            f"{' ja' if i == len(counts) - 1 else ','} {day} mennessä {n}" for i, (day, n) in enumerate(counts[1:], 1)
        )
        + "."
    )
    got = key_figures.returned_between(r.earlier[days[0]], r.kept, r.codebook)
    if got.replaced:
        since = counts[0][0]
        growth = (
            f"määrä kasvoi {formatting.number(got.growth)} arvioinnilla" if got.growth > 0 else "määrä ei muuttunut"
        )
        text += (
            f" Rajapäivän {since} jälkeen palautettiin {finnish.counted(got.returned, 'arviointi')}, mutta "
            f"{growth}: "
            + (
                "yksi aiemmin arvioitu toimintamalli arvioitiin uudelleen, ja siitä on mukana vain uudempi arviointi."
                if got.replaced == 1
                else f"{finnish.counted(got.replaced, 'toimintamalli')} arvioitiin uudelleen, ja niistä on mukana "
                "vain uudempi arviointi."
            )
        )
    return text


DISTRIBUTION_KEYS = {"at_least_3": "at_least_three", "exactly_2": "exactly_two", "exactly_1": "exactly_one"}


def area_distribution_in(dist: Mapping[str, int], language: str, every_area: bool = True) -> str:
    """:func:`finnish_area_distribution` in Swedish or English: one whole sentence
    per group that has areas, none for an empty group."""
    said = [
        sentence(f"areas.{key}", language, n=dist[group]) for group, key in DISTRIBUTION_KEYS.items() if dist[group]
    ]
    if dist["none"] and not said:
        said.append(sentence("areas.none_anywhere", language))
    elif dist["none"]:
        said.append(sentence("areas.none", language, n=dist["none"]))
    elif said and every_area:
        said.append(sentence("areas.every_area", language))
    return " ".join(said)


def target_sentence_in(
    counts: pd.Series, dist: Mapping[str, int], target: tuple[int, int | None] | None, language: str
) -> str:
    """:func:`target_sentence` in Swedish or English: the areas that met the
    ministry's recommendation, then those below it by their count."""
    if not target:
        return area_distribution_in(dist, language)
    low, _high = target
    if low == 1:
        text = area_distribution_in(dist, language, every_area=False)
        closing = "areas.stm_one_missing" if dist["none"] else "areas.stm_one_met"
        return f"{text} {sentence(closing, language)}".strip()
    met = int((counts >= low).sum())
    said = [
        sentence("areas.stm_met_everywhere", language, low=low)
        if met == len(counts)
        else sentence("areas.stm_met", language, met=met, low=low, total=len(counts))
    ]
    for k in range(low - 1, -1, -1):
        areas = int((counts == k).sum())
        if areas:
            key = "areas.below_none" if k == 0 else "areas.below_one" if k == 1 else "areas.below_some"
            said.append(sentence(key, language, areas=areas, k=k))
    return " ".join(said)


def earlier_sentence_in(r: ReportData) -> str:
    """:func:`earlier_sentence` in Swedish or English (with its leading space)."""
    days = sorted(d for d in r.earlier if d < r.cutoff)
    if not days:
        return ""
    said = [sentence("areas.earlier_first", r.language, day=days[0], n=len(r.earlier[days[0]]))]
    said += [sentence("areas.earlier_next", r.language, day=d, n=len(r.earlier[d])) for d in days[1:]]
    got = key_figures.returned_between(r.earlier[days[0]], r.kept, r.codebook)
    if got.replaced:
        said.append(
            sentence("areas.since_grew", r.language, day=days[0], returned=got.returned, growth=got.growth)
            if got.growth > 0
            else sentence("areas.since_same", r.language, day=days[0], returned=got.returned)
        )
        said.append(sentence("areas.reassessed", r.language, replaced=got.replaced))
    return " " + " ".join(said)


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
    figure = load_texts(language=r.language).get("thl_context", {}).get("innokyla_models")
    if not figure or r.cutoff < figure["date"]:
        return ""
    if r.language != "fi":
        said = sentence(
            "areas.innokyla_context",
            r.language,
            count=int(figure["count"]),
            day=figure["date"],
            source=esc(figure["source"]),
        )
        return f" {said}"
    return (
        f" THL:n mukaan Innokylään oli {formatting.date_fi(figure['date'])} mennessä kuvattu "
        f"{formatting.number(int(figure['count']))} RRP:n toimintamallia ({esc(figure['source'])}). "
        "Lukua ei ole laskettu tämän raportin aineistosta."
    )


def areas(r: ReportData) -> Section:
    s = Section("alueet", heading("alueet", r.language))
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
    if r.language != "fi":
        s.say(
            f"{r.sentence('areas.returned', n=r.n, cutoff=r.cutoff)} "
            + target_sentence_in(counts, dist, areas_and_participants.stm_target(r.cutoff), r.language)
            + earlier_sentence_in(r)
        )
        return areas_in(r, s, attached)
    text = (
        f"Rajapäivään {formatting.date_fi(r.cutoff)} mennessä palautettiin **{formatting.number(r.n)}** "
        f"{finnish.noun('itsearviointi', r.n)}. "
        if r.n
        else f"Rajapäivään {formatting.date_fi(r.cutoff)} mennessä ei palautettu yhtään itsearviointia. "
    )
    text += target_sentence(counts, dist, areas_and_participants.stm_target(r.cutoff))
    text += earlier_sentence(r)
    s.say(text)
    if attached is not None:
        when = f" (tarkistettu {formatting.date_fi(r.checked_on)})" if r.checked_on else ""
        link = load_texts().get("innokyla_all_models")
        more = (
            f" [THL:n koonti]({esc(link)}) kaikista RRP:n aikana arvioiduista toimintamalleista on Innokylässä."
            if link
            else ""
        )
        s.say(
            f"Itsearvioinneista **{formatting.number(attached)}** oli liitetty Innokylään toimintamallikuvauksiin"
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
    target = areas_and_participants.stm_target(r.cutoff)
    if target and target[1]:
        low, high = target
        s.say(
            f"STM suositteli {formatting.range_fi(low, high)} arviointia; taulukon viimeisessä sarakkeessa "
            f"tarkastellaan, oliko alueella vähintään {finnish.counted(low, 'arviointi')}."
        )
    table = areas_and_participants.area_table(r.by_cutoff, r.cutoff)
    s.table(
        table,
        f"Itsearvioinnit hyvinvointialueittain rajapäivinä ja muutos, n={r.n}"
        if r.earlier
        else f"Itsearvioinnit hyvinvointialueittain rajapäivänä {formatting.date_fi(r.cutoff)}, n={r.n}",
        # the area's name on one line beside the target column's long name
        widths={
            "Hyvinvointialue": "30%",
            **{c: "17%" for c in table.columns if str(c).startswith("Muutos")},
            **({table.columns[-1]: "18%"} if target else {}),
        },
    )
    s.table(
        areas_and_participants.area_distribution_table(r.by_cutoff, r.cutoff),
        "Alueiden määrä arviointien lukumäärän mukaan",
    )
    return s


def areas_in(r: ReportData, s: Section, attached: int | None) -> Section:
    """§1 after its first paragraph in Swedish or English: the same blocks as the
    Finnish, the tables' numbers the Finnish tables' own (only words translated)."""
    if attached is not None:
        said = (
            r.sentence("areas.attached_checked", n=attached, checked=r.checked_on)
            if r.checked_on
            else r.sentence("areas.attached", n=attached)
        )
        link = load_texts(language=r.language).get("innokyla_all_models")
        if link:
            said += " " + r.sentence("areas.all_models", link=esc(link))
        s.say(said + innokyla_context(r))
    if not r.n:
        return s
    by = {d: list(areas_and_participants.area_counts(f, r.codebook)) for d, f in sorted(r.by_cutoff.items())}
    shorts = [r.codebook.region_by_name(name).short_in(r.language) for name in r.codebook.region_names]
    title = r.sentence("areas.chart_title", n=r.n)
    s.chart(
        "areas",
        charts.alt_area_chart(by, shorts, title, language=r.language) + charts.table_below(r.language),
        table_counts=by,
        areas=shorts,
        title=title,
        language=r.language,
    )
    target = areas_and_participants.stm_target(r.cutoff)
    if target and target[1]:
        low, high = target
        s.say(r.sentence("areas.stm_range", low=low, high=high))
    table = area_table_in(r, target)
    area = r.sentence("areas.area_column")
    change = r.sentence("areas.change_column", range="").strip()
    s.table(
        table,
        r.sentence("areas.table_by_cutoffs", n=r.n)
        if r.earlier
        else r.sentence("areas.table_at_cutoff", cutoff=r.cutoff, n=r.n),
        widths={
            area: "30%",
            **{c: "17%" for c in table.columns if str(c).startswith(change)},
            **({table.columns[-1]: "18%"} if target else {}),
        },
    )
    s.table(distribution_table_in(r), r.sentence("areas.table_distribution"))
    return s


def signed_in(value: int, language: str) -> str:
    """+3, −2, ±0 as the language writes its numbers (CLDR's minus sign)."""
    if value > 0:
        return f"+{cldr.number(value, language)}"
    return "\u00b10" if value == 0 else cldr.number(value, language)


def day_range_in(start: date, end: date, language: str) -> str:
    """A change column's two days as a range that does not break: "31.10.2025–31.12.2025",
    "31 October 2025–31 December 2025"."""
    joiner = formatting.WORD_JOINER
    return f"{cldr.day(start, language)}{joiner}–{joiner}{cldr.day(end, language)}"


def area_table_in(r: ReportData, target: tuple[int, int | None] | None) -> pd.DataFrame:
    """:func:`areas_and_participants.area_table` with its words in the report's
    language: the same rows and counts (the Finnish table's), the areas by their
    official Swedish or English names, the days and the change written by CLDR."""
    finnish_table = areas_and_participants.area_table(r.by_cutoff, r.cutoff)
    dates = sorted(d for d in r.by_cutoff if d <= r.cutoff)
    columns = {"Hyvinvointialue": r.sentence("areas.area_column")}
    columns.update({formatting.date_fi(d): cldr.day(d, r.language) for d in dates})
    table = pd.DataFrame(
        {
            columns["Hyvinvointialue"]: [
                r.label("region", r.codebook.region_by_name(name).code) for name in finnish_table["Hyvinvointialue"]
            ],
            **{cldr.day(d, r.language): finnish_table[formatting.date_fi(d)].tolist() for d in dates},
        }
    )
    if len(dates) > 1:
        change = r.sentence("areas.change_column", range=day_range_in(dates[-2], dates[-1], r.language))
        table[change] = [signed_in(int(a) - int(b), r.language) for a, b in zip(table.iloc[:, -1], table.iloc[:, -2])]
    if target:
        low, high = target
        name = (
            r.sentence("areas.target_column", low=low, high=high)
            if high
            else r.sentence("areas.target_column_open", low=low)
        )
        yes, no = r.sentence("areas.yes"), r.sentence("areas.no")
        table[name] = [yes if met == "kyllä" else no for met in finnish_table.iloc[:, -1]]
    return table


def distribution_table_in(r: ReportData) -> pd.DataFrame:
    """:func:`areas_and_participants.area_distribution_table` in the report's language."""
    finnish_table = areas_and_participants.area_distribution_table(r.by_cutoff, r.cutoff)
    rows = [r.sentence(f"areas.distribution_{key}") for key in ("at_least_3", "exactly_2", "exactly_1", "none")]
    dates = sorted(d for d in r.by_cutoff if d <= r.cutoff)
    return pd.DataFrame(
        {
            r.sentence("areas.distribution_column"): rows,
            **{cldr.day(d, r.language): finnish_table[formatting.date_fi(d)].tolist() for d in dates},
        }
    )


def participants(r: ReportData) -> Section:
    s = Section("osallistujat", heading("osallistujat", r.language))
    p = areas_and_participants.participants(r.kept)
    s.figures = {"participants": {"total": p["total"], "both_represented": p["both_represented"]}}
    if r.language != "fi":
        return participants_in(r, s, p)
    if not r.n:
        s.say("Arviointeja ei tehty.")
        return s
    both = p["both_represented"]
    text = (
        f"Arviointeja tehtiin {formatting.number(r.n)}, ja niihin osallistui "
        f"**{finnish.digits(p['total'], 'henkilö')}**. "
        + (
            "Sekä hyvinvointialueen että RRP-hankkeen edustaja oli mukana "
            f"**{formatting.number(both)}** arvioinnissa ({formatting.percent(p['both_percent'])})."
            if both
            else "Yhdessäkään arvioinnissa ei ollut mukana sekä hyvinvointialueen että RRP-hankkeen edustajaa."
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


def participants_in(r: ReportData, s: Section, p: areas_and_participants.Participants) -> Section:
    """§2 in Swedish or English: the same sentences' figures and the same table."""
    if not r.n:
        s.say(r.sentence("areas.participants_none"))
        return s
    said = [
        r.sentence("areas.participants_made", n=r.n),
        r.sentence("areas.participants_people", people=p["total"]),
        r.sentence("areas.participants_both", both=p["both_represented"], share=p["both_percent"])
        if p["both_represented"]
        else r.sentence("areas.participants_both_none"),
    ]
    if p["participants_missing"]:
        said.append(r.sentence("areas.participants_missing", missing=p["participants_missing"]))
    s.say(" ".join(said))
    question = r.q("participant_roles")
    counts = answers.multi_choice_counts(r.kept, question)
    ids = {o.label: o.id for o in question.options}
    s.table(
        pd.DataFrame(
            {
                r.sentence("areas.participants_column"): [
                    r.label("option", f"{question.id}.{ids[name]}") for name in counts
                ]
                + [r.sentence("areas.participants_both_row")],
                r.sentence("areas.participants_count"): list(counts.values()) + [p["both_represented"]],
            }
        ),
        r.sentence("areas.participants_caption", n=r.n),
    )
    return s
