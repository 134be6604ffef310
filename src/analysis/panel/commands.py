"""The panel's two commands: ``review-pack`` and ``review-collect``.

Both write ``internal/<YYYY-MM-DD>/arviointi/`` (``config.panel_dir``: outside
reports/, which is published, because it holds the reviewers' names, conflicts of
interest, scores and comments) as one folder switched whole (the generations layout
of ``files.outputs.staged_dirs``): a run that fails, or a collect that reads no
workbook, leaves the folder as it was. ``review-collect`` keeps what ``review-pack``
wrote and replaces only the results. A panel folder an earlier version left in
``reports/`` is moved here (``move_out_of_reports``).

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
from collections.abc import Callable
from dataclasses import dataclass, field
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
from analysis.panel.review_problems import ReviewProblem
from analysis.problems.record import Message
from analysis.processed.read import load_processed, scoped_assessments
from analysis.processed.response_ids import sort_key
from analysis.tables.screening import load_criteria, screen, stage1_verdicts
from analysis.themes.rules import load_themebook

FOLDER, PANEL_JSON = config.PANEL_FOLDER, config.PANEL_RESULTS_FILE
ASSIGNMENT_JSON = "jako.json"
RESULT_FILES = ("loppulista.csv", "loppulista.xlsx", "pisteet.csv", "ongelmat.csv", "konsensus.csv", PANEL_JSON)


def card_file(response_id: str) -> str:
    """A model's card file name: its response id, with a code's "/" as "-"."""
    return f"{response_id.replace('/', '-')}.html"


def panel_dir(cutoff: date, internal_dir: Path | None = None) -> Path:
    return config.panel_dir(cutoff, internal_dir)


def _stamp(cutoff: date) -> datetime:
    return datetime.combine(cutoff, datetime.min.time())


def scope_day(scope: str | date | None) -> date | None:
    """The scope as a day: None for ``all``; ``30.6.`` (the earlier spelling) is 30.6.2025."""
    if scope is None or isinstance(scope, date):
        return scope
    if scope == "all":
        return None
    if scope == "30.6.":
        return config.COMPETITION_CUTOFF
    return date.fromisoformat(scope)


def scope_text(scope: str | date | None, cutoff: date) -> str:
    """The scope in Finnish, as the pack and the report write it."""
    day = scope_day(scope)
    if day is None or day >= cutoff:
        return f"kaikki rajapäivään {formatting.date_fi(cutoff)} mennessä arvioidut toimintamallit"
    return (
        f"{formatting.date_fi(day)} mennessä arvioidut toimintamallit, kunkin vastaukset rajapäivän "
        f"{formatting.date_fi(cutoff)} tilanteen mukaan"
    )


def in_scope(kept: pd.DataFrame, scope: date | None, processed_dir: Path | None, cutoff: date) -> pd.DataFrame:
    """None: every model of the cutoff; a day: the models assessed by then (30.6.2025:
    the ministry's competition), each with its answers at the cutoff."""
    if scope is None or scope >= cutoff:
        return kept
    early = scoped_assessments(kept, scope, processed_dir)
    return kept[kept["model_key"].isin(set(early["model_key"]))]


def outside_screening(
    assessments: pd.DataFrame,
    kept: pd.DataFrame,
    screening_scope: date | None,
    processed_dir: Path | None,
    cutoff: date,
) -> dict[str, str]:
    """Response id -> the card's sentence, for each model of ``kept`` outside the
    criteria screening's scope (the models first assessed after ``screening_scope``;
    none when the scope is None or not before the cutoff)."""
    if screening_scope is None or screening_scope >= cutoff:
        return {}
    inside = set(scoped_assessments(assessments, screening_scope, processed_dir)["response_id"].astype(str))
    sentence = (
        f"Toimintamallia ei ollut arvioitu {formatting.date_fi(screening_scope)} mennessä, joten se ei ole "
        "mukana hankkeen esikarsinnassa (vaiheet 1 ja 3), eikä sille anneta vaiheen 1 tulosta tai "
        "kriteeripisteitä. Arvioi vaihe 2 kuten muutkin."
    )
    return {rid: sentence for rid in kept["response_id"].astype(str) if rid not in inside}


def conflict_resolver(data) -> Callable[[str], str | None]:
    """A ``jäävi`` id -> the response id it covers at the cutoff: an assessment kept
    at the cutoff is itself; an earlier assessment of a model assessed again
    (excluded as ``superseded``, the same ``model_key``) covers the model's current
    assessment; anything else is None."""
    kept = data.assessments
    current = {str(i) for i in kept["response_id"]}
    by_model = dict(zip(kept["model_key"].astype(str), kept["response_id"].astype(str)))
    excluded = data.excluded
    replaced = {}
    if len(excluded) and "model_key" in excluded:
        earlier = excluded[excluded["exclusion_reason"].astype(str) == "superseded"]
        replaced = {
            str(i): by_model[str(k)] for i, k in zip(earlier["response_id"], earlier["model_key"]) if str(k) in by_model
        }
    return lambda response_id: response_id if response_id in current else replaced.get(response_id)


def move_out_of_reports(reports_dir: Path | None = None, internal_dir: Path | None = None) -> list[Message]:
    """Panel folders an earlier version kept in ``reports/<date>/arviointi/`` (names,
    conflicts, scores beside the published report): the current one moves to
    ``internal/<date>/arviointi/`` unless one is there already; every copy under
    reports/, its generations included, is removed. Returns what was done."""
    reports = Path(reports_dir or config.reports_dir())
    done: list[Message] = []
    if not reports.is_dir():
        return done
    current = sorted(p for p in reports.glob(f"*/{FOLDER}") if p.is_dir())
    for old in current:
        day = old.parent.name
        try:
            cutoff = date.fromisoformat(day)
        except ValueError:
            continue
        target = panel_dir(cutoff, internal_dir)
        if not target.exists():
            with staged_dirs([target]) as stages:
                shutil.copytree(old.resolve(), stages[output_path(target)], dirs_exist_ok=True)
            done.append(Message("panel_folder_moved", old=str(old), new=str(target)))
        else:
            done.append(Message("panel_copy_removed", old=str(old), kept=str(target)))
        shutil.rmtree(old.resolve())
    for stale in sorted(reports.glob(f".generations/*/*/{FOLDER}")):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale)
            done.append(Message("panel_stale_copy_removed", old=str(stale)))
    return done


@dataclass
class Pack:
    folder: Path
    reviewers: list[Reviewer]
    loads: dict[str, int]
    models: int
    scope: str = ""  # in Finnish
    moved: list[Message] = field(default_factory=list)  # panel folders moved out of reports/
    carried: dict[str, str] = field(default_factory=dict)  # a replaced assessment's id -> its model's current one


def pack(
    cutoff: date,
    reviewers_file: Path,
    scope: str | date | None = config.COMPETITION_CUTOFF,
    *,
    processed_dir: Path | None = None,
    internal_dir: Path | None = None,
    reports_dir: Path | None = None,
    force: bool = False,
    screening_scope: date | None = config.COMPETITION_CUTOFF,
) -> Pack:
    """Cards, workbooks and the assignment for one cutoff's models in scope (None or
    ``all``: every model; a day: those assessed by then; by default the criteria
    screening's scope, the ministry competition's 30.6.2025, so that the screening,
    the panel and the final list cover the same models). A model outside the
    screening's scope (``screening_scope``, as :func:`collect`'s) gets a card without
    stages 1 and 3, as the report gives it none. An earlier pack with another
    assignment is replaced only with ``force``: its workbooks may be out with the
    reviewers."""
    book = load_criteria()
    day = scope_day(scope)
    if day is not None and day >= cutoff:
        day = None
    moved = move_out_of_reports(reports_dir, internal_dir)
    data = load_processed(cutoff, processed_dir)
    kept = in_scope(data.assessments, day, processed_dir, cutoff).reset_index(drop=True)
    if kept.empty:
        raise PanelError([Message("panel_no_models", cutoff=formatting.date_fi(cutoff), scope=scope_text(day, cutoff))])
    resolver, carried = conflict_resolver(data), {}

    def resolve(written: str) -> str | None:
        found = resolver(written)
        if found is not None and found != written:
            carried[written] = found
        return found

    reviewers = read_reviewers(reviewers_file, resolve=resolve)
    models = models_of(kept)
    assignment = assign(models, reviewers, book.reviewers_per_model)
    rows, files = assignment_rows(models, reviewers, assignment)
    screened = screen(kept, book)
    outside = outside_screening(data.assessments, kept, screening_scope, processed_dir, cutoff)
    codebook, themes = load_codebook(), load_themebook()
    synthetic = bool(data.manifest.get("synthetic_data"))
    stamp = _stamp(cutoff)
    scope_fi = scope_text(day, cutoff)
    target = panel_dir(cutoff, internal_dir)
    earlier = target / ASSIGNMENT_JSON
    same = False
    if earlier.is_file():
        before = json.loads(earlier.read_text(encoding="utf-8")).get("assignment")
        same = before == {str(k): v for k, v in assignment.items()}
        if not same and not force:
            raise PanelError([Message("panel_assignment_changed", file=str(earlier))])
    by_id = {m.response_id: m for m in models}
    index = {str(r): i for i, r in zip(kept.index, kept["response_id"])}
    with staged_dirs([target]) as stages:
        stage = stages[output_path(target)]
        (stage / "kortit").mkdir()
        for model in models:
            i = index[model.response_id]
            (stage / "kortit" / card_file(model.response_id)).write_text(
                card_page(
                    kept.loc[i],
                    screened.loc[i],
                    codebook,
                    book,
                    themes,
                    synthetic=synthetic,
                    outside_screening=outside.get(model.response_id),
                ),
                encoding="utf-8",
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
                outside_screening=outside,
            ),
            encoding="utf-8",
        )
        (stage / "tyokirjat").mkdir()
        for reviewer in reviewers:
            mine = [by_id[i] for i, names in assignment.items() if reviewer.name in names]
            # the reviewer's own cards in one file, beside the workbook: the workbook's
            # card column links each model's card in it (the file the reviewer gets)
            own = files[reviewer.name].replace("arviointi_", "kortit_", 1).replace(".xlsx", ".html")
            (stage / "tyokirjat" / files[reviewer.name]).write_bytes(
                scoring_workbook(reviewer, mine, cutoff, book, lambda i, own=own: f"{own}#malli-{i}", stamp, scope_fi)
            )
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
                    outside_screening=outside,
                ),
                encoding="utf-8",
            )
        (stage / ASSIGNMENT_FILE).write_bytes(table_csv(rows))
        write_json(
            {
                "cutoff": cutoff.isoformat(),
                "scope": "all" if day is None else day.isoformat(),
                "scope_fi": scope_fi,
                "reviewers_per_model": book.reviewers_per_model,
                "reviewers": [
                    {
                        "name": r.name,
                        "area": r.area,
                        "conflicts": sorted(r.conflicts, key=sort_key),
                        "workbook": files[r.name],
                    }
                    for r in reviewers
                ],
                "assignment": {str(k): v for k, v in assignment.items()},
            },
            stage / ASSIGNMENT_JSON,
        )
        (stage / "LUEMINUT.txt").write_text(
            guide_text(cutoff, len(models), reviewers, book, scope_fi), encoding="utf-8"
        )
        if same:  # the same assignment: results collected for it stay
            for name in RESULT_FILES:
                if (target / name).is_file():
                    os.link(target / name, stage / name)
    loads = {r.name: sum(r.name in names for names in assignment.values()) for r in reviewers}
    return Pack(target, reviewers, loads, len(models), scope_fi, moved, carried)


def guide_text(cutoff: date, models: int, reviewers: list[Reviewer], book, scope_fi: str) -> str:
    return f"""Asiantuntija-arvio (vaihe 2), itsearvioinnit rajapäivään {formatting.date_fi(cutoff)}

Rajaus: {scope_fi}.
Arvioitavia toimintamalleja {models}, arvioijia {len(reviewers)}; jokaisella mallilla vähintään
{book.reviewers_per_model} arvioijaa, eikä kukaan arvioi oman alueensa malleja eikä malleja, joihin on ilmoittanut
olevansa jäävi.

Tämä kansio on THL:n sisäinen: siinä ovat arvioijien nimet, jääviydet, pisteet ja kommentit. Älä julkaise
sitä äläkä liitä julkaistavaan raporttiin.

Lähetä kullekin arvioijalle kansiosta tyokirjat/ kaksi tiedostoa (jako.csv kertoo, kenelle mikin on):
  - oma työkirja arviointi_<nimi>.xlsx
  - omien mallien arviointikortit kortit_<nimi>.html
Kaikki kortit ovat myös tiedostossa kortit.html ja yksittäin kansiossa kortit/.
Arvioija lukee mallin Innokylä-kuvauksen, valitsee pisteet ({min(book.scale)}–{max(book.scale)}) työkirjan
pudotusvalikoista ja palauttaa työkirjan samalla nimellä.

Kun työkirjat ovat palanneet, tallenna ne yhteen kansioon ja aja:
  python -m analysis review-collect KANSIO
Ongelmat (tyhjä solu, arvo asteikon ulkopuolella, mallia ei ole jaettu arvioijalle, sama työkirja kahdesti,
puuttuva työkirja, kansion tiedosto jota ei lueta) tulostuvat tiedoston, rivin ja sarakkeen kanssa ja tiedostoon
ongelmat.csv; ongelmarivi jätetään pois. Korjaa tai pyydä korjattu työkirja ja aja komento uudelleen kaikille
työkirjoille. Lopuksi
  make report CUTOFF={cutoff.isoformat()}
lisää THL:n sisäiseen raporttiin osan Asiantuntija-arvio (julkiseen raporttiin, build --public, sitä ei tule).
"""


@dataclass
class Collect:
    folder: Path
    block: dict
    problems: list
    missing_workbooks: list[tuple[str, str]] = field(default_factory=list)  # (reviewer, workbook) not read
    moved: list[Message] = field(default_factory=list)


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # read in any case (.XLSX)


def _not_read(path: Path) -> Message | None:
    """Why a file of a folder given to review-collect is not read as a workbook (None: it is)."""
    suffix = path.suffix.lower()
    if path.is_dir():
        return Message("collect_skipped_folder")
    if path.name.startswith("~$"):
        return Message("collect_skipped_lock_file")
    if suffix in WORKBOOK_SUFFIXES:
        return None
    if suffix == ".xls":
        return Message("collect_skipped_old_excel")
    if suffix in (".csv", ".ods", ".numbers"):
        return Message("collect_skipped_not_excel", kind=suffix)
    return Message("collect_skipped_other")


def expand(paths: list[Path]) -> tuple[list[Path], list[ReviewProblem]]:
    """The workbooks given, and those of the folders given; and every other file of
    those folders, with why it is not read. A path that is not there is refused."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise PanelError([Message("collect_path_missing", path=str(p)) for p in missing])
    out: list[Path] = []
    skipped: list[ReviewProblem] = []
    for path in map(Path, paths):
        if path.is_dir():
            for entry in sorted(path.iterdir()):
                if entry.name.startswith(".") and not entry.name.startswith("~$"):
                    continue  # hidden files (.DS_Store)
                why = _not_read(entry)
                if why is None:
                    out.append(entry)
                else:
                    skipped.append(ReviewProblem(entry.name, None, None, why))
        else:
            out.append(path)
    return out, skipped


def collect(
    paths: list[Path],
    cutoff: date,
    *,
    processed_dir: Path | None = None,
    internal_dir: Path | None = None,
    reports_dir: Path | None = None,
    screening_scope: date | None = config.COMPETITION_CUTOFF,
) -> Collect:
    """Read the filled workbooks; write the results beside the pack. Nothing is
    written (earlier results stay) when a path is not there, no workbook is given or
    none of them could be read. ``screening_scope``: the criteria screening's scope
    (the report's default, 30.6.2025; None: every model): stage 1 and the stage 3
    points are given, and rank, only the models inside it (the same models the
    report's screening counts)."""
    book = load_criteria()
    moved = move_out_of_reports(reports_dir, internal_dir)
    target = panel_dir(cutoff, internal_dir)
    jako = target / ASSIGNMENT_JSON
    if not jako.is_file():
        raise PanelError([Message("panel_no_assignment", file=str(jako), cutoff=cutoff.isoformat())])
    plan = json.loads(jako.read_text(encoding="utf-8"))
    assignment = {str(k): v for k, v in plan["assignment"].items()}
    workbooks, skipped = expand(paths)
    if not workbooks:
        raise PanelError([*skipped, Message("collect_no_workbooks", paths=", ".join(map(str, paths)))])
    collected = read_workbooks(workbooks, assignment, cutoff.isoformat(), book)
    if not collected.workbooks:
        raise PanelError([*skipped, *collected.problems, Message("collect_nothing_read")])
    collected.problems[:0] = skipped
    sent = {r["name"]: r["workbook"] for r in plan["reviewers"] if any(r["name"] in n for n in assignment.values())}
    missing_workbooks = [(name, file) for name, file in sent.items() if name not in collected.workbooks]
    data = load_processed(cutoff, processed_dir)
    kept = data.assessments[data.assessments["response_id"].isin(assignment)].reset_index(drop=True)
    screened = screen(kept, book)
    if screening_scope is not None and screening_scope >= cutoff:
        screening_scope = None  # every assessment at the cutoff was returned by then
    screening_ids = set(scoped_assessments(data.assessments, screening_scope, processed_dir)["response_id"].astype(str))
    models = pd.DataFrame(
        {
            "screened": kept["response_id"].astype(str).isin(screening_ids),
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
    block = panel_block(plan, collected, ranked, consensus, alphas, book, len(missing_workbooks), screening_scope)
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
                hyperlinks=True,
                decimals=2,
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
        problems += [
            [file, "", "", Message("collect_workbook_missing", reviewer=name).fi()] for name, file in missing_workbooks
        ]
        (stage / "ongelmat.csv").write_bytes(table_csv(problems))
        flagged = [["Vastaajan numero", "Toimintamalli", "Kohta", "Ero", "Pisteet"]] + [
            [c.response_id, names.get(c.response_id, ""), c.item, c.difference, c.scores]
            for c in consensus.itertuples()
        ]
        (stage / "konsensus.csv").write_bytes(table_csv(flagged))
        write_json(block, stage / PANEL_JSON)
    return Collect(target, block, collected.problems, missing_workbooks, moved)


def _safe(value: object) -> object:
    return neutralise(value)


def panel_block(
    plan: dict,
    collected,
    ranked: pd.DataFrame,
    consensus: pd.DataFrame,
    alphas: list[dict],
    book,
    missing: int = 0,
    screening_scope: date | None = None,
) -> dict:
    """summary.json's ``panel_review`` in the internal report: counts, no names.
    ``tasks_assigned`` are reviewer–model pairs (a model times its reviewers),
    ``ratings_accepted`` item scores; ``screened``: the models in the criteria
    screening's scope (``screening_scope``), the only ones with stage 1 and points."""
    labels = {i.id: i.label for i in book.stage2}
    day = scope_day(plan["scope"])
    screened = ranked["screened"] if "screened" in ranked else pd.Series(True, index=ranked.index)
    return {
        "cutoff": plan["cutoff"],
        "scope": "all" if day is None else day.isoformat(),
        "scope_fi": plan.get("scope_fi") or scope_text(plan["scope"], date.fromisoformat(plan["cutoff"])),
        "screening_scope": "all" if screening_scope is None else screening_scope.isoformat(),
        "screened": int(screened.sum()),
        "tasks_assigned": sum(len(names) for names in plan["assignment"].values()),
        "items": [i.label for i in book.stage2],
        "scale": {str(k): v for k, v in sorted(book.scale.items())},
        "reviewers": len(plan["reviewers"]),
        "workbooks_read": len(collected.workbooks),
        "workbooks_missing": missing,
        "reviewers_per_model": book.reviewers_per_model,
        "models": len(ranked),
        "ratings_accepted": int(len(collected.scores)),
        # problems in the workbooks read (a file the collect did not read, such as a
        # cover letter, is counted apart: it is no error in anyone's scores)
        "problems": sum(
            p.message.code != "review_row_left_out" and not p.message.code.startswith("collect_skipped_")
            for p in collected.problems
        ),
        "files_not_read": sum(p.message.code.startswith("collect_skipped_") for p in collected.problems),
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
        "stage1_passed": int(sum(v is True for v in ranked["stage1_passed"])),
        "stage2_passed": int(sum(v is True for v in ranked["stage2_passed"])),
        "stage2_incomplete": int(sum(v is None for v in ranked["stage2_passed"])),
        "final_ranking": [
            {
                "rank": int(r.rank),
                "response_id": str(r.response_id),
                "model": r.model_name,
                "region": r.region,
                "screened": bool(getattr(r, "screened", True)),
                "stage1_passed": None if r.stage1_passed is None else bool(r.stage1_passed),
                "stage2": {labels[i.id]: _round(getattr(r, f"stage2__{i.id}")) for i in book.stage2},
                "stage2_result": _round(r.stage2_result),
                "stage2_passed": r.stage2_passed,
                "stage3_score": None if pd.isna(r.score) else float(r.score),
                "reviews": int(r.reviews),
            }
            for r in ranked.itertuples()
        ],
        "all_items_label": ALL_ITEMS,
    }


def _round(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 3)
