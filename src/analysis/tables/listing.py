"""The listing of assessed models (the report's §12, listaus.csv and listaus.xlsx):
one row per kept assessment with its area, phase, themes and, when the report
screens, its stage-1 verdict and criteria score; and the screening's scope the
listing's screening cells come from. Text cells a spreadsheet would run as a
formula are neutralised in the files."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from analysis.arrow_columns import distinct_rows, flag, sorted_frame
from analysis.files.spreadsheet_cells import id_cell, neutralise
from analysis.form.codebook import Codebook, load_codebook
from analysis.language import finnish, formatting
from analysis.processed import response_ids
from analysis.tables.screening import Screening, screen, stage1_verdicts
from analysis.themes.rules import ThemeBook, load_themebook

# "Kyllä" and "Ei" of the listing's yes/no column: the yes/no questions' scale levels
_YES_NO_SCALE = load_codebook().question("utilisation").scale  # Kyllä, Osittain, Ei, En osaa sanoa
YES, NO = _YES_NO_SCALE[0], _YES_NO_SCALE[2]


def furthest_phase(kept: pd.DataFrame, codebook: Codebook | None = None) -> pd.Series:
    """The furthest phase reached and how widely, e.g. "Juurrutettu (koko hyvinvointialueella)": the
    level in lower case inside the parenthesis, as Finnish writes it."""
    codebook = codebook or load_codebook()
    q = codebook.question("phase")
    not_reached = q.scale[0]  # the phase scale's first level: not reached
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    factorised = [pd.factorize(kept[q.item_column(item)], use_na_sentinel=True) for item in q.items]
    combinations, inverse = distinct_rows(np.column_stack([codes for codes, _ in factorised]))

    def describe(row) -> str:
        text = "Ei aloitettu"
        for item, code, (_, levels) in zip(q.items, row, factorised):  # later phases win
            if code >= 0 and levels[code] != not_reached:
                text = f"{item.text} ({finnish.lower_first(str(levels[code]))})"
        return text

    texts = np.array([describe(row) for row in combinations], dtype=object)
    return pd.Series(texts[inverse], index=kept.index, dtype=object)


LISTING_COLUMNS = (
    "Toimintamalli",
    "Hyvinvointialue",
    "Innokylä",
    "Laajuus",
    "Kehitysvaihe",
    "Pysyvän käyttöönoton päätös",
    "Liitetty Innokylään",
    "Teemat",
    "Esikarsinta (vaihe 1)",
    "Kriteeripisteet (0–10)",
)


def theme_names_joined(kept: pd.DataFrame, book: ThemeBook | None = None) -> pd.Series:
    """Each assessment's themes by name, "; "-joined in the codebook's order."""
    book = book or load_themebook()
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    flags = np.column_stack([flag(kept, theme.column).to_numpy(dtype=np.int64) for theme in book.themes])
    combinations, inverse = distinct_rows(flags)
    texts = np.array(["; ".join(t.name for t, on in zip(book.themes, row) if on) for row in combinations], dtype=object)
    return pd.Series(texts[inverse], index=kept.index, dtype=object)


def listing_table(
    kept: pd.DataFrame,
    codebook: Codebook | None = None,
    book: ThemeBook | None = None,
    screened: pd.DataFrame | None = None,
    screening: bool = True,
    numbers: bool = False,
    outside_scope: str = "",
) -> pd.DataFrame:
    """One row per kept assessment (area, then model name). ``screened`` may cover
    only some of them (the screening's scope): the others get ``outside_scope`` as
    their stage 1 cell (empty by default) and no score. Without ``screening`` the
    two screening columns are left out. With ``numbers`` the score is a number (for
    the spreadsheet), else Finnish text ("8,5")."""
    codebook, book = codebook or load_codebook(), book or load_themebook()
    adoption = codebook.question("adoption")
    decision = adoption.item_column(adoption.item("permanent_decision"))
    attached = kept["attached_to_innokyla"] if "attached_to_innokyla" in kept else pd.Series(pd.NA, index=kept.index)
    screened = screen(kept) if screened is None else screened
    in_scope = kept.index.isin(screened.index)
    scores = {score: (float(score) if numbers else formatting.number(score, 1)) for score in screened["score"].unique()}
    verdicts = pd.Series(outside_scope, index=kept.index, dtype=object)
    score_cells = pd.Series("" if not numbers else None, index=kept.index, dtype=object)
    if in_scope.any():
        verdicts[in_scope] = stage1_verdicts(kept[in_scope], screened.loc[kept.index[in_scope]]).to_numpy()
        score_cells[in_scope] = screened.loc[kept.index[in_scope], "score"].map(scores).to_numpy()
    table = pd.DataFrame(
        {
            "Vastaajan numero": kept["response_id"].astype("string"),
            # text as "string": sorting a million names is then pyarrow's work
            "Toimintamalli": kept["model_name"].astype("string"),
            "Hyvinvointialue": kept["region"].astype("string"),
            "Innokylä": kept["innokyla_url"].astype("string"),
            "Laajuus": kept["scope"].astype(object),
            "Kehitysvaihe": furthest_phase(kept, codebook),
            "Pysyvän käyttöönoton päätös": kept[decision].astype(object),
            "Liitetty Innokylään": np.select(
                [attached.eq(True).fillna(False), attached.eq(False).fillna(False)], [YES, NO], "Ei tietoa"
            ).astype(object),
            "Teemat": theme_names_joined(kept, book),
            "Esikarsinta (vaihe 1)": verdicts,
            "Kriteeripisteet (0–10)": score_cells,
        }
    )
    if not screening:
        table = table.drop(columns=["Esikarsinta (vaihe 1)", "Kriteeripisteet (0–10)"])
    scores_column = table.pop("Kriteeripisteet (0–10)") if screening else None
    table = table.fillna("")
    if scores_column is not None:
        table["Kriteeripisteet (0–10)"] = scores_column if numbers else scores_column.fillna("")
    table["id_order"] = response_ids.order(table["Vastaajan numero"])  # numbers by value, then codes
    return sorted_frame(table, ["Hyvinvointialue", "Toimintamalli", "id_order"]).drop(columns="id_order")


def screened_for_listing(
    kept: pd.DataFrame, screening: Screening, scoped: pd.DataFrame | None = None
) -> pd.DataFrame | None:
    """The screening of this cutoff's assessments that are in the screening's scope
    (``scoped``, from :func:`analysis.processed.read.scoped_assessments`; None: all of
    ``kept``), the listing's cells; None when the screening is left out."""
    if not screening.on:
        return None
    if scoped is not None:
        kept = kept[kept["response_id"].isin(scoped["response_id"])]
    return screen(kept)


def file_headers(checked_on: date | None = None) -> dict[str, str]:
    """The listing files' headers where they differ from the table's column names:
    the report's own words for the Innokylä columns (§12), the attachment column with
    the day of the one check it comes from, and the screening's two columns named as
    the project's reading (§11), not a selection."""
    attached = "Itsearviointi liitetty kuvaukseen"
    return {
        "Innokylä": "Kuvaus Innokylässä",
        "Liitetty Innokylään": f"{attached} ({formatting.date_fi(checked_on)})" if checked_on else attached,
        "Esikarsinta (vaihe 1)": STAGE1_FILE_HEADER,
        "Kriteeripisteet (0–10)": SCORE_FILE_HEADER,
    }


STAGE1_FILE_HEADER = "Vaiheen 1 ehdot (hankkeen tulkinta)"
SCORE_FILE_HEADER = "Kriteeripisteet 0–10 (hankkeen tulkinta)"


def outside_scope_cell(screening: Screening) -> str:
    """The stage 1 cell of an assessment the screening did not look at: its model was
    first assessed after the screening's scope (empty when the scope is everything)."""
    if screening.scope is None:
        return ""
    return f"Ei tarkasteltu: arvioitu vasta {formatting.date_fi(screening.scope)} jälkeen"


def listing_rows(
    kept,
    screening: Screening | None = None,
    scoped: pd.DataFrame | None = None,
    numbers: bool = False,
    checked_on: date | None = None,
) -> list[list[object]]:
    """The listing's rows with a header row (``file_headers``); every text cell
    formula-neutralised. With ``numbers`` the response id and the score stay numbers
    (the spreadsheet); ``checked_on``: the day of the Innokylä check."""
    screening = screening or Screening(scope=None)
    screened = screened_for_listing(kept, screening, scoped)
    table = listing_table(
        kept, screened=screened, screening=screening.on, numbers=numbers, outside_scope=outside_scope_cell(screening)
    )
    columns = ["Vastaajan numero", *[c for c in LISTING_COLUMNS if c in table.columns]]
    headers = file_headers(checked_on)
    return file_rows(table[columns], [headers.get(c, c) for c in columns], numbers)


def file_rows(table: pd.DataFrame, header: list[str], numbers: bool = False) -> list[list[object]]:
    """``header`` and the table's rows for a listing file (in any language), every text
    cell formula-neutralised; with ``numbers`` the first column, the response id, stays
    a number where it is one (the spreadsheet)."""
    rows: list[list[object]] = [list(header)]
    for record in table.itertuples(index=False):
        cells = [neutralise(_plain(v)) for v in record]
        if numbers:
            cells[0] = id_cell(cells[0])
        rows.append(cells)
    return rows


def _plain(value: object) -> object:
    """A numpy or pandas scalar as a Python value; a missing value as None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def listing_csv(rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8
