"""The result themes of the open answers in tables: how common each theme is, its
sub-topics, the themes in the largest target groups and the themes that stand out
in them, and the coder's review counts."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.arrow_columns import flag
from analysis.form.codebook import Codebook, load_codebook
from analysis.language import formatting
from analysis.tables.target_groups import leading_groups
from analysis.themes.checking import subtopic_counts
from analysis.themes.coder import REVIEW_COLUMN
from analysis.themes.rules import ThemeBook, load_themebook


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
            "% arvioinneista": [formatting.number(formatting.share(v, n)) for _, v in ordered],
        }
    )


OWN_SUBTOPIC = "hankkeen lisäys"  # a sub-topic that is not one of THL's bullets


def theme_subtopic_table(kept: pd.DataFrame, book: ThemeBook | None = None) -> pd.DataFrame:
    """THL's sub-topics per theme: how many assessments carrying the theme mention
    each (one assessment may mention several), themes most common first and
    within a theme its sub-topics most mentioned first; the
    project's own additions marked "(hankkeen lisäys)"."""
    book = book or load_themebook()
    counts = subtopic_counts(kept, book)
    rows = []
    for name in theme_table(kept, book)["Teema"]:
        own = {sub.name for sub in book.theme(name).subtopics if sub.own}
        # most mentioned first; ties in the theme file's (THL's) order
        for subtopic, count in sorted(counts[name].items(), key=lambda item: -item[1]):
            shown = f"{subtopic} ({OWN_SUBTOPIC})" if subtopic in own else subtopic
            rows.append({"Teema": name, "Alateema": shown, "Arviointeja": count})
    return pd.DataFrame(rows, columns=["Teema", "Alateema", "Arviointeja"])


def theme_check_counts(kept: pd.DataFrame, manifest: Mapping) -> dict[str, int]:
    """How many answers the coder flagged for review, and how many hand-reviewed
    codes were applied (theme_codes.csv)."""
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


TOP_IN_GROUP = 3  # a theme among a group's three most common stands out in it (THL's table shows three)
MARGIN_PP = 5.0  # or when its share of the group's models is this many points above its share of all


def themes_standing_out(
    kept: pd.DataFrame,
    codebook: Codebook | None = None,
    book: ThemeBook | None = None,
    margin: float = MARGIN_PP,
    top: int = TOP_IN_GROUP,
) -> dict[str, list[str]]:
    """Theme name -> the leading target groups (form labels) in whose models the theme
    stands out ("korostuu"): it is one of the group's ``top`` most common themes (ties
    in the order of all models' counts), or its share of the group's models is more
    than ``margin`` percentage points above its share of all models. The closing
    remark of THL's themes-by-group table ("Taulukon teemat sekä varhainen tuki ja
    kustannussäästöt korostuvat useimpien asiakasryhmien toimintamalleissa") is
    stated from this, for the themes that stand out in most (more than half) of the
    leading groups; docs/data_log.md gives the reading."""
    codebook, book = codebook or load_codebook(), book or load_themebook()
    q = codebook.question("target_groups")
    n = len(kept)
    carried = {theme.name: flag(kept, theme.column) for theme in book.themes}
    overall = {name: (100 * int(c.sum()) / n if n else 0.0) for name, c in carried.items()}
    order = list(theme_table(kept, book)["Teema"])  # all models' order breaks ties
    result: dict[str, list[str]] = {theme.name: [] for theme in book.themes}
    for group_id in leading_groups(kept, codebook):
        option = q.option(group_id)
        members = flag(kept, q.option_column(option))
        size = int(members.sum())
        if not size:
            continue
        in_group = {name: int((c & members).sum()) for name, c in carried.items()}
        ranked = sorted(order, key=lambda name: (-in_group[name], order.index(name)))
        for name in order:
            if name in ranked[:top] or 100 * in_group[name] / size > overall[name] + margin:
                result[name].append(option.label)
    return result


def themes_standing_out_in_most(
    kept: pd.DataFrame, codebook: Codebook | None = None, book: ThemeBook | None = None
) -> list[str]:
    """The themes (names, most common first) that stand out in more than half of
    the leading target groups (:func:`themes_standing_out`)."""
    groups = leading_groups(kept, codebook or load_codebook())
    standing = themes_standing_out(kept, codebook, book)
    return [name for name, where in standing.items() if groups and len(where) > len(groups) / 2]


def theme_by_group_table(
    kept: pd.DataFrame, codebook: Codebook | None = None, book: ThemeBook | None = None
) -> pd.DataFrame:
    codebook, book = codebook or load_codebook(), book or load_themebook()
    q = codebook.question("target_groups")
    counts = theme_by_group_counts(kept, codebook, book)
    rows = []
    for label, values in counts.items():
        option = next((o for o in q.options if o.label == label), None)
        row: dict[str, object] = {"Asiakasryhmä": option.display if option else label}
        row.update(values)  # each theme by its one name, as everywhere in the report
        rows.append(row)
    return pd.DataFrame(rows)
