"""What the command line reads and says: dates and the screening's scope from
the arguments, and the plain lines describing the inputs, the cleaning's outcome,
the problems found and an environment fault."""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import config
from analysis.ingest.cleaning import Cleaned
from analysis.ingest.pipeline import Inputs
from analysis.language import formatting
from analysis.problems.record import Problem
from analysis.processed.schema import REASON_LABELS_FI, REASONS

if TYPE_CHECKING:  # build imports nbformat: only when a build is asked for
    from analysis.publish.build import Built


def parse_scope(text: str) -> date | None:
    """The screening's scope: "all" (None) or a date."""
    if text.strip().lower() in ("all", "kaikki"):
        return None
    return parse_date(text)


def parse_date(text: str) -> date:
    """A cutoff as ISO (2025-12-31) or the Finnish way (31.12.2025)."""
    text = text.strip()
    try:
        parsed = formatting.read_day(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write 2025-12-31 or 31.12.2025") from None
    if not config.FORM_PUBLISHED <= parsed <= config.LAST_CUTOFF:
        raise argparse.ArgumentTypeError(
            f"{formatting.date_fi(parsed)} is outside the dates a cutoff can have: the form was published "
            f"on {formatting.date_fi(config.FORM_PUBLISHED)}, "
            f"and the last cutoff allowed is {formatting.date_fi(config.LAST_CUTOFF)}"
        )
    return parsed


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
        lines.append(f"Exclusions file {inputs.exclusions.path}: {len(inputs.exclusions.reasons)} response(s) listed")
    if inputs.listing.path:
        attached = sum(inputs.listing.attached.values())
        checked = f", checked {formatting.date_fi(inputs.listing.checked_on)}" if inputs.listing.checked_on else ""
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
    when = (
        f"at the cutoff {formatting.date_fi(cleaned.cutoff)}" if cleaned.cutoff else "with no cutoff (every submission)"
    )
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


def print_built(built: Sequence[Built], index: Path | None, failures: Sequence[str]) -> None:
    """The built reports, one line each, warnings for empty ones, and the failures."""
    print()
    from analysis.publish.build import language_file

    for b in built:
        pages = [b.folder / language_file("report.html", language) for language in b.languages]
        print(f"  {formatting.date_fi(b.cutoff):>10}  n={b.n:<4} {b.seconds:5.1f} s  {'  '.join(map(str, pages))}")
        for note in b.notes:
            print(f"  {formatting.date_fi(b.cutoff):>10}  {note}")
    for b in built:
        if not b.n:
            print(
                f"WARNING: no assessments were returned by {formatting.date_fi(b.cutoff)}: its report says so in its "
                "first line and draws no charts.",
                file=sys.stderr,
            )
    if index:
        print(f"  index: {index}")
    for message in failures:
        print(f"FAILED {message}", file=sys.stderr)
