"""The package's shape: a subpackage per stage, layers that only point down, and
no module reaching into another's private names (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))

# The stages from the bottom up. A module may import its own subpackage and any
# subpackage of a lower layer, never one of its own layer or above. The layer's
# packages are listed in the order docs/architecture.md draws them.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__init__", "config"),
    ("arrow_columns", "form", "language"),
    ("problems",),
    ("files", "html"),
    ("processed",),
    ("themes",),
    ("ingest",),
    ("tables",),
    ("panel",),
    ("report",),
    ("publish", "explore", "synthetic"),
    ("cli",),
    ("__main__",),
)
LAYER_OF = {package: depth for depth, packages in enumerate(LAYERS) for package in packages}


def _top(module: str) -> str:
    """``analysis.ingest.cleaning`` -> ``ingest``; ``analysis`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[str, int]]:
    """The package's own modules (or top-level names) a file imports, with the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "analysis":
            if node.module == "analysis":
                found += [(f"analysis.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.startswith("analysis.")]
    return found


def _own(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("").parts
    return relative[0]


def test_every_module_belongs_to_a_layer() -> None:
    assert {_own(p) for p in MODULES} - set(LAYER_OF) == set()


def test_layers_only_point_down() -> None:
    upward = []
    for path in MODULES:
        own = _own(path)
        for module, line in _imports(path):
            target = _top(module)
            if target == "__version__":
                target = "__init__"
            if target == own:
                continue
            if LAYER_OF[target] >= LAYER_OF[own]:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert upward == []


def test_the_report_never_reads_an_export() -> None:
    """The report kernel reads data/processed/ only: nothing under report/ (nor the
    tables and the panel it shows) imports the reading and cleaning code."""
    for path in MODULES:
        if _own(path) in ("report", "tables", "panel", "processed", "html"):
            assert not [m for m, _ in _imports(path) if _top(m) == "ingest"], path


def test_the_layer_rule_would_catch_an_upward_import(tmp_path: Path) -> None:
    """The check above can fail: an ingest module importing the report is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("from analysis.report.charts import bar_chart\n", encoding="utf-8")
    imported = [_top(m) for m, _ in _imports(bad)]
    assert imported == ["report"] and LAYER_OF["report"] > LAYER_OF["ingest"]


def test_no_module_imports_a_private_name_of_another() -> None:
    found = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported_modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("analysis")):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(PACKAGE)}: from {node.module} import {alias.name}")
                    if (PACKAGE / (node.module or "").removeprefix("analysis").strip(".").replace(".", "/")).is_dir():
                        imported_modules.add(alias.asname or alias.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{path.relative_to(PACKAGE)}: {node.value.id}.{node.attr}")
    assert found == []


def test_no_module_is_named_for_a_section_number_or_as_a_grab_bag() -> None:
    vague = {"records", "keys", "handkept", "display", "fmt", "cells", "utils", "helpers", "misc", "common"}
    named = {p.stem for p in MODULES}
    assert named & vague == set()
