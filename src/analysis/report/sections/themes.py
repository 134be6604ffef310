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
from analysis.report.data import ReportData, heading, load_texts
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
    s.say(themes_intro(r))
    title = f"Tärkeimpien tulosten teemat, n={r.n}"
    if r.n:  # THL gives each theme's count as "(n=83)": the bars carry the count, the table the share
        s.chart("bars", charts.alt_bar_chart(counts, title) + TABLE_BELOW, counts=counts, title=title)
    s.table(table.rename(columns={"Lukumäärä": "n"}), title)
    s.say(
        "Taulukossa ovat kolmen kaikkiaan yleisimmän teeman luvut suurimmissa asiakasryhmissä (kaikkien "
        "seitsemän teeman luvut ovat "
        "raportin liitetiedostoissa, ks. [tekninen liite](#tekninen-liite)). Yhteensä-rivi on sarakkeiden summa; "
        "sama arviointi voi kuulua useaan ryhmään."
    )
    by_group = result_themes.theme_by_group_table(r.kept, r.codebook, r.book)
    leading = list(table["Teema"][:3])
    s.table(
        by_group[["Asiakasryhmä", *leading]],
        "Tärkeimpien tulosten teemojen yleisyys suurimmissa asiakasryhmissä",
        total_row=True,
    )
    s.say(themes_by_group_remark(r))
    return s


def question(r: ReportData) -> str:
    """The open question's name in quotation marks, as the form words it."""
    return f"”{esc(r.q('key_results').text)}”"


def themes_intro(r: ReportData) -> str:
    """What the theme counts are: THL's seven themes, coded by the project's program,
    checked by hand or not (from the data), and so indicative."""
    given = int(r.data.manifest.get("theme_codes_reviewed", {}).get("given", 0))
    checked = (
        "eikä sitä ole tarkistettu käsin"
        if not given
        else f"ja luokituksista {finnish.counted(given, 'vastaus', 'elative')} on tarkistettu käsin"
    )
    return (
        f"Vastaukset kysymykseen {question(r)} on luokiteltu THL:n seitsemään teemaan. Luokituksen on tehnyt "
        f"hankkeen ohjelma automaattisesti, {checked}. Luvut ovat siksi suuntaa antavia (ks. "
        "[Miten teemat on luokiteltu](#teemojen-luokittelu)). Luku n kertoo, kuinka monessa toimintamallissa "
        "teemaan liittyvä kehittäminen on mainittu yhtenä tärkeimmistä tuloksista."
    )


def themes_by_group_remark(r: ReportData) -> str:
    """The closing remark of THL's themes-by-group table, from the data: the themes
    that stand out in most of the leading groups (``result_themes.themes_standing_out``),
    said as THL said it when the data agree with THL's remark, and otherwise THL's
    remark quoted with how this cutoff's data differ from it."""
    groups = target_groups.leading_groups(r.kept, r.codebook)
    if not r.n or not groups:
        return ""
    most = result_themes.themes_standing_out_in_most(r.kept, r.codebook, r.book)
    remark = load_texts()["thl_remarks"]["themes_by_group"]
    thl = [r.book.themes[[t.id for t in r.book.themes].index(i)].name for i in remark["themes"]]
    table = list(result_themes.theme_table(r.kept, r.book)["Teema"][:3])
    short = {t.name: t.short for t in r.book.themes}
    rule = (
        "Hanke on tulkinnut, että teema korostuu ryhmässä, kun se on ryhmän "
        f"{finnish.numeral(result_themes.TOP_IN_GROUP, 'genitive')} yleisimmän teeman joukossa tai kun sen "
        "osuus ryhmän toimintamalleista on yli "
        f"{formatting.number(result_themes.MARGIN_PP)} prosenttiyksikköä suurempi kuin kaikista "
        "toimintamalleista. ’Useimmat’ tarkoittaa tässä yli puolta "
        f"{finnish.numeral(len(groups), 'elative')} suurimmasta asiakasryhmästä."
    )

    def named(themes: list[str]) -> str:
        """ "Taulukon teemojen lisäksi x sekä y" (not a second "sekä" when a name
        has its own "ja"), or the themes by name."""
        rest = [short[n].lower() for n in themes if n not in table]
        if all(n in themes for n in table):
            return f"Taulukon teemojen lisäksi {finnish.join(rest)}" if rest else "Taulukon teemat"
        return finnish.join([short[n].lower() for n in themes]).capitalize()

    quoted = f"”{esc(remark['text'])}”"
    if set(most) == set(thl):
        return (
            f"{named(most)} korostuvat useimpien asiakasryhmien toimintamalleissa. {rule} THL:n julkaisemassa "
            f"yhteenvedossa on sama havainto: {quoted}"
        )
    missing = [n for n in thl if n not in most]
    extra = [n for n in most if n not in thl]
    said = []
    if most:
        verb = "korostuu" if len(most) == 1 else "korostuvat"
        said.append(f"{named(most)} {verb} useimpien asiakasryhmien toimintamalleissa.")
    else:
        said.append("Mikään teema ei korostu useimpien asiakasryhmien toimintamalleissa.")
    if missing:
        said.append(
            f"Toisin kuin THL:n huomiossa, {finnish.join([short[n].lower() for n in missing])} "
            f"{'ei korostu' if len(missing) == 1 else 'eivät korostu'} useimmissa ryhmissä."
        )
    if extra:
        said.append(
            f"{finnish.join([short[n].lower() for n in extra]).capitalize()} "
            f"{'korostuu' if len(extra) == 1 else 'korostuvat'}, vaikka THL ei mainitse "
            f"{'sitä' if len(extra) == 1 else 'niitä'}."
        )
    return (
        f"Tämän rajapäivän aineisto poikkeaa THL:n julkaiseman yhteenvedon huomiosta {quoted} "
        + " ".join(said)
        + f" {rule}"
    )


def theme_syntheses(r: ReportData) -> Section:
    """Per theme, THL's sub-topics with how many assessments mention each, and
    short quotes from the results answers (chosen by the data, screened for
    personal data)."""
    s = Section("teemojen-sisalto", "Teemojen sisältö")
    mentions = subtopic_counts(r.kept, r.book)
    s.figures = {"theme_subtopics": mentions}
    counts = result_themes.theme_counts(r.kept, r.book)
    s.say(
        "Teemojen alateemat ovat THL:n julkaiseman yhteenvedon teemakuvausten kohdat; hankkeen omat lisäykset "
        f"on merkitty ({result_themes.OWN_SUBTOPIC}). Luku kertoo, kuinka monessa teemaan luokitellussa "
        "arvioinnissa alateema mainitaan; sama arviointi voi mainita useita alateemoja. Alateemat ovat "
        "teemoittain yleisimmästä harvinaisimpaan."
    )
    s.table(result_themes.theme_subtopic_table(r.kept, r.book), f"Teemojen alateemat, n={r.n}", small=True)
    quotes = theme_quotes(r.kept, r.book)
    lines = []
    for name in result_themes.theme_table(r.kept, r.book)["Teema"]:
        if not counts[name]:
            continue
        lines.append(f"**{esc(name)}** (n={counts[name]})\n")
        lines.append(synthesis_sentence(mentions[name]) + "\n")
        lines += [f"> ”{esc(quote)}”\n" for quote in quotes[name]]
    if lines:
        s.say(
            "Teemoittain useimmin mainitut alateemat ja lyhyitä lainauksia vastauksista "
            f"kysymykseen {question(r)}:\n\n" + "\n".join(lines)
        )
    return s


def synthesis_sentence(mentions: dict[str, int], most: int = 3) -> str:
    """A theme's synthesis as THL's slides write it, a short statement with counts:
    its most often mentioned sub-topics (at most ``most``), each with its count."""
    found = sorted(((n, name) for name, n in mentions.items() if n), key=lambda pair: -pair[0])[:most]
    if not found:
        return "Alateemoja ei mainittu."
    # the items are separated by semicolons: a sub-topic's own semicolon ("hoitopolut;
    # ohjautuminen …") would split it in two, so inside an item it reads "sekä"
    return (
        "Useimmin mainittiin: "
        + "; ".join(f"{esc(name.lower().replace('; ', ' sekä '))} ({n})" for n, name in found)
        + "."
    )


def theme_method(r: ReportData) -> Section:
    s = Section("teemojen-luokittelu", "Miten teemat on luokiteltu")
    reviewed = r.data.manifest.get("theme_codes_reviewed", {})
    review = result_themes.theme_check_counts(r.kept, r.data.manifest)
    s.figures = {"theme_codes_reviewed": dict(reviewed), "theme_review": review}
    given, changed = reviewed.get("given", 0), reviewed.get("changed_automatic_code", 0)
    text = (
        f"Vastaukset avoimeen kysymykseen {question(r)} on luokiteltu seitsemään teemaan hakusanojen avulla: "
        "kunkin teeman sanoja ja sanapareja haetaan vastauksista taivutusmuodoista riippumatta. Myös "
        "yhdyssanat, ilman ä- ja ö-kirjaimia kirjoitetut sanat ja pienet kirjoitusvirheet tunnistetaan. Ruotsin- ja "
        "englanninkieliset vastaukset luokitellaan omilla sanalistoillaan. Kieltolauseessa tai toteutumatonta "
        "tulosta kuvaavassa lauseessa esiintyvää sanaa ei lasketa (”digitaalisia palveluita ei kehitetty”, "
        "”etäpalvelut jäivät suunnitteluasteelle”). Vastaus voi kuulua useaan teemaan tai ei yhteenkään. "
        "Jokaisen luokituksen perusteena olleet sanat tallentuvat aineistoon tarkistettaviksi. "
    )
    text += (
        f"Ohjelma merkitsi tarkistettaviksi {formatting.number(review['flagged'])} vastausta "
        f"{formatting.number(r.n)}:stä "
        "(esimerkiksi pitkä vastaus ilman teemaa, osuma vain kirjoitusvirheen kautta, kielteinen ilmaus "
        "osuman lähellä tai muu kieli kuin suomi). "
    )
    if given:
        text += (
            f"Käsin tarkistettuja luokituksia oli {formatting.number(given)}; niistä "
            f"{formatting.number(changed)} muutti automaattista luokitusta."
        )
    else:
        text += "Käsin tarkistettuja luokituksia ei ollut; luokitus on kokonaan automaattinen."
    s.say(text)
    if r.book.measured:
        counts = result_themes.theme_counts(r.kept, r.book)
        s.say(coder_quality(r.book.measured, max(counts.values(), default=0)))
    rows = [{"Teema": t.name, "Kuvaus": t.description} for t in r.book.themes]
    s.table(pd.DataFrame(rows), "Teemat ja niiden kuvaukset")
    return s


def coder_quality(measured: Sequence[Measured], largest: int = 0) -> str:
    """The coder's measured precision and recall and how much of its error the
    review catches, in words: from the theme file's `measured` (hand-coded answers
    that were never read while the rules were tuned; a test recomputes them). With
    ``largest`` (the report's largest theme count): what the worst measured
    precision and recall would mean for a theme of that size."""
    answers = sum(m.answers for m in measured)
    flagged = sum(m.flagged for m in measured)
    errors = sum(m.errors for m in measured)
    caught = sum(m.errors_flagged for m in measured)

    def span(low: float, high: float) -> str:
        return f"{formatting.range_fi(round(low * 100), round(high * 100))}{formatting.NBSP}%"

    worst_precision = min(m.precision[0] for m in measured)
    worst_recall = min(m.recall[0] for m in measured)
    precision = span(worst_precision, max(m.precision[1] for m in measured))
    recall = span(worst_recall, max(m.recall[1] for m in measured))
    text = (
        f"Luokittelun osuvuus on mitattu {formatting.number(answers)} vastauksella, jotka luokiteltiin "
        "käsin THL:n teemakuvausten perusteella ja joita ei käytetty sääntöjen laadinnassa. Teemoittain "
        f"{precision} niistä vastauksista, jotka ohjelma luokitteli teemaan, kuului siihen myös käsin "
        f"luokiteltuna, ja käsin teemaan luokitelluista vastauksista ohjelma löysi {recall}. "
        f"Kaikkiaan {formatting.number(errors)} testivastauksen "
        f"({formatting.percent(formatting.share(errors, answers))}) teemat poikkesivat jossain kohdin käsin "
        f"tehdystä luokituksesta. Ohjelma merkitsi testivastauksista tarkistettaviksi {formatting.number(flagged)} "
        f"({formatting.percent(formatting.share(flagged, answers))}). Niiden joukossa oli "
        f"{formatting.number(caught)} niistä {formatting.number(errors)} vastauksesta, joiden teemat poikkesivat "
        "käsin tehdystä luokituksesta. Teemojen lukumäärät ovat siksi suuntaa antavia."
    )
    if largest:
        # the worst theme's rates applied to a theme of ``largest`` coded answers:
        # wrongly included = largest × (1 − precision); of the rest (found), recall
        # says how many of the theme's answers were not found
        wrong = round(largest * (1 - worst_precision))
        missed = round((largest - wrong) * (1 - worst_recall) / worst_recall)
        text += (
            f" Jos teemassa, johon ohjelma luokitteli {formatting.number(largest)} arviointia, osuvuus olisi "
            f"yhtä heikko kuin testin heikoimmissa teemoissa, noin {formatting.number(wrong)} näistä arvioinneista ei "
            f"kuuluisi teemaan, ja noin {formatting.number(missed)} teemaan kuuluvaa arviointia olisi jäänyt "
            "löytymättä."
        )
    return text
