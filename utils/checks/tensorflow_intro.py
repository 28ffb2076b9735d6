"""Public checks of the graded lab c4w3-tensorflow-intro (linear_function, sigmoid, one_hot_matrix,
initialize_parameters, forward_propagation, compute_total_loss, train_step).

Every expected value is worked out by hand next to its case (or, for the seeded draws of
linear_function and initialize_parameters, written out as the numbers themselves); nothing here
computes the answer the way the lab does. ``train_step`` is checked on a network whose weights are
all zero, where only the output bias receives a gradient and its step is a closed form; its checks
put :func:`trusted_forward` and :func:`trusted_total_loss` (TensorFlow's own routes: ``tf.einsum``
and ``tf.nn.softmax_cross_entropy_with_logits``) in place of the learner's earlier exercises, so a
mistake there costs those exercises only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from utils.checks import CheckFailed, learners_result, matches, substitute
from utils.records import record

LN2, LN3 = float(np.log(2.0)), float(np.log(3.0))

# --- linear_function ------------------------------------------------------------------------
# Y = W X + b with X (3, 1), W (4, 3), b (4, 1) drawn in this order from np.random.default_rng(1)
# by standard_normal: the numbers below are those draws multiplied out (float64).
LINEAR_Y = np.array(
    [[1.039851188575674], [0.4520849720407206], [0.01319726020334083], [-1.3295752180875613]]
)
LINEAR_WX = np.array(
    [[0.44100497594104654], [0.4123628645590616], [0.30565401116842944], [-0.5476667557307192]]
)
LINEAR_W_FIRST = np.array(
    [[0.05117945690390835], [0.6367402975215892], [-0.1674526594590115], [-1.2667346968322217]]
)


def _fail(call: str, message: str, hint: str) -> CheckFailed:
    return CheckFailed(f"{call}: {message}.\nHint: {hint}")


def _call(fn: Callable, name: str, call: str, *args: Any) -> Any:
    """The learner's ``fn(*args)``; a stub's NotImplementedError becomes a CheckFailed."""
    return learners_result(fn, call, *args)


def _tensor(got: Any, call: str, shape: tuple, dtype: str | None, hint: str) -> np.ndarray:
    """The learner's result as an array, once it is known to be a tensor of ``shape``, ``dtype``."""
    if not tf.is_tensor(got):
        raise _fail(call, f"expected a TensorFlow tensor, got {type(got).__name__}", hint)
    if tuple(got.shape) != shape:
        raise _fail(call, f"expected shape {shape}, got shape {tuple(got.shape)}", hint)
    if dtype is not None and got.dtype.name != dtype:
        raise _fail(call, f"expected dtype {dtype}, got {got.dtype.name}", hint)
    return np.asarray(got)


def check_linear_function(linear_function: Callable) -> None:
    """Check ``linear_function()``: Y = WX + b from the seeded draws, as a tensor (4, 1)."""
    call = "linear_function()"
    got = _call(linear_function, "linear_function", call)
    record(call, got)
    value = _tensor(
        got,
        call,
        (4, 1),
        None,
        "build X with tf.constant, W and b with tf.Variable, then Y = tf.add(tf.matmul(W, X), b): "
        "TensorFlow operations give a tensor, and W (4, 3) times X (3, 1) has shape (4, 1).",
    )
    if not matches(value, LINEAR_Y):
        if matches(value, LINEAR_WX):
            hint = "add the bias b: Y = W X + b."
        elif matches(value, LINEAR_W_FIRST):
            hint = (
                "draw X first, then W, then b: the generator gives other numbers in another order."
            )
        else:
            hint = (
                "draw X (3, 1), W (4, 3) and b (4, 1), in this order, with rng.standard_normal, "
                "then Y = W X + b with tf.matmul (a matrix product, not an element-wise one)."
            )
        raise _fail(
            call,
            f"expected {np.round(LINEAR_Y.ravel(), 6)} (as a column), "
            f"got {np.round(value.ravel(), 6)}",
            hint,
        )
    print("linear_function: all public tests passed.")


# --- sigmoid --------------------------------------------------------------------------------
# sigma(z) = 1 / (1 + e^-z): sigma(0) = 1/2, sigma(-1) = 1 / (1 + e), sigma(ln 3) = 3/4 and
# sigma(12) = 1 / (1 + e^-12); the integers must be cast to float32 first.
SIGMOID_CASES = (
    (0, "z=0 (an integer)", 0.5),
    (-1, "z=-1 (an integer)", 1 / (1 + np.e)),
    (np.float32(LN3), "z=ln 3", 0.75),
    (12.0, "z=12.0", 1 / (1 + np.exp(-12.0))),
)


def check_sigmoid(sigmoid: Callable) -> None:
    """Check ``sigmoid(z)`` on four numbers: a float32 tensor of the right value."""
    hint_type = (
        "cast z with tf.cast(z, tf.float32), then apply keras.activations.sigmoid: the result is "
        "a float32 tensor."
    )
    for z, describe, expected in SIGMOID_CASES:
        call = f"sigmoid({describe})"
        try:
            got = _call(sigmoid, "sigmoid", call, z)
        except tf.errors.InvalidArgumentError as error:
            if isinstance(z, int) and "int32" in str(error):
                raise _fail(
                    call,
                    "your code raised InvalidArgumentError: TensorFlow's sigmoid does not take "
                    "integers",
                    "cast z to a float first: tf.cast(z, tf.float32).",
                ) from None
            raise
        record(call, got)
        value = _tensor(got, call, (), "float32", hint_type)
        if not np.isclose(value, expected, rtol=1e-6):
            if np.isclose(value, 1 - expected, rtol=1e-6):
                hint = "sigma(z) = 1 / (1 + e^(-z)): mind the sign of the exponent."
            else:
                hint = "use keras.activations.sigmoid (or tf.math.sigmoid) on the float32 z."
            raise _fail(call, f"expected {expected:.6g}, got {float(value):.6g}", hint)
    print(f"sigmoid: all {len(SIGMOID_CASES)} public tests passed.")


# --- one_hot_matrix -------------------------------------------------------------------------
# A label of class c among `depth` classes: a vector of `depth` zeros with a 1 at index c.
# (label, given as a tensor?, depth, the call as the learner reads it, the one-hot vector); the
# tensors are made when the check runs (a module that made tensors on import would start
# TensorFlow's threads in the grader's zygote).
ONE_HOT_CASES = (
    (3, False, 10, "label=3, depth=10", np.eye(10)[3]),
    ([1], True, 4, "label=tf.constant([1]), depth=4", np.array([0.0, 1.0, 0.0, 0.0])),
    (0, True, 2, "label=tf.constant(0), depth=2", np.array([1.0, 0.0])),
)


def check_one_hot_matrix(one_hot_matrix: Callable) -> None:
    """Check ``one_hot_matrix(label, depth)`` on three labels: float32 vectors of shape (depth,)."""
    for label, as_tensor, depth, describe, expected in ONE_HOT_CASES:
        call = f"one_hot_matrix({describe})"
        label = tf.constant(label) if as_tensor else label
        got = _call(one_hot_matrix, "one_hot_matrix", call, label, depth)
        record(call, got)
        if tf.is_tensor(got) and tuple(got.shape) != (depth,):
            shape = tuple(got.shape)
            hint = (
                "use the argument depth, not a number of your own."
                if depth not in shape
                else "reshape the result to a single vector of shape (depth,): "
                "tf.reshape(..., (depth,))."
            )
            raise _fail(call, f"expected shape ({depth},), got shape {shape}", hint)
        value = _tensor(
            got,
            call,
            (depth,),
            "float32",
            "tf.one_hot(label, depth, axis=0) gives float32 tensors.",
        )
        if not matches(value, expected):
            hint = (
                "the 1 goes at the index of the label itself (classes count from 0)."
                if value.sum() == 1
                else "one 1, at the index of the label, and zeros elsewhere: tf.one_hot."
            )
            raise _fail(call, f"expected {expected}, got {value}", hint)
    print(f"one_hot_matrix: all {len(ONE_HOT_CASES)} public tests passed.")


# --- initialize_parameters ------------------------------------------------------------------
SHAPES = {
    "W1": (25, 64),
    "b1": (25, 1),
    "W2": (12, 25),
    "b2": (12, 1),
    "W3": (10, 12),
    "b3": (10, 1),
}
# The first three numbers of each weight matrix drawn by keras.initializers.GlorotNormal(seed=1)
# (a normal of standard deviation sqrt(2 / (fan_in + fan_out)), truncated at two of them).
GLOROT_FIRST = {
    "W1": np.array([0.021583822, -0.08402018, 0.1075679]),
    "W2": np.array([0.033475146, -0.13031, 0.16683103]),
    "W3": np.array([0.04341222, -0.16899244, 0.21635471]),
}
GLOROT_UNIFORM_W1_FIRST = np.array([0.19654542, -0.02078189, 0.052080333])


def describe_parameters(parameters: Any) -> dict[str, Any]:
    """What initialize_parameters returned, name by name: class, dtype and shape (for records)."""
    if not isinstance(parameters, dict):
        return {"type": type(parameters).__name__}
    return {
        name: (
            isinstance(value, tf.Variable),
            getattr(getattr(value, "dtype", None), "name", None),
            tuple(np.shape(value)),
        )
        for name, value in sorted(parameters.items())
    }


def check_initialize_parameters(initialize_parameters: Callable) -> None:
    """Check ``initialize_parameters()``: six float32 tf.Variables of the table's shapes,
    the weights GlorotNormal(seed=1), the biases zero."""
    call = "initialize_parameters()"
    parameters = _call(initialize_parameters, "initialize_parameters", call)
    record(call, describe_parameters(parameters))
    if not isinstance(parameters, dict) or set(parameters) != set(SHAPES):
        got = sorted(parameters) if isinstance(parameters, dict) else type(parameters).__name__
        raise _fail(
            call,
            f"expected a dict with the keys {sorted(SHAPES)}, got {got}",
            'return parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}.',
        )
    for name, shape in SHAPES.items():
        value = parameters[name]
        if not isinstance(value, tf.Variable):
            raise _fail(
                call,
                f'parameters["{name}"] is a {type(value).__name__}, not a tf.Variable',
                "wrap each array in tf.Variable(...): the gradient tape follows variables, and "
                "the optimizer changes them in place.",
            )
        if tuple(value.shape) != shape:
            hint = (
                "W of layer l has shape (units of layer l, units of layer l - 1): one row per unit."
                if tuple(value.shape) == shape[::-1]
                else f"{name} has shape {shape}; a bias is a column, (units, 1)."
            )
            raise _fail(
                call, f"{name}: expected shape {shape}, got shape {tuple(value.shape)}", hint
            )
        if value.dtype.name != "float32":
            raise _fail(
                call,
                f"{name}: expected dtype float32, got {value.dtype.name}",
                "keep the initializer's float32.",
            )
    for name, first in GLOROT_FIRST.items():
        got = np.asarray(parameters[name])[0, :3]
        if not np.allclose(got, first, rtol=1e-5, atol=1e-7):
            hint = (
                "use keras.initializers.GlorotNormal, the normal version, not GlorotUniform."
                if name == "W1" and np.allclose(got, GLOROT_UNIFORM_W1_FIRST, rtol=1e-5)
                else "draw the weights with keras.initializers.GlorotNormal(seed=1), "
                f"called with shape={SHAPES[name]}."
            )
            raise _fail(call, f"{name}[0, :3]: expected {first}, got {got}", hint)
    for name in ("b1", "b2", "b3"):
        if np.any(np.asarray(parameters[name]) != 0):
            raise _fail(
                call,
                f"{name} should start at zero",
                f"{name} = tf.Variable(tf.zeros({SHAPES[name]})).",
            )
    print("initialize_parameters: all public tests passed.")


# --- forward_propagation --------------------------------------------------------------------
def small_parameters(values: dict[str, list]) -> dict[str, tf.Variable]:
    """tf.Variables (float32) of the given nested lists, by name."""
    return {
        name: tf.Variable(np.array(v, dtype=np.float32), name=name) for name, v in values.items()
    }


# Worked by hand: Z1 = W1 X + b1 = [[1, 2], [-2, 2]], A1 = [[1, 2], [0, 2]];
# Z2 = W2 A1 + b2 = [[2, 1], [-1, -2]], A2 = [[2, 1], [0, 0]]; Z3 = W3 A2 + b3 = [[4, 2], [-1, 0]].
FORWARD_VALUES = {
    "W1": [[1, 0], [0, -1]],
    "b1": [[0], [1]],
    "W2": [[1, -1], [-1, 0]],
    "b2": [[1], [0]],
    "W3": [[2, 0], [-1, 1]],
    "b3": [[0], [1]],
}
FORWARD_X = np.array([[1.0, 2.0], [3.0, -1.0]], dtype=np.float32)
FORWARD_Z3 = np.array([[4.0, 2.0], [-1.0, 0.0]])
FORWARD_RELU_OUT = np.array([[4.0, 2.0], [0.0, 0.0]])  # ReLU applied to Z3 too
# No ReLU at all: Z2 = W2 Z1 + b2 = [[4, 1], [-1, -2]], Z3 = W3 Z2 + b3 = [[8, 2], [-4, -2]].
FORWARD_NO_RELU = np.array([[8.0, 2.0], [-4.0, -2.0]])


def check_forward_propagation(forward_propagation: Callable) -> None:
    """Check ``forward_propagation(X, parameters)`` on a small network worked out by hand."""
    cases = (
        (slice(None), "X=[[1, 2], [3, -1]] (2 features, 2 examples)"),
        (slice(1, 2), "X=[[2], [-1]] (one example)"),
    )
    for columns, describe in cases:
        call = f"forward_propagation({describe}, parameters)"
        X, expected = FORWARD_X[:, columns], FORWARD_Z3[:, columns]
        got = _call(
            forward_propagation,
            "forward_propagation",
            call,
            tf.constant(X),
            small_parameters(FORWARD_VALUES),
        )
        record(call, got)
        value = _tensor(
            got,
            call,
            expected.shape,
            None,
            "Z3 has one row per output unit and one column per example: tf.matmul(W, A) + b.",
        )
        if not matches(value, expected, rtol=1e-5):
            if matches(value, FORWARD_RELU_OUT[:, columns]):
                hint = "return Z3, the logits: the last layer is linear (no ReLU)."
            elif matches(value, expected.T):
                hint = "Z3 has one row per output unit and one column per example: W X, not X W."
            elif matches(value, FORWARD_NO_RELU[:, columns]):
                hint = "apply ReLU to Z1 and Z2: A1 = relu(Z1), A2 = relu(Z2)."
            else:
                hint = (
                    "Z1 = W1 X + b1, A1 = relu(Z1), Z2 = W2 A1 + b2, A2 = relu(Z2), "
                    "Z3 = W3 A2 + b3: each layer takes the activations A of the layer before."
                )
            raise _fail(call, f"expected {expected.tolist()}, got {value.tolist()}", hint)
    print(f"forward_propagation: all {len(cases)} public tests passed.")


# --- compute_total_loss ---------------------------------------------------------------------
# Each column is one example. Case 0: logits [0, ln 3] have the softmax [1/4, 3/4]; class 1 costs
# -ln(3/4) = ln(4/3). Case 1: example 0, logits [0, 0, 0] and class 2: ln 3; example 1, logits
# [ln 2, 0, 0] (softmax [1/2, 1/4, 1/4]) and class 0: ln 2; total ln 3 + ln 2 = ln 6. Without the
# transposes, the rows are taken as examples of 2 classes: ln(3/2) + 0 + ln 2 = ln 3.
# Case 2: ten equal logits give each class 1/10; four examples cost 4 ln 10.
LOSS_CASES = (
    (
        [[0.0], [LN3]],
        [[0.0], [1.0]],
        "logits=[[0], [ln 3]], labels=[[0], [1]]",
        float(np.log(4 / 3)),
        {},
    ),
    (
        [[0.0, LN2], [0.0, 0.0], [0.0, 0.0]],
        [[0.0, 1.0], [0.0, 0.0], [1.0, 0.0]],
        "logits=[[0, ln 2], [0, 0], [0, 0]], labels=[[0, 1], [0, 0], [1, 0]]",
        float(np.log(6.0)),
        {
            float(
                np.log(6.0) / 2
            ): "return the total over the examples (tf.reduce_sum), not the mean.",
            float(np.log(3.0)): "the loss takes one row per example: give it tf.transpose(labels) "
            "and tf.transpose(logits) (here the examples are columns).",
        },
    ),
    (
        np.zeros((10, 4)).tolist(),
        np.eye(10)[:, [3, 1, 4, 1]].tolist(),
        "logits=zeros (10, 4), labels=one-hot of [3, 1, 4, 1]",
        float(4 * np.log(10.0)),
        {float(np.log(10.0)): "return the total over the examples (tf.reduce_sum), not the mean."},
    ),
)


def check_compute_total_loss(compute_total_loss: Callable) -> None:
    """Check ``compute_total_loss(logits, labels)`` on three hand-worked cases."""
    for logits, labels, describe, expected, hints in LOSS_CASES:
        call = f"compute_total_loss({describe})"
        got = _call(
            compute_total_loss,
            "compute_total_loss",
            call,
            tf.constant(logits, dtype=tf.float32),
            tf.constant(labels, dtype=tf.float32),
        )
        record(call, got)
        value = _tensor(
            got,
            call,
            (),
            None,
            "return a single number, the sum of the losses: tf.reduce_sum(...).",
        )
        if not np.isclose(value, expected, rtol=1e-5):
            hint = next(
                (h for wrong, h in hints.items() if np.isclose(value, wrong, rtol=1e-5)),
                "keras.losses.categorical_crossentropy(tf.transpose(labels), "
                "tf.transpose(logits), from_logits=True): the network outputs logits, and the "
                "loss wants one row per example.",
            )
            raise _fail(call, f"expected {expected:.6g}, got {float(value):.6g}", hint)
    print(f"compute_total_loss: all {len(LOSS_CASES)} public tests passed.")


# --- train_step -----------------------------------------------------------------------------
def trusted_forward(X: Any, parameters: dict[str, Any]) -> tf.Tensor:
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR by ``tf.einsum``: the checks' stand-in for the
    learner's forward_propagation."""
    A = tf.convert_to_tensor(X, dtype=tf.float32)
    for layer in (1, 2, 3):
        Z = tf.einsum("ij,jk->ik", parameters[f"W{layer}"], A) + parameters[f"b{layer}"]
        A = tf.nn.relu(Z)
    return Z


def trusted_total_loss(logits: Any, labels: Any) -> tf.Tensor:
    """The summed softmax cross-entropy of columns, by ``tf.nn``: the checks' stand-in for the
    learner's compute_total_loss."""
    losses = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, axis=0)
    return tf.reduce_sum(losses)


def run_train_step(train_step: Callable, X: Any, Y: Any, parameters: dict, optimizer: Any) -> Any:
    """``train_step(X, Y, parameters, optimizer)`` with the trusted forward pass and loss in
    place of the learner's."""
    with substitute(
        train_step, forward_propagation=trusted_forward, compute_total_loss=trusted_total_loss
    ):
        return train_step(X, Y, parameters, optimizer)


def _sigma(z: float) -> float:
    return float(1 / (1 + np.exp(-z)))


# All weights and biases zero, 2 inputs, 2 hidden units per layer, 2 classes; examples of classes
# 0, 0, 1. Every unit outputs 0, so only b3 gets a gradient: sum over examples of softmax(b3) - y.
# Step 1: softmax(0) = [1/2, 1/2], the loss is 3 ln 2 and the gradient [3/2 - 2, 3/2 - 1] =
# [-1/2, 1/2]; SGD with a learning rate of 0.1 sets b3 = [0.05, -0.05].
# Step 2: softmax(b3) = [s, 1 - s] with s = sigma(0.1); the loss is -2 ln s - ln(1 - s) and the
# gradient [3s - 2, 3 (1 - s) - 1] = [3s - 2, 2 - 3s], so b3 = [0.05 - 0.1 (3s - 2),
# -0.05 - 0.1 (2 - 3s)].
TRAIN_X = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]], dtype=np.float32)
TRAIN_Y = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
TRAIN_RATE = 0.1
_S = _sigma(0.1)
TRAIN_STEPS = (
    (3 * LN2, np.array([[0.05], [-0.05]])),
    (
        -2 * np.log(_S) - np.log(1 - _S),
        np.array([[0.05 - 0.1 * (3 * _S - 2)], [-0.05 - 0.1 * (2 - 3 * _S)]]),
    ),
)


def zero_parameters() -> dict[str, tf.Variable]:
    """The network of the train_step check: every weight and bias zero (float32 variables)."""
    shapes = {"W1": (2, 2), "b1": (2, 1), "W2": (2, 2), "b2": (2, 1), "W3": (2, 2), "b3": (2, 1)}
    return {name: tf.Variable(tf.zeros(shape), name=name) for name, shape in shapes.items()}


def check_train_step(train_step: Callable) -> None:
    """Check two calls of ``train_step(X, Y, parameters, optimizer)``, SGD, the zero network."""
    if not callable(train_step):
        raise CheckFailed(f"train_step should be a function, got {type(train_step).__name__}")
    import keras  # noqa: PLC0415 (the optimizer of the check)

    parameters = zero_parameters()
    optimizer = keras.optimizers.SGD(learning_rate=TRAIN_RATE)
    X, Y = tf.constant(TRAIN_X), tf.constant(TRAIN_Y)
    for number, (loss, b3) in enumerate(TRAIN_STEPS, start=1):
        call = (
            f"train_step(X, Y, parameters, SGD(learning_rate={TRAIN_RATE})), call {number} "
            "(all weights and biases zero at first; examples of classes 0, 0, 1)"
        )
        got = _call(run_train_step, "train_step", call, train_step, X, Y, parameters, optimizer)
        record(f"{call}: loss", got)
        record(f"{call}: parameters", {k: np.asarray(v) for k, v in parameters.items()})
        value = _tensor(
            got, call, (), None, "return the loss that the tape recorded, a scalar tensor."
        )
        b3_now = np.asarray(parameters["b3"])
        if np.allclose(b3_now, 0.0):
            raise _fail(
                call,
                "the parameters did not change",
                "compute the gradients with tape.gradient(loss, trainable_variables) and apply "
                "them: optimizer.apply_gradients(zip(grads, trainable_variables)).",
            )
        if not np.isclose(value, loss, rtol=1e-5):
            hint = (
                "return the total loss of the minibatch (compute_total_loss), not the mean."
                if np.isclose(value, loss / 3, rtol=1e-5)
                else "return the loss computed inside the tape, before the step, on X and Y."
            )
            raise _fail(call, f"expected the loss {loss:.6g}, got {float(value):.6g}", hint)
        if not np.allclose(b3_now, b3, rtol=1e-5, atol=1e-7):
            hint = (
                "differentiate the total loss, not its mean."
                if np.allclose(b3_now, b3 / 3 if number == 1 else b3_now + 1, rtol=1e-5)
                else "one step of the optimizer given as argument: "
                "optimizer.apply_gradients(zip(grads, trainable_variables))."
            )
            raise _fail(
                call, f"expected b3 = {b3.ravel()} after the step, got {b3_now.ravel()}", hint
            )
        others = [
            k for k in ("W1", "b1", "W2", "b2", "W3") if np.any(np.asarray(parameters[k]) != 0)
        ]
        if others:
            raise _fail(
                call,
                f"{', '.join(others)} changed, though only b3 has a gradient here",
                "apply the gradients that tape.gradient gives, nothing else.",
            )
    print(f"train_step: all {len(TRAIN_STEPS)} public tests passed.")
