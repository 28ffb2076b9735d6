"""Flow 1: a learner answers the graded lab c1w2-linear-regression in JupyterLab, validates it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from . import notebook as nb
from .conftest import Shots
from .server import LabServer

pytestmark = pytest.mark.browser

NOTEBOOK = "course1/week2/C1_W2_Linear_Regression.ipynb"
COST_OVER_M = [nb.COST[0], "return np.sum((w * x + b - y) ** 2) / x.shape[0]"]  # forgot the 2


def test_learner_answers_runs_and_validates_the_graded_lab(
    page: Page, server: LabServer, shot: Shots
):
    nb.open_notebook(page, server.url, NOTEBOOK)
    expect(page.locator(".jp-NotebookPanel-toolbar jp-button.validate-button")).to_be_visible()
    shot("opened")

    cost_cell = nb.cell(page, "def compute_cost(")
    gradient_cell = nb.cell(page, "def compute_gradient(")
    assert nb.type_into(page, cost_cell, nb.COST) == nb.indented(nb.COST)
    assert nb.type_into(page, gradient_cell, nb.GRADIENT) == nb.indented(nb.GRADIENT)
    shot("answered")

    nb.run_all(page)
    outputs = page.locator(".jp-OutputArea-output")
    last = outputs.filter(
        has_text="after a 4.5-minute eruption: the next one in about 81.8 minutes"
    )
    expect(last).to_have_count(1, timeout=nb.RUN_TIMEOUT_MS)  # the last code cell's output
    nb.wait_idle(page)
    expect(page.locator(nb.ERROR_OUTPUTS)).to_have_count(0)
    expect(outputs.filter(has_text="compute_cost: all 3 public tests passed.")).to_have_count(1)
    expect(outputs.filter(has_text="compute_gradient: all 3 public tests passed.")).to_have_count(1)
    expect(outputs.filter(has_text="cost at w = 10, b = 35: 18.2241")).to_have_count(1)
    expect(outputs.filter(has_text="w = 10.730, b = 33.474")).to_have_count(1)
    plots = page.locator(".jp-RenderedImage img[src^='data:image/png']")
    expect(plots).to_have_count(4)  # the data, two guesses, cost against w, descent
    for index in range(4):
        box = plots.nth(index).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 200, f"plot {index} is {box}"
    shot("ran-all")

    dialog = nb.validate(page)
    expect(dialog).to_have_class(re.compile(r"\bnbgrader-SuccessDialog\b"))
    expect(dialog).to_contain_text("Success! Your notebook passes all the tests.")
    shot("validate-passes")
    nb.close_dialog(page)

    assert nb.type_into(page, cost_cell, COST_OVER_M) == nb.indented(COST_OVER_M)
    dialog = nb.validate(page)
    expect(dialog).to_have_class(re.compile(r"\bnbgrader-ErrorDialog\b"))
    expect(dialog).to_contain_text("compute_cost(x=[1, 2, 3], y=[2, 4, 6], w=0, b=0)")
    expect(dialog).to_contain_text("Hint: did you divide by m instead of 2m?")
    # the hint first: in view without scrolling the dialog, and no frames of the course's code
    hint = dialog.get_by_text("Hint: did you divide by m instead of 2m?")
    expect(hint).to_be_in_viewport(ratio=1)
    expect(dialog).not_to_contain_text("utils/checks")
    shot("validate-fails-with-hint")
    nb.close_dialog(page)

    # The learner runs the exercise and its test cell: the same hint under the test.
    nb.run_cell(page, cost_cell)
    test_cell = nb.cell(page, "public_tests.check_compute_cost(compute_cost)")
    nb.run_cell(page, test_cell)
    error = test_cell.locator(nb.ERROR_OUTPUTS)
    expect(error).to_contain_text("did you divide by m instead of 2m?")
    expect(error).to_be_in_viewport(ratio=1)  # the whole message on the screen, the hint in it
    expect(error).not_to_contain_text("utils/checks")
    assert len(error.inner_text().strip().splitlines()) <= 3, error.inner_text()
    shot("test-cell-shows-hint")
