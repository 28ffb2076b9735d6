"""Flow 2: a learner clicks the contour map and moves the slider of the cost-function lab."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from . import notebook as nb
from .conftest import Shots
from .figures import canvas_image, fits, wait_changed
from .server import LabServer

pytestmark = pytest.mark.browser

NOTEBOOK = "course1/week1/C1_W1_Lab03_Cost_Function.ipynb"
TARGET = (5.0, -4.0)  # the (w, b) the learner clicks on the contour map
# The contour map is drawn on a 200 x 200 grid over w in [0, 8] and b in [-12, 12].
GRID_STEP = (8 / 199, 24 / 199)
NUMBER = r"[-\u2212]?\d+\.\d+"  # matplotlib writes minus signs as U+2212
# Typed in new cells at the end of the notebook. The tool the learner sees is the value of its
# cell, kept in IPython's Out: where is TARGET on its figure (fractions of width and height from
# the top left), and which point has it chosen?
FIND = "import json; _tool = [v for v in Out.values() if isinstance(v, cost.{})][-1]; "
WHERE = FIND.format("CostContour") + (
    f"_px = _tool.ax_contour.transData.transform({TARGET}); _box = _tool.fig.bbox; "
    "print(json.dumps([_px[0] / _box.width, 1 - _px[1] / _box.height]))"
)
CHOSEN = FIND.format("CostContour") + "print(json.dumps([_tool.w, _tool.b]))"
SLOPE = FIND.format("CostSlider") + "print(json.dumps(_tool.w))"


def test_learner_clicks_the_contour_map_and_moves_the_slider(
    page: Page, server: LabServer, shot: Shots
):
    nb.open_notebook(page, server.url, NOTEBOOK)
    expect(page.locator(".jp-FileBrowser")).to_be_visible()
    nb.run_all(page)
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text="check with compute_cost: J =")).to_have_count(
        1, timeout=nb.RUN_TIMEOUT_MS
    )
    figures = page.locator(".jupyter-matplotlib")
    expect(figures).to_have_count(4)  # three lines and J(w), slider, contour, bowl
    nb.wait_idle(page)
    expect(page.locator(nb.ERROR_OUTPUTS)).to_have_count(0)
    shot("ran-all")

    contour = nb.cell(page, "cost.CostContour(").locator(".jupyter-matplotlib")
    contour.scroll_into_view_if_needed()
    fits(contour, page)
    shot("contour-before")
    before = canvas_image(contour)
    fx, fy = json.loads(nb.run_code_at_end(page, WHERE))
    assert json.loads(nb.run_code_at_end(page, CHOSEN)) == [2.0, 2.0]  # the lab's first point

    top = contour.locator(".jupyter-matplotlib-canvas-div canvas").nth(1)  # takes the events
    box = top.bounding_box()
    assert box, "the contour figure has no canvas"
    contour.scroll_into_view_if_needed()
    top.click(position={"x": fx * box["width"], "y": fy * box["height"]})
    wait_changed(contour, before)
    # Under the figure, ipympl shows the data coordinates of the mouse, still where it clicked.
    footer = contour.locator(".jupyter-matplotlib-footer")
    expect(footer).to_have_text(re.compile(rf"\(x, y\) = \({NUMBER}, {NUMBER}\)"))
    shown = [float(n.replace("\u2212", "-")) for n in re.findall(NUMBER, footer.inner_text())]
    assert shown == pytest.approx(TARGET, abs=max(GRID_STEP)), footer.inner_text()
    shot("contour-after-click")
    w, b = json.loads(nb.run_code_at_end(page, CHOSEN))
    assert abs(w - TARGET[0]) <= GRID_STEP[0] and abs(b - TARGET[1]) <= GRID_STEP[1], (w, b)

    slider_cell = nb.cell(page, "cost.CostSlider(")
    figure = slider_cell.locator(".jupyter-matplotlib")
    handle = slider_cell.locator(".widget-hslider .noUi-handle")
    readout = slider_cell.locator(".widget-hslider .widget-readout")
    handle.scroll_into_view_if_needed()
    expect(readout).to_have_text("2.0")
    before = canvas_image(figure)
    shot("slider-before")
    handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(readout).to_have_text("2.5")
    expect(handle).to_have_attribute("aria-valuenow", "2.5")
    wait_changed(figure, before)
    shot("slider-after-keys")
    assert json.loads(nb.run_code_at_end(page, SLOPE)) == 2.5
