"""Command line of the expert panel: ``review-pack`` and ``review-collect`` (analysis.panel.commands).
The command line speaks English, as every command; the panel's files and the report Finnish."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from analysis.config import COMPETITION_CUTOFF

EXIT_OK, EXIT_UNUSABLE, EXIT_USAGE = 0, 1, 2


def _refused(exc, after: str) -> int:
    for line in exc.lines("en"):
        print(f"CANNOT USE {line}", file=sys.stderr)
    print(after, file=sys.stderr)
    return EXIT_UNUSABLE


def cmd_review_pack(args: argparse.Namespace) -> int:
    from analysis.panel.assignment import PanelError
    from analysis.panel.commands import pack

    try:
        result = pack(
            args.cutoff,
            args.reviewers,
            args.scope,
            processed_dir=args.processed,
            force=args.force,
            screening_scope=getattr(args, "screening_scope", COMPETITION_CUTOFF),
        )
    except PanelError as exc:
        return _refused(exc, "Nothing was written; an earlier review pack is as it was.")
    except FileNotFoundError as exc:
        if exc.filename:
            raise
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    for note in result.moved:
        print(note)
    loads = sorted(result.loads.values())
    print(f"Scope: {scope_in_english(args.scope, args.cutoff)}.")
    for written, current in sorted(result.carried.items()):
        print(
            f"The conflict of interest with {written}, an earlier assessment of a model assessed again, "
            f"covers the model's current assessment {current}."
        )
    print(
        f"{result.models} model(s), {len(result.reviewers)} reviewer(s); {min(loads)}–{max(loads)} models per reviewer:"
    )
    for reviewer in result.reviewers:
        notes = []
        if reviewer.area:
            notes.append(f"own area {reviewer.area}: not assigned its models")
        if reviewer.conflicts:
            notes.append(f"conflict of interest declared: {', '.join(sorted(reviewer.conflicts))}, not assigned")
        told = f" ({'; '.join(notes)})" if notes else ""
        print(f"  {result.loads[reviewer.name]:>4}  {reviewer.name}{told}")
    print(
        f"Wrote {result.folder} (internal: reviewers' names; never publish it): cards (kortit.html, kortit/), "
        f"workbooks (tyokirjat/), the assignment (jako.csv) and LUEMINUT.txt (what to send to whom)."
    )
    return EXIT_OK


def _cutoff_of(paths: list[Path]) -> date | int:
    """The cutoff the given workbooks were made for, or the exit code when it cannot be told."""
    from analysis.panel.assignment import PanelError
    from analysis.panel.commands import expand
    from analysis.panel.results import open_workbook

    try:
        workbooks, skipped = expand(paths)
    except PanelError as exc:
        return _refused(exc, KEPT_AS_IS)
    if not workbooks:
        for problem in skipped:
            print(f"  {problem.text('en')}", file=sys.stderr)
        print(f"CANNOT USE {', '.join(map(str, paths))}: no .xlsx workbook there. {KEPT_AS_IS}", file=sys.stderr)
        return EXIT_UNUSABLE
    days = set()
    for path in workbooks:
        _, day, _, unreadable = open_workbook(Path(path).resolve())
        if not unreadable and day:
            days.add(str(day))
    if len(days) != 1:
        found = ", ".join(sorted(days)) or "none"
        print(f"cannot tell the cutoff from the workbooks (found: {found}); give --cutoff DATE", file=sys.stderr)
        return EXIT_USAGE
    return date.fromisoformat(days.pop())


KEPT_AS_IS = "Nothing was written; earlier results are as they were."


def cmd_review_collect(args: argparse.Namespace) -> int:
    from analysis.panel.assignment import PanelError
    from analysis.panel.commands import collect

    cutoff = args.cutoff if args.cutoff is not None else _cutoff_of(args.paths)
    if not isinstance(cutoff, date):
        return cutoff
    try:
        result = collect(
            args.paths,
            cutoff,
            processed_dir=args.processed,
            screening_scope=getattr(args, "screening_scope", COMPETITION_CUTOFF),
        )
    except PanelError as exc:
        return _refused(exc, KEPT_AS_IS)
    print_collected(result, cutoff)
    return EXIT_OK


def print_collected(result, cutoff: date) -> None:
    """What review-collect read and wrote, in English."""
    for note in result.moved:
        print(note)
    block = result.block
    print(
        f"Read {block['workbooks_read']} of {block['reviewers']} reviewers' workbooks; "
        f"{block['ratings_accepted']} ratings accepted; {block['ratings_missing']} assigned "
        f"reviewer–model pair(s) without accepted ratings."
    )
    if result.missing_workbooks:
        print("Not returned (or not given):")
        for name, file in result.missing_workbooks:
            print(f"  {name} ({file})")
    skipped = [p for p in result.problems if p.message.code.startswith("collect_skipped_")]
    if skipped:
        print(f"\n{len(skipped)} file(s) in the folder not read:")
        for problem in skipped:
            print(f"  {problem.text('en')}")
    problems = [p for p in result.problems if p not in skipped]
    if problems:
        print(f"\n{block['problems']} problem(s) in the workbooks; each problem row was left out:")
        for problem in problems:
            print(f"  {problem.text('en')}")
    print("\nAgreement (Krippendorff's alpha, ordinal):")
    for item, a in block["agreement"].items():
        value = "not defined" if a["krippendorff_alpha_ordinal"] is None else f"{a['krippendorff_alpha_ordinal']:.3f}"
        print(f"  {item:<16} {value:>11}  ({a['ratings']} ratings of {a['models']} models)")
    others = block["models"] - block.get("screened", block["models"])
    if others:
        scope = block.get("screening_scope", "all")
        print(
            f"\nStage 1 and the criteria points only for the {block['screened']} model(s) in the criteria "
            f"screening's scope ({scope}); the other {others} are ranked after them by stage 2 alone."
        )
    if block["stage2_incomplete"]:
        print(
            f"\n{block['stage2_incomplete']} model(s) incomplete (kesken): fewer than {block['reviewers_per_model']} "
            "accepted reviews of some item; they are ranked after the complete ones."
        )
    consensus = block["consensus_needed"]
    print(
        f"\nFor the consensus meeting ({len(consensus)} model(s), scores differing by more than "
        f"{block['disagreement_margin']:g}): {', '.join(map(str, consensus)) or 'none'}"
    )
    print(f"\nWrote {result.folder}: loppulista.csv/.xlsx, pisteet.csv, ongelmat.csv, konsensus.csv, paneeli.json.")
    print(f"Add the section Asiantuntija-arvio to THL's internal report: make report CUTOFF={cutoff.isoformat()}")


def parse_scope(text: str):
    """``--scope``: ``all``, or a day the models were assessed by (``30.6.`` is 30.6.2025)."""
    from analysis import config
    from analysis.language.formatting import read_day

    if text.strip().casefold() in ("all", "kaikki"):
        return None
    if text.strip() == "30.6.":
        return config.COMPETITION_CUTOFF
    try:
        return read_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is neither 'all' nor a date (2025-06-30 or 30.6.2025)") from None


def add_commands(commands, common: argparse.ArgumentParser, parse_date) -> None:
    pack = commands.add_parser(
        parents=[common],
        name="review-pack",
        help="review cards, scoring workbooks and the assignment for the panel",
        description="Write internal/<cutoff>/arviointi/ (THL's internal folder, outside reports/): "
        "one A4 review card per model (and all in kortit.html), "
        "one scoring workbook per reviewer, and the assignment (each model at least two reviewers, "
        "nobody reviews their own area, loads balanced; the same inputs give the same assignment).",
    )
    pack.add_argument(
        "--cutoff", type=parse_date, required=True, metavar="DATE", help="the cutoff whose models are reviewed"
    )
    pack.add_argument(
        "--scope",
        type=parse_scope,
        default=COMPETITION_CUTOFF,
        metavar="DATE|all",
        help="the models assessed by DATE (default 30.6.2025: the ministry's competition, the criteria "
        "screening's scope, so that the report's screening and panel cover the same models), or all models "
        "of the cutoff",
    )
    pack.add_argument(
        "--screening-scope",
        type=parse_scope,
        default=COMPETITION_CUTOFF,
        metavar="DATE|all",
        help="the criteria screening's scope, as the report's build --screening-scope (default 30.6.2025): "
        "the cards of models outside it show no stage 1 or criteria points (the final list gives them none)",
    )
    pack.add_argument(
        "--reviewers",
        type=Path,
        required=True,
        metavar="FILE",
        help="reviewers: .csv or .xlsx with columns 'nimi' and 'oma alue' (empty: none)",
    )
    pack.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier pack whose assignment differs (its workbooks become invalid)",
    )
    pack.add_argument("--processed", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    pack.set_defaults(func=cmd_review_pack)

    coll = commands.add_parser(
        parents=[common],
        name="review-collect",
        help="read the filled scoring workbooks: problems, agreement, final list",
        description="Read the filled workbooks (files or folders), list every problem with its file, row and "
        "column (the row is left out), compute the agreement and the final ranking, and write them into "
        "internal/<cutoff>/arviointi/. A path that is not there, or no workbook read, writes nothing.",
    )
    coll.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="filled workbooks, or folders of them")
    coll.add_argument(
        "--cutoff", type=parse_date, metavar="DATE", help="the cutoff of the review (default: read from the workbooks)"
    )
    coll.add_argument(
        "--screening-scope",
        type=parse_scope,
        default=COMPETITION_CUTOFF,
        metavar="DATE|all",
        help="the criteria screening's scope, as the report's build --screening-scope (default 30.6.2025): "
        "only its models get stage 1 and the criteria points in the final list and are ranked by them; "
        "the others are ranked after them by stage 2 alone",
    )
    coll.add_argument("--processed", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    coll.set_defaults(func=cmd_review_collect)


def scope_in_english(scope: str | None, cutoff: date) -> str:
    """The pack's scope as the command line says it (the pack and the report say it
    in Finnish, :func:`analysis.panel.commands.scope_text`)."""
    from analysis.language import formatting
    from analysis.panel.commands import scope_day

    day = scope_day(scope)
    if day is None or day >= cutoff:
        return f"every model assessed by the cutoff {formatting.date_fi(cutoff)}"
    return f"the models assessed by {formatting.date_fi(day)}, each with its answers at {formatting.date_fi(cutoff)}"
