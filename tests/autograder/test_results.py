"""Result types: statuses as enums, records that survive JSON, what a score means in the CSV."""

import json

import pytest

from autograder.results import (
    GradeReport,
    GradeStatus,
    SubmissionResult,
    SubmissionStatus,
    TestResult,
    TestStatus,
    status_table,
)


def _report(*statuses):
    tests = [
        TestResult(f"test_{i}", f"ex{i}", 10.0 if s is TestStatus.PASSED else 0.0, 10.0, s, "")
        for i, s in enumerate(statuses)
    ]
    return GradeReport("lab", "nb.ipynb", sum(t.score for t in tests), 10.0 * len(tests), tests)


def _result(status=SubmissionStatus.GRADED, report=None, reason=""):
    return SubmissionResult("ann", "lab", status, reason, 10.0, 20.0, {"seed": 1}, 1.5, report)


def test_a_result_survives_json_with_its_enums():
    result = _result(report=_report(TestStatus.PASSED, TestStatus.TIMEOUT))
    loaded = SubmissionResult.load(json.loads(json.dumps(result.to_json())))
    assert loaded == result
    assert loaded.status is SubmissionStatus.GRADED
    assert [t.status for t in loaded.tests] == [TestStatus.PASSED, TestStatus.TIMEOUT]
    assert json.loads(json.dumps(result.to_json()))["report"]["tests"][1]["status"] == "timeout"


def test_read_returns_none_without_a_file(tmp_path):
    assert SubmissionResult.read(tmp_path / "nobody.json") is None


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((TestStatus.PASSED, TestStatus.FAILED), (GradeStatus.GRADED, "")),
        ((TestStatus.MISSING, TestStatus.ERROR), (GradeStatus.GRADED, "")),
        ((TestStatus.PASSED, TestStatus.MEMORY), (GradeStatus.CRASHED, "test_1: memory")),
        (
            (TestStatus.KERNEL_DIED, TestStatus.TIMEOUT),
            (GradeStatus.CRASHED, "test_0: kernel_died; test_1: timeout"),
        ),
    ],
)
def test_a_crash_is_told_from_a_genuine_zero(statuses, expected):
    assert _result(report=_report(*statuses)).grade_status() == expected


def test_unreadable_and_grader_errors_keep_their_reason():
    unreadable = _result(SubmissionStatus.UNREADABLE, reason="not JSON")
    assert unreadable.grade_status() == (GradeStatus.UNREADABLE, "not JSON")
    fault = _result(SubmissionStatus.GRADER_ERROR, reason="boom")
    assert fault.grade_status() == (GradeStatus.GRADER_ERROR, "boom")


def test_every_submission_status_is_a_grade_status():
    assert {str(s) for s in SubmissionStatus} <= {str(s) for s in GradeStatus}


def test_only_timeout_memory_and_a_dead_kernel_are_crashes():
    crashes = {s for s in TestStatus if s.is_crash}
    assert crashes == {TestStatus.TIMEOUT, TestStatus.MEMORY, TestStatus.KERNEL_DIED}


@pytest.mark.parametrize("enum", [TestStatus, SubmissionStatus, GradeStatus])
def test_the_status_table_has_a_row_per_status_with_its_meaning(enum):
    table = status_table(enum)
    for member in enum:
        assert f"| `{member}` | {member.description} |" in table
    assert len(table.splitlines()) == 2 + len(enum)
