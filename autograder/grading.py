"""Grade one notebook: restore its locked cells from a reference, run it in a new kernel, score it.

The same function serves the learner's self-check (reference: the released student notebook, public
tests only), ``grade`` (reference: the instructor source, public and hidden tests) and the batch
``autograde``, so a notebook gets the same score whichever way it is graded.

A test cell passes when the kernel's reply to executing it has status ``ok``; anything written to
stderr (warnings, library noise) is ignored. The outcome of every test is one of ``TEST_STATUSES``.
"""

from __future__ import annotations

import copy
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode
from traitlets.config import Config

from autograder import cells
from autograder.syllabus import REPO_ROOT, Lab, Syllabus, load_syllabus

TEST_STATUSES = ("passed", "failed", "error", "timeout", "missing")
_TIMEOUT_ENAME = "CellTimeout"
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
    """A report, the executed notebook it was read from, and whether the kernel died on the way."""

    report: GradeReport
    notebook: NotebookNode
    kernel_died: bool = False

    @property
    def crashed(self) -> bool:
        """True when some test could not reach a verdict: a timeout, or a dead kernel."""
        return self.kernel_died or any(t.status == "timeout" for t in self.report.tests)


def assemble(reference: NotebookNode, submission: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """Build the notebook to run: the learner's cells, with the locked cells of the reference.

    Locked cells (test cells, the header's imports) are matched by grade id and replaced by the
    reference's version; duplicates are dropped and missing ones restored after the reference cell
    that precedes them. Answer cells and free cells stay as the learner left them.

    Args:
        reference: the instructor source (grading) or the released student notebook (self-check).
        submission: the learner's notebook.

    Returns:
        The notebook to execute (outputs cleared) and the list of repairs made.
    """
    locked = {cells.grade_id(c): c for c in reference.cells if cells.is_locked_cell(c)}
    answers = {cells.grade_id(c) for c in reference.cells if cells.is_answer_cell(c)}
    diagnostics: list[str] = []
    out: list[NotebookNode] = []
    placed: set[str] = set()
    for cell in submission.cells:
        gid = cells.grade_id(cell)
        if gid in locked:
            if gid in placed:
                diagnostics.append(f"dropped a duplicate of the locked cell {gid!r}")
                continue
            placed.add(gid)
            cell = locked[gid]
        cell = _cleared(cell)
        if cells.nbgrader_meta(cell) and gid not in answers and gid not in locked:
            del cell.metadata["nbgrader"]
            diagnostics.append(f"ignored nbgrader metadata of a cell not in the source ({gid!r})")
        out.append(cell)
    ref_ids = [cells.grade_id(c) for c in reference.cells]
    for index, gid in enumerate(ref_ids):
        if gid not in locked or gid in placed:
            continue
        before = [g for g in ref_ids[:index] if g is not None]
        position = 0
        for prev in reversed(before):
            hit = next((i for i, c in enumerate(out) if cells.grade_id(c) == prev), None)
            if hit is not None:
                position = hit + 1
                break
        out.insert(position, _cleared(locked[gid]))
        placed.add(gid)
        diagnostics.append(f"restored the missing locked cell {gid!r} from the source")
    nb = copy.deepcopy(submission)
    nb.cells = out
    return nb, diagnostics


def _cleared(cell: NotebookNode) -> NotebookNode:
    cell = copy.deepcopy(cell)
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    return cell


def _classify(reply: dict | None, answer_present: bool, exercise: str) -> tuple[str, str]:
    """(status, message) of a test cell from the kernel's execute reply."""
    if reply is None:
        return "error", "not run: the kernel stopped before this cell"
    if reply.get("status") == "ok":
        return "passed", ""
    ename, evalue = reply.get("ename", "Error"), reply.get("evalue", "")
    if ename == _TIMEOUT_ENAME:
        return "timeout", evalue
    if not answer_present:
        return "missing", f"the answer cell of {exercise} is missing from the notebook"
    if ename in _FAILED_ENAMES:
        return "failed", evalue or "a test failed"
    return "error", f"{ename}: {evalue}" if evalue else ename


@dataclass
class Execution:
    """What running a notebook produced, besides the outputs written into it."""

    replies: dict[int, dict]  # the kernel's execute reply content, by cell index
    kernel_died: bool


def execute(nb: NotebookNode, *, cell_timeout: float, workdir: Path) -> Execution:
    """Run every cell of ``nb`` in a fresh kernel started in ``workdir``, in place.

    Args:
        nb: the notebook to run (its outputs are filled in).
        cell_timeout: seconds allowed per cell; a cell that runs longer is interrupted.
        workdir: the kernel's working folder.

    Returns:
        The replies by cell index, and whether the kernel died.
    """
    replies: dict[int, dict] = {}

    def record(cell: NotebookNode, cell_index: int, execute_reply: dict) -> None:
        replies[cell_index] = execute_reply["content"]

    client = NotebookClient(
        nb,
        timeout=int(cell_timeout),
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={
            "ename": _TIMEOUT_ENAME,
            "evalue": f"the cell ran longer than {cell_timeout:g} s and was stopped",
            "traceback": [],
        },
        resources={"metadata": {"path": str(workdir)}},
        on_cell_executed=record,
        # Unix sockets between grader and kernel, no TCP port (and no warning about unencrypted
        # TCP); an absolute path, as the kernel runs in another folder than the grader.
        config=Config({"KernelManager": {"transport": "ipc", "ip": str(workdir / "kernel")}}),
    )
    try:
        # What the cells write reaches their outputs; the kernel process's own stderr only
        # carries start-up chatter, kept off the grader's console.
        client.execute(stderr=subprocess.DEVNULL)
    except DeadKernelError:
        return Execution(replies, kernel_died=True)
    return Execution(replies, kernel_died=False)


def _cell_errors(nb: NotebookNode, replies: dict[int, dict], limit: int = 5) -> list[str]:
    """Diagnostics for errors raised outside test cells (they usually explain failed tests)."""
    found = []
    for index, reply in sorted(replies.items()):
        cell = nb.cells[index]
        if reply.get("status") != "error" or cells.is_test_cell(cell):
            continue
        first_line = cell.source.strip().splitlines()[0][:50] if cell.source.strip() else ""
        where = cells.grade_id(cell) or f"cell {index + 1} ({first_line})"
        evalue = reply.get("evalue", "")
        error = reply.get("ename", "Error") + (f": {evalue}" if evalue else "")
        found.append(f"{where} raised {error}")
    if len(found) > limit:
        found = found[:limit] + [f"... and {len(found) - limit} more cells raised errors"]
    return found


def grade(
    submission: NotebookNode,
    *,
    lab: Lab,
    reference: NotebookNode,
    notebook_name: str,
) -> Graded:
    """Grade a learner's notebook against a reference.

    Args:
        submission: the learner's notebook.
        lab: its lab (exercise names, per-cell timeout).
        reference: the notebook whose locked cells are restored (source, or released notebook).
        notebook_name: the name to report (the submitted file's path).

    Returns:
        The report and the executed notebook.
    """
    nb, diagnostics = assemble(reference, submission)
    answers = {cells.grade_id(c) for c in nb.cells if cells.is_answer_cell(c)}
    for ex in lab.exercises:
        if ex.answer_id not in answers:
            diagnostics.append(f"the answer cell {ex.answer_id!r} is missing")
    with tempfile.TemporaryDirectory(prefix=f"grade-{lab.id}-") as workdir:
        run = execute(nb, cell_timeout=lab.cell_timeout, workdir=Path(workdir))
    diagnostics += _cell_errors(nb, run.replies)
    if run.kernel_died:
        diagnostics.append("the kernel died; the cells after the one it died in were not run")
    tests = []
    for index, cell in enumerate(nb.cells):
        if not cells.is_test_cell(cell):
            continue
        gid = cells.grade_id(cell)
        exercise = lab.exercise_of_test(gid)
        name = exercise.name if exercise else gid
        present = exercise is None or exercise.answer_id in answers
        status, message = _classify(run.replies.get(index), present, name)
        max_score = cells.points(cell)
        score = max_score if status == "passed" else 0.0
        tests.append(TestResult(gid, name, score, max_score, status, message))
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
    syllabus: Syllabus | None = None,
) -> Graded:
    """Grade the notebook at ``path``: the lab is read from its metadata.

    Args:
        path: a learner's notebook (any file name).
        public_only: restore the released notebook's public tests instead of the source's public
            and hidden tests (the learner's self-check).
        expected_lab: the lab the notebook must belong to (a submission to that lab).
        syllabus: the manifest (default: the repository's).

    Returns:
        The report and the executed notebook; UnreadableNotebook if it cannot be graded.
    """
    syllabus = syllabus or load_syllabus()
    submission = cells.read_notebook(path)
    lab = cells.lab_of(submission, syllabus)
    if expected_lab and lab.id != expected_lab:
        raise cells.UnreadableNotebook(f"{path.name} is a notebook of {lab.id}, not {expected_lab}")
    if not lab.graded:
        raise cells.UnreadableNotebook(f"{lab.id} is an optional lab: it has nothing to grade")
    reference_path = lab.notebook if public_only else lab.source
    reference = cells.read_notebook(REPO_ROOT / reference_path)
    return grade(submission, lab=lab, reference=reference, notebook_name=str(path))
