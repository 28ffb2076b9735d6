"""The gradebook write reads the learner's submission time without trusting it, and one
learner's data cannot stop it."""

import os
from datetime import datetime

import pytest

from autograder.coursedir import CourseRoot
from autograder.gradebook import is_recorded, open_gradebook, record, score, submission_time
from autograder.release import generate_student_notebook
from autograder.results import (
    GradeReport,
    SubmissionResult,
    SubmissionStatus,
    TestResult,
    TestStatus,
)
from autograder.roster import Names
from autograder.syllabus import load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")


def test_a_submission_time_in_nbgraders_format_is_read(tmp_path):
    (tmp_path / "timestamp.txt").write_text("2026-12-05 10:00:00.123456 UTC\n")
    assert submission_time(tmp_path) == datetime(2026, 12, 5, 10, 0, 0, 123456)


def test_no_timestamp_file_gives_no_time(tmp_path):
    assert submission_time(tmp_path) is None


@pytest.mark.parametrize(
    "text",
    [
        "not a date",
        "",
        "9" * 60,
        "2026-13-45 10:00:00 UTC",
        "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    ],
)
def test_text_that_is_not_a_time_gives_no_time(tmp_path, text):
    (tmp_path / "timestamp.txt").write_text(text, encoding="latin-1")
    assert submission_time(tmp_path) is None


def test_a_fifo_a_folder_or_a_link_is_not_read(tmp_path):
    """A FIFO would block the grader in open(); a link would read a host file as root."""
    fifo, folder, link = (tmp_path / name for name in ("fifo", "folder", "link"))
    for path, make in ((fifo, os.mkfifo), (folder, os.mkdir)):
        path.mkdir()
        make(path / "timestamp.txt")
    link.mkdir()
    (tmp_path / "host.txt").write_text("2026-12-05 10:00:00 UTC")
    os.symlink(tmp_path / "host.txt", link / "timestamp.txt")
    assert [submission_time(p) for p in (fifo, folder, link)] == [None, None, None]


def test_a_name_the_database_refuses_is_not_written_and_the_next_learner_is(tmp_path):
    """A folder name that is not UTF-8 reaches Python with a lone surrogate, which SQLite refuses;
    nothing of that result is written, and the gradebook stays usable for the next learner."""
    root = CourseRoot(tmp_path)
    generate_student_notebook(LAB, root)
    tests = [TestResult(e.test_id, e.name, e.points, e.points, TestStatus.PASSED, "")
             for e in LAB.exercises]  # fmt: skip
    report = GradeReport(LAB.id, LAB.notebook.name, LAB.max_score, LAB.max_score, tests, [])
    odd, honest = (
        SubmissionResult(
            student=name,
            lab=LAB.id,
            status=SubmissionStatus.GRADED,
            max_score=LAB.max_score,
            score=LAB.max_score,
            report=report,
        )  # fmt: skip
        for name in (os.fsdecode(b"mallory\xff"), "alice")
    )
    with open_gradebook(root) as gb:
        reason = record(gb, LAB, odd, tmp_path)
        assert reason is not None and "surrogates not allowed" in reason
        assert not is_recorded(gb, LAB, odd)
        assert record(gb, LAB, honest, tmp_path) is None
        assert is_recorded(gb, LAB, honest)
        assert score(gb, LAB, "alice") == LAB.max_score


def _result(student: str) -> SubmissionResult:
    tests = [TestResult(e.test_id, e.name, 0.0, e.points, TestStatus.FAILED, "")
             for e in LAB.exercises]  # fmt: skip
    report = GradeReport(LAB.id, LAB.notebook.name, 0.0, LAB.max_score, tests, [])
    return SubmissionResult(
        student, LAB.id, SubmissionStatus.GRADED, max_score=LAB.max_score, report=report
    )


def test_learners_are_named_by_the_roster_else_by_their_user_name(tmp_path):
    """The formgrader shows "last_name, first_name": never "None, None"."""
    root = CourseRoot(tmp_path)
    generate_student_notebook(LAB, root)
    with open_gradebook(root) as gb:
        assert record(gb, LAB, _result("ada"), tmp_path, Names("Ada", "Lovelace")) is None
        assert record(gb, LAB, _result("bob"), tmp_path) is None
        named = {s.id: (s.last_name, s.first_name) for s in gb.students}
        assert named == {"ada": ("Lovelace", "Ada"), "bob": ("bob", "")}

        gb.update_or_create_student("bob", first_name="Robert", last_name="Smith")  # formgrader
        assert record(gb, LAB, _result("bob"), tmp_path) is None
        assert (gb.find_student("bob").last_name, gb.find_student("bob").first_name) == (
            "Smith",
            "Robert",
        ), "names the instructor set are kept when the roster has none"
