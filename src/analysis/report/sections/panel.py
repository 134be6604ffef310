"""The report's section *Asiantuntija-arvio*: the expert panel's collected results
(``paneeli.json`` in the panel's internal folder, written by ``review-collect``):
its scope, stages, the reviewers' agreement and the final ranking, drawn by the
template ``report_parts/panel_section.html.j2``. Only in THL's internal report with
the screening, and only once the scores are collected. Its counts are written as
Finnish counts them (:mod:`analysis.language.finnish`)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.language import finnish, formatting
from analysis.report.data import PANEL_ANCHOR, PANEL_HEADING, ReportData, panel_heading
from analysis.report.section import Part, Section, Table


def _num(value: float | None, decimals: int = 2) -> str:
    return "" if value is None else formatting.number(float(value), decimals)


def _verdict(passed: bool | None) -> str:
    return {True: "hyväksytty", False: "hylätty"}.get(passed, "kesken")  # type: ignore[arg-type]


def sentences(block: dict) -> dict[str, str]:
    """The section's counts as Finnish sentences (0, 1 and many read right)."""
    models, reviewers = block["models"], block["reviewers"]
    read, missing = block["workbooks_read"], block.get("workbooks_missing", 0)
    per_model = block.get("reviewers_per_model", 2)
    accepted, problems, absent = block["ratings_accepted"], block["problems"], block["ratings_missing"]
    passed, incomplete, consensus = block["stage2_passed"], block["stage2_incomplete"], len(block["consensus_needed"])
    margin = _num(block["disagreement_margin"], 0)
    workbooks = f"Palautettuja työkirjoja luettiin {finnish.numeral(read) if read else 'ei yhtään'}"
    if missing:
        workbooks += f", ja {finnish.counted(missing, 'työkirja')} puuttuu"
    counts = [
        f"Arvioitavana oli {finnish.counted(models, 'toimintamalli')} ja arvioijina "
        f"{finnish.counted(reviewers, 'arvioija')}; jokaisen mallin arvioi {finnish.counted(per_model, 'arvioija')}.",
        f"{workbooks}.",
        f"Hyväksyttyjä arvioita oli {formatting.number(accepted)}."
        if accepted
        else "Hyväksyttyjä arvioita ei ollut yhtään.",
        (
            f"Palautetuissa tiedostoissa oli {finnish.counted(problems, 'ongelma')}; ongelmarivejä ja "
            "-tiedostoja ei luettu."
            if problems
            else "Palautetuissa tiedostoissa ei ollut ongelmia."
        ),
        (f"Jaetuista arvioista {finnish.numeral(absent)} puuttuu." if absent else "Jokainen jaettu arvio on saatu."),
    ]
    if passed:
        verdict = f"Vaiheessa 2 hyväksyttiin {finnish.counted(passed, 'toimintamalli')}."
    else:
        verdict = "Vaiheessa 2 ei hyväksytty yhtään toimintamallia."
    if incomplete:
        verdict += (
            f" Kesken on {finnish.counted(incomplete, 'toimintamalli')}: jostakin kohdasta on vähemmän kuin "
            f"{finnish.numeral(per_model)} hyväksyttyä arviota. Keskeneräiset ovat loppujärjestyksessä "
            "vaiheen 1 ryhmänsä valmiiden jälkeen."
        )
    if consensus:
        agenda = (
            f"Konsensuskäsittelyyn tulee {finnish.counted(consensus, 'toimintamalli')}, joiden jonkin kohdan "
            f"pisteet eroavat arvioijien kesken enemmän kuin {margin} pisteellä."
        )
    else:
        agenda = (
            "Konsensuskäsittelyyn ei tule yhtään toimintamallia: minkään kohdan pisteet eivät eroa arvioijien "
            f"kesken enemmän kuin {margin} pisteellä."
        )
    return {"counts": " ".join(counts), "verdict": verdict, "agenda": agenda}


def panel_part(block: dict, area_short: Callable[[object], object] = lambda a: a, screening: bool = True) -> Part:
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
                "Arvioita": formatting.number(a["ratings"]),
                "Malleja": formatting.number(a["models"]),
            }
        )
    table = pd.DataFrame(
        {
            "Sija": [r["rank"] for r in ranked],
            "Toimintamalli": [r["model"] for r in ranked],
            "Hyvinvointialue": [area_short(r["region"]) for r in ranked],
            "Vaihe 1": ["läpäisty" if r["stage1_passed"] else "ei" for r in ranked],
            "Arvioita": [r.get("reviews", "") for r in ranked],
            "Vaihe 2 (1–4)": [_num(r["stage2_result"]) for r in ranked],
            "Vaihe 2": [_verdict(r["stage2_passed"]) for r in ranked],
            "Pisteet (0–10)": [formatting.number(r["stage3_score"], 1) for r in ranked],
        }
    )
    ranking = Table(
        table,
        small=True,
        row_headers=False,
        css="panel-ranking",
        caption=f"Loppujärjestys, {finnish.digits(len(ranked), 'toimintamalli')}",
        widths={
            "Sija": "6%",
            "Toimintamalli": "28%",
            "Hyvinvointialue": "15%",
            "Vaihe 1": "9%",
            "Arvioita": "8%",
            "Vaihe 2 (1–4)": "11%",
            "Vaihe 2": "11%",
            "Pisteet (0–10)": "12%",
        },
    )
    scope = block.get("scope_fi") or ""
    return Part(
        "report_parts/panel_section.html.j2",
        dict(
            anchor=PANEL_ANCHOR,
            heading=panel_heading(screening),
            items=", ".join(items),
            scale=scale,
            scope=scope,
            pass_at=_num(block["stage2_pass_at"], 1),
            agreement=Table(pd.DataFrame(rows), caption="Arvioijien yksimielisyys (Krippendorffin alfa)"),
            ranking=ranking,
            **sentences(block),
        ),
    )


def panel(r: ReportData) -> Section:
    """Asiantuntija-arvio: empty until review-collect has written the panel's results
    (and always in the public report, which has no screening and no panel)."""
    s = Section(PANEL_ANCHOR, PANEL_HEADING)
    if r.panel and r.screening_on and not r.public:
        s.figures = {"panel_review": r.panel}
        s.blocks.append(panel_part(r.panel, r.area_short, r.screening_on))
    return s
