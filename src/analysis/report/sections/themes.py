"""The result themes of the open answers: how common each theme is, overall and in
the largest target groups; each theme's sub-topics with quotes from the answers;
and how the answers were coded."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.html.elements import esc, written_in
from analysis.language import cldr, finnish, formatting
from analysis.language.sentences import sentence
from analysis.report import charts
from analysis.report.charts import TABLE_BELOW
from analysis.report.data import APPENDIX_ANCHOR, ReportData, heading, load_texts
from analysis.report.section import Section
from analysis.tables import result_themes, target_groups
from analysis.themes.checking import subtopic_counts, theme_quotes_in_language
from analysis.themes.rules import Measured

# quotation marks around a quoted text in the report's language (Finland-Swedish
# writes ”…” at both ends, British English “…”)
METHOD_ANCHOR = "teemojen-luokittelu"  # theme_method's section, which the intro links to
QUOTATION_MARKS = {"fi": ("”", "”"), "sv": ("”", "”"), "en": ("“", "”")}


def themes(r: ReportData) -> Section:
    s = Section("teemat", heading("teemat", r.language))
    s.figures = {
        "themes": result_themes.theme_counts(r.kept, r.book),
        "theme_by_target_group": result_themes.theme_by_group_counts(r.kept, r.codebook, r.book),
    }
    table = result_themes.theme_table(r.kept, r.book)
    counts = dict(zip(table["Teema"], table["Lukumäärä"]))
    if r.language != "fi":
        _themes_in_language(r, s, table, counts)
        return s
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
    mentions = subtopic_counts(r.kept, r.book)
    if r.language != "fi":
        return _syntheses_in_language(r, mentions)
    s = Section("teemojen-sisalto", "Teemojen sisältö")
    s.figures = {"theme_subtopics": mentions}
    counts = result_themes.theme_counts(r.kept, r.book)
    s.say(
        "Teemojen alateemat ovat THL:n julkaiseman yhteenvedon teemakuvausten kohdat; hankkeen omat lisäykset "
        f"on merkitty ({result_themes.OWN_SUBTOPIC}). Luku kertoo, kuinka monessa teemaan luokitellussa "
        "arvioinnissa alateema mainitaan; sama arviointi voi mainita useita alateemoja. Alateemat ovat "
        "teemoittain yleisimmästä harvinaisimpaan."
    )
    s.table(result_themes.theme_subtopic_table(r.kept, r.book), f"Teemojen alateemat, n={r.n}", small=True)
    quotes = theme_quotes_in_language(r.kept, r.book)
    lines = []
    for name in result_themes.theme_table(r.kept, r.book)["Teema"]:
        if not counts[name]:
            continue
        lines.append(f"**{esc(name)}** (n={counts[name]})\n")
        lines.append(synthesis_sentence(mentions[name]) + "\n")
        # a quote from a Swedish or English answer is marked with its language (the
        # page is Finnish: a Finnish quote needs no mark)
        lines += [
            f"> ”{esc(quote)}”\n" if written == "fi" else f"> {quote_in(quote, written, 'fi')}\n"
            for quote, written in quotes[name]
        ]
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
    reviewed = r.data.manifest.get("theme_codes_reviewed", {})
    review = result_themes.theme_check_counts(r.kept, r.data.manifest)
    figures: dict[str, object] = {"theme_codes_reviewed": dict(reviewed), "theme_review": review}
    if r.language != "fi":
        return _method_in_language(r, figures)
    s = Section("teemojen-luokittelu", "Miten teemat on luokiteltu")
    s.figures = figures
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


# --- Swedish and English (the Finnish above stays as it is): the same blocks in
# the same order, the words from data/sentences/themes.yaml and the form's and
# the themes' translations (form.translations), numbers by CLDR


def quoted(text: str, language: str) -> str:
    """``text`` in the quotation marks of ``language``."""
    opening, closing = QUOTATION_MARKS[language]
    return f"{opening}{text}{closing}"


def question_in(r: ReportData) -> str:
    """The open question's text in the report's language, quoted and escaped."""
    return quoted(esc(r.label("question", "key_results")), r.language)


def theme_names(r: ReportData, kind: str = "theme") -> dict[str, str]:
    """A theme's Finnish name (the tables' key) -> its name in the report's language."""
    return {t.name: r.label(kind, t.id) for t in r.book.themes}


def subtopic_names(r: ReportData) -> dict[str, dict[str, str]]:
    """Theme name -> its sub-topics' Finnish names -> their names in the report's
    language (by their place in the theme, as form.translations keeps them)."""
    return {
        t.name: {sub.name: r.label("subtopic", f"{t.id}.{i}") for i, sub in enumerate(t.subtopics)}
        for t in r.book.themes
    }


def lower_first(text: str) -> str:
    """A name inside a sentence: its first letter small ("Greater cost savings" ->
    "greater cost savings")."""
    return text[:1].lower() + text[1:]


def _themes_in_language(r: ReportData, s: Section, table: pd.DataFrame, counts: dict[str, int]) -> None:
    """:func:`themes` in Swedish or English, into ``s``."""
    language = r.language
    names = theme_names(r)
    s.say(themes_intro_in_language(r))
    title = r.sentence("themes.table_title", n=r.n)
    shown = {names[name]: count for name, count in counts.items()}
    if r.n:
        alt = charts.alt_bar_chart(shown, title, language=language) + charts.table_below(language)
        s.chart("bars", alt, counts=shown, title=title, language=language)
    s.table(
        pd.DataFrame(
            {
                r.sentence("themes.column_theme"): [names[name] for name in table["Teema"]],
                "n": list(table["Lukumäärä"]),
                r.sentence("themes.column_share"): [
                    cldr.number(formatting.share(int(v), r.n), language) for v in table["Lukumäärä"]
                ],
            }
        ),
        title,
    )
    s.say(r.sentence("themes.by_group_note", appendix=APPENDIX_ANCHOR))
    by_group = result_themes.theme_by_group_table(r.kept, r.codebook, r.book)
    leading = list(table["Teema"][:3])
    groups = {
        option.display: r.label("option_short", f"target_groups.{option.id}") for option in r.q("target_groups").options
    }
    groups["Yhteensä"] = r.sentence("themes.total")  # result_themes' total row
    frame = by_group[["Asiakasryhmä", *leading]].copy()
    frame["Asiakasryhmä"] = frame["Asiakasryhmä"].map(lambda g: groups[g])
    s.table(
        frame.rename(columns={"Asiakasryhmä": r.sentence("themes.column_group"), **names}),
        r.sentence("themes.by_group_title"),
        total_row=True,
    )
    s.say(themes_by_group_remark_in_language(r))


def themes_intro_in_language(r: ReportData) -> str:
    """:func:`themes_intro` in Swedish or English."""
    given = int(r.data.manifest.get("theme_codes_reviewed", {}).get("given", 0))
    checked = r.sentence("themes.intro_checked", given=given) if given else r.sentence("themes.intro_unchecked")
    classified = r.sentence("themes.intro_classified", question=question_in(r))
    return " ".join([classified, checked, r.sentence("themes.intro_indicative", method=METHOD_ANCHOR)])


def themes_by_group_remark_in_language(r: ReportData) -> str:
    """:func:`themes_by_group_remark` in Swedish or English: the same reading of the
    same data; THL's remark is said by its themes' names (its words are Finnish)."""
    groups = target_groups.leading_groups(r.kept, r.codebook)
    if not r.n or not groups:
        return ""
    most = result_themes.themes_standing_out_in_most(r.kept, r.codebook, r.book)
    remark = load_texts()["thl_remarks"]["themes_by_group"]
    by_id = {t.id: t.name for t in r.book.themes}
    thl = [by_id[i] for i in remark["themes"]]
    table = list(result_themes.theme_table(r.kept, r.book)["Teema"][:3])
    short = theme_names(r, "theme_short")

    def listed(themes: list[str]) -> str:
        return cldr.join([esc(lower_first(short[n])) for n in themes], r.language)

    def capitalised(text: str) -> str:
        return text[:1].upper() + text[1:]

    def stand_out(themes: list[str]) -> str:
        if not themes:
            return r.sentence("themes.stand_out_none")
        rest = [n for n in themes if n not in table]
        if all(n in themes for n in table):
            if not rest:
                return r.sentence("themes.stand_out_table")
            return r.sentence("themes.stand_out_table_and", n=len(rest), rest=listed(rest))
        return r.sentence("themes.stand_out_named", n=len(themes), themes=capitalised(listed(themes)))

    number = r.sentence("themes.numeral", n=result_themes.TOP_IN_GROUP)
    rule = r.sentence(
        "themes.standing_out_rule",
        top=number,
        margin=result_themes.MARGIN_PP,
        groups=r.sentence("themes.numeral", n=len(groups)),
    )
    if set(most) == set(thl):
        said_by_thl = load_texts(language=r.language)["thl_remarks"]["themes_by_group"]["text"]
        return " ".join([stand_out(most), rule, r.sentence("themes.thl_same", remark=esc(said_by_thl))])
    missing = [n for n in thl if n not in most]
    extra = [n for n in most if n not in thl]
    said = [r.sentence("themes.thl_differs", n=len(thl), themes=listed(thl)), stand_out(most)]
    if missing:
        said.append(r.sentence("themes.thl_missing", n=len(missing), themes=listed(missing)))
    if extra:
        said.append(r.sentence("themes.thl_extra", n=len(extra), themes=capitalised(listed(extra))))
    return " ".join([*said, rule])


def subtopic_table_in_language(r: ReportData) -> pd.DataFrame:
    """``result_themes.theme_subtopic_table`` in the report's language: the same rows
    in the same order (most mentioned first), names translated by id."""
    own_mark = f" ({result_themes.OWN_SUBTOPIC})"
    names, subtopics = theme_names(r), subtopic_names(r)
    own = r.sentence("themes.own_subtopic")
    table = result_themes.theme_subtopic_table(r.kept, r.book)
    rows = []
    for theme, subtopic, count in zip(table["Teema"], table["Alateema"], table["Arviointeja"]):
        is_own = subtopic.endswith(own_mark) and subtopic not in subtopics[theme]
        name = subtopics[theme][subtopic.removesuffix(own_mark) if is_own else subtopic]
        rows.append([names[theme], f"{name} ({own})" if is_own else name, int(count)])
    columns = [r.sentence(f"themes.{c}") for c in ("column_theme", "column_subtopic", "column_assessments")]
    return pd.DataFrame(rows, columns=columns)


def _syntheses_in_language(r: ReportData, mentions: dict[str, dict[str, int]]) -> Section:
    """:func:`theme_syntheses` in Swedish or English; the quotes stay as written,
    each marked with the language of its answer."""
    language = r.language
    s = Section("teemojen-sisalto", r.sentence("themes.syntheses_heading"))
    s.figures = {"theme_subtopics": mentions}
    counts = result_themes.theme_counts(r.kept, r.book)
    names, subtopics = theme_names(r), subtopic_names(r)
    s.say(r.sentence("themes.syntheses_intro", own=r.sentence("themes.own_subtopic")))
    s.table(subtopic_table_in_language(r), r.sentence("themes.subtopic_title", n=r.n), small=True)
    quotes = theme_quotes_in_language(r.kept, r.book)
    lines = []
    for name in result_themes.theme_table(r.kept, r.book)["Teema"]:
        if not counts[name]:
            continue
        lines.append(f"**{esc(names[name])}** (n={cldr.number(counts[name], language)})\n")
        translated = {subtopics[name][sub]: n for sub, n in mentions[name].items()}
        lines.append(synthesis_sentence_in_language(translated, language) + "\n")
        lines += [f"> {quote_in(quote, written, language)}\n" for quote, written in quotes[name]]
    if lines:
        s.say(r.sentence("themes.quotes_intro", question=question_in(r)) + "\n\n" + "\n".join(lines))
    return s


def quote_in(quote: str, written: str, language: str) -> str:
    """A quote from an answer as written, escaped, marked with the language it is
    written in, in the quotation marks of the report's language."""
    return quoted(written_in(quote, written), language)


def synthesis_sentence_in_language(mentions: dict[str, int], language: str, most: int = 3) -> str:
    """:func:`synthesis_sentence` in Swedish or English (``mentions`` by translated
    sub-topic): the same sub-topics in the same order, each with its count."""
    found = sorted(((n, name) for name, n in mentions.items() if n), key=lambda pair: -pair[0])[:most]
    if not found:
        return sentence("themes.mentioned_none", language)

    def item(name: str) -> str:
        first, _, second = lower_first(name).partition("; ")
        said = sentence("themes.subtopic_and", language, first=first, second=second) if second else first
        return esc(said)

    items = "; ".join(f"{item(name)} ({cldr.number(n, language)})" for n, name in found)
    return sentence("themes.mentioned_most", language, items=items)


def _method_in_language(r: ReportData, figures: dict[str, object]) -> Section:
    """:func:`theme_method` in Swedish or English."""
    s = Section(METHOD_ANCHOR, r.sentence("themes.method_heading"))
    s.figures = figures
    reviewed = r.data.manifest.get("theme_codes_reviewed", {})
    review = result_themes.theme_check_counts(r.kept, r.data.manifest)
    given, changed = int(reviewed.get("given", 0)), int(reviewed.get("changed_automatic_code", 0))
    said = [
        r.sentence("themes.method_rules", question=question_in(r)),
        r.sentence("themes.method_flagged", flagged=int(review["flagged"]), n=r.n),
        r.sentence("themes.method_reviewed", given=given, changed=changed)
        if given
        else r.sentence("themes.method_unreviewed"),
    ]
    s.say(" ".join(said))
    if r.book.measured:
        counts = result_themes.theme_counts(r.kept, r.book)
        s.say(coder_quality_in_language(r.book.measured, r.language, max(counts.values(), default=0)))
    rows = [{"t": r.label("theme", t.id), "d": r.label("theme_description", t.id)} for t in r.book.themes]
    columns = {"t": r.sentence("themes.column_theme"), "d": r.sentence("themes.column_description")}
    s.table(pd.DataFrame(rows).rename(columns=columns), r.sentence("themes.descriptions_title"))
    return s


def coder_quality_in_language(measured: Sequence[Measured], language: str, largest: int = 0) -> str:
    """:func:`coder_quality` in Swedish or English: the same measured figures."""
    answers = sum(m.answers for m in measured)
    flagged = sum(m.flagged for m in measured)
    errors = sum(m.errors for m in measured)
    caught = sum(m.errors_flagged for m in measured)

    def span(low: float, high: float) -> str:
        """ "85–97 %" (Swedish), "85–97%" (English): the range not to break."""
        joiner = formatting.WORD_JOINER
        return f"{cldr.number(round(low * 100), language)}{joiner}–{joiner}{cldr.percent(round(high * 100), language)}"

    worst_precision = min(m.precision[0] for m in measured)
    worst_recall = min(m.recall[0] for m in measured)
    precision = span(worst_precision, max(m.precision[1] for m in measured))
    recall = span(worst_recall, max(m.recall[1] for m in measured))
    said = [
        sentence("themes.quality_measured", language, answers=answers, precision=precision, recall=recall),
        sentence("themes.quality_errors", language, errors=errors, share=formatting.share(errors, answers)),
        sentence("themes.quality_flagged", language, flagged=flagged, share=formatting.share(flagged, answers)),
        sentence("themes.quality_caught", language, caught=caught, errors=errors),
        sentence("themes.quality_indicative", language),
    ]
    if largest:
        wrong = round(largest * (1 - worst_precision))
        missed = round((largest - wrong) * (1 - worst_recall) / worst_recall)
        said.append(sentence("themes.quality_largest", language, largest=largest, wrong=wrong, missed=missed))
    return " ".join(said)
