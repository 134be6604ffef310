"""The report's data and parameters (one cutoff's processed data, the earlier cutoffs,
the screening's scope, the panel's results), its sections' order and THL's texts:
what every section function (analysis.report.sections) reads."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Self

import pandas as pd
import yaml

from analysis import config
from analysis.form.codebook import Codebook, load_codebook
from analysis.form.translations import label
from analysis.language import finnish, formatting
from analysis.language.cldr import check_language
from analysis.language.sentences import sentence
from analysis.processed.read import Processed, load_processed, replaced_since_scope, scoped_assessments
from analysis.themes.rules import ThemeBook, load_themebook

# (anchor, heading): the report's sections in the order of THL's summary of 31.12.2025.
SECTIONS = (
    ("alueet", "1. Itsearvioinnit hyvinvointialueittain"),
    ("osallistujat", "2. Arviointeihin osallistuneet"),
    ("laajuus", "3. Toimintamallien laajuus"),
    ("investoinnit", "4. Itsearvioinnit investoinneittain"),
    ("kohde", "5. Toimintamallin kehittämisen kohde"),
    ("asiakasryhmat", "6. Asiakasryhmät"),
    ("arviointi", "7. Vahvistaminen, arviointi, hyödyntäminen ja käyttöönotto"),
    ("vaihe", "8. Toimintamallien kehitysvaihe"),
    ("digi", "9. Digitaalisten palveluiden kehittäminen"),
    ("teemat", "10. Kehittämistyön tärkeimmät tulokset"),
    ("esikarsinta", "11. Hankkeen tarkastelu: itsearvioinnit THL:n kriteerien valossa"),
    ("listaus", "12. Arvioidut toimintamallit"),
    ("laatu", "13. Aineiston laatu ja alkuperä"),
    ("lisatietoja", "14. Hyödynnettävyys ja lisätietoja"),
)


SCREENING_SECTION = "esikarsinta"
# The notebook parameter's default: the ministry's competition's day (config).
COMPETITION_CUTOFF = config.COMPETITION_CUTOFF.isoformat()
TEXTS_FILE = config.REPORT_TEXTS_FILE


PANEL_ANCHOR, PANEL_HEADING = "asiantuntija-arvio", "Asiantuntija-arvio"
PANEL_FILE = config.PANEL_RESULTS_FILE
# The unnumbered technical appendix at the end: the program's version, the source
# files and their checksums, the rows by file and row (analysis.report.sections.appendix).
APPENDIX_ANCHOR, APPENDIX_HEADING = "tekninen-liite", "Tekninen liite"


def heading(anchor: str, language: str = "fi") -> str:
    """A section's heading without its number in ``language``: "alueet" ->
    "Itsearvioinnit hyvinvointialueittain" (Finnish from SECTIONS, Swedish and
    English from the catalogue's data/sentences/headings.yaml)."""
    if language != "fi":
        return sentence(f"headings.{anchor}", language)
    finnish_headings = {
        **dict(SECTIONS),
        PANEL_ANCHOR: f"0. {PANEL_HEADING}",
        APPENDIX_ANCHOR: f"0. {APPENDIX_HEADING}",
    }
    return finnish_headings[anchor].split(". ", 1)[1]


def sections(screening: bool = True, panel: bool = False, language: str = "fi") -> list[tuple[str, str]]:
    """The report's (anchor, heading) in order, numbered; without §11 when the
    screening is left out (the later sections move up a number); with
    *Asiantuntija-arvio* after §11, numbered like the others (the later sections
    move down a number), once the expert panel's scores are collected (only with
    the screening: the panel's stages 1 and 3 are the screening's); the unnumbered
    *Tekninen liite* last."""
    kept = [(a, heading(a, language)) for a, _ in SECTIONS if screening or a != SCREENING_SECTION]
    if panel and screening:
        at = next(i for i, (a, _) in enumerate(kept) if a == SCREENING_SECTION) + 1
        kept.insert(at, (PANEL_ANCHOR, heading(PANEL_ANCHOR, language)))
    numbered = [(a, f"{i}. {h}") for i, (a, h) in enumerate(kept, start=1)]
    return [*numbered, (APPENDIX_ANCHOR, heading(APPENDIX_ANCHOR, language))]


def panel_heading(screening: bool = True, language: str = "fi") -> str:
    """The panel section's numbered heading ("12. Asiantuntija-arvio")."""
    return dict(sections(screening, True, language))[PANEL_ANCHOR]


@cache
def load_texts(path: Path | None = None, language: str = "fi") -> dict:
    """report_texts.yaml: THL's definitions, Hyödynnettävyys, the contact line; in
    Swedish and English report_texts.sv.yaml and report_texts.en.yaml beside it,
    with the same keys."""
    source = Path(path or TEXTS_FILE)
    if language != "fi":
        source = source.with_name(f"{source.stem}.{check_language(language)}{source.suffix}")
    return yaml.safe_load(source.read_text(encoding="utf-8"))


def parse_cutoff(value: str) -> date:
    """The notebook's cutoff parameter: an ISO date string (2025-12-31)."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"parameter cutoff={value!r} is not an ISO date (YYYY-MM-DD)") from None


def version_fi(version: str) -> str:
    """ "0.1.0 (f6a77c970b26+dirty)" -> "0.1.0 (f6a77c970b26, tallentamattomia muutoksia)"."""
    return version.replace("+dirty)", ", tallentamattomia muutoksia)")


def parse_scope(value: object) -> date | None:
    """The screening's scope parameter: "all" (None), or an ISO date: the
    assessments returned by that day."""
    text = str(value).strip().lower()
    if text in ("all", "kaikki"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"parameter screening_scope={value!r} is neither 'all' nor an ISO date (YYYY-MM-DD)") from None


@dataclass
class ReportData:
    """The data a report is made of, and the look-ups every section uses."""

    cutoff: date
    data: Processed
    earlier: dict[date, pd.DataFrame]
    codebook: Codebook
    book: ThemeBook
    screening_on: bool = True
    screening_scope: date | None = None  # None: every assessment at the cutoff
    scoped: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # the assessments screened
    panel: dict | None = None  # the expert panel's results (arviointi/paneeli.json), once collected
    scope_replaced: int = 0  # returned by the scope's date, since replaced by a later assessment of the model
    screening_ranked: bool = False  # §11 lists the models passing stage 1 by score (the analyst asks for it)
    public: bool = False  # the report for outside THL: no screening, no panel
    language: str = "fi"  # the language the reader sees: "fi", "sv" or "en" (build --lang)

    @classmethod
    def load(
        cls,
        cutoff: str,
        processed_dir: str | Path,
        compare_with: Sequence[str] = (),
        screening: bool = True,
        screening_scope: str = COMPETITION_CUTOFF,
        panel_dir: str | Path = "",
        screening_ranked: bool = False,
        public: bool = False,
        language: str = "fi",
    ) -> Self:
        """Read one cutoff's processed data, and the earlier cutoffs to compare with.
        ``screening``: whether §11 is in the report; ``screening_scope``: "all", or a
        date: only the assessments returned by then are screened (default the
        ministry competition's 30.6.2025); ``panel_dir``: the expert panel's folder,
        whose collected results (if any) the report shows (only with the screening);
        ``screening_ranked``: §11 also lists the models passing stage 1 by score (off
        unless the analyst asks); ``public``: the report for outside THL, without the
        screening and the panel."""
        when = parse_cutoff(cutoff)
        folder = Path(processed_dir)
        earlier = {}
        for other in compare_with:
            day = parse_cutoff(other)
            if day < when:
                earlier[day] = load_processed(day, folder).assessments
        data = load_processed(when, folder)
        scope = parse_scope(screening_scope)
        if scope is not None and scope >= when:
            scope = None  # every assessment at the cutoff was returned by then
        public = bool(public)
        screening = bool(screening) and not public
        report = cls(when, data, earlier, load_codebook(), load_themebook(), screening, scope)
        report.public = public
        # the assessments the screening covers, as the listing files have them
        report.scoped = scoped_assessments(report.kept, scope, folder)
        report.scope_replaced = replaced_since_scope(report.kept, scope, folder)
        report.screening_ranked = bool(screening_ranked)
        report.language = check_language(language)
        if screening and panel_dir and (Path(panel_dir) / PANEL_FILE).is_file():
            report.panel = json.loads((Path(panel_dir) / PANEL_FILE).read_text(encoding="utf-8"))
        return report

    @classmethod
    def from_frames(
        cls,
        cutoff: date,
        assessments: pd.DataFrame,
        manifest: Mapping,
        *,
        earlier: Mapping[date, pd.DataFrame] | None = None,
        excluded: pd.DataFrame | None = None,
        problems: pd.DataFrame | None = None,
        screening: bool = True,
        panel: dict | None = None,
        language: str = "fi",
    ) -> Self:
        """A report's data from frames in memory (no files read): one cutoff's kept
        ``assessments`` and its ``manifest``, the ``earlier`` cutoffs' assessments;
        every assessment in the screening's scope."""
        data = Processed(
            cutoff,
            assessments,
            pd.DataFrame() if excluded is None else excluded,
            pd.DataFrame() if problems is None else problems,
            dict(manifest),
        )
        report = cls(
            cutoff, data, dict(earlier or {}), load_codebook(), load_themebook(), screening, None, assessments, panel
        )
        report.language = check_language(language)
        return report

    @property
    def kept(self) -> pd.DataFrame:
        return self.data.assessments

    @property
    def n(self) -> int:
        return len(self.kept)

    @property
    def by_cutoff(self) -> dict[date, pd.DataFrame]:
        return {**self.earlier, self.cutoff: self.kept}

    @property
    def synthetic(self) -> bool:
        return bool(self.data.manifest.get("synthetic_data"))

    def sentence(self, key: str, **values: object) -> str:
        """The catalogue's sentence ``key`` (data/sentences/) in the report's language
        (Swedish or English; Finnish only where the entry holds it)."""
        return sentence(key, self.language, **values)

    def label(self, kind: str, key: str) -> str:
        """The form's, the themes' or an area's word by id in the report's language
        (form.translations.label: Finnish from where it lives)."""
        return label(kind, key, self.language, self.codebook)

    def q(self, question_id: str):
        return self.codebook.question(question_id)

    def area_short(self, name: object) -> object:
        """An area's short name (Etelä-Karjala) for the long tables; other text as it is."""
        try:
            return self.codebook.region_by_name(str(name)).short
        except KeyError:
            return name

    @property
    def checked_on(self) -> date | None:
        """The day the listing-status file's Innokylä check was made (its latest date)."""
        value = self.data.manifest.get("listing_status_checked_on")
        return date.fromisoformat(value) if value else None

    @property
    def attached_dated(self) -> bool:
        """The listing-status file gives every attached model its attachment day."""
        return bool(self.data.manifest.get("listing_status_dated"))

    def attached_note(self, count: int | None = None) -> str:
        """What the Innokylä figure is: one check on one day, not a count per cutoff
        (unless the file dates every attachment). With ``count``: the figure itself,
        said as of the check's day."""
        if self.language != "fi":
            return self._attached_note_in(count)
        if self.attached_dated:
            when = f"tarkistuksessa {formatting.date_fi(self.checked_on)}" if self.checked_on else "tarkistuksessa"
            return (
                f"Innokylään liitettyjen määrä on peräisin {when}, jossa kirjattiin kunkin itsearvioinnin "
                "liittämispäivä, joten luku on laskettu kullekin rajapäivälle sen mukaan."
            )
        when = (
            f"Kun asia tarkistettiin {formatting.date_fi(self.checked_on)}"
            if self.checked_on
            else "Kun asia tarkistettiin (tarkistuspäivää ei ole kirjattu)"
        )
        figure = (
            f"{when}, tämän raportin {finnish.digits(self.n, 'itsearviointi', 'elative')} "
            f"{formatting.number(count)} oli liitetty Innokylään. "
            if count is not None
            else ""
        )
        several = len([d for d in self.by_cutoff if d <= self.cutoff]) > 1
        return f"{figure}Liittämisen ajankohtaa ei tiedetä, joten luku ei kuvaa tilannetta rajapäivänä" + (
            " eikä sitä esitetä muutoksena." if several else "."
        )

    def _attached_note_in(self, count: int | None) -> str:
        """:meth:`attached_note` in Swedish or English (data/sentences/title.yaml)."""
        day = self.checked_on
        if self.attached_dated:
            if day:
                return self.sentence("title.attached_dated", day=day)
            return self.sentence("title.attached_dated_undated_check")
        said = []
        if count is not None:
            said.append(
                self.sentence("title.attached_figure", day=day, count=count, n=self.n)
                if day
                else self.sentence("title.attached_figure_undated", count=count, n=self.n)
            )
        several = len([d for d in self.by_cutoff if d <= self.cutoff]) > 1
        said.append(self.sentence("title.attached_when_unknown_several" if several else "title.attached_when_unknown"))
        return " ".join(said)
