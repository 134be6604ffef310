"""The report's sections as data: each function here takes the report's data
(:class:`analysis.report.data.ReportData`) and gives a
:class:`analysis.report.section.Section` – its sentences, tables, charts and
the figures summary.json holds. Grouped by concern, one module each."""

from __future__ import annotations

from collections.abc import Callable

from analysis.report.data import ReportData
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

# Every section function in the report's order (the notebook shows one per cell).
ORDER: tuple[Callable[[ReportData], Section], ...] = (
    title_and_closing.title,
    areas_and_participants.areas,
    areas_and_participants.participants,
    form_choices.scope,
    form_choices.investments,
    form_choices.dev_targets,
    form_choices.target_groups,
    form_choices.evaluation,
    form_choices.phase,
    form_choices.digital,
    themes.themes,
    themes.theme_syntheses,
    themes.theme_method,
    screening.screening,
    panel.panel,
    listing.listing,
    data_quality.data_quality,
    title_and_closing.closing,
    appendix.appendix,
)


def report_sections(r: ReportData) -> list[Section]:
    """The report's sections for ``r`` in order: without the screening when it is
    left out, without the panel's until its scores are collected."""
    made = [section(r) for section in ORDER if r.screening_on or section is not screening.screening]
    return [s for s in made if s.blocks or s.figures]


__all__ = ["ORDER", "report_sections"]
