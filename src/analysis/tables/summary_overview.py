"""What gathers the sections: the key figures side by side over cutoffs, data
quality's exclusion table, ``summary.json`` (every count of the report) and every
table at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from analysis.form.codebook import Codebook, load_codebook
from analysis.language import formatting
from analysis.processed.schema import REASON_LABELS_FI, REASONS
from analysis.tables.listing import listing_table
from analysis.tables.screening import score_distribution, screen, stage1_summary
from analysis.tables.summary import (
    area_counts,
    area_distribution,
    area_distribution_table,
    area_table,
    investment_counts,
    investment_table,
    participants,
    single_choice_counts,
    single_choice_table,
)
from analysis.tables.summary_choices import (
    group_by_dev_counts,
    group_by_dev_table,
    group_sizes_and_overlap,
    key_sentences,
    matrix_counts,
    matrix_table,
    multi_choice_counts,
    multi_choice_table,
    other_texts,
    phase_counts,
    phase_table,
)
from analysis.tables.summary_themes import (
    theme_by_group_counts,
    theme_by_group_table,
    theme_counts,
    theme_review_counts,
    theme_table,
)
from analysis.themes.checking import subtopic_counts
from analysis.themes.rules import ThemeBook, load_themebook

# --- key figures, side by side --------------------------------------------------------


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
        "Sekä alueen että RRP:n edustaja mukana": people["both_represented"],
        "Liitetty Innokylään": int(attached.fillna(False).astype(bool).sum()),
        **{f"{phase} (vaihe saavutettu)": count for phase, count in phases.items()},
    }


ATTACHED = "Liitetty Innokylään"


def attached_label(checked_on: date | None) -> str:
    """The Innokylä figure's name with the date of the one check it comes from."""
    return (
        f"{ATTACHED} (tarkistettu {formatting.date_fi(checked_on)})"
        if checked_on
        else f"{ATTACHED} (tarkistuspäivä ei tiedossa)"
    )


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
        table["Muutos"] = (table.iloc[:, -1] - table.iloc[:, -2]).map(formatting.signed)
        if not attached_dated:
            table.loc[ATTACHED, [formatting.date_fi(d) for d in dates[:-1]] + ["Muutos"]] = ""
    table = table.rename(index={ATTACHED: attached_label(attached_checked_on)})
    table.index.name = "Luku"
    return table.reset_index()


# --- 12. data quality -------------------------------------------------------------------


def exclusion_table(manifest: Mapping) -> pd.DataFrame:
    """Raw rows = kept + excluded by reason."""
    accounting = manifest["accounting"]
    rows = [("Raakarivejä vientitiedostoissa", accounting["raw_rows"])]
    rows += [(REASON_LABELS_FI[r], accounting["excluded"][r]) for r in REASONS]
    rows += [("Mukana yhteenvedossa", accounting["kept"])]
    return pd.DataFrame(rows, columns=["", "Rivejä"])


# --- summary.json ------------------------------------------------------------------------


def summary_json(
    kept: pd.DataFrame,
    manifest: Mapping,
    codebook: Codebook | None = None,
    book: ThemeBook | None = None,
    screened: pd.DataFrame | None = None,
) -> dict:
    """Every count of the summary, keyed by the form's Finnish labels and the official
    area names. The same inputs give the same dict (no build time in it)."""
    codebook, book = codebook or load_codebook(), book or load_themebook()
    q = codebook.question
    regions = area_counts(kept, codebook)
    people = participants(kept)
    screened = screen(kept) if screened is None else screened
    return {
        "cutoff": manifest["cutoff"],
        "n": int(len(kept)),
        "synthetic_data": bool(manifest.get("synthetic_data", False)),
        "regions": {name: int(count) for name, count in regions.items()},
        "regions_distribution": area_distribution(regions),
        "participants": {"total": people["total"], "both_represented": people["both_represented"]},
        "scope": single_choice_counts(kept, q("scope")),
        "investment": investment_counts(kept, codebook),
        "dev_targets": multi_choice_counts(kept, q("dev_targets")),
        "target_groups": multi_choice_counts(kept, q("target_groups")),
        "target_group_other_texts": other_texts(kept, q("target_groups")),
        "target_group_by_dev_target": group_by_dev_counts(kept, codebook),
        "strengthened": multi_choice_counts(kept, q("strengthened")),
        "other_evaluation": multi_choice_counts(kept, q("other_evaluation")),
        "results_evaluation": matrix_counts(kept, q("results_evaluation")),
        "utilisation": matrix_counts(kept, q("utilisation")),
        "adoption": matrix_counts(kept, q("adoption")),
        "phase": phase_counts(kept, codebook),
        "phase_levels": matrix_counts(kept, q("phase")),
        "digital": multi_choice_counts(kept, q("digital")),
        "themes": theme_counts(kept, book),
        "theme_by_target_group": theme_by_group_counts(kept, codebook, book),
        "theme_codes_reviewed": dict(manifest.get("theme_codes_reviewed", {})),
        "theme_subtopics": subtopic_counts(kept, book),
        "theme_review": theme_review_counts(kept, manifest),
        "screening": {
            "stage1": stage1_summary(screened),
            "score_distribution": score_distribution(screened),
        },
        "attached_to_innokyla": int(kept["attached_to_innokyla"].fillna(False).astype(bool).sum())
        if "attached_to_innokyla" in kept
        else 0,
        # the one check the Innokylä figure comes from (not a count per cutoff)
        "attached_to_innokyla_checked_on": manifest.get("listing_status_checked_on"),
        "target_group_with_other_groups": group_sizes_and_overlap(kept, codebook),
        "raw_rows": int(manifest["accounting"]["raw_rows"]),
        "excluded": dict(manifest["accounting"]["excluded"]),
        "inputs": [{"file": f["file"], "sha256": f["sha256"]} for f in manifest["inputs"]]
        + list(manifest.get("hand_kept_files", [])),
    }


# --- every table at once -------------------------------------------------------------------


def report_tables(
    by_cutoff: Mapping[date, pd.DataFrame],
    cutoff: date,
    manifest: Mapping,
    codebook: Codebook | None = None,
    book: ThemeBook | None = None,
) -> dict[str, object]:
    """Every table and count the report shows for ``cutoff``, computed without drawing
    anything (for scripted use and the benchmarks): ``by_cutoff`` holds the kept
    assessments of ``cutoff`` and of the earlier cutoffs it is compared with."""
    from analysis.tables.screening import shortlist

    codebook, book = codebook or load_codebook(), book or load_themebook()
    kept = by_cutoff[cutoff]
    q = codebook.question
    screened = screen(kept)
    tables: dict[str, object] = {
        "key_figures": key_figures_table(by_cutoff, cutoff),
        "areas": area_table(by_cutoff, cutoff),
        "area_distribution": area_distribution_table(by_cutoff, cutoff),
        "participants": participants(kept),
        "participant_roles": multi_choice_counts(kept, q("participant_roles")),
        "scope": single_choice_table(kept, q("scope")),
        "investment": investment_table(kept, codebook),
        "investment_other": other_texts(kept, q("investment")),
        "target_groups_other": other_texts(kept, q("target_groups")),
        "target_group_by_dev_target": group_by_dev_table(kept, codebook),
        "key_sentences": key_sentences(kept, codebook),
        "phase": phase_table(kept, codebook),
        "themes": theme_table(kept, book),
        "theme_by_target_group": theme_by_group_table(kept, codebook, book),
        "screening_stage1": stage1_summary(screened),
        "screening_scores": score_distribution(screened),
        "shortlist": shortlist(kept, screened),
        "listing": listing_table(kept, codebook, book, screened),
        "exclusions": exclusion_table(manifest),
        "summary_json": summary_json(kept, manifest, codebook, book, screened),
    }
    for question_id in ("dev_targets", "target_groups", "strengthened", "other_evaluation", "digital"):
        tables[question_id] = multi_choice_table(kept, q(question_id))
    for question_id in ("results_evaluation", "utilisation", "adoption"):
        tables[question_id] = matrix_table(kept, q(question_id))
    return tables
