"""utils.interactive.style_transfer driven without a browser: the slider swaps the precomputed
image and moves the markers onto the chosen weight's costs."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.interactive.style_transfer import ContentWeightSlider

WEIGHTS = [0.1, 1.0, 10.0]
STYLE = [0.01, 0.2, 3.0]
CONTENT = [2.0, 1.5, 1.0]


def images() -> list[np.ndarray]:
    """One plain 4 x 4 image per weight, grey 0.2, 0.5 and 0.8 (and one value out of range)."""
    out = [np.full((4, 4, 3), level) for level in (0.2, 0.5, 0.8)]
    out[2][0, 0, 0] = 1.5  # shown clipped to 1
    return out


@pytest.fixture
def tool():
    slider = ContentWeightSlider(WEIGHTS, images(), STYLE, CONTENT)
    yield slider
    plt.close(slider.fig)


def test_starts_on_the_middle_weight(tool):
    assert tool.index == 1 and tool.weight == 1.0
    assert np.allclose(tool.picture.get_array(), 0.5)
    assert tool.ax_image.get_title() == "content weight 1\nstyle cost 0.2, content cost 1.5"
    np.testing.assert_allclose(tool.marker.get_offsets(), [[1.0, 0.2], [1.0, 1.5]])


@pytest.mark.parametrize("index", [0, 1, 2])
def test_slider_swaps_image_title_and_markers(tool, index):
    tool.slider.value = index
    assert tool.index == index and tool.weight == WEIGHTS[index]
    expected = np.clip(images()[index], 0, 1)
    np.testing.assert_allclose(tool.picture.get_array(), expected)
    w, s, c = WEIGHTS[index], STYLE[index], CONTENT[index]
    title = f"content weight {w:g}\nstyle cost {s:.3g}, content cost {c:.3g}"
    assert tool.ax_image.get_title() == title
    np.testing.assert_allclose(tool.marker.get_offsets(), [[w, s], [w, c]])


def test_slider_labels_and_cost_lines(tool):
    assert [label for label, _ in tool.slider.options] == ["0.1", "1", "10"]
    style_line, content_line = tool.ax_costs.get_lines()
    np.testing.assert_allclose(style_line.get_xydata(), np.column_stack([WEIGHTS, STYLE]))
    np.testing.assert_allclose(content_line.get_xydata(), np.column_stack([WEIGHTS, CONTENT]))
    assert tool.ax_costs.get_xscale() == "log" and tool.ax_costs.get_yscale() == "log"


def test_rejects_mismatched_or_unordered_inputs():
    with pytest.raises(ValueError):
        ContentWeightSlider(WEIGHTS, images()[:2], STYLE, CONTENT)
    with pytest.raises(ValueError):
        ContentWeightSlider([1.0, 0.1, 10.0], images(), STYLE, CONTENT)
    plt.close("all")
