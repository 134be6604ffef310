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
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import openpyxl.styles
import openpyxl.utils
import pandas as pd

from analysis import __version__, config


class OutputError(Exception):
    """An output location that must not be written."""


def output_path(target: Path | str) -> Path:
    """An output's absolute path, its last part not followed: an output folder is a
    link into its parent's current generation, and the link is what is replaced."""
    target = Path(target)
    return target.parent.resolve() / target.name


def check_writable(target: Path) -> Path:
    """Refuse any output inside data/raw/ (raw data is immutable)."""
    target = output_path(target)
    raw = config.raw_dir().resolve()
    if target == raw or target.is_relative_to(raw):
        raise OutputError(f"refusing to write into {raw}: raw data is never written")
    return target


# --- folders switched whole ------------------------------------------------------------
#
# A folder of outputs (reports/2025-12-31/, data/processed/2025-06-30/, ...) is a
# symbolic link into the *current generation* of its parent folder:
#
#     reports/2025-12-31          -> .generations/current/2025-12-31
#     reports/.generations/current -> g-<pid>-<id>      (one link: the switch)
#     reports/.generations/g-<pid>-<id>/2025-12-31/report.html ...
#
# A run writes a whole new generation (its own folders, plus hard links to the other
# folders of the current one) and then replaces the one `current` link, which is
# atomic: at every instant each folder, and the set of folders, is wholly the old run
# or wholly the new one. A run killed at any step leaves at most a generation that
# nothing points to and a dangling link of a folder that did not exist before; both
# are removed the next time a run starts (`recover`).

GENERATIONS = ".generations"
CURRENT = "current"
_LINK_PREFIX = f"{GENERATIONS}/{CURRENT}/"

# Steps of a switch, for the fault-injection test: called with each step's name.
FAULT_HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if FAULT_HOOK is not None:
        FAULT_HOOK(name)


@contextmanager
def staged_dirs(targets: list[Path]) -> Iterator[dict[Path, Path]]:
    """Give a staging folder per target; on success switch them all into place at once.

    The targets must share one parent folder (the cutoffs of data/processed/, or one
    report folder).

    >>> with staged_dirs([out]) as stage:      # doctest: +SKIP
    ...     write_files(stage[out])
    """
    targets = [check_writable(t) for t in targets]
    parents = {t.parent for t in targets}
    if len(parents) != 1:
        raise ValueError(f"folders switched together must share a parent: {sorted(map(str, parents))}")
    parent = parents.pop()
    generations = parent / GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    recover(parent)
    generation = Path(tempfile.mkdtemp(prefix=f"g-{os.getpid()}-", dir=generations))
    stages = {target: generation / target.name for target in targets}
    try:
        for stage in stages.values():
            stage.mkdir()
        yield stages
        _step("written")
        _switch(parent, generation, [t.name for t in targets])
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise


def _switch(parent: Path, generation: Path, names: list[str]) -> None:
    generations = parent / GENERATIONS
    with _locked(generations):
        recover(parent, locked=True)
        current = _current(generations)
        if current is not None:  # the folders this run does not write stay as they are
            for entry in current.iterdir():
                if entry.name not in names and not (generation / entry.name).exists():
                    shutil.copytree(entry, generation / entry.name, copy_function=os.link, symlinks=True)
        _step("carried")
        os.chmod(generation, 0o777 & ~_umask())  # mkdtemp makes it private (0700)
        for name in names:
            _migrate_or_link(parent, name, generations)
        _step("linked")
        pointer = generations / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
        os.symlink(generation.name, pointer)
        _step("pointer")
        os.replace(pointer, generations / CURRENT)  # the switch
        _step("switched")
        if current is not None and current != generation:
            shutil.rmtree(current, ignore_errors=True)
        _step("cleaned")


def remove_dirs(parent: Path, names: Sequence[str]) -> None:
    """Remove output folders of ``parent`` at once: a new generation holding every
    other folder (hard links) is switched in, then the removed folders' links go.
    A real folder of the layout before generations is removed as it is."""
    parent = Path(parent)
    names = list(names)
    generations = parent / GENERATIONS
    if not generations.is_dir():
        for name in names:
            shutil.rmtree(parent / name)
        return
    generation = Path(tempfile.mkdtemp(prefix=f"g-{os.getpid()}-", dir=generations))
    try:
        with _locked(generations):
            recover(parent, locked=True)
            current = _current(generations)
            if current is not None:
                _link_all_but(current, generation, names)
            os.chmod(generation, 0o777 & ~_umask())
            pointer = generations / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
            os.symlink(generation.name, pointer)
            os.replace(pointer, generations / CURRENT)  # the switch
            for name in names:
                target = parent / name
                if target.is_symlink():
                    target.unlink()
                elif target.is_dir():
                    shutil.rmtree(target)
            if current is not None and current != generation:
                shutil.rmtree(current, ignore_errors=True)
    except BaseException:
        if _current(generations) != generation:
            shutil.rmtree(generation, ignore_errors=True)
        raise


def _current(generations: Path) -> Path | None:
    link = generations / CURRENT
    if not link.is_symlink():
        return None
    target = generations / os.readlink(link)
    return target if target.is_dir() else None


def _migrate_or_link(parent: Path, name: str, generations: Path) -> None:
    """Make parent/name the link into the current generation. A real folder left there
    by an earlier version of this code moves into the current generation first (the
    one step that is not atomic; `recover` completes it if interrupted)."""
    target = parent / name
    wanted = _LINK_PREFIX + name
    if target.is_symlink():
        if os.readlink(target) == wanted:
            return
        target.unlink()
    elif target.exists():
        if not target.is_dir():
            raise OutputError(f"{target} is a file where an output folder should be; move it away")
        current = _current(generations)
        if current is None:
            current = Path(tempfile.mkdtemp(prefix=f"g-{os.getpid()}-", dir=generations))
            os.chmod(current, 0o777 & ~_umask())
            pointer = generations / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
            os.symlink(current.name, pointer)
            os.replace(pointer, generations / CURRENT)
        if (current / name).exists():
            raise OutputError(f"{target} is a folder, and the current outputs hold another {name}: move it away")
        os.rename(target, current / name)
    link = parent / f".{name}.link-{uuid.uuid4().hex[:8]}"
    os.symlink(wanted, link)
    os.replace(link, target)


@contextmanager
def _locked(generations: Path) -> Iterator[None]:
    """One switch at a time in a folder, between threads and processes alike."""
    import fcntl

    with open(generations / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _link_all_but(current: Path, generation: Path, names: Sequence[str]) -> None:
    """Hard-link every entry of ``current`` except ``names`` into ``generation``."""
    for entry in current.iterdir():
        if entry.name in names:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, generation / entry.name, copy_function=os.link, symlinks=True)
        else:
            os.link(entry, generation / entry.name, follow_symlinks=False)


def recover(parent: Path, *, locked: bool = False) -> None:
    """Finish or roll back what a killed run left in ``parent``: generations nothing
    points to (of runs no longer alive), half-made pointer links, links of folders
    the current generation does not hold, and the staging and old folders of the
    layout before generations (an old folder is put back if its folder is missing)."""
    parent = Path(parent)
    generations = parent / GENERATIONS
    if not parent.is_dir():
        return
    if not generations.is_dir():
        _recover_legacy(parent)
        return
    if not locked:
        with _locked(generations):
            recover(parent, locked=True)
        return
    _recover_legacy(parent)
    current = _current(generations)
    _remove_orphans(generations, current)
    for entry in parent.iterdir():  # links of folders no generation holds
        if entry.is_symlink() and os.readlink(entry).startswith(_LINK_PREFIX) and not entry.exists():
            entry.unlink()
    if current is not None:  # and folders whose link was not yet made
        for entry in current.iterdir():
            if not (parent / entry.name).is_symlink() and not (parent / entry.name).exists():
                _migrate_or_link(parent, entry.name, generations)


def _remove_orphans(generations: Path, current: Path | None) -> None:
    """Remove half-made pointer links and the generations of runs no longer alive
    that the pointer does not name."""
    for entry in generations.iterdir():
        if entry.name.startswith(f".{CURRENT}."):
            entry.unlink(missing_ok=True)
        elif entry.is_dir() and not entry.is_symlink() and entry != current and entry.name.startswith("g-"):
            pid = entry.name.split("-")[1]
            if not pid.isdigit() or not _alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)


def _recover_legacy(parent: Path) -> None:
    for entry in parent.iterdir():
        name = entry.name
        if not name.startswith(".") or not entry.is_dir() or entry.is_symlink():
            continue
        if ".staging-" in name:
            shutil.rmtree(entry, ignore_errors=True)
        elif ".old-" in name:
            original = parent / name[1:].rsplit(".old-", 1)[0]
            if not original.exists() and not original.is_symlink():
                os.rename(entry, original)  # killed between the two renames: put it back
            else:
                shutil.rmtree(entry, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write one output file through a temporary sibling and rename it into place."""
    _replace_atomically(check_writable(path), write)


def write_input_atomically(path: Path, data: bytes) -> None:
    """Write an *input* file (no data/raw guard). Only the synthetic-sample generator,
    run by hand, writes into data/raw/."""
    _replace_atomically(Path(path), lambda tmp: tmp.write_bytes(data))


def _replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
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
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


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
                cwd=root,
                capture_output=True,
                text=True,
                timeout=5,
            )
            version += f" ({commit.stdout.strip()}{'+dirty' if dirty.stdout.strip() else ''})"
    except (OSError, subprocess.SubprocessError):
        pass
    return version


# A whole cell that is one web address (no spaces, quotes or angle brackets).
_LINK = re.compile(r"https?://[^\s\"'<>]+")


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[Sequence[object]]]],
    stamp: datetime,
    *,
    creator: str = "RRP-itsearvioinnit",
    table_header: bool = False,
    hyperlinks: bool = False,
    properties: Mapping[str, str] | None = None,
    decimals: int = 1,
) -> bytes:
    """An .xlsx whose bytes depend only on its content and ``stamp``: openpyxl writes
    the save time into the document properties and the zip entries, so both are
    fixed here. ``table_header`` makes the first row a bold, frozen, filterable
    header with fitted column widths. Numbers stay numbers (a float shown with
    ``decimals`` decimals, one unless told). With ``hyperlinks``, a cell holding one http(s) address and nothing
    else becomes a clickable link to it (the address is the link's target in the
    sheet's relationships, never a formula such as HYPERLINK()). ``properties``:
    document properties to set (title, subject, description, keywords)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
        for line in sheet.iter_rows(min_row=2 if table_header else 1):
            for cell in line:
                if isinstance(cell.value, float):
                    cell.number_format = "0." + "0" * decimals if decimals else "0"
                elif hyperlinks and isinstance(cell.value, str) and _LINK.fullmatch(cell.value):
                    cell.hyperlink = cell.value
                    cell.style = "Hyperlink"
        if table_header and rows:
            for cell in sheet[1]:
                cell.font = openpyxl.styles.Font(bold=True)
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for index, column in enumerate(zip(*rows), start=1):
                width = min(60, max(len(str(v)) for v in column) + 2)
                sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    book.properties.creator = creator
    for name, value in (properties or {}).items():
        setattr(book.properties, name, value)
    return workbook_bytes(book, stamp)


def workbook_bytes(book: openpyxl.Workbook, stamp: datetime) -> bytes:
    """An openpyxl workbook's bytes, fixed by ``stamp`` (document properties and zip
    entry times), so that the same content gives the same bytes."""
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


_PACKAGE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


def fixed_zip_bytes(data: bytes, stamp: datetime) -> bytes:
    """An Office package (.pptx, .xlsx) whose bytes depend only on its content and
    ``stamp``: its entries in name order, each dated ``stamp``, the dates of its
    docProps/core.xml set to ``stamp``, and every package inside it (a chart's
    workbook in a .pptx) fixed the same way."""
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist()):
            content = src.read(name)
            if name == "docProps/core.xml":
                content = _PACKAGE_DATES.sub(rb"\g<1>" + fixed, content)
            elif name.endswith((".xlsx", ".pptx", ".docx")):
                content = fixed_zip_bytes(content, stamp)
            entry = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


__all__ = [
    "OutputError",
    "build_time",
    "check_writable",
    "fixed_zip_bytes",
    "output_path",
    "code_version",
    "recover",
    "remove_dirs",
    "staged_dirs",
    "write_file_atomically",
    "write_input_atomically",
    "write_json",
    "write_parquet",
    "workbook_bytes",
    "xlsx_bytes",
]
