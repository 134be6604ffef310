"""The synthetic sample's files: the export's rows and cells, the hand-kept
files and the oracle as bytes, and writing them into data/raw/ (refusing to
overwrite files that differ without ``force``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from analysis import config
from analysis.files.outputs import write_input_atomically, xlsx_bytes
from analysis.form.codebook import Codebook, load_codebook
from analysis.synthetic.design import (
    ORACLE_DIR,
    ORACLE_FILE,
    SYNTHETIC_SHEET,
    Assessment,
    Sample,
    load_design,
    theme_names,
)
from analysis.synthetic.sample import build_sample

# --- writing -----------------------------------------------------------------------


def export_rows(sample: Sample, codebook: Codebook | None = None) -> list[list[object]]:
    """The export's first sheet: the header, then one row per response."""
    codebook = codebook or load_codebook()
    refs = codebook.export_columns()
    table: list[list[object]] = [[ref.header for ref in refs]]
    table.extend(row_cells(row, refs) for row in sample.rows)
    return table


def row_cells(row: Assessment, refs: Sequence) -> list[object]:
    """One response's cells under the export's columns ``refs`` (ColumnRefs)."""
    multi = {
        "participant_roles": row.roles,
        "investment": row.investment,
        "target_groups": row.target_groups,
        "dev_targets": row.dev_targets,
        "strengthened": row.strengthened,
        "other_evaluation": row.other_evaluation,
        "digital": row.digital,
    }
    others = {
        "investment": row.investment_other,
        "target_groups": row.target_other,
        "strengthened": row.strengthened_other,
    }
    matrices = {
        "results_evaluation": row.results_evaluation,
        "utilisation": row.utilisation,
        "adoption": row.adoption,
        "phase": row.phase,
    }
    values = {
        "response_id": row.response_id,
        "submitted_at": row.submitted_at,
        "region": row.region_written,
        "assessors": row.assessors,
        "contact_email": row.email,
        "participants": row.participants,
        "model_name": row.model_name,
        "innokyla_url": row.url,
        "scope": row.scope,
        "key_results": row.key_results,
    }
    cells: list[object] = []
    for ref in refs:
        q = ref.question
        if ref.kind == "option":
            cells.append(int(ref.option.id in multi[q.id]))
        elif ref.kind == "other_text":
            cells.append(others[q.id] or "")
        elif ref.kind == "item":
            cells.append(matrices[q.id][ref.item.id])
        else:
            cells.append(values[q.id])
    return cells


def _csv_bytes(rows: Sequence[Sequence[object]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def sample_files(sample: Sample | None = None) -> dict[str, bytes]:
    """File name (relative to data/raw/) -> bytes, for everything the sample consists of."""
    sample = sample or build_sample()
    design = load_design()
    about = [
        ["SYNTEETTINEN ESIMERKKIAINEISTO"],
        ["Tämä tiedosto ei sisällä oikeita itsearviointeja. Se on tehty ohjelmallisesti"],
        ["(python -m analysis sample-data) niin, että siitä lasketut luvut vastaavat"],
        ["THL:n julkaisemia yhteenvetoja 30.6., 31.10. ja 31.12.2025. Nimet, sähköpostit,"],
        ["toimintamallit ja vastausten tekstit ovat keksittyjä."],
    ]
    names = theme_names()
    oracle: list[list[object]] = [["response_id", "theme", "code"]]
    for row in sorted({r.response_id: r for r in sample.rows}.values(), key=lambda r: r.response_id):
        oracle += [[row.response_id, name, int(theme in row.themes)] for theme, name in names.items()]
    return {
        design["export_file"]: xlsx_bytes(
            [("Vastaukset", export_rows(sample)), (SYNTHETIC_SHEET, about)],
            sample.exported_at,
            creator="Webropol (synteettinen esimerkki)",
        ),
        config.EXCLUSIONS_FILE_NAME: _csv_bytes([["response_id", "reason"], *sample.exclusions]),
        config.LISTING_STATUS_FILE_NAME: _csv_bytes(
            [["innokyla_url", "liitetty", "tarkistettu"], *sample.listing_status]
        ),
        f"{ORACLE_DIR}/{ORACLE_FILE}": _csv_bytes(oracle),
    }


class SampleConflict(Exception):
    """Writing the sample would overwrite files that hold something else."""


def write_sample(out_dir: Path | None = None, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write the sample into ``out_dir`` (default data/raw/): the files written, and
    those left alone because they already hold the same bytes. Files that differ
    (an analyst's own exclusions list, say) are not overwritten unless ``force``."""
    out_dir = Path(out_dir or config.raw_dir())
    files = sample_files()
    conflicts = [
        out_dir / name
        for name, data in files.items()
        if (out_dir / name).exists() and (out_dir / name).read_bytes() != data
    ]
    if conflicts and not force:
        raise SampleConflict(
            "refusing to overwrite files that differ from the sample: "
            + ", ".join(str(p) for p in conflicts)
            + " (move them away, or use --force)"
        )
    written, unchanged = [], []
    for name, data in files.items():
        target = out_dir / name
        if target.exists() and target.read_bytes() == data:
            unchanged.append(target)
        else:
            write_input_atomically(target, data)
            written.append(target)
    return written, unchanged
