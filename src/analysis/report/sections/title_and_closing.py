"""The report's first screen – title, notices, the facts of the build, the
contents and the key figures side by side over the cutoffs – and its closing
(THL's texts on how the assessments are used and whom to ask)."""

from __future__ import annotations

from analysis.language import finnish, formatting
from analysis.report.charts import join_fi
from analysis.report.data import ReportData, heading, load_texts, sections
from analysis.report.section import Section, Table
from analysis.tables import key_figures
from analysis.tables.phases import phase_counts


def title(r: ReportData) -> Section:
    m = r.data.manifest
    report_title = formatting.report_title(r.cutoff)
    s = Section("otsikko", report_title)
    s.figures = {
        "cutoff": m["cutoff"],
        "n": int(r.n),
        "synthetic_data": bool(m.get("synthetic_data", False)),
        "report_kind": "public" if r.public else "internal",
        "inputs": [{"file": f["file"], "sha256": f["sha256"]} for f in m["inputs"]]
        + list(m.get("hand_kept_files", [])),
    }
    facts = [
        ("Rajapäivä", f"{formatting.date_fi(r.cutoff)} (vastaukset tähän päivään asti, Suomen aikaa)"),
        ("Itsearviointeja", formatting.number(r.n)),
        ("Koottu", f"{formatting.timestamp_fi(m.get('built_at', ''))} (Suomen aikaa)"),
        ("Raportin laji", report_kind(r)),
    ]
    if r.checked_on:
        facts.insert(2, ("Innokylä-liitokset tarkistettu", formatting.date_fi(r.checked_on)))
    figures = key_figures.key_figures_table(r.by_cutoff, r.cutoff, r.checked_on, r.attached_dated)
    attached = r.attached_note()
    if not r.attached_dated:
        # one check, not a figure of any cutoff: said under the table, not in a cutoff's column
        row = figures["Luku"].str.startswith(key_figures.ATTACHED)
        count = figures.loc[row, formatting.date_fi(r.cutoff)].iloc[0]
        figures = figures[~row].reset_index(drop=True)
        attached = r.attached_note(int(count))
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
    """THL's last two slides: how the assessments are used, and whom to ask."""
    s = Section("lisatietoja", heading("lisatietoja"))
    texts = load_texts()
    if texts.get("utilisation") or texts.get("contact"):
        contact = [str(line) for line in texts.get("contact") or []]
        s.part("report_parts/closing.html.j2", utilisation=texts.get("utilisation"), contact=contact)
    return s
