"""What a learner sees of an ipympl figure in JupyterLab: its image, its changes, its fit."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from utils.plotting import TOOLBAR_PX

from .conftest import LAPTOP


def canvas_image(figure: Locator) -> str:
    """What an ipympl figure shows: the PNG of its image canvas (under the toolbar and cursor)."""
    image = figure.locator(".jupyter-matplotlib-canvas-div canvas").first
    return image.evaluate("canvas => canvas.toDataURL('image/png')")


def wait_changed(figure: Locator, before: str) -> None:
    """Wait until the figure's image canvas shows something else than ``before``."""
    image = figure.locator(".jupyter-matplotlib-canvas-div canvas").first.element_handle()
    figure.page.wait_for_function(
        "([canvas, before]) => canvas.toDataURL('image/png') !== before", arg=[image, before]
    )


# Scroll the notebook until a canvas is whole in it and stays there for a poll, as a learner
# does with the wheel. A windowed JupyterLab notebook renders the cells that come into view and
# moves the rest (and its scroll height grows), so one scroll is not enough: the wait repeats it.
# A canvas taller than the notebook never settles, and the wait fails.
_SETTLED = """canvas => {
    let scroller = canvas.parentElement;
    while (scroller && !(scroller.scrollHeight > scroller.clientHeight
                         && getComputedStyle(scroller).overflowY !== "visible")) {
        scroller = scroller.parentElement;
    }
    const box = canvas.getBoundingClientRect(), view = scroller.getBoundingClientRect();
    const inside = box.top >= view.top && box.bottom <= view.bottom;
    const settled = inside && canvas.e2eTop === box.top;
    canvas.e2eTop = box.top;
    if (!inside) {
        scroller.scrollTop += box.top + box.height / 2 - (view.top + view.height / 2);
    }
    return settled;
}"""


def fits(figure: Locator, page: Page) -> None:
    """Every panel of an ipympl figure is on screen: its canvas inside its output area (nothing cut
    off or scrolled away) and inside the viewport, its toolbar over no panel."""
    canvas = figure.locator(".jupyter-matplotlib-canvas-div canvas").first
    page.wait_for_function(_SETTLED, arg=canvas.element_handle(), polling=100)
    area = figure.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
    box, inside = canvas.bounding_box(), area.bounding_box()
    assert box and inside, "the figure has no canvas or output area"
    right, limit = box["x"] + box["width"], min(inside["x"] + inside["width"], LAPTOP["width"])
    assert box["x"] >= inside["x"] and right <= limit, f"canvas {box} beyond {inside}"
    expect(canvas).to_be_in_viewport(ratio=1)
    # ipympl draws its toolbar over the figure: inside the band the figure keeps free of labels
    toolbar = figure.locator(".jupyter-matplotlib-toolbar").bounding_box()
    assert toolbar, "the toolbar is hidden"
    assert toolbar["y"] + toolbar["height"] <= box["y"] + TOOLBAR_PX, f"toolbar {toolbar} on {box}"
