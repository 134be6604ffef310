"""The report's section *Asiantuntija-arvio*: the expert panel's collected results
(``arviointi/paneeli.json`` written by ``review-collect``): its stages, the
reviewers' agreement and the final ranking, drawn by the template
``report_parts/panel_section.html.j2``. Nothing until the scores are collected."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.language import formatting
from analysis.report.data import PANEL_ANCHOR, PANEL_HEADING, ReportData
from analysis.report.section import Part, Section, Table


def _num(value: float | None, decimals: int = 2) -> str:
    return "" if value is None else formatting.number(float(value), decimals)


def panel_part(block: dict, area_short: Callable[[object], object] = lambda a: a) -> Part:
    """The panel's results (paneeli.json's ``block``) as the section's one part."""
    items = block["items"]
    scale = ", ".join(f"{k} {v.lower()}" for k, v in block["scale"].items())
    ranked = block["final_ranking"]
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
    consensus = block["consensus_needed"]
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
    ranking = Table(
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
    return Part(
        "report_parts/panel_section.html.j2",
        dict(
            anchor=PANEL_ANCHOR,
            heading=PANEL_HEADING,
            items=", ".join(items),
            scale=scale,
            models=block["models"],
            reviewers=block["reviewers"],
            workbooks_read=block["workbooks_read"],
            ratings_accepted=formatting.number(block["ratings_accepted"]),
            problems=block["problems"],
            ratings_missing=block["ratings_missing"],
            pass_at=_num(block["stage2_pass_at"], 1),
            passed=block["stage2_passed"],
            incomplete=block["stage2_incomplete"],
            agreement=Table(pd.DataFrame(rows), caption="Arvioijien yksimielisyys (Krippendorffin alfa)"),
            consensus=len(consensus),
            margin=_num(block["disagreement_margin"], 0),
            ranking=ranking,
        ),
    )


def panel(r: ReportData) -> Section:
    """Asiantuntija-arvio: empty until review-collect has written the panel's results."""
    s = Section(PANEL_ANCHOR, PANEL_HEADING)
    if r.panel:
        s.figures = {"panel_review": r.panel}
        s.blocks.append(panel_part(r.panel, r.area_short))
    return s
