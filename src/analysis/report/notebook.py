"""What the report notebook shows, section by section.

The notebook (notebooks/summary_report.ipynb) holds the parameters, the headings
and the fixed narrative; each of its code cells calls one method here, which
displays the section's table, chart and data-driven sentences. HTML comes from
the templates in templates/report_parts/ (autoescaped); data text in Markdown
sentences goes through ``esc``.
"""

from __future__ import annotations

from IPython.display import HTML, display
from markupsafe import Markup

from analysis.html.elements import render, say, show_table, table_html
from analysis.language import formatting
from analysis.problems.finnish_texts import SEVERITY_FI, column_fi, message_fi
from analysis.processed.schema import REASON_LABELS_FI
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
        first_screen = render(
            "report_parts/header.html.j2",
            title=title,
            empty=self.n == 0,
            cutoff=formatting.date_fi(self.cutoff),
            synthetic=self.synthetic,
            facts=[(name, str(value)) for name, value in facts],
            files=m["inputs"] + m.get("hand_kept_files", []),
            contents=sections(self.screening_on, bool(self.panel)),
        )
        dates = charts.join_fi([formatting.date_fi(d) for d in sorted(self.by_cutoff)])
        key_figures = render(
            "report_parts/key_figures.html.j2",
            table=table_html(
                summary_overview.key_figures_table(self.by_cutoff, self.cutoff, self.checked_on, self.attached_dated),
                caption=f"Keskeiset luvut rajapäivinä {dates}",
                css="key-figures",
            ),
            note=self.attached_note(),
        )
        display(HTML(first_screen + key_figures))

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
        legend = [(labels[t.name], t.name) for t in self.book.themes]
        display(HTML(render("report_parts/theme_legend.html.j2", themes=legend)))
        shown = table.drop(columns=["Vastaajan numero", "Esikarsinta (vaihe 1)"], errors="ignore").rename(
            columns=LISTING_HEADERS
        )
        shown["Hyvinvointialue"] = shown["Hyvinvointialue"].map(self.area_short)

        def chips(names: object) -> Markup:
            shown = [labels.get(n, n) for n in str(names).split("; ") if n]
            return render("report_parts/theme_chips.html.j2", labels=shown)

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
            shown["message"] = [message_fi(msg, sev) for msg, sev in zip(shown["message"], shown["severity"])]
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
            # the analyst's own reason is data, shown as written; every other detail is the pipeline's
            table["exclusion_detail"] = [
                detail if reason == "excluded_by_analyst" else message_fi(detail, "error")
                for reason, detail in zip(reasons, table["exclusion_detail"])
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
        if texts.get("utilisation") or texts.get("contact"):
            contact = [str(line) for line in texts.get("contact") or []]
            display(HTML(render("report_parts/closing.html.j2", utilisation=texts.get("utilisation"), contact=contact)))
