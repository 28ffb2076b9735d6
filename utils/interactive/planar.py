"""A shallow network's decision regions on planar data, for a hidden layer of each size.

Interactive tool of the shallow-network lab (course 4, week 1):

- :class:`HiddenSizeExplorer`: a slider over the hidden layer's size. The left panel draws the
  training points on the regions where the network trained with that many hidden units predicts
  each class; the right panel plots the training and held-out accuracies against the size, the
  current size marked. The networks are trained before (in the notebook): the tool only shows
  them, so moving the slider is instant.

:func:`draw_regions` draws one network's regions on any axes (the lab's figures use it too).
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, to_rgba

from utils.interactive.base import Explorer, Predictor, new_figure, region_grid
from utils.plotting import COLORS, plot_classes

"""Maps points of shape (2, k) to predicted classes 0 or 1 of shape (1, k)."""

# the classes' colours, light: class 0 (negative), class 1 (positive)
REGION_COLOURS = ListedColormap([to_rgba(COLORS.negative, 0.2), to_rgba(COLORS.positive, 0.2)])


def percent_correct(predict: Predictor, X: np.ndarray, Y: np.ndarray) -> float:
    """The share of examples whose predicted class is their label, in percent.

    Args:
        predict: the classifier.
        X: examples, shape (2, m).
        Y: labels 0 or 1, shape (1, m).

    Returns:
        100 * mean(predict(X) == Y).
    """
    return float(100.0 * np.mean(np.asarray(predict(X)).reshape(-1) == np.asarray(Y).reshape(-1)))


def data_limits(X: np.ndarray, margin: float = 0.5) -> tuple[float, float, float, float]:
    """The box around the points, ``margin`` wider on each side.

    Args:
        X: points, shape (2, m).
        margin: added on every side, in the data's units.

    Returns:
        (x0 min, x0 max, x1 min, x1 max).
    """
    return (
        float(X[0].min() - margin),
        float(X[0].max() + margin),
        float(X[1].min() - margin),
        float(X[1].max() + margin),
    )


def draw_regions(
    ax: Axes,
    X: np.ndarray,
    Y: np.ndarray,
    grid: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    legend: bool = False,
) -> None:
    """The predicted classes' regions as light colours, the boundary between them, the points.

    Args:
        ax: the axes to draw on.
        X: the points to draw, shape (2, m).
        Y: their labels 0 or 1, shape (1, m).
        grid: (gx, gy, classes) as :func:`region_grid` returns them.
        legend: whether to add a legend (it covers some points: the lab's text names the colours).
    """
    gx, gy, classes = grid
    ax.contourf(gx, gy, classes, levels=[-0.5, 0.5, 1.5], cmap=REGION_COLOURS)
    if classes.min() != classes.max():  # a boundary exists
        ax.contour(gx, gy, classes, levels=[0.5], colors=COLORS.boundary, linewidths=1.5)
    ax.plot([], [], color=COLORS.boundary, linewidth=1.5, label="decision boundary")
    plot_classes(ax, X.T, Y.reshape(-1), xlabel="$x_0$", ylabel="$x_1$")
    ax.set_xlim(gx.min(), gx.max())
    ax.set_ylim(gy.min(), gy.max())
    ax.set_aspect("equal")
    if legend:
        ax.legend(fontsize=7, loc="lower right")


class HiddenSizeExplorer(Explorer):
    """A slider over the hidden layer's size; the regions and the accuracies follow.

    Attributes:
        sizes: the hidden sizes, increasing.
        size: the size shown.
        grids: for each size, (gx, gy, classes) of :func:`region_grid`.
        train_accuracy, test_accuracy: for each size, the accuracy in percent on the training
            points and on the held-out points.
    """

    def __init__(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        X_test: np.ndarray,
        Y_test: np.ndarray,
        predictors: Mapping[int, Predictor],
        size: int | None = None,
        resolution: int = 150,
    ) -> None:
        """Args:
        X, Y: the training points, shape (2, m), and labels, shape (1, m).
        X_test, Y_test: the held-out points, shape (2, m_test), and labels, shape (1, m_test).
        predictors: one trained classifier for each hidden size.
        size: the size shown first (default: the smallest).
        resolution: grid points along each axis of the regions.
        """
        self.X, self.Y = X, Y
        self.sizes = sorted(predictors)
        limits = data_limits(X)
        self.grids = {n: region_grid(predictors[n], limits, resolution) for n in self.sizes}
        self.train_accuracy = {n: percent_correct(predictors[n], X, Y) for n in self.sizes}
        self.test_accuracy = {n: percent_correct(predictors[n], X_test, Y_test) for n in self.sizes}
        self.fig, (self.ax_map, self.ax_curve) = new_figure("wide", ncols=2)
        self._draw_curve_panel()
        self.slider = widgets.SelectionSlider(
            options=self.sizes, value=self.sizes[0] if size is None else size
        )
        self.slider.description = "hidden units"
        self.slider.layout.width = "420px"
        self.slider.observe(lambda change: self.update(), names="value")
        self.readout = widgets.HTML()
        self.controls = [self.slider, self.readout]
        self.update()

    def _draw_curve_panel(self) -> None:
        """Training and held-out accuracy against the hidden size, and the current-size marker."""
        ax = self.ax_curve
        train = [self.train_accuracy[n] for n in self.sizes]
        test = [self.test_accuracy[n] for n in self.sizes]
        ax.plot(self.sizes, train, "o-", color=COLORS.train, label="training points")
        ax.plot(self.sizes, test, "o-", color=COLORS.validation, label="held-out points")
        ax.axhline(50.0, color=COLORS.guide, linestyle="--", label="chance (50 %)")
        ax.set_xscale("log")
        ax.set_xticks(self.sizes, [str(n) for n in self.sizes])
        ax.minorticks_off()
        ax.set_xlabel("hidden units (log scale)")
        ax.set_ylabel("accuracy (%)")
        ax.set_ylim(40, 100)
        ax.set_title("Accuracy against the hidden size")
        (self.marker,) = ax.plot([], [], "o", ms=12, mfc="none", mec=COLORS.highlight, mew=2)
        ax.legend(fontsize=7, loc="center right")

    @property
    def size(self) -> int:
        """The hidden size shown."""
        return int(self.slider.value)

    def update(self) -> None:
        """Redraw the regions and the marker for the slider's size."""
        n = self.size
        train, test = self.train_accuracy[n], self.test_accuracy[n]
        self.ax_map.clear()
        draw_regions(self.ax_map, self.X, self.Y, self.grids[n])
        units = "hidden unit" if n == 1 else "hidden units"
        self.ax_map.set_title(f"{n} {units}: {train:.2f} % of training points")
        self.marker.set_data([n, n], [train, test])
        self.readout.value = (
            f"{n} {units}: training accuracy <b>{train:.2f} %</b>, "
            f"held-out accuracy <b>{test:.2f} %</b>"
        )
        self.redraw()
