"""c2w1-nn-binary: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's copy of the digits (counts, shapes, the first image), the split
recomputed here from the lab's seed, the parameter count of a 64 -> 25 -> 15 -> 1 network worked out
from the layer sizes, and the stated floor of the test accuracy against scikit-learn's
MLPClassifier with the same architecture (sigmoid units) trained on the same split. Counts and
shapes must match exactly; the trained accuracy, which varies with the machine, is stated as a
floor and checked as one. No TensorFlow is loaded here.
"""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c2w1-nn-binary")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)
SEED = 0
BUNCH = load_digits()
KEEP = BUNCH.target <= 1
X = BUNCH.data[KEEP] / 16.0
Y = BUNCH.target[KEEP]


@pytest.fixture(scope="module")
def split():
    """(train, test) indices: the lab's first draw from default_rng(SEED); a fifth is held out."""
    order = np.random.default_rng(SEED).permutation(len(Y))
    n_test = len(Y) // 5
    return order[n_test:], order[:n_test]


def test_data_counts_shapes_and_first_image_match_scikit_learn():
    assert f"all digits: X_all {BUNCH.data.shape}, y_all {BUNCH.target.shape}" in TEXT
    zeros, ones = int((Y == 0).sum()), int((Y == 1).sum())
    assert f"zeros and ones: {len(Y)} images ({zeros} zeros, {ones} ones)" in TEXT
    assert f"X: {X.shape}, pixels from {X.min()} to {X.max()}; y: {(len(Y), 1)}" in TEXT
    assert f"label: {BUNCH.target[0]}" in TEXT
    for line in str(BUNCH.images[0].astype(int)).splitlines():
        assert line.strip() in TEXT


def test_split_sizes_and_test_classes(split):
    train, test = split
    assert f"training set: X_train {(len(train), 64)}, y_train {(len(train), 1)}" in TEXT
    zeros, ones = int((Y[test] == 0).sum()), int((Y[test] == 1).sum())
    assert f"test set: X_test {(len(test), 64)}, y_test {(len(test), 1)}, " in TEXT
    assert f"{zeros} zeros and {ones} ones" in TEXT
    prose = " ".join(TEXT.split())  # the narrative wraps lines anywhere
    assert f"the {len(train)} training images" in prose and f"the {len(test)} test images" in prose


def test_layer_shapes_and_parameter_count_follow_the_layer_sizes():
    sizes = (64, 25, 15, 1)
    for number, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False), start=1):
        assert f"layer {number}: W {(n_in, n_out)}, b {(n_out,)}" in TEXT
    parameters = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))
    assert f"parameters: {parameters}" in TEXT
    assert f"**{parameters} weights and biases**" in TEXT


def test_stated_accuracy_range_is_what_the_same_network_reaches_in_scikit_learn(split):
    """The run checks its own accuracy against the stated floor ("at least 97%: True"); here the
    same network trained by scikit-learn, from three initializations, must clear that floor too."""
    train, test = split
    scores = [
        MLPClassifier(
            (25, 15), activation="logistic", solver="lbfgs", max_iter=2000, random_state=s
        )
        .fit(X[train], Y[train])
        .score(X[test], Y[test])
        for s in range(3)
    ]
    assert min(scores) >= 0.97, f"MLPClassifier reaches only {scores}"
    assert "test accuracy at least 97%: True" in TEXT
    prose = " ".join(TEXT.split())
    assert (
        f"On the {len(test)} test images" in prose and "at least 97 % right: at most two" in prose
    )
    assert int(np.ceil(0.97 * len(test))) == len(test) - 2  # 97 %: at most two mistakes
    assert "recognizes **at least 97 %** of the 72 test images" in prose
