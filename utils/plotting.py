"""The course's plot style: colours by role, figure sizes by name, and the plot helpers labs share.

Every notebook calls :func:`use_course_style` once (through ``utils.session.start_lab``), so that
all figures share one style sheet (``course.mplstyle``, shipped inside this package, which also
holds the colour cycle). Code that draws says what a colour *means* (``COLORS.data``,
``COLORS.model``...) and which size a figure is (``figure(size="wide")``): a restyle of the whole
course touches ``course.mplstyle`` and this module only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

STYLE_PATH = Path(__file__).with_name("course.mplstyle")

_BLUE, _ORANGE, _RED = "#0096FF", "#FF9300", "#C00000"
_MAGENTA, _PURPLE, _DARK_BLUE = "#FF40FF", "#7030A0", "#0D5BDC"


@dataclass(frozen=True)
class Colors:
    """The course's colours, by what they show.

    Attributes:
        data: examples and measurements (training data, observed values).
        model: what a model predicts: a fitted line or curve, a cost curve, the main series.
        alternative: a second model or series compared with the first.
        positive, negative: the classes y = 1 and y = 0.
        highlight: the one point or item the text points at (the current one, the chosen one).
        optimum: the best value found (a minimum, the best angle), marked to stand out.
        boundary: where a model decides: a decision boundary or threshold; the edges of cells.
        guide: a reference line or level (y = 0.5, a goal, a guess).
        total: the sum of several series (a network's output from its units, a total variance).
        error: errors and residuals (the gaps between a prediction and the data).
        train, validation: curves and points of the training and of the held-out sets.
        series: several series of equal standing, in order (the style's colour cycle).
        neutral: things drawn for context only (greyed out, not chosen).
        fill: a light background behind what stands out (a terminal state, a chosen cell).
    """

    data: str = _RED
    model: str = _BLUE
    alternative: str = _ORANGE
    positive: str = _RED
    negative: str = _BLUE
    highlight: str = _ORANGE
    optimum: str = _RED
    boundary: str = _DARK_BLUE
    guide: str = _PURPLE
    total: str = _DARK_BLUE
    error: str = _MAGENTA
    train: str = _BLUE
    validation: str = _ORANGE
    series: tuple[str, ...] = (_BLUE, _ORANGE, _MAGENTA, _PURPLE, _DARK_BLUE, _RED)
    neutral: str = "#9E9E9E"
    fill: str = "#FFE3BF"


COLORS = Colors()

# The widest figure a laptop shows whole, in pixels: JupyterLab's output area is 934 px wide on a
# 1366-px screen with the file browser open (tests/e2e/test_flow_interactive_lab.py measures it).
FIT_WIDTH_PX = 920
# The tallest figure a laptop shows whole, in pixels: of a 768-px screen JupyterLab's notebook
# shows about 650 px, and ipympl adds a border and a footer of 40 px to the canvas
# (tests/e2e/test_flow_course4_tool.py looks at a tool that was 900 px tall).
FIT_HEIGHT_PX = 600
TOOLBAR_PX = 36  # the height of ipympl's toolbar (32 px) and a gap, kept free above the panels
DPI = 100  # the style's figure.dpi
# Figure sizes by name, in inches (width, height of one row of panels): every figure of the
# course is one of these, so that all fit the same screen (at the style's DPI).
FIGURE_SIZES: dict[str, tuple[float, float]] = {
    "small": (5.0, 3.5),  # one small plot beside the text
    "single": (6.4, 4.0),  # one plot
    "square": (6.0, 6.0),  # one plot with equal axes: maps, contours, images
    "medium": (8.0, 4.0),  # one wide plot, or two small panels
    "wide": (9.0, 4.0),  # a row of two to four panels
    "strip": (9.0, 3.0),  # a low row: small images, a row of cells
}


def figure_size(size: str = "single", nrows: int = 1) -> tuple[float, float]:
    """The (width, height) in inches of a named size, ``nrows`` rows of panels high.

    Args:
        size: one of FIGURE_SIZES.
        nrows: rows of panels; the height grows with them, up to FIT_HEIGHT_PX (then the rows
            share that height).
    """
    if size not in FIGURE_SIZES:
        raise ValueError(f"unknown figure size {size!r}; the course has {sorted(FIGURE_SIZES)}")
    width, height = FIGURE_SIZES[size]
    return width, min(height * nrows, FIT_HEIGHT_PX / DPI)


def figure(
    size: str = "single", nrows: int = 1, ncols: int = 1, **subplots_kw: Any
) -> tuple[Figure, Any]:
    """A new figure of a named size and its axes, as ``plt.subplots`` returns them.

    Args:
        size: one of FIGURE_SIZES.
        nrows, ncols: the grid of panels.
        **subplots_kw: passed to ``plt.subplots`` (sharex, subplot_kw, gridspec_kw...).

    Returns:
        The figure and its axes (one Axes, or an array of them).
    """
    fig, axes = plt.subplots(nrows, ncols, figsize=figure_size(size, nrows), **subplots_kw)
    return _framed(fig), axes


def empty_figure(size: str = "single", nrows: int = 1) -> Figure:
    """A new figure of a named size without axes, for layouts that add their own (a 3-D panel
    beside a flat one, a grid spec).

    Args:
        size: one of FIGURE_SIZES.
        nrows: rows of panels the layout will have; the height grows with them.
    """
    return _framed(plt.figure(figsize=figure_size(size, nrows)))


def _framed(fig: Figure) -> Figure:
    """In JupyterLab's live figures (ipympl): no "Figure 1" title bar, and the toolbar in a band of
    its own above the panels (ipympl draws it over the figure), where it never covers a label."""
    canvas = fig.canvas
    if hasattr(canvas, "header_visible"):
        canvas.header_visible = False
        canvas.toolbar_position = "top"
        canvas.toolbar_visible = "visible"
        top = 1 - TOOLBAR_PX / (fig.get_figheight() * fig.dpi)
        engine = fig.get_layout_engine()
        if engine is not None:
            engine.set(rect=(0, 0, 1, top))
        _suptitle_below(fig, top)
    return fig


def _suptitle_below(fig: Figure, top: float) -> None:
    """Put the figure's suptitle, when it gets one, under the toolbar's band (at ``top``, a
    fraction of the height): matplotlib's default place is in the band, under the toolbar."""
    plain = fig.suptitle

    def suptitle(text: str, **kwargs: Any) -> Any:
        kwargs.setdefault("y", top)
        kwargs.setdefault("va", "top")
        return plain(text, **kwargs)

    fig.suptitle = suptitle


def use_course_style() -> None:
    """Apply the course style sheet (fonts, grid, the colour cycle of ``COLORS.series``)."""
    plt.style.use(STYLE_PATH)


def plot_data(
    ax: Axes, x: np.ndarray, y: np.ndarray, *, xlabel: str, ylabel: str, label: str = "data"
) -> None:
    """Scatter training examples as red crosses, the course's mark for data.

    Args:
        ax: the axes to draw on.
        x: inputs, shape (m,).
        y: targets, shape (m,).
        xlabel, ylabel: axis labels with units.
        label: legend entry.
    """
    ax.scatter(x, y, marker="x", color=COLORS.data, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def plot_line(
    ax: Axes,
    x: np.ndarray,
    w: float,
    b: float,
    *,
    label: str | None = None,
    color: str = COLORS.model,
) -> None:
    """Draw the model f(x) = w x + b over the range of ``x``.

    Args:
        ax: the axes to draw on.
        x: inputs, shape (m,); the line spans min(x)..max(x).
        w, b: the model's parameters.
        label: legend entry; defaults to the equation.
        color: line colour (a role of COLORS).
    """
    xs = np.linspace(np.min(x), np.max(x), 100)
    sign = "-" if b < 0 else "+"
    ax.plot(xs, w * xs + b, color=color, label=label or f"f(x) = {w:.2f} x {sign} {abs(b):.2f}")


def plot_curve(
    ax: Axes,
    xs: Sequence[float] | np.ndarray,
    ys: Sequence[float] | np.ndarray,
    *,
    xlabel: str,
    ylabel: str,
    mark: tuple[float, float] | None = None,
) -> None:
    """Plot a curve such as the cost against one parameter, or the cost against the iteration.

    Args:
        ax: the axes to draw on.
        xs, ys: the curve's points, shape (k,) each.
        xlabel, ylabel: axis labels.
        mark: an (x, y) point to highlight, e.g. the minimum.
    """
    ax.plot(xs, ys, color=COLORS.model)
    if mark is not None:
        ax.scatter([mark[0]], [mark[1]], s=80, color=COLORS.highlight, zorder=3)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def plot_classes(
    ax: Axes,
    X: np.ndarray,
    y: np.ndarray,
    *,
    xlabel: str,
    ylabel: str,
    labels: tuple[str, str] = ("y = 0", "y = 1"),
) -> None:
    """Scatter two-feature examples of two classes: y = 1 as red crosses, y = 0 as blue circles.

    Args:
        ax: the axes to draw on.
        X: the examples, shape (m, 2); column 0 on the x axis, column 1 on the y axis.
        y: labels 0 or 1, shape (m,).
        xlabel, ylabel: axis labels with units.
        labels: legend entries of class 0 and class 1.
    """
    positive = np.asarray(y) == 1
    ax.scatter(X[positive, 0], X[positive, 1], marker="x", color=COLORS.positive, label=labels[1])
    ax.scatter(
        X[~positive, 0],
        X[~positive, 1],
        marker="o",
        facecolors="none",
        edgecolors=COLORS.negative,
        label=labels[0],
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def plot_classes_1d(
    ax: Axes,
    x: np.ndarray,
    y: np.ndarray,
    *,
    names: tuple[str, str] = ("malignant (y = 1)", "benign (y = 0)"),
) -> tuple[PathCollection, PathCollection]:
    """Scatter one-feature examples at their label's height: y = 1 as crosses at 1, y = 0 as
    circles at 0 (two-feature examples: :func:`plot_classes`).

    Args:
        ax: the axes to draw on.
        x: the feature, shape (m,).
        y: labels 0 or 1, shape (m,).
        names: legend entries of class 1 and class 0.

    Returns:
        The two collections (class 1, class 0), to update with ``set_offsets``.
    """
    ones, zeros = y == 1, y == 0
    positive = ax.scatter(
        x[ones], y[ones], marker="x", s=50, color=COLORS.positive, label=names[0], zorder=3
    )
    negative = ax.scatter(
        x[zeros], y[zeros], marker="o", s=50, facecolors="none", edgecolors=COLORS.negative,
        linewidths=1.5, label=names[1], zorder=3,
    )  # fmt: skip
    return positive, negative


def plot_boundary(
    ax: Axes,
    score: Callable[[np.ndarray], np.ndarray],
    *,
    resolution: int = 200,
    label: str = "decision boundary",
) -> None:
    """Draw the curve where a classifier's score z(x) is 0, over the current limits of ``ax``.

    Args:
        ax: the axes to draw on; draw the data first so that its limits are set.
        score: maps points of shape (k, 2) to scores of shape (k,); the boundary is score = 0.
        resolution: grid points along each axis.
        label: legend entry.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    z = score(np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    ax.contour(gx, gy, z, levels=[0.0], colors=COLORS.boundary, linewidths=2)
    ax.plot([], [], color=COLORS.boundary, linewidth=2, label=label)  # legend entry
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
