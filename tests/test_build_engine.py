"""How the reports' notebooks are run: papermill's public ``execute_notebook`` on a
kernel started ahead (analysis.publish.build.WarmKernel), passed on to nbclient's
NotebookClient as ``km``. The owner of that kernel shuts it down and closes the
client nbclient made for it. No private API of a dependency is used anywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import parsed_sources, third_party_imports

from analysis.publish.build import QUIET_KERNEL_WARNINGS, WarmKernel


def test_no_private_module_or_name_of_a_dependency_is_imported() -> None:
    private = [
        f"{file}:{line} {module} {names}"
        for file, line, module, names, _ in third_party_imports()
        if any(part.startswith("_") for part in module.split(".")) or any(name.startswith("_") for name in names)
    ]
    assert not private
    # modules of papermill that its documentation does not offer (engines' internals)
    internals = [
        f"{file}:{line} {module}"
        for file, line, module, _, _ in third_party_imports()
        if module.startswith(("papermill.", "nbclient.", "simplemma.strategies.dictionaries."))
    ]
    assert not internals


def test_no_private_attribute_of_a_dependency_is_reached() -> None:
    """The two private uses there were: the kernel process behind jupyter_client's
    provisioner, and simplemma's trie-writing hook."""
    for file, tree in parsed_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("provisioner", "_write_trie_to_disk"), f"{file}:{node.lineno}"
            if isinstance(node, ast.FunctionDef):
                assert node.name != "_write_trie_to_disk", f"{file}:{node.lineno}"


def tiny_notebook(path: Path) -> Path:
    import nbformat  # imported where used: it takes about 2 s (jsonschema's format checkers)

    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("n = 1")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [
        parameters,
        nbformat.v4.new_code_cell("import os\nos.write(2, b'from the kernel: %d\\n' % (n * 7))\nprint(n + 1)"),
        nbformat.v4.new_code_cell("print(get_ipython().history_manager.hist_file)"),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


@pytest.mark.slow
def test_a_warm_kernel_runs_the_notebook_and_leaves_nothing_running(tmp_path: Path, capfd) -> None:
    import nbformat
    import papermill

    kernel = WarmKernel(cwd=tmp_path)
    try:
        papermill.execute_notebook(
            str(tiny_notebook(tmp_path / "in.ipynb")),
            str(tmp_path / "out.ipynb"),
            parameters={"n": 6},
            kernel_name="python3",
            progress_bar=False,
            km=kernel.manager,
        )
        assert kernel.manager.is_alive(), "the kernel is the owner's to shut down, not nbclient's"
        made = list(kernel.manager.clients_made)
        assert len(made) == 2  # the warm-up's client and nbclient's
        assert any(client.channels_running for client in made)
    finally:
        kernel.shutdown_in_background()  # as the build does once a notebook has run
        kernel.shutdown()  # waits for the one in the background, then has nothing to do
    assert not kernel.manager.has_kernel
    assert not any(client.channels_running for client in made)
    assert not kernel.stderr_thread.is_alive()
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert executed.cells[-2].outputs[0]["text"] == "7\n"  # the injected n = 6, after the default n = 1
    assert executed.cells[-2].execution_count == 3  # parameters, injected parameters, this: the warm-up not counted
    assert executed.cells[-1].outputs[0]["text"] == ":memory:\n"  # no history written to the user's SQLite file
    err = capfd.readouterr().err
    assert "from the kernel: 42" in err  # the kernel's stderr is passed on
    assert not any(quiet in err for quiet in QUIET_KERNEL_WARNINGS)
