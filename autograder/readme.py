"""The README's generated blocks: the course contents and data table from the manifest, and the
status tables from ``autograder.results``."""

from __future__ import annotations

import re
from pathlib import Path

from autograder.results import GradeStatus, SubmissionStatus, TestStatus, status_table
from autograder.syllabus import REPO_ROOT, Syllabus

README_PATH = REPO_ROOT / "README.md"
_BLOCK = re.compile(r"(<!-- (\w+):start -->\n).*?(<!-- \2:end -->)", re.DOTALL)


def contents_table(syllabus: Syllabus) -> str:
    """Markdown: one section per course, one row per lab, with a link to its notebook."""
    parts = []
    for number, course in enumerate(syllabus.courses, start=1):
        parts.append(f"**Course {number}: {course.title}**\n")
        labs = [lab for lab in syllabus.labs if lab.course == course.id]
        if not labs:
            parts.append("No labs yet.\n")
            continue
        parts.append("| Week | Lab | Kind | Notebook |\n|---|---|---|---|")
        for lab in sorted(labs, key=lambda lab: lab.week):  # then the manifest's order
            kind = f"graded, {lab.max_score:g} points" if lab.graded else "optional"
            week = f"{lab.week}: {course.weeks[lab.week]}"
            link = f"[{lab.notebook.name}]({lab.notebook.as_posix()})"
            parts.append(f"| {week} | {lab.title} (`{lab.id}`) | {kind} | {link} |")
        parts.append("")
    return "\n".join(parts)


def data_table(syllabus: Syllabus) -> str:
    """Markdown: every data set, where it comes from, its licence, and the labs that use it."""
    rows = [
        "| Data set | What it is | Source package | Licence or citation | Labs |",
        "|---|---|---|---|---|",
    ]
    for key, ds in syllabus.datasets.items():
        labs = ", ".join(f"`{lab.id}`" for lab in syllabus.labs if key in lab.datasets)
        rows.append(
            f"| `{key}` (`{ds.loader}`) | {ds.description} | {ds.package} | {ds.licence} | {labs} |"
        )
    return "\n".join(rows) + "\n"


def render(readme: str, syllabus: Syllabus) -> str:
    """The README text with its generated blocks (``<!-- name:start -->`` ... end) filled in."""
    blocks = {
        "contents": contents_table(syllabus),
        "data": data_table(syllabus),
        "test_statuses": status_table(TestStatus),
        "submission_statuses": status_table(SubmissionStatus),
        "grade_statuses": status_table(GradeStatus),
    }

    def fill(match: re.Match) -> str:
        return match.group(1) + blocks[match.group(2)] + match.group(3)

    return _BLOCK.sub(fill, readme)


def update(path: Path = README_PATH, *, syllabus: Syllabus) -> bool:
    """Rewrite the README's generated blocks. Returns True if the file changed."""
    old = path.read_text(encoding="utf-8")
    new = render(old, syllabus)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
