"""c1w1-cost-function: the numbers its text states agree with independent references computed
here (the cost formula, and the closed-form least-squares line from scikit-learn).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. The tolerance of each check is the precision the text states: a reference value is
formatted with the same number of decimals and must appear verbatim.
"""

import numpy as np
import pytest
from helpers import markdown
from references import linear_cost

from utils.data import load_cats

X, Y = load_cats()
COST_TEXT = markdown("c1w1-cost-function")


def test_tiny_example_costs_follow_the_formula():
    x, y = np.array([2.0, 3.0, 3.5]), np.array([8.0, 12.0, 14.0])
    assert np.polyfit(x, y, 1) == pytest.approx([4.0, 0.0], abs=1e-12), "the points lie on y = 4x"
    for w in (3, 4, 5):
        assert f"J(w = {w}, b = 0) = {linear_cost(x, y, w, 0.0):.4f}" in COST_TEXT
    assert f"{25.25 / 6:.4f}" == f"{linear_cost(x, y, 3, 0.0):.4f}"


def test_cats_costs_of_the_three_guesses_follow_the_formula():
    for w, b in [(0, 10.6), (6, -6), (4, 0)]:
        assert f"w = {w}, b = {b}: J = {linear_cost(X, Y, w, b):.3f}" in COST_TEXT


def test_lowest_cost_with_b_zero_is_the_closed_form_to_the_grid_step():
    """With b = 0, dJ/dw = 0 gives w = sum(x y) / sum(x^2); the lab's grid has steps of 0.01."""
    w0 = np.sum(X * Y) / np.sum(X * X)
    J = linear_cost(X, Y, w0, 0.0)
    stated = f"with b = 0 the lowest cost is J = {J:.3f}, at w = {w0:.2f}"
    assert stated in COST_TEXT
    assert f"its lowest point is $J = {J:.3f}$ at\n  $w = {w0:.2f}$" in COST_TEXT


def test_lowest_point_of_the_grid_is_the_least_squares_line(cats_least_squares):
    """Stated to 3 decimals for J and 1 decimal for w and b (the grid's steps are 0.01)."""
    _, w, b = cats_least_squares
    J = linear_cost(X, Y, w, b)
    stated = f"lowest cost on the grid: J = {J:.3f} at w = {w:.1f}, b = {b:.1f}"
    assert stated in COST_TEXT
    assert f"near $w = {w:.1f}$ g/kg and $b = {b:.1f}$ g with $J = {J:.3f}$" in COST_TEXT
