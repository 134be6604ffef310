"""The exploration app: everything from controls (ipywidgets), served from
notebooks/exploration.ipynb by Voilà (`make explore`) or run in JupyterLab.

One row of filters drives every tab: the overview (count, key figures, charts),
the open answers, the comparison of two dates, the export and the theme review.
A tab is computed when it is shown, so a filter change costs only the visible
tab. What the lead types or picks wrong is answered with a Finnish sentence
(:class:`analysis.explore.explorer.EntryError`); any other failure is said in a
sentence too and its details go to the server's log, never to the page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from analysis.explore import views
from analysis.explore.explorer import (
    PHASE_CHOICES,
    EntryError,
    Explorer,
    Filters,
    fired_words,
    parse_day,
    place_in_words,
)
from analysis.form.codebook import load_codebook
from analysis.ingest.pipeline import InputError
from analysis.language import formatting
from analysis.tables import areas_and_participants, key_figures, result_themes
from analysis.themes.rules import load_themebook

log = logging.getLogger(__name__)

TABS = ("Yleiskuva", "Avovastaukset", "Vertailu", "Vienti", "Teemojen tarkistus")
OVERVIEW, ANSWERS, COMPARE, EXPORT, REVIEW = range(len(TABS))

MULTI_HELP = (
    "Valitse yksi tai useampi: napsauta, ja lisää valintoja pitämällä Ctrl-näppäintä (Macissa Cmd) pohjassa; "
    "Ctrl-napsautus valitulla poistaa valinnan. Tyhjä valinta = kaikki. Saman suodattimen valinnoista riittää "
    "yksi, eri suodattimet rajaavat yhdessä. Rajaus koskee kaikkia välilehtiä, myös vertailua ja vientiä."
)


class ExploreApp:
    """The controls and the views over one :class:`Explorer`."""

    def __init__(self, explorer: Explorer, cutoff: date | None = None, codes_path: Path | None = None):
        import ipywidgets as w

        self.explorer = explorer
        self.codes_path = codes_path
        codebook, book = load_codebook(), load_themebook()
        self.book = book
        groups, devs = codebook.question("target_groups"), codebook.question("dev_targets")
        wide = {"description_width": "initial"}

        def multi(description: str, options, css: str, width: str):
            control = w.SelectMultiple(
                options=options, description=description, rows=7, style=wide, layout=w.Layout(width=width)
            )
            control.add_class(css)
            return control

        self.cutoff = w.Dropdown(
            options=[(formatting.date_fi(c), c) for c in explorer.cutoffs],
            value=cutoff if cutoff in explorer.cutoffs else explorer.latest,
            description="Rajapäivä",
            style=wide,
        )
        self.cutoff.add_class("explore-cutoff")
        self.phase = w.Dropdown(
            options=[(label, key) for key, label in PHASE_CHOICES.items()], description="Vaihe", style=wide
        )
        self.phase.add_class("explore-phase")
        self.clear = w.Button(description="Tyhjennä rajaukset", icon="times")
        self.clear.add_class("explore-clear")
        self.areas = multi(
            "Alue", [(r.short, r.name) for r in sorted(codebook.regions, key=lambda r: r.code)], "explore-area", "260px"
        )
        self.scopes = multi("Laajuus", [o.label for o in codebook.question("scope").options], "explore-scope", "340px")
        self.groups = multi("Asiakasryhmä", [(o.display, o.id) for o in groups.options], "explore-group", "480px")
        self.devs = multi("Kehittämisen kohde", [(o.label, o.id) for o in devs.options], "explore-dev", "380px")
        self.themes = multi("Teema", [(t.short, t.id) for t in book.themes], "explore-theme", "560px")

        self.pages = [w.HTML() for _ in TABS]
        for page, css in zip(self.pages, ("overview", "answers", "compare", "export", "review")):
            page.add_class(f"explore-{css}")
        self._stale = set(range(len(TABS)))

        # comparison: two dates, picked from the processed cutoffs or typed
        offered = [formatting.date_fi(c) for c in explorer.cutoffs]
        first = explorer.cutoffs[-2] if len(explorer.cutoffs) > 1 else explorer.latest
        self.first = w.Combobox(
            options=offered,
            value=formatting.date_fi(first),
            description="Ensimmäinen päivä",
            style=wide,
            placeholder="esim. 30.6.2025",
            ensure_option=False,
        )
        self.second = w.Combobox(
            options=offered,
            value=formatting.date_fi(explorer.latest),
            description="Toinen päivä",
            style=wide,
            placeholder="esim. 31.12.2025",
            ensure_option=False,
        )
        self.first.add_class("explore-first")
        self.second.add_class("explore-second")
        self.compare_button = w.Button(description="Vertaa", button_style="primary", icon="exchange")
        self.compare_button.add_class("explore-compare-button")

        # export
        self.export_button = w.Button(description="Tee vientitiedostot", button_style="primary", icon="download")
        self.export_button.add_class("explore-export-button")

        # review
        self.review_choice = w.Dropdown(description="Vastaus", style=wide, layout=w.Layout(width="95%"))
        self.review_choice.add_class("explore-review-choice")
        self.review_text = w.HTML()
        self.review_boxes = {t.id: w.Checkbox(description=t.short, indent=False) for t in book.themes}
        self.review_save = w.Button(description="Tallenna ja päivitä luvut", button_style="primary", icon="save")
        self.review_save.add_class("explore-review-save")
        self.review_progress = w.IntProgress(
            value=0, min=0, max=1, description="", layout=w.Layout(visibility="hidden")
        )
        self.review_status = w.HTML()
        self.review_status.add_class("explore-review-status")
        self._queue = pd.DataFrame()

        self.tabs = w.Tab(children=self._tab_children(w))
        for number, title in enumerate(TABS):
            self.tabs.set_title(number, title)

        for control in (self.cutoff, self.phase, self.areas, self.scopes, self.groups, self.devs, self.themes):
            control.observe(self._filters_changed, names="value")
        self.clear.on_click(self._clear)
        self.tabs.observe(lambda _: self.render(), names="selected_index")
        self.compare_button.on_click(lambda _: self._render_now(COMPARE))
        self.export_button.on_click(lambda _: self._guard(EXPORT, self._export))
        self.review_choice.observe(lambda _: self._guard(REVIEW, self._show_answer), names="value")
        self.review_save.on_click(lambda _: self._guard(REVIEW, self._save_review))

        self.widget = w.VBox(
            [
                w.HTML(views.STYLE),
                w.HBox([self.cutoff, self.phase, self.clear]),
                w.HTML(views.box(views.sentence(MULTI_HELP))),
                w.HBox([self.areas, self.scopes, self.groups], layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self.devs, self.themes], layout=w.Layout(flex_flow="row wrap")),
                self.tabs,
            ]
        )
        self.widget.add_class("rrp-explore-app")
        self._lock = threading.RLock()
        self.charts_ready = threading.Event()
        self.render()
        threading.Thread(target=self._load_charts, name="explore-charts", daemon=True).start()

    def _load_charts(self) -> None:
        """Load the chart module (seaborn, scipy: seconds) after the first screen,
        then draw the overview's charts."""
        try:
            import analysis.report.charts  # noqa: F401
        finally:
            self.charts_ready.set()
        with self._lock:
            self._stale.add(OVERVIEW)
            self.render()

    @classmethod
    def open(cls, processed_dir: str | Path | None = None, cutoff: str | None = None) -> ExploreApp:
        return cls(Explorer.open(processed_dir), parse_day(cutoff) if cutoff else None)

    @classmethod
    def start(cls, processed_dir: str | Path | None = None, cutoff: str | None = None) -> ExploreApp | None:
        """Show the app (the notebook's one call); where it cannot open, say why in
        a Finnish sentence instead of a Python error."""
        from IPython.display import HTML, display

        try:
            app = cls.open(processed_dir, cutoff)
        except FileNotFoundError:
            reason = (
                "Käsiteltyä aineistoa ei löytynyt: kansiossa data/processed ei ole yhtään rajapäivää. "
                "Käynnistä sovellus komennolla make explore, joka käsittelee vientitiedostot ensin."
            )
        except EntryError as exc:
            reason = f"Muistikirjan rajapäivä (cutoff) ei kelpaa. {exc}"
        else:
            app.show()
            return app
        display(HTML(views.box(views.error(reason))))
        return None

    def _tab_children(self, w):
        return [
            self.pages[OVERVIEW],
            self.pages[ANSWERS],
            w.VBox([w.HBox([self.first, self.second, self.compare_button]), self.pages[COMPARE]]),
            w.VBox(
                [
                    w.HTML(
                        views.box(
                            views.sentence(
                                "Vienti tekee rajauksen taulukoista Excel-tiedoston (jokainen taulukko omalla "
                                "välilehdellään, myös kahden päivän vertailu) ja avovastauksista CSV-tiedoston. "
                                "Tiedostot tallentuvat selaimen latauskansioon."
                            )
                        )
                    ),
                    self.export_button,
                    self.pages[EXPORT],
                ]
            ),
            w.VBox(
                [
                    self.pages[REVIEW],
                    self.review_choice,
                    self.review_text,
                    w.HBox(list(self.review_boxes.values()), layout=w.Layout(flex_flow="row wrap")),
                    w.HBox([self.review_save, self.review_progress]),
                    self.review_status,
                ]
            ),
        ]

    def show(self) -> None:
        from IPython.display import display

        display(self.widget)

    # state --------------------------------------------------------------------------------

    @property
    def filters(self) -> Filters:
        return Filters(
            tuple(self.areas.value),
            tuple(self.scopes.value),
            tuple(self.groups.value),
            tuple(self.devs.value),
            self.phase.value,
            tuple(self.themes.value),
        )

    @property
    def when(self) -> date:
        return self.cutoff.value

    def _filters_changed(self, _change=None) -> None:
        self._stale = set(range(len(TABS)))
        self.render()

    def _clear(self, _button=None) -> None:
        with self.widget.hold_trait_notifications():
            for control in (self.areas, self.scopes, self.groups, self.devs, self.themes):
                control.value = ()
            self.phase.value = ""
        self._filters_changed()

    def render(self) -> None:
        """Compute the visible tab if the filters changed since it was last shown."""
        shown = self.tabs.selected_index or 0
        if shown in self._stale:
            self._render_now(shown)

    def _render_now(self, tab: int) -> None:
        with self._lock:
            self._render_locked(tab)

    def _render_locked(self, tab: int) -> None:
        makers: dict[int, Callable[[], Markup]] = {
            OVERVIEW: self._overview,
            ANSWERS: self._answers,
            COMPARE: self._compare,
            EXPORT: self._export_waiting,
            REVIEW: self._review,
        }
        self._guard(tab, makers[tab])
        self._stale.discard(tab)

    def _guard(self, tab: int, make: Callable[[], Markup | None]) -> None:
        """Run a view; what it returns is the tab's HTML. A wrong entry, or missing
        exports, is said in a sentence; anything else too, with the details logged."""
        try:
            shown = make()
        except EntryError as exc:
            shown = views.error(str(exc))
        except InputError as exc:
            why = " ".join(
                f"{failure.fi()}." if not failure.fi().endswith(".") else failure.fi() for failure in exc.failures
            )
            shown = views.error(
                "Päivää ei ole käsitelty, eikä sitä voitu laskea vientitiedostoista, koska kansion data/raw "
                f"tiedostoja ei voitu käyttää: {why} Valitse jokin käsitellyistä rajapäivistä."
            )
        except Exception:
            log.exception("the exploration app could not show tab %s", TABS[tab])
            shown = views.error(
                "Tätä näkymää ei voitu laskea odottamattoman virheen vuoksi. Kokeile toista rajausta; "
                "jos virhe toistuu, kerro siitä analyytikolle (yksityiskohdat ovat palvelimen lokissa)."
            )
        if shown is not None:
            self.pages[tab].value = views.box(shown)

    # views ---------------------------------------------------------------------------------

    def _overview(self) -> Markup:
        frame = self.explorer.filtered(self.filters, self.when)
        return views.overview_html(frame, self.when, self.filters, charts=self.charts_ready.is_set())

    def _answers(self) -> Markup:
        frame = self.explorer.filtered(self.filters, self.when)
        answers = self.explorer.answers(self.filters, self.when)
        return views.count_sentence(len(frame), self.when, self.filters) + views.answers_html(answers)

    def _dates(self) -> tuple[date, date]:
        first, second = parse_day(self.first.value), parse_day(self.second.value)
        if first == second:
            raise EntryError("Valitse vertailuun kaksi eri päivää.")
        return min(first, second), max(first, second)

    def _compare(self) -> Markup:
        first, second = self._dates()
        comparison = self.explorer.compare(first, second, self.filters)
        return views.comparison_html(first, second, comparison, self.filters)

    def _export_waiting(self) -> Markup:
        return views.sentence(
            f"Vientiin tulee rajauksen {self.filters.describe()} aineisto rajapäivältä "
            f"{formatting.date_fi(self.when)}. Paina Tee vientitiedostot."
        )

    def export_sheets(self) -> list[tuple[str, pd.DataFrame]]:
        """The tables of the current selection, as the export's sheets: what was
        chosen, the key figures, areas, themes, the answers, and the comparison of
        the two dates when they can be read."""
        codebook = load_codebook()
        filters, when = self.filters, self.when
        frame = self.explorer.filtered(filters, when)
        chosen = pd.DataFrame(
            [
                ("Rajapäivä", formatting.date_fi(when)),
                ("Rajaus", filters.describe()),
                ("Itsearviointeja", len(frame)),
            ],
            columns=["Asia", "Arvo"],
        )
        areas = areas_and_participants.area_counts(frame, codebook)
        sheets = [
            ("Rajaus", chosen),
            (
                "Keskeiset luvut",
                pd.DataFrame(list(key_figures.key_figures(frame, codebook).items()), columns=["Luku", "Lukumäärä"]),
            ),
            ("Alueet", pd.DataFrame({"Hyvinvointialue": list(areas.index), "Lukumäärä": [int(v) for v in areas]})),
            ("Teemat", result_themes.theme_table(frame, self.book)),
            ("Avovastaukset", self.explorer.answers(filters, when)),
        ]
        try:
            first, second = self._dates()
        except EntryError:
            return sheets
        comparison = self.explorer.compare(first, second, filters)
        chosen.loc[len(chosen)] = ("Vertailun päivät", f"{formatting.date_fi(first)} ja {formatting.date_fi(second)}")
        sheets += [
            ("Vertailu alueittain", comparison["alueet"]),
            ("Vertailu keskeiset luvut", comparison["keskeiset luvut"]),
            ("Vertailu muuttuneet mallit", comparison["muuttuneet mallit"]),
        ]
        return sheets

    def _export(self) -> Markup:
        files = views.export_files(self.export_sheets(), f"tutkailu_{self.when.isoformat()}")
        links = Markup("").join(
            views.download_link(data, name, media, f"Lataa {name} ({max(1, round(len(data) / 1024))} kt)")
            for name, data, media in files
        )
        return (
            views.sentence(
                f"Vientitiedostot on tehty: rajapäivä {formatting.date_fi(self.when)}, {self.filters.describe()}. "
                "Tallenna ne alla olevista painikkeista."
            )
            + links
        )

    # theme review ----------------------------------------------------------------------------

    def _review(self) -> Markup:
        self._queue = self.explorer.review(self.when, filters=self.filters)
        # an answer keeps its flag after a decision: the list says which are done
        options = [
            (
                f"{r['Vastaajan numero']}: {r['Toimintamalli']} ({r['Hyvinvointialue']})"
                + (" – tarkistettu" if "tarkistettu käsin" in str(r["Osumat"]) else ""),
                i,
            )
            for i, r in self._queue.iterrows()
        ]
        chosen = self.review_choice.value
        self.review_choice.options = options
        if chosen is not None and any(i == chosen for _, i in options):
            self.review_choice.value = chosen
        if options and self.review_choice.value is None:
            self.review_choice.value = options[0][1]
        if not options:
            self.review_text.value = ""
            return views.sentence("Tällä rajauksella yhtään vastausta ei ole merkitty tarkistettavaksi.")
        self._show_answer()
        return views.sentence(
            f"Tarkistettavia vastauksia {len(options)}: luokittelija on epävarma niiden teemoista (syy näkyy "
            "vastauksen yllä). Valitse vastaus, rastita teemat, jotka siinä on, ja tallenna. Aineisto käsitellään "
            "silloin uudelleen, ja päätös näkyy luvuissa heti."
        )

    def _show_answer(self) -> None:
        if self.review_choice.value is None or self._queue.empty:
            return
        row = self._queue.loc[self.review_choice.value]
        current = self.explorer.assessments(self.when)
        current = current[current["response_id"] == row["Vastaajan numero"]].iloc[0]
        for theme in self.book.themes:
            self.review_boxes[theme.id].value = bool(current[theme.column]) is True
        words = [
            f"{theme.short}: {fired}"
            for theme in self.book.themes
            if (fired := fired_words(current[theme.evidence_column]))
        ]
        self.review_text.value = views.box(
            views.review_answer(str(row["Tarkistuksen syy"]), str(row["Vastaus"]), "; ".join(words) or "ei yhtään")
        )

    def _save_review(self) -> None:
        if self.review_choice.value is None or self._queue.empty:
            return
        row = self._queue.loc[self.review_choice.value]
        response_id = row["Vastaajan numero"]
        decisions = [(response_id, t.id, bool(self.review_boxes[t.id].value)) for t in self.book.themes]
        path = self.explorer.record(decisions, self.codes_path)
        self.review_progress.layout.visibility = "visible"

        def progress(step: int, steps: int, what: str) -> None:
            self.review_progress.max = steps
            self.review_progress.value = step
            self.review_status.value = views.box(views.sentence(f"{what}…"))

        self.explorer.reclean(progress)
        self.review_progress.layout.visibility = "hidden"
        self._stale = set(range(len(TABS)))
        self._render_now(REVIEW)
        chosen = [
            t.short for t in self.book.themes if any(theme == t.id and present for _, theme, present in decisions)
        ]
        self.review_status.value = views.box(
            views.sentence(
                f"Vastauksen {response_id} teemat ({', '.join(chosen) or 'ei teemoja'}) on tallennettu "
                f"{place_in_words(path)}. Aineisto on käsitelty uudelleen, ja luvut kaikilla välilehdillä ovat nyt "
                "päätöksen mukaiset; päätös tulee myös seuraaviin raportteihin.",
                "explore-note explore-saved",
            )
        )


__all__ = ["ExploreApp", "TABS"]
