"""utils.interactive.planar driven without a browser: the slider switches between classifiers
given for each hidden size; the regions, the title, the readout and the marker follow.

The classifiers are fixed rules (not trained networks) so that the references are written out
here: accuracies counted point by point, regions checked at chosen grid points.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.data import make_flower
from utils.interactive import planar

X, Y = make_flower(m=40, seed=5)
X_TEST, Y_TEST = make_flower(m=30, seed=6)
RULES = {
    1: lambda P: (P[0:1] > 0).astype(float),  # right half-plane
    3: lambda P: (P[0:1] * P[1:2] > 0).astype(float),  # first and third quadrants
    10: lambda P: np.ones((1, P.shape[1])),  # everything class 1
}


def counted(rule, X, Y) -> float:
    """Percent of points whose rule class is their label, one point at a time."""
    right = sum(float(rule(X[:, [i]])[0, 0]) == Y[0, i] for i in range(X.shape[1]))
    return 100.0 * right / X.shape[1]


@pytest.fixture
def tool():
    explorer = planar.HiddenSizeExplorer(X, Y, X_TEST, Y_TEST, RULES, resolution=41)
    yield explorer
    plt.close(explorer.fig)


def test_accuracy_and_grid_helpers():
    for rule in RULES.values():
        assert planar.percent_correct(rule, X, Y) == pytest.approx(counted(rule, X, Y))
    assert planar.percent_correct(RULES[10], X, Y) == pytest.approx(100 * Y.mean())
    gx, gy, classes = planar.region_grid(RULES[3], (-1.0, 1.0, -2.0, 2.0), resolution=5)
    assert gx.shape == gy.shape == classes.shape == (5, 5)
    assert gx[0, 0] == -1.0 and gy[-1, -1] == 2.0
    np.testing.assert_array_equal(classes, (gx * gy > 0).astype(float))
    limits = planar.data_limits(X, margin=0.5)
    assert limits == pytest.approx((X[0].min() - 0.5, X[0].max() + 0.5, X[1].min() - 0.5,
                                    X[1].max() + 0.5))  # fmt: skip


def test_starts_at_the_smallest_size_and_precomputes_every_size(tool):
    assert tool.sizes == [1, 3, 10] and tool.size == 1
    for n, rule in RULES.items():
        assert tool.train_accuracy[n] == pytest.approx(counted(rule, X, Y))
        assert tool.test_accuracy[n] == pytest.approx(counted(rule, X_TEST, Y_TEST))
    train, test = tool.ax_curve.get_lines()[:2]
    np.testing.assert_allclose(train.get_ydata(), [tool.train_accuracy[n] for n in (1, 3, 10)])
    np.testing.assert_allclose(test.get_ydata(), [tool.test_accuracy[n] for n in (1, 3, 10)])


@pytest.mark.parametrize("size", [3, 10, 1])
def test_the_slider_switches_regions_title_readout_and_marker(tool, size):
    tool.slider.value = size
    train, test = tool.train_accuracy[size], tool.test_accuracy[size]
    units = "hidden unit" if size == 1 else "hidden units"
    assert tool.ax_map.get_title().startswith(f"{size} {units}: {train:.2f} %")
    assert tool.readout.value.startswith(f"{size} {units}: ")
    assert f"training accuracy <b>{train:.2f} %</b>" in tool.readout.value
    assert f"held-out accuracy <b>{test:.2f} %</b>" in tool.readout.value
    np.testing.assert_allclose(tool.marker.get_xdata(), [size, size])
    np.testing.assert_allclose(tool.marker.get_ydata(), [train, test])
    gx, gy, classes = tool.grids[size]
    grid_points = np.vstack([gx.ravel(), gy.ravel()])
    np.testing.assert_array_equal(classes.reshape(1, -1), RULES[size](grid_points))
    # regions (one contour set) and the two classes' points, plus the boundary's contour set
    # only where both classes appear (size 10 predicts class 1 everywhere)
    has_boundary = classes.min() != classes.max()
    assert has_boundary == (size != 10)
    assert len(tool.ax_map.collections) == 3 + has_boundary


def test_still_image_fits_the_screen(tool):
    tool.fig.canvas.draw()
    width, _ = tool.fig.canvas.get_width_height()
    assert width <= 920
