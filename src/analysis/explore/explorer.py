"""Exploring the assessments in JupyterLab (notebooks/exploration.ipynb).

The project lead asks questions rather than rerunning cutoffs: which areas have
only pilots, what do the models for older people say about costs, how did one
area's assessments change between two dates. This module gives the notebook:

- :class:`Filters` and :func:`apply_filters`: cutoff, area, scope, target group,
  development target, phase and theme;
- :meth:`Explorer.overview`: the key counts and charts of the summary for the
  filtered set (the report's own table and chart functions);
- :meth:`Explorer.answers`: the open answers with their themes and the words that fired;
- :meth:`Explorer.compare`: any two dates side by side, per area and per key figure;
- :meth:`Explorer.review` and :meth:`Explorer.review_widget`: the answers the theme
  coder is unsure of, flagged first, and accepting or rejecting their themes
  (written to ``theme_codes.csv`` by :func:`analysis.themes.checking.record_reviews`);
- :func:`export`: a filtered table to CSV or XLSX in one call, formulas neutralised;
- :meth:`Explorer.widgets`: the same as interactive filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.files.outputs import write_file_atomically, xlsx_bytes
from analysis.form.codebook import load_codebook
from analysis.ingest.pipeline import Inputs, default_hand_kept_paths, load_inputs
from analysis.language import formatting
from analysis.processed.read import cutoff_dir, load_processed
from analysis.tables import answers, areas_and_participants, key_figures, phases, result_themes
from analysis.tables.listing import listing_csv, neutralise
from analysis.themes.checking import record_reviews, review_queue
from analysis.themes.rules import load_themebook

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


def export(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table to .csv (UTF-8, ';') or .xlsx, by the file's suffix, with cells
    that a spreadsheet would run as a formula neutralised. Never into data/raw/."""
    path = Path(path)
    rows = [list(table.columns)] + [
        [neutralise(v.item() if hasattr(v, "item") else (None if pd.isna(v) else v)) for v in record]
        for record in table.astype(object).itertuples(index=False)
    ]
    if path.suffix.lower() == ".csv":
        data = listing_csv(rows)
    elif path.suffix.lower() == ".xlsx":
        data = xlsx_bytes([("Taulukko", rows)], pd.Timestamp("2026-01-01").to_pydatetime(), table_header=True)
    else:
        raise ValueError(f"export to .csv or .xlsx, not {path.suffix!r}")
    write_file_atomically(path, lambda tmp: tmp.write_bytes(data))
    return path


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

    def assessments(self, cutoff: date | str | None = None) -> pd.DataFrame:
        """The kept assessments at ``cutoff`` (default: the latest processed). A date
        that was not processed is cleaned from data/raw/ on the spot."""
        when = date.fromisoformat(cutoff) if isinstance(cutoff, str) else (cutoff or self.latest)
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

    # views --------------------------------------------------------------------------------

    def overview(self, filters: Filters = Filters(), cutoff: date | str | None = None) -> None:
        """Key counts, and the summary's tables and charts, for the filtered set."""
        from analysis.html.elements import say, show_figure, show_table
        from analysis.report.charts import bar_chart, style

        style()
        frame = self.filtered(filters, cutoff)
        when = formatting.date_fi(date.fromisoformat(cutoff) if isinstance(cutoff, str) else (cutoff or self.latest))
        say(f"**{len(frame)}** itsearviointia rajapäivänä {when} ({filters.describe()}).")
        if frame.empty:
            return
        codebook, book = load_codebook(), load_themebook()
        show_table(pd.DataFrame(list(key_figures.key_figures(frame, codebook).items()), columns=["Luku", "Lukumäärä"]))
        counts = areas_and_participants.area_counts(frame, codebook)
        show_figure(
            bar_chart(
                {codebook.region_by_name(a).short: int(v) for a, v in counts.items() if v},
                f"Itsearvioinnit alueittain, n={len(frame)}",
                n=len(frame),
            )
        )
        show_table(answers.single_choice_table(frame, codebook.question("scope")), total_row=True)
        show_table(phases.phase_table(frame, codebook))
        table = result_themes.theme_table(frame, book)
        show_figure(
            bar_chart(
                dict(zip(table["Teema"], table["Lukumäärä"])),
                f"Tärkeimpien tulosten teemat, n={len(frame)}",
                n=len(frame),
            )
        )

    def answers(self, filters: Filters = Filters(), cutoff: date | str | None = None) -> pd.DataFrame:
        """The open answers of the filtered set, with their themes and the words that
        fired (for the chosen themes, or all)."""
        book = load_themebook()
        frame = self.filtered(filters, cutoff)
        shown = [book.theme(t) for t in filters.themes] or list(book.themes)
        rows = []
        for _, row in frame.iterrows():
            themes = [t.short for t in book.themes if bool(row[t.column]) is True]
            evidence = [
                f"{t.short}: {row[t.evidence_column]}"
                for t in shown
                if bool(row[t.column]) is True and pd.notna(row[t.evidence_column])
            ]
            rows.append(
                {
                    "Vastaajan numero": row["response_id"],
                    "Hyvinvointialue": row["region"],
                    "Toimintamalli": row["model_name"],
                    "Vastaus": row["key_results"],
                    "Teemat": "; ".join(themes),
                    "Osumat": " | ".join(evidence),
                }
            )
        return pd.DataFrame(
            rows, columns=["Vastaajan numero", "Hyvinvointialue", "Toimintamalli", "Vastaus", "Teemat", "Osumat"]
        )

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

    def review(self, cutoff: date | str | None = None, flagged_only: bool = True) -> pd.DataFrame:
        """The answers the theme coder flagged for review (or all, flagged first),
        with the reason, the themes and the words that fired."""
        book = load_themebook()
        queue = review_queue(self.assessments(cutoff), book)
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
        `make data`."""
        path = Path(codes_path or config.raw_dir() / config.THEME_CODES_FILE_NAME)
        record_reviews(path, decisions)
        return path

    def _listing_check(self, when: date) -> tuple[date | None, bool]:
        """The Innokylä check's date and whether it dates every attachment, from the
        cutoff's manifest (none for a date cleaned on the spot)."""
        import json

        path = cutoff_dir(when, self.processed_dir) / "manifest.json"
        if not path.is_file():
            return None, False
        manifest = json.loads(path.read_text(encoding="utf-8"))
        checked = manifest.get("listing_status_checked_on")
        return (date.fromisoformat(checked) if checked else None), bool(manifest.get("listing_status_dated"))

    # interactive ----------------------------------------------------------------------------

    def review_widget(self, cutoff: date | str | None = None, codes_path: str | Path | None = None):
        """Go through the flagged answers one by one: tick the themes the answer
        carries and save; the seven decisions are written to theme_codes.csv."""
        import ipywidgets as w
        from IPython.display import display

        from analysis.html.elements import esc, say

        book = load_themebook()
        frame = self.assessments(cutoff)
        queue = review_queue(frame, book)
        queue = queue[queue["review"].notna()].reset_index(drop=True)
        if queue.empty:
            say("Yhtään vastausta ei ole merkitty tarkistettavaksi.")
            return
        rows = frame.set_index("response_id")
        choice = w.Dropdown(
            options=[(f"{r.response_id}: {r.model_name}", i) for i, r in queue.iterrows()],
            description="Vastaus",
            layout=w.Layout(width="auto"),
        )
        boxes = {t.id: w.Checkbox(description=t.short, indent=False) for t in book.themes}
        save = w.Button(description="Tallenna päätökset", button_style="primary")
        shown, status = w.Output(), w.Output()

        def show(*_):
            row = queue.loc[choice.value]
            current = rows.loc[row["response_id"]]
            current = current.iloc[0] if isinstance(current, pd.DataFrame) else current
            for t in book.themes:
                boxes[t.id].value = bool(current[t.column]) is True
            shown.clear_output()
            with shown:
                say(
                    f"**Syy:** {esc(row['review'])}\n\n**Vastaus:** {esc(row['answer'])}\n\n"
                    f"**Osumat:** {esc(row['evidence'] or '–')}"
                )

        def store(*_):
            row = queue.loc[choice.value]
            decisions = [(row["response_id"], t.id, boxes[t.id].value) for t in book.themes]
            path = self.record(decisions, codes_path)
            status.clear_output()
            with status:
                say(
                    f"Tallennettu vastauksen {esc(row['response_id'])} teemat tiedostoon `{esc(path)}`. "
                    "Päätökset tulevat raporttiin, kun aineisto käsitellään uudelleen (`make data`)."
                )

        choice.observe(show, names="value")
        save.on_click(store)
        show()
        display(
            w.VBox([choice, shown, w.HBox(list(boxes.values()), layout=w.Layout(flex_flow="row wrap")), save, status])
        )

    def widgets(self):
        """Interactive filters over :meth:`overview` and :meth:`answers`."""
        import ipywidgets as w
        from IPython.display import display

        from analysis.html.elements import show_table

        codebook, book = load_codebook(), load_themebook()
        groups = codebook.question("target_groups")
        devs = codebook.question("dev_targets")
        layout = w.Layout(width="auto")

        def multi(description, options):
            return w.SelectMultiple(
                options=options, description=description, rows=6, layout=layout, style={"description_width": "initial"}
            )

        cutoff = w.Dropdown(
            options=[(formatting.date_fi(c), c.isoformat()) for c in self.cutoffs],
            value=self.latest.isoformat(),
            description="Rajapäivä",
        )
        areas = multi("Alue", [(r.short, r.name) for r in sorted(codebook.regions, key=lambda r: r.code)])
        scopes = multi("Laajuus", [o.label for o in codebook.question("scope").options])
        target = multi("Asiakasryhmä", [(o.display, o.id) for o in groups.options])
        dev = multi("Kehittämisen kohde", [(o.label, o.id) for o in devs.options])
        phase = w.Dropdown(options=[(label, key) for key, label in PHASE_CHOICES.items()], description="Vaihe")
        themes = multi("Teema", [(t.short, t.id) for t in book.themes])
        output = w.Output()

        def refresh(*_):
            filters = Filters(
                tuple(areas.value),
                tuple(scopes.value),
                tuple(target.value),
                tuple(dev.value),
                phase.value,
                tuple(themes.value),
            )
            output.clear_output()
            with output:
                self.overview(filters, cutoff.value)
                show_table(self.answers(filters, cutoff.value), small=True)

        for control in (cutoff, areas, scopes, target, dev, phase, themes):
            control.observe(refresh, names="value")
        refresh()
        display(w.VBox([w.HBox([cutoff, phase]), w.HBox([areas, scopes, target]), w.HBox([dev, themes]), output]))


__all__ = ["Explorer", "Filters", "PHASE_CHOICES", "apply_filters", "export"]
