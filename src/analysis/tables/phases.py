"""The development phases: the share of models that reached each phase, and how
widely (in one unit, in several, in the whole county)."""

from __future__ import annotations

import pandas as pd

from analysis.form.codebook import Codebook, load_codebook
from analysis.language import formatting
from analysis.tables.answers import matrix_counts

# The phase scale's first level: the phase not reached ("Ei").
PHASE_NOT_REACHED = load_codebook().question("phase").scale[0]


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
