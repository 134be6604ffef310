"""The listing of assessed models (:mod:`analysis.tables.listing`) in Swedish or
English: the same rows and columns, its headers and its values in the language
(areas by their official Swedish or English names, the form's options and scale
levels, the phases, the themes, the screening's verdicts, numbers written the
language's way). Finnish is :func:`analysis.tables.listing.listing_table` itself,
unchanged.

:func:`listing_rows_in` gives the rows of listaus.csv and listaus.xlsx in the
language, as :func:`analysis.tables.listing.listing_rows` gives the Finnish.

Rows are ordered as the Finnish listing orders them (area, model name, response
id), by the area's name in the listing's language, in that language's alphabet
(Swedish puts å, ä, ö after z).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.arrow_columns import distinct_rows, flag, sorted_frame
from analysis.form.codebook import Codebook, load_codebook
from analysis.form.translations import label
from analysis.language import cldr
from analysis.language.sentences import CATALOGUE_LANGUAGES, sentence
from analysis.processed import response_ids
from analysis.tables.listing import file_rows, listing_rows, listing_table, screened_for_listing
from analysis.tables.screening import MISSING, PASSED, Screening, load_criteria, outcomes, screen
from analysis.themes.rules import ThemeBook, load_themebook

# the listing's columns in the Finnish listing's order, by their key in the
# sentence catalogue (listing.columns.*)
COLUMNS = (
    "response_id",
    "model",
    "region",
    "innokyla",
    "scope",
    "phase",
    "permanent_decision",
    "attached",
    "themes",
    "stage1",
    "score",
)
SCREENING_COLUMNS = ("stage1", "score")

# Swedish alphabet order of its last three letters (z < å < ä < ö), above every
# other letter when a name is compared code point by code point
_SWEDISH_ORDER = str.maketrans({"å": "\uffe0", "ä": "\uffe1", "ö": "\uffe2"})


def header(column: str, language: str) -> str:
    """A column's header in ``language`` (keys of :data:`COLUMNS`)."""
    return sentence(f"listing.columns.{column}", language)


def sort_key(name: str, language: str) -> str:
    """An area's name as its language's alphabet orders it."""
    folded = name.casefold()
    return folded.translate(_SWEDISH_ORDER) if language == "sv" else folded


def _mapped(values: pd.Series, translate) -> pd.Series:
    """``values`` through ``translate`` once per distinct value; missing stays missing."""
    distinct = {v: translate(v) for v in values.dropna().unique()}
    return values.astype(object).map(distinct).astype(object)


def furthest_phase(kept: pd.DataFrame, language: str, codebook: Codebook) -> pd.Series:
    """The furthest phase reached and how widely, in ``language``:
    "Förankrad (i hela välfärdsområdet)", "Embedded (in the whole wellbeing
    services county)"; later phases win, as in the Finnish listing."""
    q = codebook.question("phase")
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    factorised = [pd.factorize(kept[q.item_column(item)], use_na_sentinel=True) for item in q.items]
    combinations, inverse = distinct_rows(np.column_stack([codes for codes, _ in factorised]))
    not_reached = q.scale[0]

    def describe(row) -> str:
        text = sentence("listing.not_started", language)
        for item, code, (_, levels) in zip(q.items, row, factorised):
            if code >= 0 and levels[code] != not_reached:
                extent = label("scale", f"phase.{q.scale.index(str(levels[code]))}", language, codebook)
                phase = label("item", f"phase.{item.id}", language, codebook)
                text = sentence("listing.phase_reached", language, phase=phase, extent=extent[:1].lower() + extent[1:])
        return text

    texts = np.array([describe(row) for row in combinations], dtype=object)
    return pd.Series(texts[inverse], index=kept.index, dtype=object)


def theme_names_joined(kept: pd.DataFrame, language: str, book: ThemeBook) -> pd.Series:
    """Each assessment's themes by name in ``language``, "; "-joined in the theme file's order."""
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    names = [label("theme", theme.id, language) for theme in book.themes]
    flags = np.column_stack([flag(kept, theme.column).to_numpy(dtype=np.int64) for theme in book.themes])
    combinations, inverse = distinct_rows(flags)
    texts = np.array(["; ".join(n for n, on in zip(names, row) if on) for row in combinations], dtype=object)
    return pd.Series(texts[inverse], index=kept.index, dtype=object)


def stage1_verdicts(kept: pd.DataFrame, screened: pd.DataFrame, language: str) -> pd.Series:
    """ "Passes", or "Does not pass: " and the conditions not met (a missing answer
    said so), in ``language``: the Finnish listing's verdicts
    (:func:`analysis.tables.screening.stage1_verdicts`) translated by condition id."""
    book = load_criteria()
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    codes = np.column_stack([outcomes(screened[f"stage1__{c.id}"]) for c in book.stage1])
    combinations, inverse = distinct_rows(codes)
    names = [label("stage1", c.id, language) for c in book.stage1]

    def verdict(row) -> str:
        if (row == PASSED).all():
            return sentence("listing.passes", language)
        failed = [
            sentence("listing.answer_missing", language, condition=name) if code == MISSING else name
            for name, code in zip(names, row)
            if code != PASSED
        ]
        return sentence("listing.fails", language, conditions="; ".join(failed))

    texts = np.array([verdict(row) for row in combinations], dtype=object)
    return pd.Series(texts[inverse], index=kept.index, dtype=object)


def listing_table_in(
    kept: pd.DataFrame,
    language: str,
    codebook: Codebook | None = None,
    book: ThemeBook | None = None,
    screened: pd.DataFrame | None = None,
    screening: bool = True,
    numbers: bool = False,
    outside_scope: str = "",
) -> pd.DataFrame:
    """The listing (:func:`analysis.tables.listing.listing_table`, with the same
    arguments) in ``language``: "fi" is that listing unchanged; "sv" and "en" have
    the same rows and columns with headers and values in the language (``outside_scope``:
    the stage 1 cell of an assessment the screening did not look at)."""
    if language == "fi":
        return listing_table(kept, codebook, book, screened, screening, numbers, outside_scope=outside_scope)
    if language not in CATALOGUE_LANGUAGES:
        raise ValueError(f"the listing is in fi, {', '.join(CATALOGUE_LANGUAGES)}, not {language!r}")
    codebook, book = codebook or load_codebook(), book or load_themebook()
    scope, adoption = codebook.question("scope"), codebook.question("adoption")
    decision = adoption.item_column(adoption.item("permanent_decision"))
    yes, no = (label("scale", f"utilisation.{place}", language, codebook) for place in (0, 2))
    attached = kept["attached_to_innokyla"] if "attached_to_innokyla" in kept else pd.Series(pd.NA, index=kept.index)
    screened = screen(kept) if screened is None else screened
    in_scope = kept.index.isin(screened.index)
    verdicts = pd.Series(outside_scope, index=kept.index, dtype=object)
    score_cells = pd.Series("" if not numbers else None, index=kept.index, dtype=object)
    if in_scope.any():
        scores = {s: (float(s) if numbers else cldr.number(s, language, 1)) for s in screened["score"].unique()}
        verdicts[in_scope] = stage1_verdicts(kept[in_scope], screened.loc[kept.index[in_scope]], language).to_numpy()
        score_cells[in_scope] = screened.loc[kept.index[in_scope], "score"].map(scores).to_numpy()
    region_names = {r.name: label("region", r.code, language, codebook) for r in codebook.regions}
    region = _mapped(kept["region"], lambda name: region_names[str(name)])
    h = {column: header(column, language) for column in COLUMNS}
    table = pd.DataFrame(
        {
            h["response_id"]: kept["response_id"].astype("string"),
            h["model"]: kept["model_name"].astype("string"),
            h["region"]: region.astype("string"),
            h["innokyla"]: kept["innokyla_url"].astype("string"),
            h["scope"]: _mapped(
                kept["scope"],
                lambda value: label("option", f"scope.{codebook.match_option(scope, value).id}", language, codebook),  # type: ignore[union-attr]
            ),
            h["phase"]: furthest_phase(kept, language, codebook),
            h["permanent_decision"]: _mapped(
                kept[decision],
                lambda value: label("scale", f"adoption.{adoption.scale.index(str(value))}", language, codebook),
            ),
            h["attached"]: np.select(
                [attached.eq(True).fillna(False), attached.eq(False).fillna(False)],
                [yes, no],
                sentence("listing.no_information", language),
            ).astype(object),
            h["themes"]: theme_names_joined(kept, language, book),
            h["stage1"]: verdicts,
            h["score"]: score_cells,
        }
    )
    if not screening:
        table = table.drop(columns=[h[c] for c in SCREENING_COLUMNS])
    scores_column = table.pop(h["score"]) if screening else None
    table = table.fillna("")
    if scores_column is not None:
        table[h["score"]] = scores_column if numbers else scores_column.fillna("")
    table["area_order"] = table[h["region"]].map(lambda name: sort_key(str(name), language))
    table["id_order"] = response_ids.order(table[h["response_id"]])
    return sorted_frame(table, ["area_order", h["model"], "id_order"]).drop(columns=["area_order", "id_order"])


def file_headers_in(language: str, checked_on: date | None = None) -> dict[str, str]:
    """The listing files' headers in ``language`` where they differ from the table's
    (:func:`analysis.tables.listing.file_headers` in Swedish and English): the Innokylä
    columns in the report's words, the attachment with the day of the one check it
    comes from, and the screening's two columns named as the project's reading."""
    attached = (
        sentence("listing_section.headers.attached_on", language, day=checked_on)
        if checked_on
        else sentence("listing_section.headers.attached", language)
    )
    return {
        header("innokyla", language): sentence("listing_section.headers.innokyla", language),
        header("attached", language): attached,
        header("stage1", language): sentence("listing_section.file_headers.stage1", language),
        header("score", language): sentence("listing_section.file_headers.score", language),
    }


def outside_scope_cell_in(screening: Screening, language: str) -> str:
    """:func:`analysis.tables.listing.outside_scope_cell` in ``language``: the stage 1
    cell of an assessment first made after the screening's scope (empty when the
    scope is everything)."""
    if screening.scope is None:
        return ""
    return sentence("listing_section.outside_scope", language, day=screening.scope)


def listing_rows_in(
    kept: pd.DataFrame,
    language: str,
    screening: Screening | None = None,
    scoped: pd.DataFrame | None = None,
    numbers: bool = False,
    checked_on: date | None = None,
) -> list[list[object]]:
    """The listing's rows in ``language`` with a header row (:func:`file_headers_in`),
    every text cell formula-neutralised (with ``numbers`` the response id and the
    score stay numbers, for the spreadsheet): what
    :func:`analysis.tables.listing.listing_rows` gives for Finnish, which "fi"
    returns unchanged; ``checked_on``: the day of the Innokylä check."""
    if language == "fi":
        return listing_rows(kept, screening, scoped, numbers, checked_on)
    screening = screening or Screening(scope=None)
    screened = screened_for_listing(kept, screening, scoped)
    table = listing_table_in(
        kept,
        language,
        screened=screened,
        screening=screening.on,
        numbers=numbers,
        outside_scope=outside_scope_cell_in(screening, language),
    )
    headers = file_headers_in(language, checked_on)
    return file_rows(table, [headers.get(c, c) for c in table.columns], numbers)
