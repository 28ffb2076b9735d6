"""c1w2-multiple-linear-regression: the numbers its text states agree with independent
references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn, the closed-form least-squares solution and the textbook formulas,
all computed here. Each stated number is read from the markdown and compared within a tolerance
that matches the digits it is printed with (named in each assertion).
"""

import re

import numpy as np
from helpers import NUMBER, markdown, numbers_after, stated
from references import descent_iterate, linear_cost
from sklearn.metrics import r2_score

from utils.data import load_house_prices

X, Y, _ = load_house_prices()
M = len(Y)
W_INIT, B_INIT = np.array([0.004, 5.0, 15.0, 5.0]), 10.0


def test_prediction_cost_and_gradient_follow_the_formulas():
    text = markdown("c1w2-multiple-linear-regression")
    (prediction,) = stated(text, r"np\.dot: f\(x\) = " + NUMBER)
    assert abs(prediction - (sum(W_INIT * X[0]) + B_INIT)) <= 0.005, "prediction to 2 decimals"
    (zero,) = stated(text, r"cost at w = 0, b = 0:\s+" + NUMBER)
    assert abs(zero - np.mean(Y**2) / 2) <= 0.005, "cost to 2 decimals"
    (guess,) = stated(text, r"cost at w = w_init, b = b_init:\s+" + NUMBER)
    assert abs(guess - linear_cost(X, Y, W_INIT, B_INIT)) <= 0.005, "cost to 2 decimals"
    err = [sum(W_INIT * X[i]) + B_INIT - Y[i] for i in range(M)]
    dj_dw = [sum(err[i] * X[i, j] for i in range(M)) / M for j in range(4)]
    assert np.allclose(numbers_after(text, "dj_dw = "), dj_dw, rtol=0, atol=5e-5), (
        "gradient, 4 decimals"
    )
    (dj_db,) = stated(text, r"dj_db = " + NUMBER)
    assert abs(dj_db - sum(err) / M) <= 5e-5, "dj_db to 4 decimals"


def test_lowest_cost_and_best_parameters_match_scikit_learn(houses_fit):
    text = markdown("c1w2-multiple-linear-regression")
    assert np.allclose(numbers_after(text, "best w = "), houses_fit.coef_, rtol=0, atol=5e-5), (
        "5 decimals"
    )
    (b_best,) = stated(text, r"best b = " + NUMBER)
    assert abs(b_best - houses_fit.intercept_) <= 5e-5, "intercept to 5 decimals"
    lowest = linear_cost(X, Y, houses_fit.coef_, houses_fit.intercept_)
    (stated_lowest,) = stated(text, r"lowest possible cost: " + NUMBER)
    assert abs(stated_lowest - lowest) <= 0.005, "lowest cost to 2 decimals"


def test_raw_gradient_descent_stalls_and_a_larger_rate_diverges(houses_fit):
    text = markdown("c1w2-multiple-linear-regression")
    w, b = descent_iterate(X, Y, 5e-8, 10000, np.zeros(5))
    line = r"w = \[([^\]]*)\], b = " + NUMBER + r", cost = " + NUMBER
    match = re.search(line, text)
    assert match, "the text states the result of gradient descent"
    assert np.allclose(np.array(match.group(1).split(), dtype=float), w, rtol=0, atol=5e-6)
    assert abs(float(match.group(2)) - b) <= 5e-6, "b to 5 decimals"
    stalled = float(match.group(3))
    assert abs(stalled - linear_cost(X, Y, w, b)) <= 0.005, "cost to 2 decimals"
    assert stalled > 2 * linear_cost(X, Y, houses_fit.coef_, houses_fit.intercept_)
    # alpha = 7e-8: the step matrix has an eigenvalue below -1, so the cost grows
    A = np.column_stack([X, np.ones(M)])
    assert 2 / np.linalg.eigvalsh(A.T @ A / M).max() < 7e-8
    w, b = descent_iterate(X, Y, 7e-8, 10, np.zeros(5))
    (tenth,) = stated(text, r"step     9: cost\s+" + NUMBER)
    assert abs(tenth - linear_cost(X, Y, w, b)) <= 0.005, "cost to 2 decimals"


def test_predictions_against_actual_prices(houses_fit):
    """R^2 by scikit-learn's r2_score, of the stalled descent (closed form) and the best fit."""
    text = markdown("c1w2-multiple-linear-regression")
    flat = " ".join(text.split())
    w, b = descent_iterate(X, Y, 5e-8, 10000, np.zeros(5))
    models = {
        "gradient descent, 10000 steps:": X @ w + b,
        "lowest cost:                  ": houses_fit.predict(X),
    }
    for name, predicted in models.items():
        close = np.mean(np.abs(predicted - Y) <= 20)
        line = (
            f"{name} R^2 = {r2_score(Y, predicted):.2f}, "
            f"within 20 k$ of the price: {close:.0%} of the houses"
        )
        assert line in text
    best = models["lowest cost:                  "]
    expensive = Y > 100
    below = int(np.sum(best[expensive] < Y[expensive]))
    stated_below = (
        f"of the {expensive.sum()} houses sold for more than 100 k\\$, the best model prices "
        f"{below} below"
    )
    assert stated_below in flat
    assert below > 0.8 * expensive.sum(), "'too low for most expensive houses'"
    assert f"($R^2 = {r2_score(Y, best):.2f}$)" in flat
    assert f"($R^2 = {r2_score(Y, models['gradient descent, 10000 steps:']):.2f}$)" in flat


def test_loop_and_vectorized_forms_agree_with_the_formula():
    """The loops and the vectorized forms print the same cost; the formula gives it here."""
    text = markdown("c1w2-multiple-linear-regression")
    cost = linear_cost(X, Y, W_INIT, B_INIT)
    assert f"the same with the loop:         {cost:.2f}, equal: True" in text
    assert "the loops give the same gradient: True" in text
