"""Exploring the assessments: the data side of the exploration app
(:mod:`analysis.explore.app`, served from notebooks/exploration.ipynb).

The project lead asks questions rather than rerunning cutoffs: which areas have
only pilots, what do the models for older people say about costs, how did one
area's assessments change between two dates. This module gives the app:

- :class:`Filters` and :func:`apply_filters`: cutoff, area, scope, target group,
  development target, phase and theme;
- :meth:`Explorer.answers`: the open answers with their themes and the words that
  gave them (:func:`fired_words`: the words, not the rules);
- :meth:`Explorer.compare`: any two dates side by side, per area and per key figure;
- :meth:`Explorer.review` and :meth:`Explorer.record`: the answers the theme coder
  is unsure of, and the decisions on them (written to ``theme_codes.csv`` by
  :func:`analysis.themes.checking.record_checks`); :meth:`Explorer.reclean`
  cleans the processed cutoffs again so the decisions count at once;
- :func:`parse_day`: a typed date, or a Finnish sentence saying what is wrong;
- :func:`workbook_bytes`, :func:`csv_bytes` and :func:`export`: tables to .xlsx/.csv,
  formulas neutralised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.files.outputs import write_file_atomically, xlsx_bytes
from analysis.files.spreadsheet_cells import neutralise
from analysis.form.codebook import load_codebook
from analysis.ingest.pipeline import Inputs, default_hand_kept_paths, load_inputs, write_processed
from analysis.language import formatting
from analysis.processed.read import cutoff_dir, load_processed
from analysis.tables import areas_and_participants, key_figures, phases
from analysis.tables.listing import listing_csv
from analysis.themes.checking import check_queue, record_checks
from analysis.themes.coder import NEGATED_PREFIX
from analysis.themes.rules import load_themebook

# The document date written into exported workbooks: fixed, so the same selection
# gives the same bytes (the sheet "Rajaus" says when the file was made).
EXPORT_STAMP = datetime(2026, 1, 1)

PHASE_CHOICES = {
    "": "Kaikki",
    **{item.id: item.text for item in load_codebook().question("phase").items},  # piloted, adopted, rooted
    "pilot_only": "Vain pilotoitu (ei käyttöönotettu)",
}


@dataclass(frozen=True)
class Filters:
    """What to look at. Empty means everything; within one filter any of the chosen
    values matches, and the filters apply together."""

    areas: tuple[str, ...] = ()  # official area names
    scopes: tuple[str, ...] = ()  # scope labels
    target_groups: tuple[str, ...] = ()  # option ids of target_groups
    dev_targets: tuple[str, ...] = ()  # option ids of dev_targets
    phase: str = ""  # a key of PHASE_CHOICES
    themes: tuple[str, ...] = ()  # theme ids

    def describe(self) -> str:
        codebook, book = load_codebook(), load_themebook()
        parts = []
        if self.areas:
            parts.append("alue: " + ", ".join(codebook.region_by_name(a).short for a in self.areas))
        if self.scopes:
            parts.append("laajuus: " + ", ".join(self.scopes))
        if self.target_groups:
            q = codebook.question("target_groups")
            parts.append("asiakasryhmä: " + ", ".join(q.option(g).display for g in self.target_groups))
        if self.dev_targets:
            q = codebook.question("dev_targets")
            parts.append("kohde: " + ", ".join(q.option(d).label for d in self.dev_targets))
        if self.phase:
            parts.append("vaihe: " + PHASE_CHOICES[self.phase])
        if self.themes:
            parts.append("teema: " + ", ".join(book.theme(t).short for t in self.themes))
        return "; ".join(parts) or "ei rajauksia"


def _any_chosen(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    chosen = pd.Series(False, index=frame.index)
    for column in columns:
        chosen |= frame[column].fillna(False).astype(bool)
    return chosen


def _reached(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].notna() & (frame[column].astype(object) != phases.PHASE_NOT_REACHED)


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    codebook, book = load_codebook(), load_themebook()
    keep = pd.Series(True, index=frame.index)
    if filters.areas:
        keep &= frame["region"].astype(object).isin(filters.areas)
    if filters.scopes:
        keep &= frame["scope"].astype(object).isin(filters.scopes)
    if filters.target_groups:
        q = codebook.question("target_groups")
        keep &= _any_chosen(frame, [q.option_column(q.option(g)) for g in filters.target_groups])
    if filters.dev_targets:
        q = codebook.question("dev_targets")
        keep &= _any_chosen(frame, [q.option_column(q.option(d)) for d in filters.dev_targets])
    if filters.phase == "pilot_only":
        keep &= (
            _reached(frame, "phase__piloted") & ~_reached(frame, "phase__adopted") & ~_reached(frame, "phase__rooted")
        )
    elif filters.phase:
        keep &= _reached(frame, f"phase__{filters.phase}")
    if filters.themes:
        keep &= _any_chosen(frame, [book.theme(t).column for t in filters.themes])
    return frame[keep]


def _cell(value: object) -> object:
    if hasattr(value, "item"):
        value = value.item()
    elif not isinstance(value, (list, tuple)) and pd.isna(value):
        value = None
    return neutralise(value)


def table_rows(table: pd.DataFrame) -> list[list[object]]:
    """The header and the rows of a table as a spreadsheet gets them: plain Python
    values, and cells that a spreadsheet would run as a formula neutralised."""
    return [list(table.columns)] + [
        [_cell(v) for v in record] for record in table.astype(object).itertuples(index=False)
    ]


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV the way Excel opens it (UTF-8 with BOM, ';')."""
    return listing_csv(table_rows(table))


def workbook_bytes(sheets: Sequence[tuple[str, pd.DataFrame]]) -> bytes:
    """Tables as the sheets of one .xlsx, each with a bold, filterable header."""
    return xlsx_bytes([(title, table_rows(table)) for title, table in sheets], EXPORT_STAMP, table_header=True)


def export(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table to .csv (UTF-8, ';') or .xlsx, by the file's suffix, with cells
    that a spreadsheet would run as a formula neutralised. Never into data/raw/."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        data = csv_bytes(table)
    elif path.suffix.lower() == ".xlsx":
        data = workbook_bytes([("Taulukko", table)])
    else:
        raise ValueError(f"export to .csv or .xlsx, not {path.suffix!r}")
    write_file_atomically(path, lambda tmp: tmp.write_bytes(data))
    return path


class EntryError(ValueError):
    """Something the lead typed or picked that cannot be used; the message is a
    Finnish sentence that says what to do instead."""


_FINNISH_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RULE_TEXT = re.compile(r"\s*\[[^\[\]]*\]")
_AFTER_RULE = re.compile(r"(?<=\]);\s*")
_BY_HAND = re.compile(r"tarkistettu käsin: (kyllä|ei)(?: \(automaattinen: (.*)\))?$", re.S)


def parse_day(text: str) -> date:
    """A date typed the Finnish way (30.6.2025, also 30.06.2025) or as on a folder
    (2025-06-30), between the form's publication and the last cutoff allowed.
    Raises :class:`EntryError` with a Finnish sentence."""
    typed = text.strip()
    example = "esimerkiksi 30.6.2025"
    if not typed:
        raise EntryError(f"Kirjoita päivämäärä muodossa päivä.kuukausi.vuosi, {example}.")
    if not _FINNISH_DATE.fullmatch(typed) and not _ISO_DATE.fullmatch(typed):
        raise EntryError(f"”{typed}” ei ole päivämäärä. Kirjoita se muodossa päivä.kuukausi.vuosi, {example}.")
    try:
        parsed = formatting.read_day(re.sub(r"\.\s+", ".", typed))  # "30. 6. 2025" too
    except ValueError:
        raise EntryError(f"Päivää {typed} ei ole kalenterissa. Tarkista päivä ja kuukausi, {example}.") from None
    if not config.FORM_PUBLISHED <= parsed <= config.LAST_CUTOFF:
        raise EntryError(
            f"{formatting.date_fi(parsed)} on aineiston ulkopuolella: valitse päivä "
            f"{formatting.date_fi(config.FORM_PUBLISHED)} ja {formatting.date_fi(config.LAST_CUTOFF)} väliltä."
        )
    return parsed


def fired_words(evidence: object) -> str:
    """The words of an answer that gave it a theme, without the rules that matched
    them: ``"yhtenäistyivät [yhtenäi*]; tasalaatuista [tasalaatu*]"`` reads
    ``"yhtenäistyivät, tasalaatuista"``. A theme set by hand says so; words set
    aside (a negation near them) are left out, as they did not count."""
    if evidence is None or (not isinstance(evidence, str) and pd.isna(evidence)):
        return ""
    text = str(evidence)
    by_hand = _BY_HAND.match(text)
    if by_hand:
        automatic = fired_words(by_hand.group(2)) if by_hand.group(2) else ""
        decision = "teema annettu käsin" if by_hand.group(1) == "kyllä" else "teema poistettu käsin"
        return f"{decision} (sanat: {automatic})" if automatic else decision
    counted = "" if text.startswith(NEGATED_PREFIX) else text.split(" | " + NEGATED_PREFIX)[0]
    words = [_RULE_TEXT.sub("", part).strip() for part in _AFTER_RULE.split(counted) if _RULE_TEXT.search(part)]
    return ", ".join(dict.fromkeys(w for w in words if w))


def place_in_words(path: Path) -> str:
    """Where a file is, for a reader who knows the project folder but not paths:
    ``tiedostoon theme_codes.csv projektikansion /polku kansioon data/raw``."""
    path = Path(path).resolve()
    project = config.project_dir()
    try:
        relative = path.parent.relative_to(project)
    except ValueError:
        return f"tiedostoon {path.name} kansioon {path.parent}"
    folder = " → ".join(relative.parts) if relative.parts else "ylimpään kansioon"
    return f"tiedostoon {path.name}, joka on projektikansion ({project}) kansiossa {folder}"


@dataclass
class Explorer:
    """The assessments of every processed cutoff, and views of a filtered set."""

    processed_dir: Path
    cutoffs: list[date]
    _frames: dict[date, pd.DataFrame] = field(default_factory=dict, repr=False)
    _inputs: Inputs | None = field(default=None, repr=False)

    @classmethod
    def open(cls, processed_dir: str | Path | None = None) -> Explorer:
        folder = Path(processed_dir or config.processed_dir())
        cutoffs = sorted(
            date.fromisoformat(p.name) for p in folder.glob("????-??-??") if (p / "manifest.json").is_file()
        )
        if not cutoffs:
            raise FileNotFoundError(f"no processed data in {folder}: run `make data` first")
        return cls(folder, cutoffs)

    @property
    def latest(self) -> date:
        return self.cutoffs[-1]

    def _when(self, cutoff: date | str | None) -> date:
        return date.fromisoformat(cutoff) if isinstance(cutoff, str) else (cutoff or self.latest)

    def assessments(self, cutoff: date | str | None = None) -> pd.DataFrame:
        """The kept assessments at ``cutoff`` (default: the latest processed). A date
        that was not processed is cleaned from data/raw/ on the spot."""
        when = self._when(cutoff)
        if when not in self._frames:
            if (cutoff_dir(when, self.processed_dir) / "manifest.json").is_file():
                self._frames[when] = load_processed(when, self.processed_dir).assessments
            else:
                if self._inputs is None:
                    self._inputs = load_inputs(None, *default_hand_kept_paths())
                self._frames[when] = self._inputs.clean(when).assessments
        return self._frames[when]

    def filtered(self, filters: Filters = Filters(), cutoff: date | str | None = None) -> pd.DataFrame:
        return apply_filters(self.assessments(cutoff), filters)

    def forget(self) -> None:
        """Drop what was read, so the next view reads data/processed/ again."""
        self._frames.clear()
        self._inputs = None

    def reclean(self, progress: Callable[[int, int, str], None] | None = None) -> list[Path]:
        """Clean data/raw/ again into every processed cutoff (what `make data` does for
        them), so hand-kept decisions show at once; ``progress(step, steps, what)``
        is told each step in Finnish."""
        steps = len(self.cutoffs) + 2
        tell = progress or (lambda step, total, what: None)
        tell(0, steps, "Luetaan vientitiedostot ja käsin pidetyt tiedostot")
        inputs = load_inputs(None, *default_hand_kept_paths())
        cleaned = []
        for number, cutoff in enumerate(self.cutoffs, start=1):
            tell(number, steps, f"Puhdistetaan rajapäivän {formatting.date_fi(cutoff)} aineisto")
            cleaned.append(inputs.clean(cutoff))
        tell(steps - 1, steps, "Tallennetaan käsitelty aineisto")
        written = write_processed(inputs, cleaned, self.processed_dir)
        self.forget()
        tell(steps, steps, "Valmis")
        return written

    # views --------------------------------------------------------------------------------

    def answers(self, filters: Filters = Filters(), cutoff: date | str | None = None) -> pd.DataFrame:
        """The open answers of the filtered set, each theme they carry with the words
        that gave it: ``"Kustannussäästöjen kasvu (kulut, säästöä); Digitaalisten
        palveluiden laajentuminen (etävastaanotot)"``."""
        book = load_themebook()
        frame = self.filtered(filters, cutoff)
        rows = []
        for _, row in frame.iterrows():
            themes = []
            for theme in book.themes:
                if bool(row[theme.column]) is True:
                    words = fired_words(row[theme.evidence_column])
                    themes.append(f"{theme.short} ({words})" if words else theme.short)
            rows.append(
                {
                    "Vastaajan numero": row["response_id"],
                    "Hyvinvointialue": row["region"],
                    "Toimintamalli": row["model_name"],
                    "Vastaus": row["key_results"],
                    THEMES_AND_WORDS: THEME_SEPARATOR.join(themes),
                }
            )
        return pd.DataFrame(rows, columns=ANSWER_COLUMNS)

    def compare(self, first: date | str, second: date | str, filters: Filters = Filters()) -> dict[str, pd.DataFrame]:
        """Two dates side by side: per area and per key figure, counts and the change;
        and the models that are new at the second date or no longer counted."""
        a = date.fromisoformat(first) if isinstance(first, str) else first
        b = date.fromisoformat(second) if isinstance(second, str) else second
        a, b = min(a, b), max(a, b)
        frames = {a: self.filtered(filters, a), b: self.filtered(filters, b)}
        areas = areas_and_participants.area_table(frames, b)
        areas = areas[[c for c in areas.columns if not c.startswith("STM")]]
        if filters.areas:
            areas = areas[areas["Hyvinvointialue"].isin(filters.areas)]
        before, after = set(frames[a]["model_key"]), set(frames[b]["model_key"])
        changes = []
        for key in sorted(before ^ after):
            side = frames[b] if key in after else frames[a]
            row = side[side["model_key"] == key].iloc[0]
            changes.append(
                {
                    "Muutos": "uusi" if key in after else "ei enää mukana",
                    "Hyvinvointialue": row["region"],
                    "Toimintamalli": row["model_name"],
                    "Vastausaika": formatting.datetime_fi(row["submitted_at"]),
                }
            )
        checked, dated = self._listing_check(b)
        return {
            "alueet": areas.reset_index(drop=True),
            "keskeiset luvut": key_figures.key_figures_table(frames, b, checked, dated),
            "muuttuneet mallit": pd.DataFrame(
                changes, columns=["Muutos", "Hyvinvointialue", "Toimintamalli", "Vastausaika"]
            ),
        }

    def review(
        self, cutoff: date | str | None = None, flagged_only: bool = True, filters: Filters = Filters()
    ) -> pd.DataFrame:
        """The answers the theme coder flagged for review (or all, flagged first) in
        the filtered set, with the reason, the themes and the words that fired."""
        book = load_themebook()
        queue = check_queue(self.filtered(filters, cutoff), book)
        if flagged_only:
            queue = queue[queue["review"].notna()]
        names = {t.id: t.short for t in book.themes}
        queue = queue.assign(
            themes=queue["themes"].map(lambda ids: "; ".join(names[i] for i in ids.split("; ") if i) if ids else "")
        )
        return queue.rename(
            columns={
                "response_id": "Vastaajan numero",
                "region": "Hyvinvointialue",
                "model_name": "Toimintamalli",
                "answer": "Vastaus",
                "language": "Kieli",
                "review": "Tarkistuksen syy",
                "themes": "Teemat",
                "evidence": "Osumat",
            }
        ).reset_index(drop=True)

    def record(self, decisions, codes_path: str | Path | None = None) -> Path:
        """Write review decisions ``[(response id, theme id, True/False), ...]`` into
        theme_codes.csv (default: data/raw/theme_codes.csv); they apply from the next
        cleaning (:meth:`reclean`, or `make data`)."""
        path = Path(codes_path or config.raw_dir() / config.THEME_CODES_FILE_NAME)
        record_checks(path, decisions)
        return path

    def _listing_check(self, when: date) -> tuple[date | None, bool]:
        """The Innokylä check's date and whether it dates every attachment, from the
        cutoff's manifest (none for a date cleaned on the spot)."""
        path = cutoff_dir(when, self.processed_dir) / "manifest.json"
        if not path.is_file():
            return None, False
        manifest = json.loads(path.read_text(encoding="utf-8"))
        checked = manifest.get("listing_status_checked_on")
        return (date.fromisoformat(checked) if checked else None), bool(manifest.get("listing_status_dated"))


THEMES_AND_WORDS = "Teemat (sanat, joista teema tunnistettiin)"
THEME_SEPARATOR = "; "
ANSWER_COLUMNS = ["Vastaajan numero", "Hyvinvointialue", "Toimintamalli", "Vastaus", THEMES_AND_WORDS]

__all__ = [
    "ANSWER_COLUMNS",
    "THEMES_AND_WORDS",
    "EntryError",
    "Explorer",
    "Filters",
    "PHASE_CHOICES",
    "apply_filters",
    "csv_bytes",
    "export",
    "fired_words",
    "parse_day",
    "place_in_words",
    "workbook_bytes",
]
