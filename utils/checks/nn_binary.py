"""Public checks of the graded lab c2w1-nn-binary (model, my_dense, my_dense_v).

``check_model`` reads the architecture of the learner's Keras model (its weights do not matter).
The expected values of ``my_dense`` and ``my_dense_v`` are worked out by hand on small inputs,
written next to each case; the activations passed as ``g`` are the identity (so that the values
are plain sums), SciPy's ``expit`` (the sigmoid) and a ReLU.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.special import expit

from utils.checks import Case, CheckFailed, run_cases
from utils.checks.keras_models import (
    DIGITS_INPUT_SHAPE,
    check_digits_input,
    check_layers,
    check_parameters,
)

UNITS = (25, 15, 1)


def _identity(z: Any) -> Any:
    return z


def _relu(z: Any) -> Any:
    return np.maximum(0, z)


def _units_hint(units: tuple[int, ...]) -> str:
    if units == (15, 25, 1):
        return "the first hidden layer has 25 units and the second 15, not the other way round."
    return "the layers have 25, 15 and 1 units, in this order."


def _activation_hint(position: int, activation: str | None) -> str:
    where = "the output layer" if position == len(UNITS) - 1 else f"Dense layer {position + 1}"
    if activation == "linear":
        return f"{where} has no activation: Dense is linear unless you pass activation='sigmoid'."
    if activation == "relu":
        return f"{where} uses relu; in this lab every layer uses activation='sigmoid'."
    return f"{where} uses {activation}; every layer of this network uses activation='sigmoid'."


def check_model(model: Any) -> None:
    """Check that ``model`` is a Sequential 64 → 25 → 15 → 1 with sigmoid units everywhere.

    The architecture is recorded for the autograder before it is checked. Raises CheckFailed
    with a hint at the first problem found.
    """
    found = check_digits_input(model, "model architecture")
    check_layers(found, UNITS, _units_hint)
    layers = found["layers"]
    for position, (_, _, activation) in enumerate(layers):
        if activation != "sigmoid":
            raise CheckFailed(
                f"expected sigmoid activations in all 3 layers, got "
                f"{[a for _, _, a in layers]}.\nHint: {_activation_hint(position, activation)}"
            )
    check_parameters(found, DIGITS_INPUT_SHAPE[1], UNITS)
    print("model: all public tests passed.")


def check_my_dense(my_dense: Callable) -> None:
    """Check ``my_dense(a_in, W, b, g)`` on three hand-worked layers."""
    cases = [
        # z_j = a_in . W[:, j] + b[j]: z_0 = 1*1 + 2*2 + 0.5 = 5.5, z_1 = 1*(-1) + 2*0.5 + 1 = 1.
        Case(
            (
                np.array([1.0, 2.0]),
                np.array([[1.0, -1.0], [2.0, 0.5]]),
                np.array([0.5, 1.0]),
                _identity,
            ),
            np.array([5.5, 1.0]),
            "a_in=[1, 2], W=[[1, -1], [2, 0.5]], b=[0.5, 1], g=identity",
            hints=[
                (
                    np.array([-0.5, 4.0]),
                    "the weights of unit j are column j of W, W[:, j], not row W[j].",
                ),
                (np.array([5.0, 0.0]), "did you forget to add the bias b[j]?"),
            ],
        ),
        # 3 inputs, 2 units: z = [1 - 2 + 0 + 1, 0 - 1 - 2 - 2] = [0, -5], then the sigmoid.
        Case(
            (
                np.array([1.0, -1.0, 2.0]),
                np.array([[1.0, 0.0], [2.0, 1.0], [0.0, -1.0]]),
                np.array([1.0, -2.0]),
                expit,
            ),
            np.array([0.5, 1 / (1 + np.exp(5.0))]),
            "a_in=[1, -1, 2], W=[[1, 0], [2, 1], [0, -1]], b=[1, -2], g=sigmoid",
            hints=[
                (np.array([0.0, -5.0]), "apply the activation: a_out[j] = g(z_j)."),
                (expit(np.array([-1.0, -3.0])), "did you forget to add the bias b[j]?"),
            ],
        ),
        # one unit: z = 3*2 + (-1)*1 - 4 = 1, relu(1) = 1; the result is an array of shape (1,).
        Case(
            (np.array([3.0, -1.0]), np.array([[2.0], [1.0]]), np.array([-4.0]), _relu),
            np.array([1.0]),
            "a_in=[3, -1], W=[[2], [1]], b=[-4], g=relu",
        ),
    ]
    run_cases(
        my_dense,
        "my_dense",
        cases,
        default_hint="for each unit j = 0 .. W.shape[1] - 1, a_out[j] = g(np.dot(a_in, W[:, j]) "
        "+ b[j]); return an array with one value per unit.",
    )


def check_my_dense_v(my_dense_v: Callable) -> None:
    """Check ``my_dense_v(A_in, W, b, g)`` on two hand-worked layers (m examples at once)."""
    cases = [
        # Z = A_in @ W + b, row by row:
        # [1, 2]  -> [1 + 4, -1 + 1, 0 + 2] + b = [5.5, 1, 1]
        # [0, -1] -> [-2, -0.5, -1] + b        = [-1.5, 0.5, -2]
        # [3, 1]  -> [3 + 2, -3 + 0.5, 1] + b  = [5.5, -1.5, 0]
        Case(
            (
                np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]]),
                np.array([[1.0, -1.0, 0.0], [2.0, 0.5, 1.0]]),
                np.array([0.5, 1.0, -1.0]),
                _identity,
            ),
            np.array([[5.5, 1.0, 1.0], [-1.5, 0.5, -2.0], [5.5, -1.5, 0.0]]),
            "A_in=[[1, 2], [0, -1], [3, 1]], W=[[1, -1, 0], [2, 0.5, 1]], b=[0.5, 1, -1], "
            "g=identity",
            hints=[
                (
                    np.array([[5.0, 0.0, 2.0], [-2.0, -0.5, -1.0], [5.0, -2.5, 1.0]]),
                    "did you forget to add b?",
                ),
            ],
        ),
        # one unit: Z = [2, -1, 1, 0] as a column, then the sigmoid; shape (4, 1).
        Case(
            (
                np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]]),
                np.array([[2.0], [-1.0]]),
                np.array([0.0]),
                expit,
            ),
            expit(np.array([[2.0], [-1.0], [1.0], [0.0]])),
            "A_in=[[1, 0], [0, 1], [1, 1], [0, 0]], W=[[2], [-1]], b=[0], g=sigmoid",
            hints=[
                (np.array([[2.0], [-1.0], [1.0], [0.0]]), "apply the activation: A_out = g(Z)."),
            ],
        ),
    ]
    run_cases(
        my_dense_v,
        "my_dense_v",
        cases,
        default_hint="A_out = g(A_in @ W + b): (m, n) @ (n, units) gives (m, units); the order "
        "of the product matters (A_in first).",
    )
