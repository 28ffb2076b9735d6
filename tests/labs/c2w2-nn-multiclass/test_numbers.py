"""c2w2-nn-multiclass: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's copy of the digits (shapes, counts per digit, pixel range), the
split (its sizes follow from "a fifth of each digit", recomputed here from the lab's seed), the
parameter count of a 64 -> 25 -> 15 -> 10 network worked out from the layer sizes, the softmax
values against SciPy's ``softmax`` (rounded to the 4 decimals printed), and the accuracy claim
against scikit-learn's MLPClassifier with the same architecture (ReLU units, Adam) trained on the
same split: the worst of three initializations must reach 95% for the stated "at least 95%" line
to hold, and the exact accuracy the text states must lie within 2 percentage points of the
MLPClassifier's mean. Counts and shapes must match exactly. No TensorFlow is loaded here.
"""

import re

import numpy as np
import pytest
from scipy.special import softmax
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c2w2-nn-multiclass")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)
PROSE = " ".join(TEXT.split())  # the narrative wraps lines anywhere
SEED = 0
BUNCH = load_digits()
X = BUNCH.data / 16.0
Y = BUNCH.target


@pytest.fixture(scope="module")
def split():
    """(train, test) boolean masks: a fifth of each digit, drawn digit by digit from the seed."""
    rng = np.random.default_rng(SEED)
    is_test = np.zeros(len(Y), dtype=bool)
    for digit in range(10):
        images = rng.permutation(np.flatnonzero(Y == digit))
        is_test[images[: round(len(images) / 5)]] = True
    return ~is_test, is_test


def test_data_shapes_range_and_counts_match_scikit_learn():
    assert f"X: {BUNCH.data.shape}, pixels from {X.min()} to {X.max()}" in TEXT
    assert f"y: {BUNCH.target.shape}, digits {Y.min()} to {Y.max()}" in TEXT
    assert f"images per digit: {np.bincount(Y)}" in TEXT
    assert f"{len(Y)} images of 8x8 pixels" in PROSE


def test_split_sizes_and_test_digits(split):
    train, test = split
    per_digit = np.array([round(n / 5) for n in np.bincount(Y)])  # a fifth of each digit
    assert np.array_equal(np.bincount(Y[test]), per_digit)
    n_train, n_test = int(train.sum()), int(test.sum())
    assert f"training set: X_train {(n_train, 64)}, y_train {(n_train,)}" in TEXT
    assert f"test set: X_test {(n_test, 64)}, y_test {(n_test,)}" in TEXT
    assert f"test images per digit: {per_digit}" in TEXT
    assert f"the {n_train} training images" in PROSE and f"On the {n_test} test images" in PROSE
    assert f"logits {(n_test, 10)}, probabilities {(n_test, 10)}" in TEXT


def test_layer_shapes_and_parameter_count_follow_the_layer_sizes():
    sizes = (64, 25, 15, 10)
    for number, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False), start=1):
        assert f"layer {number}: W {(n_in, n_out)}, b {(n_out,)}" in TEXT
    parameters = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))
    assert f"parameters: {parameters}" in TEXT
    assert f"**{parameters} weights and biases**" in PROSE
    assert f"= {parameters}$ parameters" in PROSE


def test_stated_softmax_values_match_scipy():
    a = softmax(np.array([1.0, 2.0, 3.0, 4.0]))
    assert f"my_softmax:    {np.round(a, 4)}" in TEXT
    assert f"tf.nn.softmax: {np.round(a, 4)}" in TEXT
    assert f"sum: {a.sum():.4f}; my_softmax agrees with tf.nn.softmax: True" in TEXT


def test_stated_accuracy_is_what_the_same_network_reaches_in_scikit_learn(split):
    train, test = split
    n_test = int(test.sum())
    scores = [
        MLPClassifier((25, 15), activation="relu", max_iter=2000, random_state=s)
        .fit(X[train], Y[train])
        .score(X[test], Y[test])
        for s in range(3)
    ]
    assert min(scores) >= 0.95, f"MLPClassifier reaches only {scores}"
    assert "test accuracy at least 95%: True" in TEXT
    found = re.search(r"test accuracy: ([\d.]+)% \((\d+) of (\d+) images right\)", TEXT)
    assert found, "the exact accuracy line is missing"
    stated, right, total = float(found[1]), int(found[2]), int(found[3])
    assert total == n_test and f"{100 * right / total:.1f}" == found[1]
    assert abs(stated - 100 * np.mean(scores)) <= 2.0, (
        f"stated {stated}% vs MLPClassifier {100 * np.mean(scores):.1f}% (tolerance 2 points)"
    )
    assert f"it is right {right} times: an accuracy of {found[1]}%" in PROSE
    assert f"recognizes {right} of the {n_test} test images ({found[1]}%)" in PROSE
    assert f"right answers (diagonal): {right}; mistakes: {n_test - right}" in TEXT
