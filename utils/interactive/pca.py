"""Principal component analysis by hand: turn a projection axis through a centred 2-D cloud.

Interactive tool of the PCA lab (course 3, week 2):

- :class:`ProjectionExplorer`: a slider over the angle of a line through the origin. The left panel
  draws the centred points, the line, each point's projection onto it and its error segment; the
  right panel plots, against the angle, the variance of the projections and the mean squared
  projection error, which add up to the total variance. The best angle (the first principal
  component) is marked; a button moves the axis there, and a click on the left panel points the
  axis at the clicked point.

Angles are in degrees, measured from the first axis, between -90 and 90: the angles t and t + 180
give the same line.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS, plot_data

ANGLE_RANGE: tuple[float, float] = (-90.0, 90.0)


def unit_vector(angle: float) -> np.ndarray:
    """The unit direction at ``angle`` degrees from the first axis.

    Args:
        angle: the direction's angle, in degrees.

    Returns:
        u = (cos angle, sin angle), shape (2,).
    """
    theta = np.radians(angle)
    return np.array([np.cos(theta), np.sin(theta)])


def fold_angle(angle: float) -> float:
    """The angle of the same line, brought into [-90, 90] degrees.

    Args:
        angle: any angle, in degrees.

    Returns:
        ``angle`` plus a multiple of 180, with -90 <= result < 90.
    """
    return (angle + 90.0) % 180.0 - 90.0


def project(X: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project points onto the line through the origin along the unit vector ``u``.

    Args:
        X: points, shape (m, n).
        u: a unit vector, shape (n,).

    Returns:
        z: the coordinates along the line, z_i = x_i . u, shape (m,).
        X_hat: the reconstructions z_i u, shape (m, n).
    """
    z = X @ u
    return z, np.outer(z, u)


def projection_stats(X: np.ndarray, angle: float) -> tuple[float, float]:
    """Variance of the projections and mean squared projection error for one angle.

    Args:
        X: centred points (each column has mean 0), shape (m, 2).
        angle: the angle of the projection axis, in degrees.

    Returns:
        variance: mean of z_i**2 (the variance of z, since z has mean 0).
        mse: mean of ||x_i - z_i u||**2.
    """
    z, X_hat = project(X, unit_vector(angle))
    return float(np.mean(z**2)), float(np.mean(np.sum((X - X_hat) ** 2, axis=1)))


def best_angle(X: np.ndarray) -> float:
    """The angle whose axis keeps the most variance: the first principal component in 2-D.

    The variance along angle t is (sxx + syy) / 2 + (sxx - syy) / 2 cos 2t + sxy sin 2t, largest
    at 2t = atan2(2 sxy, sxx - syy).

    Args:
        X: centred points, shape (m, 2).

    Returns:
        the best angle, in degrees, with -90 <= angle < 90.
    """
    sxx, syy = np.mean(X[:, 0] ** 2), np.mean(X[:, 1] ** 2)
    sxy = np.mean(X[:, 0] * X[:, 1])
    return fold_angle(float(np.degrees(0.5 * np.arctan2(2 * sxy, sxx - syy))))


class ProjectionExplorer(Explorer):
    """A slider (and a click) turns the projection axis; the variance and the error follow.

    Attributes:
        X: the centred points, shape (m, 2).
        angle: the current angle of the axis, in degrees.
        u: the current unit direction, shape (2,).
        z: the projections' coordinates along the axis, shape (m,).
        X_hat: the projected points z_i u, shape (m, 2).
        variance: mean of z_i**2.
        mse: mean squared projection error.
        total: the total variance, mean of ||x_i||**2 (= variance + mse at every angle).
        best: the angle of the first principal component, in degrees.
    """

    def __init__(self, X: np.ndarray, angle: float = 0.0) -> None:
        """Args:
        X: points, shape (m, 2); the tool centres them (subtracts each column's mean).
        angle: the starting angle of the axis, in degrees.
        """
        self.X = np.asarray(X, dtype=float) - np.mean(X, axis=0)
        self.total = float(np.mean(np.sum(self.X**2, axis=1)))
        self.best = best_angle(self.X)
        self.fig, (self.ax_data, self.ax_curve) = new_figure("wide", ncols=2)
        self._draw_data_panel()
        self._draw_curve_panel()
        self.slider = widgets.FloatSlider(
            value=angle, min=ANGLE_RANGE[0], max=ANGLE_RANGE[1], step=0.5, description="angle (°)"
        )
        self.slider.layout.width = "420px"
        self.slider.observe(lambda change: self.update(), names="value")
        self.best_button = widgets.Button(description="best angle")
        self.best_button.on_click(lambda _button: self.set_angle(self.best))
        self.controls = [self.slider, self.best_button]
        self.on_click(self.ax_data, self.point_at)
        self.update()

    def _draw_data_panel(self) -> None:
        """The points, and empty artists for the axis, the projections and the errors."""
        ax = self.ax_data
        self.limit = 1.15 * float(np.max(np.abs(self.X)))
        self.errors = LineCollection([], colors=COLORS.error, linewidths=1, zorder=1)
        ax.add_collection(self.errors)
        plot_data(
            ax,
            self.X[:, 0],
            self.X[:, 1],
            xlabel="$x_1$ (centred)",
            ylabel="$x_2$ (centred)",
            label="data $x$",
        )
        (self.axis_line,) = ax.plot([], [], color=COLORS.model, lw=2, label="axis $u$")
        self.projections = ax.scatter(
            np.zeros(0),
            np.zeros(0),
            s=18,
            color=COLORS.highlight,
            zorder=3,
            label="projection $z u$",
        )
        ax.set_xlim(-self.limit, self.limit)
        ax.set_ylim(-self.limit, self.limit)
        ax.set_aspect("equal")
        ax.legend(loc="lower right", fontsize=8)

    def _draw_curve_panel(self) -> None:
        """Variance and error against the angle, their constant sum, and the best angle."""
        ax = self.ax_curve
        angles = np.linspace(*ANGLE_RANGE, 361)
        stats = np.array([projection_stats(self.X, a) for a in angles])
        ax.plot(angles, stats[:, 0], color=COLORS.highlight, label="variance of $z$")
        ax.plot(angles, stats[:, 1], color=COLORS.error, label="mean squared error")
        ax.axhline(self.total, color=COLORS.total, ls="--", label="total variance")
        best_variance, _ = projection_stats(self.X, self.best)
        self.best_marker = ax.scatter(
            [self.best],
            [best_variance],
            marker="*",
            s=160,
            color=COLORS.optimum,
            zorder=4,
            label=f"best angle {self.best:.1f}°",
        )
        self.angle_line = ax.axvline(0.0, color=COLORS.model, lw=1.5)
        ax.set(
            xlabel="angle of the axis (degrees)",
            ylabel="variance (squared units)",
            xlim=ANGLE_RANGE,
            ylim=(0, 1.4 * self.total),
        )
        ax.set_xticks(np.arange(-90, 91, 30))
        ax.legend(loc="upper center", ncol=2, fontsize=8)

    def set_angle(self, angle: float) -> None:
        """Turn the axis to ``angle`` degrees (through the slider; the figure follows).

        Args:
            angle: the new angle, in degrees; folded into [-90, 90).
        """
        self.slider.value = fold_angle(angle)

    def point_at(self, x: float, y: float) -> None:
        """Point the axis at (x, y), e.g. a clicked point of the data panel.

        Args:
            x, y: a point of the plane (not the origin).
        """
        if x != 0.0 or y != 0.0:
            self.set_angle(float(np.degrees(np.arctan2(y, x))))

    def update(self) -> None:
        """Read the slider; redraw the axis, projections, errors and the readout."""
        self.angle = float(self.slider.value)
        self.u = unit_vector(self.angle)
        self.z, self.X_hat = project(self.X, self.u)
        self.variance, self.mse = projection_stats(self.X, self.angle)
        ends = np.outer([-1.5 * self.limit, 1.5 * self.limit], self.u)
        self.axis_line.set_data(ends[:, 0], ends[:, 1])
        self.projections.set_offsets(self.X_hat)
        self.errors.set_segments(np.stack([self.X, self.X_hat], axis=1))
        self.angle_line.set_xdata([self.angle, self.angle])
        self.ax_data.set_title(f"axis at {self.angle:.1f}°")
        self.ax_curve.set_title(
            f"variance {self.variance:.3f} + error {self.mse:.3f} = {self.variance + self.mse:.3f}"
        )
        self.redraw()
