"""utils.maths: the formulas optional labs call."""

import numpy as np
from sklearn.linear_model import LinearRegression

from utils.maths import fit_least_squares, sigmoid


def test_sigmoid_is_finite_for_large_inputs():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        np.testing.assert_allclose(sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])


def test_sigmoid_keeps_the_shape_and_is_the_logistic_function():
    z = np.linspace(-5, 5, 12).reshape(3, 4)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)
    assert sigmoid(0.0) == 0.5


def test_least_squares_line_is_scikit_learns():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 30)
    y = 2.5 * x - 1 + rng.normal(0, 1, 30)
    fit = LinearRegression().fit(x[:, None], y)
    w, b = fit_least_squares(x, y)
    assert np.isclose(w, fit.coef_[0]) and np.isclose(b, fit.intercept_)
