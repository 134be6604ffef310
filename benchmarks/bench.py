"""Benchmarks: how fast the reports build, and how far the pipeline scales.

    make bench                  # everything (about 12 minutes)
    make bench ARGS=--quick     # a smoke run: small sizes, one run each
    .venv/bin/python benchmarks/bench.py --help

Four parts, each reported as the median of several runs with min and max:

build    ``python -m analysis build --all`` on the bundled sample, against the same
         three cutoffs built one after another with plain ``papermill`` and
         ``jupyter nbconvert --to html`` commands, alternating, in one run. The
         plain run starts from data/processed/ already written (its cleaning is
         not timed); ``build --all`` cleans the exports itself.
slides   ``build --all --slides`` against ``build --all``, alternating: what writing
         the slide deck (report.pptx) costs (issue #29: at most 1 s per cutoff).
phases   one cutoff's build (31.12.2025) taken apart: cleaning, kernel start,
         package import, tables, charts, HTML conversion.
scale    cleaning plus all tables (no notebook) on synthetic exports in the wide
         Webropol layout, made on the fly in a temporary folder by the sample
         generator (analysis.synthetic.large): CSV with 10 000, 100 000 and
         1 000 000 assessments, XLSX with 10 000 and 100 000. Each run is a fresh
         process; its peak memory is its peak resident set size.

A speed check (a fixed workload) is timed at the start and the end of a run: on a
shared machine, whose speed drifts, it tells whether two runs are comparable.

Every part prints its targets as met or not met. Nothing is written into the
project: the runs work in temporary folders (RRP_PROJECT_DIR).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "summary_report.ipynb"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
CUTOFFS = ("2025-06-30", "2025-10-31", "2025-12-31")

BUILD_RATIO_TARGET = 0.40  # issue #22: at most 0.40 of plain papermill + nbconvert
SLIDES_TARGET_S = 1.0  # issue #29: build --all --slides at most 1 s more per cutoff than build --all
SCALE_SECONDS_TARGET = 30.0
MEMORY_TARGET_BYTES = 4 * 1024**3
SCALE_SIZES = (("csv", 10_000), ("csv", 100_000), ("csv", 1_000_000), ("xlsx", 10_000), ("xlsx", 100_000))
QUICK_SIZES = (("csv", 2_000), ("csv", 20_000), ("xlsx", 2_000))


# --- helpers ------------------------------------------------------------------------


def stats(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def fmt_stats(s: dict[str, float], unit: str = "s", digits: int = 1) -> str:
    return f"{s['median']:.{digits}f} {unit} (min {s['min']:.{digits}f}, max {s['max']:.{digits}f}, {s['runs']} runs)"


def verdict(met: bool) -> str:
    return "MET" if met else "NOT MET"


def machine() -> dict[str, object]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    import pandas
    import pyarrow

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": cores,
        "memory_gib": round(memory / 1024**3, 1) if memory else None,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
    }


def speed_check() -> float:
    """Seconds for a fixed workload (Python bytecode, a numpy sort, fresh memory
    touched), best of 3: printed at the start and the end of a run, so that figures
    from a shared machine whose speed drifts can be compared (lower is faster)."""
    import numpy as np

    def once() -> float:
        started = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i * i % 7
        values = np.random.default_rng(0).random(4_000_000)
        values.sort()
        block = np.ones(64 * 1024**2, dtype=np.int64)  # 512 MiB of new pages
        block[::512] += 1
        return time.perf_counter() - started

    return min(once() for _ in range(3))


def peak_memory() -> int:
    """This process's peak resident set size, in bytes. Linux's VmHWM belongs to the
    address space, which exec replaces; ru_maxrss would keep the size the process
    had before exec, i.e. that of the benchmark process which started it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # elsewhere: the best there is


def project_copy(root: Path) -> Path:
    """A project folder with the sample's data/raw/, for RRP_PROJECT_DIR."""
    (root / "data" / "raw").mkdir(parents=True)
    for item in (REPO / "data" / "raw").iterdir():
        if item.is_file():
            shutil.copy2(item, root / "data" / "raw" / item.name)
    (root / "data" / "processed").mkdir()
    (root / "reports").mkdir()
    return root


def run(command: list[str], env: dict[str, str], cwd: Path = REPO) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


# --- a. build --all against plain papermill + nbconvert -------------------------------


def bench_build(repeat: int) -> dict:
    ours, plain = [], []
    with tempfile.TemporaryDirectory(prefix="rrp-bench-build-") as tmp:
        root = project_copy(Path(tmp) / "project")
        env = {**os.environ, "RRP_PROJECT_DIR": str(root)}
        out = Path(tmp) / "plain"
        out.mkdir()
        run([PYTHON, "-m", "analysis", "clean"], env)  # the plain run's data/processed/ (not timed)
        for i in range(repeat):
            for which in ("ours", "plain") if i % 2 == 0 else ("plain", "ours"):
                if which == "ours":
                    ours.append(run([PYTHON, "-m", "analysis", "build", "--all"], env))
                    continue
                started = time.perf_counter()
                for cutoff in CUTOFFS:
                    executed = out / f"{cutoff}.ipynb"
                    earlier = [c for c in CUTOFFS if c < cutoff]
                    run(
                        [
                            str(BIN / "papermill"),
                            str(NOTEBOOK),
                            str(executed),
                            "--cwd",
                            str(NOTEBOOK.parent),
                            "-p",
                            "cutoff",
                            cutoff,
                            "-p",
                            "processed_dir",
                            str(root / "data" / "processed"),
                            "-y",
                            json.dumps({"compare_with": earlier}),
                        ],
                        env,
                    )
                    run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], env)
                plain.append(time.perf_counter() - started)
    result = {"build_all": stats(ours), "plain_sequential": stats(plain)}
    result["ratio"] = result["build_all"]["median"] / result["plain_sequential"]["median"]
    result["target_met"] = result["ratio"] <= BUILD_RATIO_TARGET
    return result


def bench_slides(repeat: int) -> dict:
    """build --all with and without --slides, alternating, on the same project."""
    plain, slides = [], []
    with tempfile.TemporaryDirectory(prefix="rrp-bench-slides-") as tmp:
        root = project_copy(Path(tmp) / "project")
        env = {**os.environ, "RRP_PROJECT_DIR": str(root)}
        for i in range(repeat):
            for which in ("plain", "slides") if i % 2 == 0 else ("slides", "plain"):
                extra = ["--slides"] if which == "slides" else []
                (slides if extra else plain).append(run([PYTHON, "-m", "analysis", "build", "--all", *extra], env))
    result = {"build_all": stats(plain), "build_all_slides": stats(slides)}
    result["per_cutoff_s"] = (result["build_all_slides"]["median"] - result["build_all"]["median"]) / len(CUTOFFS)
    result["target_met"] = result["per_cutoff_s"] <= SLIDES_TARGET_S
    return result


def print_build(repeat: int, results: dict[str, object]) -> tuple[str, bool, str]:
    """Part a, printed; its target's check."""
    print("\na. build --all against plain papermill + nbconvert, three cutoffs of the sample", flush=True)
    b = bench_build(repeat)
    results["build"] = b
    print(f"  build --all                         {fmt_stats(b['build_all'])}")
    print(f"  papermill + nbconvert, one by one   {fmt_stats(b['plain_sequential'])}")
    print(f"  ratio of medians                    {b['ratio']:.2f}")
    return (f"build --all at most {BUILD_RATIO_TARGET} of plain", b["target_met"], f"ratio {b['ratio']:.2f}")


def print_slides(repeat: int, results: dict[str, object]) -> tuple[str, bool, str]:
    """Part a2, printed; its target's check."""
    print("\na2. build --all --slides against build --all, three cutoffs of the sample", flush=True)
    d = bench_slides(repeat)
    results["slides"] = d
    print(f"  build --all                         {fmt_stats(d['build_all'])}")
    print(f"  build --all --slides                {fmt_stats(d['build_all_slides'])}")
    print(f"  the deck, per cutoff                {d['per_cutoff_s']:+.2f} s")
    return (f"--slides at most {SLIDES_TARGET_S:.0f} s more per cutoff", d["target_met"], f"{d['per_cutoff_s']:+.2f} s")


BUILD_PARTS = (("build", print_build), ("slides", print_slides))


# --- b. the phases of one cutoff's build ---------------------------------------------

# Run in the kernel before the notebook: times every chart the renderer draws
# (drawing, SVG and its HTML), so that tables and charts can be told apart.
_INSTRUMENT = """
import functools as _functools, time as _time
import analysis.report.render as _render
_bench_seconds = {"charts": 0.0}
def _bench_timed(function):
    @_functools.wraps(function)
    def timed(*args, **kwargs):
        started = _time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _bench_seconds["charts"] += _time.perf_counter() - started
    return timed
_render.chart = _bench_timed(_render.chart)
"""


def _execute(client, code: str) -> tuple[float, list[str]]:
    """Run code in the kernel; the time until it replies, and what it printed."""
    started = time.perf_counter()
    msg_id = client.execute(code, store_history=False)
    printed = []
    while True:
        message = client.get_iopub_msg(timeout=120)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        if message["msg_type"] == "error":
            raise RuntimeError("\n".join(message["content"]["traceback"]))
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    return time.perf_counter() - started, printed


def one_phase_run(root: Path, cutoff: date) -> dict[str, float]:
    import nbformat
    import papermill
    from jupyter_client.manager import KernelManager

    from analysis import config
    from analysis.ingest import pipeline
    from analysis.publish import build as building
    from analysis.report.data import ReportData
    from analysis.report.summary import summary_json
    from analysis.tables import listing

    phases: dict[str, float] = {}
    started = time.perf_counter()
    inputs = pipeline.load_inputs()
    needed = [cutoff, *building.comparison_cutoffs(cutoff)]
    pipeline.write_processed(inputs, [inputs.clean(c) for c in needed], config.processed_dir())
    phases["cleaning"] = time.perf_counter() - started

    started = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(NOTEBOOK.parent))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    phases["kernel start"] = time.perf_counter() - started
    try:
        phases["package import"], _ = _execute(client, "import analysis.report.notebook")
        _execute(client, _INSTRUMENT)
        client.stop_channels()  # papermill brings its own client
        executed = root / "executed.ipynb"
        parameters = {
            "cutoff": cutoff.isoformat(),
            "processed_dir": str(config.processed_dir()),
            "compare_with": [c.isoformat() for c in building.comparison_cutoffs(cutoff)],
        }
        started = time.perf_counter()
        papermill.execute_notebook(
            str(NOTEBOOK),
            str(executed),
            kernel_name="python3",
            km=manager,
            progress_bar=False,
            request_save_on_cell_execute=False,  # as the build runs it
            parameters=parameters,
            cwd=str(NOTEBOOK.parent),
        )
        notebook_seconds = time.perf_counter() - started
        client = manager.client()
        client.start_channels()
        _, printed = _execute(client, "import json; print(json.dumps(_bench_seconds))")
        charts = json.loads("".join(printed))["charts"]
        notebook = nbformat.read(executed, as_version=4)
        cells = sum(c["metadata"].get("papermill", {}).get("duration") or 0 for c in notebook.cells)
        phases["tables"] = cells - charts
        phases["charts"] = charts
        phases["papermill itself"] = notebook_seconds - cells
        started = time.perf_counter()
        building.html_report(notebook, "x")
        phases["HTML conversion"] = time.perf_counter() - started
        started = time.perf_counter()
        report = ReportData.load(cutoff.isoformat(), config.processed_dir(), parameters["compare_with"])
        summary_json(report)
        listing.listing_csv(listing.listing_rows(report.kept))
        phases["summary.json and listing"] = time.perf_counter() - started
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return phases


def bench_phases(repeat: int, cutoff: date = date(2025, 12, 31)) -> dict:
    """In a fresh process per run: the imports of this process are not a phase."""
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="rrp-bench-phases-") as tmp:
        root = project_copy(Path(tmp) / "project")
        env = {**os.environ, "RRP_PROJECT_DIR": str(root)}
        for _ in range(repeat):
            result = subprocess.run(
                [PYTHON, __file__, "--worker-phases", cutoff.isoformat()], env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise RuntimeError(result.stderr[-3000:])
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return {name: stats([r[name] for r in runs]) for name in runs[0]}


# --- c. cleaning plus all tables on large exports ---------------------------------------


def scale_run(path: Path) -> dict[str, float]:
    """Read, code and clean one export at 31.12.2025, write data/processed/, and
    compute every table of the report: in this (fresh) process."""
    started = time.perf_counter()
    from analysis import config
    from analysis.ingest import pipeline
    from analysis.report.data import ReportData
    from analysis.report.sections import report_sections
    from analysis.report.summary import summary_from_sections

    cutoff = date(2025, 12, 31)
    seconds: dict[str, float] = {}
    step = time.perf_counter()
    inputs = pipeline.load_inputs([path], None, None, None)
    seconds["read and code"] = time.perf_counter() - step
    step = time.perf_counter()
    cleaned = inputs.clean(cutoff)
    pipeline.write_processed(inputs, [cleaned], config.processed_dir())
    seconds["clean and write"] = time.perf_counter() - step
    step = time.perf_counter()
    report = ReportData.from_frames(cutoff, cleaned.assessments, pipeline.manifest(inputs, cleaned))
    summary = summary_from_sections(report_sections(report))
    seconds["tables"] = time.perf_counter() - step
    seconds["total"] = time.perf_counter() - started
    seconds["kept"] = summary["n"]
    seconds["peak_bytes"] = peak_memory()
    return seconds


def bench_scale(repeat: int, sizes) -> dict:
    from analysis.synthetic.large import write_large_export

    results = {}
    with tempfile.TemporaryDirectory(prefix="rrp-bench-scale-") as tmp:
        root = Path(tmp)
        (root / "data" / "processed").mkdir(parents=True)
        env = {**os.environ, "RRP_PROJECT_DIR": str(root)}
        for kind, rows in sizes:
            path = root / f"vienti_{rows}.{kind}"
            started = time.perf_counter()
            write_large_export(path, rows)
            made = time.perf_counter() - started
            runs = []
            for _ in range(repeat):
                result = subprocess.run(
                    [PYTHON, __file__, "--worker-scale", str(path)], env=env, capture_output=True, text=True
                )
                if result.returncode != 0:
                    raise RuntimeError(result.stderr[-3000:])
                runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
            key = f"{kind} {rows}"
            results[key] = {
                "rows": rows,
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "generated_seconds": round(made, 1),
                "kept": runs[0]["kept"],
                **{
                    name: stats([r[name] for r in runs])
                    for name in ("total", "read and code", "clean and write", "tables")
                },
                "peak_bytes": stats([r["peak_bytes"] for r in runs]),
            }
            path.unlink()
            print(
                f"  {key:>12}: {fmt_stats(results[key]['total'])}, "
                f"peak {results[key]['peak_bytes']['max'] / 1024**3:.2f} GiB",
                flush=True,
            )
    return results


def scale_targets(results: dict) -> list[tuple[str, bool, str]]:
    checks = []
    for key in ("csv 1000000", "xlsx 100000"):
        if key not in results:
            continue
        r = results[key]
        checks.append(
            (
                f"{key}: under {SCALE_SECONDS_TARGET:.0f} s",
                r["total"]["median"] < SCALE_SECONDS_TARGET,
                f"median {r['total']['median']:.1f} s",
            )
        )
        checks.append(
            (
                f"{key}: under 4 GiB",
                r["peak_bytes"]["max"] < MEMORY_TARGET_BYTES,
                f"peak {r['peak_bytes']['max'] / 1024**3:.2f} GiB",
            )
        )
    if "csv 100000" in results and "csv 1000000" in results:
        small, large = results["csv 100000"]["total"]["median"], results["csv 1000000"]["total"]["median"]
        ratio = large / small
        checks.append(
            (
                "csv 100 000 -> 1 000 000: no worse than linear",
                ratio <= 10.0,
                f"10x the rows took {ratio:.1f}x the time (growth exponent {math.log10(ratio):.2f})",
            )
        )
    return checks


# --- main ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="small sizes and one run: a smoke test")
    parser.add_argument(
        "--only",
        choices=("build", "slides", "phases", "scale"),
        action="append",
        help="run only this part (repeatable)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--worker-scale", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-phases", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker_scale:
        print(json.dumps(scale_run(args.worker_scale)))
        return 0
    if args.worker_phases:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(one_phase_run(Path(tmp), date.fromisoformat(args.worker_phases))))
        return 0

    repeat = 1 if args.quick else args.repeat
    parts = args.only or ["build", "slides", "phases", "scale"]
    results: dict[str, object] = {"machine": machine(), "repeat": repeat}
    print("Machine:", ", ".join(f"{k} {v}" for k, v in results["machine"].items()), flush=True)
    results["speed_check_start"] = speed_check()
    print(f"Speed check (a fixed workload; lower is faster): {results['speed_check_start']:.2f} s", flush=True)
    checks: list[tuple[str, bool, str]] = []

    checks += [printed(repeat, results) for part, printed in BUILD_PARTS if part in parts]

    if "phases" in parts:
        print("\nb. one cutoff's build (31.12.2025), phase by phase", flush=True)
        p = bench_phases(repeat)
        results["phases"] = p
        for name, s in p.items():
            print(f"  {name:<26} {fmt_stats(s, digits=2)}")

    if "scale" in parts:
        print("\nc. cleaning plus all tables on synthetic exports (a fresh process per run)", flush=True)
        s = bench_scale(repeat, QUICK_SIZES if args.quick else SCALE_SIZES)
        results["scale"] = s
        print(
            f"  {'export':>12} {'rows':>9} {'kept':>9} {'MB':>7} {'median s':>9} {'min':>6} {'max':>6}"
            f" {'s/1000 rows':>11} {'peak GiB':>9}"
        )
        for key, r in s.items():
            t = r["total"]
            print(
                f"  {key:>12} {r['rows']:>9} {r['kept']:>9} {r['file_mb']:>7} {t['median']:>9.1f} {t['min']:>6.1f}"
                f" {t['max']:>6.1f} {1000 * t['median'] / r['rows']:>11.4f} {r['peak_bytes']['max'] / 1024**3:>9.2f}"
            )
        for key, r in s.items():
            parts_text = ", ".join(
                f"{name} {r[name]['median']:.1f} s" for name in ("read and code", "clean and write", "tables")
            )
            print(f"  {key:>12}: {parts_text}")
        checks += scale_targets(s)

    results["speed_check_end"] = speed_check()
    print(
        f"\nSpeed check at the end: {results['speed_check_end']:.2f} s "
        f"(at the start {results['speed_check_start']:.2f} s)"
    )
    if checks:
        print("\nTargets")
        for name, met, detail in checks:
            print(f"  {verdict(met):<8} {name} ({detail})")
    results["targets"] = [{"target": n, "met": m, "measured": d} for n, m, d in checks]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
