"""Interactive tools and plot helpers of the classification labs (course 1, week 3).

- :class:`ThresholdExplorer`: click to add tumours; linear regression refits and its 0.5 threshold
  moves, showing why a straight line is a poor classifier.
- :class:`SigmoidExplorer`: sliders over ``w`` and ``b`` of the logistic model ``g(w x + b)`` drawn
  over one-feature data, with its decision boundary.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text

from utils.interactive.base import Explorer, new_figure
from utils.maths import fit_least_squares, sigmoid
from utils.plotting import COLORS, plot_classes_1d

Y_LIMITS = (-0.5, 1.3)


def _offsets(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Points as the (k, 2) array that ``PathCollection.set_offsets`` takes."""
    return np.column_stack([x, y]) if x.size else np.empty((0, 2))


def _status_text(ax: Axes) -> Text:
    """An empty text box between the two rows of examples, for the model's numbers."""
    return ax.text(
        0.02,
        0.74,
        "",
        transform=ax.transAxes,
        va="top",
        bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
    )


def _legend(ax: Axes) -> None:
    """The legend in the lower right corner, where a rising curve leaves room."""
    ax.legend(loc="lower right", ncols=2)


class ThresholdExplorer(Explorer):
    """Linear regression used as a classifier: predict 1 when ``w x + b >= 0.5``.

    A click on the axes adds a training example at the clicked ``x``: malignant (y = 1) when the
    click is in the upper half (above 0.5), benign (y = 0) otherwise. The line is refitted by least
    squares and the threshold ``x`` where it crosses 0.5 moves. Examples on the wrong side of the
    threshold are circled. **Reset** restores the starting examples.

    Attributes:
        x, y: the current examples, shape (m,) each.
        w, b: the least-squares line.
        threshold: the ``x`` where ``w x + b = 0.5`` (NaN for a flat line).
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        *,
        xlabel: str = "mean radius (image units)",
        xlim: tuple[float, float] | None = None,
    ) -> None:
        """Fit the starting examples and draw them.

        Args:
            x: inputs, shape (m,), at least two distinct values.
            y: labels 0 or 1, shape (m,).
            xlabel: the x axis label, with units.
            xlim: the x range to show; by default the data plus as much empty room on the right
                (where the learner can click to add large tumours).
        """
        self._x0 = np.asarray(x, dtype=np.float64).copy()
        self._y0 = np.asarray(y, dtype=np.float64).copy()
        span = float(np.ptp(self._x0)) or 1.0
        self._xlim0 = xlim or (
            float(self._x0.min()) - 0.1 * span,
            float(self._x0.max()) + 1.0 * span,
        )
        self.fig, self.ax = new_figure("medium")
        self._draw_static(xlabel)
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.reset_button.on_click(lambda _button: self.reset())
        self.controls = [self.reset_button]
        self.on_click(self.ax, self._clicked)
        self.reset()

    def _draw_static(self, xlabel: str) -> None:
        ax = self.ax
        self.ones, self.zeros = plot_classes_1d(ax, self._x0[:0], self._y0[:0])
        self.wrong = ax.scatter(
            [],
            [],
            s=260,
            facecolors="none",
            edgecolors=COLORS.highlight,
            linewidths=1.5,
            label="misclassified",
            zorder=2,
        )
        (self.line,) = ax.plot([], [], color=COLORS.model, label="linear regression f(x)")
        ax.axhline(0.5, color=COLORS.guide, linestyle=":", linewidth=1.5)
        self.threshold_line = ax.axvline(
            np.nan, color=COLORS.boundary, linestyle="--", label="threshold: f(x) = 0.5"
        )
        self.status = _status_text(ax)
        ax.set_ylim(*Y_LIMITS)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("y (1 = malignant)")
        ax.set_title("Click to add a tumour: above the dotted line malignant, below benign")
        _legend(ax)

    def reset(self) -> None:
        """Go back to the starting examples."""
        self.x, self.y = self._x0.copy(), self._y0.copy()
        self.ax.set_xlim(*self._xlim0)
        self._refit()

    def add_point(self, x: float, label: int) -> None:
        """Add one training example and refit.

        Args:
            x: its input.
            label: 1 (malignant) or 0 (benign).
        """
        self.x = np.append(self.x, float(x))
        self.y = np.append(self.y, float(label))
        lo, hi = self.ax.get_xlim()
        if not lo <= x <= hi:  # added from code beyond the view: widen it
            span = hi - lo
            self.ax.set_xlim(min(lo, x - 0.05 * span), max(hi, x + 0.05 * span))
        self._refit()

    def _clicked(self, x: float, y: float) -> None:
        self.add_point(x, int(y >= 0.5))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Classify with the current line: 1 where ``w x + b >= 0.5``.

        Args:
            x: inputs, shape (k,).

        Returns:
            0/1 predictions, shape (k,), int.
        """
        return (self.w * np.asarray(x) + self.b >= 0.5).astype(int)

    def misclassified(self) -> np.ndarray:
        """Which current examples the threshold puts on the wrong side.

        Returns:
            Boolean mask, shape (m,).
        """
        return self.predict(self.x) != self.y

    def _refit(self) -> None:
        self.w, self.b = fit_least_squares(self.x, self.y)
        self.threshold = (0.5 - self.b) / self.w if self.w != 0 else float("nan")
        self._update_artists()
        self.redraw()

    def _update_artists(self) -> None:
        malignant, wrong = self.y == 1, self.misclassified()
        self.ones.set_offsets(_offsets(self.x[malignant], self.y[malignant]))
        self.zeros.set_offsets(_offsets(self.x[~malignant], self.y[~malignant]))
        self.wrong.set_offsets(_offsets(self.x[wrong], self.y[wrong]))
        xs = np.linspace(*self.ax.get_xlim(), 2)
        self.line.set_data(xs, self.w * xs + self.b)
        self.threshold_line.set_xdata([self.threshold, self.threshold])
        self.status.set_text(
            f"f(x) = {self.w:.3f} x {'-' if self.b < 0 else '+'} {abs(self.b):.3f}\n"
            f"threshold x = {self.threshold:.2f}\n"
            f"misclassified: {int(wrong.sum())} of {self.x.size}"
        )


class SigmoidExplorer(Explorer):
    """Logistic regression ``f(x) = g(w x + b)`` over one-feature data, with sliders on w and b.

    The curve is the predicted probability that ``y = 1``; the dashed line is the decision
    boundary ``x = -b / w`` where ``f(x) = 0.5``.

    Attributes:
        w, b: the current parameters (the sliders' values).
        w_slider, b_slider: the two ``FloatSlider`` controls.
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        *,
        w: float = 1.0,
        b: float = -15.0,
        w_range: tuple[float, float] = (-1.0, 4.0),
        b_range: tuple[float, float] = (-60.0, 10.0),
        xlabel: str = "mean radius (image units)",
    ) -> None:
        """Draw the data and the model for the starting parameters.

        Args:
            x: inputs, shape (m,).
            y: labels 0 or 1, shape (m,).
            w, b: starting parameters.
            w_range, b_range: the sliders' ranges.
            xlabel: the x axis label, with units.
        """
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.fig, self.ax = new_figure("medium")
        plot_classes_1d(self.ax, self.x, self.y)
        span = float(np.ptp(self.x)) or 1.0
        self._xs = np.linspace(self.x.min() - 0.1 * span, self.x.max() + 0.1 * span, 300)
        (self.curve,) = self.ax.plot([], [], color=COLORS.model, label="f(x) = g(w x + b)")
        self.ax.axhline(0.5, color=COLORS.guide, linestyle=":", linewidth=1.5)
        self.boundary_line = self.ax.axvline(
            np.nan, color=COLORS.boundary, linestyle="--", label="decision boundary"
        )
        self.status = _status_text(self.ax)
        self.ax.set_xlim(self._xs[0], self._xs[-1])
        self.ax.set_ylim(*Y_LIMITS)
        self.ax.set_xlabel(xlabel)
        self.ax.set_ylabel("probability of y = 1")
        self.ax.set_title("Move w and b: the sigmoid over the data")
        _legend(self.ax)
        self.w_slider = widgets.FloatSlider(
            value=w, min=w_range[0], max=w_range[1], step=0.05, description="w"
        )
        self.b_slider = widgets.FloatSlider(
            value=b, min=b_range[0], max=b_range[1], step=0.5, description="b"
        )
        for slider in (self.w_slider, self.b_slider):
            slider.observe(lambda _change: self._update(), names="value")
        self.controls = [self.w_slider, self.b_slider]
        self._update()

    @property
    def boundary(self) -> float:
        """The input where ``w x + b = 0`` (NaN when w = 0)."""
        return -self.b / self.w if self.w != 0 else float("nan")

    def _update(self) -> None:
        self.w, self.b = float(self.w_slider.value), float(self.b_slider.value)
        self.curve.set_data(self._xs, sigmoid(self.w * self._xs + self.b))
        self.boundary_line.set_xdata([self.boundary, self.boundary])
        wrong = int(np.sum((self.w * self.x + self.b >= 0) != (self.y == 1)))
        self.status.set_text(
            f"w = {self.w:.2f}, b = {self.b:.1f}\nboundary x = {self.boundary:.2f}\n"
            f"misclassified: {wrong} of {self.x.size}"
        )
        self.redraw()
