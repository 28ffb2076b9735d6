"""Grading graded labs: right answers get full marks, typical mistakes lose the right points.

The answers come from tests/submissions/<lab id>.yml. Every graded lab must have such a file.
"""

from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import fill_answers

from autograder import cells
from autograder.coursedir import CourseRoot
from autograder.grading import TEST_STATUSES, grade, grade_file
from autograder.reference import reference_records
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
SUBMISSIONS = Path(__file__).parent / "submissions"
ANSWERS = {
    lab.id: yaml.safe_load((SUBMISSIONS / f"{lab.id}.yml").read_text())
    for lab in SYLLABUS.graded_labs
}


def _cases(kind):
    return [
        pytest.param(lab, name, id=f"{lab.id}:{name}")
        for lab in SYLLABUS.graded_labs
        for name in ANSWERS[lab.id][kind]
    ]


def _answers(lab, entry):
    """The entry's answers, completed with the first correct entry's for the other exercises."""
    default = next(iter(ANSWERS[lab.id]["correct"].values()))
    return {e.name: entry.get(e.name, default[e.name]) for e in lab.exercises}


def _write(nb, tmp_path, name="submission.ipynb"):
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _scores(report):
    return {t.exercise: t.score for t in report.tests}


def test_every_graded_lab_has_at_least_5_mistakes_and_2_right_answers():
    for lab in SYLLABUS.graded_labs:
        assert len(ANSWERS[lab.id]["wrong"]) >= 5, lab.id
        assert len(ANSWERS[lab.id]["correct"]) >= 2, lab.id
        for name, entry in ANSWERS[lab.id]["wrong"].items():
            assert set(entry["loses"]) <= {e.name for e in lab.exercises}, name


@pytest.mark.slow
@pytest.mark.parametrize(("lab", "name"), _cases("correct"))
def test_right_answers_get_full_marks(lab, name, tmp_path):
    nb = fill_answers(lab, _answers(lab, ANSWERS[lab.id]["correct"][name]))
    report = grade_file(_write(nb, tmp_path)).report
    assert [t.status for t in report.tests] == ["passed"] * len(lab.exercises), report.tests
    assert report.score == report.max_score == lab.max_score


@pytest.mark.slow
@pytest.mark.parametrize(("lab", "name"), _cases("wrong"))
def test_mistakes_lose_the_points_of_their_exercise_only(lab, name, tmp_path):
    entry = ANSWERS[lab.id]["wrong"][name]
    path = _write(fill_answers(lab, _answers(lab, entry)), tmp_path)
    report = grade_file(path).report
    expected = {e.name: 0.0 if e.name in entry["loses"] else e.points for e in lab.exercises}
    assert _scores(report) == expected, report.tests
    for test in report.tests:
        if test.exercise in entry["loses"]:
            assert test.status in ("failed", "error") and test.message, test

    public = _scores(grade_file(path, public_only=True).report)
    for exercise in entry["loses"]:
        if entry.get("public") == "pass":
            assert public[exercise] > 0, f"{name}: meant to pass the public tests of {exercise}"
        else:
            assert public[exercise] == 0, f"{name}: the public tests should catch it"


LAB = SYLLABUS.lab("c1w2-linear-regression")
RIGHT = _answers(LAB, ANSWERS[LAB.id]["correct"]["vectorized"])


@pytest.mark.slow
def test_a_deleted_answer_cell_is_reported_missing_and_the_rest_graded(tmp_path):
    nb = fill_answers(LAB, RIGHT)
    nb.cells = [c for c in nb.cells if cells.grade_id(c) != "compute_cost"]
    report = grade_file(_write(nb, tmp_path)).report
    by_exercise = {t.exercise: t for t in report.tests}
    assert by_exercise["compute_cost"].status == "missing"
    assert by_exercise["compute_gradient"].status == "passed"
    assert report.score == 10
    assert "the answer cell 'compute_cost' is missing" in report.diagnostics
    assert all(t.status in TEST_STATUSES for t in report.tests)


@pytest.mark.slow
def test_deleted_or_edited_test_cells_are_restored_from_the_source(tmp_path):
    wrong = dict(RIGHT, compute_cost=ANSWERS[LAB.id]["wrong"]["cost_divides_by_m"]["compute_cost"])
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
def test_a_test_cell_that_runs_too_long_is_a_timeout_and_grading_goes_on(tmp_path):
    slow = "def compute_cost(x, y, w, b):\n    while len(x) == 3:\n        pass\n    return 0.0\n"
    nb = fill_answers(LAB, dict(RIGHT, compute_cost=slow))
    lab = replace(LAB, cell_timeout=3)
    reference = cells.read_notebook(REPO_ROOT / LAB.source)
    expected = reference_records(LAB, CourseRoot.from_env())
    graded = grade(nb, lab=lab, reference=reference, expected=expected, notebook_name="slow")
    by_exercise = {t.exercise: t for t in graded.report.tests}
    assert by_exercise["compute_cost"].status == "timeout"
    assert "longer than 3 s" in by_exercise["compute_cost"].message
    assert by_exercise["compute_gradient"].status == "passed"
    assert not graded.kernel_died


@pytest.mark.slow
def test_points_earned_before_the_kernel_dies_are_kept(tmp_path):
    exits = "import os\ndef compute_gradient(x, y, w, b):\n    os._exit(1)\n"
    nb = fill_answers(LAB, dict(RIGHT, compute_gradient=exits))
    graded = grade_file(_write(nb, tmp_path))
    by_exercise = {t.exercise: t for t in graded.report.tests}
    assert by_exercise["compute_cost"].status == "passed"
    assert by_exercise["compute_gradient"].status == "kernel_died"
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
@pytest.mark.parametrize("lab", SYLLABUS.graded_labs, ids=lambda lab: lab.id)
def test_nbgrader_validate_passes_the_solution_and_fails_the_stub(lab):
    """What the Validate button runs: the source passes every test; the stub passes none."""
    from nbgrader.validator import Validator

    source, student = str(REPO_ROOT / lab.source), str(REPO_ROOT / lab.notebook)
    assert Validator().validate(source) == {}
    assert len(Validator().validate(student)["failed"]) == len(lab.exercises)
    assert Validator(invert=True).validate(student) == {}
    assert len(Validator(invert=True).validate(source)["passed"]) == len(lab.exercises)


@pytest.mark.slow
@pytest.mark.parametrize("lab", SYLLABUS.graded_labs, ids=lambda lab: lab.id)
def test_the_untouched_student_notebook_scores_zero_and_the_solution_full_marks(lab, tmp_path):
    stub = grade_file(_write(nbformat.read(REPO_ROOT / lab.notebook, as_version=4), tmp_path))
    assert stub.report.score == 0
    assert all(t.status in ("failed", "error") for t in stub.report.tests), stub.report.tests
    solution = nbformat.read(REPO_ROOT / lab.source, as_version=4)
    report = grade_file(_write(solution, tmp_path, "solution.ipynb")).report
    assert report.score == report.max_score == lab.max_score, report.tests
