"""Counting the answers to one question of the form, whatever its type: a single
choice (counts and largest-remainder percentages that sum to 100), a multiple
choice (each option, derived options included, and the "Muu, mikä?" texts) and a
matrix (each statement's answers on the scale). Every function takes the kept
assessments of one cutoff and gives Finnish labels, as the report shows them;
percentages are shares of all assessments at the cutoff unless a table says
otherwise, and shares of a multiple choice do not sum to 100."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.arrow_columns import flag
from analysis.form.codebook import Question
from analysis.language import formatting

NO_ANSWER = "Ei vastausta"


def value_counts(values: pd.Series) -> dict[object, int]:
    """Value -> rows (missing values not counted). A categorical column is counted
    by its codes, not converted to a million Python objects first."""
    counts = values.value_counts()
    return {key: int(n) for key, n in zip(counts.index.astype(object), counts.to_numpy()) if n}


def single_choice_counts(kept: pd.DataFrame, question: Question) -> dict[str, int]:
    counts = value_counts(kept[question.id])
    return {o.label: counts.get(o.label, 0) for o in question.options}


def single_choice_table(kept: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Counts in form order, and percentages rounded by the largest-remainder method
    so that they sum to 100 (ties in form order)."""
    counts = single_choice_counts(kept, question)
    missing = int(kept[question.id].isna().sum())
    labels = list(counts) + ([NO_ANSWER] if missing else [])
    values = list(counts.values()) + ([missing] if missing else [])
    table = pd.DataFrame({question.text: labels, "Lukumäärä": values, "%": largest_percent(values)})
    return with_total(table, question.text)


def largest_percent(values: Sequence[int]) -> list[str]:
    return [formatting.number(p) for p in formatting.largest_remainder(values)]


def with_total(table: pd.DataFrame, label_column: str) -> pd.DataFrame:
    total = {label_column: "Yhteensä", "Lukumäärä": int(table["Lukumäärä"].sum()), "%": "100"}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def choice_flags(kept: pd.DataFrame, question: Question) -> dict[str, pd.Series]:
    """Option label -> who chose it, for every option and every derived option (e.g.
    "Sekä so- että te-kehittämistä": both health and social care chosen)."""
    flags = {o.label: flag(kept, question.option_column(o)) for o in question.options}
    for derived in question.derived:
        chosen = pd.Series(True, index=kept.index)
        for option_id in derived.all_of:
            chosen &= flags[question.option(option_id).label]
        flags[derived.label] = chosen
    return flags


def multi_choice_counts(kept: pd.DataFrame, question: Question) -> dict[str, int]:
    """Option label -> assessments that chose it (derived options included)."""
    return {label: int(chosen.sum()) for label, chosen in choice_flags(kept, question).items()}


def displayed(counts: dict[str, int], question: Question) -> dict[str, int]:
    """Counts by option label -> by the label a table prints (an option's ``short``:
    "Muu asiakasryhmä" for the form's "Muu, mikä?"); derived options as they are."""
    shown = {o.label: o.display for o in question.options}
    return {shown.get(label, label): count for label, count in counts.items()}


def multi_choice_table(kept: pd.DataFrame, question: Question) -> pd.DataFrame:
    counts = displayed(multi_choice_counts(kept, question), question)
    n = len(kept)
    return pd.DataFrame(
        {
            question.text: list(counts),
            "Lukumäärä": list(counts.values()),
            "% arvioinneista": [formatting.number(formatting.share(c, n)) for c in counts.values()],
        }
    )


def other_texts(kept: pd.DataFrame, question: Question) -> list[str]:
    """The "Muu, mikä?" texts of a multi-selection, as written (distinct, sorted)."""
    other = question.other_option
    if other is None:
        return []
    texts = kept[question.other_text_column(other)].dropna().astype(str).str.strip()
    return sorted({t for t in texts if t})


def matrix_counts(kept: pd.DataFrame, question: Question) -> dict[str, dict[str, int]]:
    """Item text -> scale label -> count (and "Ei vastausta" when some left it empty)."""
    result = {}
    for item in question.items:
        column = kept[question.item_column(item)]
        counts = value_counts(column)
        row = {label: counts.get(label, 0) for label in question.scale}
        missing = int(column.isna().sum())
        if missing:
            row[NO_ANSWER] = missing
        result[item.text] = row
    return result


def matrix_table(kept: pd.DataFrame, question: Question) -> pd.DataFrame:
    counts = matrix_counts(kept, question)
    columns = list(question.scale) + ([NO_ANSWER] if any(NO_ANSWER in r for r in counts.values()) else [])
    table = pd.DataFrame([{c: row.get(c, 0) for c in columns} for row in counts.values()], index=list(counts))
    table.index.name = question.text
    return table.reset_index()
