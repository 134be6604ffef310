"""A matplotlib figure as compact, reproducible SVG for a page."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib takes half a second to import; what draws a chart has it already
    from matplotlib.figure import Figure


def svg(fig: Figure) -> bytes:
    """The figure as compact SVG with text kept as text, the same bytes for the same
    chart: matplotlib's SVG without its metadata, indentation and unused ids, with
    coordinates to 0.01 pt, and a font list that falls back to the reader's own
    sans-serif. Closes the figure."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.08, metadata={"Date": None})
    plt.close(fig)
    return minify_svg(buffer.getvalue().decode("utf-8")).encode("utf-8")


def _short_numbers(tag: str) -> str:
    """Decimals in an SVG tag to two places, without trailing zeros."""
    return re.sub(
        r"(?<![\w#])(\d+)\.(\d{1,2})\d*", lambda m: m.group(1) + ("." + m.group(2)).rstrip("0").rstrip("."), tag
    )


def minify_svg(text: str) -> str:
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r"\s*\n\s*", " ", text)
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r"<[^>]+>", lambda m: _short_numbers(m.group(0)), text)  # in tags only, not in labels
    text = re.sub(r' transform="rotate\(-?0 [\d.]+ [\d.]+\)"', "", text)
    used = set(re.findall(r"url\(#([\w.-]+)\)", text)) | set(re.findall(r'href="#([\w.-]+)"', text))
    text = re.sub(r' id="([\w.-]+)"', lambda m: m.group(0) if m.group(1) in used else "", text)
    text = text.replace("<g>", "<g >")
    while True:  # groups left without attributes hold nothing of their own
        shorter = re.sub(r"<g >((?:(?!<g[ >]).)*?)</g>", r"\1", text, flags=re.S)
        if shorter == text:
            break
        text = shorter
    text = text.replace("<g >", "<g>")
    # one font list for all text, in the SVG's style sheet
    text = text.replace("font-family: 'DejaVu Sans'; ", "").replace("; font-family: 'DejaVu Sans'", "")
    return text.replace("</style>", "text{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif}</style>", 1)
