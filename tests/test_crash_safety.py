"""Every switch of output folders is all-or-nothing, even when the process is killed.

A child process writes a second run of data/processed/ (and of one report folder)
over a first one and kills itself with SIGKILL at a named step of the switch
(outputs.FAULT_HOOK: no cleanup code runs, as after kill -9). Then, before and
after the next run's recovery, every cutoff folder must hold wholly the first run
or wholly the second, and all of them the same run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import leftovers

from analysis.files import outputs

# every test here starts writer processes and kills them at each step (about 15 s in all)
pytestmark = pytest.mark.slow

STEPS = ("written", "carried", "linked", "pointer", "switched", "cleaned")
CUTOFFS = ("2025-06-30", "2025-10-31", "2025-12-31")

# The child: write one run of three cutoff folders, each file naming the run.
CHILD = """
import os, signal, sys
from pathlib import Path
from analysis.files import outputs
parent, run, kill_at, names = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4].split(",")
def hook(step):
    if step == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
outputs.FAULT_HOOK = hook
with outputs.staged_dirs([parent / n for n in names]) as stages:
    for target, stage in stages.items():
        (stage / "run.txt").write_text(run)
        (stage / "data.txt").write_text(run * 1000)
"""


def _write_run(parent: Path, run: str, kill_at: str = "", names=CUTOFFS) -> int:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(parent), run, kill_at, ",".join(names)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode


def _runs(parent: Path, names=CUTOFFS) -> dict[str, str | None]:
    """Which run each folder holds (None: the folder is absent); a folder mixing runs fails."""
    seen: dict[str, str | None] = {}
    for name in names:
        folder = parent / name
        if not folder.is_dir():
            seen[name] = None
            continue
        run = (folder / "run.txt").read_text()
        assert (folder / "data.txt").read_text() == run * 1000, f"{name} mixes runs"
        seen[name] = run
    return seen


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_any_step_of_the_switch_leaves_one_whole_run(tmp_path: Path, step: str) -> None:
    parent = tmp_path / "processed"
    assert _write_run(parent, "first") == 0
    assert _runs(parent) == dict.fromkeys(CUTOFFS, "first")

    code = _write_run(parent, "second", kill_at=step)
    assert code == -signal.SIGKILL
    for state in ("after the kill", "after recovery"):
        runs = set(_runs(parent).values())
        assert len(runs) == 1 and runs <= {"first", "second"}, (state, _runs(parent))
        if step in ("written", "carried", "linked", "pointer"):
            assert runs == {"first"}, state
        else:
            assert runs == {"second"}, state
        outputs.recover(parent)
    assert leftovers(parent) == []

    assert _write_run(parent, "third") == 0  # and the next run works as usual
    assert _runs(parent) == dict.fromkeys(CUTOFFS, "third")
    assert leftovers(parent) == []


@pytest.mark.parametrize("step", STEPS)
def test_a_new_folder_appears_whole_or_not_at_all(tmp_path: Path, step: str) -> None:
    parent = tmp_path / "reports"
    assert _write_run(parent, "first", names=CUTOFFS[:2]) == 0
    code = _write_run(parent, "second", kill_at=step, names=CUTOFFS[2:])
    assert code == -signal.SIGKILL
    outputs.recover(parent)
    runs = _runs(parent)
    assert runs[CUTOFFS[0]] == runs[CUTOFFS[1]] == "first"  # the folders not written are untouched
    assert runs[CUTOFFS[2]] == (None if step in ("written", "carried", "linked", "pointer") else "second")
    assert leftovers(parent) == []


def test_the_old_layouts_half_swap_is_put_back(tmp_path: Path) -> None:
    """Before generations, a kill between the two renames left the report only as a
    hidden .old folder: recovery puts it back, and removes stale staging folders."""
    parent = tmp_path / "reports"
    old = parent / ".2025-12-31.old-1a2b3c4d"
    old.mkdir(parents=True)
    (old / "run.txt").write_text("old")
    (old / "data.txt").write_text("old" * 1000)
    (parent / ".2025-10-31.staging-xyz").mkdir()
    outputs.recover(parent)
    assert _runs(parent, ["2025-12-31"]) == {"2025-12-31": "old"}
    assert leftovers(parent) == []
    # and a real folder of the old layout becomes a generation the first time it is written
    assert _write_run(parent, "new", names=["2025-12-31"]) == 0
    assert _runs(parent, ["2025-12-31"]) == {"2025-12-31": "new"}
    assert (parent / "2025-12-31").is_symlink()


def test_a_generation_being_written_by_a_live_process_is_not_removed(tmp_path: Path) -> None:
    parent = tmp_path / "processed"
    assert _write_run(parent, "first") == 0
    busy = parent / ".generations" / f"g-{os.getpid()}-busy"
    busy.mkdir()
    outputs.recover(parent)
    assert busy.is_dir()
    dead = parent / ".generations" / "g-999999999-dead"
    dead.mkdir()
    outputs.recover(parent)
    assert not dead.exists()


def test_a_file_where_an_output_folder_should_be_is_refused(tmp_path: Path) -> None:
    parent = tmp_path / "processed"
    parent.mkdir()
    (parent / "2025-12-31").write_text("not a folder")
    with pytest.raises(outputs.OutputError, match="is a file where an output folder should be"):
        with outputs.staged_dirs([parent / "2025-12-31"]) as stages:
            (stages[parent / "2025-12-31"] / "x").write_text("x")
    assert (parent / "2025-12-31").read_text() == "not a folder"
    assert leftovers(parent) == []


def test_json_of_the_run_reads_through_the_link(tmp_path: Path) -> None:
    parent = tmp_path / "processed"
    with outputs.staged_dirs([parent / "a"]) as stages:
        (stages[parent / "a"] / "m.json").write_text(json.dumps({"ok": 1}))
    assert json.loads((parent / "a" / "m.json").read_text()) == {"ok": 1}
    assert os.readlink(parent / "a") == ".generations/current/a"  # relative: the folder can move
