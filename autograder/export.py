"""The grades CSV: one row per student and graded lab, with a status that tells a crash or an
unreadable file from a genuine zero."""

from __future__ import annotations

import csv
import io
import json

from nbgrader.api import Gradebook, MissingEntry

from autograder.batch import CRASH_STATUSES
from autograder.coursedir import CourseRoot
from autograder.syllabus import Syllabus

COLUMNS = ("student", "lab", "score", "max_score", "status", "detail")
# graded: a genuine score; crashed: some test could not finish (timeout, memory, dead kernel);
# unreadable, grader_error: no score could be given; not_submitted: nothing was collected.
CSV_STATUSES = ("graded", "crashed", "unreadable", "grader_error", "not_submitted")


def _status_and_detail(record: dict | None) -> tuple[str, str]:
    if record is None:
        return "not_submitted", ""
    if record["status"] != "graded":
        return record["status"], record.get("reason", "")
    tests = (record.get("report") or {}).get("tests", [])
    unfinished = [f"{t['grade_id']}: {t['status']}" for t in tests if t["status"] in CRASH_STATUSES]
    return ("crashed" if unfinished else "graded"), "; ".join(unfinished)


def grade_rows(root: CourseRoot, syllabus: Syllabus) -> list[dict]:
    """Every student of the gradebook against every graded lab.

    The score is the gradebook's (it includes an instructor's manual overrides); the status and
    detail come from the autograder's result record.

    Returns:
        Rows with the keys of COLUMNS, sorted by student then lab.
    """
    rows = []
    with Gradebook(root.db_url, syllabus.course_id) as gb:
        for student in sorted(s.id for s in gb.students):
            for lab in syllabus.graded_labs:
                path = root.results_path(lab.id, student)
                record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
                try:
                    score = gb.find_submission(lab.id, student).score
                except MissingEntry:
                    score = 0.0
                status, detail = _status_and_detail(record)
                rows.append({
                    "student": student,
                    "lab": lab.id,
                    "score": f"{score:g}",
                    "max_score": f"{lab.max_score:g}",
                    "status": status,
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
