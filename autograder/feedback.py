"""HTML feedback for graded submissions, with the source of hidden tests redacted.

nbgrader's ``generate_feedback`` renders each autograded notebook with its scores from the
gradebook. Two preprocessors run before it renders: one puts a table of every test (name, points,
status, message) at the top, the other replaces the hidden tests' code and cuts test tracebacks, so
that learners see which test failed and why, never the hidden tests' code.
"""

from __future__ import annotations

import html
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor
from traitlets import Unicode
from traitlets.config import Config

from autograder import cells
from autograder.coursedir import CourseRoot
from autograder.results import GradeReport, SubmissionResult
from autograder.syllabus import Lab

REDACTED = "# (hidden tests: their code is not shown)"


class RedactHiddenTests(NbGraderPreprocessor):
    """Replace hidden-test regions of test cells and reduce their tracebacks to the error line.

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


class AddResults(NbGraderPreprocessor):
    """Put the autograder's results for this learner in a table at the top of the notebook."""

    results_dir = Unicode("", help="the course root's results folder").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        path = Path(self.results_dir) / info["assignment"] / f"{info['student']}.json"
        result = SubmissionResult.read(path)
        if result and result.report:
            nb.cells.insert(0, new_markdown_cell(results_table(result.report)))
        return nb, resources


def _cell_text(text: str) -> str:
    return html.escape(text).replace("|", "&#124;").replace("\n", "<br>")


def results_table(report: GradeReport) -> str:
    """Markdown: the score, then one row per test with its points, status and message."""
    lines = [
        f"## Autograder results: {report.score:g} / {report.max_score:g}",
        "",
        "| Test | Points | Status | Message |",
        "|---|---|---|---|",
    ]
    for test in report.tests:
        points = f"{test.score:g} / {test.max_score:g}"
        lines.append(
            f"| {test.exercise} (`{test.grade_id}`) | {points} | {test.status} |"
            f" {_cell_text(test.message)} |"
        )
    if report.diagnostics:
        lines += ["", "Notes:", *(f"- {_cell_text(note)}" for note in report.diagnostics)]
    return "\n".join(lines)


def generate_feedback(lab: Lab, root: CourseRoot) -> list[Path]:
    """Write ``<course>/feedback/<student>/<lab>/<notebook>.html`` for every autograded submission.

    Returns:
        The HTML files of the lab's feedback.
    """
    extra = Config()
    extra.GenerateFeedback.preprocessors = [
        GetGrades, AddResults, RedactHiddenTests, CSSHTMLHeaderPreprocessor
    ]  # fmt: skip
    extra.AddResults.results_dir = str(root.results_dir)
    result = root.api(extra).generate_feedback(lab.id)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_feedback failed:\n{result.get('log', '')}")
    return sorted((root.course_dir / "feedback").glob(f"*/{lab.id}/*.html"))
