"""The synthetic sample's design (design.yaml: the published targets and the design
choices), its Finnish texts (texts.yaml), and the assessments it is made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import yaml

from analysis.processed.schema import SYNTHETIC_MARK
from analysis.themes.rules import load_themebook

HERE = Path(__file__).resolve().parent
DESIGN_FILE = HERE / "design.yaml"
TEXTS_FILE = HERE / "texts.yaml"

SYNTHETIC_SHEET = f"{SYNTHETIC_MARK} AINEISTO"  # how the ingest knows the data is synthetic
ORACLE_DIR = "sample_oracle"
ORACLE_FILE = "intended_themes.csv"

WINDOWS = (  # first-appearance windows of models by cutoff bucket, with the busiest day
    (date(2025, 3, 12), date(2025, 6, 30), date(2025, 6, 25)),
    (date(2025, 7, 1), date(2025, 10, 31), date(2025, 10, 28)),
    (date(2025, 11, 1), date(2025, 12, 31), date(2025, 12, 19)),
)


@cache
def load_design() -> dict:
    return yaml.safe_load(DESIGN_FILE.read_text(encoding="utf-8"))


@cache
def load_texts() -> dict:
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


@cache
def theme_names() -> dict[str, str]:
    """Theme id -> Finnish name, in the published order."""
    return load_themebook().names


@dataclass
class Assessment:
    """One row of the export, before it is written (values as the form's labels)."""

    submitted_at: datetime
    region_code: str
    model_name: str
    url: str
    participants: int
    roles: frozenset[str]
    investment: frozenset[str]
    investment_other: str | None
    scope: str
    target_groups: frozenset[str]
    target_other: str | None
    dev_targets: frozenset[str]
    strengthened: frozenset[str]
    strengthened_other: str | None
    other_evaluation: frozenset[str]
    results_evaluation: dict[str, str]
    key_results: str
    themes: frozenset[str]
    utilisation: dict[str, str]
    adoption: dict[str, str]
    phase: dict[str, str]
    digital: frozenset[str]
    assessors: str = ""
    email: str = ""
    region_written: str = ""
    response_id: int = 0
    role: str = "final"  # final, earlier_version, test, after_cutoff, excluded, duplicate
    first_cutoff: int = -1  # index of the first standard cutoff the model counts at
    attached: bool = False


@dataclass
class Sample:
    rows: list[Assessment]
    exclusions: list[tuple[int, str]]
    listing_status: list[tuple[str, str, str]]  # url as written, liitetty, tarkistettu
    exported_at: datetime
