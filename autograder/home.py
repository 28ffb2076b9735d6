"""The course home, ``START_HERE.md`` at the repository root: what a learner reads first.

It welcomes the learner, says how labs, checks, Validate and submission work, and links every lab
of the manifest, week by week. It is generated from ``syllabus.yml`` (``make readme`` writes it
with the README's contents) and a test fails when the committed file is out of date. It is
Markdown, which JupyterLab shows rendered (the course's ``overrides.json``): a page to read and
click, with no kernel behind it.
"""

from __future__ import annotations

from pathlib import Path

from autograder.syllabus import REPO_ROOT, Syllabus

HOME_PATH = REPO_ROOT / "START_HERE.md"

WELCOME = """# Start here

Welcome. This course teaches machine learning in the order of the Machine Learning Specialization,
one Jupyter notebook at a time, offline: every data set ships with the course. The labs are listed
below, course by course and week by week; click a notebook's name to open it.

**Two kinds of labs.**
- *Optional labs* are narrated demonstrations. Read them and run their cells; many have figures you
  can touch (sliders, clicks on a plot, buttons). Nothing in them is graded.
- *Graded labs* have exercises. Each exercise has a cell that says `raise NotImplementedError()`:
  replace that line with your code. The test cell under it checks your function on small cases
  and, when something is wrong, tells you the case, the result it expected against yours, and a
  hint.

**Running a notebook.** Run the cells in order with **Shift+Enter**; the first code cell imports
what the lab needs and fixes its random seed, so your numbers match the ones in the text. If a
notebook gets into a strange state, use **Kernel › Restart Kernel and Run All Cells**."""

CHECKING = """## Checking and submitting a graded lab

1. **Validate** (in the notebook's toolbar) saves the notebook and runs every public test; from
   **File › New › Terminal** you can do the same with
   `python -m autograder check course1/week2/C1_W2_Linear_Regression.ipynb`.
2. **Submit** from **Nbgrader › Assignments**: **Fetch** the lab your instructor released (it
   opens as a folder named after the lab, e.g. `c1w2-linear-regression/`), work in that copy,
   then press **Submit**. You can submit again; the last submission counts.
3. When your instructor has graded the lab, the Assignments panel says "feedback available to
   fetch": **Fetch Feedback**, then **view feedback** shows every test with its points.

When you are graded, hidden tests run on other inputs as well: an answer that only fits the
public cases earns nothing, and any correct implementation, with loops or vectorized, earns full
marks."""


def _lab_lines(syllabus: Syllabus, course_id: str, week: int) -> list[str]:
    labs = [lab for lab in syllabus.labs if lab.course == course_id and lab.week == week]
    lines = []
    for lab in labs:  # the manifest's order: each optional lab where it teaches
        kind = f"graded, {lab.max_score:g} points" if lab.graded else "optional"
        lines.append(f"- [{lab.title}]({lab.notebook.as_posix()}) ({kind})")
    return lines


def contents(syllabus: Syllabus) -> str:
    """Markdown: every course, its weeks, and each week's labs linked, in the manifest's order."""
    parts = ["## The labs"]
    for number, course in enumerate(syllabus.courses, start=1):
        parts.append(f"### Course {number}: {course.title}")
        for week, title in course.weeks.items():
            lines = _lab_lines(syllabus, course.id, week)
            if lines:
                parts.append(f"**Week {week}: {title}**\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


def render(syllabus: Syllabus) -> str:
    """The course home, as the text of its file."""
    return "\n\n".join([WELCOME, contents(syllabus), CHECKING]) + "\n"


def is_current(syllabus: Syllabus, path: Path = HOME_PATH) -> bool:
    """True when the file at ``path`` is what ``render`` gives for ``syllabus``."""
    return path.is_file() and path.read_text(encoding="utf-8") == render(syllabus)


def update(syllabus: Syllabus, path: Path = HOME_PATH) -> bool:
    """Write the course home. Returns True if the file changed."""
    if is_current(syllabus, path):
        return False
    path.write_text(render(syllabus), encoding="utf-8")
    return True
