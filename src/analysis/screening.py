"""Criteria screening: THL's stage 1 and the ten-criteria score, from the answers.

The rules are in ``data/criteria.yaml``. Every rule is evaluated in three values:
True, False, or None when an answer it needs is missing. A stage 1 condition
passes only when True; an assessment passes stage 1 when every condition passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from . import config
from .keys import normalise_url

CRITERIA_FILE = config.PACKAGE_DIR / "data" / "criteria.yaml"


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    description: str
    rule: Mapping


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    column: str


@dataclass(frozen=True)
class CriteriaBook:
    stage1: tuple[Condition, ...]
    criteria: tuple[Criterion, ...]
    points: Mapping[str, float]


@cache
def load_criteria(path: Path | None = None) -> CriteriaBook:
    raw = yaml.safe_load(Path(path or CRITERIA_FILE).read_text(encoding="utf-8"))
    return CriteriaBook(
        tuple(Condition(c["id"], c["label"], c["description"], c["rule"]) for c in raw["stage1"]),
        tuple(Criterion(c["id"], c["label"], c["column"]) for c in raw["criteria"]),
        dict(raw["points"]),
    )


# --- three-valued rules ---------------------------------------------------------------


def _answer(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        raise KeyError(f"criteria.yaml names a column that the data does not have: {column!r}")
    return frame[column].astype(object).where(frame[column].notna(), None)


def evaluate_rule(rule: Mapping, frame: pd.DataFrame) -> pd.Series:
    """True / False / None (an answer it needs is missing) for every row, as Python
    values in an object Series (pandas would otherwise turn them into numpy bools)."""
    values = _evaluate(rule, frame)
    return pd.Series([None if v is None else bool(v) for v in values], index=frame.index, dtype=object)


def _evaluate(rule: Mapping, frame: pd.DataFrame) -> pd.Series:
    if "all_of" in rule:
        parts = [evaluate_rule(r, frame) for r in rule["all_of"]]
        return pd.Series([_all(values) for values in zip(*parts)], index=frame.index, dtype=object)
    if "any_of" in rule:
        parts = [evaluate_rule(r, frame) for r in rule["any_of"]]
        return pd.Series([_any(values) for values in zip(*parts)], index=frame.index, dtype=object)
    if "link" in rule:
        return _answer(frame, rule["link"]).map(lambda v: None if v is None or not str(v).strip()
                                                else normalise_url(v) is not None)
    if "chosen" in rule:
        return _answer(frame, rule["chosen"]).map(lambda v: None if v is None else bool(v))
    answers = _answer(frame, rule["column"])
    if "in" in rule:
        allowed = set(rule["in"])
        return answers.map(lambda v: None if v is None else v in allowed)
    if "not_in" in rule:
        refused = set(rule["not_in"])
        return answers.map(lambda v: None if v is None else v not in refused)
    raise ValueError(f"criteria.yaml: a rule needs column with in/not_in, chosen, link, all_of or any_of: {rule}")


def _all(values) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _any(values) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


# --- the screening ----------------------------------------------------------------------


def screen(kept: pd.DataFrame, book: CriteriaBook | None = None) -> pd.DataFrame:
    """Per assessment: each stage 1 condition (True/False/None), ``stage1_passed``,
    ``stage1_missing_only`` (failed, but only for missing answers), the points of
    each criterion, ``score`` (0–10) and ``criteria_missed`` (what scored below 1)."""
    book = book or load_criteria()
    out = pd.DataFrame(index=kept.index)
    for condition in book.stage1:
        out[f"stage1__{condition.id}"] = evaluate_rule(condition.rule, kept)
    results = out[[f"stage1__{c.id}" for c in book.stage1]]
    out["stage1_passed"] = results.apply(lambda row: all(v is True for v in row), axis=1)
    out["stage1_missing_only"] = results.apply(
        lambda row: not any(v is False for v in row) and any(v is None for v in row), axis=1
    )
    missed: list[list[str]] = [[] for _ in kept.index]
    score = pd.Series(0.0, index=kept.index)
    for criterion in book.criteria:
        answers = _answer(kept, criterion.column)
        points = answers.map(lambda v: float(book.points.get(v, 0)) if v is not None else 0.0)
        out[f"points__{criterion.id}"] = points
        score += points
        for i, (answer, p) in enumerate(zip(answers, points)):
            if p < 1:
                missed[i].append(f"{criterion.label} ({(answer or 'ei vastausta').lower()})")
    out["score"] = score
    out["criteria_missed"] = ["; ".join(m) for m in missed]
    return out


def stage1_summary(screened: pd.DataFrame, book: CriteriaBook | None = None) -> dict:
    """How many pass stage 1, and how many fail each condition (answered / missing)."""
    book = book or load_criteria()
    failed = {}
    for condition in book.stage1:
        values = screened[f"stage1__{condition.id}"]
        failed[condition.label] = {
            "failed": int((values == False).sum()),  # noqa: E712 - three-valued
            "missing": int(values.isna().sum()),
        }
    return {
        "passed": int(screened["stage1_passed"].sum()),
        "failed": int((~screened["stage1_passed"]).sum()),
        "failed_only_because_missing": int(screened["stage1_missing_only"].sum()),
        "failed_by_condition": failed,
    }


def score_distribution(screened: pd.DataFrame) -> dict[str, int]:
    """Score (as "7.5") -> assessments, every half point from 0 to 10."""
    counts = screened["score"].value_counts()
    return {f"{s / 2:g}": int(counts.get(s / 2, 0)) for s in range(0, 21)}


def shortlist(kept: pd.DataFrame, screened: pd.DataFrame) -> pd.DataFrame:
    """The models passing stage 1, best score first (then area and name)."""
    passed = screened["stage1_passed"]
    table = pd.DataFrame(
        {
            "Toimintamalli": kept.loc[passed, "model_name"].astype(object),
            "Hyvinvointialue": kept.loc[passed, "region"].astype(object),
            "Innokylä": kept.loc[passed, "innokyla_url"].astype(object),
            "Pisteet": screened.loc[passed, "score"],
            "Puuttuvat kriteerit": screened.loc[passed, "criteria_missed"],
        }
    )
    return table.sort_values(["Pisteet", "Hyvinvointialue", "Toimintamalli"],
                             ascending=[False, True, True], kind="stable").reset_index(drop=True)
