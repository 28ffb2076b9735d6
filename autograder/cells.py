"""Reading notebooks and their nbgrader cell metadata."""

from __future__ import annotations

import ast
import functools
import json
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.sandbox import read_small_bytes
from autograder.syllabus import Lab, Syllabus, SyllabusError

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
# What the grader reads of a learner's notebook; anything larger is unreadable, with the reason.
NOTEBOOK_LIMIT = 32 << 20  # bytes (a lab's notebook with its figures is a few MB)
CELL_LIMIT = 2000  # cells (the largest lab has about 50)
DEPTH_LIMIT = 64  # nested JSON objects and arrays (a notebook needs about 8)
_TOO_DEEP = "is not a readable notebook: JSON nested too deeply"


class UnreadableNotebook(ValueError):
    """The file cannot be graded: not JSON, not a notebook, or not a notebook of a known lab."""


def nbgrader_meta(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell: NotebookNode) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def is_answer_cell(cell: NotebookNode) -> bool:
    """An autograded-answer cell: the learner writes it."""
    return bool(nbgrader_meta(cell).get("solution"))


def is_test_cell(cell: NotebookNode) -> bool:
    """A graded test cell: locked, holds public (and, in the source, hidden) tests."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def is_locked_cell(cell: NotebookNode) -> bool:
    """A cell the learner may not change (test cells, the header's imports); restored at grading."""
    meta = nbgrader_meta(cell)
    return bool(grade_id(cell)) and not meta.get("solution") and bool(meta.get("locked"))


def cell_source(nb: NotebookNode, gid: str) -> str:
    """The source of the cell with this grade id ("" when there is none)."""
    return next((c.source for c in nb.cells if grade_id(c) == gid), "")


def points(cell: NotebookNode) -> float:
    return float(nbgrader_meta(cell).get("points", 0))


def strip_hidden_tests(source: str) -> str:
    """Remove every hidden-test region (markers included) from a cell's source."""
    kept, hidden = [], False
    for line in source.splitlines():
        if HIDDEN_BEGIN in line:
            hidden = True
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def _too_deep(value: object, limit: int) -> bool:
    """True when JSON containers nest deeper than ``limit`` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _check_shape(raw: object, name: str) -> None:
    """Raise UnreadableNotebook when parsed JSON is no notebook or too much for the grader."""
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise UnreadableNotebook(f"{name} is not a notebook: JSON without an nbformat version")
    if isinstance(raw.get("cells"), list) and len(raw["cells"]) > CELL_LIMIT:
        raise UnreadableNotebook(
            f"{name} has {len(raw['cells'])} cells; the grader reads notebooks of up to "
            f"{CELL_LIMIT} cells"
        )
    if _too_deep(raw, DEPTH_LIMIT):
        raise UnreadableNotebook(f"{name} {_TOO_DEEP}")


def _check_surrogates(raw: object, name: str) -> None:
    """Raise UnreadableNotebook when parsed JSON holds a lone surrogate (``\\ud800``)."""
    try:
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(exc.object[exc.start])
        raise UnreadableNotebook(
            f"{name} is not a readable notebook: it holds a lone surrogate (U+{code:04X}),"
            " which is not a character"
        ) from exc


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook as nbformat 4, or raise UnreadableNotebook with a one-line reason.

    Its size is checked before it is read, and its cells and nesting before nbformat parses it;
    a link or anything but a regular file is not read.

    Args:
        path: the file to read.

    Returns:
        The notebook (nbformat 4; older versions are converted).
    """
    try:
        data = read_small_bytes(Path(path), NOTEBOOK_LIMIT + 1)
    except OSError as exc:
        raise UnreadableNotebook(f"cannot read {path}: {exc.strerror or exc}") from exc
    if data is None:
        raise UnreadableNotebook(f"cannot read {path}: there is no such file")
    if len(data) > NOTEBOOK_LIMIT:
        raise UnreadableNotebook(
            f"{path} is larger than {NOTEBOOK_LIMIT >> 20} MB, the largest notebook the grader"
            " reads (clear the outputs and submit again)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableNotebook(f"cannot read {path}: not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise UnreadableNotebook(f"{path} is empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableNotebook(f"{path} is not a notebook: not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise UnreadableNotebook(f"{path} {_TOO_DEEP}") from exc
    _check_shape(raw, str(path))
    if "\\ud" in text.lower():  # JSON can escape half of a surrogate pair: not Unicode text
        _check_surrogates(raw, str(path))
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for malformed notebooks
        raise UnreadableNotebook(f"{path} is not a readable notebook: {exc}") from exc


def lab_id_of(nb: NotebookNode) -> str | None:
    """The lab id a notebook's metadata names (``metadata.autograder.lab``), if any."""
    return nb.get("metadata", {}).get("autograder", {}).get("lab")


def lab_of(nb: NotebookNode, syllabus: Syllabus) -> Lab:
    """The lab a notebook belongs to, read from its metadata (so renamed files still grade).

    Args:
        nb: a notebook generated from a lab's source (its metadata names the lab).
        syllabus: the manifest.

    Returns:
        The Lab; UnreadableNotebook when the metadata names none or an unknown one.
    """
    lab_id = lab_id_of(nb)
    if not lab_id:
        raise UnreadableNotebook(
            "the notebook's metadata does not name its lab (metadata.autograder.lab)"
        )
    try:
        return syllabus.lab(lab_id)
    except SyllabusError as exc:
        raise UnreadableNotebook(str(exc)) from exc


def imported_names(code: str) -> list[str]:
    """Every module an ``import`` of ``code`` names, and ``module.name`` for each ``from`` import
    (the name may be a submodule). IPython magics and shell lines are ignored.

    Args:
        code: Python source, e.g. a notebook cell.

    Returns:
        Dotted names in the order they appear, without repeats.
    """
    return list(_imported_names(code))


@functools.lru_cache(maxsize=512)
def _imported_names(code: str) -> tuple[str, ...]:
    """imported_names, remembered by source text: the provenance of every graded notebook parses
    the same ``utils`` modules again."""
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return ()
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return tuple(dict.fromkeys(names))
