"""Who took part: assessments per wellbeing services county (all 22, over the
cutoffs, with the ministry's target for each cutoff), and the people who took part
in the assessments."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypedDict

import pandas as pd

from analysis import config
from analysis.arrow_columns import flag
from analysis.form.codebook import Codebook, load_codebook
from analysis.language import formatting
from analysis.tables.answers import value_counts


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


def target_column(low: int, high: int | None) -> str:
    """The target column's name: it checks only the lower bound of the ministry's
    recommendation, so it is named by that bound ("Vähintään 3 arviointia (STM:n
    suositus 3–5)"), never as if 9 assessments were within 3–5."""
    assessments = "arviointi" if low == 1 else "arviointia"
    recommendation = f"STM:n suositus {formatting.range_fi(low, high)}" if high else "STM:n suositus"
    return f"Vähintään {low} {assessments} ({recommendation})"


def area_table(by_cutoff: Mapping[date, pd.DataFrame], cutoff: date) -> pd.DataFrame:
    """Assessments per area at ``cutoff`` and at each earlier cutoff given, with the
    change since the previous one and the ministry's target where one applies."""
    dates = sorted(d for d in by_cutoff if d <= cutoff)
    table = pd.DataFrame({formatting.date_fi(d): area_counts(by_cutoff[d]) for d in dates})
    table.index.name = "Hyvinvointialue"
    if len(dates) > 1:
        table[f"Muutos {formatting.date_range_fi(dates[-2], dates[-1])}"] = (table.iloc[:, -1] - table.iloc[:, -2]).map(
            formatting.signed
        )
    target = stm_target(cutoff)
    if target:
        low, high = target
        current = table[formatting.date_fi(cutoff)]
        table[target_column(low, high)] = current.map(lambda n: "kyllä" if n >= low else "ei")
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
