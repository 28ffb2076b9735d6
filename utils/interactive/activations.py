"""Activation functions with sliders: ReLU units that add up to a target, and the softmax.

Interactive tools of the ReLU and softmax labs (course 2, week 2):

- :class:`ReLUFit`: a piecewise-linear target on 0 <= x <= 3 built from three ReLU units; one
  pair of sliders (w, b) per unit shows each unit's output max(0, w x + b) and their sum against
  the target.
- :class:`SoftmaxBars`: sliders over four scores z_1..z_4 and a bar chart of softmax(z).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.interactive.base import Explorer, new_figure
from utils.maths import relu
from utils.plotting import COLORS

# The target of ReLUFit is the sum of these units, (w, b) each: flat, then rising with slope 1
# from x = 1, then with slope 3 from x = 2.
TARGET_UNITS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (1.0, -1.0), (2.0, -4.0))


def softmax(z: np.ndarray) -> np.ndarray:
    """The softmax a_j = exp(z_j) / sum_k exp(z_k), computed stably (max(z) subtracted first).

    Args:
        z: scores, shape (n,).

    Returns:
        probabilities, shape (n,), positive and summing to 1.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z))
    return e / e.sum()


def relu_units(x: np.ndarray, units: tuple[tuple[float, float], ...]) -> np.ndarray:
    """The outputs of ReLU units g(w x + b), one row per unit.

    Args:
        x: inputs, shape (m,).
        units: the (w, b) of each of k units.

    Returns:
        the activations, shape (k, m).
    """
    return np.array([relu(w * x + b) for w, b in units])


class ReLUFit(Explorer):
    """Sliders over the (w, b) of three ReLU units; their sum is drawn against the target.

    Attributes:
        units: the current (w, b) of each unit.
        error: the largest gap |sum of units - target| over the plotted x values.
    """

    def __init__(self, units: tuple[tuple[float, float], ...] = ((1.0, 0.0),) * 3) -> None:
        """Args:
        units: the starting (w, b) of the three units.
        """
        self.x = np.linspace(0.0, 3.0, 301)
        self.target = relu_units(self.x, TARGET_UNITS).sum(axis=0)
        self.fig, (self.ax_units, self.ax_sum) = new_figure("wide", ncols=2)
        colors = COLORS.series[:3]
        self.unit_lines = [
            self.ax_units.plot([], [], color=c, label=f"unit {i}")[0] for i, c in enumerate(colors)
        ]
        self.ax_units.set(xlabel="x", ylabel="a = max(0, w x + b)", title="Each ReLU unit")
        self.ax_units.set_xlim(0, 3)
        self.ax_units.set_ylim(-0.2, 5)
        self.ax_units.legend(loc="upper left")
        self.ax_sum.plot(self.x, self.target, color=COLORS.data, lw=4, alpha=0.4, label="target")
        (self.sum_line,) = self.ax_sum.plot([], [], color=COLORS.total, label="sum of units")
        self.ax_sum.set(xlabel="x", ylabel="y", title="Sum of the units vs target")
        self.ax_sum.set_xlim(0, 3)
        self.ax_sum.set_ylim(-0.2, 5)
        self.ax_sum.legend(loc="upper left")
        self.label = self.ax_sum.text(0.97, 0.05, "", ha="right", transform=self.ax_sum.transAxes)
        self.sliders: list[tuple[widgets.FloatSlider, widgets.FloatSlider]] = []
        for i, (w, b) in enumerate(units):
            pair = (
                widgets.FloatSlider(value=w, min=-3, max=3, step=0.5, description=f"w{i}"),
                widgets.FloatSlider(value=b, min=-6, max=3, step=0.5, description=f"b{i}"),
            )
            for s in pair:
                s.layout.width = "230px"
                s.observe(lambda change: self.update(), names="value")
            self.sliders.append(pair)
        self.controls = [widgets.VBox(list(pair)) for pair in self.sliders]
        self.update()

    def set_units(self, units: tuple[tuple[float, float], ...]) -> None:
        """Move the sliders to the given (w, b) of each unit (the figure follows).

        Args:
            units: the (w, b) of the three units.
        """
        for (sw, sb), (w, b) in zip(self.sliders, units, strict=True):
            sw.value, sb.value = w, b

    def update(self) -> None:
        """Read the sliders, redraw each unit, their sum and the fit error."""
        self.units = tuple((float(sw.value), float(sb.value)) for sw, sb in self.sliders)
        outputs = relu_units(self.x, self.units)
        for line, a in zip(self.unit_lines, outputs, strict=True):
            line.set_data(self.x, a)
        total = outputs.sum(axis=0)
        self.sum_line.set_data(self.x, total)
        self.error = float(np.max(np.abs(total - self.target)))
        self.label.set_text(f"fit error = {self.error:.3f}")
        self.redraw()


class SoftmaxBars(Explorer):
    """Sliders over four scores z_1..z_4; a bar chart shows a = softmax(z).

    Attributes:
        z: the current scores, shape (4,).
        a: softmax(z), shape (4,).
    """

    def __init__(self, z: tuple[float, ...] = (1.0, 2.0, 3.0, 4.0)) -> None:
        """Args:
        z: the starting four scores.
        """
        self.fig, self.ax = new_figure("small")
        self.bars = self.ax.bar(np.arange(1, 5), np.zeros(4), color=COLORS.model)
        self.texts = [self.ax.text(i + 1, 0.0, "", ha="center", va="bottom") for i in range(4)]
        self.ax.set_xticks(np.arange(1, 5), [f"$a_{i}$" for i in range(1, 5)])
        self.ax.set(ylim=(0, 1.1), ylabel="probability $a_j$", title="softmax(z)")
        self.sliders = [
            widgets.FloatSlider(value=v, min=-5, max=5, step=0.1, description=f"z{i + 1}")
            for i, v in enumerate(z)
        ]
        for s in self.sliders:
            s.layout.width = "220px"
            s.observe(lambda change: self.update(), names="value")
        self.controls = [widgets.VBox(self.sliders)]
        self.update()

    def update(self) -> None:
        """Read the sliders and redraw the bars and their labels."""
        self.z = np.array([s.value for s in self.sliders], dtype=float)
        self.a = softmax(self.z)
        for bar, text, a in zip(self.bars, self.texts, self.a, strict=True):
            bar.set_height(a)
            text.set_y(a + 0.01)
            text.set_text(f"{a:.3f}")
        self.redraw()
