"""c2w3-applying-ml (graded): the numbers and claims its text states agree with independent
references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the instructor source's text against references computed here: for the polynomials, NumPy only
(the polynomial features built by hand, least squares by np.linalg.lstsq and ridge regression by
its closed form; no scikit-learn pipeline), with each claim about the curves ("about eight times",
"U-shaped", "within 20 %") checked on them; the classification split recomputed with
scikit-learn's train_test_split; the parameter counts worked out from the layer sizes. A stated
number passes when it equals the reference at the number of decimals it is stated with (half a
unit of its last digit, plus 1e-6 relative for rounding). The trained networks' errors vary with
the machine, so the lab states claims with margins, not digits; the slow test trains the three
architectures afresh here (Keras, not the lab's code) from other seeds and checks every claim.
"""

from functools import partial

import numpy as np
import pytest
from helpers import assert_stated_close, markdown, stated_with_decimals
from references import half_mse, poly_fit_predict
from sklearn.model_selection import train_test_split

from utils import data

TEXT = markdown("c2w3-applying-ml")
SPLIT_SEED = 3  # the seed the lab states for its split
X, Y = data.make_poly_curve(m=40, seed=20)
TRAIN, CV, TEST = data.split_60_20_20(len(X), SPLIT_SEED)
fit_predict = partial(poly_fit_predict, x=X, y=Y, fit_on=TRAIN)  # (degree, lam=0): predictions


def stated(pattern):
    """The (value, decimals) of each number captured by ``pattern`` in the lab's text."""
    return stated_with_decimals(TEXT, pattern)


DEGREES = range(1, 11)
LAMBDAS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0]


def errors(degree, lam=0.0):
    """(J_train, J_cv, J_test) of a polynomial fitted on the training set."""
    p = fit_predict(degree, lam)
    return half_mse(Y[TRAIN], p[TRAIN]), half_mse(Y[CV], p[CV]), half_mse(Y[TEST], p[TEST])


def test_split_sizes_and_end_points():
    assert "data.make_poly_curve(m=40, seed=20)" in TEXT and "`SPLIT_SEED = 3`" in TEXT
    assert f"training set: {len(TRAIN)} examples, cv set: {len(CV)}, test set: {len(TEST)}" in TEXT
    assert (len(TRAIN), len(CV), len(TEST)) == (24, 8, 8)
    # "keeps the two end points in the training set"
    assert X[TRAIN].min() == X.min() and X[TRAIN].max() == X.max()


def test_degree_10_has_the_lowest_train_error_and_eight_times_that_on_cv():
    train_err, cv_err = stated(r"degree 10: J_train = ([\d.]+), J_cv = ([\d.]+)")
    j_train, j_cv, _ = errors(10)
    assert_stated_close(train_err, j_train)
    assert_stated_close(cv_err, j_cv)
    assert all(errors(d)[0] > j_train for d in range(1, 10))
    assert round(j_cv / j_train) == 8 and "about eight times its training error" in TEXT


def test_degree_chosen_by_cv_error_and_its_test_error():
    table = {d: errors(d) for d in DEGREES}
    cv_errors = {d: e[1] for d, e in table.items()}
    best = min(cv_errors, key=cv_errors.get)
    (degree, _), cv_err = stated(r"lowest cv error: degree (\d+), J_cv = ([\d.]+)")
    assert degree == best == 2
    assert_stated_close(cv_err, cv_errors[best])
    (test_err,) = stated(rf"test error of degree {best}: J_test = ([\d.]+)")
    assert_stated_close(test_err, table[best][2])
    # "J_train only goes down as the degree grows"
    assert all(table[d][0] > table[d + 1][0] for d in range(1, 10))
    # "J_cv falls sharply from degree 1 to degree 2 ... then rises, not smoothly"
    assert cv_errors[1] > 5 * cv_errors[2]
    assert cv_errors[10] == max(cv_errors[d] for d in range(2, 11))
    assert any(cv_errors[d + 1] < cv_errors[d] for d in range(2, 10))  # not smoothly
    # "The test error is within 20 % of the cv error"
    assert abs(table[best][2] / cv_errors[best] - 1) < 0.2


def test_lambda_chosen_by_cv_error_cures_the_variance():
    sweep = np.array([errors(10, lam) for lam in LAMBDAS])
    best = int(np.argmin(sweep[:, 1]))
    (lam, _), cv_err = stated(r"lowest cv error: lambda = ([\d.e-]+), J_cv = ([\d.]+)")
    assert lam == LAMBDAS[best]
    assert_stated_close(cv_err, sweep[best, 1])
    # "its curve is U-shaped"
    assert 0 < best < len(LAMBDAS) - 1
    assert np.all(np.diff(sweep[: best + 1, 1]) < 0) and np.all(np.diff(sweep[best:, 1]) > 0)
    # "falls to less than half of the 13320.35 it had without regularization, and comes within
    # 30 % of the parabola's"
    unregularized, parabola = errors(10)[1], errors(2)[1]
    assert f"less than half of the {unregularized:.2f}" in TEXT
    assert sweep[best, 1] < unregularized / 2
    assert abs(sweep[best, 1] / parabola - 1) < 0.3


def classification_split():
    """The lab's split of the six blobs: half for training, then 80 % / 20 % of the rest."""
    X, y = data.make_six_blobs()
    X_train, X_rest, y_train, y_rest = train_test_split(X, y, test_size=0.50, random_state=1)
    X_cv, X_test, y_cv, y_test = train_test_split(X_rest, y_rest, test_size=0.20, random_state=1)
    return (X_train, y_train), (X_cv, y_cv), (X_test, y_test)


def test_classification_set_and_parameter_counts():
    Xc, yc = data.make_six_blobs()
    (_, y_train), (_, y_cv), (_, y_test) = classification_split()
    assert f"X {Xc.shape}, y {yc.shape}, classes 0 to 5" in TEXT
    assert (len(y_train), len(y_cv), len(y_test)) == (400, 320, 80)
    assert (
        f"training set: {len(y_train)} points, cv set: {len(y_cv)}, test set: {len(y_test)}" in TEXT
    )
    assert "one mistake changes the cv error by only\n1/320, about 0.003" in TEXT
    assert round(1 / len(y_cv), 3) == 0.003 and 1 / len(y_test) == 0.0125
    complex_params = (2 * 120 + 120) + (120 * 40 + 40) + (40 * 6 + 6)
    simple_params = (2 * 6 + 6) + (6 * 6 + 6)
    assert f"model: {complex_params} parameters" in TEXT
    assert f"model_s: {simple_params} parameters" in TEXT
    assert f"model_r: {complex_params} parameters" in TEXT


def nearest_centre_errors():
    """The errors of the best possible classifier (each point to its nearest centre) on the cv
    and the test set: (wrong cv points, wrong test points, cv size, test size)."""
    centres = np.array(data.BLOB_CENTERS)
    _, (X_cv, y_cv), (X_test, y_test) = classification_split()
    wrong = [
        int(np.sum(np.linalg.norm(X[:, None] - centres, axis=2).argmin(axis=1) != y))
        for X, y in ((X_cv, y_cv), (X_test, y_test))
    ]
    return (*wrong, len(y_cv), len(y_test))


def test_best_possible_classifier_errors():
    cv_wrong, test_wrong, n_cv, n_test = nearest_centre_errors()
    cv_err, test_err = stated(
        r"best possible \(nearest centre\): cv error ([\d.]+), test error ([\d.]+)"
    )
    assert_stated_close(cv_err, cv_wrong / n_cv)
    assert_stated_close(test_err, test_wrong / n_test)
    assert f"test points ({test_wrong} of {n_test})" in TEXT
    assert "one mistake is 0.0125" in TEXT and 1 / n_test == 0.0125


def trained_errors(layers, seed, epochs=100):
    """(training error, cv error) of a network of ``layers`` trained as the lab trains its own
    (Adam at 0.01, sparse cross-entropy from logits, batches of 32), written here afresh."""
    import keras

    (X_train, y_train), (X_cv, y_cv), _ = classification_split()
    keras.utils.set_random_seed(seed)
    network = keras.Sequential([keras.Input(shape=(2,)), *layers()])
    network.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
    )
    network.fit(X_train, y_train, epochs=epochs, batch_size=32, verbose=0)
    wrong = lambda X, y: float(np.mean(np.argmax(network.predict(X, verbose=0), 1) != y))  # noqa: E731
    return wrong(X_train, y_train), wrong(X_cv, y_cv)


def dense_stack(units, l2=None):
    """The lab's networks: ReLU hidden layers of ``units``, optionally L2, a linear output of 6."""
    import keras

    def layers():
        regularizer = None if l2 is None else keras.regularizers.L2(l2)
        hidden = [
            keras.layers.Dense(u, activation="relu", kernel_regularizer=regularizer) for u in units
        ]
        return [*hidden, keras.layers.Dense(6)]

    return layers


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_networks_claims_hold_for_other_initializations(seed):
    """What the lab says of its three trained networks, for networks trained here from the
    "three more" seeds its text cites: the complex one overfits, the simple and the regularized
    ones do not, and the complex one has the highest cv error."""
    complex_ = trained_errors(dense_stack((120, 40)), seed)
    simple = trained_errors(dense_stack((6,)), seed)
    regularized = trained_errors(dense_stack((120, 40), l2=0.1), seed)
    assert complex_[1] - complex_[0] > 0.02, complex_
    assert abs(simple[1] - simple[0]) < 0.03, simple
    assert simple[0] > complex_[0] and simple[1] < complex_[1], (simple, complex_)
    assert abs(regularized[1] - regularized[0]) < 0.03, regularized
    assert regularized[0] > complex_[0], (regularized, complex_)
    # 'the complex network always had the highest cv error'
    assert regularized[1] < complex_[1], (regularized, complex_)
    # "It gets 0.069 of the cv points wrong, about what the simple and the regularized networks
    # reach"
    best_cv = nearest_centre_errors()[0] / 320
    assert abs(simple[1] - best_cv) < 0.015 and abs(regularized[1] - best_cv) < 0.015
    for claim in (
        "complex model: cv error more than 0.02 above its training error: True",
        "simple model: training and cv errors within 0.03 of each other: True",
        "simple model: training error above the complex model's: True",
        "simple model: cv error below the complex model's: True",
        "regularized model: training and cv errors within 0.03 of each other: True",
        "regularized model: training error above the complex model's: True",
    ):
        assert claim in TEXT
