"""The data's quality and origin: every raw row of the exports accounted for
(kept, or excluded with one reason), what the reading stage noticed, and the rows
left out (those two by file and row in the technical appendix)."""

from __future__ import annotations

from analysis.language import finnish, formatting
from analysis.problems.columns import SEVERITY_FI, column_fi
from analysis.processed.schema import stored_messages
from analysis.report.data import ReportData, heading
from analysis.report.section import Section, Table
from analysis.tables import row_accounting


def data_quality(r: ReportData) -> Section:
    s = Section("laatu", heading("laatu"))
    m = r.data.manifest
    a = m["accounting"]
    s.figures = {"raw_rows": int(a["raw_rows"]), "excluded": dict(a["excluded"])}
    excluded = r.data.excluded
    by_analyst = (
        excluded.loc[excluded["exclusion_reason"].astype(str) == "excluded_by_analyst", "exclusion_detail"]
        if len(excluded)
        else []
    )
    s.table(
        row_accounting.exclusion_table(m, [str(d) for d in by_analyst]).rename(columns={"": "Vastaukset"}),
        "Mitkä vastaukset ovat mukana",
    )
    problems = r.data.problems
    errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
    warnings = int((problems["severity"] == "warning").sum()) if len(problems) else 0
    raw, kept = int(a["raw_rows"]), int(a["kept"])
    later = int(a["excluded"].get("after_cutoff", 0))
    left_out = sum(a["excluded"].values()) - later
    text = f"Vientitiedostossa on {finnish.counted(raw, 'vastaus')}. Niistä {formatting.number(kept)} on mukana."
    if later:
        text += (
            f" Rajapäivän jälkeen lähetettiin {finnish.counted(later, 'vastaus')}; "
            + ("sitä ei ole hylätty, mutta se ei kuulu" if later == 1 else "niitä ei ole hylätty, mutta ne eivät kuulu")
            + " tämän rajapäivän tilanteeseen."
        )
    if left_out:
        text += (
            f" {finnish.capitalise(finnish.counted(left_out, 'vastaus'))} on jätetty pois taulukossa mainituista "
            "syistä."
            if left_out > 1
            else " Yksi vastaus on jätetty pois taulukossa mainitusta syystä."
        )
    text += (
        " Muita puutteita aineistossa ei havaittu."
        if not errors + warnings
        else f" Aineistossa havaittiin lisäksi käyttökelvottomia kohtia {formatting.number(errors)} ja muita "
        f"huomioita (esimerkiksi tyhjäksi jätetty solu tai ohitettu merkintä) {formatting.number(warnings)}."
    )
    s.say(text)
    listed = [
        what for what, rows in (("aineiston huomiot", problems), ("pois jätetyt vastaukset", excluded)) if len(rows)
    ]
    if listed:
        what = " ja ".join(listed)
        s.say(
            f"{what[0].upper()}{what[1:]} ovat tiedostoittain ja riveittäin [teknisessä liitteessä](#tekninen-liite)."
        )
    return s


def row_tables(r: ReportData) -> list[Table]:
    """The reading's problems and the rows left out, by file and row: the technical
    appendix's tables (analysis.report.sections.appendix)."""
    tables: list[Table] = []
    problems = r.data.problems
    if len(problems):
        shown = problems.sort_values(["severity", "file", "row"]).head(50).copy()
        shown["message"] = [m.fi() if m else "" for m in stored_messages(shown["code"], shown["params"])]
        shown = shown.drop(columns=["code", "params"])
        shown["column"] = shown["column"].map(column_fi)
        shown["severity"] = shown["severity"].map(lambda v: SEVERITY_FI.get(str(v), str(v)))
        tables.append(
            Table(
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
                f"Lukuvaiheen huomiot ({len(shown)} ensimmäistä)",
                small=True,
                row_headers=False,
            )
        )
    excluded = r.data.excluded
    if len(excluded):
        table = excluded[["response_id", "source_file", "source_row", "exclusion_reason", "exclusion_detail"]].copy()
        reasons = table["exclusion_reason"].astype(str)
        # the analyst's own reason is data, shown as written; every other detail is a catalogued message
        messages = stored_messages(excluded["exclusion_code"], excluded["exclusion_params"])
        table["exclusion_detail"] = [
            message.fi() if message is not None else detail
            for message, detail in zip(messages, table["exclusion_detail"])
        ]
        table["exclusion_reason"] = reasons.map(row_accounting.APPENDIX_LABELS_FI)
        tables.append(
            Table(
                table.rename(
                    columns={
                        "response_id": "Vastaajan numero",
                        "source_file": "Tiedosto",
                        "source_row": "Rivi",
                        "exclusion_reason": "Syy",
                        "exclusion_detail": "Tarkemmin",
                    }
                ),
                "Pois jätetyt vastaukset",
                small=True,
            )
        )
    return tables
