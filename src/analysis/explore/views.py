"""What the exploration app shows, as HTML: the count sentence, the key figures
and charts of the filtered set, the open answers, a comparison of two dates, the
export's files as download links. Every piece is HTML from a template
(``templates/explore/``, or the report's table and figure templates) with Jinja's
autoescape, so data text is escaped once, by the template engine; each function
returns Markup, which later templates show as it is. Nothing is passed through
Markdown, whose own escaping would show as entity codes."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import date

import pandas as pd
from markupsafe import Markup

from analysis import config
from analysis.explore.explorer import THEME_SEPARATOR, THEMES_AND_WORDS, Filters, csv_bytes, workbook_bytes
from analysis.form.codebook import load_codebook
from analysis.html.elements import figure_html, render, table_html
from analysis.language import finnish, formatting
from analysis.tables import answers, areas_and_participants, key_figures, phases, result_themes
from analysis.themes.rules import load_themebook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"

# The app's own look: readable tables, the answer column wide, numbers aligned.
STYLE = Markup("<style>{}</style>").format(
    Markup((config.TEMPLATES_DIR / "explore" / "app.css").read_text(encoding="utf-8"))
)

ANSWER_WIDTHS = {
    "Vastaajan numero": "7%",
    "Hyvinvointialue": "11%",
    "Toimintamalli": "14%",
    "Vastaus": "44%",
    THEMES_AND_WORDS: "24%",
}


def _one_theme_a_line(value: object) -> Markup:
    """The themes cell: each theme (with its words) on a line of its own, escaped."""
    return Markup("<br>").join(part for part in str(value or "").split(THEME_SEPARATOR) if part)


def box(inner: Markup) -> Markup:
    """The app's HTML in its styled container."""
    return render("explore/box.html.j2", inner=inner)


def sentence(text: str, css: str = "explore-note") -> Markup:
    """A plain sentence (data in it escaped by the template)."""
    return render("explore/sentence.html.j2", text=text, css=css)


def error(text: str) -> Markup:
    return render("explore/error.html.j2", text=text)


def count_sentence(count: int, when: date, filters: Filters) -> Markup:
    """How many assessments the selection holds, and what it is; an empty selection
    is said as such, with what to do."""
    return render(
        "explore/count_sentence.html.j2",
        count=count,
        count_text=formatting.number(count),
        noun=finnish.noun("itsearviointi", count),
        day=formatting.date_fi(when),
        described=filters.describe(),
    )


def overview_html(frame: pd.DataFrame, when: date, filters: Filters, charts: bool = True) -> Markup:
    """The count sentence, the key figures, the areas and themes as charts, and the
    scope and phase tables of the filtered set (the report's own tables and charts).
    Without ``charts`` a sentence stands where they come (the chart module loads
    seaborn and scipy, 3 s: the app shows the figures first, the charts after)."""
    parts = [count_sentence(len(frame), when, filters)]
    if frame.empty:
        return Markup("").join(parts)
    codebook = load_codebook()
    key = pd.DataFrame(list(key_figures.key_figures(frame, codebook).items()), columns=["Luku", "Lukumäärä"])
    parts.append(table_html(key, caption="Keskeiset luvut"))
    if charts:
        parts += _charts(frame)
    else:
        parts.append(sentence("Kuviot latautuvat hetken kuluttua…", "explore-note explore-charts-waiting"))
    parts.append(
        table_html(answers.single_choice_table(frame, codebook.question("scope")), caption="Laajuus", total_row=True)
    )
    parts.append(table_html(phases.phase_table(frame, codebook), caption="Kehitysvaihe"))
    return Markup("").join(parts)


def _charts(frame: pd.DataFrame) -> list[Markup]:
    from analysis.report.charts import bar_chart, style

    style()
    codebook, book = load_codebook(), load_themebook()
    parts: list[Markup] = []
    counts = areas_and_participants.area_counts(frame, codebook)
    chart = bar_chart(
        {codebook.region_by_name(a).short: int(v) for a, v in counts.items() if v},
        f"Itsearvioinnit alueittain, n={len(frame)}",
        n=len(frame),
    )
    parts.append(figure_html(chart, f"Kuvio: itsearvioinnit alueittain, n={len(frame)}."))
    themes = result_themes.theme_table(frame, book)
    chart = bar_chart(
        dict(zip(themes["Teema"], themes["Lukumäärä"])), f"Tärkeimpien tulosten teemat, n={len(frame)}", n=len(frame)
    )
    parts.append(figure_html(chart, f"Kuvio: tärkeimpien tulosten teemat, n={len(frame)}."))
    return parts


def answers_html(answers: pd.DataFrame) -> Markup:
    if answers.empty:
        return sentence("Rajaukseen ei osu yhtään avovastausta.")
    return table_html(
        answers,
        caption="Avovastaukset teemoineen",
        small=True,
        widths=ANSWER_WIDTHS,
        html_columns={THEMES_AND_WORDS: _one_theme_a_line},
    )


def comparison_html(first: date, second: date, comparison: Mapping[str, pd.DataFrame], filters: Filters) -> Markup:
    a, b = formatting.date_fi(min(first, second)), formatting.date_fi(max(first, second))
    parts = [sentence(f"Vertailu {a} ja {b} ({filters.describe()}).", "explore-count")]
    titles = {
        "alueet": "Itsearvioinnit alueittain",
        "keskeiset luvut": "Keskeiset luvut",
        "muuttuneet mallit": "Mallit, jotka ovat tulleet mukaan tai jääneet pois",
    }
    for key, title in titles.items():
        table = comparison[key]
        if table.empty:
            parts.append(render("explore/empty_table.html.j2", title=title, text="Ei yhtään tällä rajauksella."))
        else:
            parts.append(table_html(table, caption=title))
    return Markup("").join(parts)


def download_link(data: bytes, file_name: str, media_type: str, label: str) -> Markup:
    """A link that saves ``data`` as ``file_name`` when clicked (a data: address,
    so nothing is written on the server)."""
    encoded = base64.b64encode(data).decode("ascii")
    return render(
        "explore/download_link.html.j2", file_name=file_name, media_type=media_type, encoded=encoded, label=label
    )


def review_answer(reason: str, answer: str, words: str) -> Markup:
    """An answer under review: why it was flagged, the answer, and the words that fired."""
    return render("explore/review_answer.html.j2", reason=reason, answer=answer, words=words)


def export_files(sheets: list[tuple[str, pd.DataFrame]], stem: str) -> list[tuple[str, bytes, str]]:
    """The export: every table as a sheet of one workbook, and the answers (the
    sheet named "Avovastaukset") as CSV. (file name, bytes, media type)."""
    answers = dict(sheets)["Avovastaukset"]
    return [
        (f"{stem}.xlsx", workbook_bytes(sheets), XLSX_TYPE),
        (f"{stem}_avovastaukset.csv", csv_bytes(answers), CSV_TYPE),
    ]


__all__ = [
    "review_answer",
    "STYLE",
    "answers_html",
    "box",
    "comparison_html",
    "count_sentence",
    "download_link",
    "error",
    "export_files",
    "overview_html",
    "sentence",
]
