"""c1w3-logistic-gradient-descent: the numbers its text states agree with independent
references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here: the textbook formulas, central differences of
scikit-learn's log_loss, and scikit-learn's LogisticRegression (newton-cg solver). Each test's
tolerance is half a unit of the last stated digit unless its docstring says otherwise.
"""

import re

import numpy as np
from helpers import NUMBER, assert_rounded, markdown, stated_line
from references import logistic_cost, sklearn_logistic
from scipy.special import expit

from utils import data

LAB6 = markdown("c1w3-logistic-gradient-descent")
X_TUMOURS, Y_TUMOURS = data.load_tumours()
MU, SIGMA = X_TUMOURS.mean(axis=0), X_TUMOURS.std(axis=0)
Z_TUMOURS = (X_TUMOURS - MU) / SIGMA


def test_data_cost_and_gradient_at_zero_follow_the_formulas():
    assert_rounded(stated_line(LAB6, "mean radius: mu = {}, sigma = {}"), [MU[0], SIGMA[0]], 3)
    assert_rounded(stated_line(LAB6, "mean texture: mu = {}, sigma = {}"), [MU[1], SIGMA[1]], 3)
    assert_rounded(stated_line(LAB6, "cost at w = 0, b = 0: {}"), np.log(2), 4)
    err = 0.5 - Y_TUMOURS
    assert_rounded(
        stated_line(LAB6, "dj_dw = [{}, {}], dj_db = {}\nloop and vectorized agree: True"),
        [*np.mean(err[:, None] * Z_TUMOURS, axis=0), np.mean(err)],
        4,
    )


def test_gradient_at_random_parameters_matches_finite_differences():
    """Central differences of scikit-learn's log_loss (error ~1e-10), to the 4 stated decimals."""
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=2), rng.normal()
    assert_rounded(stated_line(LAB6, "w = [{}, {}], b = {}\ndj_dw"), [*w, b], 4)
    h, grad = 1e-6, []
    for k in range(3):
        step = np.eye(3)[k] * h
        up = logistic_cost(Z_TUMOURS, Y_TUMOURS, w + step[:2], b + step[2])
        down = logistic_cost(Z_TUMOURS, Y_TUMOURS, w - step[:2], b - step[2])
        grad.append((up - down) / (2 * h))
    blocks = re.findall(r"dj_dw = \[" + NUMBER + ", " + NUMBER + r"\], dj_db = " + NUMBER, LAB6)
    assert_rounded(np.array(blocks[1], dtype=float), grad, 4)


def test_gradient_descent_reaches_scikit_learns_unregularized_fit():
    """Tolerance 1e-3 on w and b (stated to 3 decimals; 1000 steps converge to ~1e-6)."""
    ref = sklearn_logistic(Z_TUMOURS, Y_TUMOURS, 0.0)
    w, b = ref.coef_[0], ref.intercept_[0]
    values = stated_line(LAB6, "w = [{}, {}], b = {}, cost = {}")
    assert_rounded(values[:3], [*w, b], 3)
    assert_rounded(values[3], logistic_cost(Z_TUMOURS, Y_TUMOURS, w, b), 4)
    accuracy = ref.score(Z_TUMOURS, Y_TUMOURS)
    correct = int(round(accuracy * len(Y_TUMOURS)))
    assert f"train accuracy: {accuracy:.3f} ({correct} of 569 tumours)" in LAB6
    assert f"b = {b:.3f}$, cost {values[3]:.4f}, and classify {100 * accuracy:.1f} %" in LAB6


def test_interactive_descent_and_one_feature_minimum():
    """30 steps of alpha = 1 from (-2, 4), by hand; the minimum by scikit-learn (C = inf)."""
    x = Z_TUMOURS[:, :1]
    assert_rounded(
        stated_line(LAB6, "start: J = {}"), logistic_cost(x, Y_TUMOURS, np.array([-2.0]), 4.0), 4
    )
    w, b = -2.0, 4.0
    for _ in range(30):
        err = expit(w * x[:, 0] + b) - Y_TUMOURS
        w, b = w - np.mean(err * x[:, 0]), b - np.mean(err)
    values = stated_line(LAB6, "after 30 steps: w = {}, b = {}, J = {}")
    assert_rounded(values, [w, b, logistic_cost(x, Y_TUMOURS, np.array([w]), b)], [3, 3, 4])
    ref = sklearn_logistic(x, Y_TUMOURS, 0.0)
    w_min, b_min = ref.coef_[0, 0], ref.intercept_[0]
    cost_min = logistic_cost(x, Y_TUMOURS, ref.coef_[0], b_min)
    assert f"{cost_min:.4f} at $w = {w_min:.3f}$, $b = {b_min:.3f}$" in LAB6
