"""Grade one notebook: repair its structure, run it in a sandboxed kernel, score each test cell.

The same function serves the learner's self-check (``check``: the released notebook's public
tests, nothing recorded), ``grade`` and the batch ``autograde`` (the source's public and hidden
tests), so a notebook gets the same score whichever way it is graded.

A test cell passes when (1) the kernel's reply to executing it reports no exception (warnings and
stderr do not count), and (2), when grading, every result it records equals the result the
instructor's source records in the same test cell, compared outside the learner's kernel. The
first condition gives learners their messages; the second is what code in the kernel cannot fake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from autograder import cells, structure
from autograder.coursedir import CourseRoot
from autograder.execution import Execution, error_text
from autograder.lab_run import run_lab
from autograder.reference import Reference
from autograder.results import GradeReport, TestResult, TestStatus
from autograder.syllabus import Lab, Syllabus, load_syllabus
from utils import records

_FAILED_ENAMES = {"AssertionError", "CheckFailed"}


@dataclass
class Graded:
    """A report, the executed notebook it was read from, and how the kernel ended."""

    report: GradeReport
    notebook: NotebookNode
    kernel_died: bool = False


def compare_records(expected: list[dict], got: list[dict]) -> str | None:
    """Why the learner's records differ from the reference's, or None when they all agree.

    Args:
        expected: the reference's records of one test cell (encoded, with tolerances).
        got: the learner's records of the same cell (encoded; only the first of a name counts).
    """
    first: dict[str, dict] = {}
    for item in got:
        if isinstance(item, dict):
            first.setdefault(str(item.get("name")), item)
    for reference in expected:
        name = reference["name"]
        if name not in first:
            return f"the test stopped before checking {name!r}"
        want = records.decode(reference["value"])
        try:
            value = records.decode(first[name].get("value"))
        except Exception:  # a forged or broken record: any decoding error
            return f"{name}: the result could not be read"
        if not records.same(value, want, rtol=reference["rtol"], atol=reference["atol"]):
            return f"wrong result for {name}: {records.difference(value, want)}"
    return None


def _verdict(
    index: int, run: Execution, expected: list[dict] | None, answer_present: bool, exercise: str
) -> tuple[TestStatus, str, bool]:
    """(status, message, whether the message quotes the kernel) of the test cell at ``index``."""
    if index in run.skipped:
        return (
            TestStatus.TIMEOUT,
            "not run: the notebook used up its time budget before this test",
            False,
        )
    reply = run.replies.get(index)
    if reply is None:
        if run.died_in == index:
            status = f" (exit status {run.exit_status})" if run.exit_status is not None else ""
            return TestStatus.KERNEL_DIED, f"the kernel died while running this test{status}", False
        return TestStatus.KERNEL_DIED, "not run: the kernel died in an earlier cell", False
    if index in run.timed_out:
        return TestStatus.TIMEOUT, str(reply.get("evalue", "the cell ran out of time")), False
    if index in run.out_of_memory:
        return TestStatus.MEMORY, f"the test ran out of memory ({error_text(reply)})", True
    if reply.get("status") != "ok":
        if not answer_present:
            message = f"the answer cell of {exercise} is missing from the notebook"
            return TestStatus.MISSING, message, False
        if reply.get("ename") in _FAILED_ENAMES:
            return TestStatus.FAILED, reply.get("evalue") or "a test failed", True
        return TestStatus.ERROR, error_text(reply), True
    if expected is not None:
        mismatch = compare_records(expected, run.records.get(index, []))
        if mismatch:
            return (TestStatus.FAILED if answer_present else TestStatus.MISSING), mismatch, False
    return TestStatus.PASSED, "", False


def _cell_errors(nb: NotebookNode, run: Execution, limit: int = 5) -> list[str]:
    """Diagnostics for errors raised outside test cells (they usually explain failed tests)."""
    found = []
    for index, reply in sorted(run.replies.items()):
        cell = nb.cells[index]
        if reply.get("status") != "error" or cells.is_test_cell(cell):
            continue
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        if len(first_line) > 50:
            first_line = first_line[:49] + "…"  # a cut line must not read like the whole code
        where = cells.grade_id(cell) or f"cell {index + 1} ({first_line})"
        found.append(f"{where} raised {error_text(reply)}")
    if len(found) > limit:
        found = found[:limit] + [f"... and {len(found) - limit} more cells raised errors"]
    return found


def _run_notes(run: Execution, lab: Lab) -> list[str]:
    """Diagnostics about how the run ended: a dead kernel, a spent budget, cut outputs."""
    notes = []
    if run.kernel_died:
        notes.append(f"the kernel died in cell {run.died_in + 1}; later cells did not run")
    if run.skipped:
        notes.append(f"the notebook used up its {lab.seconds:g} s; later cells did not run")
    if run.truncated:
        notes.append(f"the output of {len(run.truncated)} cells was cut")
    return notes


def grade(submission: NotebookNode, reference: Reference, *, notebook_name: str) -> Graded:
    """Grade a learner's notebook against a reference.

    Args:
        submission: the learner's notebook (not modified).
        reference: what to grade against (``Reference.for_grading`` or ``Reference.for_check``);
            its lab gives the exercises, budget and limits.
        notebook_name: the name to report.

    Returns:
        The report and the executed notebook.

    Raises:
        BrokenSourceError: the reference was being built, and its builder failed.
    """
    lab = reference.lab
    nb, diagnostics = structure.assemble(reference.notebook, submission)
    answers = {cells.grade_id(c) for c in nb.cells if cells.is_answer_cell(c)}
    run = run_lab(nb, lab, record=reference.grades)
    expected = reference.expected_records()
    diagnostics += _cell_errors(nb, run) + _run_notes(run, lab)
    tests = []
    for index, cell in enumerate(nb.cells):
        if not cells.is_test_cell(cell):
            continue
        gid = cells.grade_id(cell)
        exercise = lab.exercise_of_test(gid)
        name = exercise.name if exercise else gid
        present = exercise is None or exercise.answer_id in answers
        wanted = expected.get(gid, []) if expected is not None else None
        status, message, quotes = _verdict(index, run, wanted, present, name)
        max_score = cells.points(cell)
        score = max_score if status is TestStatus.PASSED else 0.0
        tests.append(TestResult(gid, name, score, max_score, status, message, quotes))
    report = GradeReport(
        lab=lab.id,
        notebook=notebook_name,
        score=sum(t.score for t in tests),
        max_score=sum(t.max_score for t in tests),
        tests=tests,
        diagnostics=diagnostics,
    )
    return Graded(report, nb, run.kernel_died)


def read_submission(
    path: Path, syllabus: Syllabus | None = None, *, expected_lab: str | None = None
) -> tuple[NotebookNode, Lab]:
    """Read a learner's notebook and the graded lab its metadata names.

    Args:
        path: the notebook (any file name).
        syllabus: the manifest (default: the repository's).
        expected_lab: the lab the notebook must belong to (a submission to that lab).

    Raises:
        UnreadableNotebook: not a notebook, or not a graded lab's (or not ``expected_lab``'s).
    """
    submission = cells.read_notebook(path)
    lab = cells.lab_of(submission, syllabus or load_syllabus())
    if expected_lab and lab.id != expected_lab:
        raise cells.UnreadableNotebook(f"{path.name} is a notebook of {lab.id}, not {expected_lab}")
    if not lab.graded:
        raise cells.UnreadableNotebook(f"{lab.id} is an optional lab: it has nothing to grade")
    return submission, lab


def grade_file(
    path: Path, *, root: CourseRoot | None = None, syllabus: Syllabus | None = None
) -> Graded:
    """Grade the notebook at ``path`` with public and hidden tests (``python -m autograder grade``).

    Args:
        path: a learner's notebook; its lab is read from its metadata.
        root: the course root holding the cache of reference records (default: from the env).
        syllabus: the manifest (default: the repository's).

    Raises:
        UnreadableNotebook: not a notebook, or not a graded lab's.
        BrokenSourceError: the lab's own source fails its tests (an instructor's error).
    """
    submission, lab = read_submission(path, syllabus)
    reference = Reference.for_grading(lab, root or CourseRoot.from_env())
    return grade(submission, reference, notebook_name=str(path))


def check_file(path: Path, *, syllabus: Syllabus | None = None) -> Graded:
    """The learner's self-check of the notebook at ``path``: the public tests of the released
    notebook, judged by the kernel's replies alone (``python -m autograder check``).

    Raises:
        UnreadableNotebook: not a notebook, or not a graded lab's.
    """
    submission, lab = read_submission(path, syllabus)
    return grade(submission, Reference.for_check(lab), notebook_name=str(path))
