"""c2w1-coffee-roasting-numpy: the given weights are what the TensorFlow lab's training gives.

given_weights.py re-runs the training of c2w1-coffee-roasting-tf (in a process of its own, since it
loads TensorFlow) and prints the weights as the NumPy lab's code cell states them. On another
machine TensorFlow may round differently: a difference of one unit in the second decimal passes.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

SCRIPT = Path(__file__).with_name("given_weights.py")
ASSIGNMENT = re.compile(r"^(W1|b1|W2|b2) = np\.array\((.*)\)$", re.MULTILINE)


def assignments(source: str) -> dict[str, np.ndarray]:
    """The weights assigned in ``source``, by name."""
    return {name: np.array(ast.literal_eval(values)) for name, values in ASSIGNMENT.findall(source)}


@pytest.mark.slow
def test_given_weights_are_the_tensorflow_labs_trained_weights():
    lab = load_syllabus().lab("c2w1-coffee-roasting-numpy")
    notebook = cells.read_notebook(REPO_ROOT / lab.notebook)
    given = assignments(next(c.source for c in notebook.cells if c.source.startswith("W1 = ")))
    printed = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    ).stdout
    trained = assignments(printed)
    assert set(given) == set(trained) == {"W1", "b1", "W2", "b2"}
    for name, value in given.items():
        np.testing.assert_allclose(value, trained[name], atol=0.0100001, err_msg=name)
