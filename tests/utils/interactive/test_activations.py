"""utils.interactive.activations driven without a browser: sliders move the ReLU units and the
softmax bars.

References: the ReLU written as np.where(z > 0, z, 0), and scipy.special.softmax.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.special import softmax as scipy_softmax

from utils.interactive.activations import (
    TARGET_UNITS,
    ReLUFit,
    SoftmaxBars,
    relu,
    relu_units,
    softmax,
)


@pytest.fixture
def fit():
    tool = ReLUFit()
    yield tool
    plt.close(tool.fig)


@pytest.fixture
def bars():
    tool = SoftmaxBars()
    yield tool
    plt.close(tool.fig)


def test_relu_and_softmax_match_references():
    z = np.array([-3.0, -0.5, 0.0, 0.5, 4.0])
    np.testing.assert_array_equal(relu(z), np.where(z > 0, z, 0.0))
    np.testing.assert_allclose(softmax(z), scipy_softmax(z), atol=1e-15)
    big = np.array([1000.0, 1001.0, 1002.0])  # no overflow thanks to the max subtraction
    np.testing.assert_allclose(softmax(big), scipy_softmax(big), atol=1e-15)


def test_relu_units_shape_and_values():
    x = np.array([0.0, 1.5, 3.0])
    out = relu_units(x, ((1.0, -1.0), (-2.0, 2.0)))
    np.testing.assert_allclose(out, [[0.0, 0.5, 2.0], [2.0, 0.0, 0.0]])


def test_starting_sliders_do_not_fit(fit):
    expected = relu_units(fit.x, ((1.0, 0.0),) * 3).sum(axis=0)
    np.testing.assert_allclose(fit.sum_line.get_ydata(), expected)
    assert fit.error > 1.0
    assert fit.label.get_text() == f"fit error = {fit.error:.3f}"


def test_one_slider_moves_one_unit_and_the_sum(fit):
    fit.sliders[1][1].value = -1.0
    assert fit.units[1] == (1.0, -1.0)
    np.testing.assert_allclose(fit.unit_lines[1].get_ydata(), np.maximum(0, fit.x - 1.0))
    np.testing.assert_allclose(fit.sum_line.get_ydata(), 2 * fit.x + np.maximum(0, fit.x - 1.0))


def test_target_weights_fit_exactly(fit):
    fit.set_units(TARGET_UNITS)
    assert fit.units == TARGET_UNITS
    assert fit.error == 0.0
    target = 0.5 + np.maximum(0, fit.x - 1) + np.maximum(0, 2 * fit.x - 4)
    np.testing.assert_allclose(fit.sum_line.get_ydata(), target, atol=1e-12)
    assert fit.label.get_text() == "fit error = 0.000"


def test_softmax_sliders_move_the_bars(bars):
    np.testing.assert_allclose(bars.a, scipy_softmax([1.0, 2.0, 3.0, 4.0]))
    bars.sliders[0].value = 4.0
    expected = scipy_softmax([4.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(bars.z, [4.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(bars.a, expected)
    np.testing.assert_allclose([b.get_height() for b in bars.bars], expected)
    assert [t.get_text() for t in bars.texts] == [f"{a:.3f}" for a in expected]
    assert sum(b.get_height() for b in bars.bars) == pytest.approx(1.0)
