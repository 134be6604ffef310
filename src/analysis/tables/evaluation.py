"""The key sentences on evaluation and utilisation: core elements identified, the
model fitting its environment, transferable to other counties, applicable to other
target groups."""

from __future__ import annotations

from typing import TypedDict

import pandas as pd

from analysis.form.codebook import Codebook, load_codebook
from analysis.language import formatting


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
