"""utils.checks: what a learner sees in the notebook when a check fails, in a real kernel.

A failed check shows its message (the case, expected against got, the hint) and no frames of the
course's code; an error in the learner's own function shows the learner's frames, keeps its type,
and no frames of the course's code either.
"""

import re
from collections.abc import Iterator

import pytest
from jupyter_client.manager import start_new_kernel

from utils import checks

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DEFINE_WRONG = """
from utils.checks import linear_regression as public_tests
def compute_cost(x, y, w, b):
    return float(((w * x + b - y) ** 2).sum() / x.shape[0])
"""
DEFINE_FAILING = """
def compute_cost(x, y, w, b):
    m = x.shape[0]
    return total_cost / (2 * m)
"""


@pytest.fixture(scope="module")
def kernel() -> Iterator:
    manager, client = start_new_kernel(extra_arguments=["--HistoryManager.enabled=False"])
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def error_of(client, code: str) -> dict:
    """The error a cell raised, as the kernel sends it to JupyterLab (and nbgrader)."""
    errors = []
    reply = client.execute_interactive(
        code, output_hook=lambda msg: errors.append(msg["content"])
        if msg["msg_type"] == "error" else None, timeout=60,
    )  # fmt: skip
    assert reply["content"]["status"] == "error", reply["content"]
    (error,) = errors
    return {**error, "text": ANSI.sub("", "\n".join(error["traceback"]))}


def test_a_failed_check_shows_its_hint_and_no_course_code(kernel):
    error_of(kernel, DEFINE_WRONG + "\n1/0")  # defines compute_cost; the error is ignored
    error = error_of(kernel, "public_tests.check_compute_cost(compute_cost)")
    assert error["ename"] == "CheckFailed"
    lines = error["text"].splitlines()
    assert lines[0].startswith("CheckFailed: compute_cost(x=[1, 2, 3]"), lines
    assert lines[0].endswith("expected 9.33333, got 18.6667."), lines
    assert lines[1].startswith("Hint: did you divide by m instead of 2m?"), lines
    assert len(lines) <= 3, lines
    assert checks.COURSE_CODE not in error["text"]


def test_an_error_in_the_learners_code_shows_the_learners_frames_only(kernel):
    error_of(kernel, DEFINE_FAILING + "\n1/0")
    error = error_of(kernel, "public_tests.check_compute_cost(compute_cost)")
    assert error["ename"] == "NameError"  # its own type: the grader reads it
    text = error["text"]
    assert text.startswith("While checking compute_cost(x=[1, 2, 3]"), text
    assert "return total_cost / (2 * m)" in text  # the learner's line
    assert "name 'total_cost' is not defined" in text
    assert checks.COURSE_CODE not in text, text
    assert "run_cases" not in text and "fn(*args)" not in text
