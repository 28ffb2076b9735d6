"""c1w2-linear-regression: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's closed-form fit, the textbook formulas and NumPy, computed here.
"""

import numpy as np
import pytest
from helpers import markdown
from references import descent_iterate, linear_cost
from sklearn.linear_model import LinearRegression

from utils.data import load_faithful

TEXT = markdown("c1w2-linear-regression")
FLAT = " ".join(TEXT.split())
X, Y = load_faithful()


def cost(w, b):
    return linear_cost(X, Y, w, b)


@pytest.fixture(scope="module")
def fit():
    return LinearRegression().fit(X[:, None], Y)


def test_gradient_descent_result_matches_the_closed_form_to_3_decimals(fit):
    w, b = fit.coef_[0], fit.intercept_
    assert f"w = {w:.3f}, b = {b:.3f}, cost = {cost(w, b):.3f}" in TEXT
    assert f"found $w = {w:.3f}$ minutes of wait per minute of eruption and $b = {b:.3f}$" in FLAT
    assert round(w) == 11, "'almost 11 minutes' per minute of eruption"


def test_predictions_match_scikit_learn(fit):
    for duration in (2.0, 4.5):
        wait = fit.predict([[duration]])[0]
        line = f"after a {duration}-minute eruption: the next one in about {wait:.1f} minutes"
        assert line in TEXT


def test_stated_costs_and_gradient_follow_the_formulas():
    assert f"cost at w = 0, b = 0: {cost(0, 0):.4f}" in TEXT
    assert f"cost at w = 10, b = 35: {cost(10, 35):.4f}" in TEXT
    err = -Y
    dj_dw, dj_db = np.mean(err * X), np.mean(err)
    assert f"dj_dw = {dj_dw:.3f}, dj_db = {dj_db:.3f}" in TEXT


def test_two_kinds_of_eruption():
    """Split at 3 minutes, where the scatter plot has its gap."""
    short = X < 3.0
    assert not np.any((X > 2.9) & (X < 3.0)), "the split falls in the gap"
    stated = (
        f"{short.sum()} short ones of about {X[short].mean():.1f} minutes, followed by waits of "
        f"about {Y[short].mean():.0f} minutes, and {(~short).sum()} long ones of about "
        f"{X[~short].mean():.1f} minutes, followed by waits of about {Y[~short].mean():.0f} minutes"
    )
    assert stated in FLAT


def test_best_slope_through_the_origin_is_much_steeper(fit):
    """With b = 0, dJ/dw = 0 gives w = sum(x y) / sum(x^2)."""
    w0 = np.sum(X * Y) / np.sum(X * X)
    assert w0 > 1.5 * fit.coef_[0]
    grid = np.linspace(0.0, 40.0, 81)
    assert abs(grid[np.argmin([cost(w, 0.0) for w in grid])] - w0) <= 0.25


def test_descent_history_as_described(fit):
    """alpha = 0.1 from w = b = 0: five steps bring the cost to 54.3; b needs about 600 steps
    to get within 0.1 of the closed form's intercept."""
    steps = 2000
    start = np.zeros(2)
    path = [descent_iterate(X[:, None], Y, 0.1, k, start) for k in range(1, steps + 1)]
    ws, bs = np.array([w[0] for w, _ in path]), np.array([b for _, b in path])
    assert f"the first five steps, to {cost(ws[4], bs[4]):.1f}" in FLAT
    first_close = int(np.argmax(np.abs(bs - fit.intercept_) < 0.1)) + 1
    assert 550 <= first_close <= 650, first_close
    assert "within 0.1 of its best value only after about 600 steps" in FLAT
    assert f"With $\\alpha = 0.1$ and {steps} steps" in FLAT


def test_more_than_a_dozen_eruptions_a_day():
    assert "erupts more than a dozen times a day" in FLAT
    assert 24 * 60 / Y.mean() > 12, "a day holds more than twelve average waits"
