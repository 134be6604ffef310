"""The report's sections 10–11: the result themes of the open answers, and the
criteria screening."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.html.elements import esc, say, show_figure, show_table
from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.base import SHORTLIST_WIDTHS, TABLE_BELOW, ReportBase
from analysis.tables import summary_choices, summary_themes


class ResultSections(ReportBase):
    """Sections 10–11 of the report."""

    # 10. themes -------------------------------------------------------------------------

    def themes(self) -> None:
        table = summary_themes.theme_table(self.kept, self.book)
        counts = dict(zip(table["Teema"], table["Lukumäärä"]))
        title = f"Tärkeimpien tulosten teemat, n={self.n}"
        if self.n:  # THL gives each theme's count as "(n=83)": the bars carry the count, the table the share
            show_figure(charts.bar_chart(counts, title), charts.alt_bar_chart(counts, title) + TABLE_BELOW)
        show_table(table.rename(columns={"Lukumäärä": "n"}), caption=title)
        say(
            "Taulukossa on isoimpien asiakasryhmien kolme yleisintä teemaa (kaikki seitsemän ovat tiedostossa "
            "summary.json). Yhteensä-rivi on sarakkeiden summa; sama arviointi voi kuulua useaan ryhmään."
        )
        table = summary_themes.theme_by_group_table(self.kept, self.codebook, self.book)
        leading = [
            self.book.theme(name).short for name in summary_themes.theme_table(self.kept, self.book)["Teema"][:3]
        ]
        show_table(
            table[["Asiakasryhmä", *leading]],
            total_row=True,
            caption="Tärkeimpien tulosten teemojen yleisyys isoimmissa asiakasryhmissä",
        )
        say(self.themes_by_group_remark())

    def themes_by_group_remark(self, margin: float = 5.0) -> str:
        """The closing remark of THL's themes-by-group table, from the data: the themes
        more common in a group's models than in all models (by more than ``margin``
        percentage points), said for the themes where that holds in most of the
        leading groups, and otherwise group by group."""
        standing = summary_themes.themes_standing_out(self.kept, self.codebook, self.book, margin=margin)
        groups = summary_choices.leading_groups(self.kept, self.codebook)
        q = self.q("target_groups")
        short = {t.name: t.short for t in self.book.themes}
        rule = (
            f"(Teema korostuu ryhmässä, kun sen osuus ryhmän toimintamalleista on yli "
            f"{formatting.number(margin)} prosenttiyksikköä suurempi kuin kaikista toimintamalleista.)"
        )
        if not self.n or not groups:
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

    def theme_syntheses(self) -> None:
        """Per theme, THL's sub-topics with how many assessments mention each, and
        short quotes from the results answers (chosen by the data, screened for
        personal data)."""
        from analysis.themes.checking import theme_quotes

        counts = summary_themes.theme_counts(self.kept, self.book)
        say(
            "Teemojen alateemat ovat THL:n yhteenvedon teemakuvausten mukaiset. Luku kertoo, monessako "
            "teeman saaneessa arvioinnissa alateema mainitaan; sama arviointi voi mainita useita alateemoja."
        )
        show_table(
            summary_themes.theme_subtopic_table(self.kept, self.book),
            small=True,
            caption=f"Teemojen alateemat, n={self.n}",
        )
        quotes = theme_quotes(self.kept, self.book)
        lines = []
        for name in summary_themes.theme_table(self.kept, self.book)["Teema"]:
            if not quotes[name]:
                continue
            lines.append(f"**{esc(name)}** (n={counts[name]})\n")
            lines += [f"> {esc(quote)}\n" for quote in quotes[name]]
        if lines:
            say(
                "Poimintoja vastauksista (lyhyitä lauseita vastauksista kysymykseen *Toimintamallin "
                "vaikuttavimmat ja tärkeimmät tulokset*):\n\n" + "\n".join(lines)
            )

    def theme_method(self) -> None:
        reviewed = self.data.manifest.get("theme_codes_reviewed", {})
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
        flagged = summary_themes.theme_review_counts(self.kept, self.data.manifest)["flagged"]
        text += (
            f"Luokittelija merkitsi tarkistettaviksi {formatting.number(flagged)} vastausta "
            f"{formatting.number(self.n)}:stä "
            "(esimerkiksi pitkä vastaus ilman teemaa, vain kirjoitusvirhettä sietävä osuma, kielteinen ilmaus "
            "osuman lähellä tai muu kieli kuin suomi). "
        )
        if given:
            text += f"Käsin tarkistettuja koodeja oli {given}; niistä {changed} muutti automaattista luokitusta."
        else:
            text += "Käsin tarkistettuja koodeja ei ollut; luokitus on kokonaan automaattinen."
        say(text)
        rows = [{"Teema": t.name, "Kuvaus": t.description} for t in self.book.themes]
        show_table(pd.DataFrame(rows), caption="Teemat ja niiden kuvaukset")

    # 11. criteria screening ------------------------------------------------------------------

    def screening_scope_text(self) -> str:
        if not len(self.scoped):
            when = self.screening_scope or self.cutoff
            return (
                "Esikarsinnassa ei ole yhtään itsearviointia: "
                f"rajapäivään {formatting.date_fi(when)} mennessä ei palautettu yhtään."
            )
        if self.screening_scope is None:
            return (
                f"Esikarsinta kattaa kaikki {finnish.digits(len(self.scoped), 'itsearviointi')}, jotka oli "
                f"palautettu rajapäivään {formatting.date_fi(self.cutoff)} mennessä."
            )
        return (
            f"Esikarsinta kattaa vain rajapäivään {formatting.date_fi(self.screening_scope)} mennessä palautetut "
            f"{finnish.digits(len(self.scoped), 'itsearviointi')} sellaisina kuin ne olivat tuolloin, kuten STM:n "
            "toimintamallikilpailu; myöhemmin palautettuja ei ole pisteytetty eikä asetettu järjestykseen. "
            f"Rajapäivänä {formatting.date_fi(self.cutoff)} itsearviointeja on {formatting.number(self.n)}."
        )

    def condition_questions(self, rule: Mapping) -> str:
        """The form questions a stage 1 rule reads, in the form's words."""
        from analysis.tables.screening import rule_columns

        names = []
        for column in rule_columns(rule):
            question_id, _, part = column.partition("__")
            try:
                q = self.q(question_id)
            except KeyError:
                names.append(column)
                continue
            if not part:
                names.append(q.text)
            elif q.type == "matrix":
                names.append(f"{q.text}: {q.item(part).text}")
            else:
                names.append(f"{q.text}: {q.option(part).label}")
        return "; ".join(dict.fromkeys(names))

    def screening(self) -> None:
        from analysis.tables.screening import load_criteria, score_distribution, screen, shortlist, stage1_summary

        book = load_criteria()
        scoped = self.scoped if self.scoped is not None else self.kept
        screened = screen(scoped, book)
        stage1 = stage1_summary(screened, book)
        say(
            self.screening_scope_text() + " **Vaiheen 1 ehdot ja vaiheen 3 pisteytys ovat tämän hankkeen tulkinta "
            "THL:n kriteereistä**, eivät THL:n tai STM:n päätöksiä: ne on kirjoitettu lomakkeen vastauksista "
            "luettaviksi säännöiksi (tiedosto `src/analysis/data/criteria.yaml`), ja jokaisen ehdon kohdalla on "
            "lomakkeen kysymys, jonka vastauksesta se luetaan."
        )
        missing = stage1["failed_only_because_missing"]
        say(
            (
                f"Vaiheen 1 ehdot täytti **{formatting.number(stage1['passed'])}** "
                f"{finnish.noun('arviointi', stage1['passed'])} "
                f"{formatting.number(len(scoped))}:stä. "
                if stage1["passed"]
                else "Yksikään arviointi ei täyttänyt vaiheen 1 ehtoja. "
            )
            + (
                "Yksikään ei karsiutunut pelkästään puuttuvan vastauksen vuoksi."
                if not missing
                else f"Pelkästään puuttuvan vastauksen vuoksi karsiutui {finnish.counted(missing, 'arviointi')}."
            )
        )
        rows = [
            {
                "Ehto": c.label,
                "Kuvaus": c.description,
                "Lomakkeen kysymys": self.condition_questions(c.rule),
                "Ei täyty": stage1["failed_by_condition"][c.label]["failed"],
                "Vastaus puuttuu": stage1["failed_by_condition"][c.label]["missing"],
            }
            for c in book.stage1
        ]
        show_table(
            pd.DataFrame(rows),
            caption="Vaiheen 1 ehdot (hankkeen tulkinta), lomakkeen kysymykset ja ehtoja täyttämättömät arvioinnit",
            small=True,
        )
        distribution = score_distribution(screened)
        shown = {
            formatting.number(float(k), 1): v
            for k, v in distribution.items()
            if float(k) >= min(screened["score"], default=0)
        }
        title = f"Kriteeripisteet (0–10), n={len(scoped)}"
        if len(scoped):
            alt = charts.alt_bars(title, {f"{k} pistettä": v for k, v in shown.items()}, top=3)
            show_figure(charts.bar_chart(shown, title, xlabel="Arviointeja"), alt + TABLE_BELOW)
        show_table(pd.DataFrame({"Pisteet": list(shown), "Arviointeja": list(shown.values())}), caption=title)
        say(
            "Pisteet (hankkeen tulkinta): ”Kyllä” 1, ”Osittain” tai ”Valmistelussa” ½, muu vastaus tai vastauksen "
            "puuttuminen 0; kriteerejä on kymmenen: " + finnish.join([c.label.lower() for c in book.criteria]) + "."
        )
        top = shortlist(scoped, screened)
        top["Pisteet"] = top["Pisteet"].map(lambda p: formatting.number(p, 1))
        top["Hyvinvointialue"] = top["Hyvinvointialue"].map(self.area_short)
        show_table(
            top,
            link_columns=["Innokylä"],
            small=True,
            caption=f"Lyhytlista: vaiheen 1 läpäisseet {finnish.digits(len(top), 'toimintamalli')} pisteiden mukaan",
            widths=SHORTLIST_WIDTHS,
            css="shortlist",
        )

    # the expert panel (after 11, only when its scores are collected) -------------------

    def panel_review(self) -> None:
        """Asiantuntija-arvio: the panel's stages, agreement and final list; nothing
        until review-collect has written the panel's results."""
        if not self.panel:
            return
        from IPython.display import HTML, display

        from analysis.report.panel_section import panel_section

        display(HTML(panel_section(self.panel, self.area_short)))
