"""c2w2-nn-multiclass: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's copy of the digits (shapes, counts per digit, pixel range), the
split (its sizes follow from "a fifth of each digit", recomputed here from the lab's seed), the
parameter count of a 64 -> 25 -> 15 -> 10 network worked out from the layer sizes, the softmax
values against SciPy's ``softmax`` (rounded to the 4 decimals printed), the loss of the
compile_model check against the formula, and the accuracy claims against scikit-learn's
MLPClassifier with the same architecture (ReLU units, Adam) trained on the same split: a trained
accuracy varies from machine to machine, so the text states a range ("between 93% and 99%") and
a rounded value ("about 96%"), and five initializations of MLPClassifier must all fall in the range
and average within a point of the rounded value. Counts and shapes must match exactly. No
TensorFlow is loaded here.
"""

import numpy as np
import pytest
from helpers import stated
from scipy.special import logsumexp, softmax
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.checks import nn_multiclass

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
    assert f"first test image: digit {Y[test][0]}" in TEXT and "the first test image, a 5," in PROSE


def test_layer_shapes_and_parameter_count_follow_the_layer_sizes():
    sizes = (64, 25, 15, 10)
    for number, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False), start=1):
        assert f"layer {number}: W {(n_in, n_out)}, b {(n_out,)}" in TEXT
    parameters = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))
    assert f"parameters: {parameters}" in TEXT
    assert f"**{parameters} weights and biases**" in PROSE
    assert f"= {parameters}$ parameters" in PROSE


def test_stated_softmax_values_match_scipy():
    z = np.array([-1.0, 2.0, 0.5, 1.0])
    a = softmax(z)
    assert f"my_softmax:    {np.round(a, 4)}" in TEXT
    assert f"tf.nn.softmax: {np.round(a, 4)}" in TEXT
    assert f"sum: {a.sum():.4f}; my_softmax agrees with tf.nn.softmax: True" in TEXT
    assert np.argmax(a) == 1 and "the largest score, $z_1 = 2$, takes most" in PROSE
    assert a[1] > 0.5


def test_compile_model_checks_state_the_loss_of_known_logits():
    """The public check's case: logits [0, ln 3] of class 1, whose loss is ln(4/3)."""
    logits = np.log([1.0, 3.0])
    assert np.isclose(nn_multiclass.LOSS_CASE, logsumexp(logits) - logits[1], rtol=1e-6)
    assert np.allclose(nn_multiclass.LOGITS_CASE, [logits])
    assert nn_multiclass.LABELS_CASE.tolist() == [1]


def test_stated_accuracy_is_what_the_same_network_reaches_in_scikit_learn(split):
    train, test = split
    n_test = int(test.sum())
    scores = 100 * np.array(
        [
            MLPClassifier((25, 15), activation="relu", max_iter=2000, random_state=s)
            .fit(X[train], Y[train])
            .score(X[test], Y[test])
            for s in range(5)
        ]
    )
    low, high = stated(PROSE, r"anything between (\d+)% and (\d+)% is this network working")
    assert f"test accuracy between {low:.0f}% and {high:.0f}%: True" in TEXT
    assert np.all((low <= scores) & (scores <= high)), f"MLPClassifier reaches {scores}"
    assert high - low <= 6, "a range, not a shrug"
    (about,) = stated(PROSE, r"it is right about (\d+)% of the time")
    assert abs(about - scores.mean()) <= 1.0, f"about {about}% vs MLPClassifier {scores}"
    (images,) = stated(PROSE, r"of the time, about (\d+) images")
    assert abs(images - n_test * about / 100) <= 1
    assert f"recognizes about {about:.0f}% of the {n_test} test images" in PROSE
    assert f"images counted: {n_test}; the diagonal holds the right answers: True" in TEXT
