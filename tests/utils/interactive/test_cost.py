"""utils.interactive.cost: each tool driven as a learner would, without a browser."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.quiver import Quiver
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from utils.data import load_cats
from utils.interactive import cost
from utils.interactive.base import click

X, Y = load_cats()


def J(w, b):
    """The squared-error cost, written from its definition."""
    return sum((w * xi + b - yi) ** 2 for xi, yi in zip(X, Y, strict=True)) / (2 * len(X))


@pytest.fixture
def slider():
    tool = cost.CostSlider(X, Y, b=0.5, w=2.0)
    yield tool
    plt.close(tool.fig)


@pytest.fixture
def contour():
    tool = cost.CostContour(X, Y, w=2.0, b=2.0)
    yield tool
    plt.close(tool.fig)


def test_cost_grid_is_the_formula_at_every_point():
    ws, bs = np.array([0.0, 3.5, 4.0]), np.array([-1.0, 0.0])
    grid = cost.cost_grid(X, Y, ws, bs)
    assert grid.shape == (2, 3)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            assert grid[i, j] == pytest.approx(J(w, b), rel=1e-10)


def test_moving_the_slider_moves_the_line_the_errors_and_the_cost_point(slider):
    slider.slider.value = 3.7
    assert slider.w == pytest.approx(3.7) and slider.b == 0.5
    assert slider.cost == pytest.approx(J(3.7, 0.5), rel=1e-10)
    xs, ys = slider.line.get_data()
    np.testing.assert_allclose(ys, 3.7 * np.asarray(xs) + 0.5)
    segments = slider.errors.get_segments()
    assert len(segments) == len(X)
    np.testing.assert_allclose([s[1][1] for s in segments], 3.7 * X + 0.5)
    np.testing.assert_allclose([s[0][1] for s in segments], Y)
    mark_w, mark_j = slider.marker.get_data()
    assert (mark_w[0], mark_j[0]) == pytest.approx((3.7, J(3.7, 0.5)))
    assert slider.cost_title.get_text() == f"J(w = 3.7) = {J(3.7, 0.5):.3f}"


def test_the_slider_curve_is_the_cost_with_b_fixed(slider):
    ws, costs = slider.ax_cost.lines[0].get_data()
    assert ws[0] == cost.W_RANGE[0] and ws[-1] == cost.W_RANGE[1]
    np.testing.assert_allclose(costs[::50], [J(w, 0.5) for w in ws[::50]], rtol=1e-10)


def test_a_click_on_the_contour_chooses_w_and_b_and_updates_every_panel(contour):
    click(contour.fig, contour.ax_contour, 4.5, -1.5)
    assert (contour.w, contour.b) == pytest.approx((4.5, -1.5), abs=1e-6)
    assert contour.cost == pytest.approx(J(contour.w, contour.b), rel=1e-10)
    xs, ys = contour.line.get_data()
    np.testing.assert_allclose(ys, contour.w * np.asarray(xs) + contour.b)
    np.testing.assert_allclose(
        [s[1][1] for s in contour.errors.get_segments()], contour.w * X + contour.b
    )
    assert contour.marker.get_data()[0][0] == pytest.approx(4.5, abs=1e-6)
    w3, b3, j3 = contour.point.get_data_3d()
    assert (w3[0], b3[0], j3[0]) == pytest.approx((contour.w, contour.b, contour.cost))
    assert f"= {J(contour.w, contour.b):.3f}" in contour.ax_data.get_title()


def test_a_click_outside_the_contour_changes_nothing(contour):
    click(contour.fig, contour.ax_data, 3.0, 12.0)
    assert (contour.w, contour.b) == (2.0, 2.0)


def test_the_bowl_is_a_3d_surface_over_the_grid_lowest_near_least_squares():
    n = 40
    fig = cost.cost_bowl(X, Y, n=n)
    try:
        (ax,) = fig.axes
        assert ax.name == "3d"
        (surface,) = [c for c in ax.collections if isinstance(c, Poly3DCollection)]
        faces = np.asarray(surface.get_array())
        assert faces.shape == ((n - 1) ** 2,)
        # Each face is coloured by the mean cost of its four corners (matplotlib's plot_surface).
        ws, bs = np.linspace(*cost.W_RANGE, n), np.linspace(*cost.B_RANGE, n)
        corners = np.array([[J(w, b) for w in ws] for b in bs])
        means = (corners[:-1, :-1] + corners[1:, :-1] + corners[:-1, 1:] + corners[1:, 1:]) / 4
        np.testing.assert_allclose(faces, means.ravel(), rtol=1e-9)
        # The lowest face holds the least-squares line, within one grid cell.
        i, j = np.unravel_index(np.argmin(faces), means.shape)
        w_ls, b_ls = np.polyfit(X, Y, 1)
        dw, db = ws[1] - ws[0], bs[1] - bs[0]
        assert abs((ws[j] + ws[j + 1]) / 2 - w_ls) <= dw, "lowest face farther than a cell in w"
        assert abs((bs[i] + bs[i + 1]) / 2 - b_ls) <= db, "lowest face farther than a cell in b"
    finally:
        plt.close(fig)


def test_plot_path_draws_one_arrow_per_step():
    fig, ax = plt.subplots()
    try:
        path = [(0.0, 0.0), (6.0, 2.1), (3.0, 1.0), (4.0, -0.3)]
        cost.plot_cost_contour(ax, X, Y, np.linspace(0, 8, 50), np.linspace(-12, 12, 50))
        cost.plot_path(ax, path, numbered=2)
        (arrows,) = [c for c in ax.collections if isinstance(c, Quiver)]
        np.testing.assert_allclose(arrows.U, [6.0, -3.0, 1.0])
        np.testing.assert_allclose(arrows.V, [2.1, -1.1, -1.3])
        np.testing.assert_allclose(ax.lines[0].get_xydata(), path)
        numbers = [t for t in ax.texts if t.get_text() in {"0", "1", "2", "3"}]
        assert [(t.get_text(), t.xy) for t in numbers] == [("0", (0.0, 0.0)), ("1", (6.0, 2.1))]
    finally:
        plt.close(fig)
