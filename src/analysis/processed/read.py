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
    section, summary.json and the listings share: the models assessed by ``scope``
    (in that cutoff's processed data, else submitted by the end of that day), each
    with its current assessment at this cutoff, as every count of the report takes
    a model (a model assessed again after ``scope`` is screened by its new answers;
    :func:`replaced_since_scope` counts them); all of ``kept`` when ``scope`` is None
    (every assessment at the cutoff)."""
    if scope is None:
        return kept
    try:
        then = load_processed(scope, processed_dir).assessments
    except FileNotFoundError:
        return kept[kept["submitted_at"] < pd.Timestamp(scope) + pd.Timedelta(days=1)]
    return kept[kept["model_key"].isin(then["model_key"])]


def replaced_since_scope(kept: pd.DataFrame, scope: date | None, processed_dir: Path | None = None) -> int:
    """How many models assessed by ``scope`` have since been assessed again (their
    current assessment at this cutoff is a later one); 0 without the scope's
    processed data."""
    if scope is None:
        return 0
    try:
        then = load_processed(scope, processed_dir).assessments
    except FileNotFoundError:
        return 0
    current = kept[kept["model_key"].isin(then["model_key"])]
    return int((~current["response_id"].isin(then["response_id"])).sum())
