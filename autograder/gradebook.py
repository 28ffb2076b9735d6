"""nbgrader's gradebook: where the autograder's scores meet the formgrader's manual grades.

Only the coordinating process of a batch writes it; the formgrader reads it, and an instructor's
manual overrides made there are kept when a lab is graded again. nbgrader takes seconds to import:
it is loaded when a gradebook is first opened (a batch starts its workers first).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.coursedir import CourseRoot
from autograder.results import SubmissionResult
from autograder.roster import Names
from autograder.sandbox import read_small_file
from autograder.syllabus import Lab, load_syllabus

REASON_LIMIT = 300  # characters of a refused write's reason shown

if TYPE_CHECKING:
    from nbgrader.api import Gradebook


@contextmanager
def open_gradebook(root: CourseRoot) -> Iterator[Gradebook]:
    """The course's gradebook, closed on exit."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings(), Gradebook(root.db_url, load_syllabus().course_id) as gb:
        # nbgrader's own SQLAlchemy use warns on every new submission; the rows are written fine.
        warnings.filterwarnings("ignore", category=SAWarning)
        yield gb


def is_recorded(gb: Gradebook, lab: Lab, result: SubmissionResult) -> bool:
    """True when the gradebook holds this result's auto scores."""
    from nbgrader.api import MissingEntry

    try:
        submission = gb.find_submission(lab.id, result.student)
    except MissingEntry:
        return False
    except Exception:  # a name the database refuses: ``record`` says why
        gb.db.rollback()
        return False
    scores = {g.name: g.auto_score for nb in submission.notebooks for g in nb.grades}
    return all(scores.get(t.grade_id) == t.score for t in result.tests)


def record(
    gb: Gradebook, lab: Lab, result: SubmissionResult, folder: Path, names: Names | None = None
) -> str | None:
    """Store a result's auto scores (manual overrides are kept), all of them or none.

    Args:
        gb: the open gradebook.
        lab: the result's lab.
        result: the submission's result record.
        folder: the submission folder (its ``timestamp.txt`` is the submission time).
        names: the learner's names from the roster; without them, a learner the gradebook has
            no name for is named by their user name (names set in the formgrader are kept).

    Returns:
        None, or why the gradebook refused the result (a learner's name the database cannot
        store, say): nothing of it is written, the result file keeps it, the next run retries,
        and the other learners' results are still written.
    """
    stamp = submission_time(folder)
    extra = {"timestamp": stamp} if stamp is not None else {}
    try:
        gb.update_or_create_student(result.student, **_names(gb, result.student, names))
        gb.update_or_create_submission(lab.id, result.student, **extra)
        for test in result.tests:
            grade = gb.find_grade(test.grade_id, lab.notebook.stem, lab.id, result.student)
            grade.auto_score = test.score
            grade.needs_manual_grade = grade.manual_score is not None
        gb.db.commit()
    except Exception as exc:  # whatever one learner's data makes the database raise
        gb.db.rollback()
        return f"{type(exc).__name__}: {exc}"[:REASON_LIMIT]
    return None


def _names(gb: Gradebook, student: str, names: Names | None) -> dict[str, str]:
    """The name fields to write: the roster's, else the user name where the gradebook has none."""
    from nbgrader.api import MissingEntry

    if names is None:
        try:
            known = gb.find_student(student)
        except MissingEntry:
            known = None
        if known is not None and (known.first_name or known.last_name):
            return {}
        names = Names.of_user(student)
    return {"first_name": names.first_name, "last_name": names.last_name}


def submission_time(folder: Path) -> datetime | None:
    """When the learner submitted: ``timestamp.txt`` of the submission folder, or None when it is
    missing or not a time (the learner can write that folder: the file may be anything, a link,
    a FIFO, text that is not a date; none of it may stop the gradebook write).

    It is read as an untrusted file (``read_small_file``), at most 64 bytes of it.
    """
    from nbgrader.utils import parse_utc

    try:
        text = read_small_file(folder / "timestamp.txt", 64)
    except OSError:
        return None
    if text is None:
        return None
    try:
        return parse_utc(text.strip())
    except (ValueError, OverflowError, TypeError):
        return None


def submission_timestamp(gb: Gradebook, lab: Lab, student: str) -> datetime | None:
    """When the learner's graded submission was made (UTC, naive as nbgrader keeps it)."""
    from nbgrader.api import MissingEntry

    try:
        return gb.find_submission(lab.id, student).timestamp
    except MissingEntry:
        return None


def score(gb: Gradebook, lab: Lab, student: str) -> float:
    """The learner's score for the lab, manual overrides included (0 when not submitted)."""
    from nbgrader.api import MissingEntry

    try:
        return gb.find_submission(lab.id, student).score
    except MissingEntry:
        return 0.0
