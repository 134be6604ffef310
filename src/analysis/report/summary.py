"""summary.json: every count of the report, gathered from the figures of the same
:class:`~analysis.report.section.Section` objects the report shows, keyed by the
form's Finnish labels and the official area names. The same inputs give the same
dict (no build time in it)."""

from __future__ import annotations

from collections.abc import Iterable

from analysis.report.data import ReportData
from analysis.report.section import Section
from analysis.report.sections import report_sections

# The keys of summary.json in their order (a section gives some of them).
KEYS = (
    "cutoff",
    "n",
    "synthetic_data",
    "report_kind",
    "regions",
    "regions_distribution",
    "participants",
    "scope",
    "investment",
    "dev_targets",
    "target_groups",
    "target_group_other_texts",
    "target_group_by_dev_target",
    "strengthened",
    "other_evaluation",
    "results_evaluation",
    "utilisation",
    "adoption",
    "phase",
    "phase_levels",
    "digital",
    "themes",
    "theme_by_target_group",
    "theme_codes_reviewed",
    "theme_subtopics",
    "theme_review",
    "attached_to_innokyla",
    "attached_to_innokyla_checked_on",
    "target_group_with_other_groups",
    "raw_rows",
    "excluded",
    "inputs",
    "screening",
    "panel_review",
)


def summary_from_sections(sections: Iterable[Section]) -> dict:
    """The sections' figures in summary.json's order; a figure given by two
    sections, or one summary.json does not name, is a mistake in the code."""
    figures: dict[str, object] = {}
    for section in sections:
        for key, value in section.figures.items():
            if key in figures:
                raise ValueError(f"summary.json: {key!r} given by two sections (the second: {section.id})")
            if key not in KEYS:
                raise ValueError(f"summary.json: section {section.id} gives {key!r}, which KEYS does not name")
            figures[key] = value
    return {key: figures[key] for key in KEYS if key in figures}


def summary_json(r: ReportData) -> dict:
    """summary.json of the report of ``r``."""
    return summary_from_sections(report_sections(r))
