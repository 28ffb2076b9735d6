"""utils.interactive.base: what every tool shows, live in JupyterLab and still everywhere else."""

import matplotlib.pyplot as plt
import pytest
from helpers import png_size

from utils import plotting
from utils.data import load_cats
from utils.interactive import base, cost
from utils.plotting import FIT_WIDTH_PX, STYLE_PATH, TOOLBAR_PX

IPYMPL = "module://ipympl.backend_nbagg"


@pytest.fixture
def live_figures():
    """Figures as ``%matplotlib widget`` and the course style (``start_lab``) make them."""
    before = plt.get_backend()
    plt.switch_backend(IPYMPL)
    with plt.style.context(STYLE_PATH):
        yield
    plt.close("all")
    plt.switch_backend(before)


def test_a_live_tool_is_shown_with_a_still_image_of_its_figure(live_figures, monkeypatch):
    shown = []
    monkeypatch.setattr(base, "display", lambda obj, raw=False: shown.append((obj, raw)))
    tool = cost.CostContour(*load_cats())
    tool._ipython_display_()
    [(bundle, raw)] = shown
    assert raw and "application/vnd.jupyter.widget-view+json" in bundle, "JupyterLab: the tool"
    width, height = png_size(bundle["image/png"])  # an export, the feedback: the figure
    dpi = tool.fig.dpi
    assert (width, height) == (
        round(tool.fig.get_figwidth() * dpi),
        round(tool.fig.get_figheight() * dpi),
    )
    assert width <= FIT_WIDTH_PX


def test_live_figures_have_no_title_bar_and_a_toolbar_above_the_panels(live_figures):
    tool = cost.CostSlider(*load_cats())
    canvas = tool.fig.canvas
    assert canvas.header_visible is False
    assert (canvas.toolbar_position, canvas.toolbar_visible) == ("top", "visible")


@pytest.mark.parametrize("tool", [cost.CostContour, cost.CostSlider])
def test_nothing_drawn_reaches_into_the_toolbars_band(live_figures, tool):
    fig = tool(*load_cats()).fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    band = fig.get_figheight() * fig.dpi - TOOLBAR_PX  # display coordinates grow upwards
    tops = {ax.get_title() or ax.name: ax.get_tightbbox(renderer).y1 for ax in fig.axes}
    assert all(top <= band for top in tops.values()), f"above {band:.0f} px: {tops}"


def test_a_suptitle_stays_under_the_toolbars_band_and_over_the_panels(live_figures):
    fig, axes = plotting.figure("wide", ncols=2)
    for ax in axes:
        ax.set_title("a panel")
    title = fig.suptitle("a title over both panels, as long as the toolbar is wide")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    band = fig.get_figheight() * fig.dpi - TOOLBAR_PX
    box = title.get_window_extent(renderer)
    assert box.y1 <= band
    assert all(box.y0 >= ax.get_tightbbox(renderer).y1 for ax in axes)
