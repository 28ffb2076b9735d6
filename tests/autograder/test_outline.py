"""Each lab's outline lists its sections, and every committed notebook carries its current one."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import outline
from autograder.syllabus import load_syllabus

HEADER = "# A lab\n\n**Goals.** In this lab you will\n- fit a line;\n- read its cost."


def _lab(*headings: str) -> nbformat.NotebookNode:
    cells = [new_markdown_cell(HEADER), new_code_cell("SEED = 0")]
    cells += [new_markdown_cell(f"## {h}\n\nText.\n\n### A detail") for h in headings]
    return new_notebook(cells=cells)


def test_the_outline_lists_the_level_2_headings_in_order():
    nb = _lab("1. The data", "2. The model", "What you saw")
    assert outline.sections(nb) == ["1. The data", "2. The model", "What you saw"]
    assert outline.render(nb) == "**Outline.** 1. The data · 2. The model · What you saw"


def test_a_new_outline_replaces_the_old_one_and_keeps_the_goals():
    first = outline.with_outline(HEADER, "**Outline.** 1. A · 2. B")
    assert first == HEADER + "\n\n**Outline.** 1. A · 2. B"
    second = outline.with_outline(first, "**Outline.** 1. A · 2. C")
    assert second == HEADER + "\n\n**Outline.** 1. A · 2. C"
    assert outline.with_outline(second, "**Outline.** 1. A · 2. C") == second


def test_update_writes_a_changed_outline_once(tmp_path):
    path = tmp_path / "lab.ipynb"
    nbformat.write(_lab("1. The data", "What you saw"), path)
    assert outline.update(path, "**Outline.** 1. The data · What you saw")
    assert not outline.update(path, "**Outline.** 1. The data · What you saw")
    header = nbformat.read(path, as_version=4).cells[0].source
    assert header.endswith("- read its cost.\n\n**Outline.** 1. The data · What you saw")


def test_every_notebook_of_the_manifest_has_its_current_outline():
    stale = outline.stale(load_syllabus())
    assert not stale, f"outlines out of date (run `make readme`): {stale}"
