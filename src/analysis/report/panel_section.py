"""The report's section *Asiantuntija-arvio*: the panel's collected results
(``arviointi/paneeli.json`` written by ``review-collect``), as HTML. Text from the
data is escaped here."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

from analysis.html.elements import table_html
from analysis.language import formatting
from analysis.report.base import PANEL_ANCHOR, PANEL_HEADING


def _num(value: float | None, decimals: int = 2) -> str:
    return "" if value is None else formatting.number(float(value), decimals)


def panel_section(block: dict, area_short: Callable[[object], object] = lambda a: a) -> str:
    items = block["items"]
    scale = ", ".join(f"{k} {v.lower()}" for k, v in block["scale"].items())
    ranked = block["final_ranking"]
    passed2 = block["stage2_passed"]
    parts = [f"<h2 id='{PANEL_ANCHOR}'>{html.escape(PANEL_HEADING)}</h2>"]
    parts.append(
        "<p>THL:n asiantuntijapaneeli arvioi vaiheessa 2 toimintamallien Innokylä-kuvaukset kohdittain ("
        + html.escape(", ".join(items))
        + f"; asteikko {html.escape(scale)}). Arvioitavia malleja oli "
        f"<strong>{block['models']}</strong>, arvioijia {block['reviewers']} ja palautettuja työkirjoja "
        f"{block['workbooks_read']}. Hyväksyttyjä arvioita oli {formatting.number(block['ratings_accepted'])}; "
        f"{block['problems']} ongelmaa jätti rivejä pois ja {block['ratings_missing']} jaettua arviota puuttuu.</p>"
    )
    parts.append(
        f"<p>Vaiheen 2 tulos on kohtien keskiarvojen keskiarvo; malli hyväksytään vaiheessa 2, kun tulos on "
        f"vähintään {html.escape(_num(block['stage2_pass_at'], 1))}. Hyväksyttyjä oli <strong>{passed2}</strong>, "
        f"kesken {block['stage2_incomplete']}. Loppujärjestys: ensin vaiheen 1 läpäisseet, sitten vaiheen 2 "
        "hyväksytyt, vaiheen 2 tulos ja vaiheen 3 kriteeripisteet (säännöt tiedostossa "
        "<code>src/analysis/data/criteria.yaml</code>).</p>"
    )
    rows = []
    for label, a in block["agreement"].items():
        alpha = a["krippendorff_alpha_ordinal"]
        rows.append(
            {
                "Kohta": label,
                "Alfa": "ei laskettavissa" if alpha is None else formatting.number(alpha, 2),
                "Arvioita": a["ratings"],
                "Malleja": a["models"],
            }
        )
    parts.append(
        "<p>Arvioijien yksimielisyyttä mittaa Krippendorffin alfa järjestysasteikolle: 1 = täysin "
        "yksimielinen, 0 = sattuman tasoa. Se lasketaan malleista, joilla on vähintään kaksi arviota.</p>"
    )
    parts.append(table_html(pd.DataFrame(rows), caption="Arvioijien yksimielisyys (Krippendorffin alfa)"))
    consensus = block["consensus_needed"]
    parts.append(
        f"<p>Konsensuskäsittelyyn: <strong>{len(consensus)}</strong> mallia, joiden jonkin kohdan "
        f"pisteet eroavat arvioijien kesken enemmän kuin {html.escape(_num(block['disagreement_margin'], 0))} "
        "pisteellä (luettelo tiedostossa <code>arviointi/konsensus.csv</code>).</p>"
    )
    table = pd.DataFrame(
        {
            "Sija": [r["rank"] for r in ranked],
            "Toimintamalli": [r["model"] for r in ranked],
            "Hyvinvointialue": [area_short(r["region"]) for r in ranked],
            "Vaihe 1": ["läpäisty" if r["stage1_passed"] else "ei" for r in ranked],
            "Vaihe 2 (1–4)": [_num(r["stage2_result"]) for r in ranked],
            "Vaihe 2": [{True: "hyväksytty", False: "hylätty"}.get(r["stage2_passed"], "kesken") for r in ranked],
            "Pisteet (0–10)": [formatting.number(r["stage3_score"], 1) for r in ranked],
        }
    )
    parts.append(
        table_html(
            table,
            small=True,
            row_headers=False,
            css="panel-ranking",
            caption=f"Loppujärjestys, {len(ranked)} toimintamallia (myös arviointi/loppulista.xlsx)",
            widths={
                "Sija": "6%",
                "Toimintamalli": "32%",
                "Hyvinvointialue": "16%",
                "Vaihe 1": "10%",
                "Vaihe 2 (1–4)": "12%",
                "Vaihe 2": "12%",
                "Pisteet (0–10)": "12%",
            },
        )
    )
    return "".join(parts)
