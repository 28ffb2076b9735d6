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
