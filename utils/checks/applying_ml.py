"""Public checks of the graded lab c2w3-applying-ml (eval_mse, eval_cat_err, model, model_s,
model_r).

The expected values of ``eval_mse`` and ``eval_cat_err`` are worked out by hand on small inputs,
written next to each case. The model checks read the architecture of the learner's Keras model
(units, activations, the L2 regularizer of each layer, the input shape); its weights do not matter.
A model written without ``keras.Input``, as in the original course, is built first for the lab's
points, as its training would build it (``keras_models.built_for``), and then read the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from utils.checks import Case, CheckFailed, run_cases
from utils.checks.keras_models import built_for, describe_model, recorded_architecture

INPUT_SHAPE = (None, 2)


def check_eval_mse(eval_mse: Callable) -> None:
    """Check ``eval_mse(y, yhat)`` = 1/(2m) sum (yhat - y)^2 on three hand-worked cases."""
    cases = [
        # errors 0, 1, 2; squares 0 + 1 + 4 = 5; 5 / (2 * 3) = 5/6.
        Case(
            (np.array([1.0, 2.0, 3.0]), np.array([1.0, 3.0, 5.0])),
            5 / 6,
            "y=[1, 2, 3], yhat=[1, 3, 5]",
            hints=[
                (5 / 3, "you forgot the 1/2: the course's cost is 1/(2m) times the sum."),
                (2.5, "divide by 2m, not by 2: m is the number of examples, len(y)."),
                (5.0, "divide the sum of the squared errors by 2m."),
                (0.5, "square the errors: (yhat[i] - y[i])**2, not their absolute values."),
            ],
        ),
        # errors 2, -2, 0, 4; squares 4 + 4 + 0 + 16 = 24; 24 / (2 * 4) = 3.
        Case(
            (np.array([0.0, 2.0, -1.0, 1.0]), np.array([2.0, 0.0, -1.0, 5.0])),
            3.0,
            "y=[0, 2, -1, 1], yhat=[2, 0, -1, 5]",
            hints=[(0.5, "square the errors before you add them up.")],
        ),
        # one example: (10 - 4)^2 / 2 = 18.
        Case((np.array([4.0]), np.array([10.0])), 18.0, "y=[4], yhat=[10]"),
    ]
    run_cases(
        eval_mse,
        "eval_mse",
        cases,
        default_hint="return (1 / (2 * m)) * sum over i of (yhat[i] - y[i])**2, with m = len(y).",
    )


def check_eval_cat_err(eval_cat_err: Callable) -> None:
    """Check ``eval_cat_err(y, yhat)`` = fraction misclassified on three hand-worked cases."""
    cases = [
        # positions 2 and 4 are wrong: 2 of 5 = 0.4.
        Case(
            (np.array([1, 2, 0, 3, 5]), np.array([1, 2, 1, 3, 4])),
            0.4,
            "y=[1, 2, 0, 3, 5], yhat=[1, 2, 1, 3, 4]",
            hints=[
                (0.6, "you counted the right predictions; count the wrong ones (yhat != y)."),
                (2.0, "divide the number of wrong predictions by m, the number of examples."),
            ],
        ),
        # every prediction right: no error.
        Case(
            (np.array([0, 1, 5]), np.array([0, 1, 5])),
            0.0,
            "y=[0, 1, 5], yhat=[0, 1, 5]",
            hints=[(1.0, "you counted the right predictions; count the wrong ones.")],
        ),
        # every prediction wrong: 4 of 4.
        Case(
            (np.array([0, 1, 2, 3]), np.array([1, 2, 3, 0])),
            1.0,
            "y=[0, 1, 2, 3], yhat=[1, 2, 3, 0]",
            hints=[(0.0, "you counted the right predictions; count the wrong ones.")],
        ),
    ]
    run_cases(
        eval_cat_err,
        "eval_cat_err",
        cases,
        default_hint="count the examples with yhat[i] != y[i] and divide by m = len(y).",
    )


def _check_architecture(
    model: Any, name: str, expected: list[tuple[int, str, float | None]]
) -> None:
    """Check ``model`` against ``expected`` = [(units, activation, l2 or None), ...].

    Records the architecture for the autograder first; raises CheckFailed at the first problem.
    """
    record_name = f"{name} architecture"
    found = recorded_architecture(
        model,
        name,
        record_name,
        lambda model: describe_model(built_for(model, INPUT_SHAPE), regularizers=True),
    )
    if found["input shape"] != INPUT_SHAPE:
        raise CheckFailed(
            f"{name}: expected the input shape {INPUT_SHAPE}, got {found['input shape']}.\n"
            "Hint: each example is a point with 2 coordinates: start with keras.Input(shape=(2,)), "
            "or leave keras.Input out and Keras sizes the first layer on the data it trains on."
        )
    layers = found["layers"]
    others = [kind for kind, *_ in layers if kind != "Dense"]
    if others:
        raise CheckFailed(f"{name}: expected only Dense layers, got {', '.join(others)} too.")
    units = tuple(u for _, u, _, _ in layers)
    want_units = tuple(u for u, _, _ in expected)
    if units != want_units:
        raise CheckFailed(
            f"{name}: expected {len(want_units)} Dense layers with units {want_units}, got "
            f"{units}.\nHint: the output layer has 6 units, one per class."
        )
    activations = [a for _, _, a, _ in layers]
    want_activations = [a for _, a, _ in expected]
    if activations != want_activations:
        hint = (
            "the output layer is linear (no activation, or activation='linear'): the loss "
            "applies the softmax itself (from_logits=True)."
            if activations[-1] != "linear"
            else "the hidden layers use activation='relu'."
        )
        raise CheckFailed(
            f"{name}: expected activations {want_activations}, got {activations}.\nHint: {hint}"
        )
    l2s = [r for *_, r in layers]
    want_l2s = [r for _, _, r in expected]
    if l2s != want_l2s:
        if all(r is None for r in want_l2s):
            hint = "this model has no regularizer: remove kernel_regularizer."
        elif l2s[-1] is not None:
            hint = "only the two hidden layers are regularized, not the output layer."
        else:
            hint = "pass kernel_regularizer=keras.regularizers.l2(0.1) to both hidden layers."
        raise CheckFailed(
            f"{name}: expected L2 factors {want_l2s} (None: no regularizer), got {l2s}.\n"
            f"Hint: {hint}"
        )
    print(f"{name}: all public tests passed.")


def check_model(model: Any) -> None:
    """Check the complex model: 2 → 120 relu → 40 relu → 6 linear, no regularizer."""
    _check_architecture(
        model, "model", [(120, "relu", None), (40, "relu", None), (6, "linear", None)]
    )


def check_model_s(model_s: Any) -> None:
    """Check the simple model: 2 → 6 relu → 6 linear, no regularizer."""
    _check_architecture(model_s, "model_s", [(6, "relu", None), (6, "linear", None)])


def check_model_r(model_r: Any) -> None:
    """Check the regularized model: the complex model with L2(0.1) on its two hidden layers."""
    _check_architecture(
        model_r, "model_r", [(120, "relu", 0.1), (40, "relu", 0.1), (6, "linear", None)]
    )
