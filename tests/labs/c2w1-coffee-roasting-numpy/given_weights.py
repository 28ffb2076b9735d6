"""Where the given weights of c2w1-coffee-roasting-numpy come from: the TensorFlow lab's training.

This runs the code cells of c2w1-coffee-roasting-tf, as committed (its seed, data, tiling and
training), up to the cell that reads the trained weights, and prints them rounded to two decimals
as the NumPy lab's code cell states them. After a change to the TensorFlow lab's training, run

    .venv/bin/python tests/labs/c2w1-coffee-roasting-numpy/given_weights.py

and paste its four lines into the NumPy lab (code and formula). test_given_weights.py checks that
the two agree. It loads TensorFlow and trains for about half a minute.
"""

import contextlib
import io
import sys

import matplotlib
import nbformat
import numpy as np

from autograder.syllabus import REPO_ROOT, load_syllabus

WEIGHTS_CELL = "W1, b1 = model.get_layer"
"""The start of the TensorFlow lab's code cell that reads the trained weights."""


def train_as_the_tf_lab() -> dict[str, np.ndarray]:
    """Run the TensorFlow lab's code cells up to the one that reads its trained weights.

    Returns:
        W1 (2, 3), b1 (3,), W2 (3, 1), b2 (1,): the trained parameters, float32.
    """
    matplotlib.use("Agg")  # the lab's figures are drawn and dropped
    path = REPO_ROOT / load_syllabus().lab("c2w1-coffee-roasting-tf").notebook
    namespace: dict = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code":
            with contextlib.redirect_stdout(io.StringIO()):  # the lab's printouts
                exec(cell.source, namespace)
            if cell.source.startswith(WEIGHTS_CELL):
                return {k: namespace[k] for k in ("W1", "b1", "W2", "b2")}
    raise LookupError(f"no code cell starts with {WEIGHTS_CELL!r}")


def two_decimals(value: np.ndarray) -> str:
    """An array as a nested list literal with two decimals: [[5.25, -12.70], ...]."""
    if value.ndim == 0:
        return f"{value:.2f}"
    return "[" + ", ".join(two_decimals(v) for v in value) + "]"


def weights_cell(weights: dict[str, np.ndarray]) -> str:
    """The NumPy lab's assignments of the given weights, rounded to two decimals."""
    return "\n".join(f"{name} = np.array({two_decimals(value)})" for name, value in weights.items())


if __name__ == "__main__":
    sys.stdout.write(weights_cell(train_as_the_tf_lab()) + "\n")
