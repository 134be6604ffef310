"""Command line: ``python -m analysis <command>``.

validate     read exports and say, in plain words, what was found; writes nothing
clean        read exports, apply the cleaning rules at each cutoff, write data/processed/
build        build the HTML reports (--cutoff DATE or --all)
themes       review the theme coding: answers per theme with the words that fired
sample-data  write the synthetic sample export into data/raw/
review-pack  the expert panel's review cards, scoring workbooks and assignment
review-collect  the panel's filled workbooks back: problems, agreement, final ranking
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import config
from analysis.cli.text import (
    describe_inputs,
    describe_os_error,
    describe_outcome,
    describe_problems,
    parse_date,
    parse_scope,
    print_built,
)
from analysis.files.outputs import OutputError
from analysis.ingest.pipeline import InputError, Inputs, default_hand_kept_paths, load_inputs, write_processed
from analysis.language import formatting

if TYPE_CHECKING:
    from analysis.tables.screening import Screening

# Exit codes (README, "Commands"):
EXIT_OK = 0
EXIT_UNUSABLE = 1  # the exports or an output location cannot be used, or a report failed
EXIT_USAGE = 2  # the command line is wrong (argparse's own code)
EXIT_ENVIRONMENT = 3  # a folder cannot be read or written (permissions, disk full, a file in the way)
EXIT_INTERNAL = 4  # a fault in this program: run again with --debug and report the trace
EXIT_INTERRUPTED = 130


def _hand_kept_paths(args: argparse.Namespace) -> tuple[Path | None, Path | None, Path | None]:
    """The exclusions, listing-status and theme-codes files: as given, else
    data/raw/'s if present."""
    default_exclusions, default_listing, default_theme_codes = default_hand_kept_paths()
    exclusions = None if args.no_exclusions else (args.exclusions or default_exclusions)
    return exclusions, args.listing_status or default_listing, args.theme_codes or default_theme_codes


def _load(args: argparse.Namespace, paths, *, after: str, progress: bool = False) -> Inputs | None:
    """The inputs, or None after printing each whole-file problem and ``after``."""
    try:
        return load_inputs(paths or None, *_hand_kept_paths(args), progress=progress)
    except InputError as exc:
        for failure in exc.failures:
            print(f"CANNOT USE {failure}", file=sys.stderr)
        print(after, file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    inputs = _load(args, args.paths, after="The exports cannot be used. Nothing was written.")
    if inputs is None:
        return EXIT_UNUSABLE
    cleaned = inputs.clean(args.cutoff)
    lines = describe_inputs(inputs)
    lines += [""] + describe_outcome(cleaned)
    lines += [""] + describe_problems(list(inputs.ingested.problems) + cleaned.problems, args.max_problems)
    lines += ["", "The exports can be used." + (" (SYNTHETIC sample data)" if inputs.synthetic else "")]
    print("\n".join(lines))
    return EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    cutoffs = args.cutoff or list(config.STANDARD_CUTOFFS)
    inputs = _load(args, args.paths, after="Nothing was written; earlier outputs are as they were.", progress=True)
    if inputs is None:
        return EXIT_UNUSABLE
    cleaned_list = [inputs.clean(c) for c in cutoffs]
    written = write_processed(inputs, cleaned_list, args.out)  # OSError, OutputError: see main()
    for cleaned, folder in zip(cleaned_list, written):
        acc = cleaned.accounting()
        print(
            f"{formatting.date_fi(cleaned.at_cutoff)}: {acc['kept']} kept, "
            f"{sum(acc['excluded'].values())} excluded of {acc['raw_rows']} raw rows -> {folder}"
        )
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from analysis.publish.build import WarmKernel, build
    from analysis.publish.index_page import write_index
    from analysis.tables.screening import Screening

    if args.prune:
        if args.all or args.cutoff:
            print(
                "--prune removes reports and builds none: give it alone (with --yes to skip the question)",
                file=sys.stderr,
            )
            return 2
        return prune_reports(args.out, assume_yes=args.yes)
    refused = _refuse_build(args)
    if refused is not None:
        return refused
    started = time.monotonic()
    # the kernels boot and import while the exports are read
    count = len(config.STANDARD_CUTOFFS) if args.all else 1
    kernels = [WarmKernel() for _ in range(min(count, args.jobs or count))]
    inputs = _load(args, args.raw, after="Nothing was built; earlier reports are as they were.", progress=True)
    if inputs is None:
        for kernel in kernels:
            kernel.shutdown()
        return EXIT_UNUSABLE
    if args.all:
        root = args.out or config.reports_dir()
        report_dirs = {c: root / c.isoformat() for c in config.STANDARD_CUTOFFS}
    else:
        report_dirs = {args.cutoff: args.out or config.reports_dir() / args.cutoff.isoformat()}
    screening = Screening(
        on=not (args.no_screening or args.public), scope=args.screening_scope, ranked=args.ranked_list
    )
    _say_where_the_panel_is(report_dirs, screening, args.public)
    built, failures = build(
        report_dirs,
        inputs,
        jobs=args.jobs,
        progress=True,
        kernels=kernels,
        pdf=args.pdf,
        screening=screening,
        slides=args.slides,
        public=args.public,
        languages=args.languages,
    )
    # the index lists the reports of one folder: reports/ (or --out with --all)
    index = None
    if args.all:
        index = write_index(args.out)
    elif args.out is None:
        index = write_index()
    print_built(built, index, failures)
    note = " (SYNTHETIC sample data)" if inputs.synthetic else ""
    print(f"Built {len(built)} of {len(report_dirs)} report(s) in {time.monotonic() - started:.1f} s{note}.")
    return EXIT_OK if not failures else EXIT_UNUSABLE


def _say_where_the_panel_is(report_dirs: dict, screening: Screening, public: bool) -> None:
    """Move any panel folder out of reports/ (reviewers' names never beside a
    published report), and say per cutoff whether its collected results are in."""
    from analysis.panel.commands import move_out_of_reports

    for moved in move_out_of_reports(config.reports_dir()):
        print(moved)
    for cutoff in sorted(report_dirs):
        panel = config.panel_dir(cutoff) / config.PANEL_RESULTS_FILE
        if not panel.is_file():
            continue
        if screening.on:
            said = f"THL's internal report, with the expert panel's results from {panel.parent}"
        else:
            why = "a public report" if public else "no screening (--no-screening)"
            said = f"the expert panel's results ({panel.parent}) are left out: {why}"
        print(f"{formatting.date_fi(cutoff)}: {said}")


def _refuse_build(args: argparse.Namespace) -> int | None:
    """The exit code when ``build``'s arguments cannot build (else None)."""
    if args.all == bool(args.cutoff):
        print("give either --cutoff DATE or --all (or --prune)", file=sys.stderr)
        return 2
    from analysis.publish.build import check_languages

    asked = [part.strip() for given in args.lang or ["fi"] for part in given.split(",") if part.strip()]
    try:
        args.languages = check_languages(asked)
    except ValueError as exc:
        print(f"--lang: {exc}. Nothing was built.", file=sys.stderr)
        return 2
    if args.slides and "fi" not in args.languages:
        print(
            "--slides: the slide deck is Finnish: give fi among --lang (e.g. --lang fi,sv). Nothing was built.",
            file=sys.stderr,
        )
        return 2
    if args.pdf:
        from analysis.publish.chromium import BrowserMissing, require_chromium

        try:
            require_chromium()
        except BrowserMissing as exc:
            print(f"--pdf needs headless Chromium: {exc}. Nothing was built.", file=sys.stderr)
            return EXIT_ENVIRONMENT
    if args.pdf and args.slides:
        from analysis.publish.libreoffice import OfficeMissing, require_soffice

        try:
            require_soffice()
        except OfficeMissing as exc:
            print(f"--pdf with --slides needs LibreOffice: {exc}. Nothing was built.", file=sys.stderr)
            return EXIT_ENVIRONMENT
    return None


def prune_reports(reports_dir: Path | None = None, assume_yes: bool = False) -> int:
    """Remove the report folders of ad-hoc cutoffs (not 30.6., 31.10. or 31.12.2025)
    from reports/ and its index, after asking (or with ``assume_yes``)."""
    from analysis.files.outputs import remove_dirs
    from analysis.publish.index_page import ad_hoc_reports, write_index

    reports_dir = Path(reports_dir or config.reports_dir())
    folders = ad_hoc_reports(reports_dir)
    if not folders:
        print(f"No reports of other cutoffs than the three standard ones in {reports_dir}; nothing to remove.")
        return EXIT_OK
    print(f"Reports of ad-hoc cutoffs in {reports_dir}:")
    for folder in folders:
        print(f"  {folder}")
    if not assume_yes:
        if not sys.stdin.isatty():
            print("Not removed: add --yes to remove them without asking.", file=sys.stderr)
            return 2
        answer = input(f"Remove these {len(folders)} report folder(s) and their lines in the index? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "k", "kyllä"):
            print("Nothing was removed.")
            return EXIT_OK
    remove_dirs(reports_dir, folders)
    write_index(reports_dir)
    print(f"Removed {len(folders)} report folder(s); the index lists the rest.")
    return EXIT_OK


def cmd_themes(args: argparse.Namespace) -> int:
    from analysis.themes.coder import answers_for
    from analysis.themes.rules import load_themebook

    inputs = _load(args, args.paths, after="The themes cannot be listed.")
    if inputs is None:
        return EXIT_UNUSABLE
    book = load_themebook()
    kept = inputs.clean(args.cutoff).assessments
    when = f"at the cutoff {formatting.date_fi(args.cutoff)}" if args.cutoff else "with no cutoff"
    if args.review:
        return _print_review(kept, when)
    if not args.theme:
        print(f"Themes of the open answers, {len(kept)} assessments {when}:")
        for theme in book.themes:
            count = int(kept[theme.column].fillna(False).sum())
            print(f"  {count:>4}  {theme.id:<18} {theme.name}")
        print("\nList one theme's answers with the words that fired: --theme ID (e.g. --theme digital)")
        return EXIT_OK
    try:
        theme = book.theme(args.theme)
    except KeyError:
        ids = ", ".join(t.id for t in book.themes)
        print(f"unknown theme {args.theme!r}; one of: {ids}", file=sys.stderr)
        return 2
    rows = answers_for(kept, theme.id, book)
    print(f"{theme.name}: {len(rows)} of {len(kept)} assessments {when}\n")
    for row in rows.itertuples():
        print(f"[{row.response_id}] {row.model_name} ({row.region})")
        print(f"  vastaus: {row.key_results}")
        print(f"  osumat:  {row.evidence}\n")
    return EXIT_OK


def _print_review(kept, when: str) -> int:
    from analysis.themes.checking import check_queue

    queue = check_queue(kept)
    flagged = queue[queue["review"].notna()]
    print(f"{len(flagged)} of {len(queue)} answers {when} are flagged for review.\n")
    for row in flagged.itertuples():
        print(f"[{row.response_id}] {row.model_name} ({row.region}), kieli {row.language}")
        print(f"  syy:     {row.review}")
        print(f"  teemat:  {row.themes or '-'}")
        print(f"  vastaus: {row.answer}")
        print(f"  osumat:  {row.evidence or '-'}\n")
    print(
        "Record a decision in data/raw/theme_codes.csv (response_id;theme;code, 1 = the theme is there, "
        "0 = it is not), or with record_checks() in the exploration notebook; `make data` applies it."
    )
    return EXIT_OK


def cmd_sample_data(args: argparse.Namespace) -> int:
    from analysis.synthetic.sample_files import SampleConflict, write_sample

    try:
        written, unchanged = write_sample(args.out, force=args.force)
    except SampleConflict as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    for path in written:
        print(f"wrote {path}")
    for path in unchanged:
        print(f"unchanged (already the same bytes) {path}")
    print("The sample is SYNTHETIC: made-up assessments that reproduce THL's published figures.")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="RRP operating-model self-assessments: from Webropol exports to summaries.",
    )
    parser.add_argument("--debug", action="store_true", help="show Python's trace of an error")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show Python's trace of an error"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_inputs(p: argparse.ArgumentParser, positional: bool = True) -> None:
        if positional:
            p.add_argument(
                "paths",
                nargs="*",
                type=Path,
                metavar="PATH",
                help="export files (.xlsx, .csv) or folders of them (default: data/raw/)",
            )
        group = p.add_mutually_exclusive_group()
        group.add_argument(
            "--exclusions",
            type=Path,
            metavar="FILE",
            help=f"hand-kept exclusions CSV (default: data/raw/{config.EXCLUSIONS_FILE_NAME} if present)",
        )
        group.add_argument("--no-exclusions", action="store_true", help="apply no exclusions file")
        p.add_argument(
            "--theme-codes",
            type=Path,
            metavar="FILE",
            help=f"hand-reviewed theme codes CSV (default: data/raw/{config.THEME_CODES_FILE_NAME} if present)",
        )
        p.add_argument(
            "--listing-status",
            type=Path,
            metavar="FILE",
            help=(
                "hand-kept Innokylä listing status CSV "
                f"(default: data/raw/{config.LISTING_STATUS_FILE_NAME} if present)"
            ),
        )

    validate = commands.add_parser(
        parents=[common],
        name="validate",
        help="check exports and report what was found; writes nothing",
        description="Read exports and report rows, columns, exclusions and every problem "
        "with its file, row and column. Exit 0 when the files can be used.",
    )
    add_inputs(validate)
    validate.add_argument(
        "--cutoff",
        type=parse_date,
        metavar="DATE",
        help="count exclusions at this cutoff (default: none, every submission counts)",
    )
    validate.add_argument(
        "--max-problems", type=int, default=100, metavar="N", help="list at most N problems (default 100)"
    )
    validate.set_defaults(func=cmd_validate)

    clean_cmd = commands.add_parser(
        parents=[common],
        name="clean",
        help="clean exports into data/processed/<cutoff>/",
        description="Apply the cleaning rules at each cutoff and write data/processed/<YYYY-MM-DD>/.",
    )
    add_inputs(clean_cmd)
    clean_cmd.add_argument(
        "--cutoff",
        type=parse_date,
        action="append",
        metavar="DATE",
        help="a cutoff (repeatable; default: 30.6.2025, 31.10.2025 and 31.12.2025)",
    )
    clean_cmd.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: data/processed/)")
    clean_cmd.set_defaults(func=cmd_clean)

    build_cmd = commands.add_parser(
        parents=[common],
        name="build",
        help="clean the exports and build HTML reports (one cutoff, or --all)",
        description="Clean the exports, then execute the report notebook with papermill and "
        "convert it with nbconvert into reports/<YYYY-MM-DD>/ (report.html, summary.json, "
        "listaus.csv, listaus.xlsx).",
    )
    add_inputs(build_cmd, positional=False)
    build_cmd.add_argument("--cutoff", type=parse_date, metavar="DATE", help="build this cutoff")
    build_cmd.add_argument(
        "--all", action="store_true", help="build 30.6., 31.10. and 31.12.2025 in parallel, and reports/index.html"
    )
    build_cmd.add_argument(
        "--raw", nargs="+", type=Path, metavar="PATH", help="export files or folders (default: data/raw/)"
    )
    build_cmd.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="report folder (default reports/<cutoff>/; with --all the folder holding them)",
    )
    build_cmd.add_argument(
        "--jobs", type=int, metavar="N", help="reports built at once, each on its own kernel (default: all)"
    )
    build_cmd.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to report.pdf (A4) with headless Chromium (with --slides, and the "
        "deck to report-slides.pdf with LibreOffice)",
    )
    build_cmd.add_argument(
        "--slides",
        action="store_true",
        help="also write each report as THL's slide deck report.pptx (16:9, charts and tables editable "
        "in PowerPoint and LibreOffice)",
    )
    build_cmd.add_argument(
        "--lang",
        action="append",
        metavar="fi|sv|en",
        help="the report's language: fi (default), sv or en; several comma-separated or repeated "
        "(--lang fi,sv,en): report.html in Finnish, report.sv.html and report.en.html beside it, with "
        "listaus.sv.csv/.xlsx and listaus.en.csv/.xlsx; one summary.json for all (the slide deck is Finnish)",
    )
    build_cmd.add_argument(
        "--prune",
        action="store_true",
        help="remove the reports of ad-hoc cutoffs (other than 30.6., 31.10. and 31.12.2025) "
        "from reports/ and the index, after asking",
    )
    build_cmd.add_argument("--yes", action="store_true", help="with --prune: remove without asking")
    build_cmd.add_argument(
        "--no-screening",
        action="store_true",
        help="leave the criteria screening (section 11), and with it the expert panel, out of the report, "
        "the listings and summary.json (a report for outside THL: --public)",
    )
    build_cmd.add_argument(
        "--public",
        action="store_true",
        help="the report for outside THL: no criteria screening, no expert panel, no screening or panel "
        "figures in summary.json and the listings; the report and the index say it is public",
    )
    build_cmd.add_argument(
        "--screening-scope",
        type=parse_scope,
        default=config.COMPETITION_CUTOFF,
        metavar="DATE|all",
        help="screen only the assessments returned by DATE (default 2025-06-30, as the "
        "ministry's competition), or all assessments at the cutoff",
    )
    build_cmd.add_argument(
        "--ranked-list",
        action="store_true",
        help="section 11 also lists the models passing stage 1 by their criteria score (for the "
        "analyst's own use; by default the report names no model in a ranked list)",
    )
    build_cmd.set_defaults(func=cmd_build)

    themes = commands.add_parser(
        parents=[common],
        name="themes",
        help="list the answers coded to a theme, with the words that fired",
        description="Review the automatic theme coding: counts per theme, one theme's "
        "answers with the words and rules that assigned it, or (--review) every answer the coder "
        "is unsure of, flagged answers first. Record decisions in theme_codes.csv "
        "(response_id;theme;code), by hand or from the exploration notebook.",
    )
    add_inputs(themes)
    themes.add_argument("--theme", metavar="ID", help="a theme id or Finnish name (default: counts of all)")
    themes.add_argument(
        "--review",
        action="store_true",
        help="list the answers flagged for review, with the reason and the words that fired",
    )
    themes.add_argument(
        "--cutoff",
        type=parse_date,
        metavar="DATE",
        help="only the assessments counted at this cutoff (default: every submission)",
    )
    themes.set_defaults(func=cmd_themes)

    sample = commands.add_parser(
        parents=[common],
        name="sample-data",
        help="write the bundled synthetic sample export into data/raw/",
        description="Generate the synthetic, seeded sample export (same bytes every time), "
        "its exclusions and listing-status files, and the intended theme codes.",
    )
    sample.add_argument("--out", type=Path, metavar="DIR", help="folder to write into (default: data/raw/)")
    sample.add_argument("--force", action="store_true", help="overwrite files that differ from the sample")
    sample.set_defaults(func=cmd_sample_data)

    from analysis.cli.panel import add_commands

    add_commands(commands, common, parse_date)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("Interrupted. Earlier outputs are as they were.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OutputError as exc:  # an output location refused (data/raw/, a file in the way)
        if debug:
            raise
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        if debug:
            raise
        print(describe_os_error(exc), file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as exc:  # a fault of this program, not of the input: say so plainly
        if debug:
            raise
        print(
            f"Internal error ({type(exc).__name__}: {str(exc)[:300]}). Earlier outputs are as they were. "
            "Run the command again with --debug to see where, and report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
