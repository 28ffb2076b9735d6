"""c1w1-gradient-descent: the numbers its text states agree with independent references computed
here (the cost and gradient formulas, the closed-form least-squares line from scikit-learn, and a
vectorized gradient descent written in this file).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. The tolerance of each check is the precision the text states: a reference value is
formatted with the same number of decimals and must appear verbatim.
"""

import numpy as np
from helpers import markdown
from references import linear_cost

from utils.data import load_cats

X, Y = load_cats()
GD_TEXT = markdown("c1w1-gradient-descent")


def gradient(w, b):
    err = w * X + b - Y
    return np.mean(err * X), np.mean(err)


def descend(alpha, num_iters, w=0.0, b=0.0):
    """Vectorized gradient descent from (w, b): the cost after each step."""
    costs = []
    for _ in range(num_iters):
        dj_dw, dj_db = gradient(w, b)
        w, b = w - alpha * dj_dw, b - alpha * dj_db
        costs.append(linear_cost(X, Y, w, b))
    return w, b, np.array(costs)


def test_stated_gradients_follow_the_formula():
    for w, b in [(2, 1), (6, -2)]:
        dj_dw, dj_db = gradient(w, b)
        assert f"at w = {w}, b = {b}: dj_dw = {dj_dw:.3f}, dj_db = {dj_db:.3f}" in GD_TEXT


def test_gradient_descent_reaches_the_least_squares_line_to_4_decimals(cats_least_squares):
    _, w, b = cats_least_squares
    J = linear_cost(X, Y, w, b)
    assert f"w = {w:.4f}, b = {b:.4f}, cost = {J:.4f} after 3000 iterations" in GD_TEXT
    assert f"np.polyfit: w = {w:.4f}, b = {b:.4f}" in GD_TEXT
    assert f"reach $w = {w:.4f}$ g/kg, $b = {b:.4f}$ g and $J = {J:.4f}$" in GD_TEXT


def test_stated_cost_history_matches_an_independent_descent():
    """The text says the cost starts at 59.4, is about 1.05 at step 100, and from step 1000 on
    is within 1e-6 of its final value (alpha = 0.2, 3000 steps)."""
    assert f"drops from {linear_cost(X, Y, 0.0, 0.0):.1f}" in GD_TEXT
    _, _, costs = descend(0.2, 3000)
    assert f"about {costs[99]:.2f} within the first 100 steps" in GD_TEXT
    assert np.all(costs[999:] - costs[-1] < 1e-6)
    assert "from iteration 1000 on it is within 0.000001 of its final value" in GD_TEXT


def test_predictions_match_scikit_learn(cats_least_squares):
    fit, _, _ = cats_least_squares
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
