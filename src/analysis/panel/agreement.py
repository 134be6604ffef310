"""The expert panel's agreement and disagreements.

Agreement is Krippendorff's alpha for ordinal data (Krippendorff 2011, "Computing
Krippendorff's Alpha-Reliability"), computed by the ``krippendorff`` package: any
number of reviewers, missing ratings allowed. Per stage 2 item the units are the
models; overall the units are (model, item) pairs. The (model, item) pairs whose
reviewers' scores differ by more than the margin of ``criteria.yaml`` go to a
consensus meeting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.tables.screening import CriteriaBook

ALL_ITEMS = "Kaikki kohdat"


def ordinal_alpha(matrix: np.ndarray, domain: Sequence[int]) -> float | None:
    """Krippendorff's ordinal alpha of a reviewers × units matrix (NaN = no rating);
    None when it is not defined (fewer than two ratings of a unit, or one value only)."""
    import krippendorff

    pairable = (np.sum(~np.isnan(matrix), axis=0) >= 2) if matrix.size else np.array([], dtype=bool)
    values = matrix[:, pairable] if matrix.size else matrix
    if not pairable.any() or len(np.unique(values[~np.isnan(values)])) < 2:
        return None
    value = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal", value_domain=list(domain))
    return None if value is None or math.isnan(value) else float(value)


def _matrix(scores: pd.DataFrame, units: list) -> np.ndarray:
    reviewers = sorted(scores["reviewer"].unique())
    index = {u: k for k, u in enumerate(units)}
    matrix = np.full((len(reviewers), len(units)), np.nan)
    rows = {r: k for k, r in enumerate(reviewers)}
    for r in scores.itertuples(index=False):
        key = (r.response_id, r.item) if isinstance(units[0], tuple) else r.response_id
        matrix[rows[r.reviewer], index[key]] = r.score
    return matrix


def agreement(scores: pd.DataFrame, book: CriteriaBook) -> list[dict]:
    """Per stage 2 item and over all items: alpha, the ratings it rests on (those of
    models with at least two ratings) and the models."""
    out: list[dict[str, object]] = []
    domain = sorted(book.scale)
    parts = [(item.label, scores[scores["item"] == item.id], False) for item in book.stage2]
    parts.append((ALL_ITEMS, scores, True))
    for label, part, pooled in parts:
        if part.empty:
            out.append({"item": label, "alpha": None, "ratings": 0, "models": 0})
            continue
        units = sorted(set(zip(part["response_id"], part["item"]))) if pooled else sorted(part["response_id"].unique())
        matrix = _matrix(part, units)
        counts = np.sum(~np.isnan(matrix), axis=0)
        pairable = counts >= 2
        out.append(
            {
                "item": label,
                "alpha": ordinal_alpha(matrix, domain),
                "ratings": int(counts[pairable].sum()),
                "models": int(
                    part.loc[
                        part["response_id"].isin([u[0] if pooled else u for u, p in zip(units, pairable) if p]),
                        "response_id",
                    ].nunique()
                ),
            }
        )
    return out


def disagreements(scores: pd.DataFrame, book: CriteriaBook) -> pd.DataFrame:
    """The (model, item) pairs whose reviewers' scores differ by more than the margin."""
    labels = {i.id: i.label for i in book.stage2}
    rows = []
    for (response_id, item), part in scores.groupby(["response_id", "item"], sort=True):
        if len(part) >= 2 and part["score"].max() - part["score"].min() > book.disagreement_margin:
            given = ", ".join(f"{r.reviewer} {r.score}" for r in part.sort_values("reviewer").itertuples())
            rows.append(
                {
                    "response_id": str(response_id),
                    "item": labels.get(item, item),
                    "difference": int(part["score"].max() - part["score"].min()),
                    "scores": given,
                }
            )
    order = {i.label: k for k, i in enumerate(book.stage2)}
    frame = pd.DataFrame(rows, columns=["response_id", "item", "difference", "scores"])
    return frame.sort_values(
        ["response_id", "item"], key=lambda s: s.map(order) if s.name == "item" else s, ignore_index=True
    )


# --- final ranking ----------------------------------------------------------------------
