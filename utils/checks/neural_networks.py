"""Public checks of the graded lab c2w1-nn-binary (model, my_dense, my_dense_v).

``check_model`` reads the architecture of the learner's Keras model (its weights do not matter).
The expected values of ``my_dense`` and ``my_dense_v`` are worked out by hand on small inputs,
written next to each case; the activations passed as ``g`` are the identity (so that the values
are plain sums), SciPy's ``expit`` (the sigmoid) and a ReLU.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np
from scipy.special import expit

from utils.checks import Case, CheckFailed, run_cases
from utils.records import record

INPUT_SHAPE = (None, 64)
UNITS = (25, 15, 1)


def _identity(z: Any) -> Any:
    return z


def _relu(z: Any) -> Any:
    return np.maximum(0, z)


def describe_model(model: keras.Model) -> dict[str, Any]:
    """What the checks and the autograder look at in a model: its architecture, not its weights.

    Args:
        model: a Keras model.

    Returns:
        ``{"input shape": (None, 64) or None when the model has none, "layers": [(layer class,
        units or None, activation name or None), ...], "parameters": number of weights or None}``.
    """
    try:
        input_shape = tuple(model.input_shape)
    except (AttributeError, ValueError):  # no keras.Input: the model is not built yet
        input_shape = None
    layers = [
        (
            type(layer).__name__,
            getattr(layer, "units", None),
            getattr(getattr(layer, "activation", None), "__name__", None),
        )
        for layer in model.layers
    ]
    parameters = model.count_params() if input_shape is not None else None
    return {"input shape": input_shape, "layers": layers, "parameters": parameters}


def recorded_architecture(
    model: Any,
    name: str,
    record_name: str,
    describe: Callable[[Any], dict[str, Any]] = describe_model,
) -> dict[str, Any]:
    """Check that the learner's ``model`` is a keras.Sequential, record its architecture for the
    autograder and return it.

    Args:
        model: the learner's model.
        name: its variable name in the lab, for the messages.
        record_name: the record's name.
        describe: what turns the model into the recorded description (default
            :func:`describe_model`).

    Returns:
        ``describe(model)``.

    Raises:
        CheckFailed: when ``model`` is None or not a keras.Sequential.
    """
    if model is None:
        raise CheckFailed(f"{name} is still None: set it to a keras.Sequential([...]).")
    if not isinstance(model, keras.Sequential):
        raise CheckFailed(f"{name} should be a keras.Sequential, got {type(model).__name__}.")
    found = describe(model)
    record(record_name, found)
    return found


def _digits_model(model: Any, name: str) -> dict[str, Any]:
    """Record the architecture of ``model``, then check what every model of these labs shares: a
    Sequential with the 64-pixel input.

    Args:
        model: the learner's model.
        name: the record's name.

    Returns:
        The model's :func:`describe_model`.
    """
    found = recorded_architecture(model, "model", name)
    if found["input shape"] is None:
        raise CheckFailed(
            "model has no input shape: start the list of layers with keras.Input(shape=(64,))."
        )
    if found["input shape"] != INPUT_SHAPE:
        raise CheckFailed(
            f"expected the input shape {INPUT_SHAPE}, got {found['input shape']}.\n"
            "Hint: one example is an image of 8x8 = 64 pixels: keras.Input(shape=(64,))."
        )
    return found


def check_layers(
    found: dict[str, Any],
    units_expected: tuple[int, ...],
    units_hint: Callable[[tuple[int, ...]], str],
    activations_expected: tuple[str, ...] | None = None,
    activation_hint: Callable[[int, str | None], str] | None = None,
    name: str = "",
) -> None:
    """Check the layers of a described model: only Dense layers, their number, their units in
    order and, when ``activations_expected`` is given, their activations.

    Args:
        found: the model's :func:`describe_model`.
        units_expected: the units of each Dense layer, in order.
        units_hint: the hint for the units found, when they are wrong.
        activations_expected: the activation of each layer, in order; None skips that check.
        activation_hint: the hint for the first wrong activation, given its position and name.
        name: the model's variable name, to start the messages with (none when empty).

    Raises:
        CheckFailed: at the first problem found.
    """
    prefix = f"{name}: " if name else ""
    layers = found["layers"]
    others = [kind for kind, _, _ in layers if kind != "Dense"]
    if others:
        raise CheckFailed(f"{prefix}expected only Dense layers, got {', '.join(others)} too.")
    units = tuple(u for _, u, _ in layers)
    if len(units) != len(units_expected):
        missing = "is a layer missing?" if len(units) < len(units_expected) else "one is too many."
        raise CheckFailed(
            f"{prefix}expected {len(units_expected)} Dense layers with {units_expected} units, "
            f"got {len(units)} with {units}: {missing}"
        )
    if units != units_expected:
        raise CheckFailed(
            f"{prefix}expected units {units_expected}, got {units}.\nHint: {units_hint(units)}"
        )
    if activations_expected is None or activation_hint is None:
        return
    activations = [a for _, _, a in layers]
    for position, activation in enumerate(activations):
        if activation != activations_expected[position]:
            raise CheckFailed(
                f"{prefix}expected the activations {list(activations_expected)}, got "
                f"{activations}.\nHint: {activation_hint(position, activation)}"
            )


def _check_parameters(found: dict[str, Any], units_expected: tuple[int, ...]) -> None:
    """Raise CheckFailed unless the model has the weights and biases of its Dense layers."""
    sizes = (INPUT_SHAPE[1], *units_expected)
    expected = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
    if found["parameters"] != expected:
        raise CheckFailed(
            f"expected {expected} parameters, got {found['parameters']}; do all "
            "layers use a bias (the default use_bias=True)?"
        )


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
    found = _digits_model(model, "model architecture")
    check_layers(found, UNITS, _units_hint)
    layers = found["layers"]
    for position, (_, _, activation) in enumerate(layers):
        if activation != "sigmoid":
            raise CheckFailed(
                f"expected sigmoid activations in all 3 layers, got "
                f"{[a for _, _, a in layers]}.\nHint: {_activation_hint(position, activation)}"
            )
    _check_parameters(found, UNITS)
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


# Graded lab c2w2-nn-multiclass (my_softmax, model). The expected softmax values are worked out by
# hand next to each case; the model's architecture is read as in ``check_model``.

MULTICLASS_UNITS = (25, 15, 10)
MULTICLASS_ACTIVATIONS = ("relu", "relu", "linear")


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


def _multiclass_units_hint(units: tuple[int, ...]) -> str:
    if units[-1] != 10:
        return "the output layer has one unit per class: 10 units, one per digit."
    if units == (15, 25, 10):
        return "the first hidden layer has 25 units and the second 15, not the other way round."
    return "the layers have 25, 15 and 10 units, in this order."


def _multiclass_activation_hint(position: int, activation: str | None) -> str:
    if position == len(MULTICLASS_UNITS) - 1:
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


def check_multiclass_model(model: Any) -> None:
    """Check that ``model`` is a Sequential 64 → 25 (relu) → 15 (relu) → 10 (linear).

    The architecture is recorded for the autograder before it is checked. Raises CheckFailed
    with a hint at the first problem found.
    """
    found = _digits_model(model, "multiclass model architecture")
    check_layers(
        found,
        MULTICLASS_UNITS,
        _multiclass_units_hint,
        MULTICLASS_ACTIVATIONS,
        _multiclass_activation_hint,
    )
    _check_parameters(found, MULTICLASS_UNITS)
    print("model: all public tests passed.")
