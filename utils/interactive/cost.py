"""The squared-error cost J(w, b) of a line, drawn as a curve, a contour map and a 3-D bowl.

Interactive tools of the cost-function lab (course 1, week 1):

- :class:`CostSlider`: a slider over ``w`` (``b`` fixed) moves the line through the data, with the
  errors drawn as vertical lines, beside the curve J(w) with the current point marked;
- :class:`CostContour`: a click on the contour map of J(w, b) chooses (w, b); the line, its errors
  and the point on the 3-D surface follow;
- :func:`cost_bowl`: the surface J(w, b) alone, on a 3-D axes that rotates with the mouse.

The static helpers (:func:`cost_grid`, :func:`plot_cost_contour`, :func:`plot_path`,
:func:`plot_cost_surface`) also draw the gradient-descent lab's figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.contour import QuadContourSet
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS, plot_curve, plot_data

# Ranges of w and b that frame the cost of the cats data (x in 2.0-3.9 kg): the long valley of
# J runs from (w, b) = (0, 10.6) to (8, -11.1), with its lowest point near (4.03, -0.36).
W_RANGE = (0.0, 8.0)
B_RANGE = (-12.0, 12.0)


def cost_grid(x: np.ndarray, y: np.ndarray, ws: np.ndarray, bs: np.ndarray) -> np.ndarray:
    """The squared-error cost J(w, b) = 1/(2m) sum (w x_i + b - y_i)^2 at every (w, b) of a grid.

    Vectorized: the square is expanded, so each sum over the m examples is taken once, whatever
    the size of the grid.

    Args:
        x: inputs, shape (m,).
        y: targets, shape (m,).
        ws: values of w, shape (nw,).
        bs: values of b, shape (nb,).

    Returns:
        J, shape (nb, nw): ``J[i, j]`` is the cost at ``w = ws[j]``, ``b = bs[i]`` (the layout of
        ``np.meshgrid(ws, bs)``, what contour and surface plots expect).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w, b = np.meshgrid(np.asarray(ws, dtype=float), np.asarray(bs, dtype=float))
    xx, x1, xy, y1, yy = np.mean(x * x), np.mean(x), np.mean(x * y), np.mean(y), np.mean(y * y)
    return 0.5 * (w * w * xx + 2 * w * b * x1 + b * b - 2 * w * xy - 2 * b * y1 + yy)


def cost_at(x: np.ndarray, y: np.ndarray, w: float, b: float) -> float:
    """The squared-error cost J(w, b) of one line.

    Args:
        x: inputs, shape (m,).
        y: targets, shape (m,).
        w, b: the line's parameters.

    Returns:
        J(w, b).
    """
    return float(np.mean((w * np.asarray(x) + b - np.asarray(y)) ** 2) / 2)


def error_segments(x: np.ndarray, y: np.ndarray, w: float, b: float) -> np.ndarray:
    """Vertical segments from each example to the line: the errors the cost squares.

    Args:
        x: inputs, shape (m,).
        y: targets, shape (m,).
        w, b: the line's parameters.

    Returns:
        Segments, shape (m, 2, 2): ``[[x_i, y_i], [x_i, w x_i + b]]``.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return np.stack([np.column_stack([x, y]), np.column_stack([x, w * x + b])], axis=1)


def plot_cost_contour(
    ax: Axes, x: np.ndarray, y: np.ndarray, ws: np.ndarray, bs: np.ndarray, *, levels: int = 14
) -> QuadContourSet:
    """Contour lines of J(w, b) over a grid, spaced geometrically so the valley floor shows.

    Args:
        ax: the axes to draw on.
        x: inputs, shape (m,).
        y: targets, shape (m,).
        ws: values of w, shape (nw,).
        bs: values of b, shape (nb,).
        levels: number of contour lines.

    Returns:
        The contour set.
    """
    J = cost_grid(x, y, ws, bs)
    low = J.min() + 0.01 * (J.max() - J.min()) / levels
    contours = ax.contour(ws, bs, J, levels=np.geomspace(low, J.max(), levels), cmap="viridis")
    ax.clabel(contours, fontsize=7, fmt="%.3g")
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    return contours


def plot_path(
    ax: Axes,
    path: Sequence[tuple[float, float]] | np.ndarray,
    *,
    color: str = COLORS.data,
    label: str | None = None,
    numbered: int = 0,
) -> None:
    """The path of (w, b) during gradient descent: arrows from each point to the next, a square at
    the start and a star at the end.

    Args:
        ax: the axes of a contour plot of J.
        path: the (w, b) points in order, shape (k, 2).
        color: colour of the arrows and markers.
        label: legend entry.
        numbered: write its index beside each of the first ``numbered`` points.
    """
    p = np.asarray(path, dtype=float)
    ax.plot(p[:, 0], p[:, 1], "o", color=color, markersize=3, label=label)
    step = np.diff(p, axis=0)
    ax.quiver(
        p[:-1, 0],
        p[:-1, 1],
        step[:, 0],
        step[:, 1],
        color=color,
        angles="xy",
        scale_units="xy",
        scale=1,
        width=0.004,
    )
    ax.plot(*p[0], "s", color=color, markersize=7)
    ax.plot(*p[-1], "*", color=color, markersize=12)
    for index, (w, b) in enumerate(p[:numbered]):
        ax.annotate(
            str(index),
            (w, b),
            textcoords="offset points",
            xytext=(4, 6),
            fontsize=8,
            color=color,
            fontweight="bold",
        )


def plot_cost_surface(
    ax: Axes, x: np.ndarray, y: np.ndarray, ws: np.ndarray, bs: np.ndarray
) -> Poly3DCollection:
    """The surface J(w, b) over a grid, one face per grid cell, on a 3-D axes.

    Args:
        ax: a 3-D axes (``projection="3d"``).
        x: inputs, shape (m,).
        y: targets, shape (m,).
        ws: values of w, shape (nw,).
        bs: values of b, shape (nb,).

    Returns:
        The surface, (nb - 1) * (nw - 1) faces in row-major order over (b, w).
    """
    w, b = np.meshgrid(ws, bs)
    surface = ax.plot_surface(
        w, b, cost_grid(x, y, ws, bs), rstride=1, cstride=1, cmap="viridis", alpha=0.7, linewidth=0
    )
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.set_zlabel("J(w, b)")
    return surface


def _data_panel(
    ax: Axes, x: np.ndarray, y: np.ndarray, xlabel: str, ylabel: str
) -> tuple[Line2D, LineCollection]:
    """The data, an empty line and empty error segments, to be filled by the tools."""
    plot_data(ax, x, y, xlabel=xlabel, ylabel=ylabel)
    (line,) = ax.plot([], [], color=COLORS.model, label="f(x) = w x + b")
    errors = LineCollection(
        [], colors=COLORS.error, linestyles="dotted", linewidths=1.2, label="errors"
    )
    ax.add_collection(errors)
    ax.legend(loc="upper left")
    return line, errors


class CostSlider(Explorer):
    """A slider over w, with b fixed: the line and its errors, beside the curve J(w).

    Args:
        x: inputs, shape (m,).
        y: targets, shape (m,).
        b: the fixed intercept.
        w: the slider's first value.
        w_range: the slider's range.
        xlabel, ylabel: labels of the data axes, with units.

    Attributes:
        w: the slider's value.
        b: the fixed intercept.
        cost: J(w, b) of the current line.
        slider: the ``FloatSlider`` over w.
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        *,
        b: float = 0.0,
        w: float = 2.0,
        w_range: tuple[float, float] = W_RANGE,
        xlabel: str = "x",
        ylabel: str = "y",
    ) -> None:
        self.x, self.y, self.b = np.asarray(x, dtype=float), np.asarray(y, dtype=float), float(b)
        self.fig, (self.ax_data, self.ax_cost) = new_figure("wide", ncols=2)
        self.line, self.errors = _data_panel(self.ax_data, self.x, self.y, xlabel, ylabel)
        self.xs = np.linspace(self.x.min(), self.x.max(), 2)

        ws = np.linspace(*w_range, 201)
        plot_curve(
            self.ax_cost,
            ws,
            cost_grid(self.x, self.y, ws, [self.b])[0],
            xlabel="w",
            ylabel=f"J(w, b = {self.b:g})",
        )
        (self.marker,) = self.ax_cost.plot([], [], "o", color=COLORS.highlight, markersize=9)
        self.cost_title = self.ax_cost.set_title("")

        self.slider = widgets.FloatSlider(
            value=w, min=w_range[0], max=w_range[1], step=0.1, description="w", readout_format=".1f"
        )
        self.slider.observe(lambda change: self.set_w(change["new"]), names="value")
        self.controls = [self.slider]
        self.set_w(w)

    def set_w(self, w: float) -> None:
        """Move the line to slope w and mark its cost.

        Args:
            w: the new slope.
        """
        self.w = float(w)
        self.cost = cost_at(self.x, self.y, self.w, self.b)
        self.line.set_data(self.xs, self.w * self.xs + self.b)
        self.errors.set_segments(error_segments(self.x, self.y, self.w, self.b))
        self.ax_data.set_title(f"f(x) = {self.w:.1f} x + {self.b:g}")
        self.marker.set_data([self.w], [self.cost])
        self.cost_title.set_text(f"J(w = {self.w:.1f}) = {self.cost:.3f}")
        self.redraw()


class CostContour(Explorer):
    """Click on the contour map of J(w, b) to choose (w, b); the line, its errors and the point on
    the 3-D surface follow.

    Args:
        x: inputs, shape (m,).
        y: targets, shape (m,).
        w, b: the first chosen point.
        w_range, b_range: the ranges of the contour map and the surface.
        xlabel, ylabel: labels of the data axes, with units.

    Attributes:
        w, b: the chosen parameters.
        cost: J(w, b) at the chosen point.
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        *,
        w: float = 2.0,
        b: float = 2.0,
        w_range: tuple[float, float] = W_RANGE,
        b_range: tuple[float, float] = B_RANGE,
        xlabel: str = "x",
        ylabel: str = "y",
    ) -> None:
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.fig, axes = new_figure("wide", ncols=3)
        self.ax_data, self.ax_contour = axes[0], axes[1]
        axes[2].remove()
        self.ax_surface = self.fig.add_subplot(1, 3, 3, projection="3d", computed_zorder=False)
        self.controls = []

        self.line, self.errors = _data_panel(self.ax_data, self.x, self.y, xlabel, ylabel)
        self.xs = np.linspace(self.x.min(), self.x.max(), 2)

        ws, bs = np.linspace(*w_range, 200), np.linspace(*b_range, 200)
        plot_cost_contour(self.ax_contour, self.x, self.y, ws, bs)
        self.w_guide = self.ax_contour.axvline(w, color=COLORS.guide, ls="--", lw=1)
        self.b_guide = self.ax_contour.axhline(b, color=COLORS.guide, ls="--", lw=1)
        (self.marker,) = self.ax_contour.plot([], [], "o", color=COLORS.highlight, markersize=9)
        self.ax_contour.set_title("Click to choose (w, b)")

        ws3, bs3 = np.linspace(*w_range, 30), np.linspace(*b_range, 30)
        plot_cost_surface(self.ax_surface, self.x, self.y, ws3, bs3)
        self.ax_surface.set_box_aspect(None, zoom=0.8)  # room for the J axis label at the edge
        (self.point,) = self.ax_surface.plot(
            [], [], [], "o", color=COLORS.highlight, markersize=8, zorder=10
        )
        self.on_click(self.ax_contour, self.choose)
        self.choose(w, b)

    def choose(self, w: float, b: float) -> None:
        """Choose the line f(x) = w x + b: redraw it, its errors, and its point on J.

        Args:
            w, b: the new parameters (a click on the contour map passes its coordinates).
        """
        self.w, self.b = float(w), float(b)
        self.cost = cost_at(self.x, self.y, self.w, self.b)
        self.line.set_data(self.xs, self.w * self.xs + self.b)
        self.errors.set_segments(error_segments(self.x, self.y, self.w, self.b))
        self.ax_data.set_title(f"J(w = {self.w:.2f}, b = {self.b:.2f}) = {self.cost:.3f}")
        self.w_guide.set_xdata([self.w, self.w])
        self.b_guide.set_ydata([self.b, self.b])
        self.marker.set_data([self.w], [self.b])
        self.point.set_data_3d([self.w], [self.b], [self.cost])
        self.redraw()


def cost_bowl(
    x: np.ndarray,
    y: np.ndarray,
    *,
    w_range: tuple[float, float] = W_RANGE,
    b_range: tuple[float, float] = B_RANGE,
    n: int = 40,
) -> Figure:
    """The surface J(w, b) on its own 3-D axes: in JupyterLab, drag it to rotate the bowl.

    Args:
        x: inputs, shape (m,).
        y: targets, shape (m,).
        w_range, b_range: the ranges of w and b.
        n: grid points along each axis (the surface has (n - 1)^2 faces).

    Returns:
        The figure (show it with ``plt.show()``).
    """
    fig, ax = new_figure("square", subplot_kw={"projection": "3d"})
    plot_cost_surface(ax, x, y, np.linspace(*w_range, n), np.linspace(*b_range, n))
    ax.view_init(elev=25, azim=-130)
    ax.set_title("The cost J(w, b): drag to rotate")
    return fig
