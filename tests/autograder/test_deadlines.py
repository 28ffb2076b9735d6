from datetime import UTC, datetime, timedelta

import pytest

from autograder.coursedir import CourseRoot
from autograder.deadlines import DeadlineError, Deadlines, extend, extensions
from autograder.syllabus import load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
COURSE = """
deadlines:
  due:
    c1w2-linear-regression: 2027-01-15 23:59
  late_penalty: {per_day: 0.1, cap: 0.5}
"""


@pytest.fixture
def course_yml(tmp_path, monkeypatch):
    path = tmp_path / "course.yml"
    path.write_text(COURSE)
    monkeypatch.setenv("COURSE_CONFIG", str(path))
    return path


def test_due_dates_are_read_in_utc(course_yml):
    rule = Deadlines.load()
    assert rule.due[LAB.id] == datetime(2027, 1, 15, 23, 59, tzinfo=UTC)
    assert "Due Friday 15 January 2027, 23:59 UTC" in rule.describe(LAB)
    assert "10% of the points per day" in rule.describe(LAB)


@pytest.mark.parametrize(
    ("late", "lost"),
    [
        (timedelta(0), 0.0),
        (-timedelta(days=3), 0.0),
        (timedelta(minutes=1), 0.1),  # any part of a day counts as a day
        (timedelta(days=1), 0.1),
        (timedelta(days=1, seconds=1), 0.2),
        (timedelta(days=30), 0.5),  # the cap
    ],
)
def test_the_late_rule_costs_a_share_per_started_day_up_to_the_cap(course_yml, late, lost):
    assert Deadlines.load().penalty(LAB, late) == pytest.approx(lost * LAB.max_score)


def test_an_extension_moves_one_learners_due_date(course_yml, tmp_path):
    root = CourseRoot(tmp_path / "root")
    rule = Deadlines.load()
    assert extend(root, LAB, "ada", 3) == rule.due[LAB.id] + timedelta(days=3)
    assert rule.due_for(LAB, "ada", root) == rule.due[LAB.id] + timedelta(days=3)
    assert rule.due_for(LAB, "alan", root) == rule.due[LAB.id]
    extend(root, LAB, "ada", 1)  # replaces, does not add
    assert extensions(root) == {LAB.id: {"ada": 1}}


@pytest.mark.parametrize(
    "text",
    [
        "deadlines: {due: {c9w9-nothing: 2027-01-01}}",
        "deadlines: {due: {c1w2-linear-regression: next friday}}",
        "deadlines: {late_penalty: {per_day: 10}}",
    ],
)
def test_bad_deadlines_are_refused_with_a_reason(tmp_path, monkeypatch, text):
    path = tmp_path / "course.yml"
    path.write_text(text)
    monkeypatch.setenv("COURSE_CONFIG", str(path))
    with pytest.raises(DeadlineError):
        Deadlines.load()


def test_the_courses_own_file_has_no_due_dates_for_self_study():
    assert Deadlines.load().due == {}
