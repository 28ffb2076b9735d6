"""Gradient descent for logistic regression with one feature, watched from four sides.

The tool of the lab "Gradient descent for logistic regression" (course 1, week 3). The model is
f(x) = g(w x + b) with g the sigmoid, and the cost is the mean logistic loss

    J(w, b) = 1/m sum_i [ log(1 + exp(z_i)) - y_i z_i ],   z_i = w x_i + b,

which is the familiar -y log f - (1 - y) log(1 - f) written in a form that never takes the log
of zero. A click on the contour map of J chooses where descent starts; the button "Run gradient
descent" takes ``steps`` steps of size ``alpha`` from the current point. The path on the contour
map, the point on the 3-D surface, the sigmoid through the data and the cost history follow.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from utils.interactive.base import Explorer, new_figure
from utils.maths import sigmoid
from utils.plotting import COLORS, plot_classes_1d

# Ranges of w and b that frame the cost of a z-scored feature of the tumours: the lowest point
# is near (3.6, -0.6), and starting points far from it show the flat, slow parts of J.
W_RANGE = (-3.0, 9.0)
B_RANGE = (-6.0, 6.0)


def cost(x: np.ndarray, y: np.ndarray, w: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """The logistic cost J(w, b) of the one-feature model, at one (w, b) or a whole grid of them.

    Args:
        x: the feature of the m examples, shape (m,).
        y: their labels, 0 or 1, shape (m,).
        w, b: parameters, scalars or arrays of one common shape S.

    Returns:
        J(w, b), shape S (a 0-d array for scalar w and b).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    w, b = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(b, dtype=float))
    z = w[..., None] * x + b[..., None]
    return np.mean(np.logaddexp(0.0, z) - y * z, axis=-1)


def gradient(x: np.ndarray, y: np.ndarray, w: float, b: float) -> tuple[float, float]:
    """The gradient of the logistic cost, (dJ/dw, dJ/db) = mean of (f(x_i) - y_i) (x_i, 1).

    Args:
        x: the feature of the m examples, shape (m,).
        y: their labels, 0 or 1, shape (m,).
        w, b: the parameters.

    Returns:
        (dj_dw, dj_db).
    """
    err = sigmoid(w * np.asarray(x, dtype=float) + b) - np.asarray(y, dtype=float)
    return float(np.mean(err * x)), float(np.mean(err))


class LogisticDescentExplorer(Explorer):
    """Click a start on the contour map of J(w, b); the button runs gradient descent from there.

    Attributes:
        x, y: the data, shape (m,) each.
        w, b: the current parameters (the end of the path).
        path: every (w, b) visited since the start, shape (k + 1, 2) after k steps.
        history: the cost at each point of ``path``, shape (k + 1,).
        alpha, steps: sliders of the learning rate and of the number of steps per run.
        run: the "Run gradient descent" button.
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        *,
        start: tuple[float, float] = (-2.0, 4.0),
        alpha: float = 1.0,
        steps: int = 10,
        xlabel: str = "x (scaled)",
    ) -> None:
        """Draw the four views at the start point.

        Args:
            x: the feature of the m examples, shape (m,), best z-scored (the ranges of w and b
                are chosen for a feature of mean 0 and standard deviation 1).
            y: their labels, 0 or 1, shape (m,).
            start: the first (w, b).
            alpha: the learning rate at first.
            steps: the number of steps per press of the button at first.
            xlabel: the label of the feature axis.
        """
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.alpha = widgets.FloatSlider(
            value=alpha, min=0.1, max=5.0, step=0.1, description="alpha"
        )
        self.steps = widgets.IntSlider(value=steps, min=1, max=200, description="steps")
        self.run = widgets.Button(description="Run gradient descent", button_style="primary")
        self.run.on_click(lambda _button: self.descend(self.steps.value))
        self.controls = [self.alpha, self.steps, self.run]

        self.fig, axes = new_figure("wide", nrows=2, ncols=2)
        self.ax_contour, self.ax_data, self.ax_history = axes[0, 0], axes[1, 0], axes[1, 1]
        axes[0, 1].remove()
        self.ax_surface = self.fig.add_subplot(2, 2, 2, projection="3d")
        self._draw_cost_views()
        self._draw_data(xlabel)
        (self.history_line,) = self.ax_history.plot([], [], "o-", color=COLORS.model, markersize=3)
        self.ax_history.set_xlabel("step")
        self.ax_history.set_ylabel("cost J(w, b)")
        self.on_click(self.ax_contour, self.set_start)
        self.set_start(*start)

    def _draw_cost_views(self) -> None:
        ws, bs = np.linspace(*W_RANGE, 121), np.linspace(*B_RANGE, 121)
        W, B = np.meshgrid(ws, bs)
        J = cost(self.x, self.y, W, B)
        levels = np.geomspace(J.min() * 1.02, J.max(), 12)
        contours = self.ax_contour.contour(W, B, J, levels=levels, cmap="viridis")
        self.ax_contour.clabel(contours, fontsize=7, fmt="%.2f")
        self.ax_contour.set_xlabel("w")
        self.ax_contour.set_ylabel("b")
        (self.path_line,) = self.ax_contour.plot(
            [], [], "o-", color=COLORS.highlight, markersize=3, linewidth=1.5
        )
        (self.start_mark,) = self.ax_contour.plot([], [], "s", color=COLORS.highlight, markersize=7)
        step = 4  # a coarser grid for the surface keeps it light to rotate
        self.ax_surface.plot_surface(
            W[::step, ::step],
            B[::step, ::step],
            J[::step, ::step],
            cmap="viridis",
            alpha=0.6,
            linewidth=0,
        )
        (self.surface_path,) = self.ax_surface.plot(
            [], [], [], "-", color=COLORS.highlight, linewidth=1.5, zorder=4
        )
        (self.surface_point,) = self.ax_surface.plot(
            [], [], [], "o", color=COLORS.highlight, markersize=7, zorder=5
        )
        self.ax_surface.set_xlabel("w")
        self.ax_surface.set_ylabel("b")
        self.ax_surface.set_zlabel("J(w, b)")
        self.ax_surface.view_init(elev=30, azim=-60)

    def _draw_data(self, xlabel: str) -> None:
        ax: Axes = self.ax_data
        plot_classes_1d(ax, self.x, self.y, names=("y = 1", "y = 0"))
        ax.axhline(0.5, color=COLORS.guide, linestyle=":", linewidth=1.5)
        self.xs = np.linspace(self.x.min(), self.x.max(), 200)
        (self.curve,) = ax.plot([], [], color=COLORS.model, label="f(x) = g(w x + b)")
        ax.set_ylim(-0.1, 1.1)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("y and f(x)")
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.08))

    def set_start(self, w: float, b: float) -> None:
        """Start a new descent at (w, b): the path and the history restart there.

        Args:
            w, b: the new starting parameters.
        """
        self.w, self.b = float(w), float(b)
        self.path = np.array([[self.w, self.b]])
        self.history = np.array([float(cost(self.x, self.y, self.w, self.b))])
        self._update()

    def descend(self, n: int) -> None:
        """Take ``n`` steps of gradient descent with the current learning rate.

        Args:
            n: the number of steps.
        """
        alpha = self.alpha.value
        points, costs = [], []
        for _ in range(n):
            dj_dw, dj_db = gradient(self.x, self.y, self.w, self.b)
            self.w, self.b = self.w - alpha * dj_dw, self.b - alpha * dj_db
            points.append((self.w, self.b))
            costs.append(float(cost(self.x, self.y, self.w, self.b)))
        self.path = np.vstack([self.path, points])
        self.history = np.append(self.history, costs)
        self._update()

    def _update(self) -> None:
        self.path_line.set_data(self.path[:, 0], self.path[:, 1])
        self.start_mark.set_data([self.path[0, 0]], [self.path[0, 1]])
        self.surface_path.set_data_3d(self.path[:, 0], self.path[:, 1], self.history)
        self.surface_point.set_data_3d([self.w], [self.b], [self.history[-1]])
        self.curve.set_data(self.xs, sigmoid(self.w * self.xs + self.b))
        self.history_line.set_data(np.arange(self.history.size), self.history)
        self.ax_history.relim()
        self.ax_history.autoscale_view()
        steps = self.history.size - 1
        self.ax_contour.set_title(f"w = {self.w:.3f}, b = {self.b:.3f}")
        self.ax_history.set_title(f"after {steps} steps: J = {self.history[-1]:.4f}")
        self.ax_data.set_title("the data and the model's sigmoid")
        self.ax_surface.set_title("J(w, b) and the current point")
        self.redraw()
