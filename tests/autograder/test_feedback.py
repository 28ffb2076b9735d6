"""Feedback shows no hidden test: not its code, not what the learner's code copied of it.

Code called by a hidden test can read the test's source (``In``, ``linecache``, the caller's
frame) and print it, raise it, or print it later from another cell; each learner here does one
of those with otherwise right answers, and none of their feedback may show a hidden line.
"""

import nbformat
import pytest
from helpers import fill_answers, hidden_test_lines, lab_answers, visible_text

from autograder import batch, cells
from autograder.coursedir import CourseRoot
from autograder.feedback import UNSHOWN, generate_feedback, release_feedback
from autograder.release import generate_student_notebook
from autograder.syllabus import load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
RIGHT = next(iter(lab_answers(LAB.id)["correct"].values()))
COST = RIGHT["compute_cost"]
LEAKS = {
    "prints_the_running_test": {
        "compute_cost": COST.replace(
            "def compute_cost(x, y, w, b):",
            "def compute_cost(x, y, w, b):\n"
            "    import linecache\n"
            "    print(get_ipython().user_ns['In'][-1])\n"
            "    print(''.join(''.join(e[2]) for e in list(linecache.cache.values())))",
        )
    },
    "raises_the_callers_source": {
        "compute_cost": COST.replace(
            "def compute_cost(x, y, w, b):",
            "def compute_cost(x, y, w, b):\n"
            "    import inspect, sys\n"
            "    caller = sys._getframe(1)\n"
            "    if 'utils' not in caller.f_code.co_filename:  # called by the hidden tests\n"
            "        raise ValueError(get_ipython().user_ns['In'][-1])",
        )
    },
    "prints_the_history_later": {
        "compute_gradient": "print('\\n'.join(In))\n" + RIGHT["compute_gradient"]
    },
}


@pytest.mark.slow
def test_no_feedback_shows_what_learners_code_copied_of_hidden_tests(tmp_path):
    root = CourseRoot(tmp_path)
    generate_student_notebook(LAB, root)
    for student, answers in LEAKS.items():
        folder = root.course_dir / "submitted" / student / LAB.id
        folder.mkdir(parents=True)
        nbformat.write(fill_answers(LAB, {**RIGHT, **answers}), folder / LAB.notebook.name)
    results = {r.student: r for r in batch.autograde(LAB, root, workers=2, progress=print)}
    raised = {t.exercise: t for t in results["raises_the_callers_source"].tests}["compute_cost"]
    assert cells.HIDDEN_BEGIN in raised.message  # the instructor's record shows what was raised

    feedback = {p.parts[-3]: visible_text(p) for p in generate_feedback(LAB, root, workers=2)}
    assert sorted(feedback) == sorted(LEAKS)
    secrets = hidden_test_lines(LAB)
    assert len(secrets) > 10
    for student, text in feedback.items():
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked}"
    assert (
        f"the public tests passed; the hidden tests raised an exception ({UNSHOWN})"
        in (feedback["raises_the_callers_source"])
    )
    # the learner's own outputs of the public run are there
    assert "Autograder results: 10 / 20" in feedback["raises_the_callers_source"]


def test_feedback_is_released_where_fetch_feedback_looks_and_only_there(tmp_path):
    """The exchange file is named by the hash nbgrader's fetch_feedback computes from the
    learner's own secret; a learner without a secret is skipped and named, the others released."""
    from nbgrader.utils import notebook_hash

    root = CourseRoot(tmp_path / "root")
    files = []
    for student, secret in (("alice", "a1b2c3"), ("bob", None)):
        folder = root.course_dir / "feedback" / student / LAB.id
        folder.mkdir(parents=True)
        files.append(folder / f"{LAB.notebook.stem}.html")
        files[-1].write_text(f"<p>{student}'s feedback</p>")
        if secret is not None:
            (folder / "submission_secret.txt").write_text(secret)
    released, skipped = release_feedback(files, root)
    assert (released, skipped) == (["alice"], ["bob"])
    outbound = root.exchange_dir / load_syllabus().course_id / "feedback"
    name = f"{notebook_hash(secret='a1b2c3', notebook_id=LAB.notebook.stem)}.html"
    assert [p.name for p in outbound.iterdir()] == [name]
    assert (outbound / name).read_text() == "<p>alice's feedback</p>"
    assert (outbound / name).stat().st_mode & 0o777 == 0o644
