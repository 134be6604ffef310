"""The one renderer: a :class:`~analysis.report.section.Section` into the notebook's
outputs, block by block – sentences as Markdown, tables, charts and template
parts as HTML from the Jinja templates in ``templates/report_parts/`` (autoescape
on: text from the data is escaped there, once). Sentences stay Markdown, rendered
by nbconvert as before, so the report's bytes did not change; their data text was
escaped by ``esc`` where the section made them. The charts' look
(:func:`analysis.report.charts.style`) is set once, by ``Report.load``."""

from __future__ import annotations

from collections.abc import Mapping

from IPython.display import HTML, Markdown, display
from markupsafe import Markup

from analysis.html.elements import figure_html, render, table_html
from analysis.report import charts
from analysis.report.section import Block, Chart, Part, Section, Table, Text


def chips(labels: Mapping[str, str]):
    """A cell's names joined with "; " as chips with their labels."""

    def cell(names: object) -> Markup:
        shown = [labels.get(n, n) for n in str(names).split("; ") if n]
        return render("report_parts/theme_chips.html.j2", labels=shown)

    return cell


def table(block: Table, language: str = "fi") -> Markup:
    """A table block as HTML, its whole numbers grouped as ``language`` writes them."""
    return table_html(
        block.frame,
        link_columns=block.link_columns,
        link_text=block.link_text,
        caption=block.caption,
        total_row=block.total_row,
        small=block.small,
        row_headers=block.row_headers,
        html_columns={column: chips(labels) for column, labels in block.chips.items()},
        widths=block.widths,
        css=block.css,
        language=language,
    )


def chart(block: Chart) -> Markup:
    return figure_html(charts.draw(block.kind, block.data), block.alt)


def part(block: Part, language: str = "fi") -> Markup:
    values = {k: table(v, language) if isinstance(v, Table) else v for k, v in block.values.items()}
    return render(block.template, **values)


def block_html(block: Block, language: str = "fi") -> Markup:
    """A table, chart or template part as HTML (numbers in tables as ``language``
    writes them)."""
    if isinstance(block, Table):
        return table(block, language)
    if isinstance(block, Chart):
        return chart(block)
    if isinstance(block, Part):
        return part(block, language)
    raise TypeError(f"{type(block).__name__} is Markdown, not HTML")


def show(section: Section, language: str = "fi") -> None:
    """Display the section's blocks in order, each as one output of the cell, in the
    report's ``language``."""
    for block in section.blocks:
        if isinstance(block, Text):
            display(Markdown(block.markdown))
        else:
            display(HTML(block_html(block, language)))
