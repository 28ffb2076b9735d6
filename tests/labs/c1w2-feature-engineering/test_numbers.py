"""c1w2-feature-engineering: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's least-squares fits and the cost formula, computed here. Each
stated number is read from the markdown and compared within a tolerance that matches the digits
it is printed with (named in each assertion).
"""

import re

import numpy as np
import pytest
from helpers import NUMBER, markdown, numbers_after, stated
from numpy.polynomial import chebyshev
from references import descent_iterate, half_mse, linear_cost, normalized
from sklearn.linear_model import LinearRegression

from utils.data import load_house_prices

X, Y, _ = load_house_prices()


def test_polynomial_fits_match_scikit_learn():
    text = markdown("c1w2-feature-engineering")
    x = np.arange(0, 20, 1.0)
    y = 1 + x**2
    line = LinearRegression().fit(x[:, None], y)
    (line_cost,) = stated(text, r"line: cost = " + NUMBER)
    assert abs(line_cost - linear_cost(x[:, None], y, line.coef_, line.intercept_)) <= 0.005
    w_sq, b_sq, sq_cost = stated(
        text, r"x\^2 feature: f\(x\) = " + NUMBER + r" x\^2 \+ " + NUMBER + ", cost = " + NUMBER
    )
    square = LinearRegression().fit(x[:, None] ** 2, y)
    assert abs(w_sq - square.coef_[0]) <= 5e-5 and abs(b_sq - square.intercept_) <= 5e-5
    assert sq_cost <= 5e-5, "the x^2 model fits exactly"
    poly = np.column_stack([x, x**2, x**3])
    normal = LinearRegression().fit(normalized(poly), y)
    assert np.allclose(numbers_after(text, "w_norm = "), normal.coef_, rtol=0, atol=5e-4), (
        "3 decimals"
    )
    (b_norm,) = stated(text, r"b_norm = " + NUMBER)
    assert abs(b_norm - normal.intercept_) <= 5e-4, "b_norm to 3 decimals"
    raw = LinearRegression().fit(poly, y)
    assert np.allclose(numbers_after(text, "in original units: w = "), raw.coef_, rtol=0, atol=5e-4)
    (b,) = stated(text, r"in original units: w = \[[^\]]*\], b = " + NUMBER)
    assert abs(b - raw.intercept_) <= 5e-4, "b to 3 decimals"


def test_engineered_house_features_match_scikit_learn():
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
        (value,) = stated(text, re.escape(name) + r"\s*: cost = " + NUMBER)
        assert abs(value - linear_cost(Z, Y, fit.coef_, fit.intercept_)) <= 0.005, (
            f"{name}: 2 decimals"
        )
    fit = LinearRegression().fit(log_lot, Y)
    weight, doubling = stated(
        text, r"w\[log lot size\] = " + NUMBER + r" k\$, doubling the lot adds " + NUMBER
    )
    assert abs(weight - fit.coef_[0]) <= 0.005 and abs(doubling - fit.coef_[0] * np.log(2)) <= 0.005
    house = np.array([[np.log(6000.0), 3, 2, 2]])
    (price,) = stated(
        text, r"model B, a 6000 sq ft lot, 3 bedrooms, 2 bathrooms, 2 stories: " + NUMBER
    )
    assert abs(price - fit.predict(house)[0]) <= 0.005, "prediction to 2 decimals"


def test_target_against_each_candidate_feature():
    """R^2 of the least-squares line through y against each feature, by scikit-learn."""
    text = markdown("c1w2-feature-engineering")
    x = np.arange(0, 20, 1.0)
    y = 1 + x**2
    for name, feature in {"x  ": x, "x^2": x**2, "x^3": x**3}.items():
        r_squared = LinearRegression().fit(feature[:, None], y).score(feature[:, None], y)
        assert f"R^2 of a line through y against {name}: {r_squared:.4f}" in text
    assert LinearRegression().fit(x[:, None] ** 2, y).coef_[0] == pytest.approx(1.0)


def test_wave_fitted_with_thirteen_powers():
    """Least squares in a well-conditioned basis (Chebyshev polynomials of degree 13, the same
    space as the powers x..x^13 with an intercept) and gradient descent in closed form."""
    text = markdown("c1w2-feature-engineering")
    flat = " ".join(text.split())
    x = np.arange(0, 20, 1.0)
    y = np.cos(x / 2)
    u = x / 19 * 2 - 1
    coefficients = chebyshev.chebfit(u, y, 13)
    assert "least squares, closed form:    cost = 0.00000000" in text
    assert half_mse(y, chebyshev.chebval(u, coefficients)) < 5e-9
    x_dense = np.linspace(0, 19, 400)
    u_dense = x_dense / 19 * 2 - 1
    deviation = np.abs(chebyshev.chebval(u_dense, coefficients) - np.cos(x_dense / 2)).max()
    assert deviation < 1e-5 and "stays within 0.00001 of the cosine" in flat

    powers = np.column_stack([x**k for k in range(1, 14)])
    assert f"{np.ptp(powers[:, -1]):.1e}" == "4.2e+16" and "19^{13} \\approx 4.2" in flat
    Z = normalized(powers)
    A = np.column_stack([Z, np.ones(20)])
    limit = 2 / np.linalg.eigvalsh(A.T @ A / 20).max()
    assert round(limit, 2) == 0.17 and "above about 0.17 it diverges" in flat
    w, b = descent_iterate(Z, y, 0.1, 10000, np.zeros(14))
    assert f"gradient descent, 10000 steps: cost = {linear_cost(Z, y, w, b):.4f}" in text
    Z_dense = (np.column_stack([x_dense**k for k in range(1, 14)]) - powers.mean(0)) / powers.std(0)
    miss = np.abs(Z_dense @ w + b - np.cos(x_dense / 2)).max()
    assert f"misses the wave by up to {miss:.2f}" in flat
    assert f"still missed by {miss:.2f}" in flat
    w, b = descent_iterate(Z, y, 0.1, 1_000_000, np.zeros(14))
    assert (
        f"even after a million steps its cost would still be {linear_cost(Z, y, w, b):.4f}" in flat
    )
    correlation = np.corrcoef(powers[:, -2], powers[:, -1])[0, 1]
    assert f"$x^{{12}}$ and $x^{{13}}$ on these points is {correlation:.4f}" in flat
