"""Grading one notebook: missing and edited cells, timeouts, a dead kernel, noisy output.

Grading of every lab's typical answers is in tests/labs/test_answers.py.
"""

from dataclasses import replace

import nbformat
import pytest
from helpers import fill_answers, lab_answers

from autograder import cells
from autograder.coursedir import CourseRoot
from autograder.grading import grade, grade_file
from autograder.reference import Reference
from autograder.results import TestStatus
from autograder.syllabus import load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
ANSWERS = lab_answers(LAB.id)
RIGHT = ANSWERS["correct"]["vectorized"]


def _write(nb, tmp_path, name="submission.ipynb"):
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _scores(report):
    return {t.exercise: t.score for t in report.tests}


@pytest.mark.slow
def test_a_deleted_answer_cell_is_reported_missing_and_the_rest_graded(tmp_path):
    nb = fill_answers(LAB, RIGHT)
    nb.cells = [c for c in nb.cells if cells.grade_id(c) != "compute_cost"]
    report = grade_file(_write(nb, tmp_path)).report
    by_exercise = {t.exercise: t for t in report.tests}
    assert by_exercise["compute_cost"].status is TestStatus.MISSING
    assert by_exercise["compute_gradient"].status is TestStatus.PASSED
    assert report.score == 10
    assert "the answer cell 'compute_cost' is missing" in report.diagnostics


@pytest.mark.slow
def test_deleted_or_edited_test_cells_are_restored_from_the_source(tmp_path):
    wrong = dict(RIGHT, compute_cost=ANSWERS["wrong"]["cost_divides_by_m"]["compute_cost"])
    nb = fill_answers(LAB, wrong)
    for cell in nb.cells:
        if cells.grade_id(cell) == "test_compute_cost":
            cell.source = "print('all tests passed')"
    nb.cells = [c for c in nb.cells if cells.grade_id(c) != "test_compute_gradient"]
    report = grade_file(_write(nb, tmp_path)).report
    assert _scores(report) == {"compute_cost": 0.0, "compute_gradient": 10.0}
    assert "restored the missing cell 'test_compute_gradient' from the source" in (
        report.diagnostics
    )
    assert "replaced the edited cell 'test_compute_cost' with the source's" in report.diagnostics


@pytest.mark.slow
def test_a_test_cell_that_runs_too_long_is_a_timeout_and_grading_goes_on():
    slow = "def compute_cost(x, y, w, b):\n    while len(x) == 3:\n        pass\n    return 0.0\n"
    nb = fill_answers(LAB, dict(RIGHT, compute_cost=slow))
    reference = Reference.for_grading(LAB, CourseRoot.from_env())
    graded = grade(nb, replace(reference, lab=replace(LAB, cell_timeout=3)), notebook_name="slow")
    by_exercise = {t.exercise: t for t in graded.report.tests}
    assert by_exercise["compute_cost"].status is TestStatus.TIMEOUT
    assert "longer than 3 s" in by_exercise["compute_cost"].message
    assert by_exercise["compute_gradient"].status is TestStatus.PASSED
    assert not graded.kernel_died


@pytest.mark.slow
def test_points_earned_before_the_kernel_dies_are_kept(tmp_path):
    exits = "import os\ndef compute_gradient(x, y, w, b):\n    os._exit(1)\n"
    nb = fill_answers(LAB, dict(RIGHT, compute_gradient=exits))
    graded = grade_file(_write(nb, tmp_path))
    by_exercise = {t.exercise: t for t in graded.report.tests}
    assert by_exercise["compute_cost"].status is TestStatus.PASSED
    assert by_exercise["compute_gradient"].status is TestStatus.KERNEL_DIED
    assert "exit status 1" in by_exercise["compute_gradient"].message
    assert graded.report.score == 10
    assert graded.kernel_died
    assert any("kernel died" in d for d in graded.report.diagnostics)


@pytest.mark.slow
def test_warnings_and_stderr_output_do_not_fail_a_right_answer(tmp_path):
    noisy = (
        "import sys, warnings\n"
        "def compute_cost(x, y, w, b):\n"
        "    warnings.warn('a library warning')\n"
        "    print('noise on stderr', file=sys.stderr)\n"
        "    return np.sum((w * x + b - y) ** 2) / (2 * len(x))\n"
    )
    nb = fill_answers(LAB, dict(RIGHT, compute_cost=noisy))
    report = grade_file(_write(nb, tmp_path)).report
    assert report.score == LAB.max_score, report.tests


@pytest.mark.slow
def test_grading_does_not_modify_the_submission_or_the_reference():
    nb = fill_answers(LAB, RIGHT)
    before = nbformat.writes(nb)
    reference = Reference.for_grading(LAB, CourseRoot.from_env())
    source_before = nbformat.writes(reference.notebook)
    first = grade(nb, reference, notebook_name="one")
    second = grade(nb, reference, notebook_name="two")
    assert nbformat.writes(nb) == before
    assert nbformat.writes(reference.notebook) == source_before
    assert first.report.score == second.report.score == LAB.max_score
