"""Grading each graded lab: right answers get full marks, typical mistakes lose the right points.

The answers come from ``<lab id>/submissions.yml`` beside this file; every graded lab has one.
Test ids start with the lab id, so ``make test-lab LAB=<id>`` selects them. An answer's notebook
is run through the test cells its assertions read, no further (``_through_tests_of``): CI grades
about 350 answers, most of them twice.
"""

import nbformat
import pytest
from helpers import fill_answers, lab_answers

from autograder import cells
from autograder.grading import check_file, grade_file
from autograder.results import TestStatus
from autograder.syllabus import REPO_ROOT, load_syllabus

SYLLABUS = load_syllabus()
ANSWERS = {lab.id: lab_answers(lab.id) for lab in SYLLABUS.graded_labs}


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


def _through_tests_of(lab, nb, exercises=None):
    """The notebook up to the test cell of the last of ``exercises`` (default: of every exercise).

    A run goes in order, so the cells after that test cannot change the scores of the tests up
    to it: an answer is graded without the lab's closing trainings, which nbgrader's validation
    below and tests/labs/test_run.py run (the grader restores the locked cells it misses after the
    last kept cell; they cannot change those scores either).
    """
    tests = {e.test_id for e in lab.exercises if exercises is None or e.name in exercises}
    last = max(i for i, cell in enumerate(nb.cells) if cells.grade_id(cell) in tests)
    return nbformat.from_dict({**nb, "cells": nb.cells[: last + 1]})


def _write(nb, tmp_path, name="submission.ipynb"):
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _scores(report):
    return {t.exercise: t.score for t in report.tests}


@pytest.mark.parametrize("lab", SYLLABUS.graded_labs, ids=lambda lab: lab.id)
def test_lab_has_at_least_5_mistakes_and_2_right_answers(lab):
    assert len(ANSWERS[lab.id]["wrong"]) >= 5
    assert len(ANSWERS[lab.id]["correct"]) >= 2
    for name, entry in ANSWERS[lab.id]["wrong"].items():
        assert set(entry["loses"]) <= {e.name for e in lab.exercises}, name


@pytest.mark.slow
@pytest.mark.parametrize(("lab", "name"), _cases("correct"))
def test_right_answers_get_full_marks(lab, name, tmp_path):
    nb = fill_answers(lab, _answers(lab, ANSWERS[lab.id]["correct"][name]))
    report = grade_file(_write(_through_tests_of(lab, nb), tmp_path)).report
    assert [t.status for t in report.tests] == [TestStatus.PASSED] * len(lab.exercises)
    assert report.score == report.max_score == lab.max_score


@pytest.mark.slow
@pytest.mark.parametrize(("lab", "name"), _cases("wrong"))
def test_mistakes_lose_the_points_of_their_exercise_only(lab, name, tmp_path):
    entry = ANSWERS[lab.id]["wrong"][name]
    nb = fill_answers(lab, _answers(lab, entry))
    report = grade_file(_write(_through_tests_of(lab, nb), tmp_path)).report
    expected = {e.name: 0.0 if e.name in entry["loses"] else e.points for e in lab.exercises}
    assert _scores(report) == expected, report.tests
    for test in report.tests:
        if test.exercise in entry["loses"]:
            assert test.status in (TestStatus.FAILED, TestStatus.ERROR) and test.message, test

    path = _write(_through_tests_of(lab, nb, entry["loses"]), tmp_path, "public.ipynb")
    public = _scores(check_file(path).report)
    for exercise in entry["loses"]:
        if entry.get("public") == "pass":
            assert public[exercise] > 0, f"{name}: meant to pass the public tests of {exercise}"
        else:
            assert public[exercise] == 0, f"{name}: the public tests should catch it"


@pytest.mark.slow
@pytest.mark.parametrize("lab", SYLLABUS.graded_labs, ids=lambda lab: lab.id)
def test_nbgrader_validate_passes_the_solution_and_fails_the_stub(lab):
    """What the Validate button runs: the source passes every test; the stub passes none.

    nbgrader validates a notebook in one run: ``validate(source) == {}`` says no test cell failed
    and ``--invert`` on the stub says none passed (its other two runs would repeat these), so
    the test cells are counted first: an empty result must not come from a notebook without any.
    """
    from nbgrader.validator import Validator

    source, student = REPO_ROOT / lab.source, REPO_ROOT / lab.notebook
    for path in (source, student):
        nb = nbformat.read(path, as_version=4)
        tests = sorted(cells.grade_id(c) for c in nb.cells if cells.is_test_cell(c))
        assert tests == sorted(e.test_id for e in lab.exercises), path
    assert Validator().validate(str(source)) == {}
    assert Validator(invert=True).validate(str(student)) == {}


@pytest.mark.slow
@pytest.mark.parametrize("lab", SYLLABUS.graded_labs, ids=lambda lab: lab.id)
def test_the_untouched_student_notebook_scores_zero_and_the_solution_full_marks(lab, tmp_path):
    student = nbformat.read(REPO_ROOT / lab.notebook, as_version=4)
    stub = grade_file(_write(_through_tests_of(lab, student), tmp_path))
    assert stub.report.score == 0
    failing = (TestStatus.FAILED, TestStatus.ERROR)
    assert all(t.status in failing for t in stub.report.tests), stub.report.tests
    solution = nbformat.read(REPO_ROOT / lab.source, as_version=4)
    solution = _through_tests_of(lab, solution)
    report = grade_file(_write(solution, tmp_path, "solution.ipynb")).report
    assert report.score == report.max_score == lab.max_score, report.tests
