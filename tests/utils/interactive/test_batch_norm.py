"""utils.interactive.batch_norm driven without a browser: the slider picks the curves shown."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.interactive.batch_norm import DIVERGED, LearningRateCurves, clipped

RATES = [0.1, 1.0, 3.0]
PLAIN = np.array([[2.0, 1.0, 0.5], [2.0, np.inf, np.nan], [50.0, 2.3, 2.31]])
WITH_BN = np.array([[1.5, 0.6, 0.3], [0.9, 0.1, 0.01], [0.8, 0.2, 0.02]])


@pytest.fixture
def tool():
    curves = LearningRateCurves(RATES, PLAIN, WITH_BN, rate=1.0)
    yield curves
    plt.close(curves.fig)


def test_clipped_replaces_overflow_by_the_ceiling():
    np.testing.assert_array_equal(
        clipped([1.0, np.inf, np.nan, 50.0]), [1.0, DIVERGED, DIVERGED, DIVERGED]
    )


def test_starts_at_the_rate_asked(tool):
    assert tool.rate == 1.0 and tool.slider.value == 1.0
    np.testing.assert_array_equal(tool.line_plain.get_ydata(), [2.0, DIVERGED, DIVERGED])
    np.testing.assert_array_equal(tool.line_bn.get_ydata(), WITH_BN[1])
    assert tool.readout.get_text() == "final loss: 10.000 without, 0.010 with batch norm"
    assert tool.ax.get_title() == "Training loss at learning rate 1"


@pytest.mark.parametrize("row", range(3))
def test_slider_shows_each_rates_curves(tool, row):
    tool.slider.value = RATES[row]
    assert tool.rate == RATES[row]
    np.testing.assert_array_equal(tool.line_plain.get_ydata(), clipped(PLAIN[row]))
    np.testing.assert_array_equal(tool.line_bn.get_ydata(), WITH_BN[row])
    assert tool.final == (pytest.approx(clipped(PLAIN[row])[-1]), pytest.approx(WITH_BN[row, -1]))
    assert f"learning rate {RATES[row]:g}" in tool.ax.get_title()


def test_the_log_axis_holds_every_point(tool):
    low, high = tool.ax.get_ylim()
    assert tool.ax.get_yscale() == "log"
    assert low < WITH_BN.min() and high > DIVERGED


def test_rows_must_match_the_rates():
    with pytest.raises(ValueError):
        LearningRateCurves(RATES, PLAIN[:2], WITH_BN[:2])
