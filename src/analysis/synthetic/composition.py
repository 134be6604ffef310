"""Composing the synthetic sample so that it reproduces the published cross-tables.

THL published, for the six most common target groups, how many assessments had
each development target and each of the three leading result themes. An
assessment can belong to several groups, so these tables constrain the sample
jointly; they are met exactly by choosing each assessment's *profile*:

- the groups (of the six) it targets,
- its development targets (at least one),
- which of the three leading themes its open answer carries.

How many assessments take each possible profile is an integer program: every
published count is a linear equation in those numbers. HiGHS (through SciPy)
finds a solution in a few seconds; with every profile allowed at most once, the
108 assessments are 108 different profiles, as real answers would be. With the
objective zero the solver stops at its first feasible point, which is the same
on every run for the same inputs and solver version (pinned in constraints.txt).

The four remaining themes, which no cross-table constrains, are spread afterwards
by :func:`assign_other_themes`.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DEV_TARGETS = ("health_care", "social_care", "multiprofessional", "preventive", "digital")
# the published cross-table's columns: health, social, both, multiprofessional, preventive, digital
CROSS_COLUMNS = ("health_care", "social_care", "social_and_health", "multiprofessional", "preventive", "digital")
LEADING_THEMES = ("uniformity", "collaboration", "digital")
MAX_GROUPS_PER_ASSESSMENT = 3


class CompositionError(RuntimeError):
    """The published figures cannot be met by any sample (they contradict each other)."""


@dataclass(frozen=True)
class Profile:
    groups: frozenset[str]  # among the six most common target groups
    dev_targets: frozenset[str]
    leading_themes: frozenset[str]  # among LEADING_THEMES

    def cross_value(self, column: str) -> int:
        if column == "social_and_health":
            return int({"health_care", "social_care"} <= self.dev_targets)
        return int(column in self.dev_targets)


def _all_profiles(groups: Sequence[str]) -> list[Profile]:
    group_sets = [frozenset(c) for r in range(MAX_GROUPS_PER_ASSESSMENT + 1) for c in itertools.combinations(groups, r)]
    dev_sets = [
        frozenset(d for d, on in zip(DEV_TARGETS, bits) if on)
        for bits in itertools.product((0, 1), repeat=len(DEV_TARGETS))
        if any(bits)
    ]
    theme_sets = [
        frozenset(t for t, on in zip(LEADING_THEMES, bits) if on)
        for bits in itertools.product((0, 1), repeat=len(LEADING_THEMES))
    ]
    return [Profile(g, d, t) for g in group_sets for d in dev_sets for t in theme_sets]


def compose_profiles(targets: Mapping, *, min_without_leading_theme: int = 0) -> list[Profile]:
    """One profile per assessment, meeting every published group and theme count.

    ``targets`` is the ``targets`` section of design.yaml.
    """
    n = int(targets["n_final"])
    groups = list(targets["target_groups"])
    profiles = _all_profiles(groups)
    rows: list[list[int]] = []
    lower: list[int] = []
    upper: list[int] = []

    def equal(values: list[int], target: int) -> None:
        rows.append(values)
        lower.append(target)
        upper.append(target)

    equal([1] * len(profiles), n)
    for group, spec in targets["target_groups"].items():
        member = [int(group in p.groups) for p in profiles]
        equal(member, spec["size"])
        for column, count in zip(CROSS_COLUMNS, spec["dev"]):
            equal([m * p.cross_value(column) for m, p in zip(member, profiles)], count)
        for theme, count in zip(LEADING_THEMES, spec["themes"]):
            equal([m * int(theme in p.leading_themes) for m, p in zip(member, profiles)], count)
    equal([p.cross_value("social_and_health") for p in profiles], targets["social_and_health_total"])
    for theme in LEADING_THEMES:
        equal([int(theme in p.leading_themes) for p in profiles], targets["themes"][theme])
    rows.append([int(not p.leading_themes) for p in profiles])
    lower.append(min_without_leading_theme)
    upper.append(n)

    from scipy.optimize import Bounds, LinearConstraint, milp  # scipy takes a while to import: only here

    result = milp(
        c=np.zeros(len(profiles)),
        constraints=LinearConstraint(np.array(rows, dtype=float), lower, upper),
        integrality=np.ones(len(profiles)),
        bounds=Bounds(0, 1),
    )
    if result.status != 0 or result.x is None:
        raise CompositionError(f"no sample meets the published figures: {result.message}")
    chosen = np.round(result.x).astype(int)
    return [p for p, k in zip(profiles, chosen) for _ in range(k)]


GROUP_WEIGHT = 0.6  # how strongly a theme leans towards (or away from) models of many groups


def _count(groups: Sequence[int], i: int) -> int:
    return groups[i] if groups else 0


def assign_other_themes(
    leading: Sequence[frozenset[str]],
    totals: Mapping[str, int],
    without_theme: int,
    rng: random.Random,
    max_themes: int = 4,
    groups: Sequence[int] = (),
    across_groups: Collection[str] = (),
) -> list[frozenset[str]]:
    """Add the themes outside the cross-tables so that each reaches its total, exactly
    ``without_theme`` answers carry no theme at all, and no answer carries more than
    ``max_themes``. The themes in ``across_groups`` go first to the answers of models
    aimed at more of the leading groups (``groups``: how many each answer's model
    is aimed at), the other themes first to models aimed at fewer: THL's remark that
    such themes stand out in most groups' models ("korostuvat useimpien
    asiakasryhmien toimintamalleissa")."""
    themes = [set(t) for t in leading]
    others = [t for t in totals if t not in LEADING_THEMES]
    remaining = {t: int(totals[t]) for t in others}
    empty = [i for i, t in enumerate(themes) if not t]
    if len(empty) < without_theme:
        raise CompositionError(f"only {len(empty)} answers lack a leading theme; {without_theme} must have none")
    stay_empty = set(rng.sample(empty, without_theme))
    # Every other answer without a leading theme gets one of the remaining themes.
    for i in (i for i in empty if i not in stay_empty):
        theme = max(others, key=lambda t: (remaining[t], -others.index(t)))
        if remaining[theme] == 0:
            raise CompositionError("not enough theme mentions to give every answer a theme")
        themes[i].add(theme)
        remaining[theme] -= 1
    for theme in others:
        eligible = [i for i, t in enumerate(themes) if i not in stay_empty and theme not in t and len(t) < max_themes]
        # answers with fewer themes are likelier to take one, but not strictly:
        # real answers name anything from one to four themes
        lean = (-1 if theme in across_groups else 1) if across_groups else 0
        eligible.sort(key=lambda i: len(themes[i]) + 2.5 * rng.random() + lean * GROUP_WEIGHT * _count(groups, i))
        if len(eligible) < remaining[theme]:
            raise CompositionError(f"cannot place {remaining[theme]} more mentions of {theme}")
        for i in eligible[: remaining[theme]]:
            themes[i].add(theme)
    return [frozenset(t) for t in themes]
