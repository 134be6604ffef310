"""Large synthetic exports, for the benchmarks: the sample generator at any size.

``write_large_export(path, n)`` writes ``n`` assessments in the wide Webropol
layout of the bundled sample (the same columns and header, a column per option
with 1/0, the personal-data columns filled with made-up names) as .csv (UTF-8,
';') or .xlsx (streamed with openpyxl's write-only mode). Rows are streamed to
the file, so memory does not grow with ``n``.

Each assessment is made by the sample generator's own code
(:meth:`~analysis.synthetic.sample.Builder.assessment`: model names, links,
people, open answers composed of the sample's theme sentences, evaluation,
adoption and phase answers). The sample composes its 108 assessments to meet
the published tables exactly; here each assessment's profile is instead drawn
independently from those published shares (areas, cutoff windows, scope,
investments, target groups, development targets, themes, utilisation and
phases), so the shares hold in expectation at any size.

Rows come in submission order, numbered from 1 as Webropol numbers them, and
the mess of a real export comes along in fixed proportions: about 1 % of rows
exported twice, 2 % of rows assessing again a model assessed shortly before
(its link spelled differently), 0.2 % test submissions before the form was
published, 1 % submitted after the last cutoff and 0.5 % of area names written
another way.

The files are for measuring, never for data/raw/: the CSV carries no synthetic
mark (a CSV has no second sheet), the XLSX carries the sample's.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from analysis.config import FORM_PUBLISHED
from analysis.files.outputs import write_file_atomically
from analysis.form.codebook import Codebook, load_codebook
from analysis.synthetic.composition import DEV_TARGETS, Profile
from analysis.synthetic.design import SYNTHETIC_SHEET, Assessment, load_design, load_texts
from analysis.synthetic.sample import Builder, url_slug
from analysis.synthetic.sample_files import row_cells

DEFAULT_SEED = 20260101
DUPLICATED_SHARE = 0.01
RESUBMITTED_SHARE = 0.02
TEST_SHARE = 0.002
AFTER_CUTOFF_SHARE = 0.01
AREA_SPELLING_SHARE = 0.005
POOL_SIZE = 5000


class _LargeBuilder(Builder):
    """The sample's builder, drawing each assessment's profile from the published
    shares instead of composing the whole sample to meet them exactly."""

    def __init__(self, seed: int, codebook: Codebook):
        design = load_design()
        super().__init__(design, load_texts(), codebook)
        self.rng = random.Random(seed)
        targets = self.targets
        n_final = targets["n_final"]
        self.area_codes = list(design["areas"])
        self.area_weights = [counts[2] for counts in design["areas"].values()]
        totals = [sum(c[0] for c in design["areas"].values())]
        totals.append(sum(c[1] for c in design["areas"].values()) - totals[0])
        totals.append(n_final - totals[0] - totals[1])
        self.bucket_weights = totals
        self.group_shares = {g: v["size"] / n_final for g, v in targets["target_groups"].items()}
        self.group_shares |= {g: c / n_final for g, c in design["other_target_groups"].items()}
        # development targets: their share over the six groups' published rows
        size = sum(v["size"] for v in targets["target_groups"].values())
        columns = ("health_care", "social_care", None, "multiprofessional", "preventive", "digital")
        self.dev_shares = {
            dev: sum(v["dev"][columns.index(dev)] for v in targets["target_groups"].values()) / size
            for dev in DEV_TARGETS
        }
        self.theme_shares = {t: c / n_final for t, c in targets["themes"].items()}
        self.scopes = list(targets["scope"])
        self.scope_weights = list(targets["scope"].values())
        self.investments = [tuple(c["options"]) for c in targets["investment"]]
        self.investment_weights = [c["count"] for c in targets["investment"]]
        self.utilisation_shares = {item: yes / n_final for item, yes in targets["utilisation_yes"].items()}
        reached = targets["phase_reached"]
        self.phase_shares = tuple(reached[k] / n_final for k in ("piloted", "adopted", "rooted"))
        self.both_share = targets["both_represented"] / n_final
        self.region_by_code = {r.code: r for r in codebook.regions}
        self.number = 0

    # Names and links: the sample keeps them unique by retrying, which does not
    # scale; here the running number makes them unique.
    def model_name(self, groups, dev_targets, region_code) -> str:
        rng, texts = self.rng, self.texts
        group = rng.choice(sorted(groups)) if groups else "whole_population"
        dev = rng.choice(sorted(dev_targets))
        name = f"{rng.choice(texts['model_name_prefixes'][group])} {rng.choice(texts['model_name_cores'][dev])}"
        return f"{name[0].upper()}{name[1:]} {self.number}"

    def url(self, name: str, region_code: str) -> str:
        return f"https://innokyla.fi/fi/toimintamalli/{url_slug(name)}"

    def _chosen(self, shares: dict[str, float]) -> set[str]:
        return {key for key, share in shares.items() if self.rng.random() < share}

    def random_assessment(self) -> Assessment:
        rng = self.rng
        self.number += 1
        region_code = rng.choices(self.area_codes, self.area_weights)[0]
        bucket = rng.choices(range(3), self.bucket_weights)[0]
        groups = self._chosen(self.group_shares) or {rng.choice(sorted(self.group_shares))}
        six = frozenset(g for g in groups if g in self.targets["target_groups"])
        dev_targets = frozenset(self._chosen(self.dev_shares) or {rng.choice(DEV_TARGETS)})
        themes = frozenset(self._chosen(self.theme_shares))
        utilisation = {
            item: "Kyllä" if rng.random() < share else rng.choice(["Osittain", "Osittain", "Ei", "En osaa sanoa"])
            for item, share in self.utilisation_shares.items()
        }
        piloted, adopted, rooted = (rng.random() < share for share in self.phase_shares)
        both = rng.random() < self.both_share
        roles = (
            frozenset({"region_representative", "rrp_representative"})
            if both
            else frozenset({rng.choice(["region_representative", "rrp_representative"])})
        )
        row = self.assessment(
            Profile(six, dev_targets, frozenset()),
            themes,
            region_code,
            self.timestamp(bucket),
            other_groups=frozenset(groups - six),
            scope=rng.choices(self.scopes, self.scope_weights)[0],
            investment=rng.choices(self.investments, self.investment_weights)[0],
            participants=rng.randint(len(roles), 6),
            roles=roles,
            utilisation=utilisation,
            phase_reached=(piloted, adopted or rooted, rooted),
        )
        row.region_written = self.area_spelling(region_code)
        return row

    def area_spelling(self, code: str) -> str:
        region = self.region_by_code[code]
        if self.rng.random() >= AREA_SPELLING_SHARE:
            return region.name
        return self.rng.choice([region.short, region.sv, *region.brands])

    def submission_times(self, count: int) -> list[datetime]:
        """``count`` submission times in order: a few tests before the form was
        published, then the three cutoff windows, then a few after the last cutoff."""
        rng = self.rng
        times = []
        for _ in range(count):
            kind = rng.random()
            if kind < TEST_SHARE:
                times.append(datetime(2025, 3, 1) + timedelta(minutes=rng.randint(0, 15000)))
            elif kind < TEST_SHARE + AFTER_CUTOFF_SHARE:
                times.append(datetime(2026, 1, 2) + timedelta(minutes=rng.randint(0, 20000)))
            else:
                times.append(self.timestamp(rng.choices(range(3), self.bucket_weights)[0]))
        return sorted(times)

    def rows(self, n: int, refs: Sequence) -> Iterator[list[object]]:
        """``n`` rows of cells in submission order, numbered as Webropol numbers them,
        with the mess: some rows exported twice, some models assessed again."""
        rng = self.rng
        # Drawing a whole assessment costs about 0.3 ms; a pool of them, each reused
        # with its own response id, time, name, link and a freshly written open
        # answer, keeps a million rows to well under a minute.
        pool = [self.random_assessment() for _ in range(min(n, POOL_SIZE))]
        pool_cells = [row_cells(row, refs) for row in pool]
        column = {
            name: next(i for i, ref in enumerate(refs) if ref.kind == "value" and ref.question.id == name)
            for name in ("response_id", "submitted_at", "model_name", "innokyla_url", "key_results")
        }
        exported_twice = [rng.random() < DUPLICATED_SHARE for _ in range(n)]
        exported_twice[0] = False
        times = self.submission_times(n - sum(exported_twice))
        published = datetime.combine(FORM_PUBLISHED, datetime.min.time())
        recent: list[list[object]] = []  # models assessed lately, which may be assessed again
        response_id = 0
        cells: list[object] = []
        for twice in exported_twice:
            if twice:  # the previous row once more, same response id
                yield cells
                continue
            submitted_at = times[response_id]
            response_id += 1
            if recent and rng.random() < RESUBMITTED_SHARE:
                cells = list(rng.choice(recent))
                url = str(cells[column["innokyla_url"]])
                cells[column["innokyla_url"]] = (
                    url.replace("https://", "http://www.") + "/" if url.startswith("https://") else url
                )
            else:
                pick = rng.randrange(len(pool))
                cells = list(pool_cells[pick])
                name = f"{pool[pick].model_name.rsplit(' ', 1)[0]} {response_id}"
                if submitted_at < published:
                    name = f"TESTI – {name}"
                cells[column["model_name"]] = name
                cells[column["innokyla_url"]] = f"https://innokyla.fi/fi/toimintamalli/{url_slug(name)}"
                cells[column["key_results"]] = self.answer(pool[pick].themes)
                recent.append(cells)
                if len(recent) > 1000:
                    recent.pop(rng.randrange(len(recent)))
            cells[column["response_id"]] = response_id
            cells[column["submitted_at"]] = submitted_at
            yield cells


def large_export_rows(n: int, seed: int = DEFAULT_SEED, codebook: Codebook | None = None) -> Iterator[list[object]]:
    """The header, then ``n`` rows of cell values, in the sample's wide layout."""
    codebook = codebook or load_codebook()
    refs = codebook.export_columns()
    yield [ref.header for ref in refs]
    yield from _LargeBuilder(seed, codebook).rows(n, refs)


def write_large_export(path: Path | str, n: int, seed: int = DEFAULT_SEED) -> Path:
    """Write ``n`` synthetic assessments to ``path`` (.csv or .xlsx), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{path}: a large export is .csv or .xlsx")
    rows = large_export_rows(n, seed)

    def write(tmp: Path) -> None:
        if suffix == ".csv":
            with open(tmp, "w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, delimiter=";", lineterminator="\n")
                for values in rows:
                    writer.writerow([v.strftime("%d.%m.%Y %H:%M:%S") if isinstance(v, datetime) else v for v in values])
        else:
            import openpyxl

            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet("Vastaukset")
            for values in rows:
                sheet.append([None if v == "" else v for v in values])
            book.create_sheet(SYNTHETIC_SHEET).append(["SYNTEETTINEN ESIMERKKIAINEISTO (suorituskykymittaus)"])
            book.save(tmp)

    write_file_atomically(path, write)
    return path


__all__ = ["large_export_rows", "write_large_export"]
