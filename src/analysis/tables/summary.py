"""The published summary, section by section, computed from the cleaned assessments.

Every function takes the kept assessments of one cutoff (``data/processed/<cutoff>/
assessments.parquet``) and returns a table with Finnish labels, as the report shows
it; :func:`summary_json` gathers the counts into the machine-readable
``summary.json``. Percentages are shares of all assessments at the cutoff unless a
table says otherwise; shares of a multi-selection do not sum to 100.

Sections, in the order of THL's summary: here 1 areas, 2 participants, 3 scope,
4 investments; in :mod:`analysis.tables.summary_choices` 5 development targets, 6 target
groups, 7 evaluation and utilisation, 8 phases, 9 digital services; in
:mod:`analysis.tables.summary_themes` 10 result themes; in :mod:`analysis.tables.listing` the
listing; in :mod:`analysis.tables.summary_overview` the key figures side by side, data
quality, ``summary.json`` and every table at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TypedDict

import numpy as np
import pandas as pd

from analysis import config
from analysis.arrow_columns import distinct_rows, flag
from analysis.form.codebook import Codebook, Question, load_codebook
from analysis.language import finnish, formatting

NO_ANSWER = "Ei vastausta"


def value_counts(values: pd.Series) -> dict[object, int]:
    """Value -> rows (missing values not counted). A categorical column is counted
    by its codes, not converted to a million Python objects first."""
    counts = values.value_counts()
    return {key: int(n) for key, n in zip(counts.index.astype(object), counts.to_numpy()) if n}


# --- 1. areas -------------------------------------------------------------------------


def area_counts(kept: pd.DataFrame, codebook: Codebook | None = None) -> pd.Series:
    """Official area name -> assessments; all 22 areas in code order, zeros included."""
    codebook = codebook or load_codebook()
    names = codebook.region_names
    counts = value_counts(kept["region"])
    return pd.Series([counts.get(name, 0) for name in names], index=names, dtype=int)


def area_distribution(counts: pd.Series) -> dict[str, int]:
    return {
        "at_least_3": int((counts >= 3).sum()),
        "exactly_2": int((counts == 2).sum()),
        "exactly_1": int((counts == 1).sum()),
        "none": int((counts == 0).sum()),
    }


def stm_target(cutoff: date) -> tuple[int, int | None] | None:
    """The ministry's recommendation in force at ``cutoff`` (lowest, highest), if any."""
    target = None
    for since, low, high in config.STM_TARGETS:
        if cutoff >= since:
            target = (low, high)
    return target


def area_table(by_cutoff: Mapping[date, pd.DataFrame], cutoff: date) -> pd.DataFrame:
    """Assessments per area at ``cutoff`` and at each earlier cutoff given, with the
    change since the previous one and the ministry's target where one applies."""
    dates = sorted(d for d in by_cutoff if d <= cutoff)
    table = pd.DataFrame({formatting.date_fi(d): area_counts(by_cutoff[d]) for d in dates})
    table.index.name = "Hyvinvointialue"
    if len(dates) > 1:
        table[f"Muutos {formatting.date_fi(dates[-2])} – {formatting.date_fi(dates[-1])}"] = (
            table.iloc[:, -1] - table.iloc[:, -2]
        ).map(formatting.signed)
    target = stm_target(cutoff)
    if target:
        low, high = target
        current = table[formatting.date_fi(cutoff)]
        label = f"STM:n tavoite ({low}–{high})" if high else f"STM:n tavoite (vähintään {low})"
        table[label] = current.map(lambda n: "täyttyy" if n >= low else "ei täyty")
    return table.reset_index()


def area_distribution_table(by_cutoff: Mapping[date, pd.DataFrame], cutoff: date) -> pd.DataFrame:
    rows = {
        "at_least_3": "Vähintään 3",
        "exactly_2": "Tasan 2",
        "exactly_1": "Tasan 1",
        "none": "Ei yhtään",
    }
    dates = sorted(d for d in by_cutoff if d <= cutoff)
    data = {formatting.date_fi(d): area_distribution(area_counts(by_cutoff[d])) for d in dates}
    table = pd.DataFrame({col: [dist[k] for k in rows] for col, dist in data.items()}, index=list(rows.values()))
    table.index.name = "Arviointeja alueella"
    return table.reset_index()


# --- 2. participants ------------------------------------------------------------------


class Participants(TypedDict):
    """The participants' figures of section 2."""

    total: int
    both_represented: int
    both_percent: float
    participants_missing: int


def participants(kept: pd.DataFrame) -> Participants:
    both = flag(kept, "participant_roles__region_representative") & flag(kept, "participant_roles__rrp_representative")
    return {
        "total": int(kept["participants"].fillna(0).sum()),
        "both_represented": int(both.sum()),
        "both_percent": formatting.share(int(both.sum()), len(kept)),
        "participants_missing": int(kept["participants"].isna().sum()),
    }


# --- 3. single choices (scope) ----------------------------------------------------------


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


# --- 4. investments -------------------------------------------------------------------


def _join_fi(parts: Sequence[str]) -> str:
    """['I1', 'I2', 'I4'] -> 'I1, I2 ja I4'"""
    return finnish.join(parts)


def investment_labels(kept: pd.DataFrame, codebook: Codebook | None = None) -> pd.Series:
    """Each assessment's investment combination: the options in form order joined
    ("I1 ja I4"), a "Muu, mikä?" answer shown by its text ("RRP3")."""
    codebook = codebook or load_codebook()
    q = codebook.question("investment")
    other = q.other_option
    columns = [(o, q.option_column(o)) for o in q.options]
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    chosen = np.column_stack([kept[column].fillna(False).to_numpy(dtype=np.int64) for _, column in columns])
    other_text = pd.Series("", index=kept.index, dtype="string")
    if other:
        written = kept[q.other_text_column(other)].astype("string").str.strip().fillna("")
        other_text = written.where(chosen[:, [o for o, _ in columns].index(other)] == 1, "")
    text_codes, texts = pd.factorize(other_text)
    # one label per distinct (choices, "other" text): computed once, not once per row
    combinations, inverse = distinct_rows(np.column_stack([chosen, text_codes]))

    def label(row) -> str:
        text = texts[row[-1]]
        parts = [
            (text or option.label) if option is other else option.label
            for (option, _), on in zip(columns, row[:-1])
            if on
        ]
        return _join_fi(parts) if parts else NO_ANSWER

    labels = np.array([label(row) for row in combinations], dtype=object)
    return pd.Series(labels[inverse], index=kept.index, dtype=object)


def investment_counts(kept: pd.DataFrame, codebook: Codebook | None = None) -> dict[str, int]:
    """Combination -> count, in the order of THL's table: single investments first by
    their label (a "Muu" answer naming a part of an investment, such as I1B, next to
    it), then combinations by size in form order, then "Muu" answers naming something
    else (RRP3), then no answer."""
    codebook = codebook or load_codebook()
    q = codebook.question("investment")
    order = {o.label: i for i, o in enumerate(q.options) if o is not q.other_option}
    labels = investment_labels(kept, codebook)
    counts = labels.value_counts()

    def key(label: str):
        parts = label.replace(" ja ", ", ").split(", ")
        known = all(p in order for p in parts)
        part_of_one = len(parts) == 1 and any(label.startswith(o) for o in order)
        kind = 0 if (known and len(parts) == 1) or part_of_one else (1 if known else 2)
        return (label == NO_ANSWER, kind, len(parts), [order.get(p, 99) for p in parts] if kind == 1 else [], label)

    return {label: int(counts[label]) for label in sorted(counts.index, key=key)}


def investment_table(
    kept: pd.DataFrame, codebook: Codebook | None = None, labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Counts and percentages with one decimal and a decimal comma, summing to 100,0.
    ``labels`` renames combinations the way THL's table writes them
    ("I1, I2 ja I4" as "I2, I1 ja I4", from report_texts.yaml)."""
    counts = investment_counts(kept, codebook)
    counts = {(labels or {}).get(label, label): count for label, count in counts.items()}
    shares = formatting.largest_remainder(list(counts.values()), decimals=1)
    table = pd.DataFrame(
        {
            "Investointi": list(counts),
            "Lukumäärä": list(counts.values()),
            "%": [formatting.number(s, 1) for s in shares],
        }
    )
    total = {"Investointi": "Yhteensä", "Lukumäärä": int(sum(counts.values())), "%": "100,0"}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)
