"""c1w3-logistic-regression: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's LogisticRegression (lbfgs, run to a tight tolerance) on the same
data, and against the formulas computed here. Stated values are rounded, so each comparison is made
at the number of decimals the text prints.
"""

import re

import numpy as np
import pytest
from helpers import NUMBER, assert_rounded, markdown, stated
from references import tumours
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from utils.data import make_microchips

TEXT = markdown("c1w3-logistic-regression")
FEATURES = ("mean area", "mean concave points")
X, Y = tumours(*FEATURES)
MU, SIGMA = X.mean(axis=0), X.std(axis=0)
X_NORM = (X - MU) / SIGMA
CHIPS_SEED, NEW_CHIPS_SEED = 6, 7


def log_loss(X, y, w, b):
    z = X @ w + b
    return np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))


def monomials(x1, x2, degree=6):
    return np.stack(
        [x1 ** (i - j) * x2**j for i in range(1, degree + 1) for j in range(i + 1)], axis=1
    )


def mapped(X):
    return monomials(X[:, 0], X[:, 1])


def descend(Z, y, lambda_, steps=1000, alpha=1.0):
    """The course's batch gradient descent from zero, vectorized (what section 11's run does)."""
    w, b, m = np.zeros(Z.shape[1]), 0.0, len(y)
    for _ in range(steps):
        err = expit(Z @ w + b) - y
        w, b = w - alpha * (Z.T @ err + lambda_ * w) / m, b - alpha * err.mean()
    return w, b


def accuracy(Z, y, w, b):
    return np.mean((Z @ w + b >= 0) == (y == 1)) * 100


@pytest.fixture(scope="module")
def tumour_fit():
    return LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X_NORM, Y)


@pytest.fixture(scope="module")
def chips():
    X_chips, y_chips = make_microchips(seed=CHIPS_SEED)
    return mapped(X_chips), y_chips


def test_the_data_as_stated():
    assert f"X_train: (569, 2) first row: area {X[0, 0]:.0f}, concave points {X[0, 1]:.4f}" in TEXT
    assert f"{int(Y.sum())} malignant, {int((1 - Y).sum())} benign" in TEXT
    assert f"mean: area {MU[0]:.1f}, concave points {MU[1]:.4f}" in TEXT
    assert f"standard deviation: area {SIGMA[0]:.1f}, concave points {SIGMA[1]:.4f}" in TEXT
    assert f"X_norm first row: {np.round(X_NORM[0], 3)}" in TEXT
    assert "area about 140 to 2500, concave points 0 to 0.2" in TEXT
    assert X[:, 0].min() > 140 and X[:, 0].max() < 2510 and X[:, 1].min() == 0
    assert 0.19 < X[:, 1].max() < 0.21


def test_fitted_parameters_cost_and_accuracy_match_scikit_learn(tumour_fit):
    w, b = tumour_fit.coef_[0], tumour_fit.intercept_[0]
    assert f"w = {np.round(w, 3)}, b = {b:.3f}, cost = {log_loss(X_NORM, Y, w, b):.4f}" in TEXT
    assert f"w}} = [{w[0]:.3f}, {w[1]:.3f}]$ and $b = {b:.3f}$" in TEXT
    score = tumour_fit.score(X_NORM, Y) * 100
    assert f"train accuracy: {score:.2f}%" in TEXT
    assert f"**{score:.2f}%** of the training tumours" in TEXT
    assert score > 90  # "more than nine tumours in ten right"
    for area, concave_points in ((700, 0.05), (900, 0.08)):
        x_new = (np.array([[area, concave_points]]) - MU) / SIGMA
        probability = tumour_fit.predict_proba(x_new)[0, 1]
        assert (
            f"area {area}, concave points {concave_points}: probability of malignant "
            f"{probability:.3f}" in TEXT
        )


def test_gradient_descent_reaches_the_minimum_in_1000_steps(tumour_fit):
    """Section 6's run (alpha = 1, 1000 steps) ends at scikit-learn's minimum, to the digits."""
    w, b = descend(X_NORM, Y, 0.0)
    assert_rounded(np.append(w, b), np.append(tumour_fit.coef_[0], tumour_fit.intercept_), 3)


def test_regularized_fit_matches_scikit_learn_with_c_equal_to_one_over_lambda(chips):
    # The lab's cost is mean loss + lambda / (2m) |w|^2 = (1/m) [sum of losses + lambda / 2 |w|^2],
    # which scikit-learn minimizes with C = 1 / lambda.
    Z, y = chips
    fit = LogisticRegression(C=1.0, tol=1e-12, max_iter=100_000).fit(Z, y)
    w, b = fit.coef_[0], fit.intercept_[0]
    cost = log_loss(Z, y, w, b) + np.sum(w**2) / (2 * len(y))
    assert f"cost = {cost:.4f}" in TEXT
    score = fit.score(Z, y) * 100
    assert f"train accuracy: {score:.2f}%" in TEXT
    assert f"**{score:.2f}%** of the training chips" in TEXT


def test_the_chips_and_their_mapped_features(chips):
    Z, y = chips
    assert f"X_chips: (118, 2), {int(y.sum())} accepted" in TEXT
    assert f"mapped features: (118, 27), from {Z.min():.2f} to {Z.max():.2f}" in TEXT
    assert f"stay between\n${Z.min():.2f}$ and ${Z.max():.2f}$" in TEXT
    X_chips, _ = make_microchips(seed=CHIPS_SEED)
    assert -0.85 <= X_chips.min() and X_chips.max() <= 1.05  # "between -0.85 and 1.05"


def test_stated_sigmoid_costs_and_gradients_follow_the_formulas(chips):
    z = np.array([-5, -1, 0, 1, 5])
    assert f"sigmoid([-5, -1, 0, 1, 5]) = {np.round(expit(z), 4)}" in TEXT
    assert f"cost at w = [0, 0], b = 0: {np.log(2):.4f}" in TEXT
    assert f"cost at w = [1, 1], b = -1: {log_loss(X_NORM, Y, np.ones(2), -1.0):.4f}" in TEXT
    err = 0.5 - Y
    dj_dw = X_NORM.T @ err / len(Y)
    assert f"dj_dw = {np.round(dj_dw, 3)}, dj_db = {err.mean():.3f}" in TEXT
    assert np.all(dj_dw < 0) and err.mean() > 0  # "both weights have a negative derivative"

    Z, y = chips
    w = np.linspace(-0.5, 0.5, Z.shape[1])
    reg_cost = log_loss(Z, y, w, 0.5) + np.sum(w**2) / (2 * len(y))
    assert f"regularized cost: {reg_cost:.4f}" in TEXT
    err = expit(Z @ w + 0.5) - y
    dj_dw = Z.T @ err / len(y) + w / len(y)
    assert f"dj_db = {err.mean():.4f}" in TEXT
    assert f"first three of dj_dw: {np.round(dj_dw[:3], 4)}" in TEXT


def test_lambda_zero_for_1000_steps_draws_almost_the_same_curve(chips):
    """Section 11: with lambda = 0 the 1000 steps end with |w| about 11, and the boundary agrees
    with lambda = 1's on at least 95% of a grid over the chips' square, enclosing a little less."""
    Z, y = chips
    w1, b1 = descend(Z, y, 1.0)
    w0, b0 = descend(Z, y, 0.0)
    assert "about 11, against 4.1 with" in TEXT
    assert round(np.linalg.norm(w0)) == 11 and round(np.linalg.norm(w1), 1) == 4.1
    u = np.linspace(-0.85, 1.05, 100)
    grid = mapped(np.column_stack([a.ravel() for a in np.meshgrid(u, u)]))
    inside_1, inside_0 = grid @ w1 + b1 >= 0, grid @ w0 + b0 >= 0
    assert np.mean(inside_1 == inside_0) >= 0.95
    assert inside_0.sum() < inside_1.sum()  # "a little smaller"


def test_the_weakly_penalized_minimum_overfits(chips):
    """Section 12, against lbfgs (the lab uses newton-cg) and the vectorized descent."""
    Z, y = chips
    X_new, y_new = make_microchips(m=1000, seed=NEW_CHIPS_SEED)
    Z_new = mapped(X_new)
    weak = LogisticRegression(C=1e4, tol=1e-12, max_iter=100_000).fit(Z, y)
    fits = {
        "lambda = 1, 1000 steps": descend(Z, y, 1.0),
        "lambda = 1e-4, minimum": (weak.coef_[0], weak.intercept_[0]),
    }
    rows = {}
    for name, (w, b) in fits.items():
        norm, train, new = stated(
            TEXT,
            rf"{re.escape(name)}: \|w\| = +{NUMBER}, train accuracy {NUMBER}%, new chips {NUMBER}%",
        )
        reference = [np.linalg.norm(w), accuracy(Z, y, w, b), accuracy(Z_new, y_new, w, b)]
        assert_rounded([norm, train, new], reference, 1)
        rows[name] = reference
    smooth, weak_row = rows.values()
    assert weak_row[0] > 100  # "the weights grow to hundreds"
    assert weak_row[1] > smooth[1] and weak_row[2] < smooth[2]
    flat = " ".join(TEXT.split())
    assert f"({weak_row[2]:.1f}% against {smooth[2]:.1f}%)" in flat
    assert f"It gets {weak_row[1]:.1f}% of the training chips" in flat
