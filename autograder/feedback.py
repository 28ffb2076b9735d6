"""HTML feedback for graded submissions, with the source of hidden tests redacted.

nbgrader's ``generate_feedback`` renders each autograded notebook with its scores from the
gradebook; the preprocessor below runs before it renders, so that learners see which test failed and
its message, never the hidden tests' code or a traceback that would quote it.
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbformat import NotebookNode
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor
from traitlets.config import Config

from autograder import cells
from autograder.coursedir import CourseRoot
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


def generate_feedback(lab: Lab, root: CourseRoot) -> list[Path]:
    """Write ``<course>/feedback/<student>/<lab>/<notebook>.html`` for every autograded submission.

    Returns:
        The HTML files of the lab's feedback.
    """
    extra = Config()
    extra.GenerateFeedback.preprocessors = [GetGrades, RedactHiddenTests, CSSHTMLHeaderPreprocessor]
    result = root.api(extra).generate_feedback(lab.id)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_feedback failed:\n{result.get('log', '')}")
    return sorted((root.course_dir / "feedback").glob(f"*/{lab.id}/*.html"))
