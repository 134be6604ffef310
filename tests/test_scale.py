"""The fast paths that let the pipeline read a million assessments give the same
answers as the plain code they stand in for, and the large synthetic exports the
benchmarks use are what they say they are.

Each fast path is checked against the one-value-at-a-time function it replaces,
on texts chosen to sit on the edges of the fast path (the plain function is the
specification), or against a count made by hand.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.arrow_columns import distinct_rows, sorted_frame, string_take
from analysis.files.grid import read_grid
from analysis.form.codebook import load_codebook
from analysis.ingest import pipeline
from analysis.ingest.headers import header_score
from analysis.ingest.timestamps import TIME_FORMATS, parse_timestamps
from analysis.processed.model_keys import is_link, model_key, model_keys, normalise_url, normalise_urls
from analysis.report.data import ReportData
from analysis.report.sections import report_sections
from analysis.report.summary import summary_from_sections
from analysis.synthetic.large import large_export_rows, write_large_export

# every test here builds reports (executes the report notebook) or times large exports
pytestmark = pytest.mark.slow

LINK_EDGES = [
    "https://innokyla.fi/fi/toimintamalli/abc",
    "HTTP://www.Innokyla.fi/fi/toimintamalli/abc/?utm=x#top",
    "innokyla.fi/x",
    "www.innokyla.fi",
    "  https://innokyla.fi/a//  ",
    "ftp://x.y/z",
    "http://localhost/a",
    "not a link",
    "",
    None,
    "   ",
    "https://innokyla.fi/a b",
    "https://innokyla.fi/%C3%A4iti",
    "https://innokylä.fi/äiti",
    "HTTPS://INNOKYLA.FI/ÄITI/",
    "https://x.fi/a#b?c",
    "https://x.fi/a?b#c",
    "x.fi?",
    "?x.fi",
    "#",
    ".",
    "/",
    "https://",
    "https://.",
    "mailto:a@b.fi",
    "http://x.fi/\tfoo",
    "https://x.fi/a\n",
    "1.2.3.4",
    "www.",
    "WWW.X.FI",
    "https://www.www.x.fi",
    "https://www.fi",
    "https://www.fi/a",
    "http://x.fi.",
    "https://.x.fi",
    "https://x..fi",
    "https://x.fi///",
    "https://x.fi/\x1c",
    "\x1chttps://x.fi",
    "\u00a0https://x.fi\u00a0",
    "\u200bhttps://x.fi",
    "https://x.fi/ä%20b",
    "https://x.fi?q=a b",
    "https://x.fi/a%20b",
    "https://x.fi:8080/a",
    "hTtPs://X.Fi",
    "https://x.fi/A/B/?Q#F/",
] + [
    a + b + c
    for a, b, c in itertools.product(
        ["", "https://", "http://www.", "HTTPS://WWW.", " https://", "\thttp://"],
        ["x.fi", "x.fi/", "x.fi/a?q", "X.FI/A#f", "x/a.b", "a b.fi", "www.fi", "www.x.fi"],
        ["", " ", "/", "\n"],
    )
]


def test_column_wise_links_are_normalise_url_exactly() -> None:
    texts = pd.Series(LINK_EDGES, dtype=object)
    normalised = normalise_urls(texts)
    links = is_link(texts)
    for text, got, known in zip(LINK_EDGES, normalised, links):
        expected = normalise_url(text)
        assert (got if got is not pd.NA else None) == expected, repr(text)
        blank = text is None or not text.strip()
        assert (known is pd.NA) if blank else (bool(known) == (expected is not None)), repr(text)


def test_column_wise_model_keys_are_model_key_exactly() -> None:
    urls = ["https://x.fi/a", None, "not a link", None, None, "HTTP://X.FI/a/"]
    regions = ["01", "02", "03", None, "05", "06"]
    names = ["A", "  Malli  X. ", "Malli", "Malli", None, "B"]
    ids = pd.array([1, 2, 3, 4, pd.NA, 6], dtype="Int64")
    got = model_keys(
        normalise_urls(pd.Series(urls, dtype=object)),
        pd.Series(regions, dtype="string"),
        pd.Series(names, dtype="string"),
        pd.Series(ids),
    )
    expected = [model_key(u, r, n, i) for u, r, n, i in zip(urls, regions, names, ids)]
    assert list(got) == expected
    assert expected[1] == "name:02:malli x"  # folded by hand: case, spaces, the final "."
    assert expected[4] == "response:<NA>"


def test_fixed_layout_times_are_what_the_formats_give() -> None:
    """parse_timestamps reads "dd.mm.yyyy hh:mm[:ss]" from the bytes; every text must
    get what pandas' strptime gives it with the formats in order, valid or not."""
    texts = [
        f"{d}.{m}.{y} {hh}:{mm}" + (f":{ss}" if ss else "")
        for d, m, y, hh, mm, ss in itertools.product(
            ["00", "01", "28", "29", "30", "31", "32", "1", "9 "],
            ["00", "01", "02", "04", "12", "13"],
            ["1899", "1900", "2000", "2024", "2025", "2100", "2999", "3000", "0025"],
            ["00", "23", "24"],
            ["00", "59", "60"],
            [None, "00", "59", "60"],
        )
    ] + [
        "30.06.2025  14:05",
        "30-06-2025 14:05",
        "30.06.2025 14.05",
        "３0.06.2025 14:05",
        "30.06.2025T14:05:00",
        "30.06.2025 14:05:5x",
        "30.06.2025 14:05 ",
        "30.06.2025 14:05ä",
        "ä30.06.2025 14:0",
        "",
        "2025-06-30 14:05",
    ]
    for dtype in ("string", object):
        got = parse_timestamps(pd.Series(texts, dtype=dtype))
        expected = pd.Series(pd.NaT, index=got.index, dtype="datetime64[us]")
        stripped = pd.Series(texts, dtype="string").str.strip()
        for fmt in TIME_FORMATS:
            expected = expected.fillna(pd.to_datetime(stripped, format=fmt, errors="coerce").astype("datetime64[us]"))
        assert got.isna().sum() > 10_000 and got.notna().sum() > 2_500  # both kinds are tried
        pd.testing.assert_series_equal(got, expected, check_names=False)


def test_distinct_rows_and_string_take() -> None:
    matrix = np.array([[0, 1], [2, -1], [0, 1], [2, -1], [1, 1]])
    distinct, inverse = distinct_rows(matrix)
    assert len(distinct) == 3
    assert (distinct[inverse] == matrix).all()
    taken = string_take(["a", None, "c"], np.array([2, -1, 0, 1]))
    assert list(pd.Series(taken).fillna("NA")) == ["c", "NA", "a", "NA"]


def _pandas_grid(path: Path, delimiter: str, encoding: str) -> pd.DataFrame:
    return pd.read_csv(
        path,
        sep=delimiter,
        encoding=encoding,
        header=None,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )


@pytest.mark.parametrize(
    ("name", "content", "encoding"),
    [
        ("plain", "messy", "utf-8"),
        ("bom", "messy", "utf-8-sig"),
        ("utf16", "messy", "utf-16"),
        ("cp1252", "messy", "cp1252"),
        ("blank_lines", "blank", "utf-8"),
        ("short_row", "short", "utf-8"),
        ("quoted_newline", "newline", "utf-8"),
        ("cp1252_after_the_sample", "late", "cp1252"),
    ],
)
def test_csv_grid_is_what_pandas_reads(tmp_path: Path, name: str, content: str, encoding: str) -> None:
    """The pyarrow reader (and its fallbacks) give pandas' grid cell for cell."""
    text = (FIXTURES / "messy.csv").read_text(encoding="utf-8")
    if content == "blank":
        text = text.replace("\n", "\n\n", 3)
    elif content == "short":
        text += "999;2\n"
    elif content == "newline":
        text = text.replace("Ikäihmisten", '"Ikäihmisten\nmonirivinen"', 1)
    elif content == "late":  # UTF-8 would read the first 256 KiB; an "ä" comes after
        text = text + ("1000;x\n" * 40_000) + "1001;ä\n"
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode(encoding))
    grid = read_grid(path, header_score(load_codebook()))
    expected = _pandas_grid(path, ";", encoding)
    assert grid.cells.shape == expected.shape
    for column in expected.columns:
        assert grid.cells[column].fillna("<NA>").tolist() == expected[column].fillna("<NA>").tolist()
    assert ("cp1252" in grid.description) == (encoding == "cp1252")


def test_large_export_rows_are_in_submission_order_with_the_mess() -> None:
    rows = list(large_export_rows(3000, seed=7))
    header, body = rows[0], rows[1:]
    refs = load_codebook().export_columns()
    assert header == [ref.header for ref in refs]
    assert len(body) == 3000
    at = {ref.question.id: i for i, ref in enumerate(refs) if ref.kind == "value"}
    ids = [row[at["response_id"]] for row in body]
    times = [row[at["submitted_at"]] for row in body]
    assert ids == sorted(ids) and ids[0] == 1  # numbered in arrival order
    assert times == sorted(times)  # and submitted in that order
    twice = sum(1 for a, b in zip(ids, ids[1:]) if a == b)
    assert 10 <= twice <= 60  # about 1 % exported twice
    assert any(row[at["submitted_at"]] < datetime(2025, 3, 12) for row in body)  # tests
    assert any(row[at["submitted_at"]] > datetime(2026, 1, 1) for row in body)  # after the cutoff
    assert len({row[at["key_results"]] for row in body}) > 2000  # answers written afresh
    assert rows == list(large_export_rows(3000, seed=7))  # seeded


def test_large_export_cleans_as_counted_by_hand(tmp_path: Path) -> None:
    """Every cleaning rule fires as often as the file says it should."""
    path = write_large_export(tmp_path / "large.csv", 4000, seed=11)
    rows = list(large_export_rows(4000, seed=11))[1:]
    refs = load_codebook().export_columns()
    at = {ref.question.id: i for i, ref in enumerate(refs) if ref.kind == "value"}
    cutoff = date(2025, 12, 31)
    ids = Counter(row[at["response_id"]] for row in rows)
    first_rows = {row[at["response_id"]]: row for row in reversed(rows)}.values()
    tests = sum(1 for r in first_rows if r[at["submitted_at"]] < datetime(2025, 3, 12))
    after = sum(1 for r in first_rows if r[at["submitted_at"]].date() > cutoff)
    in_window = [
        r
        for r in first_rows
        if datetime(2025, 3, 12) <= r[at["submitted_at"]] and r[at["submitted_at"]].date() <= cutoff
    ]
    links = Counter(normalise_url(r[at["innokyla_url"]]) for r in in_window)
    superseded = sum(count - 1 for count in links.values())

    cleaned = pipeline.load_inputs([path], None, None, None).clean(cutoff)
    excluded = cleaned.accounting()["excluded"]
    assert excluded["duplicate_response_id"] == sum(c - 1 for c in ids.values())
    assert excluded["test_submission"] == tests
    assert excluded["after_cutoff"] == after
    assert excluded["superseded"] == superseded
    assert len(cleaned.assessments) == len(in_window) - superseded
    # and every table of the report can be computed from it
    manifest = pipeline.manifest(pipeline.load_inputs([path], None, None, None), cleaned)
    sections = {s.id: s for s in report_sections(ReportData.from_frames(cutoff, cleaned.assessments, manifest))}
    n = len(cleaned.assessments)
    assert summary_from_sections(sections.values())["n"] == n == len(sections["listaus"].tables[0].frame)
    assert int(sections["laajuus"].tables[0].frame[f"Lukumäärä (n={n})"].iloc[:-1].sum()) == n


def test_sorted_frame_sorts_as_pandas_does() -> None:
    frame = pd.DataFrame(
        {
            "area": pd.array(["b", None, "a", "b", "a"], dtype="string"),
            "id": pd.array([1, 2, 3, pd.NA, 0], dtype="Int64"),
            "score": [1.0, 2.0, 1.0, np.nan, 2.0],
        }
    )
    for by, ascending in ((["area", "id"], [True, True]), (["score", "area"], [False, True])):
        expected = frame.sort_values(by, ascending=ascending, kind="stable").reset_index(drop=True)
        assert sorted_frame(frame, by, ascending).equals(expected)
