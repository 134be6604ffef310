"""Charts of the summary: matplotlib/seaborn, Finnish labels, counts on the bars, and
the Okabe–Ito palette, which stays distinguishable with the common colour-vision
deficiencies. Every function returns a Figure; the notebook displays it inline, so
the report embeds it as an image."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import fmt

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Answer scales, best first: blue for "yes", orange for "partly", vermillion for "no", grey for "don't know".
SCALE_COLOURS = {
    "Kyllä": "#0072B2",
    "Osittain": "#56B4E9",
    "Valmistelussa": "#56B4E9",
    "Ei": "#D55E00",
    "En osaa sanoa": "#999999",
    "Ei vastausta": "#DDDDDD",
}


def style() -> None:
    """The report's look; called once by the notebook."""
    sns.set_theme(style="whitegrid", context="notebook", palette=OKABE_ITO, font="DejaVu Sans")
    plt.rcParams.update({"figure.dpi": 96, "savefig.dpi": 96, "axes.titleweight": "bold",
                         "axes.titlesize": 12, "axes.titlelocation": "left"})


def _wrap(label: str, width: int = 38) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def bar_chart(counts: Mapping[str, int], title: str, xlabel: str = "Lukumäärä", n: int | None = None,
              percents: Sequence[float] | None = None) -> Figure:
    """Horizontal bars in the order given, with the count at the end of each bar and
    its share: of ``n`` (rounded half up), or as given in ``percents`` (e.g.
    largest-remainder shares that sum to 100)."""
    labels = [_wrap(k) for k in counts]
    values = list(counts.values())
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 1.2))
    bars = ax.barh(labels, values, color=OKABE_ITO[0])
    ax.invert_yaxis()
    if percents is None and n:
        percents = [fmt.share(v, n) for v in values]
    texts = [f"{v} ({fmt.percent(p)})" for v, p in zip(values, percents)] if percents is not None else [str(v) for v in values]
    ax.bar_label(bars, labels=texts, padding=3, fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(values + [1]) * 1.25)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def area_chart(table_counts: Mapping[str, Sequence[int]], areas: Sequence[str], title: str) -> Figure:
    """Assessments per area, one bar per cutoff (grouped), counts on the bars."""
    cutoffs = list(table_counts)
    fig, ax = plt.subplots(figsize=(8, 0.38 * len(areas) * max(1, len(cutoffs) * 0.6) + 1.5))
    height = 0.8 / len(cutoffs)
    positions = range(len(areas))
    for k, cutoff in enumerate(cutoffs):
        offsets = [p + (k - (len(cutoffs) - 1) / 2) * height for p in positions]
        bars = ax.barh(offsets, table_counts[cutoff], height=height, label=cutoff,
                       color=OKABE_ITO[(len(cutoffs) - 1 - k) % len(OKABE_ITO)])
        ax.bar_label(bars, padding=2, fontsize=7)
    ax.set_yticks(list(positions), list(areas))
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel("Itsearviointeja")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    if len(cutoffs) > 1:
        ax.legend(title="Rajapäivä", loc="lower right")
    fig.tight_layout()
    return fig


def stacked_bars(counts: Mapping[str, Mapping[str, int]], scale: Sequence[str], title: str) -> Figure:
    """One horizontal bar per matrix item, split by answer (shares of the item's
    answers), with the share printed in each segment wide enough to hold it."""
    items = list(counts)
    # constrained layout keeps the legend below the axis label instead of on it
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(items) + 1.9), layout="constrained")
    left = [0.0] * len(items)
    for answer in scale:
        shares = []
        for item in items:
            total = sum(counts[item].values()) or 1
            shares.append(100 * counts[item].get(answer, 0) / total)
        bars = ax.barh([_wrap(i, 45) for i in items], shares, left=left, label=answer,
                       color=SCALE_COLOURS.get(answer, OKABE_ITO[len(left) % 8]), edgecolor="white")
        ax.bar_label(bars, labels=[fmt.percent(round(s)) if s >= 7 else "" for s in shares],
                     label_type="center", fontsize=8, color="white")
        left = [a + b for a, b in zip(left, shares)]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: fmt.percent(x)))
    ax.set_title(title)
    ax.set_xlabel("Osuus vastauksista")
    fig.legend(ncols=len(scale), loc="outside lower center", frameon=False, fontsize=8)
    ax.grid(axis="y", visible=False)
    return fig


def percent_bars(values: Mapping[str, float], title: str) -> Figure:
    """Bars of shares (0–100 %), the share printed on each."""
    labels, shares = list(values), list(values.values())
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(labels) + 1.2))
    bars = ax.barh(labels, shares, color=OKABE_ITO[2])
    ax.invert_yaxis()
    ax.bar_label(bars, labels=[fmt.percent(s) for s in shares], padding=3, fontsize=9)
    ax.set_xlim(0, 110)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: fmt.percent(x)))
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig
