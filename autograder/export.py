"""The grades CSV: one row per student and graded lab, with a status (``GradeStatus``) that tells
a crash or an unreadable file from a genuine zero, and the late penalty (``deadlines``); and the
same scores in the layouts that Canvas and Moodle gradebooks import."""

from __future__ import annotations

import csv
import io
from datetime import UTC, timedelta

from autograder import gradebook
from autograder.coursedir import CourseRoot
from autograder.deadlines import Deadlines
from autograder.results import GradeStatus, SubmissionResult
from autograder.syllabus import Lab, Syllabus

COLUMNS = ("student", "lab", "score", "max_score", "status", "detail", "late_hours", "penalty")
LMS_FORMATS = ("canvas", "moodle")


def grade_rows(root: CourseRoot, syllabus: Syllabus) -> list[dict]:
    """Every student of the gradebook against every graded lab.

    The score is the gradebook's (it includes an instructor's manual overrides) less the late
    penalty of ``deadlines``; the status and detail come from the autograder's result record.

    Returns:
        Rows with the keys of COLUMNS, sorted by student then lab.
    """
    rows = []
    rule = Deadlines.load()
    with gradebook.open_gradebook(root) as gb:
        for student in sorted(s.id for s in gb.students):
            for lab in syllabus.graded_labs:
                result = SubmissionResult.read(root.results_path(lab.id, student))
                status, detail = (
                    result.grade_status() if result else (GradeStatus.NOT_SUBMITTED, "")
                )
                late = _lateness(gb, rule, root, lab, student)
                penalty = rule.penalty(lab, late)
                score = max(0.0, gradebook.score(gb, lab, student) - penalty)
                rows.append({
                    "student": student,
                    "lab": lab.id,
                    "score": f"{score:g}",
                    "max_score": f"{lab.max_score:g}",
                    "status": str(status),
                    "detail": detail,
                    "late_hours": f"{max(0.0, late / timedelta(hours=1)):.1f}",
                    "penalty": f"{penalty:g}",
                })  # fmt: skip
    return rows


def _lateness(gb, rule: Deadlines, root: CourseRoot, lab: Lab, student: str) -> timedelta:
    """How late the learner's submission was (negative or zero when on time or not submitted)."""
    due = rule.due_for(lab, student, root)
    submitted = gradebook.submission_timestamp(gb, lab, student)
    if due is None or submitted is None:
        return timedelta(0)
    return submitted.replace(tzinfo=UTC) - due


def lms_csv(rows: list[dict], syllabus: Syllabus, kind: str) -> str:
    """The scores in a learning management system's gradebook import layout.

    Args:
        rows: ``grade_rows``.
        kind: ``canvas`` (Student, ID, SIS User ID, SIS Login ID, Section, then a column per lab
            titled "title (id)" and a "Points Possible" row; learners are matched by SIS login,
            the hub's account name) or ``moodle`` (Username, then a column per lab id).

    Returns:
        CSV text.
    """
    labs = syllabus.graded_labs
    scores: dict[str, dict[str, str]] = {}
    for row in rows:  # a lab not submitted stays blank: no zero before the instructor decides
        submitted = row["status"] != str(GradeStatus.NOT_SUBMITTED)
        scores.setdefault(row["student"], {})[row["lab"]] = row["score"] if submitted else ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if kind == "canvas":
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                         *(f"{lab.title} ({lab.id})" for lab in labs)])  # fmt: skip
        writer.writerow(
            ["Points Possible", "", "", "", "", *(f"{lab.max_score:g}" for lab in labs)]
        )
        for student, by_lab in scores.items():
            writer.writerow(
                [student, "", "", student, "", *(by_lab.get(lab.id, "") for lab in labs)]
            )
    elif kind == "moodle":
        writer.writerow(["Username", *(lab.id for lab in labs)])
        for student, by_lab in scores.items():
            writer.writerow([student, *(by_lab.get(lab.id, "") for lab in labs)])
    else:
        raise ValueError(f"no LMS layout {kind!r}: {', '.join(LMS_FORMATS)}")
    return out.getvalue()


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
