"""The published summary, section by section, computed from the cleaned assessments.

Every function takes the kept assessments of one cutoff (``data/processed/<cutoff>/
assessments.parquet``) and returns a table with Finnish labels, as the report shows
it; :func:`summary_json` gathers the counts into the machine-readable
``summary.json``. Percentages are shares of all assessments at the cutoff unless a
table says otherwise; shares of a multi-selection do not sum to 100.

Sections (SPEC "The summary"): 1 areas, 2 participants, 3 scope, 4 investments,
5 development targets, 6 target groups, 7 evaluation and utilisation, 8 phases,
9 digital services, 10 result themes, 11 the listing, 12 data quality.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TypedDict

import numpy as np
import pandas as pd

from . import finnish, fmt
from .cleaning import REASON_LABELS_FI, REASONS
from .codebook import Codebook, Question, load_codebook
from .columns import distinct_rows, flag
from .listing import listing_table
from .screening import score_distribution, screen, stage1_summary
from .themes import ThemeBook, load_themebook

SOCIAL_AND_HEALTH = "Sekä so- että te-kehittämistä"
LEADING_GROUPS = 6
PHASE_NOT_REACHED = "Ei"
NO_ANSWER = "Ei vastausta"
# The ministry's (STM) recommendations: at least one assessment per area by
# 30.6.2025, three to five by 31.12.2025.
STM_TARGETS = ((date(2025, 6, 30), 1, None), (date(2025, 12, 31), 3, 5))


def _value_counts(values: pd.Series) -> dict[object, int]:
    """Value -> rows (missing values not counted). A categorical column is counted
    by its codes, not converted to a million Python objects first."""
    counts = values.value_counts()
    return {key: int(n) for key, n in zip(counts.index.astype(object), counts.to_numpy()) if n}


# --- 1. areas -------------------------------------------------------------------------


def area_counts(kept: pd.DataFrame, codebook: Codebook | None = None) -> pd.Series:
    """Official area name -> assessments; all 22 areas in code order, zeros included."""
    codebook = codebook or load_codebook()
    names = codebook.region_names
    counts = _value_counts(kept["region"])
    return pd.Series([counts.get(name, 0) for name in names], index=names, dtype=int)


def area_distribution(counts: pd.Series) -> dict[str, int]:
    return {
        "at_least_3": int((counts >= 3).sum()),
        "exactly_2": int((counts == 2).sum()),
        "exactly_1": int((counts == 1).sum()),
        "none": int((counts == 0).sum()),
    }


def stm_target(cutoff: date) -> tuple[int, int | None] | None:
    """The ministry's recommendation in force at ``cutoff`` (lowest, highest), if any."""
    target = None
    for since, low, high in STM_TARGETS:
        if cutoff >= since:
            target = (low, high)
    return target


def area_table(by_cutoff: Mapping[date, pd.DataFrame], cutoff: date) -> pd.DataFrame:
    """Assessments per area at ``cutoff`` and at each earlier cutoff given, with the
    change since the previous one and the ministry's target where one applies."""
    dates = sorted(d for d in by_cutoff if d <= cutoff)
    table = pd.DataFrame({fmt.date_fi(d): area_counts(by_cutoff[d]) for d in dates})
    table.index.name = "Hyvinvointialue"
    if len(dates) > 1:
        table[f"Muutos {fmt.date_fi(dates[-2])} – {fmt.date_fi(dates[-1])}"] = (
            table.iloc[:, -1] - table.iloc[:, -2]
        ).map(fmt.signed)
    target = stm_target(cutoff)
    if target:
        low, high = target
        current = table[fmt.date_fi(cutoff)]
        label = f"STM:n tavoite ({low}–{high})" if high else f"STM:n tavoite (vähintään {low})"
        table[label] = current.map(lambda n: "täyttyy" if n >= low else "ei täyty")
    return table.reset_index()


def area_distribution_table(by_cutoff: Mapping[date, pd.DataFrame], cutoff: date) -> pd.DataFrame:
    rows = {
        "at_least_3": "Vähintään 3",
        "exactly_2": "Tasan 2",
        "exactly_1": "Tasan 1",
        "none": "Ei yhtään",
    }
    dates = sorted(d for d in by_cutoff if d <= cutoff)
    data = {fmt.date_fi(d): area_distribution(area_counts(by_cutoff[d])) for d in dates}
    table = pd.DataFrame({col: [dist[k] for k in rows] for col, dist in data.items()}, index=list(rows.values()))
    table.index.name = "Arviointeja alueella"
    return table.reset_index()


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
        f"{ATTACHED} (tarkistettu {fmt.date_fi(checked_on)})"
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
    figures = {fmt.date_fi(d): key_figures(by_cutoff[d]) for d in dates}
    table = pd.DataFrame(figures).astype(object)
    if len(dates) > 1:
        table["Muutos"] = (table.iloc[:, -1] - table.iloc[:, -2]).map(fmt.signed)
        if not attached_dated:
            table.loc[ATTACHED, [fmt.date_fi(d) for d in dates[:-1]] + ["Muutos"]] = ""
    table = table.rename(index={ATTACHED: attached_label(attached_checked_on)})
    table.index.name = "Luku"
    return table.reset_index()


# --- 2. participants ------------------------------------------------------------------


class Participants(TypedDict):
    """The participants' figures of section 2."""

    total: int
    both_represented: int
    both_percent: float
    participants_missing: int


def participants(kept: pd.DataFrame) -> Participants:
    both = flag(kept, "participant_roles__region_representative") & flag(kept, "participant_roles__rrp_representative")
    return {
        "total": int(kept["participants"].fillna(0).sum()),
        "both_represented": int(both.sum()),
        "both_percent": fmt.share(int(both.sum()), len(kept)),
        "participants_missing": int(kept["participants"].isna().sum()),
    }


# --- 3. single choices (scope) ----------------------------------------------------------


def single_choice_counts(kept: pd.DataFrame, question: Question) -> dict[str, int]:
    counts = _value_counts(kept[question.id])
    return {o.label: counts.get(o.label, 0) for o in question.options}


def single_choice_table(kept: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Counts in form order, and percentages rounded by the largest-remainder method
    so that they sum to 100 (ties in form order)."""
    counts = single_choice_counts(kept, question)
    missing = int(kept[question.id].isna().sum())
    labels = list(counts) + ([NO_ANSWER] if missing else [])
    values = list(counts.values()) + ([missing] if missing else [])
    table = pd.DataFrame({question.text: labels, "Lukumäärä": values, "%": largest_percent(values)})
    return _with_total(table, question.text)


def largest_percent(values: Sequence[int]) -> list[str]:
    return [fmt.number(p) for p in fmt.largest_remainder(values)]


def _with_total(table: pd.DataFrame, label_column: str) -> pd.DataFrame:
    total = {label_column: "Yhteensä", "Lukumäärä": int(table["Lukumäärä"].sum()), "%": "100"}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


# --- 4. investments -------------------------------------------------------------------


def _join_fi(parts: Sequence[str]) -> str:
    """['I1', 'I2', 'I4'] -> 'I1, I2 ja I4'"""
    return finnish.join(parts)


def investment_labels(kept: pd.DataFrame, codebook: Codebook | None = None) -> pd.Series:
    """Each assessment's investment combination: the options in form order joined
    ("I1 ja I4"), a "Muu, mikä?" answer shown by its text ("RRP3")."""
    codebook = codebook or load_codebook()
    q = codebook.question("investment")
    other = q.other_option
    columns = [(o, q.option_column(o)) for o in q.options]
    if not len(kept):
        return pd.Series([], index=kept.index, dtype=object)
    chosen = np.column_stack([kept[column].fillna(False).to_numpy(dtype=np.int64) for _, column in columns])
    other_text = pd.Series("", index=kept.index, dtype="string")
    if other:
        written = kept[q.other_text_column(other)].astype("string").str.strip().fillna("")
        other_text = written.where(chosen[:, [o for o, _ in columns].index(other)] == 1, "")
    text_codes, texts = pd.factorize(other_text)
    # one label per distinct (choices, "other" text): computed once, not once per row
    combinations, inverse = distinct_rows(np.column_stack([chosen, text_codes]))

    def label(row) -> str:
        text = texts[row[-1]]
        parts = [
            (text or option.label) if option is other else option.label
            for (option, _), on in zip(columns, row[:-1])
            if on
        ]
        return _join_fi(parts) if parts else NO_ANSWER

    labels = np.array([label(row) for row in combinations], dtype=object)
    return pd.Series(labels[inverse], index=kept.index, dtype=object)


def investment_counts(kept: pd.DataFrame, codebook: Codebook | None = None) -> dict[str, int]:
    """Combination -> count, in the order of THL's table: single investments first by
    their label (a "Muu" answer naming a part of an investment, such as I1B, next to
    it), then combinations by size in form order, then "Muu" answers naming something
    else (RRP3), then no answer."""
    codebook = codebook or load_codebook()
    q = codebook.question("investment")
    order = {o.label: i for i, o in enumerate(q.options) if o is not q.other_option}
    labels = investment_labels(kept, codebook)
    counts = labels.value_counts()

    def key(label: str):
        parts = label.replace(" ja ", ", ").split(", ")
        known = all(p in order for p in parts)
        part_of_one = len(parts) == 1 and any(label.startswith(o) for o in order)
        kind = 0 if (known and len(parts) == 1) or part_of_one else (1 if known else 2)
        return (label == NO_ANSWER, kind, len(parts), [order.get(p, 99) for p in parts] if kind == 1 else [], label)

    return {label: int(counts[label]) for label in sorted(counts.index, key=key)}


def investment_table(
    kept: pd.DataFrame, codebook: Codebook | None = None, labels: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Counts and percentages with one decimal and a decimal comma, summing to 100,0.
    ``labels`` renames combinations the way THL's table writes them
    ("I1, I2 ja I4" as "I2, I1 ja I4", from report_texts.yaml)."""
    counts = investment_counts(kept, codebook)
    counts = {(labels or {}).get(label, label): count for label, count in counts.items()}
    shares = fmt.largest_remainder(list(counts.values()), decimals=1)
    table = pd.DataFrame(
        {"Investointi": list(counts), "Lukumäärä": list(counts.values()), "%": [fmt.number(s, 1) for s in shares]}
    )
    total = {"Investointi": "Yhteensä", "Lukumäärä": int(sum(counts.values())), "%": "100,0"}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


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
            "% arvioinneista": [fmt.number(fmt.share(c, n)) for c in counts.values()],
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
    columns = choice_flags(kept, codebook.question("dev_targets"))
    # the published order: health, social, both, multiprofessional, preventive, digital
    order = ["Terveydenhuolto", "Sosiaalihuolto", SOCIAL_AND_HEALTH]
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
        counts = _value_counts(column)
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
    """The utilisation figures seed 001 states in words: shares answering "Kyllä"."""
    codebook = codebook or load_codebook()
    q = codebook.question("utilisation")
    n = len(kept)
    yes = {item.id: int((kept[q.item_column(item)] == "Kyllä").sum()) for item in q.items}
    return {
        "n": n,
        "core_elements_yes": yes["core_elements"],
        "core_elements_percent": fmt.share(yes["core_elements"], n),
        "fits_environment_yes": yes["fits_environment"],
        "fits_environment_percent": fmt.share(yes["fits_environment"], n),
        "transferable_yes": yes["transferable_regions"],
        "transferable_percent": fmt.share(yes["transferable_regions"], n),
        "applicable_yes": yes["applicable_groups"],
        "applicable_percent": fmt.share(yes["applicable_groups"], n),
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
            "% arvioinneista": fmt.number(fmt.share(reached[item.text], n)),
        }
        row.update({level: levels[item.text].get(level, 0) for level in q.scale if level != PHASE_NOT_REACHED})
        rows.append(row)
    return pd.DataFrame(rows)


# --- 10. themes -------------------------------------------------------------------------


def theme_counts(kept: pd.DataFrame, book: ThemeBook | None = None) -> dict[str, int]:
    book = book or load_themebook()
    return {t.name: int(flag(kept, t.column).sum()) for t in book.themes}


def theme_table(kept: pd.DataFrame, book: ThemeBook | None = None) -> pd.DataFrame:
    counts = theme_counts(kept, book)
    n = len(kept)
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])  # most common first, ties in codebook order
    return pd.DataFrame(
        {
            "Teema": [k for k, _ in ordered],
            "Lukumäärä": [v for _, v in ordered],
            "% arvioinneista": [fmt.number(fmt.share(v, n)) for _, v in ordered],
        }
    )


def theme_subtopic_table(kept: pd.DataFrame, book: ThemeBook | None = None) -> pd.DataFrame:
    """THL's sub-topics per theme: how many assessments carrying the theme mention
    each (one assessment may mention several), themes most common first."""
    from .theme_review import subtopic_counts

    book = book or load_themebook()
    counts = subtopic_counts(kept, book)
    rows = []
    for name in theme_table(kept, book)["Teema"]:
        for subtopic, count in counts[name].items():
            rows.append({"Teema": book.theme(name).short, "Alateema": subtopic, "Arviointeja": count})
    return pd.DataFrame(rows, columns=["Teema", "Alateema", "Arviointeja"])


def theme_review_counts(kept: pd.DataFrame, manifest: Mapping) -> dict[str, int]:
    """How many answers the coder flagged for review, and how many hand-reviewed
    codes were applied (theme_codes.csv)."""
    from .themes import REVIEW_COLUMN

    flagged = int(kept[REVIEW_COLUMN].notna().sum()) if REVIEW_COLUMN in kept else 0
    reviewed = dict(manifest.get("theme_codes_reviewed", {}))
    return {
        "flagged": flagged,
        "reviewed_codes": int(reviewed.get("given", 0)),
        "reviewed_changed": int(reviewed.get("changed_automatic_code", 0)),
    }


def theme_by_group_counts(
    kept: pd.DataFrame, codebook: Codebook | None = None, book: ThemeBook | None = None
) -> dict[str, dict[str, int]]:
    """For each of the six most common target groups (form label): how many of its
    assessments carry each theme; and a total row "Yhteensä" (the column sums)."""
    codebook, book = codebook or load_codebook(), book or load_themebook()
    q = codebook.question("target_groups")
    result: dict[str, dict[str, int]] = {}
    leading = set(leading_groups(kept, codebook))
    for group_id in [o.id for o in q.options if o.id in leading]:  # THL's table: form order
        option = q.option(group_id)
        members = flag(kept, q.option_column(option))
        result[option.label] = {t.name: int((flag(kept, t.column) & members).sum()) for t in book.themes}
    result["Yhteensä"] = {t.name: sum(row[t.name] for row in list(result.values())) for t in book.themes}
    return result


def themes_standing_out(
    kept: pd.DataFrame,
    codebook: Codebook | None = None,
    book: ThemeBook | None = None,
    margin: float = 0.0,
) -> dict[str, list[str]]:
    """Theme name -> the leading target groups (form labels) in whose models the theme
    is more common than in all models (share in the group above the share of all by
    more than ``margin`` percentage points). The closing remark of THL's themes-by-group
    table ("… korostuvat useimpien asiakasryhmien toimintamalleissa") is stated from
    this, for the themes that stand out in most groups."""
    codebook, book = codebook or load_codebook(), book or load_themebook()
    q = codebook.question("target_groups")
    n = len(kept)
    result: dict[str, list[str]] = {}
    for theme in book.themes:
        carried = flag(kept, theme.column)
        overall = 100 * carried.sum() / n if n else 0
        groups = []
        for group_id in leading_groups(kept, codebook):
            option = q.option(group_id)
            members = flag(kept, q.option_column(option))
            size = int(members.sum())
            if size and 100 * int((carried & members).sum()) / size > overall + margin:
                groups.append(option.label)
        result[theme.name] = groups
    return result


def theme_by_group_table(
    kept: pd.DataFrame, codebook: Codebook | None = None, book: ThemeBook | None = None
) -> pd.DataFrame:
    codebook, book = codebook or load_codebook(), book or load_themebook()
    q = codebook.question("target_groups")
    counts = theme_by_group_counts(kept, codebook, book)
    short = {t.name: t.short for t in book.themes}
    rows = []
    for label, values in counts.items():
        option = next((o for o in q.options if o.label == label), None)
        row: dict[str, object] = {"Asiakasryhmä": option.display if option else label}
        row.update({short[name]: v for name, v in values.items()})
        rows.append(row)
    return pd.DataFrame(rows)


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
        "theme_subtopics": _subtopics_json(kept, book),
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


def _subtopics_json(kept: pd.DataFrame, book: ThemeBook) -> dict[str, dict[str, int]]:
    from .theme_review import subtopic_counts

    return subtopic_counts(kept, book)


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
    from .screening import shortlist

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
