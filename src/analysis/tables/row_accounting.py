"""Every raw row of the exports accounted for: kept, or excluded with one reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis import config
from analysis.language.formatting import date_fi
from analysis.processed.schema import REASONS

RAW = "Vastauksia lomakkeen vientitiedostossa"
KEPT = "Mukana tässä raportissa"

# How the reader's table of section 13 names the reasons (the technical appendix
# keeps processed.schema.REASON_LABELS_FI); "{reasons}" is the analyst's own words.
READER_LABELS_FI = {
    "excluded_by_analyst": "Poistettu erikseen ({reasons})",
    "duplicate_response_id": "Sama vastaus kahteen kertaan",
    "invalid": "Käyttökelvoton vastaus (alue, vastausaika tai vastaajan numero puuttuu tai ei kelpaa)",
    "test_submission": "Testivastaus ennen lomakkeen julkaisua {published}",
    "after_cutoff": "Lähetetty rajapäivän jälkeen (ei hylätty)",
    "superseded": "Korvattu saman toimintamallin uudemmalla arvioinnilla",
}

# The technical appendix's list of excluded rows names each reason as the table of
# section 13 does (without the table's explanations in parentheses), so that a
# reader can match every row to the table's count.
APPENDIX_LABELS_FI = {
    reason: label.split(" (")[0].format(published=date_fi(config.FORM_PUBLISHED))
    for reason, label in READER_LABELS_FI.items()
}


def exclusion_table(manifest: Mapping, analyst_reasons: Sequence[str] = ()) -> pd.DataFrame:
    """Raw rows = kept + excluded by reason, in the reader's words;
    ``analyst_reasons``: the reasons the analyst wrote for the rows removed by hand."""
    accounting = manifest["accounting"]
    reasons = "; ".join(dict.fromkeys(str(r) for r in analyst_reasons if str(r).strip())) or "syy teknisessä liitteessä"
    rows = [(RAW, accounting["raw_rows"])]
    rows += [
        (
            READER_LABELS_FI[r].format(reasons=reasons, published=date_fi(config.FORM_PUBLISHED)),
            accounting["excluded"][r],
        )
        for r in REASONS
    ]
    rows += [(KEPT, accounting["kept"])]
    return pd.DataFrame(rows, columns=["", "Lukumäärä"])
