"""c1w2-sklearn-linear-regression: the numbers its text states agree with independent
references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's SGDRegressor and LinearRegression re-fitted here, the normal
equation and the textbook formulas, all computed here. Each stated number is read from the
markdown and compared within a tolerance that matches the digits it is printed with (named in
each assertion).
"""

import re

import numpy as np
import pytest
from helpers import NUMBER, markdown, numbers_after, stated
from references import HOUSE, linear_cost
from sklearn.linear_model import SGDRegressor
from sklearn.preprocessing import StandardScaler

from utils.data import load_house_prices

X, Y, NAMES = load_house_prices()
M = len(Y)


@pytest.fixture(scope="module")
def sgd():
    scaler = StandardScaler().fit(X)
    return scaler, SGDRegressor(max_iter=1000, random_state=0).fit(scaler.transform(X), Y)


def test_sgd_regressor_results(sgd):
    text = markdown("c1w2-sklearn-linear-regression")
    scaler, model = sgd
    n_iter, t = stated(text, r"n_iter_ = " + NUMBER + r", weight updates: t_ = " + NUMBER)
    assert (n_iter, t) == (model.n_iter_, model.t_)
    coef = numbers_after(text, "coef_ (normalized features) = ")
    assert np.allclose(coef, model.coef_, rtol=0, atol=5e-4), "3 decimals"
    assert np.allclose(numbers_after(text, "intercept_ = "), model.intercept_, rtol=0, atol=5e-4)
    predictions = model.predict(scaler.transform(X[:4]))
    for i in range(4):
        (value,) = stated(text, rf"house {i}: predicted\s+" + NUMBER)
        assert abs(value - predictions[i]) <= 0.005, f"house {i}: 2 decimals"


def test_linear_regression_matches_the_normal_equation():
    text = markdown("c1w2-sklearn-linear-regression")
    A = np.column_stack([X, np.ones(M)])
    p = np.linalg.solve(A.T @ A, A.T @ Y)  # the normal equation
    assert np.allclose(numbers_after(text, "coef_ = "), p[:4], rtol=0, atol=5e-5), "5 decimals"
    (intercept,) = stated(text, r"\nintercept_ = " + NUMBER)
    assert abs(intercept - p[4]) <= 5e-5, "intercept to 5 decimals"
    r2 = 1 - np.sum((A @ p - Y) ** 2) / np.sum((Y - Y.mean()) ** 2)
    (stated_r2,) = stated(text, r"\nR\^2 = " + NUMBER)
    assert abs(stated_r2 - r2) <= 5e-5, "R^2 to 4 decimals"


def test_comparison_table(sgd, houses_fit):
    text = markdown("c1w2-sklearn-linear-regression")
    scaler, model = sgd
    w_sgd = model.coef_ / scaler.scale_
    b_sgd = model.intercept_[0] - np.sum(model.coef_ * scaler.mean_ / scaler.scale_)
    Z = scaler.transform(X)
    rows = {f"w[{name}]": (w_sgd[j], houses_fit.coef_[j], 5e-5) for j, name in enumerate(NAMES)}
    rows["b"] = (b_sgd, houses_fit.intercept_, 5e-5)
    rows["cost J"] = (
        linear_cost(Z, Y, model.coef_, model.intercept_[0]),
        linear_cost(X, Y, houses_fit.coef_, houses_fit.intercept_),
        0.005,
    )
    rows["R^2"] = (model.score(Z, Y), houses_fit.score(X, Y), 5e-5)
    rows["the house (k$)"] = (
        model.predict(scaler.transform([HOUSE]))[0],
        houses_fit.predict([HOUSE])[0],
        0.005,
    )
    for label, (sgd_value, closed_value, tol) in rows.items():
        got = stated(text, r"\n" + re.escape(label) + r"\s+" + NUMBER + r"\s+" + NUMBER)
        assert abs(got[0] - sgd_value) <= tol and abs(got[1] - closed_value) <= tol, label
    # the text: SGD agrees with the closed form to within 2 % on every weight
    assert np.all(np.abs(w_sgd / houses_fit.coef_ - 1) < 0.02)
