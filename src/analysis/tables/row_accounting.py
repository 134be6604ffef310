"""Every raw row of the exports accounted for: kept, or excluded with one reason."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.processed.schema import REASON_LABELS_FI, REASONS


def exclusion_table(manifest: Mapping) -> pd.DataFrame:
    """Raw rows = kept + excluded by reason."""
    accounting = manifest["accounting"]
    rows = [("Raakarivejä vientitiedostoissa", accounting["raw_rows"])]
    rows += [(REASON_LABELS_FI[r], accounting["excluded"][r]) for r in REASONS]
    rows += [("Mukana yhteenvedossa", accounting["kept"])]
    return pd.DataFrame(rows, columns=["", "Rivejä"])
