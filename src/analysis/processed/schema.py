"""The processed data's vocabulary: the columns of the typed responses and their
types (``data/processed/``), the problems' table, the reasons a row is excluded,
and the markers the read side needs."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd

from analysis import config
from analysis.form.codebook import Codebook
from analysis.language.formatting import date_fi
from analysis.problems.record import Message, Problem

# A workbook with a sheet named so is the bundled synthetic sample (analysis.synthetic).
SYNTHETIC_MARK = "SYNTEETTINEN"
# The Innokylä link normalised (analysis.processed.model_keys): computed with the link's check, used
# for the model key, not stored.
LINK_COLUMN = "_innokyla_link"

# Why a raw row is not kept (data/processed/<cutoff>/excluded.parquet's
# exclusion_reason), in the order the cleaning checks them.
REASONS = (
    "excluded_by_analyst",
    "duplicate_response_id",
    "invalid",
    "test_submission",
    "after_cutoff",
    "superseded",
)

# How the report names the reasons (Finnish, for the reader of a report).
REASON_LABELS_FI = {
    "excluded_by_analyst": "Poistettu käsin (poistolista)",
    "duplicate_response_id": "Sama vastaajan numero toiseen kertaan",
    "invalid": "Virheellinen rivi (alue, vastausaika tai vastaajan numero puuttuu tai ei kelpaa)",
    "test_submission": f"Testivastaus ennen lomakkeen julkaisua {date_fi(config.FORM_PUBLISHED)}",
    "after_cutoff": "Lähetetty rajapäivän jälkeen",
    "superseded": "Sama toimintamalli arvioitu myöhemmin uudelleen",
}


def processed_schema(codebook: Codebook) -> dict[str, object]:
    """Column name -> dtype of the typed responses (and of data/processed/)."""
    schema: dict[str, object] = {
        "response_id": "string",
        "submitted_at": "datetime64[us]",
        "region": pd.CategoricalDtype(codebook.region_names, ordered=True),
        "region_code": "string",
    }
    for q in codebook.questions:
        if q.pii or q.id in schema:
            continue
        if q.type in ("text", "url"):
            schema[q.id] = "string"
        elif q.type == "number":
            schema[q.id] = "Int64"
        elif q.type == "single":
            schema[q.id] = pd.CategoricalDtype([o.label for o in q.options], ordered=True)
        elif q.type == "multi":
            for opt in q.options:
                schema[q.option_column(opt)] = "boolean"
                if opt.other_text:
                    schema[q.other_text_column(opt)] = "string"
        elif q.type == "matrix":
            for item in q.items:
                schema[q.item_column(item)] = pd.CategoricalDtype(list(q.scale), ordered=True)
    schema["model_key"] = "string"
    schema["source_file"] = "string"
    schema["source_row"] = "Int64"
    schema["invalid_reason"] = "string"
    return schema


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """The problems as a table (for data/processed/ and the report): where, the English
    message, the severity, and the message's code and parameters (JSON), from which
    the report tells it in Finnish (:func:`stored_messages`)."""
    return pd.DataFrame(
        {
            "file": pd.array([p.file for p in problems], dtype="string"),
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": pd.array([p.column for p in problems], dtype="string"),
            "value": pd.array([p.value for p in problems], dtype="string"),
            "message": pd.array([str(p.message) for p in problems], dtype="string"),
            "severity": pd.array([p.severity for p in problems], dtype="string"),
            "code": pd.array([p.message.code for p in problems], dtype="string"),
            "params": pd.array(
                [json.dumps(dict(p.message.params), ensure_ascii=False, sort_keys=True) for p in problems],
                dtype="string",
            ),
        }
    )


def stored_messages(codes: pd.Series, params: pd.Series) -> list[Message | None]:
    """The messages of a stored table's code and parameters columns (problems.parquet's
    ``code`` and ``params``, excluded.parquet's ``exclusion_code`` and
    ``exclusion_params``); None where a row has no code (the analyst's own reason)."""
    return [
        None if pd.isna(code) else Message(str(code), **json.loads(str(given))) for code, given in zip(codes, params)
    ]
