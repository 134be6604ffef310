"""data/processed/, the read side: one cutoff's processed data as the report, the
tables, the panel and the exploration read it. Nothing here reads an export.

``data/processed/<YYYY-MM-DD>/`` holds, per cutoff:

assessments.parquet  the kept assessments, typed (one boolean per multi-selection
                     option, ordered categoricals for single choices and matrix
                     items, timestamps, official area name and code)
excluded.parquet     every other raw row, with exclusion_reason and exclusion_detail
problems.parquet     every row-level problem found while reading (file, row, column)
manifest.json        inputs with SHA-256, code version, time, and the row accounting
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from analysis import config

ASSESSMENTS_FILE = "assessments.parquet"
EXCLUDED_FILE = "excluded.parquet"
PROBLEMS_FILE = "problems.parquet"
MANIFEST_FILE = "manifest.json"


def cutoff_dir(cutoff: date, out_dir: Path | None = None) -> Path:
    return (out_dir or config.processed_dir()) / cutoff.isoformat()


@dataclass
class Processed:
    """One cutoff's processed data, as read back from data/processed/."""

    cutoff: date
    assessments: pd.DataFrame
    excluded: pd.DataFrame
    problems: pd.DataFrame
    manifest: dict


def load_processed(cutoff: date, out_dir: Path | None = None) -> Processed:
    folder = cutoff_dir(cutoff, out_dir)
    if not (folder / MANIFEST_FILE).is_file():
        raise FileNotFoundError(
            f"no processed data for {cutoff.isoformat()} in {folder.parent}: run `make data` "
            f"or `python -m analysis clean --cutoff {cutoff.isoformat()}`"
        )
    return Processed(
        cutoff=cutoff,
        assessments=pd.read_parquet(folder / ASSESSMENTS_FILE),
        excluded=pd.read_parquet(folder / EXCLUDED_FILE),
        problems=pd.read_parquet(folder / PROBLEMS_FILE),
        manifest=json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8")),
    )


def scoped_assessments(kept: pd.DataFrame, scope: date | None, processed_dir: Path | None = None) -> pd.DataFrame:
    """The assessments the criteria screening covers, the one reading the report's
    section, summary.json and the listings share: of this cutoff's assessments (each
    model's current one), those that were returned by ``scope`` (in that cutoff's
    processed data, else submitted by the end of that day); all of ``kept`` when
    ``scope`` is None (every assessment at the cutoff). An assessment returned by
    ``scope`` and replaced later by a new one of the same model is not screened: the
    model's current assessment was not in the competition (:func:`replaced_since_scope`
    counts them)."""
    if scope is None:
        return kept
    try:
        then = load_processed(scope, processed_dir).assessments
    except FileNotFoundError:
        return kept[kept["submitted_at"] < pd.Timestamp(scope) + pd.Timedelta(days=1)]
    return kept[kept["response_id"].isin(then["response_id"])]


def replaced_since_scope(kept: pd.DataFrame, scope: date | None, processed_dir: Path | None = None) -> int:
    """How many assessments returned by ``scope`` are no longer their model's
    current assessment at this cutoff (a later assessment of the same model
    replaced them); 0 without the scope's processed data."""
    if scope is None:
        return 0
    try:
        then = load_processed(scope, processed_dir).assessments
    except FileNotFoundError:
        return 0
    return int((~then["response_id"].isin(kept["response_id"])).sum())
