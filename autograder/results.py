"""What grading produces: the statuses, and the records of a test, a notebook and a submission.

Every module that writes or reads a result uses these types, and the README's status tables are
generated from the enums (``make readme``). Each result has ``to_json()`` (the dict written to
disk and printed by ``grade --json``) and ``load()`` (its inverse).

Adding a status: a member here (with its description), the code that decides it (``grading``
for a test status, ``batch`` for a submission status, ``export`` for a grades-file status), and
``make readme``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Self


class _Described(StrEnum):
    """A status whose members carry a one-line description (for the README and help)."""

    description: str

    def __new__(cls, value: str, description: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


class TestStatus(_Described):
    """The outcome of one test cell."""

    __test__ = False  # not a pytest test class

    PASSED = "passed", "every check passed and every recorded result equals the source's"
    FAILED = "failed", "a check failed or a recorded result differs from the source's"
    ERROR = "error", "the test raised another exception (the message says which)"
    TIMEOUT = (
        "timeout",
        ("the grader stopped the test: the cell's time or the notebook's budget ran out"),
    )
    MEMORY = (
        "memory",
        ("the test raised MemoryError after the grader saw the kernel use half its memory or more"),
    )
    KERNEL_DIED = "kernel_died", "the kernel died in this test or before it"
    MISSING = "missing", "the answer cell of the exercise is not in the notebook"

    @property
    def is_crash(self) -> bool:
        """True when the test could not finish: no verdict on the answer itself."""
        return self in (TestStatus.TIMEOUT, TestStatus.MEMORY, TestStatus.KERNEL_DIED)


class SubmissionStatus(_Described):
    """The outcome of grading one learner's submission (the result record's ``status``)."""

    GRADED = "graded", "the notebook ran and every test has a status"
    UNREADABLE = "unreadable", "not JSON, not a notebook, another lab's notebook, or no notebook"
    GRADER_ERROR = "grader_error", "the grader itself failed (not saved: the next run retries)"


class GradeStatus(_Described):
    """The status column of the grades file: what a score means."""

    GRADED = "graded", "every test reached a verdict: the score is genuine"
    CRASHED = "crashed", "graded, but a test timed out, ran out of memory or the kernel died"
    UNREADABLE = "unreadable", SubmissionStatus.UNREADABLE.description
    GRADER_ERROR = "grader_error", "the grader itself failed; the next run retries"
    NOT_SUBMITTED = "not_submitted", "nothing was collected from this learner"


@dataclass
class TestResult:
    """The outcome of one test cell.

    Attributes:
        message: why it did not pass, for the instructor.
        quotes_kernel: the message quotes what the learner's kernel said (an exception's text),
            which code that ran beside hidden tests could fill with them: learners' feedback
            shows another message instead (``autograder.feedback``). False when the grader wrote
            the message itself.
    """

    __test__ = False  # not a pytest test class

    grade_id: str
    exercise: str
    score: float
    max_score: float
    status: TestStatus
    message: str
    quotes_kernel: bool = True

    @classmethod
    def load(cls, data: dict[str, Any]) -> TestResult:
        return cls(**{**data, "status": TestStatus(data["status"])})


@dataclass
class GradeReport:
    """The outcome of grading one notebook (what ``grade --json`` prints)."""

    lab: str
    notebook: str
    score: float
    max_score: float
    tests: list[TestResult]
    diagnostics: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def load(cls, data: dict[str, Any]) -> GradeReport:
        return cls(**{**data, "tests": [TestResult.load(t) for t in data["tests"]]})

    def crashes(self) -> list[str]:
        """``grade_id: status`` of every test that could not finish."""
        return [f"{t.grade_id}: {t.status}" for t in self.tests if t.status.is_crash]


@dataclass
class SubmissionResult:
    """The result record of one submission: ``<course>/results/<lab>/<student>.json``.

    Attributes:
        student, lab: whose and which.
        status: graded, unreadable or grader_error.
        reason: why it could not be graded (empty when graded).
        score, max_score: points earned and possible.
        provenance: the submission's sha256 and the lab's provenance (``autograder.provenance``)
            that the score was computed with; empty for a grader error.
        graded_at: when (seconds since the epoch).
        report: the notebook's report when graded.
    """

    student: str
    lab: str
    status: SubmissionStatus
    reason: str = ""
    score: float = 0.0
    max_score: float = 0.0
    provenance: dict[str, Any] = field(default_factory=dict)
    graded_at: float = 0.0
    report: GradeReport | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def load(cls, data: dict[str, Any]) -> SubmissionResult:
        report = data.get("report")
        return cls(
            **{
                **data,
                "status": SubmissionStatus(data["status"]),
                "report": GradeReport.load(report) if report else None,
            }
        )

    @classmethod
    def read(cls, path: Path) -> SubmissionResult | None:
        """The record saved at ``path``, or None when there is none."""
        if not path.exists():
            return None
        return cls.load(json.loads(path.read_text(encoding="utf-8")))

    @property
    def tests(self) -> list[TestResult]:
        return self.report.tests if self.report else []

    def grade_status(self) -> tuple[GradeStatus, str]:
        """The grades file's status of this submission, and its detail."""
        if self.status is not SubmissionStatus.GRADED:
            return GradeStatus(self.status.value), self.reason
        crashes = self.report.crashes() if self.report else []
        return (GradeStatus.CRASHED if crashes else GradeStatus.GRADED), "; ".join(crashes)


def status_table(status: type[_Described]) -> str:
    """Markdown: one row per member of a status enum, with its description."""
    rows = ["| Status | Meaning |", "|---|---|"]
    rows += [f"| `{member}` | {member.description} |" for member in status]
    return "\n".join(rows) + "\n"
