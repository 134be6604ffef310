"""HTML for a reader: tables with captions and scoped headers, charts as inline
SVG with their alternative text, and any part drawn by a template (the report's,
the panel's cards, the exploration app's).

Escaping happens once. HTML is made only by the Jinja templates in
``templates/`` with autoescape on: every value is escaped by the engine unless it
is :class:`markupsafe.Markup`, which only a template's own output is (:func:`render`
returns it). Text bound for Markdown (the report's sentences) has its data
escaped by :func:`esc`, in one pass."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import jinja2
import pandas as pd
from markupsafe import Markup

from analysis import config
from analysis.html.svg import svg
from analysis.language import cldr, formatting
from analysis.language.sentences import sentence

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


def _cell(value: object, link: bool, link_text: str | None = None, language: str = "fi") -> dict[str, object]:
    """What a data cell shows: its text (escaped by the template; a whole number
    grouped as ``language`` writes it: 1 234, 1,234), a link (shown as ``link_text``,
    or else by its last path part), and whether it is a number (right-aligned)."""
    if _empty(value):
        return {"text": "", "num": False}
    if isinstance(value, Markup):  # already HTML: data marked with its language (written_in_cell)
        return {"html": value, "num": False}
    if _is_number(value):
        if isinstance(value, int):
            return {"text": formatting.number(value) if language == "fi" else cldr.number(value, language), "num": True}
        return {"text": str(value), "num": True}
    text = str(value)
    if link and text.startswith(("https://", "http://")):
        shown = link_text or text.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or text
        return {"text": shown, "href": text, "num": False}
    numeric = text.replace(",", "").replace("\u00a0", "").replace("+", "").replace("\u2212", "").replace("±", "")
    return {"text": text, "num": numeric.isdigit()}


@cache
def templates() -> jinja2.Environment:
    """The HTML templates of the report's parts (``report_parts/``) and of the
    panel's review cards (``panel_cards/``), beside nbconvert's report template.
    Autoescape is on: the engine escapes every value that is not Markup."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.TEMPLATES_DIR),
        autoescape=True,
        keep_trailing_newline=False,
    )
    env.globals["t"] = template_word
    return env


@jinja2.pass_context
def template_word(context: jinja2.runtime.Context, key: str, **values: object) -> str:
    """A template's fixed word ``t("header.contents")``: the catalogue's
    ``templates.header.contents`` (data/sentences/templates.yaml) in the part's
    ``language`` value, Finnish when the part has none (escaped by autoescape)."""
    language = context.get("language") or "fi"
    return sentence(f"templates.{key}", str(language), **values)


def render(template: str, **values: object) -> Markup:
    """``templates/<template>`` filled with ``values`` (escaped by the engine), as
    Markup: HTML that a template given it shows as it is, never escaped twice."""
    return Markup(templates().get_template(template).render(**values))


def css_text(text: str) -> Markup:
    """Text for a CSS string in a page's style sheet (a printed page's running
    header): a style element shows character references as they are written, so
    the text is not HTML-escaped; what could end the string or the style element
    (backslash, double quote, "<") is left out instead."""
    return Markup(text.replace("\\", "").replace('"', "").replace("<", ""))


# A table of at most this many rows is printed whole, never split over two pages
# (the stylesheet's table.rrp.unbroken).
UNBROKEN_ROWS = 8


def table_html(
    frame: pd.DataFrame,
    *,
    link_columns: Iterable[str] = (),
    link_text: str | None = None,
    caption: str | None = None,
    total_row: bool = False,
    small: bool = False,
    row_headers: bool = True,
    html_columns: Mapping[str, Callable[[object], Markup]] | None = None,
    widths: Mapping[str, str] | None = None,
    css: str = "",
    language: str = "fi",
) -> Markup:
    """A data table with every header and cell escaped; http(s) links in
    ``link_columns`` become anchors (shown as ``link_text``, or else by their last
    path part); numbers
    right-aligned; a last "Yhteensä" row in bold. The caption names the table;
    column headers have ``scope="col"`` and, with ``row_headers``, each row's first
    cell is its header (``scope="row"``). Every cell carries its column's name
    (``data-label``), which narrow screens show when the table is stacked.
    ``html_columns`` maps a column to a function giving its cells' HTML (Markup,
    from :func:`render`; plain text is escaped);
    ``widths`` gives columns their share of the width; ``language``: how whole
    numbers are grouped (Finnish 1 234, English 1,234). A table of at most
    ``UNBROKEN_ROWS`` rows has the class ``unbroken``: printed on one page."""
    links = set(link_columns)
    makers = dict(html_columns or {})
    columns = [str(c) for c in frame.columns]
    numeric = [all(_numeric_text(v) for v in frame.iloc[:, k] if not _empty(v)) and k > 0 for k in range(len(columns))]
    rows = []
    for i, record in enumerate(frame.itertuples(index=False)):
        cells = []
        for k, (column, value) in enumerate(zip(columns, record)):
            cell = (
                {"html": makers[column](value), "num": False}
                if column in makers
                else _cell(value, column in links, link_text, language)
            )
            cell.update(tag="th" if row_headers and k == 0 else "td", row_header=row_headers and k == 0, label=column)
            cells.append(cell)
        rows.append({"cells": cells, "total": total_row and i == len(frame) - 1})
    return render(
        "report_parts/table.html.j2",
        classes=" ".join(
            " ".join(
                [
                    "rrp",
                    "small" if small else "",
                    "fixed" if widths else "",
                    "unbroken" if len(frame) <= UNBROKEN_ROWS else "",
                    css,
                ]
            ).split()
        ),
        caption=caption,
        widths=[widths.get(c) for c in columns] if widths else None,
        head=[{"text": c, "num": num} for c, num in zip(columns, numeric)],
        rows=rows,
    )


def _svg_size(data: bytes) -> tuple[int, int]:
    """The SVG's size in CSS pixels (matplotlib gives it in points)."""
    head = data[: data.index(b">", data.index(b"<svg")) + 1].decode()
    found = [re.search(rf'\b{k}="([0-9.]+)pt"', head) for k in ("width", "height")]
    size = [float(m.group(1)) for m in found if m is not None]
    if len(size) != 2:
        raise ValueError("matplotlib's SVG has no width and height in points")
    return round(size[0] * 4 / 3), round(size[1] * 4 / 3)


def figure_html(fig, alt: str, data_table: Markup | None = None) -> Markup:
    """The chart as an embedded SVG image at its natural size with its alternative
    text, and the chart's numbers as a table that opens under it (``data_table``,
    for charts whose numbers are not in a table of their own)."""
    data = svg(fig)
    width, height = _svg_size(data)
    source = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    return render(
        "report_parts/figure.html.j2", source=source, alt=alt, width=width, height=height, data_table=data_table
    )


# HTML's special characters as html.escape writes them, and Markdown's own markup as
# numeric character references: one table, applied in one pass, so that no
# reference is itself escaped again (``*`` -> ``&#42;``, never ``&&#35;42;``).
MARKDOWN_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
    | {char: f"&#{ord(char)};" for char in "\\`*_[]#|"}
)


def esc(text: object) -> str:
    """Data text for Markdown (:func:`say`): HTML's special characters escaped and
    Markdown's own markup neutralised, each character once."""
    return str(text).translate(MARKDOWN_ESCAPES)


def written_in(text: object, language: str) -> str:
    """Data text for Markdown, escaped as :func:`esc`, marked with the language it is
    written in: a quote from an answer in a Swedish or English report stays as
    written, and says so (``<span lang="fi">…</span>``)."""
    return f'<span lang="{language}">{esc(text)}</span>'


def written_in_cell(text: object, language: str) -> Markup:
    """A table cell's data text, escaped, marked with the language it is written in
    (:func:`table_html` shows Markup as it is)."""
    return Markup('<span lang="{}">{}</span>').format(language, str(text))
