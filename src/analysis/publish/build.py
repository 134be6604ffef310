"""Building the reports: clean once, then per cutoff execute the report notebook with
papermill and turn it into one self-contained HTML file with nbconvert.

``reports/<YYYY-MM-DD>/`` receives:

report.html    the report: no code, no prompts, images embedded, nothing loaded
               from the network
report.sv.html the report in Swedish and in English, with ``languages`` (build --lang):
report.en.html the same sections, tables, charts and figures, its words in the language
report.pdf     with ``pdf``: the report printed on A4 by headless Chromium (report.sv.pdf,
               report.en.pdf: each language's)
report.pptx    with ``slides``: THL's slide deck of the same sections (analysis.report.slides),
               its charts and tables native, editable in PowerPoint and LibreOffice
report-slides.pdf  with ``slides`` and ``pdf``: the deck printed by headless LibreOffice
summary.json   every count of the report, from the report's sections (analysis.report.summary)
listaus.csv    the listing of assessed models (UTF-8, ';'), and listaus.xlsx;
listaus.xlsx   cells a spreadsheet would run as a formula are neutralised
               (listaus.sv.csv, .xlsx and listaus.en.csv, .xlsx: the listing in the
               language, from analysis.tables.listing_languages.listing_rows_in)
build.json     cutoff, n, built_at (the build's time), synthetic_data and public
               (read by reports/index.html)

The expert panel's folder is never here: it lives in internal/<YYYY-MM-DD>/arviointi/
(``config.panel_dir``; names, conflicts, scores). Once its scores are collected, THL's
internal report of that cutoff (wherever it is written, ``--out`` too) gains the
section Asiantuntija-arvio and summary.json the block ``panel_review``; the public
report (``public``: no screening) never does. A panel folder an earlier version left
here is moved out by ``analysis.panel.commands.move_out_of_reports`` (the command
line calls it before a build).

Languages: each language is its own run of the notebook (``language`` parameter),
one after another, the next one's kernel started ahead; the first writes
summary.json and every other's must be byte for byte the same (else the build
fails: the figures must not depend on the language). The slide deck is Finnish: only the Finnish run writes it.
Languages built in different runs live together: a build writes the languages it
was asked for and carries over the other languages' files from the folder it
replaces only when that folder's summary.json is byte for byte the new one (the
same data and the same figures); otherwise it leaves them out and says so
(``Built.notes``), so that no folder holds reports of different data.

Each cutoff's folder is written into a staging folder and swapped into place only
when complete: a failing notebook cell leaves no HTML for that cutoff and the
earlier report as it was; the failed notebook is kept as
``reports/<YYYY-MM-DD>.failed.ipynb`` for the analyst to read.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from analysis import config
from analysis.files.outputs import build_time, output_path, staged_dirs, write_file_atomically, write_json, xlsx_bytes
from analysis.ingest.pipeline import Inputs, write_processed
from analysis.language import formatting

# Imported where used, not here: the command line imports this module and then
# starts the kernels, which should boot as early as they can. nbformat alone
# (through jsonschema) takes one to three seconds to import on this machine.
if TYPE_CHECKING:
    from nbformat import NotebookNode

    from analysis.processed.read import Processed
    from analysis.tables.screening import Screening

NOTEBOOK = config.REPO_DIR / "notebooks" / "summary_report.ipynb"
TEMPLATES = config.TEMPLATES_DIR
TEMPLATE_NAME = "rrp_report"
PANEL_JSON = config.PANEL_RESULTS_FILE
PANEL_CELL = "panel-review"  # the notebook's cell of the expert panel's section
LANGUAGES = config.LANGUAGES  # "fi", "sv", "en": the languages a report is built in
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}  # each in its own language (the index's links)
SAID = {"fi": "Finnish", "sv": "Swedish", "en": "English"}  # as the command line's English says them
FINNISH_ONLY = ("report.pptx", "report-slides.pdf")  # the slide deck: made by the Finnish run


def language_file(name: str, language: str) -> str:
    """A report folder's file in ``language``: "report.html" in Finnish,
    "report.sv.html", "listaus.en.xlsx" in Swedish and English."""
    if language not in LANGUAGES:
        raise ValueError(f"a report is built in {', '.join(LANGUAGES)}, not {language!r}")
    if language == "fi":
        return name
    stem, suffix = name.split(".", 1)
    return f"{stem}.{language}.{suffix}"


def language_files(language: str) -> list[str]:
    """The files of a report folder that belong to ``language`` (the slide deck to Finnish)."""
    own = [language_file(n, language) for n in ("report.html", "report.pdf", "listaus.csv", "listaus.xlsx")]
    return own + (list(FINNISH_ONLY) if language == "fi" else [])


def languages_in(folder: Path) -> list[str]:
    """The languages whose report a report folder holds, in LANGUAGES' order."""
    return [language for language in LANGUAGES if (Path(folder) / language_file("report.html", language)).is_file()]


def check_languages(languages: Sequence[str]) -> tuple[str, ...]:
    """``languages`` in LANGUAGES' order (Finnish first), each once; ValueError naming
    the accepted ones for any other."""
    unknown = [language for language in languages if language not in LANGUAGES]
    if unknown or not languages:
        raise ValueError(
            f"unknown language {', '.join(map(repr, unknown)) or '(none given)'}: a report is built in "
            f"{', '.join(LANGUAGES)} (fi Finnish, sv Swedish, en English)"
        )
    return tuple(language for language in LANGUAGES if language in languages)


def page_number_css(language: str) -> str:
    """The printed pages' number as CSS content in ``language``: "Sida " counter(page) " av " counter(pages)."""
    from analysis.language.sentences import sentence

    text = sentence("report.page_number", language, page="\0", pages="\1")
    quoted = ['"' + part.replace('"', "").replace("\\", "") + '"' for part in re.split(r"\x00|\x01", text)]
    return f"{quoted[0]} counter(page) {quoted[1]} counter(pages) {quoted[2]}".replace(' ""', "")


def page_word(key: str, language: str) -> str:
    """A fixed word of the report's page or files in ``language`` (data/sentences/report.yaml)."""
    from analysis.language.sentences import sentence

    return sentence(f"report.{key}", language)


class BuildError(Exception):
    """A cutoff's report could not be built; the message says why."""


@dataclass
class Built:
    cutoff: date
    n: int
    folder: Path
    seconds: float
    languages: tuple[str, ...] = ("fi",)  # the languages this build wrote
    notes: tuple[str, ...] = ()  # what it carried over from the earlier folder, or left out


def html_report(notebook: NotebookNode, title: str, synthetic: bool = False, language: str = "fi") -> str:
    """nbconvert: no code, no prompts, the report template (nothing from the network);
    a ``synthetic`` report's printed pages carry the synthetic notice as a header.
    ``language``: the page's ``<html lang>`` and its fixed words (report.yaml)."""
    for cell in notebook.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.get("metadata", {}).pop("execution", None)
    notebook.metadata["title"] = title
    if language == "fi":
        notebook.metadata["synthetic_header"] = config.SYNTHETIC_HEADER if synthetic else ""
    else:
        notebook.metadata["synthetic_header"] = page_word("synthetic_header", language) if synthetic else ""
    notebook.metadata["skip_link"] = page_word("skip_link", language)
    if language != "fi":  # report.css numbers the printed pages in Finnish
        notebook.metadata["page_number"] = page_number_css(language)
    with _EXPORTER_LOCK:  # one report at a time: the threads share the exporter (and the GIL)
        exporter = _html_exporter()
        exporter.language_code = language
        body, _ = exporter.from_notebook_node(notebook)
    return body


_EXPORTER_LOCK = threading.Lock()


def warm_html_exporter() -> None:
    """Have the exporter compile its templates and import what nbconvert imports at
    its first conversion, on a one-cell notebook: done while the kernels run the
    reports' notebooks, so that the first report's HTML does not wait for it."""
    import nbformat

    with _EXPORTER_LOCK:
        _html_exporter().from_notebook_node(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("-")]))


@functools.cache
def _html_exporter() -> Any:
    """One HTMLExporter for every report of a build: it compiles its templates once
    (a third of a second each time), and keeps nothing of one notebook for the next."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_anchor_links = True  # no "¶" in the headings' names
    exporter.language_code = "fi"
    return exporter


# What a kernel started ahead of its notebook runs first: the report's imports,
# silently and outside the notebook's history.
WARM_UP = "import analysis.report.notebook"


# As nbclient starts the kernels it owns: IPython's history in memory, not in the
# user's SQLite file, which kernels running at the same time would contend for
# (and a report's cells are no part of the analyst's history).
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
CELL_TIMEOUT_S = 900  # one cell of the report notebook; a kernel that stops answering fails the build
QUIET_KERNEL_WARNINGS = ("Kernel is running over TCP without encryption",)
STDERR_DRAIN_S = 5  # at shutdown, the longest wait for the rest of a kernel's stderr


def _pass_on_stderr(stream: IO[bytes]) -> None:
    """Copy a kernel's stderr to ours, without the warnings in QUIET_KERNEL_WARNINGS."""
    import sys

    with stream:
        for line in iter(stream.readline, b""):
            text = line.decode("utf-8", "replace")
            if not any(quiet in text for quiet in QUIET_KERNEL_WARNINGS):
                sys.stderr.write(text)


@functools.cache
def _kernel_manager_class() -> type:
    """jupyter_client's KernelManager that remembers the clients it hands out, so
    that whoever shuts its kernel down can close their sockets and heartbeat
    threads too. nbclient makes its client with ``km.client()`` (public) and, when
    given a kernel manager it does not own, leaves both the kernel and that client
    to the owner: this is how the owner reaches the client. (Defined on first use:
    jupyter_client is imported while the kernels boot, not with this module.)"""
    from jupyter_client.manager import KernelManager

    class ClientTrackingKernelManager(KernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.clients_made: list[Any] = []

        def client(self, **kwargs: Any) -> Any:
            client = super().client(**kwargs)
            self.clients_made.append(client)
            return client

    return ClientTrackingKernelManager


class WarmKernel:
    """A Jupyter kernel started ahead of its notebook: it boots and imports the
    report's packages while this process does other work (cleaning the exports).
    papermill then runs the notebook on it (``km``, passed on to nbclient's
    NotebookClient); the notebook itself is unchanged and its execution counts
    start from 1. The kernel serves one notebook; :meth:`shutdown` ends it and
    closes every client made for it (nbclient's included)."""

    def __init__(self, cwd: Path = NOTEBOOK.parent, kernel_name: str = "python3"):
        self.manager = _kernel_manager_class()(kernel_name=kernel_name)
        self.shutdown_lock = threading.Lock()
        # The kernel's stderr is passed on line by line, except ipykernel's warning
        # "Kernel is running over TCP without encryption": the kernel listens on the
        # loopback interface of this machine only, for this one report, and the
        # warning would only alarm the analyst. Everything else (a crash) still shows.
        # The pipe is ours: its write end goes to the kernel process as Popen's
        # stderr (start_kernel passes Popen's arguments on), its read end to a thread.
        read_end, write_end = os.pipe()
        try:
            self.manager.start_kernel(cwd=str(cwd), stderr=write_end, extra_arguments=KERNEL_ARGUMENTS)
        except BaseException:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)  # the kernel holds its own copy
        self.stderr_thread = threading.Thread(target=_pass_on_stderr, args=(os.fdopen(read_end, "rb"),), daemon=True)
        self.stderr_thread.start()
        client = self.manager.client()
        client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        client.execute(WARM_UP, silent=True, store_history=False)  # no waiting for it
        client.stop_channels()  # at once: left open, it stalls nbclient's client in wait_for_ready

    def shutdown(self) -> None:
        """End the kernel (now) and close the channels of every client made for it;
        return once the kernel's last words on stderr have been passed on. Safe to
        call again and from several threads: a second call waits for the first."""
        with self.shutdown_lock:
            if self.manager.has_kernel:
                self.manager.shutdown_kernel(now=True)
            for client in self.manager.clients_made:
                if client.channels_running:
                    client.stop_channels()
            self.manager.clients_made.clear()
            self.stderr_thread.join(timeout=STDERR_DRAIN_S)

    def shutdown_in_background(self) -> None:
        """Start :meth:`shutdown` in a thread of its own (a later call waits for it)."""
        threading.Thread(target=self.shutdown, name="kernel-shutdown").start()


def screening_at(cutoff: date, screening: Screening, public: bool) -> Screening:
    """The screening a cutoff's report has: none in a public report; no scope date
    when every assessment at the cutoff was returned by then."""
    from analysis.tables.screening import Screening

    if public:
        screening = Screening(False, screening.scope)
    if screening.scope is not None and screening.scope >= cutoff:
        screening = Screening(screening.on, None, screening.ranked)
    return screening


def print_outputs(stage: Path, cutoff: date, pdf: bool, slides: bool, languages: Sequence[str] = ("fi",)) -> None:
    """With ``pdf``, report.pdf (report.sv.pdf, report.en.pdf) printed from each
    language's HTML by headless Chromium; with ``slides``, check the notebook wrote
    report.pptx, and with both print it to report-slides.pdf by LibreOffice."""
    if pdf:
        from analysis.publish.chromium import print_pdf

        for language in languages:
            html, printed = language_file("report.html", language), language_file("report.pdf", language)
            try:
                print_pdf(stage / html, stage / printed)
            except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
                raise BuildError(f"{formatting.date_fi(cutoff)}: printing {printed} failed: {exc}") from exc
    if slides and not (stage / "report.pptx").is_file():
        raise BuildError(f"{formatting.date_fi(cutoff)}: the report notebook wrote no report.pptx")
    if slides and pdf:
        from analysis.publish.libreoffice import convert_to_pdf

        try:
            convert_to_pdf(stage / "report.pptx", stage / "report-slides.pdf")
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"{formatting.date_fi(cutoff)}: printing report-slides.pdf failed: {exc}") from exc


def carry_over(earlier: Path, stage: Path, built: Sequence[str]) -> list[str]:
    """Copy the files of the languages ``earlier`` (the folder being replaced) holds
    and this build did not make into ``stage``, when the earlier summary.json is byte
    for byte the new one (the same data, the same figures); else leave them out.
    Returns a sentence for each language carried over or left out."""
    import shutil

    earlier = Path(earlier)
    others = [language for language in languages_in(earlier) if language not in built]
    if not others:
        return []
    old, new = earlier / "summary.json", stage / "summary.json"
    same = old.is_file() and old.read_bytes() == new.read_bytes()
    notes = []
    for language in others:
        files = [name for name in language_files(language) if (earlier / name).is_file()]
        if same:
            for name in files:
                shutil.copy2(earlier / name, stage / name)
            notes.append(f"kept the earlier {SAID[language]} report ({', '.join(files)}): same figures")
        else:
            notes.append(
                f"left out the earlier {SAID[language]} report ({', '.join(files)}): its figures "
                f"differ from this build's; rebuild it with --lang {language}"
            )
    return notes


def build_cutoff(
    cutoff: date,
    processed_dir: Path,
    report_dir: Path,
    compare_with: Sequence[date] = (),
    notebook: Path = NOTEBOOK,
    kernel: WarmKernel | None = None,
    pdf: bool = False,
    screening: Screening | None = None,
    slides: bool = False,
    public: bool = False,
    internal_dir: Path | None = None,
    languages: Sequence[str] = ("fi",),
) -> Built:
    """Execute the notebook for one cutoff and write its report folder atomically
    (on ``kernel`` if given, else on a kernel of its own); with ``pdf``, also
    report.pdf, printed from the HTML by headless Chromium; with ``slides``,
    report.pptx (and with ``pdf`` report-slides.pdf, printed by LibreOffice).
    ``public``: the report for outside THL (no screening, no panel); else the
    panel's collected results in ``internal_dir`` (default internal/) are shown
    when the screening is. ``languages``: the report in each ("fi", "sv", "en"),
    one run of the notebook each, with one summary.json (the module's docstring)."""
    import copy

    import nbformat

    from analysis.processed.read import load_processed
    from analysis.report.sections.title_and_closing import report_title
    from analysis.tables.screening import Screening

    languages = check_languages(languages)
    if slides and "fi" not in languages:
        raise BuildError(
            f"{formatting.date_fi(cutoff)}: the slide deck is Finnish: build it with fi among the languages"
        )
    started = time.monotonic()
    report_dir = Path(report_dir)
    failed = report_dir.with_name(f"{report_dir.name}.failed.ipynb")
    data = load_processed(cutoff, processed_dir)
    # each next language's kernel boots while this language's notebook runs (one ahead:
    # a kernel holds the report's packages in memory)
    upcoming: list[WarmKernel | None] = [kernel]
    try:
        with staged_dirs([report_dir]) as stages:
            stage = stages[output_path(report_dir)]
            screening = screening_at(cutoff, screening or Screening(), public)
            panel = config.panel_dir(cutoff, internal_dir)
            panel_dir = str(panel) if screening.on and (panel / PANEL_JSON).is_file() else ""
            prepared = report_notebook(nbformat.read(notebook, as_version=4), screening.on, bool(panel_dir))
            # the listings are made while the kernel runs the notebook (this thread mostly
            # waits for it), not after it
            side = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"listing-{cutoff.isoformat()}")
            tables = side.submit(listing_files, data, screening, Path(processed_dir), languages)
            side.shutdown(wait=False)  # the one job runs on; tables.result() waits for it
            synthetic = bool(data.manifest.get("synthetic_data"))
            for at, language in enumerate(languages):
                on = upcoming.pop()
                upcoming.append(WarmKernel() if kernel is not None and at + 1 < len(languages) else None)
                # the first language writes summary.json; every other's must equal it
                summary = stage / ("summary.json" if language == languages[0] else f"summary.{language}.json")
                parameters = {
                    "cutoff": cutoff.isoformat(),
                    "processed_dir": str(Path(processed_dir).resolve()),
                    "compare_with": [d.isoformat() for d in compare_with],
                    "screening": screening.on,
                    "screening_scope": screening.parameter(),
                    "screening_ranked": screening.ranked,
                    "panel_dir": panel_dir,
                    "public": public,
                    # the notebook writes summary.json from the very sections it showed
                    "summary_path": str(summary),
                }
                if slides and language == "fi":  # and the slide deck from the same sections
                    parameters["slides_path"] = str(stage / "report.pptx")
                if language != "fi":
                    parameters["language"] = language
                run_notebook(
                    translated_notebook(copy.deepcopy(prepared), language),
                    stage,
                    parameters,
                    notebook.parent,
                    on,
                    failed,
                    cutoff if language == "fi" else f"{formatting.date_fi(cutoff)} ({SAID[language]})",
                )
                (stage / language_file("report.html", language)).write_text(
                    html_report(
                        nbformat.read(stage / "executed.ipynb", as_version=4),
                        report_title(cutoff, language),
                        synthetic,
                        language,
                    ),
                    encoding="utf-8",
                )
                (stage / "executed.ipynb").unlink()
                (stage / "source.ipynb").unlink()
                if not summary.is_file():
                    raise BuildError(f"{formatting.date_fi(cutoff)}: the report notebook wrote no summary.json")
                if summary.name != "summary.json":
                    same = summary.read_bytes() == (stage / "summary.json").read_bytes()
                    summary.unlink()
                    if not same:
                        raise BuildError(
                            f"{formatting.date_fi(cutoff)}: the {SAID[language]} report's summary.json "
                            f"differs from the {SAID[languages[0]]} one: a section's figures depend on the "
                            "language. No report was written"
                        )
            print_outputs(stage, cutoff, pdf, slides, languages)
            for name, content in tables.result().items():
                (stage / name).write_bytes(content)
            notes = carry_over(report_dir, stage, languages)
            seconds = time.monotonic() - started
            write_json(
                {
                    "cutoff": cutoff.isoformat(),
                    "n": len(data.assessments),
                    "built_at": build_time().isoformat(),
                    "synthetic_data": synthetic,
                    "public": public,
                },
                stage / "build.json",
            )
    finally:
        for unused in upcoming:  # a kernel started ahead of a language not run (a failure)
            if unused is not None and unused is not kernel:
                unused.shutdown_in_background()
    failed.unlink(missing_ok=True)
    return Built(cutoff, len(data.assessments), report_dir, seconds, languages, tuple(notes))


def run_notebook(
    source: NotebookNode,
    stage: Path,
    parameters: dict[str, Any],
    cwd: Path,
    kernel: WarmKernel | None,
    failed: Path,
    what: date | str,
) -> None:
    """papermill: run ``source`` with ``parameters`` into ``stage``/executed.ipynb (on
    ``kernel`` if given, which is shut down after); a failing cell is a BuildError
    naming it (``what``: the cutoff, and the language for other than Finnish), and
    the failed notebook is kept as ``failed``."""
    import nbformat
    import papermill

    said = formatting.date_fi(what) if isinstance(what, date) else what
    source_path, executed = stage / "source.ipynb", stage / "executed.ipynb"
    nbformat.write(source, source_path)
    try:
        papermill.execute_notebook(
            str(source_path),
            str(executed),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(cwd),
            log_output=False,
            # written once, when done (or failed): not after each of its cells
            request_save_on_cell_execute=False,
            execution_timeout=CELL_TIMEOUT_S,
            **({"km": kernel.manager} if kernel is not None else {}),  # nbclient's NotebookClient(km=...)
        )
    except papermill.PapermillExecutionError as exc:
        write_file_atomically(failed, lambda tmp: tmp.write_bytes(executed.read_bytes()))
        raise BuildError(
            f"{said}: the report notebook failed in cell {exc.exec_count} "
            f"({exc.ename}: {exc.evalue}). No report was written; the failed notebook is {failed}"
        ) from exc
    except TimeoutError as exc:  # nbclient's CellTimeoutError
        raise BuildError(
            f"{said}: a cell of the report notebook ran over {CELL_TIMEOUT_S} s (the kernel "
            "stopped answering?). No report was written; rerun the build"
        ) from exc
    finally:
        if kernel is not None:  # done with it: it ends while this thread writes the HTML
            kernel.shutdown_in_background()


def listing_files(
    data: Processed, screening: Screening, processed_dir: Path, languages: Sequence[str] = ("fi",)
) -> dict[str, bytes]:
    """A cutoff's listaus.csv and listaus.xlsx (and listaus.sv.csv, .xlsx … for the
    other ``languages``) by file name: the report's listing, with the screening's cells
    for the assessments in its scope."""
    from analysis.processed.read import scoped_assessments
    from analysis.tables.listing import listing_csv
    from analysis.tables.listing_languages import listing_rows_in

    scoped = scoped_assessments(data.assessments, screening.scope, processed_dir) if screening.on else None
    synthetic = bool(data.manifest.get("synthetic_data"))
    checked = data.manifest.get("listing_status_checked_on")
    checked_on = date.fromisoformat(checked) if checked else None
    files = {}
    for language in check_languages(languages):
        # the synthetic sample says so on the CSV's first line, on the workbook's first
        # sheet (the one it opens on) and in the workbook's document properties
        if language == "fi":
            header, notice_text = config.SYNTHETIC_HEADER, config.SYNTHETIC_NOTICE
            title = f"Arvioidut toimintamallit {formatting.date_fi(data.cutoff)}"
        else:
            from analysis.language.sentences import sentence

            header, notice_text = page_word("synthetic_header", language), page_word("synthetic_notice", language)
            title = sentence("report.listing.title", language, cutoff=data.cutoff)

        def rows(numbers: bool, language: str = language) -> list[list[object]]:
            return listing_rows_in(
                data.assessments, language, screening, scoped, numbers=numbers, checked_on=checked_on
            )

        notice: list[list[object]] = [[notice_text]] if synthetic else []
        files[language_file("listaus.csv", language)] = listing_csv(notice + rows(False))
        files[language_file("listaus.xlsx", language)] = xlsx_bytes(
            ([(page_word("listing.notice_sheet", language), notice)] if synthetic else [])
            + [(page_word("listing.sheet", language), rows(True))],
            datetime.combine(data.cutoff, datetime.min.time()),
            table_header=True,
            hyperlinks=True,
            properties=(
                {
                    "title": f"{title} – {header}",
                    "subject": header,
                    "description": notice_text,
                    "keywords": page_word("listing.keywords", language),
                }
                if synthetic
                else {"title": title}
            ),
        )
    return files


def translated_notebook(notebook: NotebookNode, language: str) -> NotebookNode:
    """The report notebook with its markdown cells in ``language`` ("fi": as it is):
    a cell's ``<a id>`` anchor kept, its numbered heading ("## 3. …") from
    report.data.heading and the rest of its text from data/sentences/notebook.yaml by
    the cell's id. A cell whose text the catalogue lacks, or whose Finnish differs
    from the catalogue's ``fi``, is a BuildError: no Swedish or English report ships
    a Finnish or stale paragraph."""
    if language == "fi":
        return notebook
    from analysis.language.sentences import SentenceError, sentence
    from analysis.report.data import heading

    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        anchor, numbered, rest = markdown_parts(cell.source)
        parts = []
        if anchor:
            parts.append(f'<a id="{anchor}"></a>')
        if numbered:
            if not anchor:
                raise BuildError(f"the notebook's cell {cell.get('id')}: a numbered heading without its <a id> anchor")
            number = numbered.split(" ", 2)[1]
            parts.append(f"## {number} {heading(anchor, language)}")
        if rest:
            key = f"notebook.{cell.get('id')}"
            try:
                finnish = sentence(key, "fi")
            except SentenceError:
                raise BuildError(
                    f"the notebook's cell {cell.get('id')} has no {language} text in data/sentences/notebook.yaml"
                ) from None
            if finnish != rest:
                raise BuildError(
                    f"the notebook's cell {cell.get('id')} is not the Finnish of data/sentences/notebook.yaml: "
                    "update its entry (fi, sv, en)"
                )
            parts.append(sentence(key, language))
        cell.source = "\n\n".join(parts)
    return notebook


def markdown_parts(source: str) -> tuple[str, str, str]:
    """A markdown cell's (anchor id, "## N. heading" line, the rest of its text);
    empty where the cell has none."""
    import re

    found = re.fullmatch(r'(?:<a id="([^"]+)"></a>\s*)?(?:(## \d+\. [^\n]*)\s*)?(.*)', source.strip(), re.S)
    assert found is not None  # the pattern matches any text
    return found.group(1) or "", found.group(2) or "", found.group(3).strip()


def report_notebook(notebook: NotebookNode, screening: bool = True, panel: bool = False) -> NotebookNode:
    """The notebook as run for a report: without the cells tagged "screening" when
    the screening is left out, and the sections ("## 12. …") numbered in order,
    the expert panel's section (its cell ``panel-review``) counted when it is shown."""
    import re

    if not screening:
        notebook.cells = [c for c in notebook.cells if "screening" not in c.get("metadata", {}).get("tags", [])]
    number = 0
    for cell in notebook.cells:
        if cell.get("id") == PANEL_CELL and panel and screening:
            number += 1  # its heading comes from report.data.sections, numbered alike
        if cell.cell_type != "markdown":
            continue

        def renumber(found: re.Match) -> str:
            nonlocal number
            number += 1
            return f"{found.group(1)}{number}. "

        cell.source = re.sub(r"(?m)^(## )\d+\. ", renumber, cell.source)
    return notebook


def comparison_cutoffs(cutoff: date) -> list[date]:
    """The standard cutoffs before ``cutoff``, shown beside it."""
    return [c for c in config.STANDARD_CUTOFFS if c < cutoff]


def build(
    report_dirs: dict[date, Path],
    inputs: Inputs,
    *,
    jobs: int | None = None,
    progress: bool = False,
    kernels: Sequence[WarmKernel] = (),
    pdf: bool = False,
    screening: Screening | None = None,
    slides: bool = False,
    public: bool = False,
    languages: Sequence[str] = ("fi",),
) -> tuple[list[Built], list[str]]:
    """Build each cutoff's report into its folder. Returns what was built and the
    messages of what failed. ``kernels`` are kernels the caller started ahead
    (before reading the exports); they are used first, and shut down. Each report
    in each of ``languages`` (build_cutoff).

    One kernel per report (at most ``jobs`` at once; default all) is started first,
    so that the kernels boot and import while this process cleans the exports once
    for every cutoff needed (each report's and the earlier standard cutoffs it is
    compared with) and writes data/processed/. The notebooks then run on those
    kernels at the same time, driven by threads of this process, which also turns
    each into HTML: papermill and nbconvert are imported once, here."""
    from analysis.tables.screening import Screening

    cutoffs = sorted(report_dirs)
    screening = screening or Screening()
    needed = set(cutoffs) | {c for cutoff in cutoffs for c in comparison_cutoffs(cutoff)}
    if public:
        screening = Screening(False, screening.scope)
    if screening.on and screening.scope is not None:  # the screening's scope: cleaned at its date
        needed |= {screening.scope for cutoff in cutoffs if screening.scope < cutoff}
    processed = config.processed_dir()
    workers = max(1, min(len(cutoffs), jobs or len(cutoffs)))
    kernels = [*kernels, *(WarmKernel() for _ in range(workers - len(kernels)))]
    built: list[Built] = []
    failures: list[str] = []
    bar = None
    try:
        import nbconvert  # noqa: F401 - imported while the kernels boot
        import papermill  # noqa: F401

        write_processed(inputs, [inputs.clean(c) for c in sorted(needed)], processed)
        threading.Thread(target=warm_html_exporter, name="warm-html-exporter", daemon=True).start()
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(cutoffs), desc="Building reports", unit="cutoff")
        free = list(kernels)
        lock = threading.Lock()

        def job(cutoff: date) -> Built:
            with lock:
                kernel = free.pop() if free else WarmKernel()
                if kernel not in kernels:
                    kernels.append(kernel)
            try:
                return build_cutoff(
                    cutoff,
                    processed,
                    Path(report_dirs[cutoff]),
                    comparison_cutoffs(cutoff),
                    kernel=kernel,
                    pdf=pdf,
                    screening=screening,
                    slides=slides,
                    public=public,
                    languages=languages,
                )
            finally:
                kernel.shutdown()  # a notebook's kernel serves that notebook only

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(job, c) for c in cutoffs]:
                try:
                    built.append(future.result())
                except BuildError as exc:
                    failures.append(str(exc))
                if bar:
                    bar.update()
    finally:
        for kernel in kernels:
            kernel.shutdown()
        if bar:
            bar.close()
    built.sort(key=lambda b: b.cutoff)
    return built, failures
