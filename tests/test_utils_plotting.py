"""utils.plotting and utils.session: the course style, the palette and the plot helpers."""

import random

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from utils import plotting  # noqa: E402
from utils.session import start_lab  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_style():
    with plt.style.context("default"):
        yield
    plt.close("all")


def test_style_sheet_ships_inside_the_package_and_applies():
    assert plotting.STYLE_PATH.is_file() and plotting.STYLE_PATH.parent.name == "utils"
    plotting.use_course_style()
    assert plt.rcParams["axes.spines.top"] is False
    assert plt.rcParams["axes.grid"] is True
    cycle = [to_hex(c["color"]).upper() for c in plt.rcParams["axes.prop_cycle"]]
    assert cycle == [c.upper() for c in plotting.PALETTE.values()]


def test_start_lab_applies_the_style_and_seeds_the_global_generators():
    start_lab(3)
    first = (random.random(), np.random.rand())
    start_lab(3)
    assert (random.random(), np.random.rand()) == first
    assert to_hex(plt.rcParams["axes.prop_cycle"].by_key()["color"][0]).upper() == "#0096FF"


def test_plot_data_draws_red_crosses_with_labels():
    fig, ax = plt.subplots()
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0])
    plotting.plot_data(ax, x, y, xlabel="size", ylabel="price")
    (points,) = ax.collections
    assert np.array_equal(points.get_offsets(), np.column_stack([x, y]))
    assert to_hex(points.get_facecolor()[0]).upper() == plotting.PALETTE["red"].upper()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("size", "price")


def test_plot_line_spans_the_data_and_labels_the_equation():
    fig, ax = plt.subplots()
    plotting.plot_line(ax, np.array([2.0, 5.0, 3.0]), w=2.0, b=-1.0)
    (line,) = ax.lines
    xs, ys = line.get_data()
    assert xs[0] == 2.0 and xs[-1] == 5.0
    assert np.allclose(ys, 2.0 * xs - 1.0)
    assert line.get_label() == "f(x) = 2.00 x - 1.00"


def test_plot_curve_marks_a_point():
    fig, ax = plt.subplots()
    plotting.plot_curve(ax, [0, 1, 2], [4, 1, 4], xlabel="w", ylabel="cost", mark=(1, 1))
    assert np.array_equal(ax.lines[0].get_ydata(), [4, 1, 4])
    assert np.array_equal(ax.collections[0].get_offsets(), [[1, 1]])


def test_plot_classes_marks_each_class_differently():
    fig, ax = plt.subplots()
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    plotting.plot_classes(ax, X, np.array([1, 0, 1]), xlabel="a", ylabel="b", labels=("no", "yes"))
    positive, negative = ax.collections
    assert np.array_equal(positive.get_offsets(), X[[0, 2]])
    assert np.array_equal(negative.get_offsets(), X[[1]])
    assert (positive.get_label(), negative.get_label()) == ("yes", "no")


def test_plot_boundary_draws_the_zero_level_of_the_score():
    fig, ax = plt.subplots()
    ax.set_xlim(-2, 2)
    ax.set_ylim(-2, 2)
    plotting.plot_boundary(ax, lambda p: p[:, 0] ** 2 + p[:, 1] ** 2 - 1.0)  # the unit circle
    (contour,) = [c for c in ax.collections if c.get_paths()]
    vertices = np.concatenate([path.vertices for path in contour.get_paths()])
    assert np.allclose(np.hypot(vertices[:, 0], vertices[:, 1]), 1.0, atol=0.02)
    assert ax.get_xlim() == (-2, 2) and ax.lines[-1].get_label() == "decision boundary"


def test_quick_switch_reads_the_environment(monkeypatch):
    from utils.session import quick

    for value, expected in (("1", True), ("yes", True), ("0", False), ("", False)):
        monkeypatch.setenv("COURSE_QUICK", value)
        assert quick() is expected
    monkeypatch.delenv("COURSE_QUICK")
    assert quick() is False


def test_start_lab_seeds_keras_when_the_header_imported_it(monkeypatch):
    import sys
    import types

    seeds = []
    fake = types.SimpleNamespace(utils=types.SimpleNamespace(set_random_seed=seeds.append))
    monkeypatch.setitem(sys.modules, "keras", fake)
    start_lab(7)
    assert seeds == [7]
