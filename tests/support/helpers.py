"""What many test modules share: the scratch state folders, lab answers, notebook text.

Test modules import it as ``helpers`` (pytest puts ``tests/support`` on the path); nothing else
lives in this folder, so no folder of the tests can shadow a package of the course.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path

import nbformat
import yaml
from nbformat import NotebookNode

from autograder import cells
from autograder.syllabus import REPO_ROOT, Lab, load_syllabus

TESTS_DIR = Path(__file__).resolve().parent.parent
LABS_TESTS_DIR = TESTS_DIR / "labs"
# Where Jupyter, IPython, matplotlib, Keras, chromium and XDG tools keep state: tests point every
# one of these at a scratch folder (the test session's, or a browser test server's).
STATE_DIRS = {
    "HOME": "home",
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
    "XDG_DATA_HOME": "xdg/data",
}


def point_state_dirs(scratch: Path, env: MutableMapping[str, str]) -> MutableMapping[str, str]:
    """Set every variable of STATE_DIRS in ``env`` to a folder created under ``scratch``.

    Returns:
        ``env``, updated.
    """
    for var, sub in STATE_DIRS.items():
        (scratch / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(scratch / sub)
    return env


def lab_answers(lab_id: str) -> dict:
    """A graded lab's typical mistakes and right answers (``tests/labs/<lab id>/submissions.yml``).

    Returns:
        ``{"correct": {name: {exercise: code}}, "wrong": {name: {exercise: code, "loses": [...],
        "public": "pass"?}}}``.
    """
    return yaml.safe_load((LABS_TESTS_DIR / lab_id / "submissions.yml").read_text())


def fill_answers(lab: Lab, answers: dict[str, str]) -> NotebookNode:
    """The lab's student notebook with the answer cells named in ``answers`` replaced."""
    nb = nbformat.read(REPO_ROOT / lab.notebook, as_version=4)
    unknown = set(answers) - {cells.grade_id(c) for c in nb.cells if cells.is_answer_cell(c)}
    assert not unknown, f"no answer cells {unknown} in {lab.notebook}"
    for cell in nb.cells:
        if cells.grade_id(cell) in answers:
            cell.source = answers[cells.grade_id(cell)]
    return nb


def markdown(lab_id: str) -> str:
    """The text of a lab's markdown cells (the instructor source of a graded lab)."""
    lab = load_syllabus().lab(lab_id)
    path = REPO_ROOT / (lab.source or lab.notebook)
    return "\n".join(c.source for c in cells.read_notebook(path).cells if c.cell_type == "markdown")
