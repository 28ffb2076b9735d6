"""L2 regularization and dropout in Keras, their decision boundaries, and a tool to try lambda and
keep_prob.

Interactive tool of the optional lab "Dropout and L2: decision boundaries" (course 4, week 2):

- :func:`build_model`: the network [2, 40, 40, 1] (ReLU, ReLU, sigmoid) in Keras, with the
  course's L2 penalty on every weight matrix, ``keras.regularizers.L2(lambd / (2 m))``, and
  inverted dropout after each hidden layer, ``keras.layers.Dropout(1 - keep_prob)``.
- :func:`train_regularized`: full-batch training (every step sees the whole training set),
  compiled with ``tf.function``, from seeded weights; it returns a :class:`RegularizedRun`.
- :class:`RegularizationExplorer`: a lambda slider and a keep_prob slider; each new pair trains
  once (results are cached) and redraws the decision boundary over the training points (left) and
  the test points (right), with a readout of both accuracies and the weights' size.

Layout: as in the graded labs, one column per example, X of shape (2, m), Y (1, m); Keras wants
one row per example, so the functions transpose. A weight matrix W[l] is returned in the course's
layout (n_l, n_{l-1}), the transpose of Keras's kernel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import keras
import numpy as np
import tensorflow as tf

from utils.interactive.base import Explorer, new_figure, region_grid
from utils.plotting import COLORS

HIDDEN: tuple[int, ...] = (40, 40)  # units of the hidden layers: the network is [2, 40, 40, 1]
STEPS = 2000  # full-batch training steps
LEARNING_RATE = 0.01  # Adam's step size
BOUNDARY_LIMITS = (-1.6, 1.6, -1.6, 1.6)  # the square the boundaries are drawn on
GRID_POINTS = 160  # grid points along each axis of that square
LAMBDAS: tuple[float, ...] = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
KEEP_PROBS: tuple[float, ...] = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2)


def build_model(
    lambd: float, keep_prob: float, m: int, hidden: Sequence[int] = HIDDEN, seed: int = 0
) -> keras.Sequential:
    """The network 2 -> hidden ReLU layers -> 1 sigmoid unit, regularized as in the course.

    With ``lambd > 0`` every Dense layer's kernel carries ``keras.regularizers.L2(lambd / (2m))``,
    whose loss is lambd / (2m) * sum(W**2): summed over the layers, the course's penalty
    lambd / (2m) * sum_l ||W[l]||^2 (biases are not penalised). With ``keep_prob < 1`` a
    ``Dropout(1 - keep_prob)`` layer follows each hidden layer: in training it zeroes each unit
    with probability 1 - keep_prob and divides the kept ones by keep_prob (inverted dropout); at
    prediction it does nothing.

    Args:
        lambd: the L2 strength lambda (0: no penalty).
        keep_prob: the probability of keeping a hidden unit (1: no dropout).
        m: the number of training examples (the m of lambda / 2m).
        hidden: units of each hidden layer.
        seed: weights are He-normal with seeds seed, seed + 1, ...; dropout masks use seed + 100,
            seed + 101, ...

    Returns:
        The Keras model, input shape (k, 2), output shape (k, 1): probabilities of class 1.
    """
    regularizer = keras.regularizers.L2(lambd / (2 * m)) if lambd > 0 else None
    layers: list[keras.layers.Layer] = [keras.Input((2,))]
    sizes = [*hidden, 1]
    for k, units in enumerate(sizes):
        last = k == len(sizes) - 1
        layers.append(
            keras.layers.Dense(
                units,
                activation="sigmoid" if last else "relu",
                kernel_initializer=keras.initializers.HeNormal(seed=seed + k),
                kernel_regularizer=regularizer,
            )
        )
        if not last and keep_prob < 1:
            layers.append(keras.layers.Dropout(1 - keep_prob, seed=seed + 100 + k))
    return keras.Sequential(layers)


def weight_matrices(model: keras.Model) -> list[np.ndarray]:
    """The weight matrices W[1], W[2], ... in the course's layout.

    Args:
        model: a model of :func:`build_model`.

    Returns:
        One array per Dense layer, shape (n_l, n_{l-1}) (Keras stores the transpose).
    """
    return [layer.kernel.numpy().T for layer in model.layers if hasattr(layer, "kernel")]


def weight_norm(model: keras.Model) -> float:
    """The size of all the weights, sqrt(sum over l of ||W[l]||^2) (biases not counted).

    Args:
        model: a model of :func:`build_model`.

    Returns:
        The norm, a float.
    """
    return float(np.sqrt(sum(np.sum(W**2) for W in weight_matrices(model))))


def classify(model: keras.Model, X: np.ndarray) -> np.ndarray:
    """Class 1 where the predicted probability is at least 0.5 (no dropout at prediction).

    Args:
        model: a trained model.
        X: examples, shape (2, k).

    Returns:
        0.0 or 1.0, shape (1, k).
    """
    probabilities = model(X.T.astype(np.float32), training=False).numpy()
    return (probabilities.T >= 0.5).astype(float)


def accuracy_on(model: keras.Model, X: np.ndarray, Y: np.ndarray) -> float:
    """The share of examples classified right.

    Args:
        model: a trained model.
        X: examples, shape (2, k).
        Y: labels 0 or 1, shape (1, k).

    Returns:
        A float in [0, 1].
    """
    return float(np.mean(classify(model, X) == Y))


@dataclass
class RegularizedRun:
    """One training and what it reached.

    Attributes:
        lambd, keep_prob, steps: the settings.
        model: the trained Keras model.
        cost: the last step's training cost (cross-entropy of the thinned network plus the L2
            penalty).
        train_accuracy: the share of the training set classified right (no dropout).
        weight_norm: sqrt(sum over l of ||W[l]||^2).
    """

    lambd: float
    keep_prob: float
    steps: int
    model: keras.Model
    cost: float
    train_accuracy: float
    weight_norm: float


def train_regularized(
    X: np.ndarray,
    Y: np.ndarray,
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    steps: int = STEPS,
    seed: int = 0,
    learning_rate: float = LEARNING_RATE,
) -> RegularizedRun:
    """Full-batch training with Adam: each step computes the cost on all m examples,
    J = mean binary cross-entropy + the model's L2 losses, and updates every weight once.

    The whole loop is one ``tf.function`` (one graph, no Python per step). Dropout draws new masks
    at every step.

    Args:
        X: the training examples, shape (2, m).
        Y: their labels, shape (1, m).
        lambd: the L2 strength.
        keep_prob: the probability of keeping a hidden unit.
        steps: the number of updates.
        seed: the seed of :func:`build_model` (weights and masks).
        learning_rate: Adam's step size.

    Returns:
        The :class:`RegularizedRun`.
    """
    m = X.shape[1]
    model = build_model(lambd, keep_prob, m, seed=seed)
    optimizer = keras.optimizers.Adam(learning_rate)
    optimizer.build(model.trainable_variables)
    inputs = tf.constant(X.T, tf.float32)
    labels = tf.constant(Y.T, tf.float32)

    @tf.function
    def loop() -> tf.Tensor:
        cost = tf.constant(0.0)
        for _ in tf.range(steps):
            with tf.GradientTape() as tape:
                probabilities = model(inputs, training=True)
                cost = tf.reduce_mean(keras.losses.binary_crossentropy(labels, probabilities))
                if model.losses:
                    cost = cost + tf.add_n(model.losses)
            grads = tape.gradient(cost, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return cost

    logger = tf.get_logger()  # one graph per network: no warning about retracing
    level = logger.level
    logger.setLevel("ERROR")
    try:
        cost = float(loop())
    finally:
        logger.setLevel(level)
    return RegularizedRun(
        lambd=lambd,
        keep_prob=keep_prob,
        steps=steps,
        model=model,
        cost=cost,
        train_accuracy=accuracy_on(model, X, Y),
        weight_norm=weight_norm(model),
    )


def draw_boundary(
    ax, model: keras.Model, X: np.ndarray, Y: np.ndarray, title: str, s: float = 12
) -> None:
    """The regions the model predicts (shaded), its boundary (dark line) and the examples.

    Args:
        ax: the axes to draw on (cleared first).
        model: a trained model.
        X: examples to show, shape (2, k).
        Y: their labels, shape (1, k).
        title: the panel's title.
        s: marker size.
    """
    ax.clear()
    g0, g1, classes = region_grid(lambda X: classify(model, X), BOUNDARY_LIMITS, GRID_POINTS)
    ax.contourf(
        g0,
        g1,
        classes,
        levels=[-0.5, 0.5, 1.5],
        colors=[COLORS.negative, COLORS.positive],
        alpha=0.15,
    )
    if 0 < classes.mean() < 1:
        ax.contour(g0, g1, classes, levels=[0.5], colors=COLORS.boundary, linewidths=1.5)
    positive = Y[0] == 1
    ax.scatter(*X[:, positive], marker="x", s=s, lw=1, color=COLORS.positive)
    ax.scatter(
        *X[:, ~positive], marker="o", s=s, lw=1, facecolors="none", edgecolors=COLORS.negative
    )
    ax.set(xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), aspect="equal")
    ax.set_title(title, fontsize=9)


class RegularizationExplorer(Explorer):
    """Pick lambda and keep_prob; the network trains (once per pair) and the figure follows.

    Attributes:
        X, Y: the training set, shapes (2, m) and (1, m).
        X_test, Y_test: the test set, shapes (2, k) and (1, k).
        steps, seed: fixed for every training.
        cache: the :class:`RegularizedRun` of every (lambd, keep_prob) trained so far.
        run: the current :class:`RegularizedRun`; test_accuracy: its accuracy on the test set.
        lambd_slider, keep_slider: the controls; readout: the numbers of the current run.
    """

    def __init__(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        X_test: np.ndarray,
        Y_test: np.ndarray,
        lambd: float = 0.0,
        keep_prob: float = 1.0,
        steps: int = STEPS,
        seed: int = 0,
        cache: dict[tuple[float, float], RegularizedRun] | None = None,
    ) -> None:
        """Args:
        X, Y: the training set, shapes (2, m) and (1, m).
        X_test, Y_test: the test set, shapes (2, k) and (1, k).
        lambd, keep_prob: the starting settings (values of LAMBDAS and KEEP_PROBS).
        steps, seed: passed to :func:`train_regularized`.
        cache: runs already trained with these data, steps and seed, by (lambd, keep_prob).
        """
        self.X, self.Y, self.X_test, self.Y_test = X, Y, X_test, Y_test
        self.steps, self.seed = steps, seed
        self.cache = {} if cache is None else cache
        self.lambd_slider = widgets.SelectionSlider(
            options=[(f"{v:g}", v) for v in LAMBDAS],
            value=lambd,
            description="λ",
            continuous_update=False,
        )
        self.keep_slider = widgets.SelectionSlider(
            options=[(f"{v:g}", v) for v in KEEP_PROBS],
            value=keep_prob,
            description="keep_prob",
            continuous_update=False,
        )
        self.readout = widgets.HTML()
        for control in (self.lambd_slider, self.keep_slider):
            control.observe(lambda change: self.update(), names="value")
        self.controls = [self.lambd_slider, self.keep_slider, self.readout]
        self.fig, (self.ax_train, self.ax_test) = new_figure("wide", ncols=2, layout="constrained")
        self.update()

    def get_run(self, lambd: float, keep_prob: float) -> RegularizedRun:
        """The run of (lambd, keep_prob): from the cache, or trained now and cached.

        Args:
            lambd, keep_prob: the settings.

        Returns:
            The :class:`RegularizedRun`.
        """
        key = (float(lambd), float(keep_prob))
        if key not in self.cache:
            self.cache[key] = train_regularized(
                self.X, self.Y, *key, steps=self.steps, seed=self.seed
            )
        return self.cache[key]

    def update(self) -> None:
        """Train (or fetch) the sliders' run; redraw both panels and the readout."""
        run = self.run = self.get_run(self.lambd_slider.value, self.keep_slider.value)
        self.test_accuracy = accuracy_on(run.model, self.X_test, self.Y_test)
        setting = f"λ = {run.lambd:g}, keep_prob = {run.keep_prob:g}"
        draw_boundary(
            self.ax_train,
            run.model,
            self.X,
            self.Y,
            f"{setting}: training set, {run.train_accuracy:.1%} right",
            s=16,
        )
        draw_boundary(
            self.ax_test,
            run.model,
            self.X_test,
            self.Y_test,
            f"{setting}: test set, {self.test_accuracy:.1%} right",
            s=4,
        )
        self.ax_train.set(xlabel="$x_0$", ylabel="$x_1$")
        self.ax_test.set(xlabel="$x_0$")
        self.readout.value = (
            f"train {run.train_accuracy:.1%} · test {self.test_accuracy:.1%} · "
            f"gap {100 * (run.train_accuracy - self.test_accuracy):.1f} points · "
            f"‖W‖ = {run.weight_norm:.2f}"
        )
        self.redraw()
