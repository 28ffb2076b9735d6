"""utils.interactive.entropy driven without a browser: the slider moves the point along H(p).

The reference is SciPy's ``scipy.stats.entropy`` with base 2 on the distribution (p, 1 - p).
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from utils.interactive.entropy import EntropySlider, entropy


@pytest.fixture
def tool():
    slider = EntropySlider(p=0.5)
    yield slider
    plt.close(slider.fig)


def test_entropy_matches_scipy_and_is_zero_for_pure_nodes():
    ps = np.array([0.0, 0.1, 0.3, 0.5, 0.8, 1.0])
    expected = [scipy_entropy([p, 1 - p], base=2) for p in ps]
    np.testing.assert_allclose(entropy(ps), expected, atol=1e-12)
    assert entropy(0.5) == 1.0
    assert not np.isnan(entropy(ps)).any()


def test_starts_at_the_top_of_the_curve(tool):
    assert tool.p == 0.5 and tool.h == pytest.approx(1.0)
    np.testing.assert_allclose(tool.point.get_offsets(), [[0.5, 1.0]])
    assert tool.label.get_text() == "p = 0.50, H(p) = 1.000 bits"


@pytest.mark.parametrize("p", [0.0, 0.2, 0.7, 1.0])
def test_slider_moves_the_point_label_and_bar(tool, p):
    tool.slider.value = p
    h = scipy_entropy([p, 1 - p], base=2)
    assert tool.p == pytest.approx(p)
    assert tool.h == pytest.approx(h, abs=1e-12)
    np.testing.assert_allclose(tool.point.get_offsets(), [[p, h]], atol=1e-12)
    assert tool.label.get_text() == f"p = {p:.2f}, H(p) = {h:.3f} bits"
    assert tool.bar_pos.get_height() == pytest.approx(p)
    assert tool.bar_neg.get_y() == pytest.approx(p)
    assert tool.bar_neg.get_height() == pytest.approx(1 - p)
