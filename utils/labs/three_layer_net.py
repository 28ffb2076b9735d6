"""The 3-layer network of the initialization and regularization lab (course 4, week 2), in NumPy.

LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, written for examples in columns: ``X`` has
shape (n_x, m) and ``Y`` shape (1, m). The parameters are a dict ``{"W1", "b1", "W2", "b2", "W3",
"b3"}`` with ``W<l>`` of shape (n_l, n_{l-1}) and ``b<l>`` of shape (n_l, 1). What the lab's
exercises write (the initializations, the regularized cost and gradients, dropout) is not here; the
lab's notebook calls these functions around them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from utils import plotting
from utils.maths import relu, sigmoid

EPSILON = 1e-7
"""compute_cost keeps the probabilities within [EPSILON, 1 - EPSILON], as Keras's binary
cross-entropy does: a saturated sigmoid (exactly 0 or 1 in floating point) then costs
-log(EPSILON), about 16.1, instead of infinity."""


def compute_cost(A3: np.ndarray, Y: np.ndarray) -> float:
    """The mean binary cross-entropy of the predicted probabilities.

    Args:
        A3: probabilities that y = 1, shape (1, m).
        Y: labels 0 or 1, shape (1, m).

    Returns:
        -(1/m) sum(y log(a) + (1 - y) log(1 - a)), with ``a`` clipped to [EPSILON, 1 - EPSILON].
    """
    A = np.clip(A3, EPSILON, 1.0 - EPSILON)
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def forward_propagation(X: np.ndarray, parameters: dict) -> tuple[np.ndarray, tuple]:
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Args:
        X: the examples, shape (n_x, m).
        parameters: W1, b1, W2, b2, W3, b3.

    Returns:
        A3: the probabilities, shape (1, m).
        cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), for backward_propagation.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation(X: np.ndarray, Y: np.ndarray, cache: tuple) -> dict:
    """The gradients of compute_cost (without clipping) with respect to each parameter.

    Args:
        X: the examples, shape (n_x, m).
        Y: labels, shape (1, m).
        cache: what forward_propagation returned.

    Returns:
        dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1: dW<l> and db<l> are the derivatives
        of the cost; dZ<l> and dA<l> are m times the derivatives (the 1/m is applied in dW, db).
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (Z2 > 0)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (Z1 > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {
        "dZ3": dZ3, "dW3": dW3, "db3": db3,
        "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
        "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
    }  # fmt: skip


def update_parameters(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """One step of gradient descent: each W<l>, b<l> minus learning_rate times its gradient.

    Returns:
        A new dict; ``parameters`` is left as it was.
    """
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def predict(X: np.ndarray, parameters: dict) -> np.ndarray:
    """Labels 1 where the network's probability is above 0.5, else 0, shape (1, m)."""
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(np.float64)


def accuracy(X: np.ndarray, Y: np.ndarray, parameters: dict) -> float:
    """The percentage of the examples whose predicted label equals Y."""
    return float(np.mean(predict(X, parameters) == Y) * 100)


def decision_score(parameters: dict, points: np.ndarray) -> np.ndarray:
    """Z3 of the network at points of shape (k, 2): positive where it predicts 1."""
    _, cache = forward_propagation(points.T, parameters)
    return cache[8].ravel()


def plot_decision_boundary(
    ax: Axes,
    parameters: dict,
    X: np.ndarray,
    Y: np.ndarray,
    *,
    title: str,
    labels: tuple[str, str] = ("y = 0", "y = 1"),
) -> None:
    """Scatter the examples (one per column of X) and draw where the network's prediction flips.

    Args:
        ax: the axes to draw on.
        parameters: the network's parameters.
        X: the examples, shape (2, m).
        Y: their labels, shape (1, m).
        title: the panel's title.
        labels: legend entries of class 0 and class 1.
    """
    plotting.plot_classes(ax, X.T, Y.ravel(), xlabel="$x_0$", ylabel="$x_1$", labels=labels)
    if np.ptp(decision_score(parameters, X.T)) == 0:  # the same score everywhere: no boundary
        ax.text(0.5, 0.5, "no boundary:\none prediction\neverywhere", transform=ax.transAxes,
                ha="center", va="center", color=plotting.COLORS.boundary,
                bbox={"facecolor": "white", "edgecolor": plotting.COLORS.boundary})  # fmt: skip
    else:
        plotting.plot_boundary(ax, lambda points: decision_score(parameters, points))
    ax.set_title(title)
