"""`sample-data` says which files it wrote and which already held the sample's bytes
(the newcomer's walk: it said "wrote" for every file on a fresh clone, where nothing
changed). The sample's own bytes are checked in tests/test_sample.py; here a tiny
stand-in keeps the test fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli.commands import main
from analysis.synthetic import sample_files

STAND_IN = {"vienti.csv": b"a;b\n1;2\n", "sample_oracle/teemat.csv": b"x\n"}


@pytest.fixture
def small_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sample_files, "sample_files", lambda: dict(STAND_IN))


@pytest.mark.usefixtures("small_sample")
def test_written_then_unchanged_then_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sample-data", "--out", str(tmp_path)]) == 0
    first = capsys.readouterr().out
    assert f"wrote {tmp_path / 'vienti.csv'}" in first
    assert f"wrote {tmp_path / 'sample_oracle' / 'teemat.csv'}" in first
    assert "unchanged (already" not in first

    assert main(["sample-data", "--out", str(tmp_path)]) == 0
    second = capsys.readouterr().out
    assert "wrote " not in second
    assert f"unchanged (already the same bytes) {tmp_path / 'vienti.csv'}" in second
    assert f"unchanged (already the same bytes) {tmp_path / 'sample_oracle' / 'teemat.csv'}" in second

    (tmp_path / "vienti.csv").write_bytes(b"oma;tiedosto\n")
    assert main(["sample-data", "--out", str(tmp_path)]) == 1
    refused = capsys.readouterr()
    assert "refusing to overwrite files that differ from the sample" in refused.err
    assert (tmp_path / "vienti.csv").read_bytes() == b"oma;tiedosto\n"

    assert main(["sample-data", "--out", str(tmp_path), "--force"]) == 0
    forced = capsys.readouterr().out
    assert f"wrote {tmp_path / 'vienti.csv'}" in forced
    assert f"unchanged (already the same bytes) {tmp_path / 'sample_oracle' / 'teemat.csv'}" in forced
    assert (tmp_path / "vienti.csv").read_bytes() == STAND_IN["vienti.csv"]
