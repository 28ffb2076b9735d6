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

from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbformat import NotebookNode

from autograder import cells, structure
from autograder.coursedir import CourseRoot
from autograder.execution import TIMEOUT_ENAME, Execution, error_text, run_lab
from autograder.reference import reference_records
from autograder.syllabus import REPO_ROOT, Lab, Syllabus, load_syllabus
from utils import records

TEST_STATUSES = ("passed", "failed", "error", "timeout", "memory", "kernel_died", "missing")
_FAILED_ENAMES = {"AssertionError", "CheckFailed"}


@dataclass
class TestResult:
    """The outcome of one test cell."""

    grade_id: str
    exercise: str
    score: float
    max_score: float
    status: str
    message: str


@dataclass
class GradeReport:
    """The outcome of grading one notebook (the JSON of ``grade --json``)."""

    lab: str
    notebook: str
    score: float
    max_score: float
    tests: list[TestResult]
    diagnostics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


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
            return (
                f"wrong result for {name}: expected {records.describe(want)}, "
                f"got {records.describe(value)}"
            )
    return None


def _verdict(
    index: int, run: Execution, expected: list[dict] | None, answer_present: bool, exercise: str
) -> tuple[str, str]:
    """(status, message) of the test cell at ``index``."""
    if index in run.skipped:
        return "timeout", "not run: the notebook used up its time budget before this test"
    reply = run.replies.get(index)
    if reply is None:
        if run.died_in == index:
            status = f" (exit status {run.exit_status})" if run.exit_status is not None else ""
            return "kernel_died", f"the kernel died while running this test{status}"
        return "kernel_died", "not run: the kernel died in an earlier cell"
    if reply.get("status") != "ok":
        ename, evalue = reply.get("ename", "Error"), reply.get("evalue", "")
        if ename == TIMEOUT_ENAME:
            return "timeout", evalue
        if ename.endswith("MemoryError"):
            return "memory", f"the test ran out of memory ({error_text(reply)})"
        if not answer_present:
            return "missing", f"the answer cell of {exercise} is missing from the notebook"
        if ename in _FAILED_ENAMES:
            return "failed", evalue or "a test failed"
        return "error", error_text(reply)
    if expected is not None:
        mismatch = compare_records(expected, run.records.get(index, []))
        if mismatch:
            return ("failed" if answer_present else "missing"), mismatch
    return "passed", ""


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


def grade(
    submission: NotebookNode,
    *,
    lab: Lab,
    reference: NotebookNode,
    expected: dict[str, list[dict]] | None,
    notebook_name: str,
) -> Graded:
    """Grade a learner's notebook against a reference notebook.

    Args:
        submission: the learner's notebook.
        lab: its lab (exercises, budget, limits).
        reference: the notebook whose structure and locked cells are restored (the source when
            grading, the released notebook for the self-check).
        expected: the reference records by test grade id (grading), or None (self-check: the
            kernel's replies decide alone).
        notebook_name: the name to report.

    Returns:
        The report and the executed notebook.
    """
    nb, diagnostics = structure.assemble(reference, submission)
    answers = {cells.grade_id(c) for c in nb.cells if cells.is_answer_cell(c)}
    run = run_lab(nb, lab, record=expected is not None)
    diagnostics += _cell_errors(nb, run)
    if run.kernel_died:
        diagnostics.append(f"the kernel died in cell {run.died_in + 1}; later cells did not run")
    if run.skipped:
        diagnostics.append(f"the notebook used up its {lab.seconds:g} s; later cells did not run")
    if run.truncated:
        diagnostics.append(f"the output of {len(run.truncated)} cells was cut")
    tests = []
    for index, cell in enumerate(nb.cells):
        if not cells.is_test_cell(cell):
            continue
        gid = cells.grade_id(cell)
        exercise = lab.exercise_of_test(gid)
        name = exercise.name if exercise else gid
        present = exercise is None or exercise.answer_id in answers
        wanted = expected.get(gid, []) if expected is not None else None
        status, message = _verdict(index, run, wanted, present, name)
        max_score = cells.points(cell)
        tests.append(TestResult(gid, name, max_score if status == "passed" else 0.0, max_score,
                                status, message))  # fmt: skip
    report = GradeReport(
        lab=lab.id,
        notebook=notebook_name,
        score=sum(t.score for t in tests),
        max_score=sum(t.max_score for t in tests),
        tests=tests,
        diagnostics=diagnostics,
    )
    return Graded(report, nb, run.kernel_died)


def grade_file(
    path: Path,
    *,
    public_only: bool = False,
    expected_lab: str | None = None,
    root: CourseRoot | None = None,
    syllabus: Syllabus | None = None,
) -> Graded:
    """Grade the notebook at ``path``: the lab is read from its metadata.

    Args:
        path: a learner's notebook (any file name).
        public_only: the learner's self-check: the released notebook's public tests, judged by
            the kernel's replies alone.
        expected_lab: the lab the notebook must belong to (a submission to that lab).
        root: the course root holding the cache of reference records (default: from the env).
        syllabus: the manifest (default: the repository's).

    Returns:
        The report and the executed notebook.

    Raises:
        UnreadableNotebook: not a notebook, or not a graded lab's (or not ``expected_lab``'s).
        ReferenceError: the lab's own source fails its tests (an instructor's error).
    """
    syllabus = syllabus or load_syllabus()
    submission = cells.read_notebook(path)
    lab = cells.lab_of(submission, syllabus)
    if expected_lab and lab.id != expected_lab:
        raise cells.UnreadableNotebook(f"{path.name} is a notebook of {lab.id}, not {expected_lab}")
    if not lab.graded:
        raise cells.UnreadableNotebook(f"{lab.id} is an optional lab: it has nothing to grade")
    if public_only:
        reference, expected = cells.read_notebook(REPO_ROOT / lab.notebook), None
    else:
        reference = cells.read_notebook(REPO_ROOT / lab.source)
        expected = reference_records(lab, root or CourseRoot.from_env())
    return grade(submission, lab=lab, reference=reference, expected=expected,
                 notebook_name=str(path))  # fmt: skip
