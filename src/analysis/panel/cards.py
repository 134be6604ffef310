"""Review cards: one A4 page per model for the expert panel (``review-pack``).

A card holds the model's name, area and Innokylä link; every answer of the form,
grouped and labelled as in the form; the stage 1 conditions with the answers they
read and their outcome; the ten criteria with their answers and the score; the
result themes with the words that fired (from data/processed's theme_evidence__*
columns); and the stage 2 items the reviewer scores. Personal-data questions are
never in data/processed/, and free text was screened for contact details at
ingest. The HTML comes from the templates in ``templates/panel_cards/``, where
autoescape escapes every text from the data once. The page
uses the report's stylesheet (report.css) and its print rules for A4.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from markupsafe import Markup

from analysis import config
from analysis.form.codebook import Codebook, Question
from analysis.html.elements import css_text, render, table_html
from analysis.language import formatting
from analysis.tables.screening import FAILED, MISSING, PASSED, CriteriaBook, outcomes
from analysis.themes.rules import ThemeBook

CSS_FILE = config.TEMPLATES_DIR / "rrp_report" / "report.css"
CARD_CSS_FILE = config.TEMPLATES_DIR / "panel_cards" / "cards.css"  # the cards' own look, after the report's
OUTCOME_FI = {PASSED: "täyttyy", FAILED: "ei täyty", MISSING: "vastaus puuttuu (ei täyty)"}
NO_ANSWER = "ei vastausta"


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _chosen(value: object) -> bool:
    return not _missing(value) and bool(value)


def column_labels(codebook: Codebook) -> dict[str, str]:
    """Column of data/processed -> its label as the form prints it."""
    labels: dict[str, str] = {}
    for q in codebook.questions:
        if q.pii:
            continue
        labels[q.id] = q.text
        for option in q.options:
            labels[q.option_column(option)] = f"{q.text}: {option.label}"
            if option.other_text:
                labels[q.other_text_column(option)] = f"{q.text}: {option.label} (teksti)"
        for item in q.items:
            labels[q.item_column(item)] = f"{q.text}: {item.text}"
    return labels


def rule_columns(rule: Mapping) -> list[str]:
    """The columns a stage 1 rule reads, in order."""
    if "all_of" in rule or "any_of" in rule:
        return [c for part in rule.get("all_of", rule.get("any_of")) for c in rule_columns(part)]
    return [rule[k] for k in ("column", "chosen", "link") if k in rule]


def shown_value(value: object) -> str:
    if _missing(value):
        return NO_ANSWER
    if isinstance(value, (bool, np.bool_)):
        return "valittu" if value else "ei valittu"
    return str(value)


def evidence_words(text: object) -> list[str]:
    """The words that fired, from a theme_evidence__* cell ("word [rule]; ..."),
    each once; a weak (typo-tolerant) match is marked "(epävarma)". What the coder
    set aside (after " | ") is not evidence."""
    if _missing(text):
        return []
    fired = str(text).split(" | ")[0]
    words = []
    for match in re.finditer(r"(.+?) \[(~?)[^\]]*\](?:; |$)", fired):
        words.append(match.group(1).strip() + (" (epävarma)" if match.group(2) else ""))
    return list(dict.fromkeys(words))


def _answers(row: pd.Series, codebook: Codebook) -> list[dict[str, object]]:
    """Every answer of the form, in the form's order, under its question: a matrix
    as a table, a multiple choice as the options chosen (with their "Muu, mikä?"
    text), anything else as its value."""
    skip = {"response_id", "submitted_at", "region", "model_name", "innokyla_url"}  # in the card's facts
    return [_answer(row, q) for q in codebook.questions if not q.pii and q.id not in skip]


def _answer(row: pd.Series, q: Question) -> dict[str, object]:
    if q.type == "matrix":
        frame = pd.DataFrame(
            {"Kohta": [i.text for i in q.items], "Vastaus": [shown_value(row.get(q.item_column(i))) for i in q.items]}
        )
        return {"question": q.text, "table": table_html(frame, caption=q.text, small=True)}
    if q.type == "multi":
        chosen = []
        for option in q.options:
            if _chosen(row.get(q.option_column(option))):
                text = option.label
                other = row.get(q.other_text_column(option)) if option.other_text else None
                if not _missing(other):
                    text += f" {other}"
                chosen.append(text)
        return {"question": q.text, "table": None, "chosen": chosen}
    value = row.get(q.id)
    if isinstance(value, float) and not pd.isna(value) and value.is_integer():
        value = int(value)
    return {"question": q.text, "table": None, "chosen": None, "text": shown_value(value)}


def card_html(
    row: pd.Series,
    screened: pd.Series,
    codebook: Codebook,
    criteria: CriteriaBook,
    themes: ThemeBook,
    *,
    level: int = 1,
    synthetic: bool = False,
    outside_screening: str | None = None,
) -> Markup:
    """One model's card as an <article> (headings from ``level``), from the
    template ``panel_cards/card.html.j2``. ``outside_screening``: for a model outside
    the criteria screening's scope, the sentence that says so; its card then shows
    no stage 1 or stage 3 (the report gives it none either)."""
    labels = column_labels(codebook)
    url = row.get("innokyla_url")
    is_link = not _missing(url) and str(url).startswith(("https://", "http://"))
    submitted = row.get("submitted_at")
    facts = [
        ("Hyvinvointialue", str(row.get("region")), None),
        ("Innokylä", str(url) if is_link else shown_value(url), str(url) if is_link else None),
        ("Vastaajan numero", str(row["response_id"]), None),
        ("Itsearviointi palautettu", formatting.datetime_fi(submitted) if not _missing(submitted) else NO_ANSWER, None),
    ]

    stage1 = []
    for condition in criteria.stage1:
        outcome = int(outcomes(pd.Series([screened[f"stage1__{condition.id}"]]))[0])
        read = "; ".join(f"{labels.get(c, c)}: {shown_value(row.get(c))}" for c in rule_columns(condition.rule))
        stage1.append({"Ehto": condition.label, "Vastaus, jonka ehto luki": read, "Tulos": OUTCOME_FI[outcome]})
    score = float(screened["score"])
    crit = [
        {
            "Kriteeri": c.label,
            "Vastaus": shown_value(row.get(c.column)),
            "Pisteet": formatting.number(float(screened[f"points__{c.id}"]), 1),
        }
        for c in criteria.criteria
    ]
    crit.append({"Kriteeri": "Yhteensä", "Vastaus": "", "Pisteet": formatting.number(score, 1)})
    theme_rows = [
        {"Teema": t.name, "Tunnistetut sanat": ", ".join(evidence_words(row.get(t.evidence_column)))}
        for t in themes.themes
        if _chosen(row.get(t.column))
    ]
    return render(
        "panel_cards/card.html.j2",
        level=level,
        rid=str(row["response_id"]),
        name=shown_value(row.get("model_name")),
        synthetic=synthetic,
        outside_screening=outside_screening,
        facts=facts,
        stage1_passed=bool(screened["stage1_passed"]),
        stage1_table=table_html(
            pd.DataFrame(stage1),
            caption="Vaiheen 1 ehdot, luetut vastaukset ja tulokset",
            small=True,
            widths={"Ehto": "24%", "Vastaus, jonka ehto luki": "56%", "Tulos": "20%"},
        ),
        criteria_table=table_html(
            pd.DataFrame(crit),
            total_row=True,
            small=True,
            caption=f"Kymmenen kriteeriä: vastaukset ja pisteet, yhteensä {formatting.number(score, 1)} "
            f"/ {len(criteria.criteria)}",
        ),
        scale=", ".join(f"{k} {v.lower()}" for k, v in sorted(criteria.scale.items())),
        stage2=[(i.label, i.description) for i in criteria.stage2],
        theme_table=table_html(
            pd.DataFrame(theme_rows),
            caption="Tulosteemat ja sanat, joista ne tunnistettiin",
            small=True,
            widths={"Teema": "35%", "Tunnistetut sanat": "65%"},
        )
        if theme_rows
        else None,
        answers=_answers(row, codebook),
        no_answer=NO_ANSWER,
    )


def page_html(title: str, body: Markup, *, main_class: str = "cards") -> str:
    """A self-contained page around cards, with the report's stylesheet."""
    return render(
        "panel_cards/page.html.j2",
        title=title,
        css=Markup(CSS_FILE.read_text(encoding="utf-8") + CARD_CSS_FILE.read_text(encoding="utf-8")),
        running=css_text(title),
        main_class=main_class,
        body=body,
    )


def card_page(
    row: pd.Series,
    screened: pd.Series,
    codebook: Codebook,
    criteria: CriteriaBook,
    themes: ThemeBook,
    *,
    synthetic: bool = False,
    outside_screening: str | None = None,
) -> str:
    name = shown_value(row.get("model_name"))
    card = card_html(
        row, screened, codebook, criteria, themes, level=1, synthetic=synthetic, outside_screening=outside_screening
    )
    return page_html(f"Arviointikortti – {name}", card)


def combined_page(
    kept: pd.DataFrame,
    screened: pd.DataFrame,
    order: Sequence[str],
    codebook: Codebook,
    criteria: CriteriaBook,
    themes: ThemeBook,
    *,
    title: str,
    synthetic: bool = False,
    outside_screening: Mapping[str, str] | None = None,
) -> str:
    """All cards in one file (``order``: the response ids), with a contents list;
    ``outside_screening``: response id -> the sentence of :func:`card_html`."""
    outside = outside_screening or {}
    by_id = {str(r): i for i, r in zip(kept.index, kept["response_id"])}
    models = [
        (rid, shown_value(kept.loc[by_id[rid], "model_name"]), str(kept.loc[by_id[rid], "region"])) for rid in order
    ]
    cards = Markup("").join(
        card_html(
            kept.loc[by_id[rid]],
            screened.loc[by_id[rid]],
            codebook,
            criteria,
            themes,
            level=2,
            synthetic=synthetic,
            outside_screening=outside.get(rid),
        )
        for rid in order
    )
    return page_html(title, render("panel_cards/contents.html.j2", title=title, models=models, cards=cards))
