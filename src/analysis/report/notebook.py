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

from analysis.files.outputs import write_json
from analysis.report import charts, render
from analysis.report.data import COMPETITION_CUTOFF, ReportData
from analysis.report.section import Section
from analysis.report.sections import (
    appendix,
    areas_and_participants,
    data_quality,
    form_choices,
    listing,
    panel,
    screening,
    themes,
    title_and_closing,
)
from analysis.report.summary import summary_from_sections


class Report(ReportData):
    """One cutoff's report: the notebook calls one method per cell."""

    shown: list[Section]  # the sections shown so far, in order (set by load)

    @classmethod
    def load(
        cls,
        cutoff: str,
        processed_dir: str | Path,
        compare_with: Sequence[str] = (),
        screening: bool = True,
        screening_scope: str = COMPETITION_CUTOFF,
        panel_dir: str | Path = "",
        screening_ranked: bool = False,
        public: bool = False,
        language: str = "fi",
    ) -> Self:
        """The report's data (:meth:`ReportData.load`), with the charts' style set."""
        charts.style()
        report = super().load(
            cutoff,
            processed_dir,
            compare_with,
            screening,
            screening_scope,
            panel_dir,
            screening_ranked,
            public,
            language,
        )
        report.shown = []
        return report

    def _show(self, section: Section) -> None:
        """Show a section and keep it: summary.json is made of the sections shown."""
        self.shown.append(section)
        render.show(section, self.language)

    def write_summary(self, path: str | Path) -> None:
        """summary.json of the sections this notebook showed, written atomically to
        ``path`` (the build's parameter; nothing when it is empty)."""
        if path:
            write_json(summary_from_sections(self.shown), Path(path))

    def write_slides(self, path: str | Path) -> None:
        """The slide deck (report.pptx) of the sections this notebook showed, written
        atomically to ``path`` (the build's parameter with --slides; nothing when empty)."""
        if path:
            from analysis.report.slides import write_deck  # python-pptx: only when asked for

            write_deck(self.shown, self, Path(path))

    def header(self) -> None:
        self._show(title_and_closing.title(self))

    def areas(self) -> None:
        self._show(areas_and_participants.areas(self))

    def participants(self) -> None:
        self._show(areas_and_participants.participants(self))

    def scope(self) -> None:
        self._show(form_choices.scope(self))

    def investments(self) -> None:
        self._show(form_choices.investments(self))

    def dev_targets(self) -> None:
        self._show(form_choices.dev_targets(self))

    def target_groups(self) -> None:
        self._show(form_choices.target_groups(self))

    def evaluation(self) -> None:
        self._show(form_choices.evaluation(self))

    def phase(self) -> None:
        self._show(form_choices.phase(self))

    def digital(self) -> None:
        self._show(form_choices.digital(self))

    def themes(self) -> None:
        self._show(themes.themes(self))

    def theme_syntheses(self) -> None:
        self._show(themes.theme_syntheses(self))

    def theme_method(self) -> None:
        self._show(themes.theme_method(self))

    def screening(self) -> None:
        self._show(screening.screening(self))

    def panel_review(self) -> None:
        """Asiantuntija-arvio: nothing until review-collect has written the panel's results."""
        self._show(panel.panel(self))

    def listing(self) -> None:
        self._show(listing.listing(self))

    def data_quality(self) -> None:
        self._show(data_quality.data_quality(self))

    def closing(self) -> None:
        self._show(title_and_closing.closing(self))

    def appendix(self) -> None:
        """Tekninen liite: the version, the source files, the rows by file and row."""
        self._show(appendix.appendix(self))
