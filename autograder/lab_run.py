"""Run a notebook of a lab: the lab's sandbox, limits and files, in the fastest kernel there is.

Where kernels can be forked from the lab's zygote (bubblewrap, root), the notebook runs in a
forked shell without the Jupyter protocol (``autograder.shell_client``); elsewhere in an ipykernel
started as a new sandboxed process, driven by nbclient (``autograder.execution``). Both report the
same ``Execution``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from nbformat import NotebookNode

import utils
from autograder import shell_client
from autograder.execution import NO_FIGURES, Execution, SandboxedKernelManager, execute
from autograder.sandbox import Limits, Sandbox
from autograder.syllabus import REPO_ROOT, Lab
from autograder.zygote import available as zygotes_available
from autograder.zygote import zygote_for
from utils import records


def _readable() -> list[Path]:
    """Folders outside the Python environment that kernels import from (an editable utils)."""
    utils_dir = Path(utils.__file__).parent
    return [] if utils_dir.is_relative_to(sys.prefix) else [utils_dir]


def run_lab(nb: NotebookNode, lab: Lab, *, record: bool) -> Execution:
    """Run a notebook of a lab in a new sandbox with the lab's limits and files.

    Args:
        nb: the notebook to run, in place.
        lab: its lab (budget, memory, shipped files).
        record: let test cells record their results (``utils.records``) for the grader.

    Returns:
        What each cell did.
    """
    readable = _readable()
    lab_zygote = zygote_for(lab, readable=readable, env=NO_FIGURES) if zygotes_available() else None
    sandbox = Sandbox(
        control=lab_zygote.new_control() if lab_zygote else Path(tempfile.mkdtemp(prefix="grade-")),
        limits=Limits(memory_mb=lab.memory_mb, cpu_seconds=int(2 * lab.seconds) + 10),
        files=[REPO_ROOT / f for f in lab.files],
        readable=readable,
        env={**NO_FIGURES, **({records.ENV_FLAG: "1"} if record else {})},
    )
    if lab_zygote is not None:
        return shell_client.execute(
            nb,
            sandbox=sandbox,
            zygote=lab_zygote,
            cell_timeout=lab.cell_timeout,
            budget=lab.seconds,
        )
    km = SandboxedKernelManager(sandbox)
    return execute(nb, km=km, cell_timeout=lab.cell_timeout, budget=lab.seconds)
