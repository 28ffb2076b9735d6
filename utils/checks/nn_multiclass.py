"""Public checks of the graded lab c2w2-nn-multiclass (my_softmax, model).

The expected softmax values are worked out by hand next to each case; the model's architecture is
read as in the c2w1 checks (its weights do not matter).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from utils.checks import Case, run_cases
from utils.checks.keras_models import (
    DIGITS_INPUT_SHAPE,
    check_digits_input,
    check_layers,
    check_parameters,
)

UNITS = (25, 15, 10)
ACTIVATIONS = ("relu", "relu", "linear")


def check_my_softmax(my_softmax: Callable) -> None:
    """Check ``my_softmax(z)`` for 1-D ``z`` on four hand-worked vectors."""
    e = np.e
    cases = [
        # two equal values share the probability: e^0 / (e^0 + e^0) = 1/2 each.
        Case(
            (np.array([0.0, 0.0]),),
            np.array([0.5, 0.5]),
            "z=[0, 0]",
            hints=[
                (
                    np.array([1.0, 1.0]),
                    "divide by the sum of the exponentials, so that the values add up to 1.",
                )
            ],
        ),
        # e^k / (e^1 + e^2 + e^3) for k = 1, 2, 3.
        Case(
            (np.array([1.0, 2.0, 3.0]),),
            np.array([e, e**2, e**3]) / (e + e**2 + e**3),
            "z=[1, 2, 3]",
            hints=[
                (
                    np.array([e, e**2, e**3]),
                    "divide by the sum of the exponentials, so that the values add up to 1.",
                ),
                (
                    np.array([e, e**2, e**3]) / 6,
                    "the denominator is the sum of the exponentials, "
                    "np.sum(np.exp(z)), not the sum of z.",
                ),
                (
                    np.array([1.0, 2.0, 3.0]) / 6,
                    "take the exponential of each z_j: a_j = e^z_j / sum_k e^z_k.",
                ),
                (np.array([1.0, 2.0, 3.0]) / (e + e**2 + e**3), "the numerator is e^z_j, not z_j."),
                (
                    np.array([e, e**2, e**3]) / e**6,
                    "the denominator is the sum of the "
                    "exponentials, e^z_1 + e^z_2 + ..., not e to the power of the sum of z.",
                ),
            ],
        ),
        # z = [0, ln 2, ln 3, ln 4]: e^z = [1, 2, 3, 4], whose sum is 10.
        Case(
            (np.log(np.array([1.0, 2.0, 3.0, 4.0])),),
            np.array([0.1, 0.2, 0.3, 0.4]),
            "z=[0, ln 2, ln 3, ln 4]",
            hints=[(np.array([1.0, 2.0, 3.0, 4.0]), "divide by the sum of the exponentials.")],
        ),
        # a single value gets all the probability: e^5 / e^5 = 1, as an array of shape (1,).
        Case((np.array([5.0]),), np.array([1.0]), "z=[5]"),
    ]
    run_cases(
        my_softmax,
        "my_softmax",
        cases,
        default_hint="a_j = e^z_j / sum_k e^z_k: np.exp(z) / np.sum(np.exp(z)); the result has "
        "the shape of z and its values add up to 1.",
    )


def _units_hint(units: tuple[int, ...]) -> str:
    if units[-1] != 10:
        return "the output layer has one unit per class: 10 units, one per digit."
    if units == (15, 25, 10):
        return "the first hidden layer has 25 units and the second 15, not the other way round."
    return "the layers have 25, 15 and 10 units, in this order."


def _activation_hint(position: int, activation: str | None) -> str:
    if position == len(UNITS) - 1:
        if activation == "softmax":
            return (
                "use a linear output (the default, or activation='linear'): the loss applies "
                "softmax itself, via from_logits=True."
            )
        return (
            f"the output layer uses {activation}; it should be linear (the default, or "
            "activation='linear'): the loss applies softmax via from_logits=True."
        )
    if activation == "linear":
        return (
            f"Dense layer {position + 1} has no activation: Dense is linear unless you pass "
            "activation='relu'."
        )
    return f"Dense layer {position + 1} uses {activation}; the hidden layers use activation='relu'."


def check_model(model: Any) -> None:
    """Check that ``model`` is a Sequential 64 → 25 (relu) → 15 (relu) → 10 (linear).

    The architecture is recorded for the autograder before it is checked. Raises CheckFailed
    with a hint at the first problem found.
    """
    found = check_digits_input(model, "multiclass model architecture")
    check_layers(
        found,
        UNITS,
        _units_hint,
        ACTIVATIONS,
        _activation_hint,
    )
    check_parameters(found, DIGITS_INPUT_SHAPE[1], UNITS)
    print("model: all public tests passed.")
