"""The Makefile's targets that need an argument say which, as the README shows them,
instead of a Python usage error (found on the newcomer's walk, docs/newcomer_walk_2026-12-06.md)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from analysis import config

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.mark.parametrize(
    ("target", "named"),
    [
        ("report", "CUTOFF=2025-12-31"),
        ("review-pack", "REVIEWERS="),
        ("review-collect", "WORKBOOKS=internal/palautetut/"),
    ],
)
def test_a_target_without_its_argument_says_what_to_give(target: str, named: str) -> None:
    # RUN= leaves out the prerequisite that installs .venv: only the target's own check runs
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(config.REPO_DIR), target, "RUN="],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"make {target} needs" in done.stdout
    assert named in done.stdout
    assert "Traceback" not in done.stderr
    assert "usage:" not in done.stderr
