"""A learner submits the notebook they worked on, from its week folder, through the exchange."""

import getpass
import os
import subprocess
import sys

import nbformat
from helpers import point_state_dirs

from autograder.coursedir import CourseRoot
from autograder.release import generate_student_notebook, release_to_exchange
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
LAB = SYLLABUS.lab("c1w2-linear-regression")
ANSWER = "# my answer, typed in the week folder"


def submit(root, notebook):
    """``python -m autograder submit``, with a nbgrader cache of its own beside ``root``."""
    env = point_state_dirs(root.root / "state", dict(os.environ))
    return subprocess.run(
        [sys.executable, "-m", "autograder", "--root", str(root.root), "submit", str(notebook)],
        cwd=notebook.parent, capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip


def worked_on(tmp_path):
    """The released student notebook with an answer, where a learner of one clone works."""
    nb = nbformat.read(REPO_ROOT / LAB.notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(ANSWER))
    path = tmp_path / "course1" / "week2" / LAB.notebook.name
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    return path


def test_a_notebook_of_the_week_folder_reaches_the_inbound_and_the_cache(tmp_path):
    root = CourseRoot(tmp_path / "root")
    generate_student_notebook(LAB, root)
    release_to_exchange(LAB, root)
    notebook = worked_on(tmp_path)
    done = submit(root, notebook)
    assert done.returncode == 0, done.stderr
    assert f"submitted {notebook} to {LAB.id} at " in done.stdout
    inbound = root.exchange_dir / SYLLABUS.course_id / "inbound"
    [folder] = inbound.glob(f"{getpass.getuser()}+{LAB.id}+*")
    sent = nbformat.read(folder / LAB.notebook.name, as_version=4)
    assert sent.cells[-1].source == ANSWER
    assert (folder / "timestamp.txt").is_file()
    assert not (notebook.parent / LAB.id).exists(), "nothing staged beside the learner's work"


def test_nothing_to_submit_to_says_so(tmp_path):
    root = CourseRoot(tmp_path / "root")
    done = submit(root, worked_on(tmp_path))
    assert done.returncode == 2
    assert f"{LAB.id} is not released yet" in done.stderr
    optional = REPO_ROOT / SYLLABUS.lab("c1w1-cost-function").notebook
    done = submit(root, optional)
    assert done.returncode == 2 and "not a graded lab's notebook" in done.stderr
