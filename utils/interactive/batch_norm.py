"""Training curves with and without batch normalization, with a slider over the learning rate.

Interactive tool of the batch-norm lab (course 4, week 2): :class:`LearningRateCurves` draws the
training loss per epoch of the same network without and with batch norm, both trained at the
learning rate the slider picks, on a log scale, with a readout of the final losses. The curves are
computed beforehand (one training per rate and network): moving the slider only redraws.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS

DIVERGED = 10.0
"""The loss drawn for an epoch whose loss overflowed (inf or nan) or exceeds it."""


def clipped(losses: np.ndarray) -> np.ndarray:
    """Losses as drawn: inf, nan and values above DIVERGED become DIVERGED.

    Args:
        losses: any shape.

    Returns:
        An array of the same shape, finite, at most DIVERGED.
    """
    losses = np.asarray(losses, dtype=float)
    return np.where(np.isfinite(losses), np.minimum(losses, DIVERGED), DIVERGED)


class LearningRateCurves(Explorer):
    """A slider over the learning rate shows both networks' training curves at that rate.

    Attributes:
        rate: the learning rate shown.
        final: (loss of the last epoch without batch norm, with batch norm), clipped.
    """

    def __init__(
        self,
        rates: Sequence[float],
        plain: np.ndarray,
        with_bn: np.ndarray,
        rate: float | None = None,
    ) -> None:
        """Args:
        rates: the learning rates trained, increasing, length R.
        plain: training loss per epoch without batch norm, shape (R, epochs).
        with_bn: the same with batch norm, shape (R, epochs).
        rate: the rate shown first, one of ``rates`` (default: the first).
        """
        self.rates = [float(r) for r in rates]
        self.plain, self.with_bn = clipped(plain), clipped(with_bn)
        if self.plain.shape != self.with_bn.shape or self.plain.shape[0] != len(self.rates):
            raise ValueError("plain and with_bn must both have one row per rate")
        epochs = np.arange(1, self.plain.shape[1] + 1)
        self.fig, self.ax = new_figure("single")
        (self.line_plain,) = self.ax.plot(
            epochs, self.plain[0], color=COLORS.model, marker="o", label="without batch norm"
        )
        (self.line_bn,) = self.ax.plot(
            epochs, self.with_bn[0], color=COLORS.alternative, marker="o", label="with batch norm"
        )
        self.ax.axhline(np.log(10), color=COLORS.guide, linestyle="--", label="chance, ln 10")
        self.ax.set_yscale("log")
        low = min(self.plain.min(), self.with_bn.min())
        self.ax.set_ylim(low / 2, DIVERGED * 2)
        self.ax.set_xlabel("epoch")
        self.ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax.set_ylabel("training loss (log scale)")
        self.ax.legend(loc="lower left", fontsize=8)
        self.readout = self.ax.text(
            0.98, 0.97, "", ha="right", va="top", transform=self.ax.transAxes
        )
        self.slider = widgets.SelectionSlider(
            options=self.rates, value=self.rates[0], description="learning rate"
        )
        self.slider.observe(lambda change: self.set_rate(change["new"]), names="value")
        self.controls = [self.slider]
        self.set_rate(self.rates[0] if rate is None else rate)
        if self.slider.value != self.rate:
            self.slider.value = self.rate

    def set_rate(self, rate: float) -> None:
        """Show the curves trained at ``rate``.

        Args:
            rate: one of the rates given to the tool.
        """
        row = self.rates.index(float(rate))
        self.rate = self.rates[row]
        self.line_plain.set_ydata(self.plain[row])
        self.line_bn.set_ydata(self.with_bn[row])
        self.final = (float(self.plain[row, -1]), float(self.with_bn[row, -1]))
        self.ax.set_title(f"Training loss at learning rate {self.rate:g}")
        self.readout.set_text(
            f"final loss: {self.final[0]:.3f} without, {self.final[1]:.3f} with batch norm"
        )
        self.redraw()
