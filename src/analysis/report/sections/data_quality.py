"""The data's quality and origin: every raw row of the exports accounted for
(kept, or excluded with one reason), what the reading stage noticed, and the rows
left out (those two by file and row in the technical appendix).

In Swedish and English the same table, sentences and row tables are said with
data/sentences/data_quality.yaml, and the messages in the report's language
(data/messages.yaml) with the parameters the project wrote in Finnish (a cell's
kind and length, a date, a question of the form and its scale) given in that
language; values from the data stay as written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import pandas as pd
from markupsafe import Markup

from analysis import config
from analysis.form.codebook import Codebook
from analysis.form.translations import label
from analysis.html.elements import written_in_cell
from analysis.language import cldr, finnish, formatting
from analysis.language.sentences import sentence
from analysis.problems import catalogue
from analysis.problems.columns import COLUMNS_FI, SEVERITY_FI, column_fi
from analysis.problems.record import Message
from analysis.processed.schema import REASONS, stored_messages
from analysis.report.data import APPENDIX_ANCHOR, ReportData, heading
from analysis.report.section import Section, Table
from analysis.tables import row_accounting
from analysis.themes.checking import written_languages

# redaction.describe's kinds in Finnish, by their key in the catalogue (data_quality.cell_kind.*)
CELL_KINDS = {
    "tyhjä": "empty",
    "sähköpostiosoite": "email",
    "puhelinnumero": "phone",
    "numero": "number",
    "teksti": "text",
}
_CELL = re.compile(r"(?P<kind>\w+), (?P<n>\d[\d\s\u00a0\u202f]*) merkki(?:ä)?")
_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _analyst_reasons(r: ReportData) -> list[str]:
    excluded = r.data.excluded
    by_analyst = (
        excluded.loc[excluded["exclusion_reason"].astype(str) == "excluded_by_analyst", "exclusion_detail"]
        if len(excluded)
        else []
    )
    return [str(d) for d in by_analyst]


# where a reason's label says the analyst's reasons (filled in as marked HTML)
_REASONS = "\x00reasons\x00"


def _with_reasons(text: str, reasons: Markup) -> Markup | str:
    """A reason's label with the analyst's reasons, marked with their language, in it."""
    if _REASONS not in text:
        return text
    return Markup.escape(text).replace(_REASONS, reasons)


def reason_label(reason: str, language: str, reasons: str = "") -> str:
    """An exclusion reason as the table names it in ``language`` (sv, en)."""
    return sentence(f"data_quality.reasons.{reason}", language, reasons=reasons, published=config.FORM_PUBLISHED)


def exclusion_table_in(manifest: Mapping, analyst_reasons: list[str], language: str) -> pd.DataFrame:
    """:func:`analysis.tables.row_accounting.exclusion_table` in Swedish or English:
    the same rows and counts, the reader's words in ``language``; the analyst's own
    reasons as written, each marked with the language it is written in."""
    accounting = manifest["accounting"]
    given = list(dict.fromkeys(r for r in analyst_reasons if r.strip()))
    reasons = (
        Markup("; ").join(written_in_cell(text, lang) for text, lang in zip(given, written_languages(given)))
        if given
        else Markup.escape(sentence("data_quality.reason_in_appendix", language))
    )
    rows: list[tuple[object, int]] = [(sentence("data_quality.raw", language), accounting["raw_rows"])]
    rows += [(_with_reasons(reason_label(r, language, _REASONS), reasons), accounting["excluded"][r]) for r in REASONS]
    rows += [(sentence("data_quality.kept", language), accounting["kept"])]
    # object, not pandas' string dtype, which would make the marked reasons plain text
    return pd.DataFrame(
        {
            sentence("data_quality.responses", language): pd.Series([label for label, _ in rows], dtype=object),
            sentence("data_quality.count", language): [count for _, count in rows],
        }
    )


def _parameter(value: str, language: str, codebook: Codebook) -> str:
    """A message's parameter the project wrote in Finnish, in ``language``: a cell's
    kind and length ("teksti, 22 merkkiä"), a day (31.12.2025), a question of the
    form or its scale; anything else (values from the data) as written."""
    cell = _CELL.fullmatch(value)
    if cell and cell["kind"] in CELL_KINDS:
        n = int(re.sub(r"\D", "", cell["n"]))
        kind = sentence(f"data_quality.cell_kind.{CELL_KINDS[cell['kind']]}", language)
        return sentence("data_quality.cell", language, kind=kind, n=n)
    day = _DAY.fullmatch(value)
    if day:
        try:
            return cldr.day(date(int(day[3]), int(day[2]), int(day[1])), language)
        except ValueError:
            return value
    for q in codebook.questions:
        if value == q.text:
            return label("question", q.id, language, codebook)
        if q.scale and value == ", ".join(q.scale):
            return ", ".join(label("scale", f"{q.id}.{place}", language, codebook) for place in range(len(q.scale)))
    return value


def message_in(message: Message, language: str, codebook: Codebook) -> str:
    """A catalogued message in the report's language ("fi": its Finnish text as
    stored), with the project's Finnish parameters given in that language."""
    if language == "fi":
        return message.fi()
    params = {name: _parameter(value, language, codebook) for name, value in message.params}
    return catalogue.text(message.code, params, language)


def column_in(column: object, language: str, codebook: Codebook) -> str:
    """:func:`analysis.problems.columns.column_fi` in Swedish or English: an export's
    header that is a question of the form (its text or one of its aliases) as the
    question in ``language``; another header as the file has it."""
    if column is None or (isinstance(column, float) and column != column):
        return ""
    text = str(column)
    for q in codebook.questions:
        if text == q.text or text in q.aliases:
            return label("question", q.id, language, codebook)
    if text in COLUMNS_FI:
        key = f"data_quality.column_names.{text}"
        try:
            return sentence(key, language)
        except KeyError:
            return text  # a hand-kept file's own header (liitetty, tarkistettu): the file's word
    found = re.fullmatch(r"column (\d+)", text)
    return sentence("data_quality.numbered_column", language, n=int(found.group(1))) if found else text


def data_quality(r: ReportData) -> Section:
    s = Section("laatu", heading("laatu", r.language))
    m = r.data.manifest
    a = m["accounting"]
    s.figures = {"raw_rows": int(a["raw_rows"]), "excluded": dict(a["excluded"])}
    if r.language != "fi":
        return _data_quality_in(r, s)
    excluded = r.data.excluded
    by_analyst = _analyst_reasons(r)
    s.table(
        row_accounting.exclusion_table(m, by_analyst).rename(columns={"": "Vastaukset"}),
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


def _data_quality_in(r: ReportData, s: Section) -> Section:
    """§13 in Swedish or English: the Finnish section's table and sentences."""
    language = r.language
    a = r.data.manifest["accounting"]
    s.table(
        exclusion_table_in(r.data.manifest, _analyst_reasons(r), language), sentence("data_quality.caption", language)
    )
    problems, excluded = r.data.problems, r.data.excluded
    errors = int((problems["severity"] == "error").sum()) if len(problems) else 0
    warnings = int((problems["severity"] == "warning").sum()) if len(problems) else 0
    raw, kept = int(a["raw_rows"]), int(a["kept"])
    later = int(a["excluded"].get("after_cutoff", 0))
    left_out = sum(a["excluded"].values()) - later
    text = [
        sentence("data_quality.raw_rows", language, raw=raw),
        sentence("data_quality.kept_rows", language, kept=kept),
    ]
    if later:
        text.append(sentence("data_quality.later", language, later=later))
    if left_out:
        text.append(sentence("data_quality.left_out", language, n=left_out))
    text.append(
        sentence("data_quality.problems", language, errors=errors, warnings=warnings)
        if errors + warnings
        else sentence("data_quality.no_problems", language)
    )
    s.say(" ".join(text))
    listed = {"problems": bool(len(problems)), "excluded": bool(len(excluded))}
    if all(listed.values()):
        s.say(sentence("data_quality.in_appendix.both", language, appendix=APPENDIX_ANCHOR))
    elif any(listed.values()):
        which = next(k for k, on in listed.items() if on)
        s.say(sentence(f"data_quality.in_appendix.{which}", language, appendix=APPENDIX_ANCHOR))
    return s


def row_tables(r: ReportData) -> list[Table]:
    """The reading's problems and the rows left out, by file and row: the technical
    appendix's tables (analysis.report.sections.appendix)."""
    if r.language != "fi":
        return _row_tables_in(r)
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


def _row_tables_in(r: ReportData) -> list[Table]:
    """The technical appendix's row tables in Swedish or English: the same rows,
    the messages in the language (values from the data as written)."""
    language = r.language

    def word(key: str) -> str:
        return sentence(f"data_quality.columns.{key}", language)

    tables: list[Table] = []
    problems = r.data.problems
    if len(problems):
        shown = problems.sort_values(["severity", "file", "row"]).head(50).copy()
        shown["message"] = [
            message_in(m, language, r.codebook) if m else "" for m in stored_messages(shown["code"], shown["params"])
        ]
        shown = shown.drop(columns=["code", "params"])
        shown["column"] = shown["column"].map(lambda c: column_in(c, language, r.codebook))
        # a cell is shown by its kind and length, which the project wrote in Finnish
        shown["value"] = shown["value"].map(lambda v: v if pd.isna(v) else _parameter(str(v), language, r.codebook))
        severities = {v: sentence(f"data_quality.severity.{v}", language) for v in SEVERITY_FI}
        shown["severity"] = shown["severity"].map(lambda v: severities.get(str(v), str(v)))
        tables.append(
            Table(
                shown.rename(columns={c: word(c) for c in ("file", "row", "column", "value", "message", "severity")}),
                sentence("data_quality.problems_caption", language, n=len(shown)),
                small=True,
                row_headers=False,
            )
        )
    excluded = r.data.excluded
    if len(excluded):
        table = excluded[["response_id", "source_file", "source_row", "exclusion_reason", "exclusion_detail"]].copy()
        messages = stored_messages(excluded["exclusion_code"], excluded["exclusion_params"])
        # a catalogued message in the report's language; the analyst's own reason as written
        details = [str(d) for d in table["exclusion_detail"]]
        table["exclusion_detail"] = pd.Series(
            [
                message_in(message, language, r.codebook) if message is not None else written_in_cell(detail, written)
                for message, detail, written in zip(messages, details, written_languages(details))
            ],
            index=table.index,
            dtype=object,  # pandas' string dtype would make the marked reasons plain text
        )
        # the table of §13 names each reason so, without its explanation in parentheses
        names = {reason: reason_label(reason, language).split(" (")[0] for reason in REASONS}
        table["exclusion_reason"] = table["exclusion_reason"].astype(str).map(names)
        tables.append(
            Table(
                table.rename(
                    columns={
                        "response_id": word("response_id"),
                        "source_file": word("file"),
                        "source_row": word("row"),
                        "exclusion_reason": word("reason"),
                        "exclusion_detail": word("detail"),
                    }
                ),
                sentence("data_quality.excluded_caption", language),
                small=True,
            )
        )
    return tables
