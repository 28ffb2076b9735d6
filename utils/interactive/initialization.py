"""What the scale of the initial weights does to a deep network's activations and gradients.

The network of the optional lab c4w2-initialization-activations (course 4, week 2): ``L`` fully
connected layers of ``n`` units each, biases 0, columns are examples (the lectures' convention):

    z^[l] = W^[l] a^[l-1],   a^[l] = g(z^[l]),   a^[0] = x,   l = 1..L,

with every W^[l] = scale * G^[l], G^[l] standard normal. The loss is the squared error against
standard-normal targets Y: L = 1/(2m) sum ||a^[L] - y||^2.

Drawing order (so that anyone can rebuild the same numbers): ``rng = np.random.default_rng(seed)``,
then X = rng.standard_normal((n, m)), then G^[1], ..., G^[L] = rng.standard_normal((n, n)) each,
then Y = rng.standard_normal((n, m)). Every scale multiplies the same G^[l].

- :func:`make_network`, :func:`deep_forward`, :func:`deep_backward`: the computations.
- :func:`draw_histograms`, :func:`draw_std`: the figures of the lab.
- :class:`InitExplorer`: a slider over the weight scale (log) and a tanh/ReLU toggle redraw the
  histograms of the ten layers and the standard deviation per layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS

RELU_DECADES = 12  # ReLU histograms span 10**-12 to 10**12 (values beyond are drawn at the ends)


def scales(n: int) -> dict[str, float]:
    """The five weight scales of the lab, for layers with ``n`` inputs.

    Args:
        n: the number of inputs of each layer.

    Returns:
        name -> standard deviation of the weights: zeros 0, small 0.01, Xavier 1/sqrt(n),
        He sqrt(2/n), large 1.0.
    """
    return {
        "zeros": 0.0,
        "small": 0.01,
        "Xavier": 1.0 / np.sqrt(n),
        "He": np.sqrt(2.0 / n),
        "large": 1.0,
    }


@dataclass
class Network:
    """Inputs, standard-normal weight draws and targets of the lab's network.

    Attributes:
        X: inputs, shape (n, m).
        G: L standard-normal matrices, shape (n, n) each (the weights at scale 1).
        Y: targets, shape (n, m).
    """

    X: np.ndarray
    G: list[np.ndarray]
    Y: np.ndarray


def make_network(seed: int = 0, n: int = 100, m: int = 1000, layers: int = 10) -> Network:
    """Draw the inputs, the weights at scale 1 and the targets, in the module's documented order.

    Args:
        seed: the generator's seed.
        n: units per layer (and input features).
        m: examples.
        layers: L, the number of layers.

    Returns:
        the :class:`Network`: X (n, m), L matrices G (n, n), Y (n, m).
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m))
    G = [rng.standard_normal((n, n)) for _ in range(layers)]
    Y = rng.standard_normal((n, m))
    return Network(X, G, Y)


def activate(z: np.ndarray, activation: str) -> np.ndarray:
    """The activation: ``"tanh"`` or ``"relu"``, elementwise on any shape."""
    return np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0)


def deep_forward(net: Network, scale: float, activation: str) -> list[np.ndarray]:
    """The forward pass with W^[l] = scale * G^[l].

    Args:
        net: the network's draws.
        scale: the standard deviation of the weights.
        activation: ``"tanh"`` or ``"relu"``.

    Returns:
        [a^[0], a^[1], ..., a^[L]], shape (n, m) each (a^[0] = X).
    """
    A = [net.X]
    for G in net.G:
        A.append(activate((scale * G) @ A[-1], activation))
    return A


def deep_backward(net: Network, scale: float, activation: str) -> list[np.ndarray]:
    """The gradients dL/dW^[l] of L = 1/(2m) sum ||a^[L] - y||^2, by backpropagation.

    Args:
        net: the network's draws.
        scale: the standard deviation of the weights.
        activation: ``"tanh"`` or ``"relu"``.

    Returns:
        [dW^[1], ..., dW^[L]], shape (n, n) each.
    """
    A = deep_forward(net, scale, activation)
    m = net.X.shape[1]
    dA = (A[-1] - net.Y) / m
    grads = []
    for layer in range(len(net.G), 0, -1):
        a = A[layer]
        dZ = dA * (1.0 - a**2) if activation == "tanh" else dA * (a > 0)
        grads.append(dZ @ A[layer - 1].T)
        dA = (scale * net.G[layer - 1]).T @ dZ
    return grads[::-1]


def layer_stds(A: list[np.ndarray]) -> np.ndarray:
    """The standard deviation of every layer's activations (all units and examples together).

    Args:
        A: [a^[0], ..., a^[L]] as :func:`deep_forward` returns them.

    Returns:
        shape (L,): the std of a^[1], ..., a^[L].
    """
    return np.array([a.std() for a in A[1:]])


def draw_histograms(axes: np.ndarray, A: list[np.ndarray], activation: str) -> None:
    """One small histogram per layer: the values of a^[l] over all units and examples.

    Args:
        axes: L axes (any shape, read in order).
        A: [a^[0], ..., a^[L]] as :func:`deep_forward` returns them.
        activation: ``"tanh"`` (shared range [-1, 1]) or ``"relu"`` (log10 of
            the positive values, from 1e-12 to 1e12, shared by every panel).
    """
    for layer, ax in enumerate(np.ravel(axes), start=1):
        for patch in list(ax.patches):  # a previous histogram (cheaper than ax.clear())
            patch.remove()
        a = A[layer].ravel()
        if activation == "tanh":
            counts, edges = np.histogram(a, bins=np.linspace(-1.0, 1.0, 41))
            ax.set_xticks([-1, 0, 1], ["-1", "0", "1"])
        else:  # log10 of the positive values: the units at exactly 0 (about half) are left out
            shown = np.clip(np.log10(a[a > 0]), -RELU_DECADES, RELU_DECADES)
            counts, edges = np.histogram(shown, np.linspace(-RELU_DECADES, RELU_DECADES, 97))
            ax.set_xticks([-10, 0, 10], ["1e-10", "1", "1e10"])
        ax.stairs(counts, edges, fill=True, color=COLORS.model)  # one artist: quick to draw
        ax.relim()
        ax.autoscale_view()
        ax.set_xlim(edges[0], edges[-1])
        ax.set_title(f"layer {layer}", fontsize=9)
        ax.set_yticks([])
        ax.tick_params(labelsize=7)
        ax.set_xlabel(f"std {a.std():.2g}", fontsize=8, labelpad=1)


def draw_std(ax: Axes, stds: dict[str, np.ndarray], title: str) -> None:
    """The standard deviation of the activations per layer, one line per weight scale (log y).

    Args:
        ax: the axes.
        stds: label -> shape (L,) stds of layers 1..L (a series that is 0 everywhere is skipped).
        title: the panel's title.
    """
    for (label, s), color in zip(stds.items(), COLORS.series, strict=False):
        if np.any(s > 0):
            ax.plot(np.arange(1, len(s) + 1), s, "o-", color=color, label=label, ms=4)
    ax.set(yscale="log", xlabel="layer $l$", ylabel="std of $a^{[l]}$", title=title)
    ax.legend(fontsize=8)


class InitExplorer(Explorer):
    """A slider over log10 of the weight scale and a tanh/ReLU toggle; the ten layers'
    histograms and the std per layer follow.

    Attributes:
        scale: the current weight scale.
        activation: ``"tanh"`` or ``"relu"``.
        stds: shape (L,), the std of each layer's activations at the current settings.
    """

    def __init__(self, net: Network, scale: float = 0.1, activation: str = "tanh") -> None:
        """Args:
        net: the network's draws (10 layers: the histograms are a 2 x 5 grid).
        scale: the starting weight scale, between 0.001 and 10.
        activation: ``"tanh"`` or ``"relu"``.
        """
        self.net = net
        self.fig, axes = new_figure(
            "strip", nrows=3, ncols=5, gridspec_kw={"height_ratios": [1, 1, 1.3]}
        )
        for ax in axes[2]:
            ax.remove()
        self.hist_axes = axes[:2].ravel()
        self.ax_std = self.fig.add_subplot(axes[0, 0].get_gridspec()[2, :])
        (self.std_line,) = self.ax_std.plot([], [], "o-", color=COLORS.model, ms=4)
        self.ax_std.axhline(1.0, color=COLORS.guide, ls="--", lw=1)  # the inputs' std
        self.ax_std.set(
            yscale="log", ylim=(1e-16, 1e16), xlim=(0.5, len(net.G) + 0.5),
            xlabel="layer $l$", ylabel="std of $a^{[l]}$",
        )  # fmt: skip
        self.slider = widgets.FloatLogSlider(
            value=scale, base=10, min=-3, max=1, step=0.05, description="weight scale",
            readout_format=".3g",
        )  # fmt: skip
        self.toggle = widgets.ToggleButtons(options=["tanh", "relu"], value=activation)
        self.slider.observe(lambda change: self.update(), names="value")
        self.toggle.observe(lambda change: self.update(), names="value")
        self.controls = [self.slider, self.toggle]
        self._holding = False
        self.update()

    def set(self, scale: float | None = None, activation: str | None = None) -> None:
        """Move the controls (the figure follows).

        Args:
            scale: a new weight scale, or None to keep it.
            activation: ``"tanh"``, ``"relu"``, or None to keep it.
        """
        self._holding = True  # one redraw for both controls, not one each
        try:
            if scale is not None:
                self.slider.value = scale
            if activation is not None:
                self.toggle.value = activation
        finally:
            self._holding = False
        self.update()

    def update(self) -> None:
        """Read the controls, run the forward pass and redraw."""
        if self._holding:
            return
        self.scale, self.activation = float(self.slider.value), str(self.toggle.value)
        A = deep_forward(self.net, self.scale, self.activation)
        self.stds = layer_stds(A)
        draw_histograms(self.hist_axes, A, self.activation)
        n = self.net.X.shape[0]
        self.std_line.set_data(np.arange(1, len(self.stds) + 1), self.stds)
        self.ax_std.set_title(
            f"{self.activation}, weights std {self.scale:.3g} "
            f"(Xavier {1 / np.sqrt(n):.3g}, He {np.sqrt(2 / n):.3g}): std per layer "
            "(dashed: the inputs' std, 1)",
            fontsize=10,
        )
        self.redraw()
