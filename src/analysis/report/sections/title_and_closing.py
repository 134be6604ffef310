"""The report's first screen – title, notices, the facts of the build, the
contents and the key figures side by side over the cutoffs – and its closing
(THL's texts on how the assessments are used and whom to ask)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from analysis.language import cldr, finnish, formatting
from analysis.language.sentences import sentence
from analysis.report.charts import join_fi
from analysis.report.data import ReportData, heading, load_texts, sections
from analysis.report.section import Section, Table
from analysis.report.sections.areas_and_participants import day_range_in, signed_in
from analysis.tables import key_figures
from analysis.tables.phases import phase_counts


def report_title(cutoff: date, language: str = "fi") -> str:
    """The report's title (its <title>, its first heading) in ``language``."""
    if language == "fi":
        return formatting.report_title(cutoff)
    return sentence("report.title", language, cutoff=cutoff)


def key_figures_and_attached(r: ReportData) -> tuple[pd.DataFrame, str]:
    """The key figures' table (Finnish labels and columns) and the note on the
    Innokylä figure in the report's language (ReportData.attached_note): an undated
    Innokylä check is one check, not a figure of any cutoff, so it is said under the
    table and its row is left out of the table."""
    figures = key_figures.key_figures_table(r.by_cutoff, r.cutoff, r.checked_on, r.attached_dated)
    if r.attached_dated:
        return figures, r.attached_note()
    row = figures["Luku"].str.startswith(key_figures.ATTACHED)
    count = figures.loc[row, formatting.date_fi(r.cutoff)].iloc[0]
    return figures[~row].reset_index(drop=True), r.attached_note(int(count))


def title(r: ReportData) -> Section:
    if r.language != "fi":
        return title_in(r)
    m = r.data.manifest
    report_title = formatting.report_title(r.cutoff)
    s = Section("otsikko", report_title)
    s.figures = title_figures(r)
    facts = [
        ("Rajapäivä", f"{formatting.date_fi(r.cutoff)} (vastaukset tähän päivään asti, Suomen aikaa)"),
        ("Itsearviointeja", formatting.number(r.n)),
        ("Koottu", f"{formatting.timestamp_fi(m.get('built_at', ''))} (Suomen aikaa)"),
        ("Raportin laji", report_kind(r)),
    ]
    if r.checked_on:
        facts.insert(2, ("Innokylä-liitokset tarkistettu", formatting.date_fi(r.checked_on)))
    figures, attached = key_figures_and_attached(r)
    days = sorted(r.by_cutoff)
    dates = join_fi([formatting.date_fi(d) for d in days])
    caption = f"Keskeiset luvut rajapäivinä {dates}" if len(days) > 1 else f"Keskeiset luvut rajapäivänä {dates}"
    s.part(
        "report_parts/front.html.j2",
        title=report_title,
        empty=r.n == 0,
        cutoff=formatting.date_fi(r.cutoff),
        synthetic=r.synthetic,
        facts=[(name, str(value)) for name, value in facts],
        contents=sections(r.screening_on, bool(r.panel)),
        table=Table(figures, caption, css="key-figures"),
        note=" ".join(part for part in (change_note(r), attached) if part),
    )
    return s


def title_in(r: ReportData) -> Section:
    """:func:`title` in Swedish or English: the same facts, contents, key figures
    (the Finnish table's numbers, its words translated) and notes; the same figures."""
    m = r.data.manifest
    s = Section("otsikko", report_title(r.cutoff, r.language))
    s.figures = title_figures(r)
    built = m.get("built_at", "")
    facts = [
        (r.sentence("title.fact_cutoff"), r.sentence("title.fact_cutoff_value", cutoff=r.cutoff)),
        (r.sentence("title.fact_count"), cldr.number(r.n, r.language)),
        (r.sentence("title.fact_built"), built_in(built, r.language) if built else ""),
        (r.sentence("title.fact_kind"), report_kind_in(r)),
        (r.sentence("title.fact_language"), r.sentence("title.fact_language_value")),
    ]
    if r.checked_on:
        facts.insert(2, (r.sentence("title.fact_checked"), cldr.day(r.checked_on, r.language)))
    figures, attached = key_figures_and_attached(r)
    days = sorted(r.by_cutoff)
    caption = r.sentence(
        "title.caption", days=len(days), dates=cldr.join([cldr.day(d, r.language) for d in days], r.language)
    )
    s.part(
        "report_parts/front.html.j2",
        language=r.language,
        title=s.heading,
        empty=r.n == 0,
        cutoff=cldr.day(r.cutoff, r.language),
        synthetic=r.synthetic,
        facts=facts,
        contents=sections(r.screening_on, bool(r.panel), r.language),
        table=Table(key_figures_in(r, figures), caption, css="key-figures"),
        note=" ".join(part for part in (change_note_in(r), attached) if part),
    )
    return s


def title_figures(r: ReportData) -> dict[str, object]:
    """The title's figures in summary.json (the same in every language)."""
    m = r.data.manifest
    return {
        "cutoff": m["cutoff"],
        "n": int(r.n),
        "synthetic_data": bool(m.get("synthetic_data", False)),
        "report_kind": "public" if r.public else "internal",
        "inputs": [{"file": f["file"], "sha256": f["sha256"]} for f in m["inputs"]]
        + list(m.get("hand_kept_files", [])),
    }


def built_in(value: str | datetime, language: str) -> str:
    """When the report was built, in Finnish time (Europe/Helsinki) the language's
    way: "4.12.2026 kl. 2.23 (finsk tid)", "4 December 2026 at 02:23 (Finnish time)"."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(ZoneInfo(formatting.HELSINKI))
    time = f"{local.hour}.{local.minute:02d}" if language == "sv" else f"{local.hour:02d}:{local.minute:02d}"
    return sentence("title.fact_built_value", language, day=local.date(), time=time)


def change_in(value: object, language: str) -> str:
    """A change cell of the Finnish table ("+3", "−2", "±0", "") as ``language`` writes it."""
    text = str(value)
    if not text:
        return text
    return signed_in(int(text.replace("\u2212", "-").replace("±", "").replace("+", "")), language)


def key_figures_in(r: ReportData, figures: pd.DataFrame) -> pd.DataFrame:
    """The key figures' table with its words in the report's language: the rows
    named by the catalogue, the days by CLDR, the counts the Finnish table's own."""
    phases = {item.text: item.id for item in r.q("phase").items}
    fixed = {
        "Itsearviointeja": r.sentence("title.row_assessments"),
        "Alueita, joilla vähintään 3 arviointia": r.sentence("title.row_areas_three"),
        "Arviointeihin osallistuneita henkilöitä": r.sentence("title.row_people"),
        "Hyvinvointialueen ja RRP-hankkeen edustaja mukana": r.sentence("title.row_both"),
    }

    def row(name: str) -> str:
        if name in fixed:
            return fixed[name]
        if name.startswith(key_figures.ATTACHED):
            return (
                r.sentence("title.row_attached_checked", day=r.checked_on)
                if r.checked_on
                else r.sentence("title.row_attached_unknown")
            )
        phase = name.removesuffix(" (vaihe saavutettu)")
        return r.sentence("title.row_phase", phase=r.label("item", f"phase.{phases[phase]}"))

    dates = sorted(d for d in r.by_cutoff if d <= r.cutoff)
    table = pd.DataFrame({r.sentence("title.figure_column"): [row(name) for name in figures["Luku"]]})
    for d in dates:
        table[cldr.day(d, r.language)] = figures[formatting.date_fi(d)].tolist()
    if len(dates) > 1:
        change = r.sentence("areas.change_column", range=day_range_in(dates[-2], dates[-1], r.language))
        table[change] = [change_in(v, r.language) for v in figures[key_figures.change_column(dates)]]
    return table


def phases_in(phases: dict[str, int], r: ReportData) -> str:
    """ "Pilottestad 3, Ibruktagen 2 och Förankrad 1": each phase and its count."""
    ids = {item.text: item.id for item in r.q("phase").items}
    return cldr.join(
        [
            r.sentence("title.phase_count", phase=r.label("item", f"phase.{ids[name]}"), count=count)
            for name, count in phases.items()
        ],
        r.language,
    )


def change_note_in(r: ReportData) -> str:
    """:func:`change_note` in Swedish or English."""
    days = sorted(d for d in r.by_cutoff if d <= r.cutoff)
    if len(days) < 2:
        return ""
    before = days[-2]
    got = key_figures.returned_between(r.by_cutoff[before], r.kept, r.codebook)
    said = [r.sentence("title.change", day=before)]
    if not got.returned:
        return said[0]
    earlier = phase_counts(r.by_cutoff[before], r.codebook)
    now = phase_counts(r.kept, r.codebook)
    if not got.replaced:
        said.append(
            r.sentence("title.phases_grow", returned=got.returned, day=before, phases=phases_in(got.fresh_phases, r))
        )
        if all(now[name] - earlier[name] == count for name, count in got.fresh_phases.items()):
            said.append(r.sentence("title.not_moved"))
        return " ".join(said)
    return " ".join([*said, reassessment_note_in(got, list(now), r)])


def reassessment_note_in(got: key_figures.Returned, order: list[str], r: ReportData) -> str:
    """:func:`reassessment_note` in Swedish or English."""
    ids = {item.text: item.id for item in r.q("phase").items}
    fresh = got.returned - got.replaced
    said = [
        r.sentence("title.reassessment_returned", returned=got.returned),
        r.sentence("title.reassessment_replaced", replaced=got.replaced),
        r.sentence("title.reassessment_growth", growth=got.growth)
        if got.growth > 0
        else r.sentence("title.reassessment_same"),
    ]
    if fresh:
        said.append(r.sentence("title.reassessment_fresh", fresh=fresh, phases=phases_in(got.fresh_phases, r)))

    def rank(phase: str | None) -> int:
        return order.index(phase) if phase in order else -1

    def named(phase: str | None) -> str:
        return r.label("item", f"phase.{ids[phase]}") if phase else r.sentence("title.no_phase")

    moved = sum(rank(new) > rank(old) for old, new in got.reassessed)
    if got.replaced == 1:
        old, new = got.reassessed[0]
        said.append(
            r.sentence("title.reassessed_same", phase=named(new))
            if old == new
            else r.sentence("title.reassessed_changed", old=named(old), new=named(new))
        )
    else:
        changed = sum(old != new for old, new in got.reassessed)
        said.append(
            r.sentence("title.reassessed_many_changed", changed=changed)
            if changed
            else r.sentence("title.reassessed_many_same")
        )
    if moved:
        said.append(r.sentence("title.rise_moved", moved=moved))
    elif fresh:
        said.append(r.sentence("title.rise_fresh"))
    else:
        said.append(r.sentence("title.not_moved_reassessed"))
    return " ".join(said)


def report_kind_in(r: ReportData) -> str:
    """:func:`report_kind` in Swedish or English."""
    if r.public:
        return r.sentence("title.kind_public")
    key = {
        (False, False): "title.kind_internal",
        (True, False): "title.kind_internal_screening",
        (False, True): "title.kind_internal_panel",
        (True, True): "title.kind_internal_both",
    }[(bool(r.screening_on), bool(r.panel))]
    return r.sentence(key)


def change_note(r: ReportData) -> str:
    """What the change column compares, and where a phase's rise comes from: the
    assessments returned since the previous cutoff, a reassessment that replaced an
    earlier assessment said as such (so "17 returned" and "+16" read right), and a
    rise from new assessments never worded as models moving on."""
    days = sorted(d for d in r.by_cutoff if d <= r.cutoff)
    if len(days) < 2:
        return ""
    before = formatting.date_fi(days[-2])
    got = key_figures.returned_between(r.by_cutoff[days[-2]], r.kept, r.codebook)
    text = f"Muutos on ero edelliseen rajapäivään {before}."
    if not got.returned:
        return text

    def reached(phases: dict[str, int]) -> str:
        return join_fi([f"vaiheen {name} {formatting.number(count)}" for name, count in phases.items()])

    earlier = phase_counts(r.by_cutoff[days[-2]], r.codebook)
    now = phase_counts(r.kept, r.codebook)
    if not got.replaced:
        text += (
            f" Vaiheiden määrät kasvavat, kun arviointeja palautetaan lisää: {before} jälkeen palautetuista "
            f"{finnish.counted(got.returned, 'arviointi', 'elative')} oli saavuttanut {reached(got.fresh_phases)}."
        )
        if all(now[name] - earlier[name] == count for name, count in got.fresh_phases.items()):
            text += " Vaiheiden kasvu ei siis kerro, että aiemmin arvioidut toimintamallit olisivat edenneet."
        return text
    return text + " " + reassessment_note(got, list(now))


def reassessment_note(got: key_figures.Returned, order: list[str]) -> str:
    """The returned assessments when some replaced a model's earlier assessment:
    how many came, how many replaced one, the new models' phases, the reassessed
    models' phases before and now, and so where the phases' rise comes from."""
    fresh = got.returned - got.replaced
    one = got.replaced == 1
    text = f"Rajapäivän jälkeen palautettiin {finnish.counted(got.returned, 'arviointi')}. " + (
        "Yksi niistä oli jo aiemmin arvioidun toimintamallin uusi arviointi, joka korvasi vanhan"
        if one
        else f"{finnish.capitalise(finnish.numeral(got.replaced))} niistä oli jo aiemmin arvioitujen "
        "toimintamallien uusia arviointeja, jotka korvasivat vanhat"
    )
    text += (
        f", joten arviointeja on {formatting.number(got.growth)} enemmän."
        if got.growth > 0
        else ", joten arviointien määrä ei muuttunut."
    )
    if fresh:
        text += (
            f" Uusista {finnish.counted(fresh, 'toimintamalli', 'elative')} oli saavuttanut "
            + join_fi([f"vaiheen {name} {formatting.number(count)}" for name, count in got.fresh_phases.items()])
            + "."
        )

    def rank(phase: str | None) -> int:
        return order.index(phase) if phase in order else -1

    def named(phase: str | None) -> str:
        return phase if phase else "ei mikään vaihe"

    moved = sum(rank(new) > rank(old) for old, new in got.reassessed)
    if one:
        old, new = got.reassessed[0]
        text += (
            f" Uudelleen arvioidun toimintamallin vaihe ei muuttunut ({named(new)})."
            if old == new
            else f" Uudelleen arvioidun toimintamallin vaihe muuttui: aiemmin {named(old)}, nyt {named(new)}."
        )
    else:
        changed = sum(old != new for old, new in got.reassessed)
        text += (
            f" Uudelleen arvioiduista toimintamalleista {finnish.counted(changed, 'toimintamalli', 'genitive')} "
            "vaihe muuttui."
            if changed
            else " Uudelleen arvioitujen toimintamallien vaiheet eivät muuttuneet."
        )
    if moved:
        text += (
            " Vaiheiden kasvu johtuu siis uusista toimintamalleista ja "
            f"{finnish.counted(moved, 'toimintamalli', 'genitive')} etenemisestä uudessa arvioinnissa; "
            "muista aiemmin arvioiduista toimintamalleista ei ole uutta arviointia."
        )
    elif fresh:
        text += (
            " Vaiheiden kasvu johtuu siis uusista arvioinneista, ei siitä, että aiemmin arvioidut "
            "toimintamallit olisivat edenneet."
        )
    else:
        text += " Aiemmin arvioidut toimintamallit eivät siis edenneet uusissa arvioinneissaan."
    return text


def report_kind(r: ReportData) -> str:
    """Which kind of report this is: THL's internal one, or the one for outside THL."""
    if r.public:
        return "Julkinen: ilman hankkeen omaa esikarsintaa ja THL:n asiantuntijapaneelin arviota"
    included = ["hankkeen oma esikarsinta THL:n kriteerien pohjalta (ei THL:n eikä STM:n valinta)"] * r.screening_on + [
        "THL:n asiantuntijapaneelin arvio"
    ] * bool(r.panel)
    return "Sisäiseen käyttöön" + (f": mukana {join_fi(included)}" if included else "")


def closing(r: ReportData) -> Section:
    """THL's last two slides: how the assessments are used, and whom to ask
    (report_texts.yaml, or its Swedish or English file, as written)."""
    s = Section("lisatietoja", heading("lisatietoja", r.language))
    texts = load_texts(language=r.language)
    if texts.get("utilisation") or texts.get("contact"):
        contact = [str(line) for line in texts.get("contact") or []]
        words = {"language": r.language} if r.language != "fi" else {}
        s.part("report_parts/closing.html.j2", utilisation=texts.get("utilisation"), contact=contact, **words)
    return s
