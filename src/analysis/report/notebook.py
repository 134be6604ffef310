"""What the report notebook shows, section by section.

The notebook (notebooks/summary_report.ipynb) holds the parameters, the headings
and the fixed narrative; each of its code cells calls one method here, which
displays the section's table, chart and data-driven sentences. All text that
comes from the data is HTML-escaped here, where it meets HTML.
"""

from __future__ import annotations

import html

from IPython.display import HTML, display

from analysis.html.elements import say, show_table, table_html, templates
from analysis.language import formatting
from analysis.problems.columns import SEVERITY_FI, column_fi
from analysis.processed.schema import REASON_LABELS_FI, stored_messages
from analysis.report import charts
from analysis.report.base import LISTING_HEADERS, LISTING_WIDTHS, ReportBase, load_texts, sections, version_fi
from analysis.report.form_sections import FormSections
from analysis.report.result_sections import ResultSections
from analysis.tables import summary_overview
from analysis.tables.listing import YES, listing_table


class Report(FormSections, ResultSections, ReportBase):
    """One cutoff's report: the notebook calls one method per cell. The title,
    the listing, the data quality and the closing are here; sections 1–9 in
    report_form, 10–11 in report_results."""

    # 0. title, provenance, contents ------------------------------------------------------

    def header(self) -> None:
        m = self.data.manifest
        title = formatting.report_title(self.cutoff)
        facts = [
            ("Rajapäivä", f"{formatting.date_fi(self.cutoff)} (vastaukset tähän päivään asti, Suomen aikaa)"),
            ("Itsearviointeja", formatting.number(self.n)),
            ("Koottu", f"{formatting.timestamp_fi(m.get('built_at', ''))} (Suomen aikaa)"),
            ("Ohjelmaversio", version_fi(m.get("code_version", ""))),
        ]
        if self.checked_on:
            facts.insert(2, ("Innokylä-liitokset tarkistettu", formatting.date_fi(self.checked_on)))
        first_screen = (
            templates()
            .get_template("header.html.j2")
            .render(
                title=title,
                empty=self.n == 0,
                cutoff=formatting.date_fi(self.cutoff),
                synthetic=self.synthetic,
                facts=[(name, str(value)) for name, value in facts],
                files=m["inputs"] + m.get("hand_kept_files", []),
                contents=sections(self.screening_on, bool(self.panel)),
            )
        )
        parts = [first_screen]
        parts.append("<h2 id='keskeiset'>Keskeiset luvut</h2>")
        dates = charts.join_fi([formatting.date_fi(d) for d in sorted(self.by_cutoff)])
        parts.append(
            table_html(
                summary_overview.key_figures_table(self.by_cutoff, self.cutoff, self.checked_on, self.attached_dated),
                caption=f"Keskeiset luvut rajapäivinä {dates}",
                css="key-figures",
            )
        )
        parts.append(f"<p>{html.escape(self.attached_note())}</p>")
        display(HTML("".join(parts)))

    # 12. listing ---------------------------------------------------------------------------

    def listing(self) -> None:
        from analysis.tables.screening import screen

        # the listing's screening cells: this cutoff's assessments that were in the screening's scope
        in_scope = self.kept[self.kept["response_id"].isin(self.scoped["response_id"])]
        screened = screen(in_scope) if self.screening_on else None
        table = listing_table(self.kept, self.codebook, self.book, screened, screening=self.screening_on)
        attached = int((table["Liitetty Innokylään"] == YES).sum())
        when = f" (tarkistettu {formatting.date_fi(self.checked_on)})" if self.checked_on else ""
        say(
            f"Itsearvioinneista **{formatting.number(attached)}** on liitetty Innokylään "
            f"toimintamallikuvauksiin{when}. "
            "Listaus on myös tiedostoina `listaus.csv` ja `listaus.xlsx` raportin vieressä."
        )
        labels = {t.name: t.label for t in self.book.themes}
        legend = "".join(
            f"<li><span class='chip'>{html.escape(labels[t.name])}</span> {html.escape(t.name)}</li>"
            for t in self.book.themes
        )
        display(
            HTML(
                f"<div class='legend'><p id='teemalyhenteet'>Teemat listauksessa:</p>"
                f"<ul aria-labelledby='teemalyhenteet'>{legend}</ul></div>"
            )
        )
        shown = table.drop(columns=["Vastaajan numero", "Esikarsinta (vaihe 1)"], errors="ignore").rename(
            columns=LISTING_HEADERS
        )
        shown["Hyvinvointialue"] = shown["Hyvinvointialue"].map(self.area_short)

        def chips(names: object) -> str:
            items = "".join(
                f"<li class='chip'>{html.escape(labels.get(n, n))}</li>" for n in str(names).split("; ") if n
            )
            return f"<ul class='chips'>{items}</ul>" if items else ""

        if not self.screening_on:
            caption = f"Arvioidut toimintamallit hyvinvointialueittain, n={self.n}"
        elif self.screening_scope is None:
            caption = f"Arvioidut toimintamallit hyvinvointialueittain, n={self.n} (kriteeripisteet 0–10)"
        else:
            caption = (
                f"Arvioidut toimintamallit hyvinvointialueittain, n={self.n} (kriteeripisteet 0–10 vain "
                f"{formatting.date_fi(self.screening_scope)} mennessä palautetuille)"
            )
        show_table(
            shown,
            link_columns=["Innokylä"],
            small=True,
            html_columns={"Teemat": chips},
            caption=caption,
            widths=LISTING_WIDTHS,
            css="listing",
        )

    # 13. data quality --------------------------------------------------------------------

    def data_quality(self) -> None:
        m = self.data.manifest
        show_table(
            summary_overview.exclusion_table(m).rename(columns={"": "Rivit"}),
            caption="Vientitiedostojen rivien täsmäytys",
        )
        problems = self.data.problems
        errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
        warnings = int((problems["severity"] == "warning").sum()) if len(problems) else 0
        a = m["accounting"]
        found = (
            "Lukuvaiheessa ei havaittu käyttökelvottomia rivejä eikä muita huomioita."
            if not errors + warnings
            else f"Lukuvaiheen havainnot: käyttökelvottomia rivejä {formatting.number(errors)}, muita huomioita "
            f"(tyhjäksi jätetty solu tai ohitettu merkintä) {formatting.number(warnings)}."
        )
        say(
            f"Jokainen vientitiedoston rivi on joko mukana tai poistettu yhdellä syyllä: "
            f"{formatting.number(a['raw_rows'])} = {formatting.number(a['kept'])} + "
            f"{formatting.number(sum(a['excluded'].values()))}. " + found
        )
        if len(problems):
            shown = problems.sort_values(["severity", "file", "row"]).head(50).copy()
            shown["message"] = [m.fi() if m else "" for m in stored_messages(shown["code"], shown["params"])]
            shown = shown.drop(columns=["code", "params"])
            shown["column"] = shown["column"].map(column_fi)
            shown["severity"] = shown["severity"].map(lambda v: SEVERITY_FI.get(str(v), str(v)))
            show_table(
                shown.rename(
                    columns={
                        "file": "Tiedosto",
                        "row": "Rivi",
                        "column": "Sarake",
                        "value": "Arvo",
                        "message": "Huomio",
                        "severity": "Vakavuus",
                    }
                ),
                caption=f"Lukuvaiheen huomiot ({len(shown)} ensimmäistä)",
                small=True,
                row_headers=False,
            )
        excluded = self.data.excluded
        if len(excluded):
            table = excluded[
                ["response_id", "source_file", "source_row", "exclusion_reason", "exclusion_detail"]
            ].copy()
            reasons = table["exclusion_reason"].astype(str)
            # the analyst's own reason is data, shown as written; every other detail is a catalogued message
            messages = stored_messages(excluded["exclusion_code"], excluded["exclusion_params"])
            table["exclusion_detail"] = [
                message.fi() if message is not None else detail
                for message, detail in zip(messages, table["exclusion_detail"])
            ]
            table["exclusion_reason"] = reasons.map(REASON_LABELS_FI)
            show_table(
                table.rename(
                    columns={
                        "response_id": "Vastaajan numero",
                        "source_file": "Tiedosto",
                        "source_row": "Rivi",
                        "exclusion_reason": "Syy",
                        "exclusion_detail": "Tarkemmin",
                    }
                ),
                caption="Poistetut rivit",
                small=True,
            )

    # Hyödynnettävyys and Lisätietoja (report_texts.yaml) ----------------------------------

    def closing(self) -> None:
        """THL's last two slides: how the assessments are used, and whom to ask."""
        texts = load_texts()
        parts = []
        if texts.get("utilisation"):
            parts.append(f"<h3 id='hyodynnettavyys'>Hyödynnettävyys</h3><p>{html.escape(texts['utilisation'])}</p>")
        if texts.get("contact"):
            lines = "<br>".join(html.escape(str(line)) for line in texts["contact"])
            parts.append(f"<h3 id='lisatietoja'>Lisätietoja</h3><p>{lines}</p>")
        if parts:
            display(HTML("".join(parts)))
