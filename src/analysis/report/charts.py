"""Charts of the summary: matplotlib/seaborn, Finnish labels, values on the bars.

Colours come from the Okabe–Ito palette, which stays distinguishable with the
common colour-vision deficiencies, restricted to its colours that have at least
3:1 contrast against the white background (WCAG 2.1, 1.4.11): the light ones
(orange, sky blue, yellow) are not used. A thing has one colour in every report:
a cutoff date, an answer on a scale and a phase each have a fixed colour below.
Text on a bar is white or black, whichever has at least 4.5:1 against it.

Every chart function returns a Figure; :func:`draw` picks the function by a
section chart's kind and calls it with the chart's data. ``analysis.html.svg.svg``
turns the Figure into the compact SVG that the report embeds, and the ``alt_*``
functions write its Finnish alternative text from the same data.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from analysis import config
from analysis.form.codebook import load_codebook
from analysis.language import cldr, finnish, formatting
from analysis.language.sentences import sentence

# matplotlib and seaborn (with scipy) take about a second to import: they are
# imported where a chart is drawn, so what only reads this module's colours and
# texts (the tables, the summary, the tests) does not wait for them.
if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design": the colours with >= 3:1 on white.
BLUE = "#0072B2"  # 5.2:1 on white
VERMILLION = "#D55E00"  # 3.9:1
GREEN = "#009E73"  # 3.4:1 (Okabe–Ito's bluish green)
PURPLE = "#CC79A7"  # 3.1:1 (reddish purple)
BLACK = "#000000"
GREY = "#707070"  # 5.0:1; not an Okabe–Ito colour: "no answer"
PALETTE = (BLUE, VERMILLION, GREEN, PURPLE, GREY, BLACK)
# Okabe–Ito's light colours, kept out of the charts: below 3:1 on white.
TOO_LIGHT = ("#E69F00", "#56B4E9", "#F0E442")

BACKGROUND = "#FFFFFF"
TEXT = "#1A1A1A"
# Bars of a single series (counts of one question).
SERIES = BLUE
# The three cutoffs THL published, fixed; any other date takes a colour by its day.
CUTOFF_COLOURS = dict(zip(config.STANDARD_CUTOFFS, (GREEN, VERMILLION, BLUE)))
OTHER_CUTOFF_COLOURS = (PURPLE, GREY, BLACK)
# Answer scales, by the level's place in the codebook's scale of the yes/no
# questions: "yes" blue, "partly"/"in preparation" green, "no" vermillion,
# "don't know" purple; no answer grey.
ANSWER_SCALE_QUESTIONS = ("results_evaluation", "utilisation", "adoption")
ANSWER_SCALE_COLOURS = (BLUE, GREEN, VERMILLION, PURPLE)
NO_ANSWER_COLOUR = GREY
# Phases, by the phase question's item id.
PHASE_ITEM_COLOURS = {"piloted": PURPLE, "adopted": GREEN, "rooted": BLUE}


@cache
def scale_colours() -> dict[str, str]:
    """Answer label -> colour, the labels read from the codebook."""
    codebook = load_codebook()
    colours: dict[str, str] = {}
    for question_id in ANSWER_SCALE_QUESTIONS:
        colours.update(zip(codebook.question(question_id).scale, ANSWER_SCALE_COLOURS))
    colours["Ei vastausta"] = NO_ANSWER_COLOUR  # tables.answers.NO_ANSWER: not a level of the form
    return colours


@cache
def phase_colours() -> dict[str, str]:
    """Phase label -> colour, the labels read from the codebook."""
    phase = load_codebook().question("phase")
    return {phase.item(item_id).text: colour for item_id, colour in PHASE_ITEM_COLOURS.items()}


# Sizes in points. A chart is shown at its natural size (1 pt = 4/3 CSS px), so
# 9.5 pt is 12.7 px on screen, the size of the report's small print; printed on
# A4 the 7-inch width fits the 174 mm text width at about 98 %.
WIDTH = 7.0
FONT = 9.5
TITLE = 11.5


def style() -> None:
    """The report's look; called once by the notebook."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", palette=list(PALETTE), font="DejaVu Sans")
    plt.rcParams.update(
        {
            "figure.dpi": 96,
            "savefig.dpi": 96,
            "font.size": FONT,
            "axes.labelsize": FONT,
            "xtick.labelsize": FONT,
            "ytick.labelsize": FONT,
            "legend.fontsize": FONT,
            "legend.title_fontsize": FONT,
            "axes.titleweight": "bold",
            "axes.titlesize": TITLE,
            "axes.titlelocation": "left",
            "text.color": TEXT,
            "axes.labelcolor": TEXT,
            "xtick.color": TEXT,
            "ytick.color": TEXT,
            "axes.edgecolor": "#595959",
            "grid.color": "#D9D9D9",
            "figure.facecolor": BACKGROUND,
            "axes.facecolor": BACKGROUND,
            # SVG: text stays text (small, sharp, searchable); ids do not change between runs
            "svg.fonttype": "none",
            "svg.hashsalt": "rrp-report",
        }
    )


# --- colours --------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours (1–21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def label_colour(background: str) -> str:
    """White or black text on ``background``, whichever contrasts more."""
    return "#FFFFFF" if contrast("#FFFFFF", background) >= contrast(BLACK, background) else BLACK


def cutoff_colour(day: date) -> str:
    return CUTOFF_COLOURS.get(day) or OTHER_CUTOFF_COLOURS[day.toordinal() % len(OTHER_CUTOFF_COLOURS)]


def scale_colour(answer: str, position: int = 0) -> str:
    return scale_colours().get(answer) or PALETTE[position % len(PALETTE)]


# --- output ---------------------------------------------------------------------------


# --- charts ---------------------------------------------------------------------------


def _wrap(label: str, width: int = 38) -> str:
    """A label over lines of at most ``width`` characters, broken only between words."""
    return textwrap.fill(label, width, break_long_words=False, break_on_hyphens=False)


# --- words and numbers in the report's language --------------------------------------------
# Finnish is written by analysis.language.formatting and .finnish (byte for byte as
# before); Swedish and English by CLDR (analysis.language.cldr) and the catalogue's
# data/sentences/charts.yaml.


def _number(value: float, language: str) -> str:
    return formatting.number(value) if language == "fi" else cldr.number(value, language)


def _percent(value: float, language: str) -> str:
    return formatting.percent(value) if language == "fi" else cldr.percent(value, language)


def _day(value: date, language: str) -> str:
    return formatting.date_fi(value) if language == "fi" else cldr.day(value, language)


def join(parts: Sequence[str], language: str = "fi") -> str:
    """ "a", "a ja b", "a, b ja c" in Finnish; "a, b och c", "a, b and c" by CLDR."""
    return finnish.join(list(parts)) if language == "fi" else cldr.join(list(parts), language)


def _word(key: str, finnish_word: str, language: str) -> str:
    return finnish_word if language == "fi" else sentence(f"charts.{key}", language)


def table_below(language: str = "fi") -> str:
    """What a chart's alternative text says about its numbers, when they are in the
    table under it."""
    return TABLE_BELOW if language == "fi" else sentence("charts.table_below", language)


def _values(values: Sequence[int], n: int | None, percents: Sequence[float] | None, language: str = "fi") -> list[str]:
    if percents is None and n:
        percents = [formatting.share(v, n) for v in values]
    if percents is None:
        return [_number(v, language) for v in values]
    return [f"{_number(v, language)} ({_percent(p, language)})" for v, p in zip(values, percents)]


def bar_chart(
    counts: Mapping[str, int],
    title: str,
    xlabel: str | None = None,
    n: int | None = None,
    percents: Sequence[float] | None = None,
    colour: str = SERIES,
    language: str = "fi",
) -> Figure:
    """Horizontal bars in the order given, with the count at the end of each bar and
    its share: of ``n`` (rounded half up), or as given in ``percents`` (e.g.
    largest-remainder shares that sum to 100). ``xlabel``: the axis's name
    (default "Lukumäärä" in the chart's ``language``)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    labels = [_wrap(k) for k in counts]
    values = list(counts.values())
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.3 * lines + 0.12 * len(labels) + 1.0))
    bars = ax.barh(labels, values, color=colour, height=0.7)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=_values(values, n, percents, language), padding=3, fontsize=FONT, color=TEXT)
    ax.set_title(title)
    ax.set_xlabel(xlabel or _word("count_axis", "Lukumäärä", language))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(values + [1]) * 1.3)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def area_chart(
    table_counts: Mapping[date, Sequence[int]],
    areas: Sequence[str],
    title: str,
    panels: int | None = None,
    language: str = "fi",
) -> Figure:
    """Assessments per area, one bar per cutoff (grouped, each cutoff in its own
    colour), counts on the bars. More than 12 areas are split into two panels side
    by side, so that the chart fits on one printed page."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    cutoffs = sorted(table_counts)
    panels = panels or (2 if len(areas) > 12 else 1)
    per_panel = -(-len(areas) // panels)
    rows = per_panel * (0.14 * len(cutoffs) + 0.08)
    fig, axes = plt.subplots(1, panels, figsize=(WIDTH, rows + 1.4), sharex=True, squeeze=False, layout="constrained")
    height = 0.84 / len(cutoffs)
    top = max((max(v, default=0) for v in table_counts.values()), default=0)
    for p, ax in enumerate(axes[0]):
        chunk = range(p * per_panel, min(len(areas), (p + 1) * per_panel))
        positions = range(len(chunk))
        for k, cutoff in enumerate(cutoffs):
            offsets = [i + (k - (len(cutoffs) - 1) / 2) * height for i in positions]
            values = [table_counts[cutoff][i] for i in chunk]
            bars = ax.barh(
                offsets, values, height=height * 0.92, color=cutoff_colour(cutoff), label=_day(cutoff, language)
            )
            ax.bar_label(bars, labels=[_number(v, language) for v in values], padding=2, fontsize=FONT, color=TEXT)
        ax.set_yticks(list(positions), [areas[i] for i in chunk])
        ax.set_ylim(len(chunk) - 0.5, -0.5)
        ax.set_xlim(0, top * 1.18 + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(_word("assessments_axis", "Itsearviointeja", language))
        ax.grid(axis="y", visible=False)
    fig.suptitle(title, x=0.0, ha="left", fontsize=TITLE, fontweight="bold")
    if len(cutoffs) > 1:
        handles, labels = axes[0][0].get_legend_handles_labels()
        legend_title = _word("cutoff_legend", "Rajapäivä", language)
        fig.legend(handles, labels, title=legend_title, ncols=len(cutoffs), loc="outside lower center", frameon=False)
    return fig


def stacked_bars(
    counts: Mapping[str, Mapping[str, int]],
    scale: Sequence[str],
    title: str,
    language: str = "fi",
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """One horizontal bar per matrix item, split by answer (shares of the item's
    answers), with the share printed in each segment wide enough to hold it; an
    answer's colour from ``colours`` by its label (a translated scale keeps the
    Finnish levels' colours), else from the codebook's scale."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    items = list(counts)
    labels = [_wrap(i, 40) for i in items]
    lines = sum(label.count("\n") + 1 for label in labels)
    # constrained layout keeps the legend below the axis label instead of on it
    fig, ax = plt.subplots(figsize=(WIDTH, 0.2 * lines + 0.16 * len(items) + 1.3), layout="constrained")
    left = [0.0] * len(items)
    for position, answer in enumerate(scale):
        shares = []
        for item in items:
            total = sum(counts[item].values()) or 1
            shares.append(100 * counts[item].get(answer, 0) / total)
        colour = (colours or {}).get(answer) or scale_colour(answer, position)
        bars = ax.barh(
            labels, shares, left=left, label=answer, color=colour, edgecolor="white", linewidth=1, height=0.66
        )
        ax.bar_label(
            bars,
            labels=[_percent(round(s), language) if s >= 9 else "" for s in shares],
            label_type="center",
            fontsize=FONT,
            color=label_colour(colour),
        )
        left = [a + b for a, b in zip(left, shares)]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _percent(x, language)))
    ax.set_title(title)
    ax.set_xlabel(_word("share_axis", "Osuus vastauksista", language))
    fig.legend(ncols=len(scale), loc="outside lower center", frameon=False)
    ax.grid(axis="y", visible=False)
    return fig


def percent_bars(
    values: Mapping[str, float], title: str, colours: Mapping[str, str] | None = None, language: str = "fi"
) -> Figure:
    """Bars of shares (0–100 %), the share printed on each; a bar's colour from
    ``colours`` by its label (default the phase colours), else the series colour."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    colours = phase_colours() if colours is None else colours
    labels, shares = list(values), list(values.values())
    fig, ax = plt.subplots(figsize=(WIDTH, 0.42 * len(labels) + 1.0))
    bars = ax.barh(labels, shares, color=[colours.get(label, SERIES) for label in labels], height=0.7)
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[_percent(s, language) for s in shares], padding=3, fontsize=FONT, color=TEXT)
    ax.set_xlim(0, 110)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _percent(x, language)))
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


# --- alternative texts ---------------------------------------------------------------------


def join_fi(parts: Sequence[str]) -> str:
    """ "a", "a ja b", "a, b ja c"."""
    return finnish.join(list(parts))


def _largest(pairs: Sequence[tuple[str, float, str]], top: int, language: str = "fi") -> str:
    """The ``top`` largest of (label, value, shown) pairs, ties in the order given."""
    ranked = sorted(enumerate(pairs), key=lambda ip: (-ip[1][1], ip[0]))[:top]
    return join([f"{label} {shown}" for _, (label, _value, shown) in ranked], language)


def alt_bars(
    title: str,
    counts: Mapping[str, float],
    shown: Sequence[str] | None = None,
    top: int = 3,
    kind: str | None = None,
    language: str = "fi",
) -> str:
    """``kind`` (default "Pylväskuvio" in ``language``): the title, how many bars,
    and the largest values."""
    kind = kind or _word("bar_chart", "Pylväskuvio", language)
    shown = list(shown) if shown is not None else [_number(v, language) for v in counts.values()]
    pairs = [(label, value, text) for (label, value), text in zip(counts.items(), shown)]
    if not pairs:
        return (
            f"{kind}: {title}. Ei arvoja." if language == "fi" else _alt("no_values", language, kind=kind, title=title)
        )
    nonzero = [p for p in pairs if p[1]]
    if not nonzero:
        if language != "fi":
            return _alt("all_zero", language, kind=kind, title=title, n=len(pairs))
        return f"{kind}: {title}. Kaikki arvot ({finnish.counted(len(pairs), 'arvo')}) ovat nollia."
    top = min(top, len(nonzero))
    if language != "fi":
        return (
            _alt("bars", language, kind=kind, title=title, n=len(pairs))
            + " "
            + _alt("largest", language, top=top, largest=_largest(nonzero, top, language))
        )
    which = "Suurin" if top == 1 else f"{finnish.capitalise(finnish.numeral(top))} suurinta"
    bars = finnish.capitalise(finnish.counted(len(pairs), "pylväs"))
    return f"{kind}: {title}. {bars}. {which}: {_largest(nonzero, top)}."


def _alt(key: str, language: str, **values: object) -> str:
    return sentence(f"charts.{key}", language, **values)


def alt_bar_chart(
    counts: Mapping[str, int],
    title: str,
    n: int | None = None,
    percents: Sequence[float] | None = None,
    top: int = 3,
    language: str = "fi",
) -> str:
    """The alternative text of ``bar_chart`` with the same arguments."""
    return alt_bars(title, counts, _values(list(counts.values()), n, percents, language), top, language=language)


def alt_percent_bars(values: Mapping[str, float], title: str, top: int = 3, language: str = "fi") -> str:
    return alt_bars(title, values, [_percent(v, language) for v in values.values()], top, language=language)


def alt_area_chart(
    table_counts: Mapping[date, Sequence[int]], areas: Sequence[str], title: str, top: int = 3, language: str = "fi"
) -> str:
    cutoffs = sorted(table_counts)
    latest = cutoffs[-1]
    counts = dict(zip(areas, table_counts[latest]))
    zero = [a for a, v in counts.items() if not v]
    if language != "fi":
        largest = _largest([(a, v, _number(v, language)) for a, v in counts.items()], top, language)
        dates = join([_day(c, language) for c in cutoffs], language)
        text = _alt("areas", language, title=title, areas=len(areas), dates=dates, latest=latest, largest=largest)
        if zero:
            return text + _alt("areas_without", language, areas=join(zero, language))
        low = min(counts.values())
        return text + _alt(
            "areas_fewest", language, low=low, areas=join([a for a, v in counts.items() if v == low], language)
        )
    dates = join_fi([formatting.date_fi(c) for c in cutoffs])
    text = (
        f"Ryhmitelty pylväskuvio: {title}. {finnish.capitalise(finnish.counted(len(areas), 'alue'))}, "
        f"pylväs kullekin rajapäivälle ({dates}). "
        f"Eniten arviointeja {formatting.date_fi(latest)}: "
        f"{_largest([(a, v, formatting.number(v)) for a, v in counts.items()], top)}."
    )
    if zero:
        text += f" Ei yhtään arviointia: {join_fi(zero)}."
    else:
        low = min(counts.values())
        text += f" Vähiten ({formatting.number(low)}): {join_fi([a for a, v in counts.items() if v == low])}."
    return text


def alt_stacked_bars(
    counts: Mapping[str, Mapping[str, int]], scale: Sequence[str], title: str, language: str = "fi"
) -> str:
    """Each item with its most common answer and that answer's share."""
    parts = []
    for item, answers in counts.items():
        total = sum(answers.values()) or 1
        best = max(scale, key=lambda a: (answers.get(a, 0), -list(scale).index(a)))
        parts.append(f"{item}: {best} {_percent(round(100 * answers.get(best, 0) / total), language)}")
    if language != "fi":
        quoted = join([_alt("quoted", language, text=a) for a in scale], language)
        return _alt("stacked", language, title=title, scale=quoted, parts="; ".join(parts))
    return (
        f"Pinottu pylväskuvio: {title}. Vastausten osuudet väittämittäin ({join_fi([f'”{a}”' for a in scale])}). "
        f"Yleisin vastaus: {'; '.join(parts)}."
    )


DRAW = {"bars": bar_chart, "areas": area_chart, "stacked": stacked_bars, "percent": percent_bars}


def draw(kind: str, data: Mapping[str, object]) -> Figure:
    """A section's chart (:class:`analysis.report.section.Chart`) drawn from its data:
    ``data`` are the arguments of the drawing function of its ``kind``."""
    return DRAW[kind](**data)  # type: ignore[operator]


# What a chart's alternative text says about its numbers, when they are in the table under it.
TABLE_BELOW = " Kaikki luvut ovat kuvion alla olevassa taulukossa."
