"""Showing tables and charts in a notebook (the report and the exploration
notebook): HTML tables with captions and scoped headers, charts as inline SVG
with their alternative text, Markdown text with data escaped."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import jinja2
import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis import config
from analysis.html.svg import svg
from analysis.language import formatting

NUM = ' class="num"'


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _empty(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _numeric_text(value: object) -> bool:
    """A number, or text that reads as one (1 234, +3, −2, ±0, 63,9 %)."""
    if _is_number(value):
        return True
    text = str(value)
    for part in (",", "\u00a0", "+", "\u2212", "±", " ", "%"):
        text = text.replace(part, "")
    return text.isdigit()


def _cell(value: object, link: bool) -> dict[str, object]:
    """What a data cell shows: its text (escaped by the template), a link, and
    whether it is a number (right-aligned)."""
    if _empty(value):
        return {"text": "", "num": False}
    if _is_number(value):
        return {"text": formatting.number(value) if isinstance(value, int) else str(value), "num": True}
    text = str(value)
    if link and text.startswith(("https://", "http://")):
        return {"text": text.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or text, "href": text, "num": False}
    numeric = text.replace(",", "").replace("\u00a0", "").replace("+", "").replace("\u2212", "").replace("±", "")
    return {"text": text, "num": numeric.isdigit()}


@cache
def templates() -> jinja2.Environment:
    """The report's own HTML templates (templates/report_parts/), beside
    nbconvert's report template. Data is escaped explicitly with ``|h``
    (html.escape), the same escaping as everywhere else in the report."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.TEMPLATES_DIR / "report_parts"), autoescape=False
    )
    environment.filters["h"] = html.escape
    return environment


def table_html(
    frame: pd.DataFrame,
    *,
    link_columns: Iterable[str] = (),
    caption: str | None = None,
    total_row: bool = False,
    small: bool = False,
    row_headers: bool = True,
    html_columns: Mapping[str, Callable[[object], str]] | None = None,
    widths: Mapping[str, str] | None = None,
    css: str = "",
) -> str:
    """A data table with every header and cell escaped; http(s) links in
    ``link_columns`` become anchors (shown by their last path part); numbers
    right-aligned; a last "Yhteensä" row in bold. The caption names the table;
    column headers have ``scope="col"`` and, with ``row_headers``, each row's first
    cell is its header (``scope="row"``). Every cell carries its column's name
    (``data-label``), which narrow screens show when the table is stacked.
    ``html_columns`` maps a column to a function giving its cells' (safe) HTML;
    ``widths`` gives columns their share of the width."""
    links = set(link_columns)
    makers = dict(html_columns or {})
    columns = [str(c) for c in frame.columns]
    numeric = [all(_numeric_text(v) for v in frame.iloc[:, k] if not _empty(v)) and k > 0 for k in range(len(columns))]
    rows = []
    for i, record in enumerate(frame.itertuples(index=False)):
        cells = []
        for k, (column, value) in enumerate(zip(columns, record)):
            cell = {"html": makers[column](value), "num": False} if column in makers else _cell(value, column in links)
            cell.update(tag="th" if row_headers and k == 0 else "td", row_header=row_headers and k == 0, label=column)
            cells.append(cell)
        rows.append({"cells": cells, "total": total_row and i == len(frame) - 1})
    return (
        templates()
        .get_template("table.html.j2")
        .render(
            classes=" ".join(" ".join(["rrp", "small" if small else "", "fixed" if widths else "", css]).split()),
            caption=caption,
            widths=[widths.get(c) for c in columns] if widths else None,
            head=[{"text": c, "num": num} for c, num in zip(columns, numeric)],
            rows=rows,
        )
    )


def show_table(frame: pd.DataFrame, **kwargs) -> None:
    display(HTML(table_html(frame, **kwargs)))


def _svg_size(data: bytes) -> tuple[int, int]:
    """The SVG's size in CSS pixels (matplotlib gives it in points)."""
    head = data[: data.index(b">", data.index(b"<svg")) + 1].decode()
    found = [re.search(rf'\b{k}="([0-9.]+)pt"', head) for k in ("width", "height")]
    size = [float(m.group(1)) for m in found if m is not None]
    if len(size) != 2:
        raise ValueError("matplotlib's SVG has no width and height in points")
    return round(size[0] * 4 / 3), round(size[1] * 4 / 3)


def figure_html(fig, alt: str, data_table: str | None = None) -> str:
    """The chart as an embedded SVG image at its natural size with its alternative
    text, and the chart's numbers as a table that opens under it (``data_table``,
    for charts whose numbers are not in a table of their own)."""
    data = svg(fig)
    width, height = _svg_size(data)
    source = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    parts = [
        f'<figure class="chart"><img src="{source}" alt="{html.escape(alt, quote=True)}" '
        f'width="{width}" height="{height}">'
    ]
    if data_table:
        parts.append(f"<details><summary>Kuvion luvut taulukkona</summary>{data_table}</details>")
    parts.append("</figure>")
    return "".join(parts)


def show_figure(fig, alt: str | None = None, data_table: str | None = None) -> None:
    """The chart with its alternative text (by default its title) and, if given, its
    numbers in a table that opens under it."""
    if alt is None:
        title = fig.axes[0].get_title() if fig.axes else ""
        alt = f"Kuvio: {title}." if title else "Kuvio."
    display(HTML(figure_html(fig, alt, data_table)))


def say(text: str) -> None:
    """Narrative built from the data; the caller escapes data text with ``esc``."""
    display(Markdown(text))


def esc(text: object) -> str:
    """Data text for Markdown/HTML: escaped, and Markdown's own markup neutralised."""
    escaped = html.escape(str(text))
    for char in "\\`*_[]#|":
        escaped = escaped.replace(char, f"&#{ord(char)};")
    return escaped
