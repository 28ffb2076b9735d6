import csv
import io

from autograder.export import lms_csv
from autograder.syllabus import load_syllabus

SYLLABUS = load_syllabus()
LAB = SYLLABUS.lab("c1w2-linear-regression")
ROWS = [
    {"student": "ada", "lab": LAB.id, "score": "20", "max_score": "20", "status": "graded"},
    {"student": "alan", "lab": LAB.id, "score": "8", "max_score": "20", "status": "graded"},
    {"student": "alan", "lab": "c1w3-logistic-regression", "score": "0", "max_score": "20",
     "status": "not_submitted"},
]  # fmt: skip


def test_canvas_gets_points_possible_and_learners_by_sis_login():
    rows = list(csv.reader(io.StringIO(lms_csv(ROWS, SYLLABUS, "canvas"))))
    header, points, *learners = rows
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    column = header.index(f"{LAB.title} ({LAB.id})")
    assert len(header) == 5 + len(SYLLABUS.graded_labs)
    assert points[0] == "Points Possible" and points[column] == f"{LAB.max_score:g}"
    by_login = {row[3]: row for row in learners}
    assert by_login["ada"][column] == "20" and by_login["alan"][column] == "8"


def test_moodle_gets_a_username_column_and_a_column_per_lab():
    rows = list(csv.DictReader(io.StringIO(lms_csv(ROWS, SYLLABUS, "moodle"))))
    assert [row["Username"] for row in rows] == ["ada", "alan"]
    assert [row[LAB.id] for row in rows] == ["20", "8"]
    assert rows[1]["c1w3-logistic-regression"] == ""  # not submitted: blank, not zero
