"""Benchmark: our autograder against plain `nbgrader autograde` on identical submissions.

    python bench/autograde.py [--submissions 60] [--workers N]      (make bench)

Generates N submissions of c1w2-linear-regression (right answers, typical mistakes, untouched
stubs, and slow but correct answers), puts identical copies in two fresh course roots, grades one
with `python -m autograder autograde` (what `make autograde` runs) and the other with plain
`nbgrader autograde`, on this machine in one run, and prints submissions per minute for each, the
ratio, each grader's time per submission beyond the notebooks' own execution time, and whether
every submission got the same score from both.

Mistakes that only hidden tests catch are left out: our hidden tests compare recorded results
with the instructor's outside the kernel, which plain nbgrader cannot do (it would give them full
marks), so the two graders could not agree on them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml
from nbgrader.api import Gradebook

from autograder import cells
from autograder.coursedir import CourseRoot
from autograder.release import generate_student_notebook
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c1w2-linear-regression")
ANSWERS = yaml.safe_load((REPO_ROOT / "tests" / "labs" / LAB.id / "submissions.yml").read_text())
SLOW_GRADIENT = """
def compute_gradient(x, y, w, b):
    m = x.shape[0]
    for _ in range(4):  # the same loops four times over: right, but slow
        dj_dw = dj_db = 0.0
        for i in range(m):
            error = w * x[i] + b - y[i]
            dj_dw += error * x[i]
            dj_db += error
    return dj_dw / m, dj_db / m
"""


def submissions(count: int) -> list[tuple[str, dict | None]]:
    """(kind, answers) for each learner: None answers is the untouched student notebook."""
    right = list(ANSWERS["correct"].values())
    caught = [
        {k: v for k, v in entry.items() if k in ("compute_cost", "compute_gradient")}
        for entry in ANSWERS["wrong"].values()
        if entry.get("public") != "pass"
    ]
    kinds = []
    for i in range(count):
        kind = ("right", "wrong", "right", "stub", "wrong", "slow")[i % 6]
        if kind == "right":
            kinds.append((kind, right[i % len(right)]))
        elif kind == "wrong":
            kinds.append((kind, {**right[0], **caught[i % len(caught)]}))
        elif kind == "slow":
            kinds.append((kind, {**right[0], "compute_gradient": SLOW_GRADIENT.strip() + "\n"}))
        else:
            kinds.append((kind, None))
    return kinds


def notebook(answers: dict | None) -> nbformat.NotebookNode:
    nb = nbformat.read(REPO_ROOT / LAB.notebook, as_version=4)
    for cell in nb.cells:
        if answers and cells.grade_id(cell) in answers:
            cell.source = answers[cells.grade_id(cell)]
    return nb


def execution_seconds(path: Path) -> float:
    """Time the kernel spent running the cells of an executed notebook (its timing metadata)."""
    total = 0.0
    for cell in nbformat.read(path, as_version=4).cells:
        timing = cell.get("metadata", {}).get("execution", {})
        start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if start and end:
            started = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
            total += (datetime.datetime.fromisoformat(end.replace("Z", "+00:00")) - started)\
                .total_seconds()  # fmt: skip
    return total


def run(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    ours, theirs = CourseRoot(scratch / "ours"), CourseRoot(scratch / "nbgrader")
    learners = submissions(args.submissions)
    for root in (ours, theirs):
        generate_student_notebook(LAB, root)
        for i, (_, answers) in enumerate(learners):
            folder = root.course_dir / "submitted" / f"learner{i:03d}" / LAB.id
            folder.mkdir(parents=True)
            nbformat.write(notebook(answers), folder / LAB.notebook.name)
            (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    bin_dir = Path(sys.executable).parent
    env_path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    os.environ["PATH"] = env_path  # nbgrader runs its own `alembic`
    print(f"{len(learners)} submissions of {LAB.id}: "
          + ", ".join(f"{n} {k}" for k in ("right", "wrong", "stub", "slow")
                      if (n := sum(kind == k for kind, _ in learners))))  # fmt: skip
    print(f"grading with {args.workers} workers (ours) and serially (nbgrader) ...", flush=True)

    our_seconds = run([sys.executable, "-m", "autograder", "--root", str(ours.root), "autograde",
                       LAB.id, "--workers", str(args.workers)], cwd=scratch)  # fmt: skip
    their_seconds = run([str(bin_dir / "nbgrader"), "autograde", LAB.id,
                         f"--CourseDirectory.root={theirs.course_dir}",
                         "--CourseDirectory.course_id=ml-course"], cwd=scratch)  # fmt: skip

    ours_scores, theirs_scores, ours_exec, theirs_exec = {}, {}, [], []
    with Gradebook(theirs.db_url) as gb:
        for i in range(len(learners)):
            student = f"learner{i:03d}"
            record = json.loads(ours.results_path(LAB.id, student).read_text())
            ours_scores[student] = record["score"]
            theirs_scores[student] = gb.find_submission(LAB.id, student).score
            for root, times in ((ours, ours_exec), (theirs, theirs_exec)):
                executed = root.course_dir / "autograded" / student / LAB.id / LAB.notebook.name
                times.append(execution_seconds(executed))
    n = len(learners)
    differ = sorted(s for s in ours_scores if ours_scores[s] != theirs_scores[s])
    ours_rate, theirs_rate = 60 * n / our_seconds, 60 * n / their_seconds
    ours_overhead = our_seconds * args.workers / n - sum(ours_exec) / n
    theirs_overhead = their_seconds / n - sum(theirs_exec) / n
    print(f"ours:     {our_seconds:6.1f} s  {ours_rate:6.1f} submissions/min  "
          f"overhead {ours_overhead:4.2f} s per submission beyond its "
          f"{sum(ours_exec) / n:4.2f} s of execution (worker-seconds)")  # fmt: skip
    print(f"nbgrader: {their_seconds:6.1f} s  {theirs_rate:6.1f} submissions/min  "
          f"overhead {theirs_overhead:4.2f} s per submission beyond its "
          f"{sum(theirs_exec) / n:4.2f} s of execution")  # fmt: skip
    print(f"ratio:    {ours_rate / theirs_rate:.2f}x the throughput of plain nbgrader autograde")
    print(f"scores:   {n - len(differ)} of {n} submissions got the same score from both"
          + (f"; different: {', '.join(differ)}" if differ else ""))  # fmt: skip
    print(f"(work folder: {scratch})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
