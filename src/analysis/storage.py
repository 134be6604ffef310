"""Writing outputs atomically, and never into data/raw/.

A run writes everything into a hidden staging folder beside the target, and only
when all of it is written swaps the staging folders into place. A run that fails
part-way leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import openpyxl.styles
import openpyxl.utils
import pandas as pd

from . import __version__, config


class OutputError(Exception):
    """An output location that must not be written."""


def check_writable(target: Path) -> Path:
    """Refuse any output inside data/raw/ (raw data is immutable)."""
    target = Path(target).resolve()
    raw = config.raw_dir().resolve()
    if target == raw or target.is_relative_to(raw):
        raise OutputError(f"refusing to write into {raw}: raw data is never written")
    return target


@contextmanager
def staged_dirs(targets: list[Path]) -> Iterator[dict[Path, Path]]:
    """Give a staging folder per target; on success swap them all into place.

    >>> with staged_dirs([out]) as stage:      # doctest: +SKIP
    ...     write_files(stage[out])
    """
    targets = [check_writable(t) for t in targets]
    stages: dict[Path, Path] = {}
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            stages[target] = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
        yield stages
    except BaseException:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
        raise
    for target, stage in stages.items():
        _swap(stage, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap(stage: Path, target: Path) -> None:
    # mkdtemp makes the folder private (0700); outputs get the usual permissions.
    os.chmod(stage, 0o777 & ~_umask())
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, old)
    os.replace(stage, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_file_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write one output file through a temporary sibling and rename it into place."""
    _replace_atomically(check_writable(path), write)


def write_input_atomically(path: Path, data: bytes) -> None:
    """Write an *input* file (no data/raw guard). Only the synthetic-sample generator,
    run by hand, writes into data/raw/."""
    _replace_atomically(Path(path), lambda tmp: tmp.write_bytes(data))


def _replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private (0600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def write_json(data: Mapping, path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def code_version() -> str:
    """The package version and, in a git checkout, the commit (with '+dirty' for local changes)."""
    version = __version__
    try:
        root = config.project_dir()
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5
        )
        if commit.returncode == 0:
            dirty = subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=root, capture_output=True, text=True, timeout=5,
            )
            version += f" ({commit.stdout.strip()}{'+dirty' if dirty.stdout.strip() else ''})"
    except (OSError, subprocess.SubprocessError):
        pass
    return version


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[Sequence[object]]]],
    stamp: datetime,
    *,
    creator: str = "RRP-itsearvioinnit",
    table_header: bool = False,
) -> bytes:
    """An .xlsx whose bytes depend only on its content and ``stamp``: openpyxl writes
    the save time into the document properties and the zip entries, so both are
    fixed here. ``table_header`` makes the first row a bold, frozen, filterable
    header with fitted column widths."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
        if table_header and rows:
            for cell in sheet[1]:
                cell.font = openpyxl.styles.Font(bold=True)
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for index, column in enumerate(zip(*rows), start=1):
                width = min(60, max(len(str(v)) for v in column) + 2)
                sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    book.properties.creator = creator
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + fixed.encode(), data)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()



__all__ = [
    "OutputError",
    "build_time",
    "check_writable",
    "code_version",
    "staged_dirs",
    "write_file_atomically",
    "write_input_atomically",
    "write_json",
    "write_parquet",
    "xlsx_bytes",
]
