"""A section of the report as data: what it says, in order – sentences, tables with
their captions, charts with their data and alternative text, and the parts drawn
by a template – and the figures it gives to ``summary.json``.

A section function (:mod:`analysis.report.sections`) makes a :class:`Section`
from the processed frames; :mod:`analysis.report.render` turns it into the
notebook's outputs; :mod:`analysis.report.summary` gathers every section's
``figures`` into ``summary.json``. The report's tables and summary.json come from
the same Section objects, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd


@dataclass(frozen=True)
class Text:
    """Sentences in Markdown (bold, emphasis, code, lists, quotes). Text from the
    data in them has been escaped with :func:`analysis.html.elements.esc`.
    ``footnotes``: THL's footnotes of the slide that shows this text ("Voi olla
    valittuna useita."), said on the slide only: the report says the same in a
    whole sentence."""

    markdown: str
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A data table with its caption. ``chips``: columns whose cells are names
    joined with "; ", shown as chips labelled by the mapping (name -> label)."""

    frame: pd.DataFrame
    caption: str | None = None
    link_columns: tuple[str, ...] = ()
    link_text: str | None = None  # what every link of link_columns shows (else its address's last part)
    total_row: bool = False
    small: bool = False
    row_headers: bool = True
    chips: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    widths: Mapping[str, str] | None = None
    css: str = ""


ChartKind = Literal["bars", "areas", "stacked", "percent"]


@dataclass(frozen=True)
class Chart:
    """A chart: which kind (a drawing function of :mod:`analysis.report.charts`),
    its data (that function's arguments) and its alternative text."""

    kind: ChartKind
    data: Mapping[str, object]
    alt: str


@dataclass(frozen=True)
class Part:
    """A part drawn by a template of ``templates/report_parts/``; values that are
    :class:`Table` are rendered as tables first, every other value is escaped."""

    template: str
    values: Mapping[str, object]


Block = Text | Table | Chart | Part


@dataclass
class Section:
    """One section of the report (or one part of it shown by its own notebook cell):
    ``id`` its anchor, ``heading`` as the contents list names it, ``blocks`` in the
    order shown, ``figures`` what summary.json holds of it."""

    id: str
    heading: str
    blocks: list[Block] = field(default_factory=list)
    figures: dict[str, object] = field(default_factory=dict)

    def say(self, markdown: str, footnotes: tuple[str, ...] = ()) -> None:
        self.blocks.append(Text(markdown, footnotes))

    def table(self, frame: pd.DataFrame, caption: str | None = None, **options) -> None:
        self.blocks.append(Table(frame, caption, **options))

    def chart(self, kind: ChartKind, alt: str, **data: object) -> None:
        self.blocks.append(Chart(kind, data, alt))

    def part(self, template: str, **values: object) -> None:
        self.blocks.append(Part(template, values))

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]
