"""data/processed/: typed Parquet, no personal data, atomic writes, raw data untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, PERSONAL_DATA, leftovers, output_files

from analysis.cli.commands import main
from analysis.files.outputs import OutputError
from analysis.ingest import pipeline
from analysis.ingest.pipeline import run_cleaning
from analysis.processed.read import load_processed

DECEMBER = date(2025, 12, 31)


def _digest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in output_files(folder).items()}


@pytest.fixture
def layouts_project(project: Path) -> Path:
    shutil.copy(FIXTURES / "layout_a.csv", project / "data/raw/export.csv")
    return project


def test_clean_writes_typed_parquet_per_cutoff(layouts_project: Path) -> None:
    assert main(["clean"]) == 0
    for cutoff in ("2025-06-30", "2025-10-31", "2025-12-31"):
        folder = layouts_project / "data/processed" / cutoff
        assert sorted(p.name for p in folder.iterdir()) == [
            "assessments.parquet",
            "excluded.parquet",
            "manifest.json",
            "problems.parquet",
        ]
    data = load_processed(DECEMBER)
    a = data.assessments
    # 101 was submitted on the publication day 12.3.2025, so it is not a test.
    assert list(a["response_id"]) == ["101", "102", "103", "104", "105"]
    assert str(a["response_id"].dtype) == "string"  # see analysis.processed.response_ids
    assert str(a["submitted_at"].dtype).startswith("datetime64")
    assert str(a["investment__i1"].dtype) == "boolean"
    assert str(a["participants"].dtype) == "Int64"
    scope = a["scope"].dtype
    assert isinstance(scope, pd.CategoricalDtype) and scope.ordered
    assert list(scope.categories) == [
        "Palvelukokonaisuus",
        "Palveluketju",
        "Muu toimintamalli ja/tai palvelu",
        "Tuote",
        "Muu",
    ]
    phase = a["phase__rooted"].dtype
    assert phase.ordered and list(phase.categories) == [
        "Ei",
        "Yhdessä yksikössä",
        "Useammassa yksikössä",
        "Koko hyvinvointialueella",
    ]
    region = a["region"].dtype
    assert len(region.categories) == 22  # all areas, also those with no assessment
    assert list(a["region_code"]) == ["08", "08", "21", "90", "02"]


def test_cutoffs_differ_where_they_should(layouts_project: Path) -> None:
    main(["clean"])
    june = load_processed(date(2025, 6, 30))
    october = load_processed(date(2025, 10, 31))
    assert list(june.assessments["response_id"]) == ["101", "102"]
    assert list(october.assessments["response_id"]) == ["101", "102", "103", "104"]
    assert june.manifest["accounting"] == {
        "raw_rows": 5,
        "kept": 2,
        "excluded": {
            "excluded_by_analyst": 0,
            "duplicate_response_id": 0,
            "invalid": 0,
            "test_submission": 0,
            "after_cutoff": 3,
            "superseded": 0,
        },
    }


def test_manifest_records_inputs_and_provenance(layouts_project: Path) -> None:
    main(["clean", "--cutoff", "2025-12-31"])
    manifest = json.loads((layouts_project / "data/processed/2025-12-31/manifest.json").read_text(encoding="utf-8"))
    source = layouts_project / "data/raw/export.csv"
    assert manifest["cutoff"] == "2025-12-31"
    assert manifest["inputs"][0]["file"] == "export.csv"
    assert manifest["inputs"][0]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert manifest["inputs"][0]["personal_data_columns_dropped"] == 2
    assert manifest["code_version"].startswith("0.1.0")


def test_no_personal_data_in_any_processed_file(messy_project: Path) -> None:
    shutil.copy(FIXTURES / "layout_c.csv", messy_project / "data/raw/layout_c.csv")
    assert main(["clean"]) == 0
    files = list(output_files(messy_project / "data/processed").values())
    assert len(files) == 12
    for path in files:
        if path.suffix == ".parquet":
            text = pd.read_parquet(path).astype(str).to_csv()
        else:
            text = path.read_text(encoding="utf-8")
        raw_bytes = path.read_bytes()
        for value in PERSONAL_DATA:
            assert value not in text, (path, value)
            assert value.encode("utf-8") not in raw_bytes, (path, value)


def test_excluded_rows_are_kept_with_their_reasons(messy_project: Path) -> None:
    main(["clean", "--cutoff", "2025-12-31"])
    excluded = load_processed(DECEMBER).excluded
    assert len(excluded) == 8
    assert excluded["exclusion_reason"].value_counts().to_dict() == {
        "invalid": 2,
        "superseded": 2,
        "excluded_by_analyst": 1,
        "duplicate_response_id": 1,
        "test_submission": 1,
        "after_cutoff": 1,
    }
    problems = load_processed(DECEMBER).problems
    assert set(problems["severity"]) == {"error", "warning"}
    assert list(problems.columns) == ["file", "row", "column", "value", "message", "severity", "code", "params"]


def test_raw_data_is_never_written(messy_project: Path) -> None:
    raw = messy_project / "data/raw"
    before = _digest(raw)
    assert main(["clean"]) == 0
    assert main(["validate"]) == 0
    assert _digest(raw) == before
    with pytest.raises(OutputError, match="raw data is never written"):
        run_cleaning([DECEMBER], out_dir=raw)
    assert main(["clean", "--out", str(raw / "processed")]) == 1
    assert _digest(raw) == before


def test_a_failure_while_writing_leaves_previous_outputs(messy_project: Path, monkeypatch) -> None:
    assert main(["clean"]) == 0
    processed = messy_project / "data/processed"
    before = {name: p.read_bytes() for name, p in output_files(processed).items()}

    calls = {"n": 0}
    real = pipeline.write_parquet

    def failing(frame, path):
        calls["n"] += 1
        if calls["n"] == 5:  # part-way through the second cutoff
            raise OSError("disk full")
        real(frame, path)

    monkeypatch.setattr(pipeline, "write_parquet", failing)
    shutil.copy(FIXTURES / "layout_a.csv", messy_project / "data/raw/another.csv")
    with pytest.raises(OSError, match="disk full"):
        run_cleaning([date(2025, 6, 30), date(2025, 10, 31), DECEMBER])
    after = {name: p.read_bytes() for name, p in output_files(processed).items()}
    assert after == before
    assert leftovers(processed) == []


def test_two_runs_give_identical_data(messy_project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    main(["clean"])
    first = _digest(messy_project / "data/processed")
    main(["clean"])
    assert _digest(messy_project / "data/processed") == first
