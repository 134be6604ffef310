"""The warm-kernel engine (analysis.publish.build.warm_kernel_engine) mirrors papermill's
NBClientEngine.execute_managed_notebook and adds nbclient's ``cleanup_kc``: no
public API asks for it. These tests pin what the mirror relies on, so that a
papermill or nbclient upgrade that changes it fails here, with the reason,
rather than leaving kernels running or dropping papermill's logger or timeout."""

from __future__ import annotations

import inspect

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines


def test_papermill_engine_arguments_are_the_ones_the_warm_engine_mirrors() -> None:
    parameters = list(inspect.signature(NBClientEngine.execute_managed_notebook).parameters)
    assert parameters == [
        "nb_man",
        "kernel_name",
        "log_output",
        "stdout_file",
        "stderr_file",
        "start_timeout",
        "execution_timeout",
        "kwargs",
    ], "papermill's NBClientEngine.execute_managed_notebook changed: update build.warm_kernel_engine to match"
    source = inspect.getsource(NBClientEngine.execute_managed_notebook)
    for part in ("log=logger", "execution_timeout if execution_timeout else kwargs.get('timeout')"):
        assert part in source, f"papermill's engine no longer passes {part}: update build.warm_kernel_engine"


def test_nbclient_setup_kernel_takes_cleanup_kc() -> None:
    """PapermillNotebookClient.execute(**kwargs) passes them to nbclient's
    setup_kernel, which pops ``cleanup_kc`` (default: only when it owns the kernel
    manager, which with ``km`` given it does not)."""
    assert "kwargs" in inspect.signature(PapermillNotebookClient.execute).parameters
    setup = inspect.getsource(PapermillNotebookClient.async_setup_kernel)
    assert 'kwargs.pop("cleanup_kc"' in setup, "nbclient's setup_kernel no longer takes cleanup_kc"


def test_the_warm_engine_registers_under_its_name() -> None:
    from analysis.publish.build import warm_kernel_engine

    name = warm_kernel_engine()
    engine = papermill_engines.get_engine(name)
    assert issubclass(engine, NBClientEngine)
    assert list(inspect.signature(engine.execute_managed_notebook).parameters) == list(
        inspect.signature(NBClientEngine.execute_managed_notebook).parameters
    )
