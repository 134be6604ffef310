"""Criteria screening: THL's stage 1 and the ten-criteria score, from the answers.

The rules are in ``data/criteria.yaml``. Every rule is evaluated in three values:
True, False, or None when an answer it needs is missing. A stage 1 condition
passes only when True; an assessment passes stage 1 when every condition passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis import config
from analysis.arrow_columns import distinct_rows, sorted_frame
from analysis.processed.model_keys import is_link

CRITERIA_FILE = config.CRITERIA_FILE


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
class ReviewItem:
    """A stage 2 item the panel scores from the Innokylä description."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class CriteriaBook:
    stage1: tuple[Condition, ...]
    criteria: tuple[Criterion, ...]
    points: Mapping[str, float]
    stage2: tuple[ReviewItem, ...] = ()
    scale: Mapping[int, str] = field(default_factory=dict)  # stage 2 score -> its Finnish name
    reviewers_per_model: int = 2
    disagreement_margin: float = 1
    stage2_pass_at: float = 0
    order: tuple[str, ...] = ("stage1_passed", "stage2_passed", "stage2_result", "stage3_score")


RANKING_KEYS = ("stage1_passed", "stage2_passed", "stage2_result", "stage3_score")


@cache
def load_criteria(path: Path | None = None) -> CriteriaBook:
    where = Path(path or CRITERIA_FILE)
    raw = yaml.safe_load(where.read_text(encoding="utf-8"))
    stage2 = raw.get("stage2") or {}
    panel = raw.get("panel") or {}
    ranking = raw.get("ranking") or {}
    scale = {int(k): str(v) for k, v in (stage2.get("scale") or {}).items()}
    order = tuple(ranking.get("order", RANKING_KEYS))
    unknown = [k for k in order if k not in RANKING_KEYS]
    if unknown:
        raise ValueError(f"{where}: ranking.order has unknown keys {unknown}; allowed: {list(RANKING_KEYS)}")
    return CriteriaBook(
        tuple(Condition(c["id"], c["label"], c["description"], c["rule"]) for c in raw["stage1"]),
        tuple(Criterion(c["id"], c["label"], c["column"]) for c in raw["criteria"]),
        dict(raw["points"]),
        tuple(ReviewItem(i["id"], i["label"], i.get("description", "")) for i in stage2.get("items", [])),
        scale,
        int(panel.get("reviewers_per_model", 2)),
        float(panel.get("disagreement_margin", 1)),
        float(ranking.get("stage2_pass_at", 0)),
        order,
    )


# --- three-valued rules ---------------------------------------------------------------
#
# Rules are evaluated column-wise in pandas' nullable "boolean" dtype, whose & and |
# follow three-valued (Kleene) logic: False & unknown is False, True | unknown is
# True, True & unknown is unknown; unknown (NA) is a missing answer.


def _answer(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        raise KeyError(f"criteria.yaml names a column that the data does not have: {column!r}")
    return frame[column]


def _as_python(values: pd.Series) -> pd.Series:
    """A "boolean" Series as Python True / False / None in an object Series."""
    known = values.notna().to_numpy()
    truth = values.fillna(False).to_numpy(dtype=bool).astype(object)  # Python bools
    return pd.Series(np.where(known, truth, None), index=values.index, dtype=object)


def evaluate_rule(rule: Mapping, frame: pd.DataFrame) -> pd.Series:
    """True / False / None (an answer it needs is missing) for every row, as Python
    values in an object Series (pandas would otherwise turn them into numpy bools)."""
    return _as_python(_evaluate(rule, frame))


def _evaluate(rule: Mapping, frame: pd.DataFrame) -> pd.Series:
    """The rule for every row, in the nullable "boolean" dtype."""
    if "all_of" in rule or "any_of" in rule:
        parts = [_evaluate(r, frame) for r in rule.get("all_of", rule.get("any_of"))]
        combined = parts[0]
        for part in parts[1:]:
            combined = (combined & part) if "all_of" in rule else (combined | part)
        return combined
    if "link" in rule:
        return is_link(_answer(frame, rule["link"]))
    if "chosen" in rule:
        return _answer(frame, rule["chosen"]).astype("boolean")
    answers = _answer(frame, rule["column"])
    if "in" in rule:
        result = answers.isin(list(rule["in"]))
    elif "not_in" in rule:
        result = ~answers.isin(list(rule["not_in"]))
    else:
        raise ValueError(f"criteria.yaml: a rule needs column with in/not_in, chosen, link, all_of or any_of: {rule}")
    return pd.Series(result.to_numpy(dtype=bool), index=frame.index, dtype="boolean").mask(answers.isna())


def rule_columns(rule: Mapping) -> list[str]:
    """The data columns a rule reads, in the order it names them."""
    if "all_of" in rule or "any_of" in rule:
        return [c for part in rule.get("all_of", rule.get("any_of")) for c in rule_columns(part)]
    for key in ("link", "chosen", "column"):
        if key in rule:
            return [rule[key]]
    return []


# --- the screening ----------------------------------------------------------------------


def screen(kept: pd.DataFrame, book: CriteriaBook | None = None) -> pd.DataFrame:
    """Per assessment: each stage 1 condition (True/False/None), ``stage1_passed``,
    ``stage1_missing_only`` (failed, but only for missing answers), the points of
    each criterion, ``score`` (0–10) and ``criteria_missed`` (what scored below 1)."""
    book = book or load_criteria()
    out = pd.DataFrame(index=kept.index)
    conditions = [_evaluate(condition.rule, kept) for condition in book.stage1]
    for condition, values in zip(book.stage1, conditions):
        out[f"stage1__{condition.id}"] = _as_python(values)
    passed = np.ones(len(kept), dtype=bool)
    any_false = np.zeros(len(kept), dtype=bool)
    any_missing = np.zeros(len(kept), dtype=bool)
    for values in conditions:
        passed &= values.fillna(False).to_numpy(dtype=bool)
        any_false |= values.eq(False).fillna(False).to_numpy(dtype=bool)
        any_missing |= values.isna().to_numpy()
    out["stage1_passed"] = passed
    out["stage1_missing_only"] = ~any_false & any_missing
    score = np.zeros(len(kept))
    below_one = []  # per criterion: which answer each row gave, -1 where it scored 1
    labels = []  # per criterion: "label (answer)" for each answer
    for criterion in book.criteria:
        codes, answers = pd.factorize(_answer(kept, criterion.column), use_na_sentinel=True)
        answers = [*answers, None]  # code -1: no answer
        points = np.array([float(book.points.get(a, 0)) if a is not None else 0.0 for a in answers])[codes]
        out[f"points__{criterion.id}"] = points
        score += points
        below_one.append(np.where(points < 1, codes % len(answers), -1))
        labels.append([f"{criterion.label} ({(a or 'ei vastausta').lower()})" for a in answers])
    out["score"] = score
    out["criteria_missed"] = _joined(below_one, labels) if len(kept) else []
    return out


def _joined(codes: list[np.ndarray], labels: list[list[str]]) -> list[str]:
    """Row-wise "; "-join of ``labels[column][code]`` over the columns whose code is
    not -1, built once per distinct combination."""
    distinct, inverse = distinct_rows(np.column_stack(codes))
    texts = np.array(
        ["; ".join(labels[c][code] for c, code in enumerate(row) if code >= 0) for row in distinct], dtype=object
    )
    return list(texts[inverse])


PASSED, FAILED, MISSING = 0, 1, 2

# Whether a model meets the stage 1 conditions, in every file's words (the report's
# table, the listings, the final list): "täyttää" / "ei täytä" (never "läpäisty").
STAGE1_MET = {True: "täyttää", False: "ei täytä"}


def outcomes(values: pd.Series) -> np.ndarray:
    """A stage 1 column of :func:`screen` (True / False / None) as PASSED, FAILED or
    MISSING per row: compared element by element in numpy, which on a million
    Python objects is several times faster than pandas' isna and fillna."""
    array = values.to_numpy(dtype=object)
    return np.where(array == True, PASSED, np.where(array == False, FAILED, MISSING))  # noqa: E712


def stage1_summary(screened: pd.DataFrame, book: CriteriaBook | None = None) -> dict:
    """How many pass stage 1, and how many fail each condition (answered / missing)."""
    book = book or load_criteria()
    failed = {}
    for condition in book.stage1:
        counts = np.bincount(outcomes(screened[f"stage1__{condition.id}"]), minlength=3)
        failed[condition.label] = {"failed": int(counts[FAILED]), "missing": int(counts[MISSING])}
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
            "Toimintamalli": kept.loc[passed, "model_name"].astype("string"),
            "Hyvinvointialue": kept.loc[passed, "region"].astype("string"),
            "Innokylä": kept.loc[passed, "innokyla_url"].astype("string"),
            "Pisteet": screened.loc[passed, "score"],
            "Puuttuvat kriteerit": screened.loc[passed, "criteria_missed"],
        }
    )
    return sorted_frame(table, ["Pisteet", "Hyvinvointialue", "Toimintamalli"], [False, True, True])


@dataclass(frozen=True)
class Screening:
    """Whether §11 is in the report, and which assessments it screens: ``scope`` a
    date (those returned by then; default the ministry competition's 30.6.2025) or
    None for every assessment at the cutoff; ``ranked``: §11 also lists the models
    passing stage 1 by score (off: the report is the project's reading of the
    self-assessments, not a shortlist)."""

    on: bool = True
    scope: date | None = config.COMPETITION_CUTOFF
    ranked: bool = False

    def parameter(self) -> str:
        return self.scope.isoformat() if self.scope else "all"


def stage1_verdicts(kept: pd.DataFrame, screened: pd.DataFrame | None = None) -> pd.Series:
    """ "Täyttää" (the stage 1 conditions), or "Ei täytä: " and the conditions not met
    (a missing answer said so): the words of every file alike (STAGE1_MET)."""
    book = load_criteria()
    screened = screen(kept, book) if screened is None else screened
    columns = [f"stage1__{condition.id}" for condition in book.stage1]
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    codes = np.column_stack([outcomes(screened[c]) for c in columns])  # PASSED, FAILED or MISSING
    combinations, inverse = distinct_rows(codes)

    def verdict(row) -> str:
        if (row == PASSED).all():
            return STAGE1_MET[True].capitalize()
        failed = [
            f"{condition.label} (vastaus puuttuu)" if code == MISSING else condition.label
            for condition, code in zip(book.stage1, row)
            if code != PASSED
        ]
        return STAGE1_MET[False].capitalize() + ": " + "; ".join(failed)

    texts = np.array([verdict(row) for row in combinations], dtype=object)
    return pd.Series(texts[inverse], index=kept.index, dtype=object)
