"""The result themes of the open answers: how common each theme is, overall and in
the largest target groups; each theme's sub-topics with quotes from the answers;
and how the answers were coded."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.html.elements import esc
from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.charts import TABLE_BELOW
from analysis.report.data import ReportData, heading
from analysis.report.section import Section
from analysis.tables import result_themes, target_groups
from analysis.themes.checking import subtopic_counts, theme_quotes
from analysis.themes.rules import Measured


def themes(r: ReportData) -> Section:
    s = Section("teemat", heading("teemat"))
    s.figures = {
        "themes": result_themes.theme_counts(r.kept, r.book),
        "theme_by_target_group": result_themes.theme_by_group_counts(r.kept, r.codebook, r.book),
    }
    table = result_themes.theme_table(r.kept, r.book)
    counts = dict(zip(table["Teema"], table["Lukumäärä"]))
    title = f"Tärkeimpien tulosten teemat, n={r.n}"
    if r.n:  # THL gives each theme's count as "(n=83)": the bars carry the count, the table the share
        s.chart("bars", charts.alt_bar_chart(counts, title) + TABLE_BELOW, counts=counts, title=title)
    s.table(table.rename(columns={"Lukumäärä": "n"}), title)
    s.say(
        "Taulukossa on isoimpien asiakasryhmien kolme yleisintä teemaa (kaikki seitsemän ovat tiedostossa "
        "summary.json). Yhteensä-rivi on sarakkeiden summa; sama arviointi voi kuulua useaan ryhmään."
    )
    by_group = result_themes.theme_by_group_table(r.kept, r.codebook, r.book)
    leading = [r.book.theme(name).short for name in table["Teema"][:3]]
    s.table(
        by_group[["Asiakasryhmä", *leading]],
        "Tärkeimpien tulosten teemojen yleisyys isoimmissa asiakasryhmissä",
        total_row=True,
    )
    s.say(themes_by_group_remark(r))
    return s


def themes_by_group_remark(r: ReportData, margin: float = 5.0) -> str:
    """The closing remark of THL's themes-by-group table, from the data: the themes
    more common in a group's models than in all models (by more than ``margin``
    percentage points), said for the themes where that holds in most of the
    leading groups, and otherwise group by group."""
    standing = result_themes.themes_standing_out(r.kept, r.codebook, r.book, margin=margin)
    groups = target_groups.leading_groups(r.kept, r.codebook)
    q = r.q("target_groups")
    short = {t.name: t.short for t in r.book.themes}
    rule = (
        f"(Teema korostuu ryhmässä, kun sen osuus ryhmän toimintamalleista on yli "
        f"{formatting.number(margin)} prosenttiyksikköä suurempi kuin kaikista toimintamalleista.)"
    )
    if not r.n or not groups:
        return ""
    most = [name for name, found in standing.items() if len(found) > len(groups) / 2]
    if most:
        of = f"{finnish.numeral(len(groups), 'elative')} isoimmasta ryhmästä"
        names = finnish.join(
            [
                f"{short[n].lower() if i else short[n]} ({finnish.numeral(len(standing[n]), 'inessive')} {of})"
                for i, n in enumerate(most)
            ]
        )
        verb = "korostuu" if len(most) == 1 else "korostuvat"
        return f"{names} {verb} useimpien asiakasryhmien toimintamalleissa. {rule}"
    per_group = []
    leading = set(groups)
    for group_id in [o.id for o in q.options if o.id in leading]:  # the table's rows: form order
        label = q.option(group_id).label
        found = [short[name].lower() for name, where in standing.items() if label in where]
        if found:
            per_group.append(f"{esc(q.option(group_id).display)}: {finnish.join(found)}")
    if not per_group:
        return f"Mikään teema ei korostu isoimmissa asiakasryhmissä. {rule}"
    return (
        "Mikään teema ei korostu useimmissa isoimmista asiakasryhmistä. Ryhmissä korostuvat teemat: "
        + "; ".join(per_group)
        + f". {rule}"
    )


def theme_syntheses(r: ReportData) -> Section:
    """Per theme, THL's sub-topics with how many assessments mention each, and
    short quotes from the results answers (chosen by the data, screened for
    personal data)."""
    s = Section("teemojen-sisalto", "Teemojen sisältö")
    s.figures = {"theme_subtopics": subtopic_counts(r.kept, r.book)}
    counts = result_themes.theme_counts(r.kept, r.book)
    s.say(
        "Teemojen alateemat ovat THL:n yhteenvedon teemakuvausten mukaiset. Luku kertoo, monessako "
        "teeman saaneessa arvioinnissa alateema mainitaan; sama arviointi voi mainita useita alateemoja."
    )
    s.table(result_themes.theme_subtopic_table(r.kept, r.book), f"Teemojen alateemat, n={r.n}", small=True)
    quotes = theme_quotes(r.kept, r.book)
    lines = []
    for name in result_themes.theme_table(r.kept, r.book)["Teema"]:
        if not quotes[name]:
            continue
        lines.append(f"**{esc(name)}** (n={counts[name]})\n")
        lines += [f"> {esc(quote)}\n" for quote in quotes[name]]
    if lines:
        s.say(
            "Poimintoja vastauksista (lyhyitä lauseita vastauksista kysymykseen *Toimintamallin "
            "vaikuttavimmat ja tärkeimmät tulokset*):\n\n" + "\n".join(lines)
        )
    return s


def theme_method(r: ReportData) -> Section:
    s = Section("teemojen-luokittelu", "Miten teemat on luokiteltu")
    reviewed = r.data.manifest.get("theme_codes_reviewed", {})
    review = result_themes.theme_check_counts(r.kept, r.data.manifest)
    s.figures = {"theme_codes_reviewed": dict(reviewed), "theme_review": review}
    given, changed = reviewed.get("given", 0), reviewed.get("changed_automatic_code", 0)
    text = (
        "Avovastaukset kysymykseen *Toimintamallin vaikuttavimmat ja tärkeimmät tulokset* on luokiteltu "
        "seitsemään teemaan sääntöpohjaisesti: kunkin teeman sanat ja sanaparit (tiedosto "
        "`src/analysis/data/themes.yaml`) etsitään vastauksista perusmuotoistettuina (simplemma), "
        "yhdyssanat, puuttuvat ä- ja ö-kirjaimet ja yksittäiset kirjoitusvirheet huomioiden. Ruotsin- ja "
        "englanninkieliset vastaukset luokitellaan omilla sanalistoillaan. Kieltolauseessa tai toteutumatonta "
        "tulosta kuvaavassa lauseessa esiintyvää sanaa ei lasketa (”digitaalisia palveluita ei kehitetty”, "
        "”etäpalvelut jäivät suunnitteluasteelle”). Vastaus voi kuulua useaan teemaan tai ei yhteenkään. "
        "Jokaisen luokituksen perusteena olleet sanat tallentuvat aineistoon tarkistettaviksi. "
    )
    text += (
        f"Luokittelija merkitsi tarkistettaviksi {formatting.number(review['flagged'])} vastausta "
        f"{formatting.number(r.n)}:stä "
        "(esimerkiksi pitkä vastaus ilman teemaa, vain kirjoitusvirhettä sietävä osuma, kielteinen ilmaus "
        "osuman lähellä tai muu kieli kuin suomi). "
    )
    if given:
        text += f"Käsin tarkistettuja koodeja oli {given}; niistä {changed} muutti automaattista luokitusta."
    else:
        text += "Käsin tarkistettuja koodeja ei ollut; luokitus on kokonaan automaattinen."
    s.say(text)
    if r.book.measured:
        s.say(coder_quality(r.book.measured))
    rows = [{"Teema": t.name, "Kuvaus": t.description} for t in r.book.themes]
    s.table(pd.DataFrame(rows), "Teemat ja niiden kuvaukset")
    return s


def coder_quality(measured: Sequence[Measured]) -> str:
    """The coder's measured precision and recall and how much of its error the
    review catches, in words: from the theme file's `measured` (hand-coded answers
    that were never read while the rules were tuned; a test recomputes them)."""
    answers = sum(m.answers for m in measured)
    flagged = sum(m.flagged for m in measured)
    errors = sum(m.errors for m in measured)
    caught = sum(m.errors_flagged for m in measured)

    def span(low: float, high: float) -> str:
        return f"{formatting.number(round(low * 100))}–{formatting.number(round(high * 100))} %"

    precision = span(min(m.precision[0] for m in measured), max(m.precision[1] for m in measured))
    recall = span(min(m.recall[0] for m in measured), max(m.recall[1] for m in measured))
    return (
        f"Luokittelun osuvuus on mitattu {formatting.number(answers)} vastauksella, jotka luokiteltiin "
        "käsin THL:n teemakuvausten perusteella ja joita ei käytetty sääntöjen laadinnassa. Teemoittain "
        f"{precision} niistä vastauksista, jotka luokittelija luki teemaan, kuului siihen myös käsin "
        f"luokiteltuna, ja teemaan käsin luetuista vastauksista luokittelija löysi {recall}. "
        f"Kaikkiaan {formatting.number(errors)} testivastauksen teemat poikkesivat jossain kohdin käsin "
        f"annetuista. Testivastauksista luokittelija merkitsi tarkistettaviksi {formatting.number(flagged)} "
        f"({formatting.percent(formatting.share(flagged, answers))}), ja niiden joukossa oli "
        f"{formatting.number(caught)} poikkeavista vastauksista. Teemojen lukumäärät ovat siksi suuntaa antavia: "
        "ne voivat poiketa muutamalla arvioinnilla kumpaankin suuntaan, ellei merkittyjä vastauksia "
        "ole tarkistettu."
    )
