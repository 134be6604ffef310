"""The listing of the assessed models: each model with its area, Innokylä link,
scope, phase, decision, attachment, themes and (in the screening's scope) its
score; the same rows as listaus.csv and listaus.xlsx. In Swedish and English
the listing of :func:`analysis.tables.listing_languages.listing_table_in` (areas by
their official names, in the language's alphabet order) with the sentences of
data/sentences/listing_section.yaml."""

from __future__ import annotations

from analysis.language import finnish, formatting
from analysis.language.sentences import sentence
from analysis.report.data import APPENDIX_ANCHOR, ReportData, heading
from analysis.report.section import Section
from analysis.tables.listing import YES, listing_table
from analysis.tables.listing_languages import header, listing_table_in
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


# the report's columns' widths in Swedish and English, by the listing's column keys
# (analysis.tables.listing_languages.COLUMNS), as LISTING_WIDTHS gives the Finnish
WIDTHS_BY_KEY = {
    "model": "16%",
    "region": "10%",
    "innokyla": "11%",
    "scope": "13%",
    "phase": "12%",
    "permanent_decision": "9%",
    "attached": "8%",
    "themes": "13%",
    "score": "8%",
}


def listing(r: ReportData) -> Section:
    s = Section("listaus", heading("listaus", r.language))
    # the listing's screening cells: this cutoff's assessments that were in the screening's scope
    in_scope = r.kept[r.kept["response_id"].isin(r.scoped["response_id"])]
    screened = screen(in_scope) if r.screening_on else None
    if r.language != "fi":
        return _listing_in(r, s, screened)
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


def _listing_in(r: ReportData, s: Section, screened) -> Section:
    """§12 in Swedish or English: the same rows, columns and sentences as the Finnish."""
    language = r.language

    def say(key: str, **values: object) -> str:
        return sentence(f"listing_section.{key}", language, **values)

    table = listing_table_in(r.kept, language, r.codebook, r.book, screened, screening=r.screening_on)
    h = {key: header(key, language) for key in WIDTHS_BY_KEY}
    yes = r.label("scale", "utilisation.0")
    attached = int((table[h["attached"]] == yes).sum())
    linked = int(table[h["innokyla"]].astype(str).str.startswith(("https://", "http://")).sum())
    known = bool(len(table)) and not (table[h["attached"]] == sentence("listing.no_information", language)).all()
    sentences = []
    if len(table):
        sentences.append(
            say("all_described") if linked == len(table) else say("described", linked=linked, total=len(table))
        )
        if known:
            sentences.append(
                say("attached_on", attached=attached, day=r.checked_on)
                if r.checked_on
                else say("attached", attached=attached)
            )
    sentences.append(say("files", appendix=APPENDIX_ANCHOR))
    s.say(" ".join(sentences))
    themes = [(r.label("theme_label", t.id), r.label("theme", t.id)) for t in r.book.themes]
    s.part("report_parts/theme_legend.html.j2", themes=themes, language=r.language)
    shown_headers = {
        h["innokyla"]: say("headers.innokyla"),
        h["attached"]: say("headers.attached_on", day=r.checked_on) if r.checked_on else say("headers.attached"),
        h["score"]: say("headers.score"),
    }
    shown = table.drop(columns=[header("response_id", language), header("stage1", language)], errors="ignore")
    shown = shown.rename(columns=shown_headers)
    if not r.screening_on:
        caption = say("caption", n=r.n)
    elif r.screening_scope is None:
        caption = say("caption_scored", n=r.n)
    else:
        caption = say("caption_scoped", n=r.n, day=r.screening_scope)
    widths = {shown_headers.get(h[key], h[key]): width for key, width in WIDTHS_BY_KEY.items()}
    s.table(
        shown,
        caption,
        link_columns=(shown_headers[h["innokyla"]],),
        link_text=say("link_text"),
        small=True,
        chips={h["themes"]: dict((name, word) for word, name in themes)},
        widths={c: w for c, w in widths.items() if c in shown.columns},
        css="listing",
    )
    return s
