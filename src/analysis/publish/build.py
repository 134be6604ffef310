"""Building the reports: clean once, then per cutoff execute the report notebook with
papermill and turn it into one self-contained HTML file with nbconvert.

``reports/<YYYY-MM-DD>/`` receives:

report.html    the report: no code, no prompts, images embedded, nothing loaded
               from the network
report.pdf     with ``pdf``: the report printed on A4 by headless Chromium
report.pptx    with ``slides``: THL's slide deck of the same sections (analysis.report.slides),
               its charts and tables native, editable in PowerPoint and LibreOffice
report-slides.pdf  with ``slides`` and ``pdf``: the deck printed by headless LibreOffice
summary.json   every count of the report, from the report's sections (analysis.report.summary)
listaus.csv    the listing of assessed models (UTF-8, ';'), and listaus.xlsx;
listaus.xlsx   cells a spreadsheet would run as a formula are neutralised
build.json     cutoff, n, built_at (the build's time), synthetic_data and public
               (read by reports/index.html)

The expert panel's folder is never here: it lives in internal/<YYYY-MM-DD>/arviointi/
(``config.panel_dir``; names, conflicts, scores). Once its scores are collected, THL's
internal report of that cutoff (wherever it is written, ``--out`` too) gains the
section Asiantuntija-arvio and summary.json the block ``panel_review``; the public
report (``public``: no screening) never does. A panel folder an earlier version left
here is moved out by ``analysis.panel.commands.move_out_of_reports`` (the command
line calls it before a build).

Each cutoff's folder is written into a staging folder and swapped into place only
when complete: a failing notebook cell leaves no HTML for that cutoff and the
earlier report as it was; the failed notebook is kept as
``reports/<YYYY-MM-DD>.failed.ipynb`` for the analyst to read.
"""

from __future__ import annotations

import functools
import os
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


class BuildError(Exception):
    """A cutoff's report could not be built; the message says why."""


@dataclass
class Built:
    cutoff: date
    n: int
    folder: Path
    seconds: float


def html_report(notebook: NotebookNode, title: str, synthetic: bool = False) -> str:
    """nbconvert: no code, no prompts, the report template (nothing from the network);
    a ``synthetic`` report's printed pages carry the synthetic notice as a header."""
    for cell in notebook.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.get("metadata", {}).pop("execution", None)
    notebook.metadata["title"] = title
    notebook.metadata["synthetic_header"] = config.SYNTHETIC_HEADER if synthetic else ""
    with _EXPORTER_LOCK:  # one report at a time: the threads share the exporter (and the GIL)
        body, _ = _html_exporter().from_notebook_node(notebook)
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


def print_outputs(stage: Path, cutoff: date, pdf: bool, slides: bool) -> None:
    """With ``pdf``, report.pdf printed from the HTML by headless Chromium; with
    ``slides``, check the notebook wrote report.pptx, and with both print it to
    report-slides.pdf by LibreOffice."""
    if pdf:
        from analysis.publish.chromium import print_pdf

        try:
            print_pdf(stage / "report.html", stage / "report.pdf")
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"{formatting.date_fi(cutoff)}: printing report.pdf failed: {exc}") from exc
    if slides and not (stage / "report.pptx").is_file():
        raise BuildError(f"{formatting.date_fi(cutoff)}: the report notebook wrote no report.pptx")
    if slides and pdf:
        from analysis.publish.libreoffice import convert_to_pdf

        try:
            convert_to_pdf(stage / "report.pptx", stage / "report-slides.pdf")
        except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
            raise BuildError(f"{formatting.date_fi(cutoff)}: printing report-slides.pdf failed: {exc}") from exc


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
) -> Built:
    """Execute the notebook for one cutoff and write its report folder atomically
    (on ``kernel`` if given, else on a kernel of its own); with ``pdf``, also
    report.pdf, printed from the HTML by headless Chromium; with ``slides``,
    report.pptx (and with ``pdf`` report-slides.pdf, printed by LibreOffice).
    ``public``: the report for outside THL (no screening, no panel); else the
    panel's collected results in ``internal_dir`` (default internal/) are shown
    when the screening is."""
    import nbformat
    import papermill

    from analysis.processed.read import load_processed
    from analysis.tables.screening import Screening

    started = time.monotonic()
    report_dir = Path(report_dir)
    failed = report_dir.with_name(f"{report_dir.name}.failed.ipynb")
    data = load_processed(cutoff, processed_dir)
    with staged_dirs([report_dir]) as stages:
        stage = stages[output_path(report_dir)]
        executed = stage / "executed.ipynb"
        screening = screening_at(cutoff, screening or Screening(), public)
        panel = config.panel_dir(cutoff, internal_dir)
        panel_dir = str(panel) if screening.on and (panel / PANEL_JSON).is_file() else ""
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
            "summary_path": str(stage / "summary.json"),
        }
        if slides:  # and the slide deck from the same sections
            parameters["slides_path"] = str(stage / "report.pptx")
        source = stage / "source.ipynb"
        nbformat.write(report_notebook(nbformat.read(notebook, as_version=4), screening.on, bool(panel_dir)), source)
        # the listings are made while the kernel runs the notebook (this thread mostly
        # waits for it), not after it
        side = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"listing-{cutoff.isoformat()}")
        tables = side.submit(listing_files, data, screening, Path(processed_dir))
        side.shutdown(wait=False)  # the one job runs on; tables.result() waits for it
        try:
            papermill.execute_notebook(
                str(source),
                str(executed),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                cwd=str(notebook.parent),
                log_output=False,
                # written once, when done (or failed): not after each of its cells
                request_save_on_cell_execute=False,
                execution_timeout=CELL_TIMEOUT_S,
                **({"km": kernel.manager} if kernel is not None else {}),  # nbclient's NotebookClient(km=...)
            )
        except papermill.PapermillExecutionError as exc:
            write_file_atomically(failed, lambda tmp: tmp.write_bytes(executed.read_bytes()))
            raise BuildError(
                f"{formatting.date_fi(cutoff)}: the report notebook failed in cell {exc.exec_count} "
                f"({exc.ename}: {exc.evalue}). No report was written; the failed notebook is {failed}"
            ) from exc
        except TimeoutError as exc:  # nbclient's CellTimeoutError
            raise BuildError(
                f"{formatting.date_fi(cutoff)}: a cell of the report notebook ran over {CELL_TIMEOUT_S} s (the kernel "
                "stopped answering?). No report was written; rerun the build"
            ) from exc
        finally:
            if kernel is not None:  # done with it: it ends while this thread writes the HTML
                kernel.shutdown_in_background()
        title = formatting.report_title(cutoff)
        (stage / "report.html").write_text(
            html_report(nbformat.read(executed, as_version=4), title, bool(data.manifest.get("synthetic_data"))),
            encoding="utf-8",
        )
        print_outputs(stage, cutoff, pdf, slides)
        executed.unlink()
        source.unlink()
        listing_csv_bytes, listing_xlsx_bytes = tables.result()
        if not (stage / "summary.json").is_file():
            raise BuildError(f"{formatting.date_fi(cutoff)}: the report notebook wrote no summary.json")
        (stage / "listaus.csv").write_bytes(listing_csv_bytes)
        (stage / "listaus.xlsx").write_bytes(listing_xlsx_bytes)
        seconds = time.monotonic() - started
        write_json(
            {
                "cutoff": cutoff.isoformat(),
                "n": len(data.assessments),
                "built_at": build_time().isoformat(),
                "synthetic_data": bool(data.manifest.get("synthetic_data")),
                "public": public,
            },
            stage / "build.json",
        )
    failed.unlink(missing_ok=True)
    return Built(cutoff, len(data.assessments), report_dir, seconds)


def listing_files(data: Processed, screening: Screening, processed_dir: Path) -> tuple[bytes, bytes]:
    """A cutoff's listaus.csv and listaus.xlsx: the report's listing, with the
    screening's cells for the assessments in its scope."""
    from analysis.processed.read import scoped_assessments
    from analysis.tables.listing import listing_csv, listing_rows

    scoped = scoped_assessments(data.assessments, screening.scope, processed_dir) if screening.on else None
    synthetic = bool(data.manifest.get("synthetic_data"))
    # the synthetic sample says so on the CSV's first line, on the workbook's first
    # sheet (the one it opens on) and in the workbook's document properties
    notice: list[list[object]] = [[config.SYNTHETIC_NOTICE]] if synthetic else []
    checked = data.manifest.get("listing_status_checked_on")
    checked_on = date.fromisoformat(checked) if checked else None
    listing = listing_csv(notice + listing_rows(data.assessments, screening, scoped, checked_on=checked_on))
    title = f"Arvioidut toimintamallit {formatting.date_fi(data.cutoff)}"
    workbook = xlsx_bytes(
        ([("Huomio", notice)] if synthetic else [])
        + [("Toimintamallit", listing_rows(data.assessments, screening, scoped, numbers=True, checked_on=checked_on))],
        datetime.combine(data.cutoff, datetime.min.time()),
        table_header=True,
        hyperlinks=True,
        properties=(
            {
                "title": f"{title} – {config.SYNTHETIC_HEADER}",
                "subject": config.SYNTHETIC_HEADER,
                "description": config.SYNTHETIC_NOTICE,
                "keywords": "synteettinen esimerkkiaineisto",
            }
            if synthetic
            else {"title": title}
        ),
    )
    return listing, workbook


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
) -> tuple[list[Built], list[str]]:
    """Build each cutoff's report into its folder. Returns what was built and the
    messages of what failed. ``kernels`` are kernels the caller started ahead
    (before reading the exports); they are used first, and shut down.

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
