"""The published summary's sections 5–9, from the cleaned assessments: development
targets and target groups (with their cross-table), evaluation and utilisation,
phases, digital services. See :mod:`analysis.tables.summary` for the conventions."""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import pandas as pd

from analysis.arrow_columns import flag
from analysis.form.codebook import Codebook, Question, load_codebook
from analysis.language import formatting
from analysis.tables.summary import NO_ANSWER, value_counts

SOCIAL_AND_HEALTH = "Sekä so- että te-kehittämistä"
LEADING_GROUPS = 6
# The phase scale's first level: the phase not reached ("Ei").
PHASE_NOT_REACHED = load_codebook().question("phase").scale[0]


# --- 5./6./9. multi-selections ---------------------------------------------------------


def choice_flags(kept: pd.DataFrame, question: Question) -> dict[str, pd.Series]:
    """Option label -> who chose it, for every option and every derived option (e.g.
    "Sekä so- että te-kehittämistä": both health and social care chosen)."""
    flags = {o.label: flag(kept, question.option_column(o)) for o in question.options}
    for derived in question.derived:
        chosen = pd.Series(True, index=kept.index)
        for option_id in derived.all_of:
            chosen &= flags[question.option(option_id).label]
        flags[derived.label] = chosen
    return flags


def multi_choice_counts(kept: pd.DataFrame, question: Question) -> dict[str, int]:
    """Option label -> assessments that chose it (derived options included)."""
    return {label: int(chosen.sum()) for label, chosen in choice_flags(kept, question).items()}


def multi_choice_table(kept: pd.DataFrame, question: Question) -> pd.DataFrame:
    counts = multi_choice_counts(kept, question)
    n = len(kept)
    return pd.DataFrame(
        {
            question.text: list(counts),
            "Lukumäärä": list(counts.values()),
            "% arvioinneista": [formatting.number(formatting.share(c, n)) for c in counts.values()],
        }
    )


def other_texts(kept: pd.DataFrame, question: Question) -> list[str]:
    """The "Muu, mikä?" texts of a multi-selection, as written (distinct, sorted)."""
    other = question.other_option
    if other is None:
        return []
    texts = kept[question.other_text_column(other)].dropna().astype(str).str.strip()
    return sorted({t for t in texts if t})


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


# --- 7./8. matrices ---------------------------------------------------------------------


def matrix_counts(kept: pd.DataFrame, question: Question) -> dict[str, dict[str, int]]:
    """Item text -> scale label -> count (and "Ei vastausta" when some left it empty)."""
    result = {}
    for item in question.items:
        column = kept[question.item_column(item)]
        counts = value_counts(column)
        row = {label: counts.get(label, 0) for label in question.scale}
        missing = int(column.isna().sum())
        if missing:
            row[NO_ANSWER] = missing
        result[item.text] = row
    return result


def matrix_table(kept: pd.DataFrame, question: Question) -> pd.DataFrame:
    counts = matrix_counts(kept, question)
    columns = list(question.scale) + ([NO_ANSWER] if any(NO_ANSWER in r for r in counts.values()) else [])
    table = pd.DataFrame([{c: row.get(c, 0) for c in columns} for row in counts.values()], index=list(counts))
    table.index.name = question.text
    return table.reset_index()


class KeySentences(TypedDict):
    """The utilisation figures THL's summary states in words (counts and percents)."""

    n: int
    core_elements_yes: int
    core_elements_percent: float
    fits_environment_yes: int
    fits_environment_percent: float
    transferable_yes: int
    transferable_percent: float
    applicable_yes: int
    applicable_percent: float


def key_sentences(kept: pd.DataFrame, codebook: Codebook | None = None) -> KeySentences:
    """The utilisation figures THL's summary states in words: shares answering "Kyllä"."""
    codebook = codebook or load_codebook()
    q = codebook.question("utilisation")
    n = len(kept)
    answered_yes = q.scale[0]  # the scale's first level: "Kyllä"
    yes = {item.id: int((kept[q.item_column(item)] == answered_yes).sum()) for item in q.items}
    return {
        "n": n,
        "core_elements_yes": yes["core_elements"],
        "core_elements_percent": formatting.share(yes["core_elements"], n),
        "fits_environment_yes": yes["fits_environment"],
        "fits_environment_percent": formatting.share(yes["fits_environment"], n),
        "transferable_yes": yes["transferable_regions"],
        "transferable_percent": formatting.share(yes["transferable_regions"], n),
        "applicable_yes": yes["applicable_groups"],
        "applicable_percent": formatting.share(yes["applicable_groups"], n),
    }


def phase_counts(kept: pd.DataFrame, codebook: Codebook | None = None) -> dict[str, int]:
    """Phase -> assessments that reached it (an answer other than "Ei")."""
    codebook = codebook or load_codebook()
    q = codebook.question("phase")
    return {
        item.text: int((kept[q.item_column(item)].notna() & (kept[q.item_column(item)] != PHASE_NOT_REACHED)).sum())
        for item in q.items
    }


def phase_table(kept: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Each phase: how many reached it, the share of all assessments, and how widely."""
    codebook = codebook or load_codebook()
    q = codebook.question("phase")
    reached = phase_counts(kept, codebook)
    levels = matrix_counts(kept, q)
    n = len(kept)
    rows = []
    for item in q.items:
        row = {
            "Kehitysvaihe": item.text,
            "Saavutettu": reached[item.text],
            "% arvioinneista": formatting.number(formatting.share(reached[item.text], n)),
        }
        row.update({level: levels[item.text].get(level, 0) for level in q.scale if level != PHASE_NOT_REACHED})
        rows.append(row)
    return pd.DataFrame(rows)
