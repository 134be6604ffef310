"""data/raw -> data/processed, the write side: read the exports once, clean at each
cutoff, write each cutoff's folder atomically. What the folder holds, and how it is
read back, is :mod:`analysis.processed.read`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

from analysis import config
from analysis.files.grid import ExportError, sha256_of
from analysis.files.outputs import build_time, code_version, output_path, staged_dirs, write_json, write_parquet
from analysis.form.codebook import Codebook, load_codebook
from analysis.ingest.analyst_decisions import (
    Exclusions,
    ListingStatus,
    codes_in_no_export,
    read_exclusions,
    read_listing_status,
    read_theme_codes,
)
from analysis.ingest.cleaning import Cleaned, clean
from analysis.ingest.exports import discover_exports, read_exports
from analysis.ingest.ingested import Ingested
from analysis.processed.read import ASSESSMENTS_FILE, EXCLUDED_FILE, MANIFEST_FILE, PROBLEMS_FILE, cutoff_dir
from analysis.processed.schema import problems_frame
from analysis.themes.coder import TEXT_COLUMN, CheckedCodes, OverrideSummary, apply_checked
from analysis.themes.columns import code_texts
from analysis.themes.rules import load_themebook

T = TypeVar("T")


class InputError(Exception):
    """The inputs cannot be used; ``failures`` says which file and why (each a
    whole-file problem with its catalogued messages, in English or Finnish)."""

    def __init__(self, failures: Sequence[ExportError]):
        self.failures = list(failures)
        super().__init__("\n".join(str(f) for f in self.failures))


@dataclass
class Inputs:
    """Everything read from data/raw (or the given paths), before any cutoff."""

    ingested: Ingested  # its responses carry the theme columns (automatic, then reviewed)
    exclusions: Exclusions
    listing: ListingStatus
    reviewed: CheckedCodes
    overrides: OverrideSummary

    @property
    def synthetic(self) -> bool:
        """True when the data is (or includes) the bundled synthetic sample."""
        return any(f.synthetic for f in self.ingested.files)

    def hand_kept_files(self) -> list[dict]:
        return [
            {"file": path.name, "sha256": sha256_of(path)}
            for path in (self.exclusions.path, self.listing.path, self.reviewed.path)
            if path is not None
        ]

    def clean(self, cutoff: date | None) -> Cleaned:
        return clean(self.ingested, cutoff, self.exclusions, self.listing)


def default_hand_kept(name: str) -> Path | None:
    """A hand-kept file in data/raw/, if the analyst keeps one."""
    path = config.raw_dir() / name
    # a folder, a broken link or an unreadable file there is refused by its reader, never skipped
    return path if path.exists() or path.is_symlink() else None


def default_hand_kept_paths() -> tuple[Path | None, Path | None, Path | None]:
    """data/raw/'s exclusions, listing-status and theme-codes files, where present."""
    return (
        default_hand_kept(config.EXCLUSIONS_FILE_NAME),
        default_hand_kept(config.LISTING_STATUS_FILE_NAME),
        default_hand_kept(config.THEME_CODES_FILE_NAME),
    )


def load_inputs(
    paths: Sequence[Path | str] | None = None,
    exclusions_path: Path | str | None = None,
    listing_path: Path | str | None = None,
    theme_codes_path: Path | str | None = None,
    *,
    codebook: Codebook | None = None,
    progress: bool = False,
) -> Inputs:
    """Read and type the exports and the hand-kept files, and code the open answers
    into themes (reviewed codes winning); raise InputError on any whole-file problem
    (after trying every file, so all are reported at once)."""
    codebook = codebook or load_codebook()
    try:
        files = discover_exports(paths)
    except ExportError as exc:
        raise InputError([exc]) from exc
    book = load_themebook()
    ingested, failures = read_exports(
        files, codebook, progress=progress, derived={TEXT_COLUMN: partial(code_texts, book=book)}
    )

    def hand_kept(reader: Callable[[Path | str | None, Codebook], T], path: Path | str | None) -> T | None:
        try:
            return reader(path, codebook)
        except ExportError as exc:
            failures.append(exc)
            return None

    exclusions = hand_kept(read_exclusions, exclusions_path)
    listing = hand_kept(read_listing_status, listing_path)
    reviewed = hand_kept(read_theme_codes, theme_codes_path)
    if failures or ingested is None or exclusions is None or listing is None or reviewed is None:
        raise InputError(failures)
    # the theme columns were coded while the exports were read
    responses, overrides = apply_checked(ingested.responses, reviewed, book)
    ingested.responses = responses
    ingested.problems.extend(reviewed.problems)
    ingested.problems.extend(codes_in_no_export(reviewed, ingested.responses["response_id"].dropna()))
    return Inputs(ingested, exclusions, listing, reviewed, overrides)


def manifest(inputs: Inputs, cleaned: Cleaned) -> dict:
    ingested = inputs.ingested
    all_problems = list(ingested.problems) + list(cleaned.problems)
    return {
        "cutoff": cleaned.cutoff.isoformat() if cleaned.cutoff else None,
        "synthetic_data": inputs.synthetic,
        "built_at": build_time().isoformat(),
        "code_version": code_version(),
        "inputs": [
            {
                "file": f.name,
                "sha256": f.sha256,
                "format": f.description,
                "header_rows": f.header_rows,
                "rows": f.rows,
                "blank_rows_skipped": f.blank_rows,
                "columns_mapped": len(f.mapped),
                "columns_not_recognised": f.unrecognised,
                "personal_data_columns_dropped": len(f.personal_data_dropped),
            }
            for f in ingested.files
        ],
        "hand_kept_files": inputs.hand_kept_files(),
        "theme_codes_reviewed": {
            "given": inputs.overrides.given,
            "changed_automatic_code": inputs.overrides.changed,
        },
        "listing_status_checked_on": (inputs.listing.checked_on.isoformat() if inputs.listing.checked_on else None),
        # every attached model has its attachment day: the figure holds per cutoff
        "listing_status_dated": inputs.listing.dated,
        "accounting": cleaned.accounting(),
        "problems": {
            "errors": sum(p.severity == "error" for p in all_problems),
            "warnings": sum(p.severity == "warning" for p in all_problems),
        },
    }


def write_processed(inputs: Inputs, cleaned_list: Sequence[Cleaned], out_dir: Path | None = None) -> list[Path]:
    """Write each cutoff's folder; all folders are swapped in only when all are written."""
    targets = [cutoff_dir(c.at_cutoff, out_dir) for c in cleaned_list]
    with staged_dirs(targets) as stages:
        for target, cleaned in zip(targets, cleaned_list):
            stage = stages[output_path(target)]
            problems = problems_frame(list(inputs.ingested.problems) + list(cleaned.problems))
            write_parquet(cleaned.assessments, stage / ASSESSMENTS_FILE)
            write_parquet(cleaned.excluded, stage / EXCLUDED_FILE)
            write_parquet(problems, stage / PROBLEMS_FILE)
            write_json(manifest(inputs, cleaned), stage / MANIFEST_FILE)
    return targets


def run_cleaning(
    cutoffs: Sequence[date],
    paths: Sequence[Path | str] | None = None,
    exclusions_path: Path | str | None = None,
    listing_path: Path | str | None = None,
    theme_codes_path: Path | str | None = None,
    out_dir: Path | None = None,
    *,
    progress: bool = False,
) -> tuple[Inputs, list[Cleaned], list[Path]]:
    """Read the exports once, clean at every cutoff, and write data/processed/."""
    inputs = load_inputs(paths, exclusions_path, listing_path, theme_codes_path, progress=progress)
    cleaned_list = [inputs.clean(cutoff) for cutoff in cutoffs]
    written = write_processed(inputs, cleaned_list, out_dir)
    return inputs, cleaned_list, written
