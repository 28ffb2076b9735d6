"""c1w3-overfitting: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here: np.polyfit's least-squares polynomials and
scikit-learn's LogisticRegression (newton-cg solver) on its PolynomialFeatures. Each test's
tolerance is half a unit of the last stated digit unless its docstring says otherwise.
"""

from functools import partial

import numpy as np
from helpers import assert_rounded, markdown, stated_line, table_after
from references import polynomial_logistic_errors

from utils import data

LAB8 = markdown("c1w3-overfitting")
X_CURVE, Y_CURVE = data.make_curve()
X_CURVE_TEST, Y_CURVE_TEST = data.make_curve(m=200, seed=7)
X_CHIPS, Y_CHIPS = data.make_microchips()
X_CHIPS_TEST, Y_CHIPS_TEST = data.make_microchips(m=1000, seed=2)
# Train error, test error and |w| of logistic regression on polynomial features of the chips
chips_errors = partial(polynomial_logistic_errors, X_CHIPS, Y_CHIPS, X_CHIPS_TEST, Y_CHIPS_TEST)


def curve_fit(degree, x=X_CURVE, y=Y_CURVE):
    """Least-squares polynomial coefficients by np.polyfit (highest power first)."""
    return np.polyfit(x, y, degree)


def curve_cost(coefficients, x, y):
    return np.mean((np.polyval(coefficients, x) - y) ** 2) / 2


def test_regression_costs_are_the_least_squares_polynomials():
    for degree in (1, 2, 10):
        cost = curve_cost(curve_fit(degree), X_CURVE, Y_CURVE)
        assert_rounded(stated_line(LAB8, f"degree {degree:2d}: train cost J = {{}}"), cost, 4)
    rows = table_after(LAB8, "degree   train J    test J")
    for degree, train, test in rows:
        c = curve_fit(int(degree))
        assert_rounded(
            [train, test],
            [curve_cost(c, X_CURVE, Y_CURVE), curve_cost(c, X_CURVE_TEST, Y_CURVE_TEST)],
            4,
        )
    assert list(rows[:, 0]) == [1, 2, 4, 6, 8, 10]


def test_classification_errors_match_scikit_learn():
    """newton-cg on scikit-learn's polynomial features, lambda = 1e-4 (C = 1e4); exact counts."""
    accepted = int(Y_CHIPS.sum())
    assert f"X_train: (118, 2), {accepted} accepted, {118 - accepted} rejected" in LAB8
    for degree in (1, 2, 6):
        train, _, _ = chips_errors(degree, 1e-4)
        n = degree * (degree + 3) // 2
        assert f"degree {degree}: {n:2d} features, train error {train:.3f}" in LAB8
    rows = table_after(LAB8, "degree   train error   test error")
    for degree, train, test in rows:
        assert_rounded([train, test], chips_errors(int(degree), 1e-4)[:2], 3)
    assert list(rows[:, 0]) == [1, 2, 3, 4, 6, 8]


def test_one_added_point_moves_the_overfit_curve():
    x, y = np.append(X_CURVE, 0.5), np.append(Y_CURVE, 0.3)
    for degree in (10, 2):
        moved = abs(np.polyval(curve_fit(degree, x, y), 0.05) - np.polyval(curve_fit(degree), 0.05))
        assert_rounded(stated_line(LAB8, f"degree {degree:2d}: f(0.05) moved by {{}}"), moved, 3)


def test_the_noise_floors_are_the_true_rules_test_errors():
    """The curve's and the chips' formulas without their noise (the docstrings of make_curve and
    make_microchips), scored on the held-out points, and the fitted models measured against them."""
    y_true = 0.5 + 1.5 * X_CURVE_TEST - 1.2 * X_CURVE_TEST**2
    true_cost = np.mean((y_true - Y_CURVE_TEST) ** 2) / 2
    assert_rounded(stated_line(LAB8, "true curve: test J = {}"), true_cost, 4)
    assert "$0.12^2 / 2 = 0.0072$" in LAB8
    assert true_cost < 0.12**2 / 2
    degree_2 = curve_cost(curve_fit(2), X_CURVE_TEST, Y_CURVE_TEST)
    tests = {d: curve_cost(curve_fit(d), X_CURVE_TEST, Y_CURVE_TEST) for d in (1, 2, 4, 6, 8, 10)}
    assert min(tests, key=tests.get) == 2
    assert 0 < degree_2 - true_cost <= 0.0004 + 0.5e-4
    assert "comes within 0.0004 of it" in LAB8

    x1, x2 = X_CHIPS_TEST[:, 0], X_CHIPS_TEST[:, 1]
    inside = x1**2 / 0.55 + (x2 - 0.1) ** 2 / 0.45 + 0.35 * x1 * x2 < 1
    floor = np.mean(inside != (Y_CHIPS_TEST == 1))
    assert_rounded(stated_line(LAB8, "true ellipse: test error {}"), floor, 3)
    wrong = {d: round(chips_errors(d, 1e-4)[1] * 1000) for d in (1, 2, 3, 4, 6, 8)}
    assert min(wrong, key=wrong.get) == 3 and wrong[3] == round(floor * 1000)
    assert wrong[2] - wrong[3] == wrong[4] - wrong[3] == 5
    assert "degrees 2 and 4 five chips in 1000 behind" in LAB8
    assert "misses it\nby five chips" in LAB8
    assert all(wrong[d] > wrong[4] for d in (6, 8))
    assert "2 for the curve, 2 or 3 for the microchips" in LAB8
