"""The report's first screen – title, notices, the facts of the build, the
contents and the key figures side by side over the cutoffs – and its closing
(THL's texts on how the assessments are used and whom to ask)."""

from __future__ import annotations

from analysis.language import formatting
from analysis.report.charts import join_fi
from analysis.report.data import ReportData, heading, load_texts, sections, version_fi
from analysis.report.section import Section, Table
from analysis.tables import key_figures


def title(r: ReportData) -> Section:
    m = r.data.manifest
    report_title = formatting.report_title(r.cutoff)
    s = Section("otsikko", report_title)
    files = m["inputs"] + m.get("hand_kept_files", [])
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
        ("Ohjelmaversio", version_fi(m.get("code_version", ""))),
        ("Raportin laji", report_kind(r)),
    ]
    if r.checked_on:
        facts.insert(2, ("Innokylä-liitokset tarkistettu", formatting.date_fi(r.checked_on)))
    dates = join_fi([formatting.date_fi(d) for d in sorted(r.by_cutoff)])
    s.part(
        "report_parts/front.html.j2",
        title=report_title,
        empty=r.n == 0,
        cutoff=formatting.date_fi(r.cutoff),
        synthetic=r.synthetic,
        facts=[(name, str(value)) for name, value in facts],
        files=files,
        contents=sections(r.screening_on, bool(r.panel)),
        table=Table(
            key_figures.key_figures_table(r.by_cutoff, r.cutoff, r.checked_on, r.attached_dated),
            f"Keskeiset luvut rajapäivinä {dates}",
            css="key-figures",
        ),
        note=r.attached_note(),
    )
    return s


def report_kind(r: ReportData) -> str:
    """Which kind of report this is: THL's internal one, or the one for outside THL."""
    if r.public:
        return "julkinen: ilman kriteeristön mukaista esikarsintaa ja asiantuntija-arviota"
    included = ["kriteeristön mukainen esikarsinta"] * r.screening_on + ["asiantuntija-arvio"] * bool(r.panel)
    return "THL:n sisäinen" + (f": mukana {join_fi(included)}" if included else "")


def closing(r: ReportData) -> Section:
    """THL's last two slides: how the assessments are used, and whom to ask."""
    s = Section("lisatietoja", heading("lisatietoja"))
    texts = load_texts()
    if texts.get("utilisation") or texts.get("contact"):
        contact = [str(line) for line in texts.get("contact") or []]
        s.part("report_parts/closing.html.j2", utilisation=texts.get("utilisation"), contact=contact)
    return s
