"""The instructor's batch, end to end in a scratch course root:
release -> learners fetch and submit with nbgrader -> collect -> autograde -> feedback -> export.
"""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import fill_answers, hidden_test_lines, lab_answers, visible_text

from autograder import batch, export
from autograder.collect import collect
from autograder.coursedir import CourseRoot
from autograder.feedback import REDACTED, generate_feedback
from autograder.release import generate_student_notebook, release_to_exchange
from autograder.results import SubmissionResult, SubmissionStatus, TestStatus
from autograder.syllabus import load_syllabus

SYLLABUS = load_syllabus()
LAB = SYLLABUS.lab("c1w2-linear-regression")
ANSWERS = lab_answers(LAB.id)
RIGHT = ANSWERS["correct"]["loops"]
HARD_CODED = ANSWERS["wrong"]["cost_hard_codes_public_answers"]["compute_cost"]
NBGRADER = str(Path(sys.executable).with_name("nbgrader"))


def nbgrader(root: CourseRoot, cwd: Path, *args: str) -> None:
    """Run the nbgrader command a learner runs, against the scratch exchange."""
    subprocess.run(
        [
            NBGRADER,
            *args,
            f"--Exchange.root={root.exchange_dir}",
            f"--CourseDirectory.course_id={SYLLABUS.course_id}",
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{Path(NBGRADER).parent}{os.pathsep}{os.environ['PATH']}"},
    )


@pytest.mark.slow
def test_release_submit_collect_autograde_feedback_export(tmp_path):
    root = CourseRoot(tmp_path / "root")
    generate_student_notebook(LAB, root)
    release_to_exchange(LAB, root)

    learners = {
        "alice": dict(RIGHT),  # everything right
        "bob": dict(RIGHT, compute_cost=HARD_CODED),  # passes the public tests, not the hidden
        "carol": {},  # submits the notebook untouched
        "dave": None,  # submits a file that is not a notebook
    }
    for student, answers in learners.items():
        home = tmp_path / student
        home.mkdir()
        nbgrader(root, home, "fetch_assignment", LAB.id)
        notebook = home / LAB.id / LAB.notebook.name
        assert notebook.is_file(), f"{student} did not get the released notebook"
        if answers is None:
            notebook.write_text("this is not a notebook")
        else:
            nbformat.write(fill_answers(LAB, answers), notebook)
        nbgrader(root, home, "submit", LAB.id, f"--student={student}")

    collected = collect(LAB, root)
    assert [s.student for s in collected] == sorted(learners)

    lines = []
    graded = batch.autograde(LAB, root, workers=2, progress=lines.append)
    results = {r.student: r for r in graded}
    assert len(lines) == 1 + len(learners) and lines[-1].startswith("[####################] 4/4")
    assert "ETA 0:00" in lines[-1]
    assert {s: r.status for s, r in results.items()} == {
        "alice": SubmissionStatus.GRADED,
        "bob": SubmissionStatus.GRADED,
        "carol": SubmissionStatus.GRADED,
        "dave": SubmissionStatus.UNREADABLE,
    }
    assert "not a notebook" in results["dave"].reason
    bob_tests = {t.exercise: t for t in results["bob"].tests}
    assert bob_tests["compute_cost"].status is TestStatus.FAILED
    hidden_message = bob_tests["compute_cost"].message
    assert hidden_message.startswith("wrong result for compute_cost on random data, m=1")
    assert results["alice"].provenance["seed"] == 0
    assert len(results["alice"].provenance["submission_sha256"]) == 64
    assert "utils.checks.linear_regression" in results["alice"].provenance["utils_modules"]

    # resumable: a second run finds every submission up to date and grades nothing
    again = []
    assert batch.autograde(LAB, root, workers=2, progress=again.append) == []
    assert "4 up to date, grading 0" in again[0]

    feedback = {p.parts[-3]: visible_text(p) for p in generate_feedback(LAB, root)}
    assert sorted(feedback) == ["alice", "bob", "carol"]
    # the table shows each test's name, points, status and message, hidden tests included
    assert "Autograder results: 10 / 20" in feedback["bob"]
    row = " ".join(["compute_cost (test_compute_cost)", "0 / 10", "failed", hidden_message])
    assert row in " ".join(feedback["bob"].split())
    hidden_lines = hidden_test_lines(LAB)
    assert len(hidden_lines) > 10
    for student, text in feedback.items():
        assert text.count(REDACTED) == len(LAB.exercises), student
        leaked = [line for line in hidden_lines if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked}"

    all_rows = list(csv.DictReader(io.StringIO(export.to_csv(export.grade_rows(root, SYLLABUS)))))
    rows = [r for r in all_rows if r["lab"] == LAB.id]
    others = [r for r in all_rows if r["lab"] != LAB.id]
    assert len(others) == 4 * (len(SYLLABUS.graded_labs) - 1)
    assert all(r["status"] == "not_submitted" and float(r["score"]) == 0 for r in others)
    full = LAB.max_score
    cost_points = next(e.points for e in LAB.exercises if e.name == "compute_cost")
    expected = {
        "alice": (full, "graded"),
        "bob": (full - cost_points, "graded"),
        "carol": (0, "graded"),
        "dave": (0, "unreadable"),
    }
    assert {r["student"]: (float(r["score"]), r["status"]) for r in rows} == expected
    assert all(r["lab"] == LAB.id and float(r["max_score"]) == full for r in rows)
    dave = next(r for r in rows if r["student"] == "dave")
    assert "not a notebook" in dave["detail"]
    saved = json.loads(root.results_path(LAB.id, "alice").read_text())
    assert saved["report"]["score"] == full
    assert SubmissionResult.load(saved) == results["alice"]
