"""The listing of the assessed models: each model with its area, Innokylä link,
scope, phase, decision, attachment, themes and (in the screening's scope) its
score; the same rows as listaus.csv and listaus.xlsx."""

from __future__ import annotations

from analysis.language import finnish, formatting
from analysis.report.data import ReportData, heading
from analysis.report.section import Section
from analysis.tables.listing import YES, listing_table
from analysis.tables.screening import screen

# The listing's column widths: every column fits the page. The listing heads the
# score "Pisteet", like the shortlist (the files keep "Kriteeripisteet (0–10)";
# the caption gives the range): the long word would not fit.
LISTING_HEADERS = {"Kriteeripisteet (0–10)": "Pisteet", "Innokylä": "Kuvaus Innokylässä"}
LINK_TEXT = "Avaa kuvaus"  # the Innokylä address's last part is a developer's slug, not a name
LISTING_WIDTHS = {
    "Toimintamalli": "16%",
    "Hyvinvointialue": "10%",
    "Kuvaus Innokylässä": "11%",
    "Laajuus": "13%",
    "Kehitysvaihe": "12%",
    "Pysyvän käyttöönoton päätös": "9%",
    "Itsearviointi liitetty kuvaukseen": "8%",
    "Teemat": "13%",
    "Pisteet": "8%",
}


def listing(r: ReportData) -> Section:
    s = Section("listaus", heading("listaus"))
    # the listing's screening cells: this cutoff's assessments that were in the screening's scope
    in_scope = r.kept[r.kept["response_id"].isin(r.scoped["response_id"])]
    screened = screen(in_scope) if r.screening_on else None
    table = listing_table(r.kept, r.codebook, r.book, screened, screening=r.screening_on)
    attached = int((table["Liitetty Innokylään"] == YES).sum())
    linked = int(table["Innokylä"].astype(str).str.startswith(("https://", "http://")).sum())
    when = f" {formatting.date_fi(r.checked_on)}" if r.checked_on else ""
    descriptions = (
        "Kaikilla toimintamalleilla on kuvaus Innokylässä"
        if linked == len(table)
        else f"Kuvaus Innokylässä on {finnish.counted(linked, 'toimintamalli', 'adessive')} "
        f"{formatting.number(len(table))}:sta"
    )
    known = bool(len(table)) and not (table["Liitetty Innokylään"] == "Ei tietoa").all()
    attachments = (
        ""
        if not known
        else f"; {finnish.counted(attached, 'itsearviointi')} oli{when} liitetty kuvaukseen"
        if attached
        else f"; yhtään itsearviointia ei ollut{when} liitetty kuvaukseen"
    )
    files = (
        "Luettelo on myös Excel- ja CSV-tiedostoina samassa kansiossa kuin raportti (tiedostojen nimet ovat "
        "[teknisessä liitteessä](#tekninen-liite))."
    )
    s.say(f"{descriptions}{attachments}. {files}" if len(table) else files)
    attached_column = f"Itsearviointi liitetty kuvaukseen{f' ({when.strip()})' if when else ''}"
    labels = {t.name: t.label for t in r.book.themes}
    s.part("report_parts/theme_legend.html.j2", themes=[(labels[t.name], t.name) for t in r.book.themes])
    shown = table.drop(columns=["Vastaajan numero", "Esikarsinta (vaihe 1)"], errors="ignore").rename(
        columns={**LISTING_HEADERS, "Liitetty Innokylään": attached_column}
    )
    shown["Hyvinvointialue"] = shown["Hyvinvointialue"].map(r.area_short)
    if not r.screening_on:
        caption = f"Arvioidut toimintamallit hyvinvointialueittain, n={r.n}"
    elif r.screening_scope is None:
        caption = f"Arvioidut toimintamallit hyvinvointialueittain, n={r.n} (kriteeripisteet 0–10)"
    else:
        caption = (
            f"Arvioidut toimintamallit hyvinvointialueittain, n={r.n} (kriteeripisteet 0–10 vain "
            f"{formatting.date_fi(r.screening_scope)} mennessä arvioiduille toimintamalleille)"
        )
    s.table(
        shown,
        caption,
        link_columns=("Kuvaus Innokylässä",),
        link_text=LINK_TEXT,
        small=True,
        chips={"Teemat": labels},
        widths={**LISTING_WIDTHS, attached_column: LISTING_WIDTHS["Itsearviointi liitetty kuvaukseen"]},
        css="listing",
    )
    return s
