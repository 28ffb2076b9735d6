"""utils.plotting: the course style, colours by role, figure sizes by name, the plot helpers."""

import json
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from autograder.syllabus import REPO_ROOT, load_syllabus  # noqa: E402
from utils import plotting  # noqa: E402


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
    assert cycle == [c.upper() for c in plotting.COLORS.series]


def test_plot_data_draws_red_crosses_with_labels():
    fig, ax = plotting.figure()
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0])
    plotting.plot_data(ax, x, y, xlabel="size", ylabel="price")
    (points,) = ax.collections
    assert np.array_equal(points.get_offsets(), np.column_stack([x, y]))
    assert to_hex(points.get_facecolor()[0]).upper() == plotting.COLORS.data.upper()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("size", "price")


def test_plot_line_spans_the_data_and_labels_the_equation():
    fig, ax = plotting.figure()
    plotting.plot_line(ax, np.array([2.0, 5.0, 3.0]), w=2.0, b=-1.0)
    (line,) = ax.lines
    xs, ys = line.get_data()
    assert xs[0] == 2.0 and xs[-1] == 5.0
    assert np.allclose(ys, 2.0 * xs - 1.0)
    assert line.get_label() == "f(x) = 2.00 x - 1.00"


def test_plot_curve_marks_a_point():
    fig, ax = plotting.figure()
    plotting.plot_curve(ax, [0, 1, 2], [4, 1, 4], xlabel="w", ylabel="cost", mark=(1, 1))
    assert np.array_equal(ax.lines[0].get_ydata(), [4, 1, 4])
    assert np.array_equal(ax.collections[0].get_offsets(), [[1, 1]])


def test_plot_classes_marks_each_class_differently():
    fig, ax = plotting.figure()
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    plotting.plot_classes(ax, X, np.array([1, 0, 1]), xlabel="a", ylabel="b", labels=("no", "yes"))
    positive, negative = ax.collections
    assert np.array_equal(positive.get_offsets(), X[[0, 2]])
    assert np.array_equal(negative.get_offsets(), X[[1]])
    assert (positive.get_label(), negative.get_label()) == ("yes", "no")


def test_plot_boundary_draws_the_zero_level_of_the_score():
    fig, ax = plotting.figure()
    ax.set_xlim(-2, 2)
    ax.set_ylim(-2, 2)
    plotting.plot_boundary(ax, lambda p: p[:, 0] ** 2 + p[:, 1] ** 2 - 1.0)  # the unit circle
    (contour,) = [c for c in ax.collections if c.get_paths()]
    vertices = np.concatenate([path.vertices for path in contour.get_paths()])
    assert np.allclose(np.hypot(vertices[:, 0], vertices[:, 1]), 1.0, atol=0.02)
    assert ax.get_xlim() == (-2, 2) and ax.lines[-1].get_label() == "decision boundary"


def test_plot_classes_1d_puts_each_class_at_its_label():
    fig, ax = plotting.figure()
    x, y = np.array([1.0, 2.0, 3.0]), np.array([1, 0, 1])
    positive, negative = plotting.plot_classes_1d(ax, x, y, names=("one", "zero"))
    assert np.array_equal(positive.get_offsets(), [[1.0, 1.0], [3.0, 1.0]])
    assert np.array_equal(negative.get_offsets(), [[2.0, 0.0]])
    assert to_hex(positive.get_facecolor()[0]).upper() == plotting.COLORS.positive.upper()


@pytest.mark.parametrize("size", sorted(plotting.FIGURE_SIZES))
def test_named_sizes_give_figures_of_that_size_growing_with_rows_up_to_a_laptops_height(size):
    width, height = plotting.FIGURE_SIZES[size]
    fig, axes = plotting.figure(size)
    assert tuple(fig.get_size_inches()) == (width, height)
    for nrows in (2, 3, 4):
        fig, axes = plotting.figure(size, nrows=nrows, ncols=2)
        grown = min(nrows * height, plotting.FIT_HEIGHT_PX / plotting.DPI)
        assert tuple(fig.get_size_inches()) == (width, grown)
        assert axes.shape == (nrows, 2)
        plt.close("all")


@pytest.mark.parametrize("size", sorted(plotting.FIGURE_SIZES))
def test_every_named_size_fits_a_laptops_output_area(size):
    plotting.use_course_style()
    for nrows in (1, 2, 3, 4):
        fig, _ = plotting.figure(size, nrows=nrows)
        assert fig.dpi == plotting.DPI
        assert fig.get_figwidth() * fig.dpi <= plotting.FIT_WIDTH_PX
        assert fig.get_figheight() * fig.dpi <= plotting.FIT_HEIGHT_PX
        plt.close(fig)


def test_an_unknown_size_names_the_known_ones():
    with pytest.raises(ValueError, match="wide"):
        plotting.figure("huge")


def test_every_role_is_a_colour():
    for role, value in vars(plotting.COLORS).items():
        values = value if isinstance(value, tuple) else (value,)
        assert all(re.fullmatch(r"#[0-9A-F]{6}", v) for v in values), role


def _figure_code() -> dict[str, str]:
    """The code of every notebook and of every module of utils but plotting, by file."""
    syllabus = load_syllabus()
    paths = {lab.notebook for lab in syllabus.labs} | {lab.source for lab in syllabus.graded_labs}
    code = {}
    for path in sorted(paths, key=str):
        cells = json.loads((REPO_ROOT / path).read_text())["cells"]
        code[str(path)] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for path in sorted((REPO_ROOT / "utils").rglob("*.py")):
        if path.name != "plotting.py":
            code[str(path.relative_to(REPO_ROOT))] = path.read_text()
    return code


# A figure's size or colour written in place instead of by name or role. The one exception is
# the lunar lander's animation, whose size follows the frames it shows.
HARD_CODED = {
    "a literal figsize": re.compile(r"figsize=\(\s*[\d.]"),
    "plt.subplots or plt.figure, not plotting.figure": re.compile(r"plt\.(subplots|figure)\("),
    "a hex colour": re.compile(r"[\"']#[0-9A-Fa-f]{6}[\"']"),
    "a hue by name": re.compile(
        r"(colou?rs?|facecolors?|edgecolors?)=[\"'](red|blue|orange|magenta|purple|green|C\d)[\"']"
    ),
    "the old palette": re.compile(r"PALETTE"),
}
ALLOWED = {("utils/labs/rl.py", "plt.subplots or plt.figure, not plotting.figure")}


def test_no_notebook_or_tool_hard_codes_a_figure_size_or_a_colour():
    found = [
        f"{path}: {what}: {match.group(0)}"
        for path, text in _figure_code().items()
        for what, pattern in HARD_CODED.items()
        if (path, what) not in ALLOWED
        for match in pattern.finditer(text)
    ]
    assert found == [], "\n".join(found)


def test_an_empty_figure_has_the_named_size_and_no_axes():
    fig = plotting.empty_figure("strip", nrows=2)
    width, height = plotting.FIGURE_SIZES["strip"]
    assert tuple(fig.get_size_inches()) == (width, 2 * height) and fig.axes == []
    fig = plotting.empty_figure("wide", nrows=2)  # 8 inches: more than a laptop shows
    assert tuple(fig.get_size_inches()) == (width, plotting.FIT_HEIGHT_PX / plotting.DPI)
