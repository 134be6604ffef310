"""Building whole columns from per-distinct values.

Exports repeat a handful of labels over many rows, and even free text repeats
(duplicated rows, stock phrases). The pipeline therefore computes a value once
per distinct input and spreads it over the rows by position; these helpers do
the spreading without creating a Python object per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute  # noqa: F401 - pa.compute


def arrow_chunks(array: object) -> pa.ChunkedArray | None:
    """The pyarrow data behind a pandas array backed by pyarrow (as it is, no copy),
    through the public ``__arrow_array__`` protocol; None for other arrays."""
    if isinstance(array, pd.arrays.ArrowExtensionArray):
        chunks = array.__arrow_array__()
        return chunks if isinstance(chunks, pa.ChunkedArray) else pa.chunked_array([chunks])
    return None


def pa_array(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The pyarrow string array behind a "string" Series (made when there is none)."""
    chunks = arrow_chunks(values.array)
    if chunks is not None:
        return chunks
    return pa.array(values.astype(object).where(values.notna(), None).to_numpy(), type=pa.string())


def contiguous(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every pyarrow-backed column in one piece. The CSV reader and
    ``pd.concat`` leave text columns in chunks, and pyarrow's take and filter on a
    chunked column are more than ten times slower than on a contiguous one: every
    later row selection (the cleaning's, the tables') pays for the chunks."""
    for name in frame.columns:
        array = frame[name].array
        chunked = arrow_chunks(array)
        if chunked is not None and chunked.num_chunks > 1:
            whole = pa.chunked_array([chunked.combine_chunks()])
            if isinstance(array, pd.arrays.ArrowStringArray):
                array = pd.arrays.ArrowStringArray(whole, dtype=array.dtype)
            else:
                array = pd.arrays.ArrowExtensionArray(whole)
            frame[name] = pd.Series(array, index=frame.index, name=name)
    return frame


def string_take(distinct: Sequence[str | None] | pa.Array, positions: np.ndarray) -> pd.arrays.ArrowStringArray:
    """``distinct[p]`` for every position ``p`` as a "string" array; a position of -1,
    or a None in ``distinct``, is missing."""
    if isinstance(distinct, pa.Array):
        table = pa.concat_arrays([distinct.cast(pa.large_string()), pa.nulls(1, pa.large_string())])
    else:
        table = pa.array([*distinct, None], type=pa.string())
    positions = np.asarray(positions, dtype=np.int64)
    return pd.arrays.ArrowStringArray(table.take(np.where(positions < 0, len(distinct), positions)))


def distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of an integer matrix (values from -1 up) and, for every row,
    the position of its distinct row: per-row texts can then be built once per
    combination. Hash-based, so it stays linear in the number of rows."""
    shifted = matrix.astype(np.int64) + 1
    key = np.zeros(len(matrix), dtype=np.int64)
    radix = 1
    for column in shifted.T:
        base = int(column.max(initial=0)) + 1
        if radix * base >= 2**62:  # too many combinations for one integer: sort instead
            distinct, inverse = np.unique(matrix, axis=0, return_inverse=True)
            return distinct, inverse.reshape(-1)
        key += column * radix
        radix *= base
    inverse, uniques = pd.factorize(key)
    representative = np.zeros(len(uniques), dtype=np.int64)
    representative[inverse] = np.arange(len(key))  # any row of a combination will do
    return matrix[representative], inverse


def sorted_frame(frame: pd.DataFrame, by: Sequence[str], ascending: Sequence[bool] | None = None) -> pd.DataFrame:
    """``frame.sort_values(by, ascending, kind="stable").reset_index(drop=True)``,
    sorted by pyarrow (about twice as fast on a million text keys); missing values
    last, as pandas puts them."""
    ascending = list(ascending) if ascending is not None else [True] * len(by)
    keys = pa.table({f"k{i}": pa.Array.from_pandas(frame[column]) for i, column in enumerate(by)})
    order = pa.compute.sort_indices(
        keys,
        sort_keys=[(f"k{i}", "ascending" if up else "descending") for i, up in enumerate(ascending)],
    )  # pyarrow's default puts missing values last; its sort is stable
    return frame.take(order.to_numpy()).reset_index(drop=True)


def flag(frame: pd.DataFrame, column: str) -> pd.Series:
    """A boolean column with missing answers as False."""
    return frame[column].fillna(False).astype(bool)
