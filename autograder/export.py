"""The grades CSV: one row per student and graded lab, with a status that tells a crash or an
unreadable file from a genuine zero."""

from __future__ import annotations

import csv
import io
import json

from nbgrader.api import Gradebook, MissingEntry

from autograder.coursedir import CourseRoot
from autograder.syllabus import Syllabus

COLUMNS = ("student", "lab", "score", "max_score", "status", "detail")


def _detail(record: dict) -> str:
    """Why a submission is not a plain ``graded``: the reason, or the tests that did not finish."""
    if record.get("reason"):
        return record["reason"]
    report = record.get("report") or {}
    unfinished = [
        f"{t['grade_id']}: {t['status']}"
        for t in report.get("tests", [])
        if t["status"] == "timeout"
    ]
    died = [d for d in report.get("diagnostics", []) if "kernel died" in d]
    return "; ".join(unfinished + died)


def grade_rows(root: CourseRoot, syllabus: Syllabus) -> list[dict]:
    """Every student of the gradebook against every graded lab.

    The score is the gradebook's (it includes an instructor's manual overrides); the status comes
    from the autograder's result record: graded, crashed or unreadable, or not_submitted.

    Returns:
        Rows with the keys of COLUMNS, sorted by student then lab.
    """
    rows = []
    with Gradebook(root.db_url, syllabus.course_id) as gb:
        students = sorted(s.id for s in gb.students)
        for student in students:
            for lab in syllabus.graded_labs:
                path = root.results_path(lab.id, student)
                record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
                try:
                    score = gb.find_submission(lab.id, student).score
                except MissingEntry:
                    score = 0.0
                rows.append(
                    {
                        "student": student,
                        "lab": lab.id,
                        "score": f"{score:g}",
                        "max_score": f"{lab.max_score:g}",
                        "status": record["status"] if record else "not_submitted",
                        "detail": _detail(record) if record else "",
                    }
                )
    return rows


def to_csv(rows: list[dict]) -> str:
    """The rows as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
