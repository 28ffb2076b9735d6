"""Week 2 optional labs: the numbers their text states agree with independent references.

tests/labs/test_run.py checks that each notebook prints what its text states; this file checks
the text against scikit-learn, the closed-form least-squares solution and the textbook formulas,
all computed here. Each stated number is read from the markdown and compared within a tolerance that
matches the digits it is printed with (named in each assertion).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, SGDRegressor
from sklearn.preprocessing import StandardScaler

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.data import load_house_prices

SYLLABUS = load_syllabus()
NUM = r"(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)"
X, Y, NAMES = load_house_prices()
M = len(Y)
HOUSE = np.array([6000.0, 3, 2, 2])  # the house every lab prices: lot, bedrooms, bathrooms, stories


def markdown(lab_id: str) -> str:
    nb = cells.read_notebook(REPO_ROOT / SYLLABUS.lab(lab_id).notebook)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def stated(text: str, pattern: str) -> list[float]:
    """The numbers captured by ``pattern`` (use NUM for each) in the lab's text."""
    match = re.search(pattern, text)
    assert match, f"the text states nothing like {pattern!r}"
    return [float(g) for g in match.groups()]


def array(text: str, prefix: str) -> np.ndarray:
    """A printed NumPy vector ``prefix[a b c]`` of the text."""
    match = re.search(re.escape(prefix) + r"\s*\[([^\]]*)\]", text)
    assert match, f"the text states no vector after {prefix!r}"
    return np.array(match.group(1).split(), dtype=float)


def cost(F: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    return float(np.sum((F @ w + b - y) ** 2) / (2 * len(y)))


def descent_iterate(F, y, alpha, steps, p0):
    """Batch gradient descent after ``steps`` steps, in closed form: the error p - p* of the
    parameters p = (w, b) is multiplied by (I - alpha H) at each step, H = A^T A / m."""
    A = np.column_stack([F, np.ones(len(y))])
    H = A.T @ A / len(y)
    p_star = np.linalg.lstsq(A, y, rcond=None)[0]
    p = p_star + np.linalg.matrix_power(np.eye(len(p0)) - alpha * H, steps) @ (p0 - p_star)
    return p[:-1], p[-1]


def normalized(F):
    return (F - F.mean(axis=0)) / F.std(axis=0)


@pytest.fixture(scope="module")
def houses_fit():
    return LinearRegression().fit(X, Y)


# ----------------------------------------------------------------------------------------------
# c1w2-numpy-vectorization


def test_lab1_dot_product_of_the_million_element_vectors_is_the_exact_sum():
    text = markdown("c1w2-numpy-vectorization")
    rng = np.random.default_rng(0)
    rng.random(4)  # drawn earlier in the notebook
    a, b = rng.random(1_000_000), rng.random(1_000_000)
    exact = math.fsum(a * b)
    (value,) = stated(text, r"np\.dot: a \. b = " + NUM)
    assert abs(value - exact) <= 0.005, "dot product to 2 decimals"


# ----------------------------------------------------------------------------------------------
# c1w2-multiple-linear-regression

W_INIT, B_INIT = np.array([0.004, 5.0, 15.0, 5.0]), 10.0


def test_lab2_prediction_cost_and_gradient_follow_the_formulas():
    text = markdown("c1w2-multiple-linear-regression")
    (prediction,) = stated(text, r"np\.dot: f\(x\) = " + NUM)
    assert abs(prediction - (sum(W_INIT * X[0]) + B_INIT)) <= 0.005, "prediction to 2 decimals"
    (zero,) = stated(text, r"cost at w = 0, b = 0:\s+" + NUM)
    assert abs(zero - np.mean(Y**2) / 2) <= 0.005, "cost to 2 decimals"
    (guess,) = stated(text, r"cost at w = w_init, b = b_init:\s+" + NUM)
    assert abs(guess - cost(X, Y, W_INIT, B_INIT)) <= 0.005, "cost to 2 decimals"
    err = [sum(W_INIT * X[i]) + B_INIT - Y[i] for i in range(M)]
    dj_dw = [sum(err[i] * X[i, j] for i in range(M)) / M for j in range(4)]
    assert np.allclose(array(text, "dj_dw = "), dj_dw, rtol=0, atol=5e-5), "gradient, 4 decimals"
    (dj_db,) = stated(text, r"dj_db = " + NUM)
    assert abs(dj_db - sum(err) / M) <= 5e-5, "dj_db to 4 decimals"


def test_lab2_lowest_cost_and_best_parameters_match_scikit_learn(houses_fit):
    text = markdown("c1w2-multiple-linear-regression")
    assert np.allclose(array(text, "best w = "), houses_fit.coef_, rtol=0, atol=5e-5), "5 decimals"
    (b_best,) = stated(text, r"best b = " + NUM)
    assert abs(b_best - houses_fit.intercept_) <= 5e-5, "intercept to 5 decimals"
    lowest = cost(X, Y, houses_fit.coef_, houses_fit.intercept_)
    (stated_lowest,) = stated(text, r"lowest possible cost: " + NUM)
    assert abs(stated_lowest - lowest) <= 0.005, "lowest cost to 2 decimals"


def test_lab2_raw_gradient_descent_stalls_and_a_larger_rate_diverges(houses_fit):
    text = markdown("c1w2-multiple-linear-regression")
    w, b = descent_iterate(X, Y, 5e-8, 10000, np.zeros(5))
    line = r"w = \[([^\]]*)\], b = " + NUM + r", cost = " + NUM
    match = re.search(line, text)
    assert match, "the text states the result of gradient descent"
    assert np.allclose(np.array(match.group(1).split(), dtype=float), w, rtol=0, atol=5e-6)
    assert abs(float(match.group(2)) - b) <= 5e-6, "b to 5 decimals"
    stalled = float(match.group(3))
    assert abs(stalled - cost(X, Y, w, b)) <= 0.005, "cost to 2 decimals"
    assert stalled > 2 * cost(X, Y, houses_fit.coef_, houses_fit.intercept_)
    # alpha = 7e-8: the step matrix has an eigenvalue below -1, so the cost grows
    A = np.column_stack([X, np.ones(M)])
    assert 2 / np.linalg.eigvalsh(A.T @ A / M).max() < 7e-8
    w, b = descent_iterate(X, Y, 7e-8, 10, np.zeros(5))
    (tenth,) = stated(text, r"step     9: cost\s+" + NUM)
    assert abs(tenth - cost(X, Y, w, b)) <= 0.005, "cost to 2 decimals"


# ----------------------------------------------------------------------------------------------
# c1w2-feature-scaling


def test_lab3_normalization_statistics():
    text = markdown("c1w2-feature-scaling")
    assert np.allclose(array(text, "mu    = "), X.mean(axis=0), rtol=0, atol=0.005)
    assert np.allclose(array(text, "sigma = "), X.std(axis=0), rtol=0, atol=0.005)
    ptp = np.ptp(normalized(X), axis=0)
    assert np.allclose(array(text, "peak to peak after:  "), ptp, rtol=0, atol=0.005)


def test_lab3_learning_rate_sweep_and_divergence_limit():
    text = markdown("c1w2-feature-scaling")
    Z = normalized(X)
    for alpha in (0.001, 0.01, 0.1, 1.0):
        w, b = descent_iterate(Z, Y, alpha, 300, np.zeros(5))
        (value,) = stated(text, rf"alpha = {alpha:<5}: cost after 300 steps = " + NUM)
        assert abs(value - cost(Z, Y, w, b)) <= 0.005, f"alpha {alpha}: cost to 2 decimals"
    A = np.column_stack([Z, np.ones(M)])
    limit = 2 / np.linalg.eigvalsh(A.T @ A / M).max()
    assert 1.0 < limit < 1.2, "the text says the limit lies between 1.0 and 1.2"
    for steps in (1, 10, 50, 100):
        w, b = descent_iterate(Z, Y, 1.2, steps, np.zeros(5))
        (value,) = stated(text, rf"alpha = 1\.2: cost after\s+{steps} steps?\s+= " + NUM)
        assert math.isclose(value, cost(Z, Y, w, b), rel_tol=1e-3), "4 significant digits"


def test_lab3_fitted_parameters_and_prediction_match_scikit_learn(houses_fit):
    text = markdown("c1w2-feature-scaling")
    normal = LinearRegression().fit(StandardScaler().fit_transform(X), Y)
    assert np.allclose(array(text, "w_norm = "), normal.coef_, rtol=0, atol=5e-5), "5 decimals"
    (b_norm,) = stated(text, r"b_norm = " + NUM)
    assert abs(b_norm - normal.intercept_) <= 5e-5, "b_norm to 5 decimals"
    for j, name in enumerate(NAMES):
        (w,) = stated(text, re.escape(f"w[{name:16}] = ") + r"\s*" + NUM)
        assert abs(w - houses_fit.coef_[j]) <= 5e-5, f"{name}: weight to 5 decimals"
    (b,) = stated(text, r"\nb = " + NUM + " k\\$")
    assert abs(b - houses_fit.intercept_) <= 5e-5, "intercept to 5 decimals"
    (price,) = stated(text, r"predicted price \(original units\):\s+" + NUM)
    assert abs(price - houses_fit.predict([HOUSE])[0]) <= 0.005, "prediction to 2 decimals"


# ----------------------------------------------------------------------------------------------
# c1w2-feature-engineering


def test_lab4_polynomial_fits_match_scikit_learn():
    text = markdown("c1w2-feature-engineering")
    x = np.arange(0, 20, 1.0)
    y = 1 + x**2
    line = LinearRegression().fit(x[:, None], y)
    (line_cost,) = stated(text, r"line: cost = " + NUM)
    assert abs(line_cost - cost(x[:, None], y, line.coef_, line.intercept_)) <= 0.005
    w_sq, b_sq, sq_cost = stated(
        text, r"x\^2 feature: f\(x\) = " + NUM + r" x\^2 \+ " + NUM + ", cost = " + NUM
    )
    square = LinearRegression().fit(x[:, None] ** 2, y)
    assert abs(w_sq - square.coef_[0]) <= 5e-5 and abs(b_sq - square.intercept_) <= 5e-5
    assert sq_cost <= 5e-5, "the x^2 model fits exactly"
    poly = np.column_stack([x, x**2, x**3])
    normal = LinearRegression().fit(normalized(poly), y)
    assert np.allclose(array(text, "w_norm = "), normal.coef_, rtol=0, atol=5e-4), "3 decimals"
    (b_norm,) = stated(text, r"b_norm = " + NUM)
    assert abs(b_norm - normal.intercept_) <= 5e-4, "b_norm to 3 decimals"
    raw = LinearRegression().fit(poly, y)
    assert np.allclose(array(text, "in original units: w = "), raw.coef_, rtol=0, atol=5e-4)
    (b,) = stated(text, r"in original units: w = \[[^\]]*\], b = " + NUM)
    assert abs(b - raw.intercept_) <= 5e-4, "b to 3 decimals"


def test_lab4_engineered_house_features_match_scikit_learn():
    text = markdown("c1w2-feature-engineering")
    lot, bedrooms, bathrooms, stories = X.T
    log_lot = np.column_stack([np.log(lot), bedrooms, bathrooms, stories])
    models = {
        "A  raw features": X,
        "B  log lot size": log_lot,
        "C  plus lot size per bedroom": np.column_stack([X, lot / bedrooms]),
    }
    for name, features in models.items():
        Z = normalized(features)  # scaled, so that the least-squares solver is well conditioned
        fit = LinearRegression().fit(Z, Y)
        (value,) = stated(text, re.escape(name) + r"\s*: cost = " + NUM)
        assert abs(value - cost(Z, Y, fit.coef_, fit.intercept_)) <= 0.005, f"{name}: 2 decimals"
    fit = LinearRegression().fit(log_lot, Y)
    weight, doubling = stated(
        text, r"w\[log lot size\] = " + NUM + r" k\$, doubling the lot adds " + NUM
    )
    assert abs(weight - fit.coef_[0]) <= 0.005 and abs(doubling - fit.coef_[0] * np.log(2)) <= 0.005
    house = np.array([[np.log(6000.0), 3, 2, 2]])
    (price,) = stated(
        text, r"model B, a 6000 sq ft lot, 3 bedrooms, 2 bathrooms, 2 stories: " + NUM
    )
    assert abs(price - fit.predict(house)[0]) <= 0.005, "prediction to 2 decimals"


# ----------------------------------------------------------------------------------------------
# c1w2-sklearn-linear-regression


@pytest.fixture(scope="module")
def sgd():
    scaler = StandardScaler().fit(X)
    return scaler, SGDRegressor(max_iter=1000, random_state=0).fit(scaler.transform(X), Y)


def test_lab5_sgd_regressor_results(sgd):
    text = markdown("c1w2-sklearn-linear-regression")
    scaler, model = sgd
    n_iter, t = stated(text, r"n_iter_ = " + NUM + r", weight updates: t_ = " + NUM)
    assert (n_iter, t) == (model.n_iter_, model.t_)
    coef = array(text, "coef_ (normalized features) = ")
    assert np.allclose(coef, model.coef_, rtol=0, atol=5e-4), "3 decimals"
    assert np.allclose(array(text, "intercept_ = "), model.intercept_, rtol=0, atol=5e-4)
    predictions = model.predict(scaler.transform(X[:4]))
    for i in range(4):
        (value,) = stated(text, rf"house {i}: predicted\s+" + NUM)
        assert abs(value - predictions[i]) <= 0.005, f"house {i}: 2 decimals"


def test_lab5_linear_regression_matches_the_normal_equation():
    text = markdown("c1w2-sklearn-linear-regression")
    A = np.column_stack([X, np.ones(M)])
    p = np.linalg.solve(A.T @ A, A.T @ Y)  # the normal equation
    assert np.allclose(array(text, "coef_ = "), p[:4], rtol=0, atol=5e-5), "5 decimals"
    (intercept,) = stated(text, r"\nintercept_ = " + NUM)
    assert abs(intercept - p[4]) <= 5e-5, "intercept to 5 decimals"
    r2 = 1 - np.sum((A @ p - Y) ** 2) / np.sum((Y - Y.mean()) ** 2)
    (stated_r2,) = stated(text, r"\nR\^2 = " + NUM)
    assert abs(stated_r2 - r2) <= 5e-5, "R^2 to 4 decimals"


def test_lab5_comparison_table(sgd, houses_fit):
    text = markdown("c1w2-sklearn-linear-regression")
    scaler, model = sgd
    w_sgd = model.coef_ / scaler.scale_
    b_sgd = model.intercept_[0] - np.sum(model.coef_ * scaler.mean_ / scaler.scale_)
    Z = scaler.transform(X)
    rows = {f"w[{name}]": (w_sgd[j], houses_fit.coef_[j], 5e-5) for j, name in enumerate(NAMES)}
    rows["b"] = (b_sgd, houses_fit.intercept_, 5e-5)
    rows["cost J"] = (
        cost(Z, Y, model.coef_, model.intercept_[0]),
        cost(X, Y, houses_fit.coef_, houses_fit.intercept_),
        0.005,
    )
    rows["R^2"] = (model.score(Z, Y), houses_fit.score(X, Y), 5e-5)
    rows["the house (k$)"] = (
        model.predict(scaler.transform([HOUSE]))[0],
        houses_fit.predict([HOUSE])[0],
        0.005,
    )
    for label, (sgd_value, closed_value, tol) in rows.items():
        got = stated(text, r"\n" + re.escape(label) + r"\s+" + NUM + r"\s+" + NUM)
        assert abs(got[0] - sgd_value) <= tol and abs(got[1] - closed_value) <= tol, label
    # the text: SGD agrees with the closed form to within 2 % on every weight
    assert np.all(np.abs(w_sgd / houses_fit.coef_ - 1) < 0.02)
