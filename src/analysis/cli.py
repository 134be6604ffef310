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
import errno
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import config
from .cleaning import REASON_LABELS_FI, REASONS, Cleaned
from .ingest import Problem
from .pipeline import InputError, Inputs, default_hand_kept_paths, load_inputs, write_processed
from .storage import OutputError

# Exit codes (README, "Commands"):
EXIT_OK = 0
EXIT_UNUSABLE = 1  # the exports or an output location cannot be used, or a report failed
EXIT_USAGE = 2  # the command line is wrong (argparse's own code)
EXIT_ENVIRONMENT = 3  # a folder cannot be read or written (permissions, disk full, a file in the way)
EXIT_INTERNAL = 4  # a fault in this program: run again with --debug and report the trace
EXIT_INTERRUPTED = 130


def parse_date(text: str) -> date:
    """A cutoff as ISO (2025-12-31) or the Finnish way (31.12.2025)."""
    text = text.strip()
    finnish = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if finnish:
            day, month, year = map(int, finnish.groups())
            parsed = date(year, month, day)
        else:
            parsed = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write 2025-12-31 or 31.12.2025"
        ) from None
    if not config.FORM_PUBLISHED <= parsed <= config.LAST_CUTOFF:
        raise argparse.ArgumentTypeError(
            f"{finnish_date(parsed)} is outside the dates a cutoff can have: the form was published "
            f"on {finnish_date(config.FORM_PUBLISHED)}, and the last cutoff allowed is {finnish_date(config.LAST_CUTOFF)}"
        )
    return parsed


def finnish_date(d: date) -> str:
    return f"{d.day}.{d.month}.{d.year}"


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


def describe_inputs(inputs: Inputs) -> list[str]:
    lines = [f"Read {len(inputs.ingested.files)} export file(s)."]
    for f in inputs.ingested.files:
        lines.append("")
        lines.append(f"{f.path} ({f.description})")
        header = f"{f.header_rows} row{'s' if f.header_rows > 1 else ''}"
        blank = f"; {f.blank_rows} blank row(s) skipped" if f.blank_rows else ""
        lines.append(f"  rows read: {f.rows} (header: {header}{blank})")
        lines.append(f"  columns mapped: {len(f.mapped)}")
        if f.personal_data_dropped:
            lines.append(f"  personal-data columns dropped at the door: {len(f.personal_data_dropped)}")
        if f.unrecognised:
            names = ", ".join(repr(u) for u in f.unrecognised)
            lines.append(f"  columns not recognised ({len(f.unrecognised)}, ignored): {names}")
        else:
            lines.append("  columns not recognised: none")
        if f.not_in_file:
            names = ", ".join(repr(u) for u in f.not_in_file)
            lines.append(f"  form columns not in this file (answers left empty): {names}")
    lines.append("")
    if inputs.exclusions.path:
        lines.append(
            f"Exclusions file {inputs.exclusions.path}: {len(inputs.exclusions.reasons)} response(s) listed"
        )
    if inputs.listing.path:
        attached = sum(inputs.listing.attached.values())
        checked = f", checked {finnish_date(inputs.listing.checked_on)}" if inputs.listing.checked_on else ""
        lines.append(
            f"Listing status {inputs.listing.path}: {len(inputs.listing.attached)} link(s), "
            f"{attached} attached to Innokylä{checked}"
        )
    if inputs.reviewed.path:
        o = inputs.overrides
        lines.append(
            f"Theme codes {inputs.reviewed.path}: {o.given} reviewed code(s) applied, "
            f"{o.changed} of them overriding the automatic code"
            + (f"; {o.unmatched} for response ids in no export" if o.unmatched else "")
        )
    else:
        lines.append(
            "Themes: coded automatically (rules in src/analysis/data/themes.yaml); "
            f"no reviewed codes (data/raw/{config.THEME_CODES_FILE_NAME})"
        )
    if inputs.synthetic:
        lines += ["", "NOTE: this is the bundled SYNTHETIC sample, not real assessments."]
    return lines


def describe_outcome(cleaned: Cleaned) -> list[str]:
    when = f"at the cutoff {finnish_date(cleaned.cutoff)}" if cleaned.cutoff else "with no cutoff (every submission)"
    accounting = cleaned.accounting()
    excluded = accounting["excluded"]
    width = max(len(r) for r in REASONS) + 2
    lines = [
        f"Rows {when}:",
        f"  {'raw rows':<{width}} {accounting['raw_rows']:>7}",
        f"  {'kept':<{width}} {accounting['kept']:>7}",
        f"  {'excluded':<{width}} {sum(excluded.values()):>7}",
    ]
    for reason in REASONS:
        lines.append(f"    {reason:<{width - 2}} {excluded[reason]:>7}  {REASON_LABELS_FI[reason]}")
    return lines


def describe_problems(problems: Sequence[Problem], limit: int) -> list[str]:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return ["Problems: none."]
    lines = [
        f"Problems: {errors} row(s) unusable (excluded as invalid), "
        f"{warnings} other finding(s) (the cell is left empty or the entry ignored):"
    ]
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
    for p in ordered[:limit]:
        lines.append(f"  {p.severity.upper():<7} {p}")
    if len(ordered) > limit:
        lines.append(f"  ... and {len(ordered) - limit} more (--max-problems to show more)")
    return lines


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
            f"{finnish_date(cleaned.cutoff)}: {acc['kept']} kept, "
            f"{sum(acc['excluded'].values())} excluded of {acc['raw_rows']} raw rows -> {folder}"
        )
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from .build import WarmKernel, build, write_index

    if args.all == bool(args.cutoff):
        print("give either --cutoff DATE or --all", file=sys.stderr)
        return 2
    if args.pdf:
        from .browser import BrowserMissing, require_chromium

        try:
            require_chromium()
        except BrowserMissing as exc:
            print(f"--pdf needs headless Chromium: {exc}. Nothing was built.", file=sys.stderr)
            return EXIT_ENVIRONMENT
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
    built, failures = build(report_dirs, inputs, jobs=args.jobs, progress=True, kernels=kernels, pdf=args.pdf)
    # the index lists the reports of one folder: reports/ (or --out with --all)
    index = None
    if args.all:
        index = write_index(args.out)
    elif args.out is None:
        index = write_index()
    print()
    for b in built:
        print(f"  {finnish_date(b.cutoff):>10}  n={b.n:<4} {b.seconds:5.1f} s  {b.folder / 'report.html'}")
    if index:
        print(f"  index: {index}")
    for message in failures:
        print(f"FAILED {message}", file=sys.stderr)
    note = " (SYNTHETIC sample data)" if inputs.synthetic else ""
    print(f"Built {len(built)} of {len(report_dirs)} report(s) in {time.monotonic() - started:.1f} s{note}.")
    return EXIT_OK if not failures else EXIT_UNUSABLE


def cmd_themes(args: argparse.Namespace) -> int:
    from .themes import answers_for, load_themebook

    inputs = _load(args, args.paths, after="The themes cannot be listed.")
    if inputs is None:
        return EXIT_UNUSABLE
    book = load_themebook()
    kept = inputs.clean(args.cutoff).assessments
    when = f"at the cutoff {finnish_date(args.cutoff)}" if args.cutoff else "with no cutoff"
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
    from .theme_review import review_queue

    queue = review_queue(kept)
    flagged = queue[queue["review"].notna()]
    print(f"{len(flagged)} of {len(queue)} answers {when} are flagged for review.\n")
    for row in flagged.itertuples():
        print(f"[{row.response_id}] {row.model_name} ({row.region}), kieli {row.language}")
        print(f"  syy:     {row.review}")
        print(f"  teemat:  {row.themes or '-'}")
        print(f"  vastaus: {row.answer}")
        print(f"  osumat:  {row.evidence or '-'}\n")
    print("Record a decision in data/raw/theme_codes.csv (response_id;theme;code, 1 = the theme is there, "
          "0 = it is not), or with record_reviews() in the exploration notebook; `make data` applies it.")
    return EXIT_OK


def cmd_sample_data(args: argparse.Namespace) -> int:
    from .synthetic.sample import SampleConflict, write_sample

    try:
        written = write_sample(args.out, force=args.force)
    except SampleConflict as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    for path in written:
        print(f"wrote {path}")
    print("The sample is SYNTHETIC: made-up assessments that reproduce THL's published figures.")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="RRP operating-model self-assessments: from Webropol exports to summaries.",
    )
    parser.add_argument("--debug", action="store_true", help="show Python's trace of an error")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show Python's trace of an error")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_inputs(p: argparse.ArgumentParser, positional: bool = True) -> None:
        if positional:
            p.add_argument(
                "paths", nargs="*", type=Path, metavar="PATH",
                help="export files (.xlsx, .csv) or folders of them (default: data/raw/)",
            )
        group = p.add_mutually_exclusive_group()
        group.add_argument(
            "--exclusions", type=Path, metavar="FILE",
            help=f"hand-kept exclusions CSV (default: data/raw/{config.EXCLUSIONS_FILE_NAME} if present)",
        )
        group.add_argument("--no-exclusions", action="store_true", help="apply no exclusions file")
        p.add_argument(
            "--theme-codes", type=Path, metavar="FILE",
            help=f"hand-reviewed theme codes CSV (default: data/raw/{config.THEME_CODES_FILE_NAME} if present)",
        )
        p.add_argument(
            "--listing-status", type=Path, metavar="FILE",
            help=f"hand-kept Innokylä listing status CSV (default: data/raw/{config.LISTING_STATUS_FILE_NAME} if present)",
        )

    validate = commands.add_parser(
        parents=[common], name="validate", help="check exports and report what was found; writes nothing",
        description="Read exports and report rows, columns, exclusions and every problem "
        "with its file, row and column. Exit 0 when the files can be used.",
    )
    add_inputs(validate)
    validate.add_argument(
        "--cutoff", type=parse_date, metavar="DATE",
        help="count exclusions at this cutoff (default: none, every submission counts)",
    )
    validate.add_argument("--max-problems", type=int, default=100, metavar="N",
                          help="list at most N problems (default 100)")
    validate.set_defaults(func=cmd_validate)

    clean_cmd = commands.add_parser(
        parents=[common], name="clean", help="clean exports into data/processed/<cutoff>/",
        description="Apply the cleaning rules at each cutoff and write data/processed/<YYYY-MM-DD>/.",
    )
    add_inputs(clean_cmd)
    clean_cmd.add_argument(
        "--cutoff", type=parse_date, action="append", metavar="DATE",
        help="a cutoff (repeatable; default: 30.6.2025, 31.10.2025 and 31.12.2025)",
    )
    clean_cmd.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: data/processed/)")
    clean_cmd.set_defaults(func=cmd_clean)

    build_cmd = commands.add_parser(
        parents=[common], name="build", help="clean the exports and build HTML reports (one cutoff, or --all)",
        description="Clean the exports, then execute the report notebook with papermill and "
        "convert it with nbconvert into reports/<YYYY-MM-DD>/ (report.html, summary.json, "
        "listaus.csv, listaus.xlsx).",
    )
    add_inputs(build_cmd, positional=False)
    build_cmd.add_argument("--cutoff", type=parse_date, metavar="DATE", help="build this cutoff")
    build_cmd.add_argument("--all", action="store_true",
                           help="build 30.6., 31.10. and 31.12.2025 in parallel, and reports/index.html")
    build_cmd.add_argument("--raw", nargs="+", type=Path, metavar="PATH",
                           help="export files or folders (default: data/raw/)")
    build_cmd.add_argument("--out", type=Path, metavar="DIR",
                           help="report folder (default reports/<cutoff>/; with --all the folder holding them)")
    build_cmd.add_argument("--jobs", type=int, metavar="N", help="reports built at once, each on its own kernel (default: all)")
    build_cmd.add_argument("--pdf", action="store_true",
                           help="also print each report to report.pdf (A4) with headless Chromium")
    build_cmd.set_defaults(func=cmd_build)

    themes = commands.add_parser(
        parents=[common], name="themes", help="list the answers coded to a theme, with the words that fired",
        description="Review the automatic theme coding: counts per theme, one theme's "
        "answers with the words and rules that assigned it, or (--review) every answer the coder "
        "is unsure of, flagged answers first. Record decisions in theme_codes.csv "
        "(response_id;theme;code), by hand or from the exploration notebook.",
    )
    add_inputs(themes)
    themes.add_argument("--theme", metavar="ID", help="a theme id or Finnish name (default: counts of all)")
    themes.add_argument("--review", action="store_true",
                        help="list the answers flagged for review, with the reason and the words that fired")
    themes.add_argument("--cutoff", type=parse_date, metavar="DATE",
                        help="only the assessments counted at this cutoff (default: every submission)")
    themes.set_defaults(func=cmd_themes)

    sample = commands.add_parser(
        parents=[common], name="sample-data", help="write the bundled synthetic sample export into data/raw/",
        description="Generate the synthetic, seeded sample export (same bytes every time), "
        "its exclusions and listing-status files, and the intended theme codes.",
    )
    sample.add_argument("--out", type=Path, metavar="DIR", help="folder to write into (default: data/raw/)")
    sample.add_argument("--force", action="store_true", help="overwrite files that differ from the sample")
    sample.set_defaults(func=cmd_sample_data)

    from .review_cli import add_commands

    add_commands(commands, common, parse_date)
    return parser


def describe_os_error(exc: OSError) -> str:
    """An environment fault in one plain line: the path and the cause."""
    causes = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOTDIR: "a file stands where a folder should be",
        errno.EISDIR: "a folder stands where a file should be",
        errno.ENOENT: "no such file or folder",
    }
    cause = causes.get(exc.errno or -1, exc.strerror or str(exc))
    where = f" {exc.filename}" if exc.filename else ""
    return f"cannot read or write{where}: {cause}. Earlier outputs are as they were."


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
