"""c1w3 labs 6-9: the numbers their text states agree with independent references.

tests/labs/test_run.py checks that each notebook prints what its text states; this file checks
the text against references computed here: the textbook formulas, scikit-learn (LogisticRegression
with the newton-cg solver, Ridge), SciPy's minimiser and np.polyfit. Each test's tolerance is half a
unit of the last stated digit unless its docstring says otherwise.
"""

import re

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import log_loss
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import data

SYLLABUS = load_syllabus()
NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)"


def markdown(lab_id: str) -> str:
    notebook = cells.read_notebook(REPO_ROOT / SYLLABUS.lab(lab_id).notebook)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


LAB6 = markdown("c1w3-logistic-gradient-descent")
LAB7 = markdown("c1w3-sklearn-logistic-regression")
LAB8 = markdown("c1w3-overfitting")
LAB9 = markdown("c1w3-regularization")


def stated(text: str, template: str) -> np.ndarray:
    """The numbers of the one line of ``text`` that matches ``template`` ({} marks a number)."""
    pattern = re.escape(template).replace(r"\{\}", NUMBER)
    matches = re.findall(pattern, text)
    assert matches, f"no line like {template!r} in the text"
    return np.array(matches[0] if isinstance(matches[0], tuple) else [matches[0]], dtype=float)


def table(text: str, header: str) -> np.ndarray:
    """The rows of numbers under ``header`` in the text's code block, shape (rows, columns)."""
    block = text.split(header, 1)[1].split("```", 1)[0]
    return np.array([line.split() for line in block.strip().splitlines()], dtype=float)


def close(stated_values, reference, decimals) -> None:
    """Stated values equal the reference rounded to ``decimals`` (an int, or one per value):
    within half a unit of the last stated digit."""
    atol = 0.5 * 10.0 ** -np.asarray(decimals, dtype=float) + 1e-12
    assert np.all(np.abs(np.asarray(stated_values) - np.asarray(reference)) <= atol), (
        f"stated {stated_values}, reference {reference}, tolerance {atol}")


# --- references -------------------------------------------------------------------------------

X_TUMOURS, Y_TUMOURS = data.load_tumours()
MU, SIGMA = X_TUMOURS.mean(axis=0), X_TUMOURS.std(axis=0)
Z_TUMOURS = (X_TUMOURS - MU) / SIGMA
X_CURVE, Y_CURVE = data.make_curve()
X_CURVE_TEST, Y_CURVE_TEST = data.make_curve(m=200, seed=7)
X_CHIPS, Y_CHIPS = data.make_microchips()
X_CHIPS_TEST, Y_CHIPS_TEST = data.make_microchips(m=1000, seed=2)


def logistic_cost(Z, y, w, b, lambda_=0.0):
    """The course's (regularized) logistic cost, by scikit-learn's log_loss plus the penalty."""
    return log_loss(y, expit(Z @ w + b), labels=[0, 1]) + lambda_ * np.sum(w**2) / (2 * len(y))


def sklearn_logistic(Z, y, lambda_):
    """The minimiser of the course's logistic cost with penalty lambda_: C = 1/lambda_."""
    C = np.inf if lambda_ == 0 else 1 / lambda_
    return LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=10_000).fit(Z, y)


def scaled_poly(X, degree, X_fit=None):
    """scikit-learn's polynomial features (no bias column), z-scored with the training set."""
    poly = PolynomialFeatures(degree, include_bias=False)
    scaler = StandardScaler().fit(poly.fit_transform(X if X_fit is None else X_fit))
    return scaler.transform(poly.fit_transform(X))


def curve_fit(degree, x=X_CURVE, y=Y_CURVE):
    """Least-squares polynomial coefficients by np.polyfit (highest power first)."""
    return np.polyfit(x, y, degree)


def curve_cost(coefficients, x, y):
    return np.mean((np.polyval(coefficients, x) - y) ** 2) / 2


def chips_errors(degree, lambda_):
    """Train and test error of logistic regression on degree-``degree`` features of the chips."""
    Z = scaled_poly(X_CHIPS, degree)
    Z_test = scaled_poly(X_CHIPS_TEST, degree, X_fit=X_CHIPS)
    model = sklearn_logistic(Z, Y_CHIPS, lambda_)
    return (np.mean(model.predict(Z) != Y_CHIPS), np.mean(model.predict(Z_test) != Y_CHIPS_TEST),
            np.linalg.norm(model.coef_))


# --- lab 6: gradient descent for logistic regression --------------------------------------------


def test_lab6_data_cost_and_gradient_at_zero_follow_the_formulas():
    close(stated(LAB6, "mean radius: mu = {}, sigma = {}"), [MU[0], SIGMA[0]], 3)
    close(stated(LAB6, "mean texture: mu = {}, sigma = {}"), [MU[1], SIGMA[1]], 3)
    close(stated(LAB6, "cost at w = 0, b = 0: {}"), np.log(2), 4)
    err = 0.5 - Y_TUMOURS
    close(stated(LAB6, "dj_dw = [{}, {}], dj_db = {}\nloop and vectorized agree: True"),
          [*np.mean(err[:, None] * Z_TUMOURS, axis=0), np.mean(err)], 4)


def test_lab6_gradient_at_random_parameters_matches_finite_differences():
    """Central differences of scikit-learn's log_loss (error ~1e-10), to the 4 stated decimals."""
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=2), rng.normal()
    close(stated(LAB6, "w = [{}, {}], b = {}\ndj_dw"), [*w, b], 4)
    h, grad = 1e-6, []
    for k in range(3):
        step = np.eye(3)[k] * h
        up = logistic_cost(Z_TUMOURS, Y_TUMOURS, w + step[:2], b + step[2])
        down = logistic_cost(Z_TUMOURS, Y_TUMOURS, w - step[:2], b - step[2])
        grad.append((up - down) / (2 * h))
    blocks = re.findall(r"dj_dw = \[" + NUMBER + ", " + NUMBER + r"\], dj_db = " + NUMBER, LAB6)
    close(np.array(blocks[1], dtype=float), grad, 4)


def test_lab6_gradient_descent_reaches_scikit_learns_unregularized_fit():
    """Tolerance 1e-3 on w and b (stated to 3 decimals; 1000 steps converge to ~1e-6)."""
    ref = sklearn_logistic(Z_TUMOURS, Y_TUMOURS, 0.0)
    w, b = ref.coef_[0], ref.intercept_[0]
    values = stated(LAB6, "w = [{}, {}], b = {}, cost = {}")
    close(values[:3], [*w, b], 3)
    close(values[3], logistic_cost(Z_TUMOURS, Y_TUMOURS, w, b), 4)
    accuracy = ref.score(Z_TUMOURS, Y_TUMOURS)
    correct = int(round(accuracy * len(Y_TUMOURS)))
    assert f"train accuracy: {accuracy:.3f} ({correct} of 569 tumours)" in LAB6
    assert f"b = {b:.3f}$, cost {values[3]:.4f}, and classify {100 * accuracy:.1f} %" in LAB6


def test_lab6_interactive_descent_and_one_feature_minimum():
    """30 steps of alpha = 1 from (-2, 4), by hand; the minimum by scikit-learn (C = inf)."""
    x = Z_TUMOURS[:, :1]
    close(stated(LAB6, "start: J = {}"), logistic_cost(x, Y_TUMOURS, np.array([-2.0]), 4.0), 4)
    w, b = -2.0, 4.0
    for _ in range(30):
        err = expit(w * x[:, 0] + b) - Y_TUMOURS
        w, b = w - np.mean(err * x[:, 0]), b - np.mean(err)
    values = stated(LAB6, "after 30 steps: w = {}, b = {}, J = {}")
    close(values, [w, b, logistic_cost(x, Y_TUMOURS, np.array([w]), b)], [3, 3, 4])
    ref = sklearn_logistic(x, Y_TUMOURS, 0.0)
    w_min, b_min = ref.coef_[0, 0], ref.intercept_[0]
    cost_min = logistic_cost(x, Y_TUMOURS, ref.coef_[0], b_min)
    assert f"{cost_min:.4f} at $w = {w_min:.3f}$, $b = {b_min:.3f}$" in LAB6


# --- lab 7: scikit-learn ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def c_equals_one():
    """The minimiser of 1/2 |w|^2 + sum of logistic losses (C = 1), by SciPy's BFGS."""

    def objective(theta):
        z = Z_TUMOURS @ theta[:2] + theta[2]
        err = expit(z) - Y_TUMOURS
        value = 0.5 * theta[:2] @ theta[:2] + np.sum(np.logaddexp(0, z) - Y_TUMOURS * z)
        return value, np.append(theta[:2] + Z_TUMOURS.T @ err, err.sum())

    result = minimize(objective, np.zeros(3), jac=True, method="BFGS", options={"gtol": 1e-9})
    return result.x[:2], result.x[2]


def test_lab7_default_fit_is_the_c_equals_one_minimum(c_equals_one):
    w, b = c_equals_one
    close(stated(LAB7, "mu = [{}, {}]"), MU, 3)
    close(stated(LAB7, "sigma = [{}, {}]"), SIGMA, 3)
    close(stated(LAB7, "w = [{}, {}], b = {}"), [*w, b], 2)
    ref = sklearn_logistic(Z_TUMOURS, Y_TUMOURS, 0.0)
    close(stated(LAB7, "C = inf: w = [{}, {}], b = {}"), [*ref.coef_[0], ref.intercept_[0]], 3)


def test_lab7_predictions_accuracy_and_original_units(c_equals_one):
    """Probabilities by the sigmoid formula at the reference parameters (3 decimals)."""
    w, b = c_equals_one
    for radius, texture in ((12, 15), (20, 25)):
        p = expit(((np.array([radius, texture]) - MU) / SIGMA) @ w + b)
        label = int(p >= 0.5)
        assert (f"radius {radius}, texture {texture}: P(malignant) = {p:.3f}, "
                f"predicted class {label}") in LAB7
    predicted = (Z_TUMOURS @ w + b >= 0).astype(float)
    accuracy, wrong = np.mean(predicted == Y_TUMOURS), int(np.sum(predicted != Y_TUMOURS))
    assert f"train accuracy: {accuracy:.3f} ({wrong} of 569 tumours misclassified)" in LAB7
    close(stated(LAB7, "original units: w = [{}, {}], b = {}"),
          [*(w / SIGMA), b - np.sum(w * MU / SIGMA)], [3, 3, 1])
    bunch = load_breast_cancer()
    all_features = make_pipeline(StandardScaler(), LogisticRegression())
    all_features.fit(bunch.data, bunch.target)
    score = all_features.score(bunch.data, bunch.target)
    assert f"training accuracy of {score:.3f}" in LAB7


# --- lab 8: overfitting -------------------------------------------------------------------------


def test_lab8_regression_costs_are_the_least_squares_polynomials():
    for degree in (1, 2, 10):
        cost = curve_cost(curve_fit(degree), X_CURVE, Y_CURVE)
        close(stated(LAB8, f"degree {degree:2d}: train cost J = {{}}"), cost, 4)
    rows = table(LAB8, "degree   train J    test J")
    for degree, train, test in rows:
        c = curve_fit(int(degree))
        close([train, test], [curve_cost(c, X_CURVE, Y_CURVE),
                              curve_cost(c, X_CURVE_TEST, Y_CURVE_TEST)], 4)
    assert list(rows[:, 0]) == [1, 2, 4, 6, 8, 10]


def test_lab8_classification_errors_match_scikit_learn():
    """newton-cg on scikit-learn's polynomial features, lambda = 1e-4 (C = 1e4); exact counts."""
    accepted = int(Y_CHIPS.sum())
    assert f"X_train: (118, 2), {accepted} accepted, {118 - accepted} rejected" in LAB8
    for degree in (1, 2, 6):
        train, _, _ = chips_errors(degree, 1e-4)
        n = degree * (degree + 3) // 2
        assert f"degree {degree}: {n:2d} features, train error {train:.3f}" in LAB8
    rows = table(LAB8, "degree   train error   test error")
    for degree, train, test in rows:
        close([train, test], chips_errors(int(degree), 1e-4)[:2], 3)
    assert list(rows[:, 0]) == [1, 2, 3, 4, 6, 8]


def test_lab8_one_added_point_moves_the_overfit_curve():
    x, y = np.append(X_CURVE, 0.5), np.append(Y_CURVE, 0.3)
    for degree in (10, 2):
        moved = abs(np.polyval(curve_fit(degree, x, y), 0.05) - np.polyval(curve_fit(degree), 0.05))
        close(stated(LAB8, f"degree {degree:2d}: f(0.05) moved by {{}}"), moved, 3)


# --- lab 9: regularization ----------------------------------------------------------------------


def seeded_example():
    rng = np.random.default_rng(0)
    X = rng.random((5, 6))
    w = rng.random(6) - 0.5
    return X, np.array([0.0, 1.0, 0.0, 1.0, 0.0]), w, 0.5, 0.7


def regularized_block(text, first_line):
    block = text.split(first_line, 1)[1].split("```", 1)[0]
    return np.array(re.findall(NUMBER, block), dtype=float)


def test_lab9_regularized_costs_and_gradients_on_the_seeded_example():
    """Costs by scikit-learn's metrics plus the penalty; gradients by the closed formulas."""
    X, y, w, b, lam = seeded_example()
    m = len(y)
    err = X @ w + b - y
    cost = np.mean(err**2) / 2 + lam * w @ w / (2 * m)
    values = regularized_block(LAB9, "regularized cost: ")
    close(values, [cost, err.mean(), *(X.T @ err / m + lam * w / m)], 6)
    err = expit(X @ w + b) - y
    cost = logistic_cost(X, y, w, b, lam)
    blocks = LAB9.split("regularized cost: ")
    values = np.array(re.findall(NUMBER, blocks[2].split("```", 1)[0]), dtype=float)
    close(values, [cost, err.mean(), *(X.T @ err / m + lam * w / m)], 6)


def test_lab9_ridge_alpha_equals_lambda():
    """Stated GD and Ridge weights vs the normal equations of the course's cost (lambda = 1)."""
    Z = scaled_poly(X_CURVE[:, None], 6)
    A = np.column_stack([Z, np.ones(len(Y_CURVE))])
    theta = np.linalg.solve(A.T @ A + np.diag([1.0] * 6 + [0.0]), A.T @ Y_CURVE)
    ridge = Ridge(alpha=1.0).fit(Z, Y_CURVE)
    np.testing.assert_allclose(ridge.coef_, theta[:6], atol=1e-10)
    for line in ("gradient descent: w = [", "Ridge(alpha=1):   w = ["):
        close(regularized_block(LAB9, line)[:7], theta, 4)


def test_lab9_logistic_c_equals_one_over_lambda():
    """Stated GD and LogisticRegression weights vs newton-cg with C = 1/lambda, lambda = 1."""
    Z = scaled_poly(X_CHIPS, 6)
    ref = sklearn_logistic(Z, Y_CHIPS, 1.0)
    order = [0, 1, 2, 3]  # x1, x2, x1^2, x1 x2: the same first four in both feature orders
    expected = [*ref.coef_[0, order], ref.intercept_[0]]
    for line in ("gradient descent:          w[:4] = [", "LogisticRegression(C=1):   w[:4] = ["):
        close(regularized_block(LAB9, line)[:5], expected, 4)
    cost = logistic_cost(Z, Y_CHIPS, ref.coef_[0], ref.intercept_[0], 1.0)
    close(stated(LAB9, "cost at the minimum: {}"), cost, 4)


def test_lab9_lambda_sweeps():
    """Regression: Ridge (and np.polyfit for lambda = 0), |w| to 3 significant figures;
    classification: newton-cg with C = 1/lambda, exact error counts."""
    rows = table(LAB9, "lambda      |w|   train J   test J")
    assert list(rows[:, 0]) == [0.0, 1e-6, 1e-4, 1e-2, 1.0, 100.0]
    P = PolynomialFeatures(10, include_bias=False).fit_transform(X_CURVE[:, None])
    for lam, norm, train, test in rows:
        if lam == 0:
            c = curve_fit(10)
            weights = c[::-1][1:] * P.std(axis=0)  # raw-power coefficients times sigma_k
            predict = lambda x, c=c: np.polyval(c, x)  # noqa: E731
        else:
            Z = scaled_poly(X_CURVE[:, None], 10)
            ridge = Ridge(alpha=lam, solver="svd").fit(Z, Y_CURVE)
            weights = ridge.coef_
            predict = lambda x, r=ridge: r.predict(  # noqa: E731
                scaled_poly(x[:, None], 10, X_fit=X_CURVE[:, None]))
        assert float(f"{np.linalg.norm(weights):.3g}") == norm
        close([train, test], [np.mean((predict(X_CURVE) - Y_CURVE) ** 2) / 2,
                              np.mean((predict(X_CURVE_TEST) - Y_CURVE_TEST) ** 2) / 2], 4)
    rows = table(LAB9, "lambda      |w|   train error   test error")
    assert list(rows[:, 0]) == [1e-4, 1e-2, 1.0, 10.0, 100.0]
    for lam, norm, train, test in rows:
        ref_train, ref_test, ref_norm = chips_errors(6, lam)
        assert float(f"{ref_norm:.3g}") == norm
        close([train, test], [ref_train, ref_test], 3)
