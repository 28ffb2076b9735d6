"""c1w3-logistic-regression: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's LogisticRegression (lbfgs, run to a tight tolerance) on the same
data, and against the formulas computed here. Stated values are rounded, so each comparison is made
at the number of decimals the text prints.
"""

import numpy as np
import pytest
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.data import load_tumours, make_microchips

LAB = load_syllabus().lab("c1w3-logistic-regression")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)
X, Y = load_tumours()
MU, SIGMA = X.mean(axis=0), X.std(axis=0)
X_NORM = (X - MU) / SIGMA


def log_loss(X, y, w, b):
    z = X @ w + b
    return np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))


def monomials(x1, x2, degree=6):
    return np.stack(
        [x1 ** (i - j) * x2**j for i in range(1, degree + 1) for j in range(i + 1)], axis=1
    )


@pytest.fixture(scope="module")
def tumour_fit():
    return LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X_NORM, Y)


def test_fitted_parameters_cost_and_accuracy_match_scikit_learn(tumour_fit):
    w, b = tumour_fit.coef_[0], tumour_fit.intercept_[0]
    assert f"w = {np.round(w, 3)}, b = {b:.3f}, cost = {log_loss(X_NORM, Y, w, b):.4f}" in TEXT
    assert f"train accuracy: {tumour_fit.score(X_NORM, Y) * 100:.2f}%" in TEXT
    for radius, texture in ((15, 20), (20, 25)):
        x_new = (np.array([[radius, texture]]) - MU) / SIGMA
        probability = tumour_fit.predict_proba(x_new)[0, 1]
        assert (
            f"radius {radius}, texture {texture}: probability of malignant {probability:.3f}"
            in TEXT
        )


def test_regularized_fit_matches_scikit_learn_with_c_equal_to_one_over_lambda():
    # The lab's cost is mean loss + lambda / (2m) |w|^2 = (1/m) [sum of losses + lambda / 2 |w|^2],
    # which scikit-learn minimizes with C = 1 / lambda.
    X_chips, y_chips = make_microchips()
    mapped = monomials(X_chips[:, 0], X_chips[:, 1])
    fit = LogisticRegression(C=1.0, tol=1e-12, max_iter=100_000).fit(mapped, y_chips)
    w, b = fit.coef_[0], fit.intercept_[0]
    cost = log_loss(mapped, y_chips, w, b) + np.sum(w**2) / (2 * len(y_chips))
    assert f"cost = {cost:.4f}" in TEXT
    assert f"train accuracy: {fit.score(mapped, y_chips) * 100:.2f}%" in TEXT


def test_stated_sigmoid_costs_and_gradients_follow_the_formulas():
    z = np.array([-5, -1, 0, 1, 5])
    assert f"sigmoid([-5, -1, 0, 1, 5]) = {np.round(expit(z), 4)}" in TEXT
    assert f"cost at w = [0, 0], b = 0: {np.log(2):.4f}" in TEXT
    assert f"cost at w = [1, 1], b = -1: {log_loss(X_NORM, Y, np.ones(2), -1.0):.4f}" in TEXT
    err = 0.5 - Y
    assert f"dj_dw = {np.round(X_NORM.T @ err / len(Y), 3)}, dj_db = {err.mean():.3f}" in TEXT

    X_chips, y_chips = make_microchips()
    mapped = monomials(X_chips[:, 0], X_chips[:, 1])
    w = np.linspace(-0.5, 0.5, mapped.shape[1])
    reg_cost = log_loss(mapped, y_chips, w, 0.5) + np.sum(w**2) / (2 * len(y_chips))
    assert f"regularized cost: {reg_cost:.4f}" in TEXT
    err = expit(mapped @ w + 0.5) - y_chips
    dj_dw = mapped.T @ err / len(y_chips) + w / len(y_chips)
    assert f"dj_db = {err.mean():.4f}" in TEXT
    assert f"first three of dj_dw: {np.round(dj_dw[:3], 4)}" in TEXT
