"""What the report notebook shows, section by section.

The notebook (notebooks/summary_report.ipynb) holds the parameters, the headings
and the fixed narrative; each of its code cells calls one method here, which
makes the section's data (analysis.report.sections) and shows it through the one
renderer (analysis.report.render).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Self

from analysis.report import charts, render
from analysis.report.data import COMPETITION_CUTOFF, ReportData
from analysis.report.sections import (
    areas_and_participants,
    data_quality,
    form_choices,
    listing,
    panel,
    screening,
    themes,
    title_and_closing,
)


class Report(ReportData):
    """One cutoff's report: the notebook calls one method per cell."""

    @classmethod
    def load(
        cls,
        cutoff: str,
        processed_dir: str | Path,
        compare_with: Sequence[str] = (),
        screening: bool = True,
        screening_scope: str = COMPETITION_CUTOFF,
        panel_dir: str | Path = "",
    ) -> Self:
        """The report's data (:meth:`ReportData.load`), with the charts' style set."""
        charts.style()
        return super().load(cutoff, processed_dir, compare_with, screening, screening_scope, panel_dir)

    def header(self) -> None:
        render.show(title_and_closing.title(self))

    def areas(self) -> None:
        render.show(areas_and_participants.areas(self))

    def participants(self) -> None:
        render.show(areas_and_participants.participants(self))

    def scope(self) -> None:
        render.show(form_choices.scope(self))

    def investments(self) -> None:
        render.show(form_choices.investments(self))

    def dev_targets(self) -> None:
        render.show(form_choices.dev_targets(self))

    def target_groups(self) -> None:
        render.show(form_choices.target_groups(self))

    def evaluation(self) -> None:
        render.show(form_choices.evaluation(self))

    def phase(self) -> None:
        render.show(form_choices.phase(self))

    def digital(self) -> None:
        render.show(form_choices.digital(self))

    def themes(self) -> None:
        render.show(themes.themes(self))

    def theme_syntheses(self) -> None:
        render.show(themes.theme_syntheses(self))

    def theme_method(self) -> None:
        render.show(themes.theme_method(self))

    def screening(self) -> None:
        render.show(screening.screening(self))

    def panel_review(self) -> None:
        """Asiantuntija-arvio: nothing until review-collect has written the panel's results."""
        render.show(panel.panel(self))

    def listing(self) -> None:
        render.show(listing.listing(self))

    def data_quality(self) -> None:
        render.show(data_quality.data_quality(self))

    def closing(self) -> None:
        render.show(title_and_closing.closing(self))
