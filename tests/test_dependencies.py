"""Dependencies declared: every package that src/ imports is in pyproject.toml,
environment.yml names the same packages as pyproject.toml (its extras included) at
versions that agree with constraints.txt, and constraints.txt pins every one of them
at a version pyproject.toml allows."""

from __future__ import annotations

import functools
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml
from conftest import third_party_imports
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
# extras whose packages the code may import, and where: inside a function only, so
# that the package works without them
EXTRA_IMPORTS_ALLOWED_UNDER = {"explore": "explore/"}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirements(group: str | None = None) -> dict[str, Requirement]:
    """pyproject.toml's requirements (``group``: an extra; None: the package's own),
    by normalised name; a requirement's own extras (simplemma[marisa-trie]) stand
    for the packages they add."""
    project = pyproject()
    listed = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {normalised(req.name): req for req in map(Requirement, listed)}


def all_declared() -> dict[str, Requirement]:
    declared = dict(requirements())
    for group in pyproject()["optional-dependencies"]:
        declared.update(requirements(group))
    return declared


def constraints() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[normalised(name)] = Version(version.strip())
    return pins


@functools.cache
def imported_distributions() -> tuple[tuple[str, str, bool, str], ...]:
    """(file, distribution, at top level, module) of every third-party import in src/."""
    owners = packages_distributions()
    found = []
    for file, line, module, _, top_level in third_party_imports():
        top = module.split(".")[0]
        assert top in owners, f"src/analysis/{file}:{line} imports {module}, which no installed distribution provides"
        found.extend((f"{file}:{line}", normalised(dist), top_level, module) for dist in owners[top])
    return tuple(found)


def test_every_imported_package_is_declared() -> None:
    core = requirements()
    extras = {group: requirements(group) for group in EXTRA_IMPORTS_ALLOWED_UNDER}
    for where, dist, top_level, module in imported_distributions():
        if dist in core:
            continue
        group = next((g for g, reqs in extras.items() if dist in reqs), None)
        assert group is not None, f"src/analysis/{where} imports {module}: declare {dist} in pyproject.toml"
        assert where.startswith(EXTRA_IMPORTS_ALLOWED_UNDER[group]) and not top_level, (
            f"src/analysis/{where} imports {module} of the extra {group!r}: only "
            f"{EXTRA_IMPORTS_ALLOWED_UNDER[group]} may, inside a function"
        )


def test_the_imports_cover_the_known_ones() -> None:
    """The check above sees the imports (a walker that found none would pass it)."""
    seen = {dist for _, dist, _, _ in imported_distributions()}
    assert {"pandas", "numpy", "jinja2", "nbformat", "jupyter-client", "ipython", "ipywidgets", "papermill"} <= seen


def test_constraints_pin_every_declared_package_at_an_allowed_version() -> None:
    pins = constraints()
    for name, req in all_declared().items():
        assert name in pins, f"constraints.txt does not pin {name}: run make lock"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} but pyproject says {req}"
        for extra in req.extras:  # simplemma[marisa-trie]: the extra's package is pinned too
            assert normalised(extra) in pins, f"constraints.txt does not pin {extra} (of {req})"


def environment() -> dict[str, str | None]:
    """environment.yml's packages by normalised name: conda's version prefix, or
    pip's pinned version."""
    spec = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found: dict[str, str | None] = {}
    for entry in spec["dependencies"]:
        if isinstance(entry, dict):
            for line in entry["pip"]:
                if not line.startswith("-e"):
                    name, version = line.split("#")[0].strip().split("==")
                    found[normalised(name)] = version
            continue
        name, _, version = entry.partition("=")
        if name not in ("python", "pip"):
            found[normalised(name)] = version or None
    return found


def test_environment_yml_names_the_packages_of_pyproject() -> None:
    expected = set(all_declared())
    expected |= {normalised(extra) for req in all_declared().values() for extra in req.extras}
    assert set(environment()) == expected


def test_environment_yml_versions_agree_with_constraints() -> None:
    pins = constraints()
    for name, version in environment().items():
        assert version, f"environment.yml: give {name} a version (constraints.txt has {pins[name]})"
        wanted = Version(version).release
        assert pins[name].release[: len(wanted)] == wanted, (
            f"environment.yml: {name}={version}, constraints.txt: {pins[name]}"
        )
