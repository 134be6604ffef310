"""The panel's two commands: ``review-pack`` and ``review-collect``.

Both write ``reports/<YYYY-MM-DD>/arviointi/`` as one folder switched whole (the
generations layout of ``files.outputs.staged_dirs``): a run that fails leaves the folder
as it was. ``review-collect`` keeps what ``review-pack`` wrote and replaces only
the results.

arviointi/
  LUEMINUT.txt              what to send to whom (Finnish)
  kortit.html               every card in one file; kortit/<vastaajan numero>.html one card each
  tyokirjat/arviointi_<nimi>.xlsx   one scoring workbook per reviewer
  jako.csv, jako.json       the assignment (reviewer, model)
  -- after review-collect --
  loppulista.csv/.xlsx      every model with every stage, in the order of the final ranking
  pisteet.csv               the accepted ratings; ongelmat.csv every problem; konsensus.csv
  paneeli.json              the summary (summary.json's panel_review)
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.files.outputs import output_path, staged_dirs, write_json, xlsx_bytes
from analysis.files.spreadsheet_cells import neutralise
from analysis.form.codebook import load_codebook
from analysis.language import formatting
from analysis.panel.agreement import ALL_ITEMS, agreement, disagreements
from analysis.panel.assignment import (
    ASSIGNMENT_FILE,
    PanelError,
    Reviewer,
    assign,
    assignment_rows,
    models_of,
    read_reviewers,
    scoring_workbook,
    table_csv,
)
from analysis.panel.cards import card_page, combined_page
from analysis.panel.results import final_rows, ranking, read_workbooks
from analysis.processed.read import load_processed
from analysis.processed.response_ids import sort_key
from analysis.tables.screening import load_criteria, screen, stage1_verdicts
from analysis.themes.rules import load_themebook

FOLDER, PANEL_JSON = config.PANEL_FOLDER, config.PANEL_RESULTS_FILE
ASSIGNMENT_JSON = "jako.json"
RESULT_FILES = ("loppulista.csv", "loppulista.xlsx", "pisteet.csv", "ongelmat.csv", "konsensus.csv", PANEL_JSON)


def card_file(response_id: str) -> str:
    """A model's card file name: its response id, with a code's "/" as "-"."""
    return f"{response_id.replace('/', '-')}.html"


def panel_dir(cutoff: date, reports_dir: Path | None = None) -> Path:
    return Path(reports_dir or config.reports_dir()) / cutoff.isoformat() / FOLDER


def _stamp(cutoff: date) -> datetime:
    return datetime.combine(cutoff, datetime.min.time())


def in_scope(kept: pd.DataFrame, scope: str, processed_dir: Path | None) -> pd.DataFrame:
    """``all``: every model of the cutoff; ``30.6.``: the models assessed by 30.6.2025
    (the competition's), each with its answers at the cutoff."""
    if scope == "all":
        return kept
    early = load_processed(config.COMPETITION_CUTOFF, processed_dir).assessments
    return kept[kept["model_key"].isin(set(early["model_key"]))]


@dataclass
class Pack:
    folder: Path
    reviewers: list[Reviewer]
    loads: dict[str, int]
    models: int


def pack(
    cutoff: date,
    reviewers_file: Path,
    scope: str = "all",
    *,
    processed_dir: Path | None = None,
    reports_dir: Path | None = None,
    force: bool = False,
) -> Pack:
    """Cards, workbooks and the assignment for one cutoff's models in scope. An
    earlier pack with another assignment is replaced only with ``force``: its
    workbooks may be out with the reviewers."""
    book = load_criteria()
    data = load_processed(cutoff, processed_dir)
    kept = in_scope(data.assessments, scope, processed_dir).reset_index(drop=True)
    if kept.empty:
        raise PanelError(
            [f"rajapäivänä {formatting.date_fi(cutoff)} ei ole arvioitavia toimintamalleja (rajaus {scope})"]
        )
    reviewers = read_reviewers(reviewers_file)
    models = models_of(kept)
    assignment = assign(models, reviewers, book.reviewers_per_model)
    rows, files = assignment_rows(models, reviewers, assignment)
    screened = screen(kept, book)
    codebook, themes = load_codebook(), load_themebook()
    synthetic = bool(data.manifest.get("synthetic_data"))
    stamp = _stamp(cutoff)
    target = panel_dir(cutoff, reports_dir)
    earlier = target / ASSIGNMENT_JSON
    same = False
    if earlier.is_file():
        before = json.loads(earlier.read_text(encoding="utf-8")).get("assignment")
        same = before == {str(k): v for k, v in assignment.items()}
        if not same and not force:
            raise PanelError(
                [
                    f"{earlier}: an earlier pack assigned the models otherwise, and its workbooks may "
                    "already be with the reviewers; give --force to replace it (and send the new workbooks)"
                ]
            )
    by_id = {m.response_id: m for m in models}
    index = {str(r): i for i, r in zip(kept.index, kept["response_id"])}
    with staged_dirs([target]) as stages:
        stage = stages[output_path(target)]
        (stage / "kortit").mkdir()
        for model in models:
            i = index[model.response_id]
            (stage / "kortit" / card_file(model.response_id)).write_text(
                card_page(kept.loc[i], screened.loc[i], codebook, book, themes, synthetic=synthetic), encoding="utf-8"
            )
        title = f"Arviointikortit – itsearvioinnit {formatting.date_fi(cutoff)}"
        (stage / "kortit.html").write_text(
            combined_page(
                kept,
                screened,
                [m.response_id for m in models],
                codebook,
                book,
                themes,
                title=title,
                synthetic=synthetic,
            ),
            encoding="utf-8",
        )
        (stage / "tyokirjat").mkdir()
        for reviewer in reviewers:
            mine = [by_id[i] for i, names in assignment.items() if reviewer.name in names]
            (stage / "tyokirjat" / files[reviewer.name]).write_bytes(
                scoring_workbook(reviewer, mine, cutoff, book, lambda i: f"kortit/{card_file(i)}", stamp)
            )
            # the reviewer's own cards in one file, beside the workbook
            own = files[reviewer.name].replace("arviointi_", "kortit_", 1).replace(".xlsx", ".html")
            (stage / "tyokirjat" / own).write_text(
                combined_page(
                    kept,
                    screened,
                    [m.response_id for m in mine],
                    codebook,
                    book,
                    themes,
                    title=f"Arviointikortit – {reviewer.name}, itsearvioinnit {formatting.date_fi(cutoff)}",
                    synthetic=synthetic,
                ),
                encoding="utf-8",
            )
        (stage / ASSIGNMENT_FILE).write_bytes(table_csv(rows))
        write_json(
            {
                "cutoff": cutoff.isoformat(),
                "scope": scope,
                "reviewers_per_model": book.reviewers_per_model,
                "reviewers": [{"name": r.name, "area": r.area, "workbook": files[r.name]} for r in reviewers],
                "assignment": {str(k): v for k, v in assignment.items()},
            },
            stage / ASSIGNMENT_JSON,
        )
        (stage / "LUEMINUT.txt").write_text(guide_text(cutoff, len(models), reviewers, book), encoding="utf-8")
        if same:  # the same assignment: results collected for it stay
            for name in RESULT_FILES:
                if (target / name).is_file():
                    os.link(target / name, stage / name)
    loads = {r.name: sum(r.name in names for names in assignment.values()) for r in reviewers}
    return Pack(target, reviewers, loads, len(models))


def guide_text(cutoff: date, models: int, reviewers: list[Reviewer], book) -> str:
    return f"""Asiantuntija-arvio (vaihe 2), itsearvioinnit rajapäivään {formatting.date_fi(cutoff)}

Arvioitavia toimintamalleja {models}, arvioijia {len(reviewers)}; jokaisella mallilla vähintään
{book.reviewers_per_model} arvioijaa, eikä kukaan arvioi oman alueensa malleja.

Lähetä kullekin arvioijalle kansiosta tyokirjat/ kaksi tiedostoa (jako.csv kertoo, kenelle mikin on):
  - oma työkirja arviointi_<nimi>.xlsx
  - omien mallien arviointikortit kortit_<nimi>.html
Kaikki kortit ovat myös tiedostossa kortit.html ja yksittäin kansiossa kortit/.
Arvioija lukee mallin Innokylä-kuvauksen, valitsee pisteet ({min(book.scale)}–{max(book.scale)}) työkirjan
pudotusvalikoista ja palauttaa työkirjan samalla nimellä.

Kun työkirjat ovat palanneet, aja:
  python -m analysis review-collect KANSIO_TAI_TYÖKIRJAT
Ongelmat (tyhjä solu, arvo asteikon ulkopuolella, mallia ei ole jaettu arvioijalle, sama työkirja kahdesti)
tulostuvat tiedoston, rivin ja sarakkeen kanssa ja tiedostoon ongelmat.csv; ongelmarivi jätetään pois.
Korjaa tai pyydä korjattu työkirja ja aja komento uudelleen kaikille työkirjoille. Lopuksi
  make report CUTOFF={cutoff.isoformat()}
lisää raporttiin osan Asiantuntija-arvio.
"""


@dataclass
class Collect:
    folder: Path
    block: dict
    problems: list


def expand(paths: list[Path]) -> list[Path]:
    """Workbooks given, and the .xlsx files of folders given (not Excel's ~$ lock files)."""
    out = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
        else:
            out.append(path)
    return out


def collect(
    paths: list[Path], cutoff: date, *, processed_dir: Path | None = None, reports_dir: Path | None = None
) -> Collect:
    """Read the filled workbooks; write the results beside the pack."""
    book = load_criteria()
    target = panel_dir(cutoff, reports_dir)
    jako = target / ASSIGNMENT_JSON
    if not jako.is_file():
        raise PanelError([f"{jako}: jakoa ei ole; aja ensin review-pack --cutoff {cutoff.isoformat()}"])
    plan = json.loads(jako.read_text(encoding="utf-8"))
    assignment = {str(k): v for k, v in plan["assignment"].items()}
    workbooks = expand(paths)
    if not workbooks:
        raise PanelError([f"{', '.join(map(str, paths))}: ei yhtään .xlsx-työkirjaa"])
    collected = read_workbooks(workbooks, assignment, cutoff.isoformat(), book)
    data = load_processed(cutoff, processed_dir)
    kept = data.assessments[data.assessments["response_id"].isin(assignment)].reset_index(drop=True)
    screened = screen(kept, book)
    models = pd.DataFrame(
        {
            "response_id": kept["response_id"].astype(str),
            "model_name": kept["model_name"].fillna(""),
            "region": kept["region"].astype(str),
            "innokyla_url": kept["innokyla_url"].fillna(""),
            "stage1_passed": screened["stage1_passed"].astype(bool),
            "score": screened["score"],
            "stage1_verdict": stage1_verdicts(kept, screened),
        }
    )
    ranked = ranking(models, collected.scores, book)
    consensus = disagreements(collected.scores, book)
    alphas = agreement(collected.scores, book)
    block = panel_block(plan, collected, ranked, consensus, alphas, book)
    names = dict(zip(ranked["response_id"], ranked["model_name"]))
    with staged_dirs([target]) as stages:
        stage = stages[output_path(target)]
        for entry in target.iterdir():  # what review-pack wrote stays
            if entry.name not in RESULT_FILES:
                if entry.is_dir():
                    shutil.copytree(entry, stage / entry.name, copy_function=os.link)
                else:
                    os.link(entry, stage / entry.name)
        (stage / "loppulista.csv").write_bytes(table_csv(final_rows(ranked, consensus, book, numbers_as_text=True)))
        (stage / "loppulista.xlsx").write_bytes(
            xlsx_bytes(
                [
                    (
                        "Loppulista",
                        [[_safe(v) for v in r] for r in final_rows(ranked, consensus, book, numbers_as_text=False)],
                    )
                ],
                _stamp(cutoff),
                table_header=True,
            )
        )
        labels = {i.id: i.label for i in book.stage2}
        comments = {(c.reviewer, c.response_id): c.comment for c in collected.comments.itertuples()}
        scores = [["Arvioija", "Vastaajan numero", "Toimintamalli", "Kohta", "Pisteet", "Kommentti"]]
        for s in collected.scores.sort_values(["response_id", "reviewer"]).itertuples():
            scores.append(
                [
                    s.reviewer,
                    s.response_id,
                    names.get(s.response_id, ""),
                    labels[s.item],
                    s.score,
                    comments.get((s.reviewer, s.response_id), ""),
                ]
            )
        (stage / "pisteet.csv").write_bytes(table_csv(scores))
        problems = [["Tiedosto", "Rivi", "Sarake", "Ongelma"]] + [
            [p.file, "" if p.row is None else p.row, p.column or "", p.message.fi()] for p in collected.problems
        ]
        (stage / "ongelmat.csv").write_bytes(table_csv(problems))
        flagged = [["Vastaajan numero", "Toimintamalli", "Kohta", "Ero", "Pisteet"]] + [
            [c.response_id, names.get(c.response_id, ""), c.item, c.difference, c.scores]
            for c in consensus.itertuples()
        ]
        (stage / "konsensus.csv").write_bytes(table_csv(flagged))
        write_json(block, stage / PANEL_JSON)
    return Collect(target, block, collected.problems)


def _safe(value: object) -> object:
    return neutralise(value)


def panel_block(plan: dict, collected, ranked: pd.DataFrame, consensus: pd.DataFrame, alphas: list[dict], book) -> dict:
    """summary.json's ``panel_review``."""
    labels = {i.id: i.label for i in book.stage2}
    return {
        "cutoff": plan["cutoff"],
        "scope": plan["scope"],
        "items": [i.label for i in book.stage2],
        "scale": {str(k): v for k, v in sorted(book.scale.items())},
        "reviewers": len(plan["reviewers"]),
        "workbooks_read": len(collected.workbooks),
        "models": len(ranked),
        "ratings_accepted": int(len(collected.scores)),
        "problems": len(collected.problems),
        "ratings_missing": len(collected.missing),
        "agreement": {
            a["item"]: {
                "krippendorff_alpha_ordinal": None if a["alpha"] is None else round(a["alpha"], 3),
                "ratings": a["ratings"],
                "models": a["models"],
            }
            for a in alphas
        },
        "disagreement_margin": book.disagreement_margin,
        "consensus_needed": sorted({str(i) for i in consensus["response_id"]}, key=sort_key),
        "stage2_pass_at": book.stage2_pass_at,
        "ranking_order": list(book.order),
        "stage1_passed": int(ranked["stage1_passed"].sum()),
        "stage2_passed": int(sum(v is True for v in ranked["stage2_passed"])),
        "stage2_incomplete": int(sum(v is None for v in ranked["stage2_passed"])),
        "final_ranking": [
            {
                "rank": int(r.rank),
                "response_id": str(r.response_id),
                "model": r.model_name,
                "region": r.region,
                "stage1_passed": bool(r.stage1_passed),
                "stage2": {labels[i.id]: _round(getattr(r, f"stage2__{i.id}")) for i in book.stage2},
                "stage2_result": _round(r.stage2_result),
                "stage2_passed": r.stage2_passed,
                "stage3_score": float(r.score),
            }
            for r in ranked.itertuples()
        ],
        "all_items_label": ALL_ITEMS,
    }


def _round(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 3)
