"""The package's shape: modules of one concern, each of a readable size, and no
module reaching into another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 450  # a module longer than this holds more than one concern: split it


def _package_modules() -> set[str]:
    return {p.stem for p in MODULES} | {"synthetic"}


def test_no_module_imports_a_private_name_of_another() -> None:
    ours = _package_modules()
    found = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported_modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("analysis")):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(PACKAGE)}: from {node.module} import {alias.name}")
                    if alias.name in ours:
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


def test_every_module_of_the_package_is_of_a_readable_size() -> None:
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
