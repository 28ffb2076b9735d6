"""The network of the optimization-methods lab (c4w2-optimization-methods), given to the learner.

The 3-layer NumPy network of ``utils.labs.three_layer_net`` (one column per example: LINEAR ->
RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID), with what this lab does differently: its
initialization and a cost summed over a mini-batch. The lab's exercises (mini-batches,
momentum, Adam, learning-rate decay) are not here: they are the learner's, in the notebook.
``tests/utils/labs/test_optimization.py`` checks the backward pass against TensorFlow's
``GradientTape`` and the cost against Keras's binary cross-entropy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from utils.labs.three_layer_net import (  # the same network as the regularization lab's
    accuracy,
    backward_propagation,
    decision_score,
    forward_propagation,
    predict,
)

__all__ = [
    "accuracy",
    "backward_propagation",
    "boundary_score",
    "summed_cost",
    "forward_propagation",
    "initialize_parameters",
    "predict",
]


def initialize_parameters(layers_dims: list[int], seed: int = 3) -> dict[str, np.ndarray]:
    """He initialization: ``W[l]`` from N(0, 2 / n[l-1]), ``b[l]`` zeros.

    Args:
        layers_dims: the sizes of the layers, input first, e.g. ``[2, 5, 2, 1]``.
        seed: seed of ``np.random.default_rng``, which draws the weights layer after layer.

    Returns:
        parameters: ``{"W1": (n1, n0), "b1": (n1, 1), ..., "W3": (n3, n2), "b3": (n3, 1)}``.
    """
    rng = np.random.default_rng(seed)
    parameters = {}
    for layer in range(1, len(layers_dims)):
        shape = (layers_dims[layer], layers_dims[layer - 1])
        parameters[f"W{layer}"] = rng.standard_normal(shape) * np.sqrt(2.0 / layers_dims[layer - 1])
        parameters[f"b{layer}"] = np.zeros((layers_dims[layer], 1))
    return parameters


def summed_cost(A3: np.ndarray, Y: np.ndarray) -> float:
    """The cross-entropy loss summed (not averaged) over the examples of a mini-batch.

    The training loop adds the sums of an epoch's mini-batches and divides by m once, so that the
    epoch's cost is the mean over all m examples whatever the size of the last mini-batch.
    Probabilities are kept within 1e-15 of 0 and 1, so that a saturated output costs a large
    finite amount, not infinity.

    Args:
        A3: probabilities, shape (1, m).
        Y: labels 0 or 1, shape (1, m).
    """
    A3 = np.minimum(np.maximum(A3, 1e-15), 1.0 - 1e-15)
    return float((-Y * np.log(A3) - (1.0 - Y) * np.log(1.0 - A3)).sum())


def boundary_score(parameters: dict[str, np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    """The network's score Z3 as ``utils.plotting.plot_boundary`` takes it: points of shape
    (k, 2) (one row per point) to scores of shape (k,), 0 on the decision boundary."""
    return functools.partial(decision_score, parameters)
