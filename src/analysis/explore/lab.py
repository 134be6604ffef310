"""JupyterLab saves the notebooks it opens (autosave too); `make lab` hands it
:func:`strip_outputs` as the contents manager's pre-save hook, so a saved notebook
holds no outputs, execution counts or widget state: opening, running or
autosaving leaves a tracked notebook as committed, and reopening shows no dead
widgets ("model not found"), only cells to run. The same rule as the
pre-commit hook nbstripout (cell ids kept)."""

from __future__ import annotations

from typing import Any


def strip_outputs(model: dict[str, Any], **_: Any) -> None:
    """ContentsManager.pre_save_hook: empty the outputs of a notebook model in place."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        metadata = cell.get("metadata", {})
        for key in ("execution", "ExecuteTime", "collapsed", "scrolled"):
            metadata.pop(key, None)


__all__ = ["strip_outputs"]
