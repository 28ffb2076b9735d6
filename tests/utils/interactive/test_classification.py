"""utils.interactive.classification driven without a browser: clicks, the Reset button, sliders."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.interactive.base import click
from utils.interactive.classification import SigmoidExplorer, ThresholdExplorer

X0 = np.array([10.0, 11.0, 12.5, 13.0, 15.0, 17.0, 18.5, 20.0])
Y0 = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])


@pytest.fixture
def tool():
    explorer = ThresholdExplorer(X0, Y0, xlim=(5.0, 60.0))
    yield explorer
    plt.close(explorer.fig)


def reference(x, y):
    """Slope, intercept and 0.5 threshold of the least-squares line, by np.polyfit."""
    w, b = np.polyfit(x, y, 1)
    return w, b, (0.5 - b) / w


def drawn_points(tool):
    """The (x, y) examples read back from the two scatter collections, sorted."""
    points = np.vstack([tool.ones.get_offsets(), tool.zeros.get_offsets()])
    return points[np.lexsort((points[:, 1], points[:, 0]))]


def assert_drawn_as_least_squares(tool, x, y):
    w, b, threshold = reference(x, y)
    assert tool.w == pytest.approx(w) and tool.b == pytest.approx(b)
    assert tool.threshold == pytest.approx(threshold)
    xs, ys = tool.line.get_data()
    np.testing.assert_allclose(ys, w * np.asarray(xs) + b, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(tool.threshold_line.get_xdata(), [threshold, threshold])
    order = np.lexsort((y, x))
    np.testing.assert_allclose(drawn_points(tool), np.column_stack([x, y])[order])
    wrong = (w * x + b >= 0.5) != (y == 1)
    np.testing.assert_allclose(tool.wrong.get_offsets(), np.column_stack([x, y])[wrong])
    assert f"threshold x = {threshold:.2f}" in tool.status.get_text()
    assert f"misclassified: {wrong.sum()} of {x.size}" in tool.status.get_text()


def test_the_starting_examples_are_fitted_and_drawn(tool):
    assert_drawn_as_least_squares(tool, X0, Y0)
    assert tool.misclassified().sum() == 0


def test_a_click_above_the_dotted_line_adds_a_malignant_tumour_and_moves_the_threshold(tool):
    before = tool.threshold
    click(tool.fig, tool.ax, 50.0, 0.9)
    x, y = np.append(X0, 50.0), np.append(Y0, 1.0)
    np.testing.assert_allclose(tool.x, x, atol=1e-6)
    np.testing.assert_array_equal(tool.y, y)
    assert_drawn_as_least_squares(tool, tool.x, y)
    assert tool.threshold > before + 1.0  # the far tumour drags the threshold right


def test_a_click_below_the_dotted_line_adds_a_benign_tumour(tool):
    click(tool.fig, tool.ax, 14.0, 0.1)
    assert tool.y[-1] == 0.0 and tool.x[-1] == pytest.approx(14.0, abs=1e-6)
    assert_drawn_as_least_squares(tool, tool.x, np.append(Y0, 0.0))


def test_far_malignant_tumours_make_the_threshold_misclassify(tool):
    for x in (40.0, 45.0, 50.0):
        tool.add_point(x, 1)
    x, y = np.append(X0, [40.0, 45.0, 50.0]), np.append(Y0, [1.0, 1.0, 1.0])
    assert_drawn_as_least_squares(tool, x, y)
    assert tool.misclassified().sum() > 0
    np.testing.assert_array_equal(tool.predict(np.array([0.0, 100.0])), [0, 1])


def test_a_point_added_beyond_the_view_widens_it(tool):
    tool.add_point(80.0, 1)
    lo, hi = tool.ax.get_xlim()
    assert lo <= 5.0 and hi > 80.0
    xs, _ = tool.line.get_data()
    assert max(xs) == pytest.approx(hi)


def test_reset_button_restores_the_starting_examples(tool):
    click(tool.fig, tool.ax, 50.0, 1.0)
    click(tool.fig, tool.ax, 30.0, 0.0)
    tool.reset_button.click()
    np.testing.assert_array_equal(tool.x, X0)
    assert tool.ax.get_xlim() == (5.0, 60.0)
    assert_drawn_as_least_squares(tool, X0, Y0)


def test_a_click_outside_the_axes_adds_nothing(tool):
    click(tool.fig, tool.ax, 70.0, 0.9)  # right of the x range
    assert tool.x.size == X0.size


def test_the_tool_displays_its_reset_button(tool):
    assert tool.controls == [tool.reset_button]
    assert tool.widget().children


@pytest.fixture
def sliders():
    explorer = SigmoidExplorer(X0, Y0, w=1.0, b=-15.0)
    yield explorer
    plt.close(explorer.fig)


def test_sliders_redraw_the_sigmoid_and_its_boundary(sliders):
    sliders.w_slider.value = 2.0
    sliders.b_slider.value = -28.0
    assert (sliders.w, sliders.b) == (2.0, -28.0)
    xs, ys = sliders.curve.get_data()
    np.testing.assert_allclose(ys, 1 / (1 + np.exp(-(2.0 * np.asarray(xs) - 28.0))))
    np.testing.assert_allclose(sliders.boundary_line.get_xdata(), [14.0, 14.0])
    assert "boundary x = 14.00" in sliders.status.get_text()
    wrong = np.sum((2.0 * X0 - 28.0 >= 0) != (Y0 == 1))
    assert f"misclassified: {wrong} of {X0.size}" in sliders.status.get_text()


def test_starting_parameters_put_the_boundary_at_minus_b_over_w(sliders):
    assert sliders.boundary == pytest.approx(15.0)
    np.testing.assert_allclose(sliders.boundary_line.get_xdata(), [15.0, 15.0])
    assert "misclassified: 0 of 8" in sliders.status.get_text()
