"""Face verification's threshold: accept a pair when its distance is at most tau.

Interactive tool of the face-verification lab (course 4, week 4):

- :class:`VerificationExplorer`: a slider over the threshold tau. The left panel draws the
  histograms of the distances of positive pairs (same identity) and negative pairs (other
  identity) with tau as a vertical line; the right panel draws the ROC curve (true accept rate
  against false accept rate over every threshold) with the point of the current tau. The titles
  read the false accept and false reject rates at tau.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS


def rates(pos: np.ndarray, neg: np.ndarray, threshold: float) -> tuple[float, float]:
    """The error rates of accepting a pair when its distance is at most ``threshold``.

    Args:
        pos: distances of positive pairs (same identity), shape (m,).
        neg: distances of negative pairs (other identities), shape (k,).
        threshold: tau; a pair is accepted when its distance <= tau.

    Returns:
        (false accept rate, false reject rate), fractions in [0, 1]: the share of ``neg`` at most
        tau, and the share of ``pos`` above it.
    """
    return float(np.mean(neg <= threshold)), float(np.mean(pos > threshold))


def roc_points(pos: np.ndarray, neg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """False and true accept rates at every distinct threshold, from accepting nothing to all.

    Args:
        pos: distances of positive pairs, shape (m,).
        neg: distances of negative pairs, shape (k,).

    Returns:
        far, tar: shape (m + k + 1,) each, non-decreasing, from (0, 0) to (1, 1).
    """
    thresholds = np.concatenate([[-np.inf], np.sort(np.concatenate([pos, neg]))])
    far = np.array([np.mean(neg <= t) for t in thresholds])
    tar = np.array([np.mean(pos <= t) for t in thresholds])
    return far, tar


class VerificationExplorer(Explorer):
    """Slide the threshold tau; see which pairs it accepts and where it sits on the ROC curve.

    Attributes:
        threshold: the current tau.
        far, frr: the false accept and false reject rates at tau (fractions).
    """

    def __init__(self, pos: np.ndarray, neg: np.ndarray, threshold: float) -> None:
        """Args:
        pos: distances of positive pairs, shape (m,).
        neg: distances of negative pairs, shape (k,).
        threshold: the starting tau (e.g. the one chosen on training pairs).
        """
        self.pos = np.asarray(pos, dtype=float)
        self.neg = np.asarray(neg, dtype=float)
        top = float(max(self.pos.max(), self.neg.max()))
        self.fig, (self.ax_hist, self.ax_roc) = new_figure("wide", ncols=2)
        bins = np.linspace(0.0, top, 30)
        self.ax_hist.hist(self.pos, bins=bins, color=COLORS.positive, alpha=0.6, label="same")
        self.ax_hist.hist(self.neg, bins=bins, color=COLORS.negative, alpha=0.6, label="other")
        self.tau_line = self.ax_hist.axvline(threshold, color=COLORS.boundary, lw=2, label="τ")
        self.ax_hist.set(xlabel="squared distance", ylabel="pairs")
        self.ax_hist.legend(fontsize=8)
        far, tar = roc_points(self.pos, self.neg)
        self.ax_roc.plot(far, tar, color=COLORS.model)
        self.ax_roc.plot([0, 1], [0, 1], color=COLORS.guide, ls="--")
        self.point = self.ax_roc.scatter([0.0], [0.0], color=COLORS.highlight, s=50, zorder=3)
        self.ax_roc.set(xlabel="false accept rate", ylabel="true accept rate")
        self.slider = widgets.FloatSlider(
            value=threshold, min=0.0, max=round(top, 2), step=0.01, description="τ"
        )
        self.slider.layout.width = "420px"
        self.slider.observe(lambda change: self.update(), names="value")
        self.controls = [self.slider]
        self.update()

    def set_threshold(self, threshold: float) -> None:
        """Move tau (through the slider; the figure follows).

        Args:
            threshold: the new tau, clipped to the slider's range.
        """
        self.slider.value = threshold

    def update(self) -> None:
        """Read the slider; move the line and the ROC point, and write the rates."""
        self.threshold = float(self.slider.value)
        self.far, self.frr = rates(self.pos, self.neg, self.threshold)
        self.tau_line.set_xdata([self.threshold, self.threshold])
        self.point.set_offsets([[self.far, 1.0 - self.frr]])
        self.ax_hist.set_title(f"τ = {self.threshold:.2f}: accept left of the line")
        self.ax_roc.set_title(
            f"false accept {100 * self.far:.1f} %, false reject {100 * self.frr:.1f} %"
        )
        self.redraw()
