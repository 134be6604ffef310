"""The report's key figures, side by side over the cutoffs with the change since
the previous one (the Innokylä figure named by the one check it comes from)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.form.codebook import Codebook, load_codebook
from analysis.language import formatting
from analysis.tables.areas_and_participants import area_counts, area_distribution, participants
from analysis.tables.phases import phase_counts

ATTACHED = "Liitetty Innokylään"


def key_figures(kept: pd.DataFrame, codebook: Codebook | None = None) -> dict[str, int]:
    """The headline numbers of one cutoff, labelled as the report prints them."""
    codebook = codebook or load_codebook()
    people = participants(kept)
    phases = phase_counts(kept, codebook)
    attached = kept["attached_to_innokyla"] if "attached_to_innokyla" in kept else pd.Series(dtype="boolean")
    return {
        "Itsearviointeja": len(kept),
        "Alueita, joilla vähintään 3 arviointia": area_distribution(area_counts(kept, codebook))["at_least_3"],
        "Arviointeihin osallistuneita henkilöitä": people["total"],
        "Hyvinvointialueen ja RRP-hankkeen edustaja mukana": people["both_represented"],
        "Liitetty Innokylään": int(attached.fillna(False).astype(bool).sum()),
        **{f"{phase} (vaihe saavutettu)": count for phase, count in phases.items()},
    }


def attached_label(checked_on: date | None) -> str:
    """The Innokylä figure's name with the date of the one check it comes from."""
    return (
        f"{ATTACHED} (tarkistettu {formatting.date_fi(checked_on)})"
        if checked_on
        else f"{ATTACHED} (tarkistuspäivä ei tiedossa)"
    )


def change_column(dates: list[date]) -> str:
    """The change column's name with its baseline, a range that does not break:
    "Muutos 31.10.–31.12.2025" (:func:`formatting.date_range_fi`)."""
    return f"Muutos {formatting.date_range_fi(dates[-2], dates[-1])}"


@dataclass(frozen=True)
class Returned:
    """The assessments returned between two cutoffs: ``returned`` new answers, of
    which ``replaced`` were a model's reassessment that replaced its earlier
    assessment (the earlier one is then left out as superseded), so the count grew
    by ``returned - replaced``. ``fresh_phases``: how many of the newly assessed
    models reached each phase; ``reassessed``: each reassessed model's highest
    phase reached before and now (None: no phase reached)."""

    returned: int
    replaced: int
    fresh_phases: dict[str, int]
    reassessed: list[tuple[str | None, str | None]]

    @property
    def growth(self) -> int:
        return self.returned - self.replaced


def highest_phase(row: pd.DataFrame, codebook: Codebook) -> str | None:
    """The last phase (in the form's order) that one assessment reached."""
    reached = [name for name, count in phase_counts(row, codebook).items() if count]
    return reached[-1] if reached else None


def returned_between(before: pd.DataFrame, now: pd.DataFrame, codebook: Codebook | None = None) -> Returned:
    """What came in between two cutoffs (``before`` and ``now`` are their kept
    assessments): an assessment of ``before`` missing from ``now`` was replaced by a
    reassessment of the same model (``model_key``)."""
    codebook = codebook or load_codebook()
    new = now[~now["response_id"].isin(before["response_id"])]
    gone = before[~before["response_id"].isin(now["response_id"])]
    again = new["model_key"].isin(gone["model_key"])
    reassessed = [
        (
            highest_phase(gone[gone["model_key"] == key].tail(1), codebook),
            highest_phase(new[new["model_key"] == key].tail(1), codebook),
        )
        for key in new.loc[again, "model_key"]
    ]
    return Returned(len(new), len(gone), phase_counts(new[~again], codebook), reassessed)


def key_figures_table(
    by_cutoff: Mapping[date, pd.DataFrame],
    cutoff: date,
    attached_checked_on: date | None = None,
    attached_dated: bool = False,
) -> pd.DataFrame:
    """Key figures at ``cutoff`` and each earlier cutoff given, with the change since
    the previous one. "Liitetty Innokylään" is one check made on one date: unless
    the listing-status file gives every attached model its attachment day
    (``attached_dated``), it is shown for ``cutoff`` only, named with its check date,
    and never as a change over cutoffs."""
    dates = sorted(d for d in by_cutoff if d <= cutoff)
    figures = {formatting.date_fi(d): key_figures(by_cutoff[d]) for d in dates}
    table = pd.DataFrame(figures).astype(object)
    if len(dates) > 1:
        change = change_column(dates)
        table[change] = (table.iloc[:, -1] - table.iloc[:, -2]).map(formatting.signed)
        if not attached_dated:
            table.loc[ATTACHED, [formatting.date_fi(d) for d in dates[:-1]] + [change]] = ""
    table = table.rename(index={ATTACHED: attached_label(attached_checked_on)})
    table.index.name = "Luku"
    return table.reset_index()
