"""The target groups: how large each is and how often its models have other groups
too, the largest groups, and the development targets of each group's models."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.arrow_columns import flag
from analysis.form.codebook import Codebook, load_codebook
from analysis.tables.answers import choice_flags

SOCIAL_AND_HEALTH = "Sekä so- että te-kehittämistä"

LEADING_GROUPS = 6


def group_sizes_and_overlap(kept: pd.DataFrame, codebook: Codebook | None = None) -> dict[str, dict[str, int]]:
    """For every target group (form label, form order): ``n`` models aimed at it, and
    ``with_others`` of them also aimed at at least one other group ("Muu" counts as
    another group): THL's "25:ssä kohteena lisäksi muita ryhmiä"."""
    codebook = codebook or load_codebook()
    q = codebook.question("target_groups")
    flags = {o.label: flag(kept, q.option_column(o)) for o in q.options}
    groups = pd.DataFrame(flags).sum(axis=1) if flags else pd.Series(0, index=kept.index)
    return {
        label: {"n": int(chosen.sum()), "with_others": int((chosen & (groups >= 2)).sum())}
        for label, chosen in flags.items()
    }


def models_with_several_groups(kept: pd.DataFrame, codebook: Codebook | None = None) -> int:
    """Models aimed at two or more target groups."""
    codebook = codebook or load_codebook()
    q = codebook.question("target_groups")
    flags = [flag(kept, q.option_column(o)).to_numpy(dtype=np.int64) for o in q.options]
    return int((np.sum(flags, axis=0) >= 2).sum()) if len(kept) else 0


def leading_groups(kept: pd.DataFrame, codebook: Codebook | None = None, k: int = LEADING_GROUPS) -> list[str]:
    """The ``k`` most common target groups (option ids), ties in form order; "Muu"
    is not a group of its own."""
    codebook = codebook or load_codebook()
    q = codebook.question("target_groups")
    options = [o for o in q.options if not o.other_text]
    ranked = sorted(options, key=lambda o: -int(flag(kept, q.option_column(o)).sum()))
    return [o.id for o in ranked[:k]]


def _dev_columns(kept: pd.DataFrame, codebook: Codebook) -> dict[str, pd.Series]:
    q = codebook.question("dev_targets")
    columns = choice_flags(kept, q)
    # the published order: health, social, both, multiprofessional, preventive, digital
    order = [q.option("health_care").label, q.option("social_care").label, SOCIAL_AND_HEALTH]
    return {label: columns[label] for label in order + [c for c in columns if c not in order]}


def group_by_dev_counts(kept: pd.DataFrame, codebook: Codebook | None = None) -> dict[str, dict[str, int]]:
    """For each of the six most common target groups (form label): its size and how
    many of its assessments had each development target."""
    codebook = codebook or load_codebook()
    q = codebook.question("target_groups")
    dev = _dev_columns(kept, codebook)
    result = {}
    for group_id in leading_groups(kept, codebook):
        option = q.option(group_id)
        members = flag(kept, q.option_column(option))
        result[option.label] = {"n": int(members.sum())} | {
            label: int((chosen & members).sum()) for label, chosen in dev.items()
        }
    return result


def group_by_dev_table(kept: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Rows "Ikäihmiset (37)", columns the development targets (with both social and health)."""
    codebook = codebook or load_codebook()
    q = codebook.question("target_groups")
    counts = group_by_dev_counts(kept, codebook)
    rows = []
    for label, values in counts.items():
        option = next(o for o in q.options if o.label == label)
        row: dict[str, object] = {"Asiakasryhmä (n)": f"{option.display} ({values['n']})"}
        row.update({k: v for k, v in values.items() if k != "n"})
        rows.append(row)
    return pd.DataFrame(rows)
