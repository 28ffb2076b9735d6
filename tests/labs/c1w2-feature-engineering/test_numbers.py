"""c1w2-feature-engineering: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's least-squares fits and the cost formula, computed here. Each
stated number is read from the markdown and compared within a tolerance that matches the digits
it is printed with (named in each assertion).
"""

import re

import numpy as np
from helpers import NUMBER, markdown, numbers_after, stated
from references import linear_cost, normalized
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
