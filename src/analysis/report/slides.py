"""The report as THL's slide deck (report.pptx): THL's slides of the summary of
31.12.2025 in THL's order, made from the very :class:`~analysis.report.section.Section`
objects the notebook showed – no figure is computed here.

Each slide of :data:`PLAN` takes one block of one section (a chart or a table)
and, beside it, some of the section's sentences as call-outs; a sentence that is
all emphasis ("*Voi olla valittuna useita.*") is the slide's footnote, and the
slide's title gets THL's asterisk. Charts are native PowerPoint charts (their data
is a workbook inside the file, editable in PowerPoint and LibreOffice), tables
native tables. A section without the block (no answers at the cutoff) gets a
slide saying so. The deck's own words are under ``slides:`` in report_texts.yaml.

The text is Arial (every Office installation has it; LibreOffice on Linux shows it
as Liberation Sans, whose letters have the same widths), sized here so that it fits
its box: :func:`fitting_size` estimates the lines a text needs, generously. The
file's bytes depend only on the sections and the build's time
(``SOURCE_DATE_EPOCH``), see :func:`analysis.files.outputs.fixed_zip_bytes`.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationFile
from pptx.util import Emu, Inches, Pt

from analysis.files.outputs import build_time, fixed_zip_bytes, write_file_atomically
from analysis.language import finnish, formatting
from analysis.report import charts
from analysis.report.charts import TABLE_BELOW
from analysis.report.data import ReportData, load_texts, version_fi
from analysis.report.section import Block, Chart, Part, Section, Table, Text

FONT = "Arial"
CELL_MARGIN = 54864  # 0.06 in
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(1.0)
BODY_TOP, BODY_BOTTOM = Inches(1.45), Inches(6.55)
FOOTNOTE_TOP, FOOTER_TOP = Inches(6.6), Inches(7.05)
SIDE_WIDTH, WIDE_SIDE_WIDTH, GAP = Inches(3.7), Inches(4.9), Inches(0.3)
LONG_CALLOUTS = 350  # characters of call-outs that get the wider column
WIDE_TABLE = 5  # columns: a table this wide has its call-outs below it
DARK, ACCENT, GREY, WARNING = (
    RGBColor(0x1F, 0x2A, 0x44),
    RGBColor(0x2B, 0x5D, 0x8C),
    RGBColor(0x59, 0x59, 0x59),
    RGBColor(0xA4, 0x00, 0x00),
)
# An estimate of a line's room: a letter of Arial is on average about half its size
# wide (Finnish text); taken generously, so that an estimate that fits does fit.
LETTER_WIDTH, BOLD_LETTER_WIDTH, LINE_HEIGHT = 0.55, 0.6, 1.2


@dataclass(frozen=True)
class Planned:
    """One slide of the plan: the ``index``-th chart or table of section
    ``section``, with the section's ``texts`` (indices among its sentences) as
    call-outs beside it (a table too long for one slide goes on several, its rows
    grouped by its first column)."""

    section: str
    kind: Literal["chart", "table"]
    index: int = 0
    texts: tuple[int, ...] = ()


# THL's slides of 31.12.2025, in THL's order (the title, the key figures and the
# sources slides are the deck's own; Hyödynnettävyys comes from the closing section).
PLAN: tuple[Planned, ...] = (
    Planned("alueet", "chart", 0, (0, 1)),
    Planned("osallistujat", "table", 0, (0,)),
    Planned("laajuus", "table", 0),
    Planned("investoinnit", "table", 0, (0,)),
    Planned("kohde", "chart", 0, (0,)),
    Planned("asiakasryhmat", "chart", 0, (0, 1)),
    Planned("asiakasryhmat", "table", 1, (2,)),
    Planned("arviointi", "chart", 0, (0,)),
    Planned("arviointi", "chart", 1),
    Planned("arviointi", "chart", 2),
    Planned("arviointi", "chart", 3, (1,)),
    Planned("arviointi", "chart", 4),
    Planned("vaihe", "table", 0, (1,)),
    Planned("digi", "chart", 0),
    Planned("teemat", "chart", 0),
    Planned("teemojen-sisalto", "table", 0, (0,)),
    Planned("teemat", "table", 1, (2,)),
)


# --- text: the sections' Markdown as runs ------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*]+?)\*|`(?P<code>[^`]+)`|\[(?P<label>[^\]]+)\]\((?P<url>[^)]+)\)"
)
# a sentence that is all emphasis: THL's footnote ("*Voi olla valittuna useita.*")
_FOOTNOTE = re.compile(r"(?:^|(?<=\s))\*(?P<note>[^*]+?[.!?])\*(?=\s|$)")


def runs(markdown: str) -> list[Run]:
    """Inline Markdown (bold, emphasis, code, links) as runs of plain text (the
    data's text in it was escaped for HTML: unescaped here)."""
    found: list[Run] = []
    at = 0
    for match in _INLINE.finditer(markdown):
        if match.start() > at:
            found.append(Run(html.unescape(markdown[at : match.start()])))
        if match.group("bold") is not None:
            found.append(Run(html.unescape(match.group("bold").replace("*", "")), bold=True))
        elif match.group("italic") is not None:
            found.append(Run(html.unescape(match.group("italic")), italic=True))
        elif match.group("code") is not None:
            found.append(Run(html.unescape(match.group("code"))))
        else:
            found.append(Run(html.unescape(match.group("label")), link=html.unescape(match.group("url"))))
        at = match.end()
    if at < len(markdown):
        found.append(Run(html.unescape(markdown[at:])))
    return [r for r in found if r.text]


def split_text(markdown: str) -> tuple[list[Paragraph], list[str]]:
    """A section's sentences as paragraphs (list items as bullets, quotes left
    out) and its footnotes: the sentences that are all emphasis."""
    notes = [m.group("note").strip() for m in _FOOTNOTE.finditer(markdown)]
    rest = _FOOTNOTE.sub("", markdown)
    paragraphs = []
    for block in re.split(r"\n\s*\n", rest):
        for line in block.split("\n"):
            line = line.strip()
            if not line or line.startswith(">"):
                continue
            bullet = line.startswith(("- ", "* "))
            text = re.sub(r"\s{2,}", " ", line[2:] if bullet else line).strip()
            if text:
                paragraphs.append(Paragraph(runs(text), bullet))
    return paragraphs, notes


def plain(markdown: str) -> str:
    """Markdown as one plain text (the slide's speaker notes)."""
    paragraphs, notes = split_text(markdown)
    return "\n".join([("• " if p.bullet else "") + p.text for p in paragraphs] + [f"*{n}" for n in notes])


# --- fitting ------------------------------------------------------------------------------


def lines_needed(text: str, width: int, size: float, bold: bool = False, scale: float = 1.0) -> int:
    """How many lines ``text`` takes in a box ``width`` EMU wide at ``size`` points,
    wrapped at spaces (an estimate on the generous side)."""
    room = max(1, int(Emu(width).pt / (size * scale * (BOLD_LETTER_WIDTH if bold else LETTER_WIDTH))))
    lines = 0
    for part in text.split("\n"):
        line = 0
        lines += 1
        for word in part.split():
            length = len(word)
            while length > room:  # a word longer than a line breaks where it must
                if line:
                    lines += 1
                lines += 1
                length -= room
                line = 0
            if line and line + 1 + length > room:
                lines += 1
                line = length
            else:
                line += (1 if line else 0) + length
    return lines


def text_height(
    paragraphs: Sequence[str], width: int, size: float, bold: bool = False, space: float = 0.5, scale: float = 1.0
) -> float:
    """The height in points of ``paragraphs`` at ``size``, with ``space`` lines between
    them (``scale``: of the letters' estimated width)."""
    lines = sum(lines_needed(p, width, size, bold, scale) for p in paragraphs)
    return (lines + space * max(0, len(paragraphs) - 1)) * size * LINE_HEIGHT


def fitting_size(
    paragraphs: Sequence[str], width: int, height: int, sizes: Sequence[float], bold: bool = False
) -> float:
    """The largest of ``sizes`` at which the paragraphs fit the box (the smallest if none does)."""
    inner_w, inner_h = width - Inches(0.2), Emu(height - Inches(0.1)).pt
    for size in sizes:
        if text_height(paragraphs, inner_w, size, bold) <= inner_h:
            return size
    return sizes[-1]


# --- cells --------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A table cell as the report shows it: an integer with Finnish thousands
    (formatting.number), other values as they are, empty for a missing value."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")).startswith("int")):
        return formatting.number(int(value))  # type: ignore[call-overload]
    return html.unescape(str(value))


def numeric(text: str) -> bool:
    """A cell that reads as a number (1 234, +3, −2, 63,9 %)."""
    stripped = text
    for part in (",", "\u00a0", "+", "\u2212", "±", " ", "%", "-"):
        stripped = stripped.replace(part, "")
    return stripped.isdigit()


# --- the deck -----------------------------------------------------------------------------


class Deck:
    """A 16:9 presentation being made, slide by slide."""

    def __init__(self, r: ReportData, words: Mapping[str, Any]):
        self.r = r
        self.words = words
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        # the theme's fonts too, so that text a presenter adds (and the notes) is Arial
        theme = self.prs.slide_master.part.part_related_by(RT.THEME)
        theme._blob = re.sub(
            rb'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*', rb"\g<1>" + FONT.encode(), theme.blob
        )
        self.titles: list[str] = []

    # the parts of every slide

    def slide(self, title: str) -> Any:
        """A new slide with its title (the title placeholder: first in reading order)."""
        if title in self.titles:
            raise ValueError(f"slide title used twice: {title!r}")
        self.titles.append(title)
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # "Title Only"
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = MARGIN, TITLE_TOP, WIDTH - 2 * MARGIN, TITLE_HEIGHT
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        size = fitting_size([title], shape.width, shape.height, (28, 26, 24, 22, 20, 18), bold=True)
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        self.style(paragraph.add_run(), title, size, bold=True, colour=DARK)
        self.footer(slide)
        return slide

    def footer(self, slide: Any) -> None:
        left = formatting.report_title(self.r.cutoff)
        if self.r.synthetic:
            left = f"{self.words['synthetic_mark']} · {left}"
        box = self.textbox(slide, MARGIN, FOOTER_TOP, WIDTH - 2 * MARGIN - Inches(0.8), Inches(0.35))
        self.style(box.text_frame.paragraphs[0].add_run(), left, 10, colour=WARNING if self.r.synthetic else GREY)
        number = self.textbox(slide, WIDTH - MARGIN - Inches(0.8), FOOTER_TOP, Inches(0.8), Inches(0.35))
        paragraph = number.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        self.style(paragraph.add_run(), str(len(self.prs.slides)), 10, colour=GREY)

    @staticmethod
    def style(
        run: Any, text: str, size: float, bold: bool = False, italic: bool = False, colour: RGBColor = DARK
    ) -> None:
        run.text = text
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.color.rgb = colour

    @staticmethod
    def textbox(slide: Any, left: int, top: int, width: int, height: int) -> Any:
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        return box

    def paragraphs(
        self,
        slide: Any,
        paragraphs: Sequence[Paragraph],
        left: int,
        top: int,
        width: int,
        height: int,
        sizes: Sequence[float] = (20, 18, 16, 15, 14, 13, 12, 11, 10),
    ) -> None:
        """Call-outs: paragraphs with their bold, emphasis and links, at the largest size that fits."""
        texts = [("• " if p.bullet else "") + p.text for p in paragraphs]
        size = fitting_size(texts, width, height, sizes)
        box = self.textbox(slide, left, top, width, height)
        frame = box.text_frame
        for i, p in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            if i:
                paragraph.space_before = Pt(size * 0.5)
            for piece in ([Run("• ")] if p.bullet else []) + p.runs:
                run = paragraph.add_run()
                self.style(run, piece.text, size, piece.bold, piece.italic, ACCENT if piece.link else DARK)
                if piece.link:
                    run.hyperlink.address = piece.link

    def footnotes(self, slide: Any, notes: Sequence[str], below: Sequence[str] = ()) -> None:
        """THL's footnotes ("*Voi olla valittuna useita."), after the call-outs of a
        slide that has no room for them beside its table."""
        if not notes and not below:
            return
        width, height = WIDTH - 2 * MARGIN, FOOTER_TOP - FOOTNOTE_TOP
        texts = [*below, *(f"*{n}" for n in notes)]
        size = fitting_size(texts, width, height, (12, 11, 10, 9))
        frame = self.textbox(slide, MARGIN, FOOTNOTE_TOP, width, height).text_frame
        for i, text in enumerate(texts):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self.style(paragraph.add_run(), text, size, italic=i >= len(below), colour=GREY)

    @staticmethod
    def describe(shape: Any, text: str) -> None:
        """A chart's or table's alternative text (the shape's ``descr``)."""
        shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)

    @staticmethod
    def notes(slide: Any, text: str) -> None:
        if text:
            slide.notes_slide.notes_text_frame.text = text

    # the slides

    def title_slide(self, title: Section) -> None:
        part = next(b for b in title.blocks if isinstance(b, Part))
        report_title = str(part.values.get("title", title.heading))
        self.titles.append(report_title)
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[0])
        heading, subtitle = slide.shapes.title, slide.placeholders[1]
        heading.left, heading.top, heading.width, heading.height = MARGIN, Inches(1.4), WIDTH - 2 * MARGIN, Inches(2.0)
        heading.text_frame.word_wrap = True
        self.style(heading.text_frame.paragraphs[0].add_run(), report_title, 36, bold=True)
        heading.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
            MARGIN,
            Inches(3.5),
            WIDTH - 2 * MARGIN,
            Inches(0.8),
        )
        n = finnish.digits(self.r.n, self.words["assessment"])
        line = self.words["subtitle"].format(cutoff=formatting.date_fi(self.r.cutoff), n=n)
        self.style(subtitle.text_frame.paragraphs[0].add_run(), line, 24, colour=GREY)
        subtitle.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        notices = []
        if self.r.synthetic:
            notices.append(self.words["synthetic"])
        if not self.r.n:
            notices.append(self.words["empty"].format(cutoff=formatting.date_fi(self.r.cutoff)))
        if notices:
            box = self.textbox(slide, MARGIN, Inches(4.6), WIDTH - 2 * MARGIN, Inches(1.6))
            size = fitting_size(notices, box.width, box.height, (20, 18, 16, 14))
            for i, text in enumerate(notices):
                paragraph = box.text_frame.paragraphs[0] if i == 0 else box.text_frame.add_paragraph()
                self.style(paragraph.add_run(), text, size, bold=i == 0, colour=WARNING)
        self.footer(slide)
        table = part.values.get("table")
        if isinstance(table, Table) and self.r.n:
            self.table_slide(table, title, [], [], "")

    def empty_slide(self) -> None:
        cutoff = formatting.date_fi(self.r.cutoff)
        slide = self.slide(self.words["empty_title"].format(cutoff=cutoff))
        text = self.words["empty_body"].format(cutoff=cutoff)
        self.paragraphs(
            slide, [Paragraph([Run(text)])], MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP, (24, 20, 18)
        )

    def thin_slide(self, section: Section) -> None:
        slide = self.slide(self.words["thin_title"].format(heading=section.heading))
        text = self.words["thin"].format(cutoff=formatting.date_fi(self.r.cutoff), n=formatting.number(self.r.n))
        self.paragraphs(
            slide, [Paragraph([Run(text)])], MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP, (24, 20, 18)
        )

    def body(self, slide: Any, callouts: Sequence[Paragraph]) -> tuple[int, int, int, int]:
        """The call-outs beside the slide's chart or table; the room left for it."""
        top, height = BODY_TOP, BODY_BOTTOM - BODY_TOP
        if not callouts:
            return MARGIN, top, WIDTH - 2 * MARGIN, height
        side = side_width(callouts)
        left = WIDTH - MARGIN - side
        self.paragraphs(slide, callouts, left, top, side, height)
        return MARGIN, top, WIDTH - 2 * MARGIN - side - GAP, height

    def chart_slide(
        self, chart: Chart, section: Section, callouts: list[Paragraph], notes: list[str], speaker: str
    ) -> None:
        title = str(chart.data.get("title", section.heading))
        slide = self.slide(title + ("*" if notes else ""))
        left, top, width, height = self.body(slide, callouts)
        kind_word = self.words["chart_kinds"][chart.kind]
        frame = add_chart(slide, chart, left, top, width, height)
        self.describe(frame, self.words["chart_alt"].format(kind=kind_word, title=title))
        self.footnotes(slide, notes)
        self.notes(slide, speaker or chart.alt.replace(TABLE_BELOW, "").strip())

    def table_slide(
        self, table: Table, section: Section, callouts: list[Paragraph], notes: list[str], speaker: str
    ) -> None:
        """A table on one slide, or on several when it is too long: its rows grouped
        by the first column's runs of equal values, each slide titled "(1/3)"."""
        caption = table.caption or section.heading
        columns = [str(c) for c in table.frame.columns]
        rows = [[cell_text(v) for v in record] for record in table.frame.itertuples(index=False)]
        below: list[str] = []
        if len(columns) >= WIDE_TABLE and callouts:  # a wide table keeps the width: its call-outs go below
            below, callouts = [p.text for p in callouts], []
        room_w = WIDTH - 2 * MARGIN - (side_width(callouts) + GAP if callouts else 0)
        widths = column_widths(columns, rows, room_w)
        groups = row_groups(rows) if len(rows) > 12 else [rows]
        pages: list[list[list[str]]] = []
        for group in groups:
            if pages and fits_table(columns, pages[-1] + group, widths, BODY_BOTTOM - BODY_TOP, SPLIT_TABLE_SIZE):
                pages[-1] += group
            else:
                pages.append(list(group))
        for index, page in enumerate(pages, start=1):
            title = (
                caption if len(pages) == 1 else self.words["part"].format(title=caption, index=index, count=len(pages))
            )
            slide = self.slide(title + ("*" if notes else ""))
            left, top, width, height = self.body(slide, callouts if index == 1 else [])
            widths = best_widths(columns, page, width, height)
            total = table.total_row and index == len(pages)
            if len(groups) > 1:  # the group's name once, on its first row
                page = [row if i == 0 or row[0] != page[i - 1][0] else ["", *row[1:]] for i, row in enumerate(page)]
            shape = add_table(slide, columns, page, widths, left, top, height, total, table.row_headers)
            self.describe(shape, self.words["table_alt"].format(caption=title))
            self.footnotes(slide, notes, below)
            self.notes(slide, speaker)

    def utilisation_slide(self, closing: Section) -> None:
        part = next((b for b in closing.blocks if isinstance(b, Part)), None)
        text = part.values.get("utilisation") if part else None
        if not text:
            return
        slide = self.slide(self.words["utilisation_title"])
        self.paragraphs(
            slide,
            [Paragraph([Run(str(text))])],
            MARGIN,
            BODY_TOP,
            Inches(8.5),
            BODY_BOTTOM - BODY_TOP,
            (28, 24, 20, 18),
        )

    def sources_slide(self, title: Section, closing: Section | None) -> None:
        words = self.words["sources"]
        # the source files as the title section's figures (and summary.json) hold them
        inputs: Sequence[Mapping[str, Any]] = title.figures.get("inputs", [])  # type: ignore[assignment]
        files = [str(f["file"]) for f in inputs]
        texts = load_texts()
        paragraphs = []
        link = texts.get("innokyla_all_models")
        if link:
            paragraphs.append(
                Paragraph([Run(f"{words['innokyla']}: "), Run(words["innokyla_link"], link=str(link))], True)
            )
        paragraphs.append(Paragraph([Run(words["report"])], True))
        paragraphs.append(Paragraph([Run(words["data_log"])], True))
        built = formatting.timestamp_fi(self.r.data.manifest.get("built_at", ""))
        version = version_fi(self.r.data.manifest.get("code_version", ""))
        paragraphs.append(Paragraph([Run(words["provenance"].format(built=built))], True))
        part = next((b for b in closing.blocks if isinstance(b, Part)), None) if closing else None
        closing_values: Mapping[str, Any] = part.values if part else {}
        contact = [str(line) for line in closing_values.get("contact") or []]
        if contact:
            paragraphs.append(Paragraph([Run(self.words["contact_title"], bold=True)]))
            paragraphs += [Paragraph([Run(line)]) for line in contact]
        slide = self.slide(self.words["sources_title"])
        self.notes(slide, words["provenance_notes"].format(version=version, files=", ".join(files)))
        self.paragraphs(
            slide, paragraphs, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP, (18, 16, 14, 12, 11, 10)
        )


def side_width(callouts: Sequence[Paragraph]) -> int:
    """The call-outs' column: wider for a long text."""
    return WIDE_SIDE_WIDTH if sum(len(p.text) for p in callouts) > LONG_CALLOUTS else SIDE_WIDTH


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], room: int, size: float = 12) -> list[int]:
    """Columns' widths: each at least its longest word (at ``size``, or smaller if the
    words do not fit so: no word is broken), the rest of ``room`` shared by the
    columns' mean text length."""
    longest = [
        max([len(w) for text in [column, *[row[k] for row in rows]] for w in text.split()] or [1])
        for k, column in enumerate(columns)
    ]
    weights = [max(1.0, min(sum(len(row[k]) for row in rows) / max(1, len(rows)), 90.0)) for k in range(len(columns))]
    for at in [float(s) for s in TABLE_SIZES if s <= size] or [size]:
        floors = [int(Pt(n * at * BOLD_LETTER_WIDTH + 4)) + 2 * CELL_MARGIN for n in longest]
        if sum(floors) <= room:
            break
    spare = room - sum(floors)
    if spare < 0:  # even the smallest words do not fit: shrink them all alike
        return [int(f * room / sum(floors)) for f in floors]
    widths = [f + int(spare * w / sum(weights)) for f, w in zip(floors, weights)]
    widths[-1] += room - sum(widths)
    return widths


def best_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], room: int, height: int) -> list[int]:
    """The columns' widths for the largest size at which the table fits, no word broken."""
    for size in TABLE_SIZES:
        widths = column_widths(columns, rows, room, size)
        fitted = table_size(columns, rows, widths, height)
        if fitted and fitted[0] >= size:
            return widths
    return column_widths(columns, rows, room, SPLIT_TABLE_SIZE)


def row_groups(rows: Sequence[Sequence[str]]) -> list[list[list[str]]]:
    """Runs of rows with the same first cell (a theme and its sub-topics)."""
    groups: list[list[list[str]]] = []
    for row in rows:
        if groups and groups[-1][0][0] == row[0]:
            groups[-1].append(list(row))
        else:
            groups.append([list(row)])
    return groups


TABLE_SIZES = (16, 14, 13, 12, 11, 10, 9)
SPLIT_TABLE_SIZE = 12  # a table split over slides is split so that each page is at least this size
# a table's row grows to its text in PowerPoint and LibreOffice alike, and the slide's
# check in tests/test_slides.py sees it if one ran off: estimated closer than a text box
TABLE_LETTERS = 0.92


def table_size(
    columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int], height: int, smallest: float = 0
) -> tuple[float, list[float]] | None:
    """The largest size (not under ``smallest``) at which the table fits ``height``,
    and its rows' heights in points."""
    longest = [
        max([len(w) for text in [column, *[row[k] for row in rows]] for w in text.split()] or [1])
        for k, column in enumerate(columns)
    ]
    for size in [s for s in TABLE_SIZES if s >= smallest]:
        if any(Pt(n * size * BOLD_LETTER_WIDTH + 4) + 2 * CELL_MARGIN > w for n, w in zip(longest, widths)):
            continue  # a word would break
        heights = [
            max(
                text_height([text], w - 2 * CELL_MARGIN, size, header, scale=TABLE_LETTERS)
                for text, w in zip(row, widths)
            )
            + 2 * Emu(CELL_MARGIN).pt
            + 2
            for header, row in [(True, columns)] + [(False, r) for r in rows]
        ]
        if sum(heights) <= Emu(height).pt:
            return size, heights
    return None


def fits_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int], height: int, smallest: float = 0
) -> bool:
    return table_size(columns, rows, widths, height, smallest) is not None


def add_table(
    slide: Any,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    left: int,
    top: int,
    height: int,
    total: bool,
    row_headers: bool,
) -> Any:
    """A native table: the header row, numbers right-aligned, the total row in bold."""
    fitted = table_size(columns, rows, widths, height)
    size, heights = fitted if fitted else (TABLE_SIZES[-1], [TABLE_SIZES[-1] * 2.0] * (len(rows) + 1))
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), left, top, sum(widths), Pt(sum(heights)))
    table = shape.table
    for k, w in enumerate(widths):
        table.columns[k].width = Emu(w)
    for i, h in enumerate(heights):
        table.rows[i].height = Pt(h)
    table.first_col = False  # the style colours it dark: the row headers are bold instead
    is_number = [k > 0 and all(numeric(r[k]) or not r[k] for r in rows) for k in range(len(columns))]
    for i, row in enumerate([list(columns), *rows]):
        for k, text in enumerate(row):
            cell = table.cell(i, k)
            cell.margin_left = cell.margin_right = cell.margin_top = cell.margin_bottom = CELL_MARGIN
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE if i == 0 else MSO_ANCHOR.TOP
            frame = cell.text_frame
            frame.word_wrap = True
            paragraph = frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if is_number[k] else PP_ALIGN.LEFT
            bold = i == 0 or (total and i == len(rows)) or (row_headers and k == 0)
            run = paragraph.add_run()
            Deck.style(run, text, size, bold=bold, colour=RGBColor(0xFF, 0xFF, 0xFF) if i == 0 else DARK)
    return shape


# --- charts -------------------------------------------------------------------------------


def chart_series(chart: Chart) -> tuple[list[str], list[tuple[str, list[Any]]], str]:
    """A section's chart as categories, named series and the values' number format:
    exactly the data the report's chart is drawn from."""
    data: Mapping[str, Any] = chart.data
    if chart.kind == "areas":
        by = data["table_counts"]
        assert isinstance(by, Mapping)
        series = [(formatting.date_fi(day), [int(v) for v in counts]) for day, counts in by.items()]
        return [str(a) for a in data["areas"]], series, "0"
    if chart.kind == "stacked":
        counts, scale = data["counts"], data["scale"]
        assert isinstance(counts, Mapping)
        categories = [str(c) for c in counts]
        return categories, [(str(level), [int(counts[c].get(level, 0)) for c in counts]) for level in scale], "0;-0;;@"
    if chart.kind == "percent":
        values = data["values"]
        assert isinstance(values, Mapping)
        return [str(k) for k in values], [("%", [v for v in values.values()])], '0" %"'
    counts = data["counts"]
    assert isinstance(counts, Mapping)
    return (
        [str(k) for k in counts],
        [(str(data.get("xlabel") or load_texts()["slides"]["count_series"]), [int(v) for v in counts.values()])],
        "0",
    )


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def series_colours(chart: Chart, names: Sequence[str]) -> list[str]:
    """The report's colours (analysis.report.charts): a cutoff, an answer, a phase
    has the same colour in the deck as in every report."""
    if chart.kind == "areas":
        by: Mapping[date, Any] = chart.data["table_counts"]  # type: ignore[assignment]
        return [charts.cutoff_colour(day) for day in by]
    if chart.kind == "stacked":
        return [charts.scale_colour(name, i) for i, name in enumerate(names)]
    return [charts.SERIES for _ in names]


def chart_is_empty(chart: Chart) -> bool:
    _, series, _ = chart_series(chart)
    return not any(v for _, values in series for v in values)


def add_chart(slide: Any, chart: Chart, left: int, top: int, width: int, height: int) -> Any:
    categories, series, number_format = chart_series(chart)
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    for name, values in series:
        data.add_series(name, values)
    kind = {
        "bars": XL_CHART_TYPE.BAR_CLUSTERED,
        "percent": XL_CHART_TYPE.BAR_CLUSTERED,
        "stacked": XL_CHART_TYPE.BAR_STACKED_100,
        "areas": XL_CHART_TYPE.COLUMN_CLUSTERED,
    }[chart.kind]
    frame = slide.shapes.add_chart(kind, left, top, width, height, data)
    c = frame.chart
    c.font.name = FONT
    c.font.size = Pt(12 if chart.kind != "areas" else 10)
    c.font.color.rgb = DARK
    c.has_title = False
    plot = c.plots[0]
    plot.gap_width = 50 if chart.kind != "areas" else 80
    value_axis, category_axis = c.value_axis, c.category_axis
    value_axis.has_major_gridlines = chart.kind == "areas"
    value_axis.tick_labels.font.size = Pt(10)
    if chart.kind == "percent":
        value_axis.maximum_scale = 100
    if chart.kind != "areas":
        category_axis.reverse_order = True  # the first category at the top, as in the report
    if chart.kind in ("bars", "percent"):
        value_axis.visible = False
    if len(series) > 1:
        c.has_legend = True
        c.legend.position = XL_LEGEND_POSITION.BOTTOM if chart.kind == "stacked" else XL_LEGEND_POSITION.TOP
        c.legend.include_in_layout = False
        c.legend.font.size = Pt(11)
    else:
        c.has_legend = False
    colours = series_colours(chart, [name for name, _ in series])
    for s, colour in zip(plot.series, colours):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = rgb(colour)
    if chart.kind != "areas":
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(11 if chart.kind == "stacked" else 12)
        if chart.kind == "stacked":
            labels.position = XL_LABEL_POSITION.CENTER
            for i, s in enumerate(plot.series):  # white on the dark colours
                s.data_labels.show_value = True
                s.data_labels.font.size = Pt(11)
                s.data_labels.number_format = number_format
                s.data_labels.number_format_is_linked = False
                s.data_labels.position = XL_LABEL_POSITION.CENTER
                s.data_labels.font.color.rgb = rgb(charts.label_colour(colours[i]))
        else:
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
    return frame


# --- the whole deck ----------------------------------------------------------------------


def deck_stamp(r: ReportData) -> datetime:
    """The deck's time: the build's (SOURCE_DATE_EPOCH when set), as the manifest has it."""
    built = r.data.manifest.get("built_at")
    try:
        return datetime.fromisoformat(str(built)) if built else build_time()
    except ValueError:
        return build_time()


def planned_slides(d: Deck, by_id: Mapping[str, Section]) -> None:
    """The slides of :data:`PLAN`; a section without its planned chart or table gets
    one slide saying so."""
    thin_done: set[str] = set()
    for planned in PLAN:
        section = by_id.get(planned.section)
        if section is None:
            continue
        blocks: list[Block] = list(section.charts if planned.kind == "chart" else section.tables)
        block = blocks[planned.index] if planned.index < len(blocks) else None
        if block is None or (isinstance(block, Chart) and chart_is_empty(block)):
            if section.id not in thin_done:
                thin_done.add(section.id)
                d.thin_slide(section)
            continue
        texts = [b for b in section.blocks if isinstance(b, Text)]
        callouts: list[Paragraph] = []
        notes: list[str] = []
        for i in planned.texts:
            if i < len(texts):
                paragraphs, found = split_text(texts[i].markdown)
                callouts += paragraphs
                notes += found + list(texts[i].footnotes)
        speaker = "\n".join(plain(t.markdown) for t in texts)
        if isinstance(block, Chart):
            d.chart_slide(block, section, callouts, notes, speaker)
        elif isinstance(block, Table):
            d.table_slide(block, section, callouts, notes, speaker)


def deck(sections: Sequence[Section], r: ReportData) -> PresentationFile:
    """The slides of ``sections`` (the report's, in its order) as a presentation."""
    words = load_texts()["slides"]
    by_id = {s.id: s for s in sections}
    d = Deck(r, words)
    if "otsikko" in by_id:
        d.title_slide(by_id["otsikko"])
    if r.n:
        planned_slides(d, by_id)
    else:  # one slide for the cutoff, not one empty slide per section
        d.empty_slide()
    if "lisatietoja" in by_id:
        d.utilisation_slide(by_id["lisatietoja"])
    if "otsikko" in by_id:
        d.sources_slide(by_id["otsikko"], by_id.get("lisatietoja"))
    stamp = deck_stamp(r)
    core = d.prs.core_properties
    core.title = formatting.report_title(r.cutoff)
    core.author = core.last_modified_by = words["author"]
    core.language = "fi-FI"
    core.revision = 1
    core.created = core.modified = core.last_printed = stamp.replace(tzinfo=None)
    return d.prs


def deck_bytes(sections: Sequence[Section], r: ReportData) -> bytes:
    """The deck's bytes: the same sections and build time give the same bytes."""
    buffer = io.BytesIO()
    deck(sections, r).save(buffer)
    return fixed_zip_bytes(buffer.getvalue(), deck_stamp(r))


def write_deck(sections: Sequence[Section], r: ReportData, path: Path) -> None:
    """report.pptx of ``sections``, written atomically."""
    data = deck_bytes(sections, r)
    write_file_atomically(Path(path), lambda tmp: tmp.write_bytes(data))


__all__ = ["PLAN", "Planned", "deck", "deck_bytes", "write_deck", "chart_series", "cell_text", "split_text"]
