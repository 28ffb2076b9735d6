"""c2w2-softmax: the numbers its text states agree with independent references computed
here (scipy.special's softmax and logsumexp, the clipping Keras applies written out again, the
parameter count worked out from the layer sizes, and scikit-learn's MLPClassifier for the claims
about the two trained models).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without TensorFlow. Unless an assertion says otherwise, a stated number must equal
the reference rounded to the decimals the text shows (tolerance: half a unit of the last digit).
"""

import numpy as np
import pytest
from helpers import assert_rounded, markdown, np_str, stated, table_after
from scipy.special import logsumexp, softmax
from sklearn.datasets import make_blobs
from sklearn.neural_network import MLPClassifier

TEXT = markdown("c2w2-softmax")
PROSE = " ".join(TEXT.split())  # the narrative wraps lines anywhere
Z_BATCH = np.array([[2.0, 1.0, 0.1], [0.5, 2.0, 1.5], [-1.0, 3.0, 0.0]])
Y_BATCH = np.array([0, 2, 1])
CLIP = 1e-7  # Keras clips probabilities at epsilon before taking the log


def test_softmax_lab_probabilities():
    a = np_str(np.round(softmax([1.0, 2.0, 3.0, 4.0]), 4))
    assert f"a = {a}" in TEXT
    assert f"z = [1. 2. 3. 4.] -> a = {a}" in TEXT
    assert f"z = [2. 3. 4. 5.] -> a = {a}" in TEXT  # shift invariance
    assert "z = [2. 2. 2. 2.] -> a = [0.25 0.25 0.25 0.25]" in TEXT
    stable = np_str(np.round(softmax([1000.0, 1001.0, 1002.0]), 4))
    assert f"stable: {stable}" in TEXT
    assert f"stable on z - 1000: {stable}" in TEXT


def test_worked_losses_and_cost_match_scipy():
    A = softmax(Z_BATCH, axis=1)
    losses = logsumexp(Z_BATCH, axis=1) - Z_BATCH[np.arange(3), Y_BATCH]
    assert f"probabilities:\n{np_str(np.round(A, 3))}" in TEXT
    assert f"classes y = {Y_BATCH}" in TEXT
    assert f"losses: {np_str(np.round(losses, 4))}" in TEXT
    cost = f"{losses.mean():.4f}"
    assert f"cost J = {cost}" in TEXT
    assert f"Keras SparseCategoricalCrossentropy(from_logits=True): {cost}" in TEXT
    # the one-hot cost is the same sum, written with the indicator
    onehot = np.eye(3)[Y_BATCH]
    assert f"one-hot labels:\n{np_str(onehot)}" in TEXT
    onehot_cost = -np.mean(np.sum(onehot * np.log(A), axis=1))
    assert f"class numbers, SparseCategoricalCrossentropy: {cost}" in TEXT
    assert f"one-hot labels, CategoricalCrossentropy: {onehot_cost:.4f}" in TEXT
    # the narrative's worked numbers: example 0's probability and loss, the others' extremes
    a0, loss0 = stated(PROSE, r"= (\d\.\d+)\$, so its loss is \$-\\ln \d\.\d+ = (\d\.\d+)\$")
    assert_rounded([a0, loss0], [A[0, 0], losses[0]], 3)
    assert f"$a_2 = {A[1, 2]:.3f}$ and the largest loss" in PROSE
    assert f"$a_1 = {A[2, 1]:.3f}$) the smallest" in PROSE
    assert np.argmax(losses) == 1 and np.argmin(losses) == 2
    assert "(0.5290 on our three)" in PROSE and cost == "0.5290"


def test_softmax_lab_losses():
    z = np.array([0.0, 120.0])
    assert f"loss from logits: {logsumexp(z) - z[0]:.3f}" in TEXT
    assert f"loss from probabilities: {-np.log(CLIP):.3f}" in TEXT
    assert f"$-\\ln 10^{{-7}} = {-np.log(CLIP):.3f}$" in TEXT
    a0 = softmax(z)[0]
    assert f"\\approx {a0:.1e}".replace("e-", " \\times\n10^{-") + "}$" in TEXT
    assert np.float32(a0) == 0.0  # what the text says float32 does
    assert "from a score gap of about 16" in PROSE and round(-np.log(CLIP)) == 16


def test_table_of_the_three_losses():
    rows = table_after(TEXT, "Keras from logits\n")
    assert rows[:, 0].tolist() == [10, 50, 120]
    for gap, naive, clipped, exact in rows:
        a0 = np.float32(softmax([0.0, gap])[0])  # the probability as float32 holds it
        with np.errstate(divide="ignore"):
            assert_rounded(naive, -np.log(a0), 3) if a0 > 0 else np.testing.assert_equal(
                naive, np.inf
            )
        assert_rounded(clipped, -np.log(np.clip(a0, CLIP, 1 - CLIP)), 3)
        assert_rounded(exact, logsumexp([0.0, gap]), 3)


def test_parameter_count_follows_the_layer_sizes():
    sizes = (2, 25, 15, 4)
    counts = [n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False)]
    assert counts == [75, 390, 64]
    assert "$2 \\cdot 25 + 25 = 75$, $25 \\cdot 15 + 15 = 390$ and $15 \\cdot 4 + 4 = 64$" in PROSE
    assert f"in all {sum(counts)}" in PROSE and f"parameters: {sum(counts)}" in TEXT


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(
        n_samples=2000,
        centers=[[-5, 2], [-2, -2], [1, 2], [5, -2]],
        cluster_std=1.0,
        random_state=30,
    )


def test_blobs_shapes_and_counts(blobs):
    X, y = blobs
    assert f"X: {X.shape}, y: {y.shape}, points per class: {np.bincount(y)}" in TEXT


def test_stated_accuracy_range_is_what_the_same_network_reaches(blobs):
    """'about 99% (between 97% and 100%)' and 'the same class for at least 98% of the points':
    the same 2 -> 25 -> 15 -> 4 ReLU network in scikit-learn, trained from three seeds."""
    X, y = blobs
    fits = [
        MLPClassifier((25, 15), activation="relu", max_iter=500, random_state=s).fit(X, y)
        for s in range(3)
    ]
    scores = [fit.score(X, y) for fit in fits]
    assert all(0.97 <= s <= 1.0 for s in scores), scores
    assert abs(100 * np.mean(scores) - 99) <= 1.0, scores  # "about 99%"
    predictions = [fit.predict(X) for fit in fits]
    agreements = [np.mean(p == q) for p in predictions for q in predictions]
    assert min(agreements) >= 0.98, agreements
    assert "about 99% of the points right (between 97% and 100% on any machine)" in PROSE
    assert "both models right on at least 97% of the points: True" in TEXT
    assert "same class for at least 98% of the points" in PROSE
    assert "same class predicted for at least 98% of the points: True" in TEXT
