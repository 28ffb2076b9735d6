"""Test-wide setup: Jupyter, IPython, matplotlib, Keras and browser state live in a scratch folder.

The variables are set when pytest imports this file, before any test module imports matplotlib or
starts a kernel, and kernels inherit them. HOME itself points into the scratch folder, so anything
that ignores the variables is caught there (tests/test_isolation.py checks it stays empty).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest

SCRATCH = Path(tempfile.mkdtemp(prefix="course-tests-"))
STATE_DIRS = {
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "JUPYTERLAB_SETTINGS_DIR": "jupyter/lab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "jupyter/lab-workspaces",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
    "KERAS_HOME": "keras",
    "XDG_CONFIG_HOME": "xdg/config",
    "XDG_CACHE_HOME": "xdg/cache",
    "HOME": "home",
    "COURSE_ROOT": "course-root",
}
for _var, _sub in STATE_DIRS.items():
    (SCRATCH / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(SCRATCH / _sub)
os.environ["MPLBACKEND"] = "Agg"
os.environ.update({"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"})  # as `make` sets
os.environ["COURSE_QUICK"] = "1"  # long trainings run their short version (utils.session.quick)
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)

from autograder import cells  # noqa: E402 (after the environment is set)
from autograder.syllabus import REPO_ROOT, load_syllabus  # noqa: E402


@pytest.fixture(scope="session")
def syllabus():
    return load_syllabus()


def fill_answers(lab, answers: dict[str, str]):
    """The lab's student notebook with the answer cells named in ``answers`` replaced."""
    nb = nbformat.read(REPO_ROOT / lab.notebook, as_version=4)
    unknown = set(answers) - {cells.grade_id(c) for c in nb.cells if cells.is_answer_cell(c)}
    assert not unknown, f"no answer cells {unknown} in {lab.notebook}"
    for cell in nb.cells:
        if cells.grade_id(cell) in answers:
            cell.source = answers[cells.grade_id(cell)]
    return nb
