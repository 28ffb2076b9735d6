"""HTML feedback for graded submissions: the grading's verdicts, and nothing of the hidden tests.

Code that runs beside hidden tests can copy them (from the caller's frames, ``In`` or
``linecache``) into anything it prints, displays or raises, in that cell or any later one. So a
learner's feedback shows nothing the graded kernel produced: the notebook it renders is the
learner's public self-check (``check``: the released notebook's public tests, in a kernel that
never ran hidden code), with the graded scores and statuses in a table at the top. Each test's
message there is the grader's own words (a recorded result that differs, a timeout, a dead
kernel), or else the public check's message; a hidden test's exception is named by its status
only. The notes under the table are the self-check's. nbgrader's ``generate_feedback`` renders
the notebooks (with its paths, so that ``release_feedback`` and ``fetch_feedback`` work).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor
from traitlets.config import Config

from autograder import batch, cells
from autograder.coursedir import CourseRoot
from autograder.grading import check_file
from autograder.results import GradeReport, SubmissionResult, TestResult, TestStatus
from autograder.sandbox import read_small_file
from autograder.submission import pick_notebook, submissions
from autograder.syllabus import REPO_ROOT, Lab

REDACTED = "# (hidden tests: their code is not shown)"
SOURCE_FOLDER = "feedback_source"  # the notebooks rendered, beside nbgrader's "autograded"
UNSHOWN = "their message is not shown: code run beside hidden tests could put them in it"
# What nbgrader's submit writes beside a submission; the exchange files feedback by them.
SUBMISSION_STAMPS = ("timestamp.txt", "submission_secret.txt")
STAMP_LIMIT = 256  # bytes read of each (learners' files)


class RedactHiddenTests(NbGraderPreprocessor):
    """Reduce test tracebacks to the error line, and replace any hidden-test region left.

    (nbgrader's base class enables it; a plain nbconvert Preprocessor is off unless configured.)
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict, index: int
    ) -> tuple[NotebookNode, dict]:
        if not cells.is_test_cell(cell):
            return cell, resources
        if cells.HIDDEN_BEGIN in cell.source:
            public = cells.strip_hidden_tests(cell.source)
            cell.source = f"{public}\n{REDACTED}".lstrip("\n")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output.get('ename')}: {output.get('evalue')}"]
        return cell, resources


def learner_message(test: TestResult, public: TestResult | None) -> str:
    """What the feedback says of one test.

    Args:
        test: the graded test.
        public: the same test in the learner's public self-check (None when it did not run).
    """
    if test.status is TestStatus.PASSED:
        return ""
    if not test.quotes_kernel:
        return test.message
    if public is not None and public.status is not TestStatus.PASSED:
        return public.message  # from a kernel that never ran hidden code
    if test.status is TestStatus.MEMORY:
        return "the hidden tests ran out of memory"
    kind = "failed" if test.status is TestStatus.FAILED else "raised an exception"
    return f"the public tests passed; the hidden tests {kind} ({UNSHOWN})"


# The table's cells, styled inline: nbgrader's feedback page styles no table of a markdown cell
CELL_STYLE = (
    "padding: 4px 12px; border-bottom: 1px solid #ccc; text-align: left; vertical-align: top"
)
CODE = re.compile(r"`([^`]+)`")


def _cell_text(text: str) -> str:
    """Text for the HTML table and the notes: escaped, `code` marked, lines kept."""
    return CODE.sub(r"<code>\1</code>", html.escape(text)).replace("\n", "<br>")


def _row(cells: list[str], tag: str = "td") -> str:
    """One table row, a cell per line (text without its tags still separates the cells)."""
    inner = "\n".join(f'<{tag} style="{CELL_STYLE}">{cell}</{tag}>' for cell in cells)
    return f"<tr>\n{inner}\n</tr>"


def results_table(graded: GradeReport, public: GradeReport | None) -> str:
    """Markdown with an HTML table: the graded score, then one row per test with its points,
    status and message, and the self-check's notes."""
    checked = {t.grade_id: t for t in public.tests} if public else {}
    rows = [_row(["Test", "Points", "Status", "Message"], tag="th")]
    for test in graded.tests:
        message = learner_message(test, checked.get(test.grade_id))
        rows.append(_row([
            f"{html.escape(test.exercise)} (<code>{html.escape(test.grade_id)}</code>)",
            f"{test.score:g}&nbsp;/&nbsp;{test.max_score:g}", str(test.status), _cell_text(message),
        ]))  # fmt: skip
    lines = [
        f"## Autograder results: {graded.score:g} / {graded.max_score:g}",
        "",
        '<table class="autograder-results" style="border-collapse: collapse">',
        *rows,
        "</table>",
    ]
    notes = public.diagnostics if public else []
    if notes:
        lines += ["", "Notes:", "", *(f"- {_cell_text(note)}" for note in notes)]
    return "\n".join(lines)


def _with_hidden(lab: Lab) -> set[str]:
    """Grade ids of the source's test cells that have hidden tests."""
    source = cells.read_notebook(REPO_ROOT / lab.source)
    return {cells.grade_id(c) for c in source.cells if cells.HIDDEN_BEGIN in c.source}


def feedback_notebook(
    lab: Lab, report: GradeReport, folder: Path, with_hidden: set[str]
) -> NotebookNode:
    """The notebook a learner's feedback renders: their public self-check, run now, under the
    graded results (see the module's docstring).

    Args:
        lab: the graded lab.
        report: the learner's graded report.
        folder: the learner's submission folder.
        with_hidden: grade ids of the source's test cells that have hidden tests.
    """
    notebook, _ = pick_notebook(folder, lab)
    checked = check_file(notebook) if notebook else None
    nb = checked.notebook if checked else cells.read_notebook(REPO_ROOT / lab.notebook)
    for cell in nb.cells:
        if cells.is_test_cell(cell) and cells.grade_id(cell) in with_hidden:
            cell.source = f"{cell.source}\n{REDACTED}"
    table = results_table(report, checked.report if checked else None)
    nb.cells.insert(0, new_markdown_cell(table))
    return nb


def _write_source(
    lab: Lab, root: CourseRoot, student: str, folder: str, with_hidden: set[str]
) -> None:
    """Write one learner's feedback notebook, when graded (a worker's task)."""
    result = SubmissionResult.read(root.results_path(lab.id, student))
    if result is None or result.report is None:
        return
    nb = feedback_notebook(lab, result.report, Path(folder), with_hidden)
    path = root.course_dir / SOURCE_FOLDER / student / lab.id / lab.notebook.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    for name in SUBMISSION_STAMPS:  # nbgrader copies them beside the feedback, for its release
        text = read_small_file(Path(folder) / name, STAMP_LIMIT)
        if text is not None:
            (path.parent / name).write_text(text, encoding="utf-8")


def generate_feedback(lab: Lab, root: CourseRoot, workers: int | None = None) -> list[Path]:
    """Write ``<course>/feedback/<student>/<lab>/<notebook>.html`` for every graded submission.

    Returns:
        The HTML files of the lab's feedback.
    """
    shutil.rmtree(root.course_dir / SOURCE_FOLDER, ignore_errors=True)
    subs = submissions(lab, root)
    hidden = _with_hidden(lab)
    with batch.executor(workers or os.cpu_count() or 1) as pool:
        futures = [
            pool.submit(_write_source, lab, root, s.student, str(s.folder), hidden) for s in subs
        ]
        for future in futures:
            future.result()
    extra = Config()
    extra.CourseDirectory.autograded_directory = SOURCE_FOLDER
    extra.GenerateFeedback.preprocessors = [GetGrades, RedactHiddenTests, CSSHTMLHeaderPreprocessor]
    result = root.api(extra).generate_feedback(lab.id)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_feedback failed:\n{result.get('log', '')}")
    return sorted((root.course_dir / "feedback").glob(f"*/{lab.id}/*.html"))


def release_feedback(files: list[Path], root: CourseRoot) -> tuple[list[str], list[str]]:
    """Put each learner's feedback HTML in the exchange, where Fetch Feedback finds it.

    As nbgrader's ``release_feedback`` does (the file is named by the hash of the submission's
    secret and the notebook's name), but a learner whose submission did not come through the
    exchange (no ``submission_secret.txt``) is skipped and named, not an error for the others.

    Args:
        files: the HTML files of :func:`generate_feedback`
            (``<course>/feedback/<student>/<lab>/<notebook>.html``).
        root: the course root.

    Returns:
        The learners whose feedback was released, and those skipped.
    """
    from nbgrader.utils import notebook_hash

    outbound = root.course_exchange / "feedback"
    outbound.mkdir(parents=True, exist_ok=True)
    outbound.chmod(0o755)  # learners list nothing here; they open the file their hash names
    released, skipped = [], []
    for html_file in files:
        student = html_file.parent.parent.name
        secret = read_small_file(html_file.parent / "submission_secret.txt", STAMP_LIMIT)
        if secret is None:
            skipped.append(student)
            continue
        checksum = notebook_hash(secret=secret, notebook_id=html_file.stem)
        staged = outbound / f"{checksum}-tmp.html"
        shutil.copyfile(html_file, staged)
        staged.chmod(0o644)
        staged.replace(outbound / f"{checksum}.html")
        released.append(student)
    return released, skipped
