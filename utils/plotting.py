"""The course's plot style and the plot helpers the labs share.

Every notebook calls :func:`use_course_style` once (through ``utils.session.start_lab``) so that all
figures share one style sheet (``course.mplstyle``, shipped inside this package) and one palette.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes

STYLE_PATH = Path(__file__).with_name("course.mplstyle")

# The one palette of the course, in colour-cycle order.
PALETTE: dict[str, str] = {
    "blue": "#0096FF",
    "orange": "#FF9300",
    "red": "#C00000",
    "magenta": "#FF40FF",
    "purple": "#7030A0",
    "dark_blue": "#0D5BDC",
}


def use_course_style() -> None:
    """Apply the course style sheet and put the palette in matplotlib's colour cycle."""
    plt.style.use(STYLE_PATH)
    plt.rcParams["axes.prop_cycle"] = cycler(color=list(PALETTE.values()))


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
    ax.scatter(x, y, marker="x", color=PALETTE["red"], label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def plot_line(
    ax: Axes,
    x: np.ndarray,
    w: float,
    b: float,
    *,
    label: str | None = None,
    color: str = PALETTE["blue"],
) -> None:
    """Draw the model f(x) = w x + b over the range of ``x``.

    Args:
        ax: the axes to draw on.
        x: inputs, shape (m,); the line spans min(x)..max(x).
        w, b: the model's parameters.
        label: legend entry; defaults to the equation.
        color: line colour, one of PALETTE's values.
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
    ax.plot(xs, ys, color=PALETTE["blue"])
    if mark is not None:
        ax.scatter([mark[0]], [mark[1]], s=80, color=PALETTE["orange"], zorder=3)
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
    ax.scatter(X[positive, 0], X[positive, 1], marker="x", color=PALETTE["red"], label=labels[1])
    ax.scatter(
        X[~positive, 0],
        X[~positive, 1],
        marker="o",
        facecolors="none",
        edgecolors=PALETTE["blue"],
        label=labels[0],
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


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
    ax.contour(gx, gy, z, levels=[0.0], colors=PALETTE["dark_blue"], linewidths=2)
    ax.plot([], [], color=PALETTE["dark_blue"], linewidth=2, label=label)  # legend entry
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
