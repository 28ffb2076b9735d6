"""Mini-batch gradient descent on a one-hidden-layer network, and a tool to try batch sizes and
learning rates.

Interactive tool of the optional lab "Mini-batch size and learning rate" (course 4, week 2):

- :func:`train`: NumPy gradient descent of a network 2 -> ``n_hidden`` ReLU units -> 1 sigmoid
  unit, one update per mini-batch, the examples shuffled again at every epoch. It records the
  cost of every mini-batch (before its update), the cost on the whole set after every epoch and
  the wall time of every epoch.
- :class:`MinibatchExplorer`: a batch-size dropdown and a logarithmic learning-rate slider; each
  change trains again from the same starting weights and redraws the cost curves (left) and the
  decision boundary with the final accuracy (right).

Layout of a network written from scratch: one column per example, X of shape (2, m), Y (1, m).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from utils.interactive.base import Explorer, new_figure
from utils.plotting import COLORS, plot_classes

N_HIDDEN = 16
BATCH_SIZES: tuple[int, ...] = (1, 8, 32, 64, 128)  # the explorer adds the whole set
LR_RANGE: tuple[float, float] = (1e-3, 1e2)
TAIL = 5  # the epochs whose median cost decides whether training diverged
STOP_COST = 1e3  # training stops early when the cost passes this (or is not finite)


def init_params(seed: int, n_hidden: int = N_HIDDEN) -> dict[str, np.ndarray]:
    """He-initialised weights (standard deviation sqrt(2 / fan-in)) and zero biases.

    Args:
        seed: seed of ``np.random.default_rng``; W1 is drawn first, then W2.
        n_hidden: the number of hidden ReLU units.

    Returns:
        W1 (n_hidden, 2), b1 (n_hidden, 1), W2 (1, n_hidden), b2 (1, 1).
    """
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_hidden, 2)) * np.sqrt(2 / 2)
    W2 = rng.standard_normal((1, n_hidden)) * np.sqrt(2 / n_hidden)
    return {"W1": W1, "b1": np.zeros((n_hidden, 1)), "W2": W2, "b2": np.zeros((1, 1))}


def net_forward(params: dict[str, np.ndarray], X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hidden activations and the output's logits.

    Args:
        params: the weights of :func:`init_params`.
        X: examples, shape (2, m).

    Returns:
        A1 = relu(W1 X + b1), shape (n_hidden, m); Z2 = W2 A1 + b2, shape (1, m).
    """
    A1 = np.maximum(0.0, params["W1"] @ X + params["b1"])
    return A1, params["W2"] @ A1 + params["b2"]


def net_cost(params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    """The mean binary cross-entropy, computed from the logits z without rounding to 0 or 1:
    -[y log s(z) + (1 - y) log(1 - s(z))] = log(1 + e^z) - y z.

    Args:
        params: the weights.
        X: examples, shape (2, m).
        Y: labels 0 or 1, shape (1, m).

    Returns:
        The cost, a float (inf or nan once the weights have overflowed).
    """
    with np.errstate(all="ignore"):
        Z2 = net_forward(params, X)[1]
        return float(np.mean(np.logaddexp(0.0, Z2) - Y * Z2))


def net_predict(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Class 1 where the output probability is at least 0.5 (the logit at least 0).

    Args:
        params: the weights.
        X: examples, shape (2, m).

    Returns:
        0.0 or 1.0, shape (1, m).
    """
    with np.errstate(all="ignore"):
        return (net_forward(params, X)[1] >= 0).astype(float)


def gradients(params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    """Backpropagation: the gradient of :func:`net_cost` on the examples given, averaged over them.

    Args:
        params: the weights.
        X: a mini-batch, shape (2, b).
        Y: its labels, shape (1, b).

    Returns:
        dW1, db1, dW2, db2, the shapes of the weights.
    """
    b = X.shape[1]
    A1, Z2 = net_forward(params, X)
    dZ2 = (1.0 / (1.0 + np.exp(-Z2)) - Y) / b  # (1, b)
    dA1 = params["W2"].T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    return {
        "dW1": dZ1 @ X.T,
        "db1": dZ1.sum(axis=1, keepdims=True),
        "dW2": dZ2 @ A1.T,
        "db2": dZ2.sum(axis=1, keepdims=True),
    }


def minibatches(m: int, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One epoch's mini-batches: a random permutation of the examples cut into consecutive pieces.

    Args:
        m: the number of examples.
        batch_size: examples per mini-batch; the last one holds the m % batch_size left over.
        rng: the generator that shuffles (``rng.permutation(m)``, once per call).

    Returns:
        The example indices of each mini-batch, ceil(m / batch_size) arrays.
    """
    order = rng.permutation(m)
    return [order[k : k + batch_size] for k in range(0, m, batch_size)]


@dataclass
class Run:
    """What one training records.

    Attributes:
        batch_size, learning_rate, epochs: the settings.
        params: the final weights.
        step_costs: the cost of each mini-batch before its update, shape (steps,).
        epoch_costs: the cost on the whole set before training and after every epoch,
            shape (epochs + 1,) (shorter if training stopped).
        seconds: the wall time of each epoch, shape (epochs,).
        accuracy: the share of the training set classified right at the end.
        diverged: the median of the costs after the last TAIL epochs is above the starting cost
            (or training stopped at STOP_COST, or a cost is not a number): training left the
            network worse than its random start. (The median, not the last cost alone: with a
            large rate the cost jumps from epoch to epoch.)
        steps_per_epoch: updates per epoch, ceil(m / batch_size).
    """

    batch_size: int
    learning_rate: float
    epochs: int
    params: dict[str, np.ndarray]
    step_costs: np.ndarray
    epoch_costs: np.ndarray
    seconds: np.ndarray
    accuracy: float
    diverged: bool
    steps_per_epoch: int


def train(
    X: np.ndarray,
    Y: np.ndarray,
    batch_size: int,
    learning_rate: float,
    epochs: int,
    seed: int = 0,
) -> Run:
    """Mini-batch gradient descent from :func:`init_params` (seed) with mini-batches shuffled by
    ``np.random.default_rng(seed + 1)``: W <- W - learning_rate * dW after every mini-batch.

    Args:
        X: examples, shape (2, m).
        Y: labels, shape (1, m).
        batch_size: m for batch gradient descent, 1 for stochastic gradient descent.
        learning_rate: the step size.
        epochs: passes over the whole set.
        seed: the seed of the starting weights (the shuffling uses seed + 1).

    Returns:
        The :class:`Run`.
    """
    m = X.shape[1]
    params = init_params(seed)
    rng = np.random.default_rng(seed + 1)
    step_costs: list[float] = []
    epoch_costs = [net_cost(params, X, Y)]
    seconds: list[float] = []
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            start = time.perf_counter()
            for idx in minibatches(m, batch_size, rng):
                Xb, Yb = X[:, idx], Y[:, idx]
                Z2 = net_forward(params, Xb)[1]
                step_costs.append(float(np.mean(np.logaddexp(0.0, Z2) - Yb * Z2)))
                grads = gradients(params, Xb, Yb)
                for name in ("W1", "b1", "W2", "b2"):
                    params[name] = params[name] - learning_rate * grads["d" + name]
            seconds.append(time.perf_counter() - start)
            epoch_costs.append(net_cost(params, X, Y))
            if not np.isfinite(epoch_costs[-1]) or epoch_costs[-1] > STOP_COST:
                break
    tail = np.array(epoch_costs[-TAIL:])
    stopped = len(epoch_costs) < epochs + 1
    diverged = bool(stopped or not np.all(np.isfinite(tail)) or np.median(tail) > epoch_costs[0])
    accuracy = float(np.mean(net_predict(params, X) == Y))
    return Run(
        batch_size=batch_size,
        learning_rate=learning_rate,
        epochs=epochs,
        params=params,
        step_costs=np.array(step_costs),
        epoch_costs=np.array(epoch_costs),
        seconds=np.array(seconds),
        accuracy=accuracy,
        diverged=diverged,
        steps_per_epoch=-(-m // batch_size),
    )


class MinibatchExplorer(Explorer):
    """Pick a batch size and a learning rate; the network trains again and the figure follows.

    Attributes:
        X, Y: the training set, shapes (2, m) and (1, m).
        epochs, seed: fixed for every training.
        run: the last :class:`Run`.
        dropdown: the batch size (its options: BATCH_SIZES below m, and m, "batch").
        slider: the learning rate, on a logarithmic scale.
    """

    def __init__(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        epochs: int = 20,
        batch_size: int = 32,
        learning_rate: float = 0.1,
        seed: int = 0,
    ) -> None:
        """Args:
        X, Y: the training set, shapes (2, m) and (1, m).
        epochs: passes over the set in every training.
        batch_size, learning_rate: the starting settings.
        seed: the seed of :func:`train`.
        """
        self.X, self.Y, self.epochs, self.seed = X, Y, epochs, seed
        m = X.shape[1]
        options = [(f"{b}" + (" (SGD)" if b == 1 else ""), b) for b in BATCH_SIZES if b < m]
        self.dropdown = widgets.Dropdown(
            options=[*options, (f"{m} (batch)", m)], value=batch_size, description="batch size"
        )
        self.slider = widgets.FloatLogSlider(
            value=learning_rate,
            base=10,
            min=np.log10(LR_RANGE[0]),
            max=np.log10(LR_RANGE[1]),
            step=0.1,
            description="learning rate",
            continuous_update=False,
            readout_format=".3g",
        )
        self.slider.layout.width = "420px"
        for control in (self.dropdown, self.slider):
            control.observe(lambda change: self.update(), names="value")
        self.controls = [self.dropdown, self.slider]
        self.fig, (self.ax_cost, self.ax_data) = new_figure("wide", ncols=2)
        self._draw_data_panel()
        self.update()

    def _draw_data_panel(self) -> None:
        """The examples of both classes and the grid the boundary is evaluated on."""
        ax, X, Y = self.ax_data, self.X, self.Y
        pad = 0.3
        x0 = np.linspace(X[0].min() - pad, X[0].max() + pad, 120)
        x1 = np.linspace(X[1].min() - pad, X[1].max() + pad, 90)
        self.grid = np.meshgrid(x0, x1)
        self.boundary = None
        plot_classes(ax, X.T, Y[0], xlabel="$x_0$", ylabel="$x_1$")
        ax.legend(loc="lower left", fontsize=8)

    def update(self) -> None:
        """Train with the dropdown's batch size and the slider's rate; redraw both panels."""
        self.run = run = train(
            self.X,
            self.Y,
            int(self.dropdown.value),
            float(self.slider.value),
            self.epochs,
            self.seed,
        )
        ax = self.ax_cost
        ax.clear()
        steps = np.arange(1, len(run.step_costs) + 1) / run.steps_per_epoch
        ax.plot(steps, run.step_costs, color=COLORS.neutral, lw=0.6, label="mini-batch cost")
        ax.plot(
            np.arange(len(run.epoch_costs)),
            run.epoch_costs,
            color=COLORS.model,
            marker="o",
            ms=3,
            label="cost on the whole set",
        )
        ax.set_yscale("log")
        ax.set(xlabel="epoch", ylabel="cost (log scale)", xlim=(0, self.epochs))
        ax.legend(loc="upper right", fontsize=8)
        state = "diverged" if run.diverged else f"final cost {run.epoch_costs[-1]:.3f}"
        ax.set_title(f"batch {run.batch_size}, rate {run.learning_rate:.3g}: {state}")
        if self.boundary is not None:
            self.boundary.remove()
        g0, g1 = self.grid
        labels = net_predict(run.params, np.stack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
        self.boundary = self.ax_data.contourf(
            g0,
            g1,
            labels,
            levels=[-0.5, 0.5, 1.5],
            colors=[COLORS.negative, COLORS.positive],
            alpha=0.15,
        )
        self.ax_data.set_title(f"accuracy on the training set: {run.accuracy:.1%}")
        self.redraw()
