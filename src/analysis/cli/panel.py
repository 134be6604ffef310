"""Command line of the expert panel: ``review-pack`` and ``review-collect`` (see review.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from analysis.language import formatting

EXIT_OK, EXIT_UNUSABLE = 0, 1


def cmd_review_pack(args: argparse.Namespace) -> int:
    from analysis.panel.assignment import PanelError
    from analysis.panel.commands import pack

    try:
        result = pack(args.cutoff, args.reviewers, args.scope, processed_dir=args.processed, force=args.force)
    except PanelError as exc:
        for problem in exc.problems:
            print(f"CANNOT USE {problem}", file=sys.stderr)
        print("Nothing was written; an earlier review pack is as it was.", file=sys.stderr)
        return EXIT_UNUSABLE
    except FileNotFoundError as exc:
        if exc.filename:
            raise
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    loads = sorted(result.loads.values())
    print(
        f"{result.models} model(s), {len(result.reviewers)} reviewer(s); {min(loads)}–{max(loads)} models per reviewer:"
    )
    for reviewer in result.reviewers:
        area = f" (own area {reviewer.area}: not assigned its models)" if reviewer.area else ""
        print(f"  {result.loads[reviewer.name]:>4}  {reviewer.name}{area}")
    print(
        f"Wrote {result.folder}: cards (kortit.html, kortit/), workbooks (tyokirjat/), "
        f"the assignment (jako.csv) and LUEMINUT.txt (what to send to whom)."
    )
    return EXIT_OK


def cmd_review_collect(args: argparse.Namespace) -> int:
    from analysis.panel.assignment import PanelError
    from analysis.panel.commands import collect, expand
    from analysis.panel.results import open_workbook

    cutoff = args.cutoff
    if not expand(args.paths):
        print(
            f"CANNOT USE {', '.join(map(str, args.paths))}: no .xlsx workbooks there. Nothing was written.",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    if cutoff is None:  # the cutoff the workbooks were made for
        days = set()
        for path in expand(args.paths):
            _, day, _, unreadable = open_workbook(Path(path).resolve())
            if not unreadable and day:
                days.add(str(day))
        if len(days) != 1:
            found = ", ".join(sorted(days)) or "none"
            print(f"cannot tell the cutoff from the workbooks (found: {found}); give --cutoff DATE", file=sys.stderr)
            return 2
        cutoff = date.fromisoformat(days.pop())
    try:
        result = collect(args.paths, cutoff, processed_dir=args.processed)
    except PanelError as exc:
        for problem in exc.problems:
            print(f"CANNOT USE {problem}", file=sys.stderr)
        print("Nothing was written; earlier results are as they were.", file=sys.stderr)
        return EXIT_UNUSABLE
    block = result.block
    print(
        f"Read {block['workbooks_read']} of {block['reviewers']} reviewers' workbooks; "
        f"{block['ratings_accepted']} ratings accepted; {block['ratings_missing']} assigned "
        f"reviewer–model pair(s) without accepted ratings."
    )
    if result.problems:
        print(f"\n{len(result.problems)} problem(s); each problem row was left out:")
        for problem in result.problems:
            print(f"  {problem}")
    print("\nAgreement (Krippendorff's alpha, ordinal):")
    for item, a in block["agreement"].items():
        value = (
            "not defined"
            if a["krippendorff_alpha_ordinal"] is None
            else formatting.number(a["krippendorff_alpha_ordinal"], 3)
        )
        print(f"  {item:<16} {value:>11}  ({a['ratings']} ratings of {a['models']} models)")
    consensus = block["consensus_needed"]
    print(
        f"\nFor the consensus meeting ({len(consensus)} model(s), scores differing by more than "
        f"{formatting.number(block['disagreement_margin'])}): {', '.join(map(str, consensus)) or 'none'}"
    )
    print(f"\nWrote {result.folder}: loppulista.csv/.xlsx, pisteet.csv, ongelmat.csv, konsensus.csv, paneeli.json.")
    print(f"Add the section Asiantuntija-arvio to the report: make report CUTOFF={cutoff.isoformat()}")
    return EXIT_OK


def add_commands(commands, common: argparse.ArgumentParser, parse_date) -> None:
    pack = commands.add_parser(
        parents=[common],
        name="review-pack",
        help="review cards, scoring workbooks and the assignment for the panel",
        description="Write reports/<cutoff>/arviointi/: one A4 review card per model (and all in kortit.html), "
        "one scoring workbook per reviewer, and the assignment (each model at least two reviewers, "
        "nobody reviews their own area, loads balanced; the same inputs give the same assignment).",
    )
    pack.add_argument(
        "--cutoff", type=parse_date, required=True, metavar="DATE", help="the cutoff whose models are reviewed"
    )
    pack.add_argument(
        "--scope",
        choices=["all", "30.6."],
        default="all",
        help="all models of the cutoff (default), or those assessed by 30.6.2025 (the competition)",
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
        "reports/<cutoff>/arviointi/.",
    )
    coll.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="filled workbooks, or folders of them")
    coll.add_argument(
        "--cutoff", type=parse_date, metavar="DATE", help="the cutoff of the review (default: read from the workbooks)"
    )
    coll.add_argument("--processed", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    coll.set_defaults(func=cmd_review_collect)
