"""c1w2-feature-scaling: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn, the closed-form least-squares solution and the textbook formulas,
all computed here. Each stated number is read from the markdown and compared within a tolerance
that matches the digits it is printed with (named in each assertion).
"""

import math
import re

import numpy as np
from helpers import NUMBER, markdown, numbers_after, stated
from references import HOUSE, descent_iterate, linear_cost, normalized
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler

from utils.data import load_house_prices

X, Y, NAMES = load_house_prices()
M = len(Y)


def test_normalization_statistics():
    text = markdown("c1w2-feature-scaling")
    assert np.allclose(numbers_after(text, "mu    = "), X.mean(axis=0), rtol=0, atol=0.005)
    assert np.allclose(numbers_after(text, "sigma = "), X.std(axis=0), rtol=0, atol=0.005)
    ptp = np.ptp(normalized(X), axis=0)
    assert np.allclose(numbers_after(text, "peak to peak after:  "), ptp, rtol=0, atol=0.005)


def test_learning_rate_sweep_and_divergence_limit():
    text = markdown("c1w2-feature-scaling")
    Z = normalized(X)
    for alpha in (0.001, 0.01, 0.1, 1.0):
        w, b = descent_iterate(Z, Y, alpha, 300, np.zeros(5))
        (value,) = stated(text, rf"alpha = {alpha:<5}: cost after 300 steps = " + NUMBER)
        assert abs(value - linear_cost(Z, Y, w, b)) <= 0.005, f"alpha {alpha}: cost to 2 decimals"
    A = np.column_stack([Z, np.ones(M)])
    limit = 2 / np.linalg.eigvalsh(A.T @ A / M).max()
    assert 1.0 < limit < 1.2, "the text says the limit lies between 1.0 and 1.2"
    for steps in (1, 10, 50, 100):
        w, b = descent_iterate(Z, Y, 1.2, steps, np.zeros(5))
        (value,) = stated(text, rf"alpha = 1\.2: cost after\s+{steps} steps?\s+= " + NUMBER)
        assert math.isclose(value, linear_cost(Z, Y, w, b), rel_tol=1e-3), "4 significant digits"


def test_fitted_parameters_and_prediction_match_scikit_learn(houses_fit):
    text = markdown("c1w2-feature-scaling")
    normal = LinearRegression().fit(StandardScaler().fit_transform(X), Y)
    assert np.allclose(numbers_after(text, "w_norm = "), normal.coef_, rtol=0, atol=5e-5), (
        "5 decimals"
    )
    (b_norm,) = stated(text, r"b_norm = " + NUMBER)
    assert abs(b_norm - normal.intercept_) <= 5e-5, "b_norm to 5 decimals"
    for j, name in enumerate(NAMES):
        (w,) = stated(text, re.escape(f"w[{name:16}] = ") + r"\s*" + NUMBER)
        assert abs(w - houses_fit.coef_[j]) <= 5e-5, f"{name}: weight to 5 decimals"
    (b,) = stated(text, r"\nb = " + NUMBER + " k\\$")
    assert abs(b - houses_fit.intercept_) <= 5e-5, "intercept to 5 decimals"
    (price,) = stated(text, r"predicted price \(original units\):\s+" + NUMBER)
    assert abs(price - houses_fit.predict([HOUSE])[0]) <= 0.005, "prediction to 2 decimals"


def _two_weight_descent(F, alpha, steps, fit):
    """Gradient descent on w_0, w_1 only (the rest held at the least-squares fit ``fit``), from
    zero, in closed form: the error of (w_0, w_1) is multiplied by (I - alpha H) at each step,
    H = A^T A / m with A the two features. Returns (w_0, w_1), the cost and the diagonal of H."""
    w_best, b_best = fit.coef_, fit.intercept_
    A = F[:, :2]
    H = A.T @ A / M
    p_star = w_best[:2]
    p = p_star - np.linalg.matrix_power(np.eye(2) - alpha * H, steps) @ p_star
    return p, linear_cost(F, Y, np.concatenate([p, w_best[2:]]), b_best), np.diag(H), H


def test_cost_shape_before_and_after_scaling(houses_fit):
    text = markdown("c1w2-feature-scaling")
    flat = " ".join(text.split())
    normal_fit = LinearRegression().fit(normalized(X), Y)
    p_raw, cost_raw, curv_raw, H_raw = _two_weight_descent(X, 5e-8, 100, houses_fit)
    p_norm, cost_norm, curv_norm, _ = _two_weight_descent(normalized(X), 0.1, 100, normal_fit)
    assert f"raw:        curvature {curv_raw[0]:.4g} along w_0, {curv_raw[1]:.4g} along w_1" in text
    assert np.allclose(curv_norm, 1.0)
    assert f"about {curv_raw[0] / curv_raw[1] / 1e6:.1f} million times larger" in flat
    limit = 2 / np.linalg.eigvalsh(H_raw).max()
    assert "the limit is $6.4 \\times 10^{-8}$" in flat and round(limit * 1e8, 1) == 6.4
    for name, p, cost, fit in [
        ("raw:       ", p_raw, cost_raw, houses_fit),
        ("normalized:", p_norm, cost_norm, normal_fit),
    ]:
        line = (
            f"{name} after 100 steps w_0 = {p[0]:.5f}, w_1 = {p[1]:.5f} "
            f"(best {fit.coef_[0]:.5f}, {fit.coef_[1]:.5f}), cost {cost:.2f}"
        )
        assert line in text
    assert f"still {p_raw[1]:.5f}, against a best value of {houses_fit.coef_[1]:.2f}" in flat
    lowest = linear_cost(X, Y, houses_fit.coef_, houses_fit.intercept_)
    assert f"stuck at {cost_raw:.2f} instead of {lowest:.2f}" in flat
