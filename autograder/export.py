"""The grades CSV: one row per student and graded lab, with a status (``GradeStatus``) that tells
a crash or an unreadable file from a genuine zero."""

from __future__ import annotations

import csv
import io

from autograder import gradebook
from autograder.coursedir import CourseRoot
from autograder.results import GradeStatus, SubmissionResult
from autograder.syllabus import Syllabus

COLUMNS = ("student", "lab", "score", "max_score", "status", "detail")


def grade_rows(root: CourseRoot, syllabus: Syllabus) -> list[dict]:
    """Every student of the gradebook against every graded lab.

    The score is the gradebook's (it includes an instructor's manual overrides); the status and
    detail come from the autograder's result record.

    Returns:
        Rows with the keys of COLUMNS, sorted by student then lab.
    """
    rows = []
    with gradebook.open_gradebook(root) as gb:
        for student in sorted(s.id for s in gb.students):
            for lab in syllabus.graded_labs:
                result = SubmissionResult.read(root.results_path(lab.id, student))
                status, detail = (
                    result.grade_status() if result else (GradeStatus.NOT_SUBMITTED, "")
                )
                rows.append({
                    "student": student,
                    "lab": lab.id,
                    "score": f"{gradebook.score(gb, lab, student):g}",
                    "max_score": f"{lab.max_score:g}",
                    "status": str(status),
                    "detail": detail,
                })  # fmt: skip
    return rows


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
