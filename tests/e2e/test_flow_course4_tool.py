"""Flow 7: a learner runs course 4's initialization explorer, moves its slider and its toggle."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from . import notebook as nb
from .conftest import Shots
from .figures import canvas_image, fits, wait_changed
from .server import LabServer

pytestmark = pytest.mark.browser

NOTEBOOK = "course4/week2/C4_W2_Lab01_Initialization_Activations.ipynb"
# The lab's last code cell leaves the explorer at He's scale for 100 inputs, sqrt(2 / 100).
STATE = "import json; print(json.dumps([explorer.scale, explorer.activation]))"
TRIES = 20  # reads of the explorer's state while the kernel works through the slider's updates


def wait_for_state(page: Page, scale: float, activation: str) -> None:
    """Wait until the kernel's explorer is at ``scale`` and ``activation``: ipywidgets sends a
    control's next value only when the kernel is idle again, so the last one arrives late."""
    for _ in range(TRIES):
        got_scale, got_activation = json.loads(nb.run_code_at_end(page, STATE))
        if got_scale == pytest.approx(scale, abs=0.01) and got_activation == activation:
            return
        nb.wait_idle(page)
    raise AssertionError(f"the explorer is at {got_scale}, {got_activation}, not at the controls")


def test_learner_moves_the_weight_scale_and_switches_to_tanh(
    page: Page, server: LabServer, shot: Shots
):
    nb.open_notebook(page, server.url, NOTEBOOK)
    nb.run_all(page)
    outputs = page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text="relu at scale 0.141")).to_have_count(
        1, timeout=nb.RUN_TIMEOUT_MS
    )
    nb.wait_idle(page)
    expect(page.locator(nb.ERROR_OUTPUTS)).to_have_count(0)
    figures = page.locator(".jupyter-matplotlib")
    assert figures.count() >= 5, "the lab's figures are live ipympl figures"
    for index in range(figures.count()):
        fits(figures.nth(index), page)
    shot("ran-all")

    tool = nb.cell(page, "init.InitExplorer(")
    figure = tool.locator(".jupyter-matplotlib")
    slider = tool.locator(".widget-hslider")
    readout = slider.locator(".widget-readout")
    fits(figure, page)
    expect(readout).to_have_text("0.141")
    before = canvas_image(figure)
    shot("explorer-he-relu")
    handle = slider.locator(".noUi-handle")
    handle.focus()
    for _ in range(20):  # 20 steps of 0.05 in log10: ten times the scale
        page.keyboard.press("ArrowRight")
    expect(readout).to_have_text("1.41")
    wait_for_state(page, 1.414, "relu")
    fits(figure, page)
    wait_changed(figure, before)
    shot("explorer-large-relu")

    before = canvas_image(figure)
    tool.locator(".widget-toggle-buttons button", has_text="tanh").click()
    wait_for_state(page, 1.414, "tanh")
    fits(figure, page)
    wait_changed(figure, before)
    shot("explorer-large-tanh")
