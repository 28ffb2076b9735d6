"""Each lab's outline: its sections, listed in the header cell under the goals.

The outline is generated from the notebook's own ``## `` headings, so it cannot drift from them:
``make readme`` writes it into every notebook of the manifest (a graded lab's source and student
version alike, whose header cells are the same), and a test fails when one is out of date.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.syllabus import REPO_ROOT, Syllabus

LABEL = "**Outline.**"
_OUTLINE = re.compile(r"\n\n\*\*Outline\.\*\*[^\n]*(\n(?!\n)[^\n]*)*")


def sections(nb: NotebookNode) -> list[str]:
    """The titles of the notebook's sections (its level-2 headings), in order."""
    return [
        line[3:].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]


def render(nb: NotebookNode) -> str:
    """The outline paragraph: ``**Outline.** 1. Data · 2. The model · What you saw``."""
    return f"{LABEL} " + " · ".join(sections(nb))


def with_outline(header: str, outline: str) -> str:
    """The header cell's text with ``outline`` as its last paragraph (replacing an older one)."""
    return _OUTLINE.sub("", header).rstrip("\n") + "\n\n" + outline


def update(path: Path, outline: str) -> bool:
    """Write ``outline`` into the header cell of the notebook at ``path``.

    Returns:
        True when the file changed.
    """
    nb = nbformat.read(path, as_version=4)
    header = nb.cells[0]
    text = with_outline(header.source, outline)
    if text == header.source:
        return False
    header.source = text
    nbformat.write(nb, path)
    return True


def stale(syllabus: Syllabus) -> list[Path]:
    """The notebooks (relative to the repository) whose outline is not their lab's current one."""
    out = []
    for lab in syllabus.labs:
        outline = render(nbformat.read(REPO_ROOT / (lab.source or lab.notebook), as_version=4))
        for path in filter(None, (lab.notebook, lab.source)):
            header = nbformat.read(REPO_ROOT / path, as_version=4).cells[0].source
            if with_outline(header, outline) != header:
                out.append(path)
    return out


def update_all(syllabus: Syllabus) -> list[Path]:
    """Write each lab's outline (from its source for graded labs) into its notebooks.

    Returns:
        The notebooks that changed, relative to the repository.
    """
    changed = []
    for lab in syllabus.labs:
        outline = render(nbformat.read(REPO_ROOT / (lab.source or lab.notebook), as_version=4))
        changed += [
            p for p in filter(None, (lab.notebook, lab.source)) if update(REPO_ROOT / p, outline)
        ]
    return changed
