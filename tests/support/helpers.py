"""What many test modules share: the scratch state folders, lab answers, notebook text.

Test modules import it as ``helpers`` (pytest puts ``tests/support`` on the path); nothing else
lives in this folder, so no folder of the tests can shadow a package of the course.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import MutableMapping, Sequence
from pathlib import Path

import nbformat
import numpy as np
import yaml
from nbformat import NotebookNode

from autograder import cells
from autograder.syllabus import REPO_ROOT, Lab, load_syllabus

TESTS_DIR = Path(__file__).resolve().parent.parent
LABS_TESTS_DIR = TESTS_DIR / "labs"
# Where Jupyter, IPython, matplotlib, Keras, chromium and XDG tools keep state: tests point every
# one of these at a scratch folder (the test session's, or a browser test server's).
STATE_DIRS = {
    "HOME": "home",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "JUPYTERLAB_SETTINGS_DIR": "jupyter/lab-settings",
    "JUPYTERLAB_WORKSPACES_DIR": "jupyter/lab-workspaces",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
    "KERAS_HOME": "keras",
    "XDG_CONFIG_HOME": "xdg/config",
    "XDG_CACHE_HOME": "xdg/cache",
    "XDG_DATA_HOME": "xdg/data",
}


def point_state_dirs(scratch: Path, env: MutableMapping[str, str]) -> MutableMapping[str, str]:
    """Set every variable of STATE_DIRS in ``env`` to a folder created under ``scratch``.

    Returns:
        ``env``, updated.
    """
    for var, sub in STATE_DIRS.items():
        (scratch / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(scratch / sub)
    return env


def lab_answers(lab_id: str) -> dict:
    """A graded lab's typical mistakes and right answers (``tests/labs/<lab id>/submissions.yml``).

    Returns:
        ``{"correct": {name: {exercise: code}}, "wrong": {name: {exercise: code, "loses": [...],
        "public": "pass"?}}}``.
    """
    return yaml.safe_load((LABS_TESTS_DIR / lab_id / "submissions.yml").read_text())


class LabSolution:
    """A graded lab's source solution run in a namespace made by the lab's own setup cell, so that
    the tests of its public checks can put a right alternative or a typical mistake of
    ``submissions.yml`` in place of one answer cell.

    Args:
        lab_id: the graded lab.
        exercises: its answer cells' grade ids, in the notebook's order.
        given: how the lab's given cells that the answers need begin; those cells run after the
            setup cell, their figures closed instead of shown.
    """

    def __init__(self, lab_id: str, exercises: Sequence[str], given: Sequence[str] = ()) -> None:
        self.notebook = cells.read_notebook(REPO_ROOT / load_syllabus().lab(lab_id).source)
        self.answers = lab_answers(lab_id)
        self.exercises = tuple(exercises)
        self.given = tuple(
            cell.source.replace("plt.show()", "plt.close('all')")
            for cell in self.notebook.cells
            if cell.cell_type == "code" and cell.source.startswith(tuple(given))
        )

    def namespace(self, **answers: str) -> dict:
        """The setup cell, the given cells and the solution, the answer cells named in ``answers``
        replaced by that code."""
        ns: dict = {}
        exec(cells.cell_source(self.notebook, "setup"), ns)
        for source in self.given:
            exec(source, ns)
        for exercise in self.exercises:
            exec(answers.get(exercise, cells.cell_source(self.notebook, exercise)), ns)
        return ns

    def right_alternatives(self) -> list[tuple[str, str]]:
        """(answer name, exercise) of every right alternative, one pair per exercise it answers."""
        return [
            (name, exercise)
            for name, entry in self.answers["correct"].items()
            for exercise in self.exercises
            if exercise in entry
        ]

    def public_mistakes(self) -> list[tuple[str, str]]:
        """(mistake name, the exercise it loses) of the mistakes the public checks must catch."""
        return [
            (name, entry["loses"][0])
            for name, entry in self.answers["wrong"].items()
            if entry.get("public") != "pass"
        ]


def fill_answers(lab: Lab, answers: dict[str, str]) -> NotebookNode:
    """The lab's student notebook with the answer cells named in ``answers`` replaced."""
    nb = nbformat.read(REPO_ROOT / lab.notebook, as_version=4)
    unknown = set(answers) - {cells.grade_id(c) for c in nb.cells if cells.is_answer_cell(c)}
    assert not unknown, f"no answer cells {unknown} in {lab.notebook}"
    for cell in nb.cells:
        if cells.grade_id(cell) in answers:
            cell.source = answers[cells.grade_id(cell)]
    return nb


def markdown(lab_id: str) -> str:
    """The text of a lab's markdown cells (the instructor source of a graded lab)."""
    lab = load_syllabus().lab(lab_id)
    path = REPO_ROOT / (lab.source or lab.notebook)
    return "\n".join(c.source for c in cells.read_notebook(path).cells if c.cell_type == "markdown")


# --- The labs' numbers tests (tests/labs/<lab id>/test_numbers.py) --------------------------------
# Reading the numbers a lab's text states, and comparing them at the precision they are stated
# with. The reference computations that several labs share are in references.py.

NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)"
"""A number as the labs print it (sign, decimals, exponent), as a group of a regular expression."""


def stated(text: str, pattern: str) -> list[float]:
    """The numbers captured by the groups of ``pattern`` (NUMBER for each) in the lab's text."""
    match = re.search(pattern, text)
    assert match, f"the text states nothing like {pattern!r}"
    return [float(g) for g in match.groups()]


def stated_line(text: str, template: str) -> np.ndarray:
    """The numbers of the first line of ``text`` that matches ``template``, literal text in which
    each ``{}`` marks a number."""
    pattern = re.escape(template).replace(r"\{\}", NUMBER)
    matches = re.findall(pattern, text)
    assert matches, f"no line like {template!r} in the text"
    return np.array(matches[0] if isinstance(matches[0], tuple) else [matches[0]], dtype=float)


def stated_with_decimals(text: str, pattern: str) -> list[tuple[float, int]]:
    """The numbers captured by the groups of ``pattern`` in the text, each with its number of
    decimals (for assert_stated_close)."""
    match = re.search(pattern, text)
    assert match, f"the text states no {pattern!r}"
    return [(float(g), len(g.split(".")[1]) if "." in g else 0) for g in match.groups()]


def numbers_after(text: str, label: str) -> np.ndarray:
    """The numbers inside the first ``[...]`` that follows ``label`` in ``text`` (a printed NumPy
    vector)."""
    match = re.search(re.escape(label) + r"\s*\[([^\]]*)\]", text)
    assert match, f"{label!r} not found"
    return np.array([float(v) for v in match.group(1).split()])


def table_after(text: str, header: str) -> np.ndarray:
    """The rows of numbers under ``header`` in the text's code block, shape (rows, columns)."""
    block = text.split(header, 1)[1].split("```", 1)[0]
    return np.array([line.split() for line in block.strip().splitlines()], dtype=float)


def np_str(a) -> str:
    """How NumPy prints an array, e.g. '[0.09   0.2447 0.6652]'."""
    return str(np.asarray(a))


def assert_rounded(stated_values, reference, decimals) -> None:
    """Stated values equal the reference rounded to ``decimals`` (an int, or one per value):
    within half a unit of the last stated digit."""
    atol = 0.5 * 10.0 ** -np.asarray(decimals, dtype=float) + 1e-12
    assert np.all(np.abs(np.asarray(stated_values) - np.asarray(reference)) <= atol), (
        f"stated {stated_values}, reference {reference}, tolerance {atol}"
    )


def assert_stated_close(stated_value: tuple[float, int], reference: float) -> None:
    """A (value, decimals) pair of stated_with_decimals equals the reference at the number of
    decimals it is stated with: half a unit of its last digit, plus 1e-6 relative for rounding."""
    value, decimals = stated_value
    assert abs(value - reference) <= 0.5 * 10.0**-decimals + 1e-6 * abs(reference), (
        f"stated {value}, reference {reference}"
    )


def visible_text(html_file: Path) -> str:
    """The text a browser shows: tags removed (syntax highlighting splits code into spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_file.read_text()))


def hidden_test_lines(lab: Lab) -> list[str]:
    """Every line of the lab source's hidden tests, markers included, stripped: what no feedback
    may show (but the brackets alone that the formatter puts on a line)."""
    source = cells.read_notebook(REPO_ROOT / lab.source)
    lines = []
    for cell in source.cells:
        text = cell.source
        while cells.HIDDEN_BEGIN in text:
            start = text.index(cells.HIDDEN_BEGIN)
            end = text.index(cells.HIDDEN_END, start) + len(cells.HIDDEN_END)
            lines += text[start:end].splitlines()
            text = text[end:]
    return [line.strip() for line in lines if re.search(r"\w", line)]


def png_size(data: str) -> tuple[int, int]:
    """(width, height) in pixels of a base64 PNG, as a display's ``image/png`` holds it."""
    header = base64.b64decode(data[:32])
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
