"""utils.interactive.verification driven without a browser: the slider moves the threshold; the
line, the ROC point and the rates in the titles follow.

References written out here: the rates counted pair by pair with a loop; the ROC curve from
scikit-learn's roc_curve on the scores -distance.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.metrics import roc_curve

from utils.interactive import verification

RNG = np.random.default_rng(3)
POS = RNG.gamma(2.0, 0.15, 60)
NEG = RNG.gamma(6.0, 0.18, 80)


def counted(threshold: float) -> tuple[float, float]:
    far = sum(1 for d in NEG if d <= threshold) / len(NEG)
    frr = sum(1 for d in POS if d > threshold) / len(POS)
    return far, frr


@pytest.fixture
def tool():
    explorer = verification.VerificationExplorer(POS, NEG, 0.5)
    yield explorer
    plt.close(explorer.fig)


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.77, 1.2, 3.0])
def test_rates_match_counting(threshold):
    assert verification.rates(POS, NEG, threshold) == pytest.approx(counted(threshold))


def test_roc_points_match_sklearn():
    far, tar = verification.roc_points(POS, NEG)
    labels = np.r_[np.ones(len(POS)), np.zeros(len(NEG))]
    fpr, tpr, _ = roc_curve(labels, -np.r_[POS, NEG], drop_intermediate=False)
    assert far[0] == tar[0] == 0.0 and far[-1] == tar[-1] == 1.0
    ours = set(zip(np.round(far, 12), np.round(tar, 12), strict=True))
    assert ours == set(zip(np.round(fpr, 12), np.round(tpr, 12), strict=True))


def test_the_slider_moves_line_point_and_readout(tool):
    for threshold in (0.5, 0.2, 0.9):
        tool.slider.value = threshold
        far, frr = counted(threshold)
        assert tool.far == pytest.approx(far) and tool.frr == pytest.approx(frr)
        assert list(tool.tau_line.get_xdata()) == [threshold, threshold]
        assert tool.point.get_offsets()[0] == pytest.approx([far, 1 - frr])
        title = tool.ax_roc.get_title()
        assert f"false accept {100 * far:.1f} %" in title
        assert f"false reject {100 * frr:.1f} %" in title
    # a higher threshold accepts more: fewer false rejects, more false accepts
    tool.set_threshold(0.1)
    low = (tool.far, tool.frr)
    tool.set_threshold(1.0)
    assert tool.far >= low[0] and tool.frr <= low[1]


def test_the_tool_shows_controls_and_fits(tool):
    assert tool.controls == [tool.slider]
    assert tool.fig.get_size_inches()[0] * tool.fig.dpi <= 920
