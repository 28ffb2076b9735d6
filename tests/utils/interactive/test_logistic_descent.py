"""utils.interactive.logistic_descent driven without a browser: contour clicks, the button."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from utils import data
from utils.interactive.base import click
from utils.interactive.logistic_descent import LogisticDescentExplorer, cost, gradient

RADIUS, Y = data.load_tumours(("mean radius",))
X = (RADIUS[:, 0] - RADIUS[:, 0].mean()) / RADIUS[:, 0].std()


def log_loss_cost(w, b):
    """The textbook cost -mean(y log f + (1 - y) log(1 - f)), as a reference."""
    f = 1 / (1 + np.exp(-(w * X + b)))
    return -np.mean(Y * np.log(f) + (1 - Y) * np.log(1 - f))


@pytest.fixture
def tool():
    explorer = LogisticDescentExplorer(X, Y, start=(-2.0, 4.0), alpha=1.0, steps=10)
    yield explorer
    plt.close(explorer.fig)


def test_cost_and_gradient_follow_the_formulas():
    for w, b in [(0.0, 0.0), (-2.0, 4.0), (3.6, -0.6)]:
        assert cost(X, Y, w, b) == pytest.approx(log_loss_cost(w, b), rel=1e-12)
        h = 1e-6  # central differences: error of order h^2
        dw = (log_loss_cost(w + h, b) - log_loss_cost(w - h, b)) / (2 * h)
        db = (log_loss_cost(w, b + h) - log_loss_cost(w, b - h)) / (2 * h)
        assert gradient(X, Y, w, b) == pytest.approx((dw, db), abs=1e-7)
    W, B = np.meshgrid([0.0, 1.0], [2.0, -1.0, 0.5])
    np.testing.assert_allclose(cost(X, Y, W, B), np.vectorize(log_loss_cost)(W, B), rtol=1e-12)


def test_a_click_on_the_contour_sets_the_start_and_every_view_follows(tool):
    click(tool.fig, tool.ax_contour, 1.5, -2.0)
    assert (tool.w, tool.b) == pytest.approx((1.5, -2.0), abs=1e-6)
    J = log_loss_cost(tool.w, tool.b)
    np.testing.assert_allclose(tool.path, [[tool.w, tool.b]])
    np.testing.assert_allclose(tool.history, [J])
    np.testing.assert_allclose(np.array(tool.path_line.get_data()).T, tool.path)
    np.testing.assert_allclose(np.ravel(tool.surface_point.get_data_3d()), [tool.w, tool.b, J])
    xs, ys = tool.curve.get_data()
    np.testing.assert_allclose(ys, 1 / (1 + np.exp(-(tool.w * xs + tool.b))))
    assert tool.ax_history.get_title() == f"after 0 steps: J = {J:.4f}"


def test_a_click_elsewhere_changes_nothing(tool):
    click(tool.fig, tool.ax_history, 0.0, 1.0)
    assert (tool.w, tool.b) == (-2.0, 4.0)


def test_the_button_runs_gradient_descent_and_the_cost_history_falls(tool):
    click(tool.fig, tool.ax_contour, 0.0, 3.0)
    tool.steps.value = 25
    tool.run.click()
    assert tool.history.size == 26 and tool.path.shape == (26, 2)
    assert np.all(np.diff(tool.history) < 0)
    w, b = tool.path[0]  # the same steps, by hand
    for _ in range(25):
        err = 1 / (1 + np.exp(-(w * X + b))) - Y
        w, b = w - np.mean(err * X), b - np.mean(err)
    assert (tool.w, tool.b) == pytest.approx((w, b), rel=1e-9)
    assert tool.history[-1] == pytest.approx(log_loss_cost(w, b), rel=1e-12)
    steps, costs = tool.history_line.get_data()
    np.testing.assert_array_equal(steps, np.arange(26))
    np.testing.assert_allclose(costs, tool.history)
    path_w, path_b, path_j = tool.surface_path.get_data_3d()
    np.testing.assert_allclose(np.column_stack([path_w, path_b]), tool.path)
    np.testing.assert_allclose(path_j, tool.history)
    assert tool.ax_history.get_ylim()[1] >= tool.history[0]  # the axes rescaled to the history
    tool.run.click()  # a second press continues from the end of the path
    assert tool.history.size == 51 and tool.history[-1] < costs[-1]


def test_enough_steps_reach_scikit_learns_minimum(tool):
    """Unregularized scikit-learn fit (C=inf); 400 steps of alpha = 2 agree to 1e-4."""
    tool.alpha.value, tool.steps.value = 2.0, 200
    tool.run.click()
    tool.run.click()
    reference = LogisticRegression(C=np.inf, tol=1e-10).fit(X[:, None], Y)
    assert tool.w == pytest.approx(reference.coef_[0, 0], abs=1e-4)
    assert tool.b == pytest.approx(reference.intercept_[0], abs=1e-4)
    assert tool.ax_contour.get_title() == f"w = {tool.w:.3f}, b = {tool.b:.3f}"
