"""Public checks of the graded lab c2w2-nn-multiclass (my_softmax, model, compile_model).

The expected softmax values are worked out by hand next to each case; the model's architecture is
read as in the c2w1 checks (its weights do not matter); ``compile_model`` is called on a small
model of the check's own, whose loss and optimizer are then read and the loss tried on logits whose
softmax is known.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from utils.checks import Case, CheckFailed, learners_code, run_cases
from utils.checks.keras_models import (
    DIGITS_INPUT_SHAPE,
    check_digits_input,
    check_layers,
    check_parameters,
    compiled_loss,
    describe_compiled,
)
from utils.records import record

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
        # e^z_j / (e^-1 + e^1 + e^3) for z = [-1, 1, 3].
        Case(
            (np.array([-1.0, 1.0, 3.0]),),
            np.array([1 / e, e, e**3]) / (1 / e + e + e**3),
            "z=[-1, 1, 3]",
            hints=[
                (
                    np.array([1 / e, e, e**3]),
                    "divide by the sum of the exponentials, so that the values add up to 1.",
                ),
                (
                    np.array([1 / e, e, e**3]) / 3,
                    "the denominator is the sum of the exponentials, "
                    "np.sum(np.exp(z)), not the sum of z.",
                ),
                (
                    np.array([-1.0, 1.0, 3.0]) / 3,
                    "take the exponential of each z_j: a_j = e^z_j / sum_k e^z_k.",
                ),
                (
                    np.array([-1.0, 1.0, 3.0]) / (1 / e + e + e**3),
                    "the numerator is e^z_j, not z_j.",
                ),
                (
                    np.array([1 / e, e, e**3]) / e**3,
                    "the denominator is the sum of the "
                    "exponentials, e^z_0 + e^z_1 + ..., not e to the power of the sum of z.",
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


# compile_model: logits [0, ln 3] have the softmax [1/4, 3/4]; for class 1 the loss is
# -ln(3/4) = ln(4/3).
LOGITS_CASE = np.log(np.array([[1.0, 3.0]], dtype="float32"))
LABELS_CASE = np.array([1])
LOSS_CASE = float(np.log(4 / 3))
PUBLIC_LEARNING_RATE = 0.01


def _loss_hint(loss: Any, found: dict[str, Any]) -> str | None:
    """The hint for a wrong loss, None when it is the right one.

    Args:
        loss: the model's compiled loss, as given to compile (an object or a string).
        found: the model's :func:`describe_compiled`.
    """
    if loss is None:
        return "model has no loss: call model.compile(loss=..., optimizer=...) in compile_model."
    if isinstance(loss, str):
        return (
            f"the loss is the string {loss!r}, which cannot say from_logits: use "
            "keras.losses.SparseCategoricalCrossentropy(from_logits=True)."
        )
    name = found["loss"]
    if name == "CategoricalCrossentropy":
        return (
            "CategoricalCrossentropy takes one-hot labels; the digits' labels are class "
            "numbers 0 to 9: use keras.losses.SparseCategoricalCrossentropy(from_logits=True)."
        )
    if name != "SparseCategoricalCrossentropy":
        return f"expected keras.losses.SparseCategoricalCrossentropy, got {name}."
    if not found["from_logits"]:
        return (
            "the output layer is linear, so the model outputs logits, not probabilities: "
            "pass from_logits=True to the loss."
        )
    return None


def check_compile_model(compile_model: Callable) -> None:
    """Check ``compile_model(model, learning_rate)`` on a small model of the check's own.

    Raises:
        CheckFailed: with a hint at the first problem found.
    """
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
    call = f"compile_model(model, learning_rate={PUBLIC_LEARNING_RATE})"
    with learners_code(call):
        compile_model(model, learning_rate=PUBLIC_LEARNING_RATE)
    found = describe_compiled(model)
    record(call, found)
    hint = _loss_hint(getattr(model, "loss", None), found)
    if hint:
        raise CheckFailed(f"{call}: wrong loss.\nHint: {hint}")
    got = compiled_loss(model, LABELS_CASE, LOGITS_CASE)
    if not np.isclose(got, LOSS_CASE, rtol=1e-4):
        raise CheckFailed(
            f"{call}: for the logits [0, ln 3] of class 1 the loss should be "
            f"-ln(3/4) = {LOSS_CASE:.4f}, got {got:.4g}.\nHint: "
            "keras.losses.SparseCategoricalCrossentropy(from_logits=True)."
        )
    if found["optimizer"] != "Adam":
        raise CheckFailed(
            f"{call}: expected an Adam optimizer, got {found['optimizer']}.\nHint: "
            "optimizer=keras.optimizers.Adam(learning_rate=learning_rate)."
        )
    rate = found["learning rate"]
    if not np.isclose(rate, PUBLIC_LEARNING_RATE, rtol=1e-6):  # an Adam has a learning rate
        raise CheckFailed(
            f"{call}: expected the learning rate {PUBLIC_LEARNING_RATE}, got {rate:.6g}.\nHint: "
            "give Adam the argument, learning_rate=learning_rate, not a number of your own."
        )
    print("compile_model: all public tests passed.")
