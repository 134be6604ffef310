"""The expert panel's stage 2: who reviews which model, and the scoring workbooks.

THL's panel reads each model's Innokylä description and scores the stage 2 items
of ``data/criteria.yaml`` (THL's "Vaihe 2", docs/thl_arviointiprosessi.md). This module reads the reviewers
file, assigns the models (deterministically: the same inputs give the same
assignment), and writes one scoring workbook per reviewer. ``review_collect``
reads the workbooks back.

Assignment rules: every model gets ``reviewers_per_model`` different reviewers
(criteria.yaml, default 2); nobody reviews a model of their own area, nor a model
they declared a conflict with (the reviewers file's column ``jäävi``); loads are
balanced. Models are assigned most constrained first (fewest eligible reviewers),
then in the order area, model name, response id; each takes the eligible reviewers
with the lowest load so far, ties in the order of the reviewers file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import openpyxl.styles
import openpyxl.utils
import pandas as pd
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from analysis.files.hand_kept import HandKeptError, read_hand_kept
from analysis.files.outputs import workbook_bytes
from analysis.files.spreadsheet_cells import id_cell, neutralise
from analysis.form.codebook import Codebook, load_codebook
from analysis.language import formatting
from analysis.panel.review_problems import ReviewProblem
from analysis.problems.record import Message
from analysis.processed.response_ids import canonical, sort_key
from analysis.tables.screening import CriteriaBook

SCORE_SHEET = "Pisteytys"
INFO_SHEET = "Tiedot"
GUIDE_SHEET = "Ohjeet"
ASSIGNMENT_FILE = "jako.csv"
ID_HEADER = "Vastaajan numero"
IDENTIFYING = (ID_HEADER, "Toimintamalli", "Hyvinvointialue", "Innokylä", "Arviointikortti")
COMMENT_HEADER = "Kommentti"
ASSIGNMENT_HEADER = ("Arvioija", "Oma alue", ID_HEADER, "Toimintamalli", "Hyvinvointialue", "Työkirja")


class PanelError(Exception):
    """Input the panel commands refuse. ``problems`` are catalogued messages, bare
    (:class:`Message`) or with their file, row and column (:class:`ReviewProblem`),
    or the English line of a hand-kept file that cannot be read at all."""

    def __init__(self, problems: Sequence[Message | ReviewProblem | str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self, language: str = "en") -> list[str]:
        """Each problem as one line in ``language`` (the command line: English)."""
        return [p.text(language) if isinstance(p, (Message, ReviewProblem)) else str(p) for p in self.problems]


@dataclass(frozen=True)
class Reviewer:
    name: str
    area: str | None  # the official area name, or None
    conflicts: frozenset[str] = frozenset()  # response ids the reviewer declared a conflict of interest with


@dataclass(frozen=True)
class Model:
    response_id: str  # canonical (analysis.processed.response_ids)
    name: str
    area: str
    url: str


# --- the reviewers file ----------------------------------------------------------------

REVIEWERS = "reviewers"  # the reviewers file's entry in the codebook's ``handkept`` section
OPTIONAL_REVIEWER_COLUMNS = ("area", "conflicts")


def read_reviewers(
    path: Path, codebook: Codebook | None = None, resolve: Callable[[str], str | None] | None = None
) -> list[Reviewer]:
    """The reviewers file: a header row with ``nimi`` and (optional) ``oma alue``
    and ``jäävi`` (their aliases in the codebook's ``handkept: reviewers``), one
    reviewer a row; read like every hand-kept file (:mod:`analysis.files.hand_kept`:
    .csv in any encoding Excel saves, ``;`` ``,`` or tab, or a workbook). The area is
    matched like an export's (official, short, Swedish or brand name); empty means
    none. ``jäävi``: response ids the reviewer must not get, comma-separated; with
    ``resolve`` (a written id -> the id of the model's assessment at the cutoff, or
    None) each must be one, else the row is refused. A header that is none of the
    accepted ones is refused too (a misspelt ``jäävi`` would drop every conflict)."""
    codebook = codebook or load_codebook()
    path = Path(path)
    try:
        table = read_hand_kept(path, codebook.handkept[REVIEWERS], OPTIONAL_REVIEWER_COLUMNS)
    except HandKeptError as exc:
        raise PanelError([str(exc)]) from None
    _refuse_unknown_headers(path, table.other_headers, codebook)
    problems: list[ReviewProblem] = []
    reviewers: list[Reviewer] = []
    seen: dict[str, int] = {}

    def problem(row: int, role: str, message: Message) -> None:
        problems.append(ReviewProblem(path.name, row, table.column(role), message))

    for line in table.rows.itertuples():
        name, area_text, conflict_text = line.name, line.area, line.conflicts
        if not name:
            problem(line.row, "name", Message("reviewer_without_name"))
            continue
        if name.casefold() in seen:
            problem(line.row, "name", Message("reviewer_named_twice", name=name, first=seen[name.casefold()]))
            continue
        seen[name.casefold()] = line.row
        area = None
        if area_text:
            region = match_area(codebook, area_text)
            if region is None:
                problem(
                    line.row,
                    "area",
                    Message("reviewer_area_unknown", area=area_text, like=area_hint(codebook, area_text)),
                )
                continue
            area = region.name
        parts = [p for p in re.split(r"[,;\s]+", conflict_text) if p]
        if not all(canonical(p) for p in parts):
            problem(line.row, "conflicts", Message("reviewer_conflicts_unreadable"))
            continue
        conflicts = [str(canonical(p)) for p in parts]
        unknown = [c for c in conflicts if resolve is not None and resolve(c) is None]
        if unknown:
            problem(line.row, "conflicts", Message("reviewer_conflict_unknown", response_ids=", ".join(unknown)))
            continue
        reviewers.append(Reviewer(name, area, frozenset(str(resolve(c)) if resolve else c for c in conflicts)))
    if problems:
        raise PanelError(problems)
    return reviewers


def _refuse_unknown_headers(path: Path, headers: Sequence[str], codebook: Codebook) -> None:
    """A header that is none of the accepted ones is refused, naming them: a
    misspelt ``jäävi`` would otherwise drop every declared conflict unseen."""
    if headers:
        accepted = "; ".join(f"{role}: {', '.join(names)}" for role, names in codebook.handkept[REVIEWERS].items())
        raise PanelError(
            [
                ReviewProblem(
                    path.name, 1, header, Message("reviewers_header_unknown", header=header, accepted=accepted)
                )
                for header in headers
            ]
        )


def match_area(codebook: Codebook, text: str):
    """The area a reviewer's ``oma alue`` names: as an export's area is matched, or
    its official Finnish or Swedish name without the word for the area ("Vanda och
    Kervo", "Keski-Suomen")."""
    for candidate in (text, f"{text} välfärdsområde", f"{text} hyvinvointialue"):
        region = codebook.match_region(candidate)
        if region is not None:
            return region
    return None


def area_hint(codebook: Codebook, text: str) -> str:
    """Spellings that work, for a message: the closest areas' names, else two examples."""
    import difflib

    names = {}
    for region in codebook.regions:
        for spelling in (region.name, region.short, region.sv):
            if spelling:
                names[spelling.casefold()] = region
    close = difflib.get_close_matches(text.casefold(), list(names), n=2, cutoff=0.5)
    found = list(dict.fromkeys(names[c] for c in close)) or sorted(codebook.regions, key=lambda r: r.code)[:1]
    return "; ".join(f"{r.name}, {r.short}, {r.sv}" for r in found)


# --- the assignment --------------------------------------------------------------------


def models_of(kept: pd.DataFrame) -> list[Model]:
    """The models of a cutoff's kept assessments, in the order area, name, id."""
    models = [
        Model(
            str(r.response_id),
            "" if pd.isna(r.model_name) else str(r.model_name),
            str(r.region),
            "" if pd.isna(r.innokyla_url) else str(r.innokyla_url),
        )
        for r in kept[["response_id", "model_name", "region", "innokyla_url"]].itertuples(index=False)
    ]
    return sorted(models, key=lambda m: (m.area, m.name.casefold(), sort_key(m.response_id)))


def assign(models: Sequence[Model], reviewers: Sequence[Reviewer], per_model: int) -> dict[str, list[str]]:
    """Response id -> the names of its reviewers (in the reviewers file's order)."""
    if per_model < 1:
        raise PanelError([Message("panel_reviewers_per_model_invalid", per_model=per_model)])
    if len(reviewers) < per_model:
        raise PanelError([Message("panel_too_few_reviewers", count=len(reviewers), per_model=per_model)])
    order = {r.name: i for i, r in enumerate(reviewers)}
    eligible = {
        m.response_id: [r.name for r in reviewers if r.area != m.area and m.response_id not in r.conflicts]
        for m in models
    }
    short = [m for m in models if len(eligible[m.response_id]) < per_model]
    if short:
        raise PanelError(
            [
                Message(
                    "panel_too_few_eligible_reviewers",
                    response_id=m.response_id,
                    name=m.name,
                    area=m.area,
                    eligible=len(eligible[m.response_id]),
                    per_model=per_model,
                )
                for m in short
            ]
        )
    load = {r.name: 0 for r in reviewers}
    result: dict[str, list[str]] = {}
    position = {m.response_id: i for i, m in enumerate(models)}
    for model in sorted(models, key=lambda m: (len(eligible[m.response_id]), position[m.response_id])):
        chosen = sorted(eligible[model.response_id], key=lambda n: (load[n], order[n]))[:per_model]
        for name in chosen:
            load[name] += 1
        result[model.response_id] = sorted(chosen, key=lambda n: order[n])
    return {m.response_id: result[m.response_id] for m in models}


def workbook_name(name: str, taken: set[str]) -> str:
    """``arviointi_<name>.xlsx`` in plain letters, unique among ``taken``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "_", plain).strip("_") or "arvioija"
    candidate, n = f"arviointi_{stem}.xlsx", 2
    while candidate in taken:
        candidate, n = f"arviointi_{stem}_{n}.xlsx", n + 1
    taken.add(candidate)
    return candidate


def assignment_rows(
    models: Sequence[Model], reviewers: Sequence[Reviewer], assignment: dict[str, list[str]]
) -> tuple[list[list[object]], dict[str, str]]:
    """The assignment as a table (one row per reviewer and model), and each reviewer's workbook name."""
    taken: set[str] = set()
    files = {r.name: workbook_name(r.name, taken) for r in reviewers}
    by_id = {m.response_id: m for m in models}
    rows: list[list[object]] = [list(ASSIGNMENT_HEADER)]
    for reviewer in reviewers:
        for response_id, names in assignment.items():
            if reviewer.name in names:
                m = by_id[response_id]
                rows.append([reviewer.name, reviewer.area or "", response_id, m.name, m.area, files[reviewer.name]])
    return rows, files


def table_csv(rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([[neutralise(v) for v in r] for r in rows])
    return buffer.getvalue().encode("utf-8-sig")


# --- the scoring workbook ------------------------------------------------------------

BOLD = openpyxl.styles.Font(bold=True)
HEAD_FILL = openpyxl.styles.PatternFill("solid", fgColor="EEF4FA")
OPEN_FILL = openpyxl.styles.PatternFill("solid", fgColor="FFF8E1")
UNLOCKED = openpyxl.styles.Protection(locked=False)
WRAP = openpyxl.styles.Alignment(wrap_text=True, vertical="top")


def scale_text(book: CriteriaBook) -> str:
    return ", ".join(f"{k} = {v.lower()}" for k, v in sorted(book.scale.items()))


def guide_lines(
    reviewer: Reviewer, cutoff: date, book: CriteriaBook, count: int, scope_fi: str = ""
) -> list[Sequence[object]]:
    """The instructions sheet, in Finnish."""
    low, high = min(book.scale), max(book.scale)
    lines: list[Sequence[object]] = [
        ["Toimintamallikuvausten arviointi (vaihe 2) – ohjeet"],
        [],
        ["Arvioija", reviewer.name],
        ["Arvioitavia toimintamalleja", count],
        ["Itsearvioinnit rajapäivään", formatting.date_fi(cutoff)],
        *([["Rajaus", scope_fi]] if scope_fi else []),
        [],
        ["Näin arvioit"],
        [
            "1.",
            "Avaa omien mallien arviointikortit (tiedosto kortit_<nimi>.html, jonka sait työkirjan mukana; "
            "sarakkeen Arviointikortti linkki avaa mallin kortin siitä, kun tiedostot ovat samassa kansiossa) "
            "ja mallin kuvaus Innokylässä (sarake Innokylä).",
        ],
        [
            "2.",
            "Lue Innokylän kuvaus ja anna jokaiselle kohdalle pisteet "
            f"{low}–{high} välilehdellä {SCORE_SHEET}: valitse arvo solun pudotusvalikosta.",
        ],
        [
            "3.",
            "Kirjoita perustelu tai huomio sarakkeeseen Kommentti (vapaaehtoinen). Jos et voi arvioida "
            "mallia (esim. olet jäävi tai kuvausta ei löydy), jätä pisteet tyhjiksi ja kerro syy kommentissa: "
            "koordinaattori sopii asiasta kanssasi.",
        ],
        ["4.", "Älä muuta tunnistesarakkeita, rivien järjestystä tai välilehtien nimiä; ne on lukittu."],
        ["5.", "Tallenna työkirja samalla nimellä ja palauta se koordinaattorille."],
        [],
        ["Asteikko"],
        *[[k, v] for k, v in sorted(book.scale.items())],
        [],
        ["Arvioitavat kohdat"],
        *[[item.label, item.description] for item in book.stage2],
        [],
        ["Vaiheet 1 ja 3 luetaan itsearvioinnin vastauksista (kortissa); vaihe 2 on asiantuntijoiden arvio."],
    ]
    return lines


def _add_score_drop_downs(sheet, book: CriteriaBook, first_open: int, last: int) -> None:
    """A drop-down of the scale's values on every stage 2 cell."""
    low, high = min(book.scale), max(book.scale)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(str(k) for k in sorted(book.scale)) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Arvo ei ole asteikolla",
        error=f"Valitse pisteet {low}–{high}: {scale_text(book)}.",
        showInputMessage=True,
        promptTitle=f"Pisteet {low}–{high}",
        prompt=scale_text(book)[:250],
    )
    start = openpyxl.utils.get_column_letter(first_open)
    end = openpyxl.utils.get_column_letter(first_open + len(book.stage2) - 1)
    validation.add(f"{start}2:{end}{last}")
    sheet.add_data_validation(validation)


def _size_and_protect(sheet, book: CriteriaBook, first_open: int) -> None:
    """Column widths, frozen identifying columns, and the sheet protection that
    keeps the identifying columns locked."""
    widths = [12, 40, 28, 40, 18, *([14] * len(book.stage2)), 50]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.freeze_panes = openpyxl.utils.get_column_letter(first_open) + "2"
    sheet.protection.sheet = True  # no password: it guards against slips, not people
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _add_guide(guide, lines: Sequence[Sequence[object]]) -> None:
    """The instructions sheet: the lines, headings in bold, protected."""
    for line in lines:
        guide.append([neutralise(v) for v in line])
    guide["A1"].font = openpyxl.styles.Font(bold=True, size=14)
    for row in guide.iter_rows():
        if len(row) and row[0].value in ("Näin arvioit", "Asteikko", "Arvioitavat kohdat"):
            row[0].font = BOLD
        for cell in row:
            cell.alignment = WRAP
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 100
    guide.protection.sheet = True


def scoring_workbook(
    reviewer: Reviewer,
    models: Sequence[Model],
    cutoff: date,
    book: CriteriaBook,
    card_name,
    stamp: datetime,
    scope_fi: str = "",
) -> bytes:
    """One reviewer's workbook: the assigned models (identifying columns locked), a
    drop-down per stage 2 item, a comment column; the instructions; the workbook's
    reviewer and cutoff on a hidden sheet that review-collect reads. The structure
    is locked too (no sheet renamed, added, removed or unhidden), as the
    instructions say; no password: it guards against slips, not people."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = SCORE_SHEET
    headers = [*IDENTIFYING, *(i.label for i in book.stage2), COMMENT_HEADER]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
    for m in models:
        card = card_name(m.response_id)
        sheet.append([id_cell(m.response_id), neutralise(m.name), m.area, neutralise(m.url), card])
        if m.url.startswith(("https://", "http://")):
            sheet.cell(sheet.max_row, 4).hyperlink = m.url  # opens the description
        sheet.cell(sheet.max_row, 5).hyperlink = card  # the card in the file beside the workbook
    first_open = len(IDENTIFYING) + 1
    last = len(models) + 1
    for row in sheet.iter_rows(min_row=2, max_row=last, min_col=first_open, max_col=len(headers)):
        for cell in row:
            cell.protection, cell.fill = UNLOCKED, OPEN_FILL
    for row in sheet.iter_rows(min_row=2, max_row=last, max_col=len(headers)):
        for cell in row:
            cell.alignment = WRAP
    if models:
        _add_score_drop_downs(sheet, book, first_open, last)
    _size_and_protect(sheet, book, first_open)

    _add_guide(wb.create_sheet(GUIDE_SHEET), guide_lines(reviewer, cutoff, book, len(models), scope_fi))

    info = wb.create_sheet(INFO_SHEET)
    for key, value in (
        ("Arvioija", neutralise(reviewer.name)),
        ("Rajapäivä", cutoff.isoformat()),
        ("Kohdat", ";".join(i.id for i in book.stage2)),
    ):
        info.append([key, value])
    info.sheet_state = "hidden"
    info.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.creator = "RRP-itsearvioinnit"
    return workbook_bytes(wb, stamp)
