"""Committed notebooks: no outputs, the course header, student versions generated and not stale."""

import re
import subprocess

import nbformat
import pytest

from autograder import cells
from autograder.coursedir import CourseRoot
from autograder.release import generate_student_notebook
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
GRADED = SYLLABUS.graded_labs
ALL_NOTEBOOKS = sorted(
    {lab.notebook for lab in SYLLABUS.labs} | {lab.source for lab in GRADED}, key=str
)
# Each notebook with its lab's id first, so that ``make test-lab LAB=<id>`` selects it.
NOTEBOOK_PARAMS = [
    pytest.param(path, id=f"{lab.id}:{path.as_posix()}")
    for lab in SYLLABUS.labs
    for path in (lab.notebook, lab.source)
    if path is not None
]


def test_the_manifest_lists_every_committed_notebook():
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.ipynb"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(tracked) == sorted(p.as_posix() for p in ALL_NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOK_PARAMS)
def test_notebook_is_valid_and_has_no_outputs(path):
    nb = nbformat.read(REPO_ROOT / path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path}: cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{path}: cell {cell.id} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOK_PARAMS)
def test_notebook_starts_with_the_course_header(path):
    nb = nbformat.read(REPO_ROOT / path, as_version=4)
    title, setup = nb.cells[0], nb.cells[1]
    assert title.cell_type == "markdown" and title.source.startswith("# ")
    assert "**Goals.**" in title.source
    assert setup.cell_type == "code"
    assert re.search(r"^from utils\.session import (\w+, )*start_lab\b", setup.source, re.M)
    assert "SEED = " in setup.source
    assert re.search(r"^start_lab\(SEED(, blas_threads=1)?\)(  # .*)?$", setup.source, re.M)


@pytest.mark.parametrize("lab", GRADED, ids=lambda lab: lab.id)
def test_student_notebook_holds_no_solution_and_no_hidden_test(lab):
    text = (REPO_ROOT / lab.notebook).read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", cells.HIDDEN_BEGIN, cells.HIDDEN_END):
        assert marker not in text
    nb = nbformat.read(REPO_ROOT / lab.notebook, as_version=4)
    stubs = [c for c in nb.cells if cells.is_answer_cell(c)]
    assert stubs and all("raise NotImplementedError()" in c.source for c in stubs)


@pytest.mark.parametrize("lab", GRADED, ids=lambda lab: lab.id)
def test_committed_student_notebook_is_what_release_generates(lab, tmp_path):
    generated = generate_student_notebook(lab, CourseRoot(tmp_path))
    committed = (REPO_ROOT / lab.notebook).read_text(encoding="utf-8")
    assert generated.read_text(encoding="utf-8") == committed, (
        f"{lab.notebook} is stale: run `make release LAB={lab.id}` and commit it"
    )


def _closing_text(lab) -> str:
    """The last markdown cell of a lab's notebook (a graded lab's source), emphasis removed."""
    nb = nbformat.read(REPO_ROOT / (lab.source or lab.notebook), as_version=4)
    closing = [cell.source for cell in nb.cells if cell.cell_type == "markdown"][-1]
    return re.sub(r"[*_`]", "", " ".join(closing.split())).lower()


@pytest.mark.parametrize(
    ("lab", "following"),
    [
        pytest.param(lab, following, id=lab.id)
        for lab, following in zip(SYLLABUS.labs, [*SYLLABUS.labs[1:], None], strict=True)
    ],
)
def test_the_closing_cell_leads_to_the_next_lab(lab, following):
    """Every lab ends by saying what comes next, and a course's last lab says that it is the last.

    Course 4's labs (and every course's last lab) name the next lab by its manifest title or id;
    courses 1-3 describe it in their own words, so for them a "Next" line is enough.
    """
    text = _closing_text(lab)
    if following is None or following.course != lab.course:
        assert f"this is the last lab of {lab.course.replace('course', 'course ')}" in text
    if following is None:
        return
    assert "next" in text
    if lab.course == "course4" or following.course != lab.course:
        assert following.title.lower() in text or following.id in text, (
            f"{lab.id} should name the next lab, {following.title!r}"
        )
