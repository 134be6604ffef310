"""The investments the models were developed in: each assessment's investment or
combination of investments, a "Muu, mikä?" answer shown by its text."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.arrow_columns import distinct_rows
from analysis.form.codebook import Codebook, load_codebook
from analysis.language import finnish, formatting
from analysis.tables.answers import NO_ANSWER


def _join_fi(parts: Sequence[str]) -> str:
    """['I1', 'I2', 'I4'] -> 'I1, I2 ja I4'"""
    return finnish.join(parts)


def investment_labels(
    kept: pd.DataFrame,
    codebook: Codebook | None = None,
    join: Callable[[list[str]], str] = _join_fi,
    names: Mapping[str, str] | None = None,
) -> pd.Series:
    """Each assessment's investment combination: the options in form order joined
    ("I1 ja I4"), a "Muu, mikä?" answer shown by its text ("RRP3"). ``join`` and
    ``names`` (option id -> its name) write it in another language ("I1 and I4");
    no answer is :data:`NO_ANSWER` in every language."""
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
            (text or name(option)) if option is other else name(option)
            for (option, _), on in zip(columns, row[:-1])
            if on
        ]
        return join(parts) if parts else NO_ANSWER

    def name(option) -> str:
        return (names or {}).get(option.id, option.label)

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
