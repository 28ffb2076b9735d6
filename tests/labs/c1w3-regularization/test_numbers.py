"""c1w3-regularization: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here: the textbook formulas, the normal equations,
scikit-learn (LogisticRegression with the newton-cg solver, Ridge) and np.polyfit. Each test's
tolerance is half a unit of the last stated digit unless its docstring says otherwise.
"""

import re
from functools import partial

import numpy as np
from helpers import NUMBER, assert_rounded, markdown, stated_line, table_after
from references import logistic_cost, polynomial_logistic_errors, scaled_poly, sklearn_logistic
from scipy.special import expit
from sklearn.linear_model import Ridge
from sklearn.preprocessing import PolynomialFeatures

from utils import data

LAB9 = markdown("c1w3-regularization")
X_CURVE, Y_CURVE = data.make_curve()
X_CURVE_TEST, Y_CURVE_TEST = data.make_curve(m=200, seed=7)
X_CHIPS, Y_CHIPS = data.make_microchips()
X_CHIPS_TEST, Y_CHIPS_TEST = data.make_microchips(m=1000, seed=2)
# Train error, test error and |w| of logistic regression on polynomial features of the chips
chips_errors = partial(polynomial_logistic_errors, X_CHIPS, Y_CHIPS, X_CHIPS_TEST, Y_CHIPS_TEST)


def seeded_example():
    rng = np.random.default_rng(0)
    X = rng.random((5, 6))
    w = rng.random(6) - 0.5
    return X, np.array([0.0, 1.0, 0.0, 1.0, 0.0]), w, 0.5, 0.7


def regularized_block(text, first_line):
    block = text.split(first_line, 1)[1].split("```", 1)[0]
    return np.array(re.findall(NUMBER, block), dtype=float)


def test_regularized_costs_and_gradients_on_the_seeded_example():
    """Costs by scikit-learn's metrics plus the penalty; gradients by the closed formulas."""
    X, y, w, b, lam = seeded_example()
    m = len(y)
    err = X @ w + b - y
    cost = np.mean(err**2) / 2 + lam * w @ w / (2 * m)
    values = regularized_block(LAB9, "regularized cost: ")
    assert_rounded(values, [cost, err.mean(), *(X.T @ err / m + lam * w / m)], 6)
    err = expit(X @ w + b) - y
    cost = logistic_cost(X, y, w, b, lam)
    blocks = LAB9.split("regularized cost: ")
    values = np.array(re.findall(NUMBER, blocks[2].split("```", 1)[0]), dtype=float)
    assert_rounded(values, [cost, err.mean(), *(X.T @ err / m + lam * w / m)], 6)


def test_ridge_alpha_equals_lambda():
    """Stated GD and Ridge weights vs the normal equations of the course's cost (lambda = 1)."""
    Z = scaled_poly(X_CURVE[:, None], 6)
    A = np.column_stack([Z, np.ones(len(Y_CURVE))])
    theta = np.linalg.solve(A.T @ A + np.diag([1.0] * 6 + [0.0]), A.T @ Y_CURVE)
    ridge = Ridge(alpha=1.0).fit(Z, Y_CURVE)
    np.testing.assert_allclose(ridge.coef_, theta[:6], atol=1e-10)
    for line in ("gradient descent: w = [", "Ridge(alpha=1):   w = ["):
        assert_rounded(regularized_block(LAB9, line)[:7], theta, 4)


def test_logistic_c_equals_one_over_lambda():
    """Stated GD and LogisticRegression weights vs newton-cg with C = 1/lambda, lambda = 1."""
    Z = scaled_poly(X_CHIPS, 6)
    ref = sklearn_logistic(Z, Y_CHIPS, 1.0)
    order = [0, 1, 2, 3]  # x1, x2, x1^2, x1 x2: the same first four in both feature orders
    expected = [*ref.coef_[0, order], ref.intercept_[0]]
    for line in ("gradient descent:          w[:4] = [", "LogisticRegression(C=1):   w[:4] = ["):
        assert_rounded(regularized_block(LAB9, line)[:5], expected, 4)
    cost = logistic_cost(Z, Y_CHIPS, ref.coef_[0], ref.intercept_[0], 1.0)
    assert_rounded(stated_line(LAB9, "cost at the minimum: {}"), cost, 4)


def test_lambda_sweeps():
    """Regression: Ridge (and np.polyfit for lambda = 0), |w| to 3 significant figures;
    classification: newton-cg with C = 1/lambda, exact error counts."""
    rows = table_after(LAB9, "lambda      |w|   train J   test J")
    assert list(rows[:, 0]) == [0.0, 1e-6, 1e-4, 1e-2, 1.0, 100.0]
    P = PolynomialFeatures(10, include_bias=False).fit_transform(X_CURVE[:, None])
    for lam, norm, train, test in rows:
        if lam == 0:
            c = np.polyfit(X_CURVE, Y_CURVE, 10)
            weights = c[::-1][1:] * P.std(axis=0)  # raw-power coefficients times sigma_k
            predict = lambda x, c=c: np.polyval(c, x)  # noqa: E731
        else:
            Z = scaled_poly(X_CURVE[:, None], 10)
            ridge = Ridge(alpha=lam, solver="svd").fit(Z, Y_CURVE)
            weights = ridge.coef_
            predict = lambda x, r=ridge: r.predict(  # noqa: E731
                scaled_poly(x[:, None], 10, X_fit=X_CURVE[:, None])
            )
        assert float(f"{np.linalg.norm(weights):.3g}") == norm
        assert_rounded(
            [train, test],
            [
                np.mean((predict(X_CURVE) - Y_CURVE) ** 2) / 2,
                np.mean((predict(X_CURVE_TEST) - Y_CURVE_TEST) ** 2) / 2,
            ],
            4,
        )
    rows = table_after(LAB9, "lambda      |w|   train error   test error")
    assert list(rows[:, 0]) == [1e-4, 1e-2, 1.0, 10.0, 100.0]
    for lam, norm, train, test in rows:
        ref_train, ref_test, ref_norm = chips_errors(6, lam)
        assert float(f"{ref_norm:.3g}") == norm
        assert_rounded([train, test], [ref_train, ref_test], 3)
