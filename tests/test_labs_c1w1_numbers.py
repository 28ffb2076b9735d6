"""c1w1-cost-function and c1w1-gradient-descent: the numbers their text states agree with
independent references computed here (the cost formula, the closed-form least-squares line from
scikit-learn, and a vectorized gradient descent written in this file).

tests/labs/test_run.py checks that each notebook prints what its text states; this file checks
the text itself. The tolerance of each check is the precision the text states: a reference value is
formatted with the same number of decimals and must appear verbatim.
"""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.data import load_cats

SYLLABUS = load_syllabus()
X, Y = load_cats()


def markdown(lab_id: str) -> str:
    nb = cells.read_notebook(REPO_ROOT / SYLLABUS.lab(lab_id).notebook)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


COST_TEXT = markdown("c1w1-cost-function")
GD_TEXT = markdown("c1w1-gradient-descent")


def cost(x, y, w, b):
    return np.mean((w * x + b - y) ** 2) / 2


def gradient(w, b):
    err = w * X + b - Y
    return np.mean(err * X), np.mean(err)


def descend(alpha, num_iters, w=0.0, b=0.0):
    """Vectorized gradient descent from (w, b): the cost after each step."""
    costs = []
    for _ in range(num_iters):
        dj_dw, dj_db = gradient(w, b)
        w, b = w - alpha * dj_dw, b - alpha * dj_db
        costs.append(cost(X, Y, w, b))
    return w, b, np.array(costs)


@pytest.fixture(scope="module")
def least_squares():
    fit = LinearRegression().fit(X[:, None], Y)
    return fit, fit.coef_[0], fit.intercept_


# c1w1-cost-function


def test_tiny_example_costs_follow_the_formula():
    x, y = np.array([2.0, 3.0, 3.5]), np.array([8.0, 12.0, 14.0])
    assert np.polyfit(x, y, 1) == pytest.approx([4.0, 0.0], abs=1e-12), "the points lie on y = 4x"
    for w in (3, 4, 5):
        assert f"J(w = {w}, b = 0) = {cost(x, y, w, 0.0):.4f}" in COST_TEXT
    assert f"{25.25 / 6:.4f}" == f"{cost(x, y, 3, 0.0):.4f}"


def test_cats_costs_of_the_three_guesses_follow_the_formula():
    for w, b in [(0, 10.6), (6, -6), (4, 0)]:
        assert f"w = {w}, b = {b}: J = {cost(X, Y, w, b):.3f}" in COST_TEXT


def test_lowest_cost_with_b_zero_is_the_closed_form_to_the_grid_step():
    """With b = 0, dJ/dw = 0 gives w = sum(x y) / sum(x^2); the lab's grid has steps of 0.01."""
    w0 = np.sum(X * Y) / np.sum(X * X)
    stated = f"with b = 0 the lowest cost is J = {cost(X, Y, w0, 0.0):.3f}, at w = {w0:.2f}"
    assert stated in COST_TEXT
    assert f"its lowest point is $J = {cost(X, Y, w0, 0.0):.3f}$ at\n  $w = {w0:.2f}$" in COST_TEXT


def test_lowest_point_of_the_grid_is_the_least_squares_line(least_squares):
    """Stated to 3 decimals for J and 1 decimal for w and b (the grid's steps are 0.01)."""
    _, w, b = least_squares
    stated = f"lowest cost on the grid: J = {cost(X, Y, w, b):.3f} at w = {w:.1f}, b = {b:.1f}"
    assert stated in COST_TEXT
    J = cost(X, Y, w, b)
    assert f"near $w = {w:.1f}$ g/kg and $b = {b:.1f}$ g with $J = {J:.3f}$" in COST_TEXT


# c1w1-gradient-descent


def test_stated_gradients_follow_the_formula():
    for w, b in [(2, 1), (6, -2)]:
        dj_dw, dj_db = gradient(w, b)
        assert f"at w = {w}, b = {b}: dj_dw = {dj_dw:.3f}, dj_db = {dj_db:.3f}" in GD_TEXT


def test_gradient_descent_reaches_the_least_squares_line_to_4_decimals(least_squares):
    _, w, b = least_squares
    J = cost(X, Y, w, b)
    assert f"w = {w:.4f}, b = {b:.4f}, cost = {J:.4f} after 3000 iterations" in GD_TEXT
    assert f"np.polyfit: w = {w:.4f}, b = {b:.4f}" in GD_TEXT
    assert f"reach $w = {w:.4f}$ g/kg, $b = {b:.4f}$ g and $J = {J:.4f}$" in GD_TEXT


def test_stated_cost_history_matches_an_independent_descent(least_squares):
    """The text says the cost starts at 59.4, is about 1.05 at step 100, and from step 1000 on
    is within 1e-6 of its final value (alpha = 0.2, 3000 steps)."""
    assert f"drops from {cost(X, Y, 0.0, 0.0):.1f}" in GD_TEXT
    _, _, costs = descend(0.2, 3000)
    assert f"about {costs[99]:.2f} within the first 100 steps" in GD_TEXT
    assert np.all(costs[999:] - costs[-1] < 1e-6)
    assert "from iteration 1000 on it is within 0.000001 of its final value" in GD_TEXT


def test_predictions_match_scikit_learn(least_squares):
    fit, _, _ = least_squares
    for weight in (2.5, 3.0, 3.5):
        predicted = fit.predict([[weight]])[0]
        assert f"a {weight} kg cat: typical heart weight {predicted:.2f} g" in GD_TEXT


def test_divergence_with_a_learning_rate_of_0_25():
    """The cost after 10 steps (4 decimals), its growth factor per step (about 1.3), and the
    largest stable learning rate, 2 / (largest eigenvalue of the Hessian of J), about 0.23."""
    _, _, costs = descend(0.25, 10)
    assert f"iteration    9: cost {costs[-1]:10.4f}" in GD_TEXT
    ratios = costs[1:] / costs[:-1]
    assert np.all(ratios > 1.25) and np.all(ratios < 1.4), ratios
    assert "the cost multiplied by about 1.3 at every step" in GD_TEXT
    hessian = np.array([[np.mean(X * X), np.mean(X)], [np.mean(X), 1.0]])
    alpha_max = 2 / np.linalg.eigvalsh(hessian).max()
    assert f"any $\\alpha$ above about {alpha_max:.2f}" in GD_TEXT
    assert 0.2 < alpha_max < 0.25, "0.2 converges and 0.25 diverges, as the lab says"
