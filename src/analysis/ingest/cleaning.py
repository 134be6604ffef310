"""The cleaning rules: which raw rows count at a cutoff, and why each other row does not.

Every raw row ends in exactly one place: kept, or excluded with one reason. The
reasons are checked in this order, and a row takes the first that applies:

=======================  ==========================================================
excluded_by_analyst      its response id is in the hand-kept exclusions file
duplicate_response_id    an earlier row (in file order) has the same response id
invalid                  no response id, no usable submission time, or an area that
                         is not one of the 22
test_submission          submitted before the form was published (12.3.2025)
after_cutoff             submitted after the cutoff date (Finnish time, inclusive)
superseded               the same operating model was assessed again later, at or
                         before the cutoff: only the latest submission counts
=======================  ==========================================================
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypedDict

import pandas as pd

from analysis import config
from analysis.ingest.analyst_decisions import Exclusions, ListingStatus
from analysis.ingest.ingested import Ingested
from analysis.language import formatting
from analysis.problems.record import Message, Problem
from analysis.processed import response_ids
from analysis.processed.schema import REASONS

INTERNAL_COLUMNS = ("invalid_reason",)


class Accounting(TypedDict):
    """Where the raw rows went: raw rows = kept + the excluded, by reason."""

    raw_rows: int
    kept: int
    excluded: dict[str, int]


@dataclass
class Cleaned:
    """The outcome of cleaning at one cutoff."""

    cutoff: date | None
    assessments: pd.DataFrame  # kept rows
    excluded: pd.DataFrame  # excluded rows with exclusion_reason and exclusion_detail
    raw_rows: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def excluded_by_reason(self) -> dict[str, int]:
        counts = self.excluded["exclusion_reason"].value_counts()
        return {reason: int(counts.get(reason, 0)) for reason in REASONS}

    @property
    def at_cutoff(self) -> date:
        """The cutoff, for a result cleaned at one (every written one is)."""
        if self.cutoff is None:
            raise ValueError("cleaned without a cutoff")
        return self.cutoff

    def accounting(self) -> Accounting:
        """raw rows = kept + excluded by reason."""
        return {
            "raw_rows": self.raw_rows,
            "kept": len(self.assessments),
            "excluded": self.excluded_by_reason,
        }


def check_cutoff(cutoff: date) -> date:
    """A cutoff from the form's publication to the end of 2100; else a plain ValueError."""
    if not config.FORM_PUBLISHED <= cutoff <= config.LAST_CUTOFF:
        raise ValueError(
            f"the cutoff {cutoff.day}.{cutoff.month}.{cutoff.year} is outside "
            f"{config.FORM_PUBLISHED:%d.%m.%Y}–{config.LAST_CUTOFF:%d.%m.%Y}"
        )
    return cutoff


def cutoff_end(cutoff: date) -> pd.Timestamp:
    """The first moment after the cutoff date (a cutoff includes its whole day)."""
    return pd.Timestamp(check_cutoff(cutoff) + timedelta(days=1))


def clean(
    ingested: Ingested,
    cutoff: date | None = None,
    exclusions: Exclusions | None = None,
    listing: ListingStatus | None = None,
) -> Cleaned:
    """Apply the cleaning rules at ``cutoff`` (None: every submission so far counts).

    ``listing`` adds ``attached_to_innokyla`` to the kept assessments: True/False as
    the listing-status file says for the model's link, empty when it does not say.
    """
    exclusions = exclusions or Exclusions()
    listing = listing or ListingStatus()
    rows = ingested.responses
    reason = pd.Series(pd.NA, index=rows.index, dtype="string")
    detail = pd.Series(pd.NA, index=rows.index, dtype="string")
    detail_code = pd.Series(pd.NA, index=rows.index, dtype="string")
    detail_params = pd.Series(pd.NA, index=rows.index, dtype="string")

    def exclude(mask: pd.Series, why: str, details: pd.Series | Message, analysts: bool = False) -> None:
        """``details``: one message for every row, or a Series holding (at least) the
        rows of the mask: Messages, or the analyst's own words (``analysts``)."""
        mask = mask.fillna(False).astype(bool) & reason.isna()
        reason[mask] = why
        rows_of = mask.index[mask]
        if isinstance(details, Message):
            messages: list[Message] | None = [details] * len(rows_of)
        elif analysts:
            detail[mask] = details.loc[rows_of].astype("string").to_numpy()
            messages = None
        else:
            messages = list(details.loc[rows_of])
        if messages is not None:
            detail[mask] = pd.array([str(m) for m in messages], dtype="string")
            detail_code[mask] = pd.array([m.code for m in messages], dtype="string")
            detail_params[mask] = pd.array([_params_json(m) for m in messages], dtype="string")

    ids = rows["response_id"]
    problems: list[Problem] = list(exclusions.problems)

    # 1. The analyst's word.
    by_analyst = ids.isin(list(exclusions.reasons))
    exclude(by_analyst, "excluded_by_analyst", ids.map(exclusions.reasons, na_action="ignore"), analysts=True)
    known_ids = set(ids.dropna())
    for response_id in sorted(set(exclusions.reasons) - known_ids, key=response_ids.sort_key):
        problems.append(
            Problem(
                exclusions.path.name if exclusions.path else "exclusions",
                exclusions.rows.get(response_id),
                "response_id",
                str(response_id),
                Message("excluded_id_in_no_export", response_id=response_id),
                "warning",
            )
        )

    # 2. The same response id again (overlapping exports): the first row counts.
    duplicate = ids.notna() & ids.duplicated(keep="first")
    first_row = rows.loc[ids.notna() & ~duplicate, ["response_id", "source_file", "source_row"]].set_index(
        "response_id"
    )
    same_as = pd.Series(
        [
            Message("same_response_id_as", file=first_row.at[i, "source_file"], row=first_row.at[i, "source_row"])
            for i in ids[duplicate]
        ],
        index=ids.index[duplicate],
        dtype=object,
    )
    exclude(duplicate, "duplicate_response_id", same_as)
    problems.extend(_differing_duplicates(rows, duplicate))

    # 3. Rows the ingest could not use: the message of the first error in the row.
    invalid = rows["invalid_reason"].dropna()
    made = {key: Message.from_key(key) for key in invalid.unique()}
    exclude(
        rows["invalid_reason"].notna(),
        "invalid",
        pd.Series([made[key] for key in invalid], index=invalid.index, dtype=object),
    )

    # 4. Tests before the form was published.
    published = pd.Timestamp(config.FORM_PUBLISHED)
    exclude(
        rows["submitted_at"] < published,
        "test_submission",
        Message("submitted_before_publication", date=formatting.date_fi(config.FORM_PUBLISHED)),
    )

    # 5. After the cutoff.
    if cutoff is not None:
        exclude(
            rows["submitted_at"] >= cutoff_end(cutoff),
            "after_cutoff",
            Message("submitted_after_cutoff", date=formatting.date_fi(cutoff)),
        )

    # 6. The same model assessed more than once: the latest submission counts (at the
    # same time, the higher response id).
    model = pd.Series(pd.factorize(rows["model_key"])[0], index=rows.index)  # one integer per model key
    id_order = pd.Series(response_ids.order(ids), index=rows.index)  # numbers by value, then codes
    candidates = pd.DataFrame(
        {"submitted_at": rows["submitted_at"], "id_order": id_order, "response_id": ids, "model": model}
    )[reason.isna()].sort_values(["submitted_at", "id_order"], kind="stable")
    latest = candidates.drop_duplicates("model", keep="last").set_index("model")["response_id"]
    latest_of_row = model.map(latest)
    superseded = reason.isna() & model.duplicated(keep=False) & (ids != latest_of_row)
    exclude(
        superseded,
        "superseded",
        pd.Series(
            [Message("superseded_by", response_id=latest_id) for latest_id in latest_of_row[superseded]],
            index=latest_of_row.index[superseded],
            dtype=object,
        ),
    )

    kept_mask = reason.isna()
    order = (
        pd.DataFrame({"submitted_at": rows["submitted_at"], "id_order": id_order})[kept_mask]
        .sort_values(["submitted_at", "id_order"], kind="stable")
        .index
    )
    assessments = rows.drop(columns=list(INTERNAL_COLUMNS)).loc[order].reset_index(drop=True)
    assessments["attached_to_innokyla"] = _attached(assessments["model_key"], listing, cutoff)
    problems.extend(listing.problems)
    problems.extend(_links_in_no_export(listing, rows["model_key"]))
    excluded = rows[~kept_mask].drop(columns=list(INTERNAL_COLUMNS)).copy()
    excluded.insert(0, "exclusion_reason", pd.Categorical(reason[~kept_mask], categories=list(REASONS)))
    excluded.insert(1, "exclusion_detail", detail[~kept_mask])
    excluded.insert(2, "exclusion_code", detail_code[~kept_mask])
    excluded.insert(3, "exclusion_params", detail_params[~kept_mask])
    excluded = excluded.reset_index(drop=True)

    result = Cleaned(cutoff, assessments, excluded, raw_rows=len(rows), problems=problems)
    accounted = result.accounting()
    if accounted["kept"] + sum(accounted["excluded"].values()) != accounted["raw_rows"]:
        raise AssertionError(f"row accounting does not add up: {accounted}")
    return result


def _attached(model_keys: pd.Series, listing: ListingStatus, cutoff: date | None = None) -> pd.Series:
    """What the listing-status file says of each row's link ("boolean"; missing when
    the row has no link or the file does not name it). The model key of a row with
    a link is "url:" and the normalised link. A model attached after ``cutoff`` (by
    the file's attachment day, where given) was not attached at the cutoff."""
    links = pd.Series([f"url:{link}" for link in listing.attached], dtype="string")
    values = [
        yes and not (cutoff is not None and link in listing.attached_on and listing.attached_on[link] > cutoff)
        for link, yes in listing.attached.items()
    ]
    said = pd.array([*values, pd.NA], dtype="boolean")
    position = pd.Index(links).get_indexer(model_keys.astype("string"))  # -1: not named
    return pd.Series(said[position], index=model_keys.index, dtype="boolean")


def _links_in_no_export(listing: ListingStatus, model_keys: pd.Series) -> list[Problem]:
    """A problem for each link of the listing-status file that no export's row has
    (a mistyped link, or a model not assessed)."""
    known = set(model_keys.dropna())
    name = listing.path.name if listing.path else "listing_status"
    return [
        Problem(name, row, "innokyla_url", link, Message("listing_link_in_no_export", link=link), "warning")
        for link, row in sorted(listing.rows.items(), key=lambda item: item[1])
        if f"url:{link}" not in known
    ]


def _differing_duplicates(rows: pd.DataFrame, duplicate: pd.Series) -> list[Problem]:
    """A warning for each repeated response id whose answers differ from the first."""
    if not duplicate.any():
        return []
    content = [c for c in rows.columns if c not in ("response_id", "source_file", "source_row", "invalid_reason")]
    again = rows[duplicate]
    ids = rows["response_id"]
    first_of = pd.Series(rows.index[~duplicate & ids.notna()], index=ids[~duplicate & ids.notna()])
    first = rows.loc[first_of.loc[again["response_id"]].to_numpy()].set_index(again.index)
    # a row's answers as one 64-bit hash of its cells (an empty cell hashes alike
    # whatever its kind): one pass over the columns instead of a comparison each
    differs = pd.Series(
        pd.util.hash_pandas_object(again[content], index=False).to_numpy()
        != pd.util.hash_pandas_object(first[content], index=False).to_numpy(),
        index=again.index,
    )
    return [
        Problem(
            row.source_file,
            int(row.source_row),
            None,
            str(row.response_id),
            Message(
                "repeated_with_other_answers",
                response_id=row.response_id,
                file=earlier.source_file,
                row=earlier.source_row,
            ),
            "warning",
        )
        for row, earlier in zip(again[differs].itertuples(), first[differs][["source_file", "source_row"]].itertuples())
    ]


def _params_json(message: Message) -> str:
    """A message's parameters as JSON (excluded.parquet's exclusion_params)."""
    return json.dumps(dict(message.params), ensure_ascii=False, sort_keys=True)
