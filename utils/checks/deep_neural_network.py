"""Public checks of the graded lab c4w1-deep-neural-network.

The expected values below are worked out by hand on networks of two or three units per layer with
small integer weights, written with the exact constants they come from (``u = sigmoid(4)`` and
``v = sigmoid(1)`` in the backward passes). The initialization's values are the first eight draws
of ``np.random.default_rng(3).standard_normal``, printed once and written here.

A mistake in one exercise costs that exercise only: the checks of an exercise that calls earlier
ones put TensorFlow versions of them in the learner's namespace while they run (``trusted``).
Those are built from TensorFlow's own operations and its automatic differentiation
(``tf.matmul``, ``tf.nn.relu``, ``tf.sigmoid``, ``tf.GradientTape``), an independent route to the
same numbers; TensorFlow is imported at their first use, not with this module.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from utils import records
from utils.checks import Case, CheckFailed, _fmt, learners_result, matches, run_cases, substitute

# The first eight draws of np.random.default_rng(3).standard_normal(8).
NORMALS_SEED_3 = np.array(
    [
        2.0409191155232003,
        -2.5556650327488096,
        0.41809885149002,
        -0.5677696131221496,
        -0.4526492855849766,
        -0.21559716217350627,
        -2.019986128651178,
        -0.23193238163700113,
    ]
)

# --- TensorFlow's route to the earlier exercises -------------------------------------------------


def _tf():
    """TensorFlow, imported at first use (it takes seconds), without its start-up chatter."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    return tf


def tf_initialize_parameters(layer_dims: Sequence[int]) -> dict[str, np.ndarray]:
    """Fixed, non-random parameters for the checks of L_layer_model (not the lab's initialization):
    ``W[l][i, j] = cos(1 + i + 2 j + 3 l) / sqrt(layer_dims[l-1])`` and ``b[l] = 0``."""
    tf = _tf()
    parameters = {}
    for k in range(1, len(layer_dims)):
        i = tf.cast(tf.range(layer_dims[k])[:, None], tf.float64)
        j = tf.cast(tf.range(layer_dims[k - 1])[None, :], tf.float64)
        W = tf.cos(1.0 + i + 2.0 * j + 3.0 * k) / tf.sqrt(tf.cast(layer_dims[k - 1], tf.float64))
        parameters[f"W{k}"] = W.numpy()
        parameters[f"b{k}"] = tf.zeros((layer_dims[k], 1), tf.float64).numpy()
    return parameters


def tf_linear_forward(A, W, b):
    """``(Z, (A, W, b))`` with ``Z = tf.matmul(W, A) + b``."""
    tf = _tf()
    Z = tf.matmul(tf.constant(W, tf.float64), tf.constant(A, tf.float64)) + b
    return Z.numpy(), (A, W, b)


def _activate(tf, Z, activation):
    if activation == "sigmoid":
        return tf.sigmoid(Z)
    if activation == "relu":
        return tf.nn.relu(Z)
    raise ValueError(f"unknown activation {activation!r}")


def tf_linear_activation_forward(A_prev, W, b, activation):
    """``(A, ((A_prev, W, b), Z))`` with TensorFlow's matmul and its sigmoid or ReLU."""
    tf = _tf()
    Z = tf.matmul(tf.constant(W, tf.float64), tf.constant(A_prev, tf.float64)) + b
    return _activate(tf, Z, activation).numpy(), ((A_prev, W, b), Z.numpy())


def tf_L_model_forward(X, parameters):
    """``(AL, caches)``: ReLU layers, then a sigmoid layer, each by tf_linear_activation_forward."""
    L = len(parameters) // 2
    A, caches = X, []
    for k in range(1, L + 1):
        activation = "sigmoid" if k == L else "relu"
        A, cache = tf_linear_activation_forward(
            A, parameters[f"W{k}"], parameters[f"b{k}"], activation
        )
        caches.append(cache)
    return A, caches


def tf_compute_cost(AL, Y):
    """The mean cross-entropy, by TensorFlow's log and mean, as a float."""
    tf = _tf()
    AL, Y = tf.constant(AL, tf.float64), tf.constant(Y, tf.float64)
    return float(-tf.reduce_mean(Y * tf.math.log(AL) + (1 - Y) * tf.math.log(1 - AL)))


def tf_linear_backward(dZ, cache):
    """``(dA_prev, dW, db)``: the gradients of ``sum(dZ * (W A_prev + b))`` by tf.GradientTape
    (dW and db divided by the number of examples m)."""
    tf = _tf()
    A_prev, W, b = (tf.constant(x, tf.float64) for x in cache)
    m = A_prev.shape[1]
    with tf.GradientTape() as tape:
        tape.watch([A_prev, W, b])
        Z = tf.matmul(W, A_prev) + b
    dA_prev, dW, db = tape.gradient(Z, [A_prev, W, b], output_gradients=tf.constant(dZ))
    return dA_prev.numpy(), dW.numpy() / m, db.numpy() / m


def tf_linear_activation_backward(dA, cache, activation):
    """``(dA_prev, dW, db)``: dZ from tf.GradientTape through TensorFlow's activation, then
    tf_linear_backward."""
    tf = _tf()
    linear_cache, Z = cache
    Z = tf.constant(Z, tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(Z)
        A = _activate(tf, Z, activation)
    dZ = tape.gradient(A, Z, output_gradients=tf.constant(dA, tf.float64))
    return tf_linear_backward(dZ.numpy(), linear_cache)


def tf_L_model_backward(AL, Y, caches):
    """The grads dict of the lab (``dA0 ... dA{L-1}``, ``dW1 ... dWL``, ``db1 ... dbL``) by
    tf.GradientTape on the network the caches describe: dW and db are the derivatives of the
    mean cross-entropy, dA the derivatives of the sum of the losses (m times the mean)."""
    tf = _tf()
    L = len(caches)
    X = tf.constant(caches[0][0][0], tf.float64)
    Ws = [tf.constant(cache[0][1], tf.float64) for cache in caches]
    bs = [tf.constant(cache[0][2], tf.float64) for cache in caches]
    Y = tf.constant(np.reshape(Y, np.shape(AL)), tf.float64)
    m = X.shape[1]
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([X, *Ws, *bs])
        activations = [X]
        for k in range(L):
            Z = tf.matmul(Ws[k], activations[-1]) + bs[k]
            activations.append(tf.sigmoid(Z) if k == L - 1 else tf.nn.relu(Z))
        A_out = activations[-1]
        total = -tf.reduce_sum(Y * tf.math.log(A_out) + (1 - Y) * tf.math.log(1 - A_out))
    dAs = tape.gradient(total, activations[:-1])
    dWs, dbs = tape.gradient(total, Ws), tape.gradient(total, bs)
    del tape
    grads = {}
    for k in range(L):
        grads[f"dA{k}"] = dAs[k].numpy()
        grads[f"dW{k + 1}"] = dWs[k].numpy() / m
        grads[f"db{k + 1}"] = dbs[k].numpy() / m
    return grads


def tf_update_parameters(params, grads, learning_rate):
    """A new dict: each ``W``, ``b`` minus ``learning_rate`` times its gradient, by TensorFlow."""
    tf = _tf()
    return {
        key: (tf.constant(value, tf.float64) - learning_rate * grads[f"d{key}"]).numpy()
        for key, value in params.items()
    }


TRUSTED = {
    "initialize_parameters_deep": tf_initialize_parameters,
    "linear_forward": tf_linear_forward,
    "linear_activation_forward": tf_linear_activation_forward,
    "L_model_forward": tf_L_model_forward,
    "compute_cost": tf_compute_cost,
    "linear_backward": tf_linear_backward,
    "linear_activation_backward": tf_linear_activation_backward,
    "L_model_backward": tf_L_model_backward,
    "update_parameters": tf_update_parameters,
}


def trusted(fn: Callable, *names: str):
    """While the block runs, ``fn`` calls the TensorFlow versions of the exercises ``names``.

    Args:
        fn: the learner's function (``linear_activation_forward``, ``L_layer_model``...).
        names: the earlier exercises it calls, e.g. ``"linear_forward"``.
    """
    return substitute(fn, **{name: TRUSTED[name] for name in names})


# --- Comparing results that hold dicts, tuples and lists of arrays -------------------------------


def _problem(got: Any, expected: Any, where: str, rtol: float) -> str | None:
    """What is wrong with ``got`` (None when it equals ``expected``), naming the part."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            kind = type(got).__name__
            return f"{where} should be a dict with the keys {sorted(expected)}, got {kind}"
        missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
        if missing or extra:
            return (
                f"{where} should have the keys {sorted(expected)}"
                + (f"; missing {missing}" if missing else "")
                + (f"; unexpected {extra}" if extra else "")
            )
        parts = ((got[k], expected[k], f"{where}['{k}']") for k in expected)
    elif isinstance(expected, tuple | list):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            length = f" of length {len(got)}" if isinstance(got, tuple | list) else ""
            return (
                f"{where} should be a tuple or list of {len(expected)} items, got "
                f"{type(got).__name__}{length}"
            )
        parts = (
            (g, e, f"{where}[{i}]") for i, (g, e) in enumerate(zip(got, expected, strict=True))
        )
    elif isinstance(expected, str):
        return None if got == expected else f"{where} should be {expected!r}, got {got!r}"
    else:
        try:
            shape = np.shape(got)
        except (TypeError, ValueError):
            return f"{where} should be numbers, got {type(got).__name__}"
        if shape != np.shape(expected):
            return f"{where} should have shape {np.shape(expected)}, got shape {shape}"
        if not matches(got, expected, rtol=rtol):
            return f"{where}: expected {_fmt(expected)}, got {_fmt(got)}"
        return None
    return next((p for g, e, w in parts if (p := _problem(g, e, w, rtol))), None)


def _run(
    fn: Callable[..., Any],
    name: str,
    cases: Sequence[Case],
    *,
    default_hint: str,
    rtol: float = 1e-6,
    report: bool = True,
) -> None:
    """Like ``utils.checks.run_cases``, for results that are dicts, tuples and lists of arrays.

    Each case's ``names`` (one name) says how the check names the result; a hint applies when the
    result equals its wrong value. The inputs must come back unchanged. ``report=False`` prints
    nothing when every case passes (a check that runs its cases in two groups).
    """
    for case in cases:
        args = copy.deepcopy(case.args)
        call = f"{name}({case.describe})"
        got = learners_result(fn, call, *args)
        records.record(call, got)
        if any(_problem(a, b, "", 0.0) for a, b in zip(args, case.args, strict=True)):
            raise CheckFailed(f"{call} changed its inputs; compute new arrays instead.")
        problem = _problem(got, case.expected, case.names[0] if case.names else "the result", rtol)
        if problem:
            hints = (h for wrong, h in case.hints if _problem(got, wrong, "", rtol) is None)
            raise CheckFailed(f"{call}: {problem}.\nHint: {next(hints, default_hint)}")
    if report:
        print(f"{name}: all {len(cases)} public tests passed.")


# --- Exercise 1: initialize_parameters_deep ------------------------------------------------------


def check_initialize_parameters_deep(initialize_parameters_deep: Callable) -> None:
    """Check ``initialize_parameters_deep(layer_dims)`` on [3, 2, 1] and on [2, 1]."""
    normals = NORMALS_SEED_3
    W1 = normals[:6].reshape(2, 3)
    W2 = normals[6:8].reshape(1, 2)
    expected = {
        "W1": W1 / np.sqrt(3),
        "b1": np.zeros((2, 1)),
        "W2": W2 / np.sqrt(2),
        "b2": np.zeros((1, 1)),
    }
    hints = [
        (
            {**expected, "W1": W1 * 0.01, "W2": W2 * 0.01},
            "this lab scales the weights by 1 / np.sqrt(layer_dims[l - 1]), not by 0.01.",
        ),
        (
            {**expected, "W1": W1 / np.sqrt(2), "W2": W2 / np.sqrt(1)},
            "divide by the square root of the previous layer's size, layer_dims[l - 1].",
        ),
        (
            {**expected, "W1": W1, "W2": W2},
            "scale each draw: divide it by np.sqrt(layer_dims[l - 1]).",
        ),
    ]
    cases = [
        Case(([3, 2, 1],), expected, "[3, 2, 1]", hints=hints, names=("parameters",)),
        Case(
            ([2, 1],),
            {"W1": normals[:2].reshape(1, 2) / np.sqrt(2), "b1": np.zeros((1, 1))},
            "[2, 1]",
            names=("parameters",),
        ),
    ]
    _run(
        initialize_parameters_deep,
        "initialize_parameters_deep",
        cases,
        default_hint="for l = 1 ... L - 1: W{l} = rng.standard_normal((layer_dims[l], "
        "layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1]) drawn from the given rng, layer by "
        "layer, and b{l} = np.zeros((layer_dims[l], 1)).",
    )


# --- The forward pass ----------------------------------------------------------------------------

# One layer of two units on three inputs and two examples: Z = W A + b = [[8, 6], [-5, -4]].
_A = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
_W = np.array([[1.0, -1.0, 2.0], [0.0, 1.0, -1.0]])
_B = np.array([[1.0], [-2.0]])
_Z = np.array([[8.0, 6.0], [-5.0, -4.0]])
_LAYER = "A=[[1, 2], [0, -1], [3, 1]], W=[[1, -1, 2], [0, 1, -1]], b=[[1], [-2]]"

# A network 2 -> 3 -> 2 -> 1 on two examples (the checks of L_model_forward, L_model_backward).
_X = np.array([[1.0, 0.0], [-1.0, 2.0]])
_PARAMS = {
    "W1": np.array([[2.0, 1.0], [0.0, -1.0], [1.0, 1.0]]),
    "b1": np.array([[0.0], [1.0], [-1.0]]),
    "W2": np.array([[1.0, -1.0, 0.5], [0.0, 1.0, 1.0]]),
    "b2": np.array([[0.5], [0.0]]),
    "W3": np.array([[1.0, -2.0]]),
    "b3": np.array([[0.0]]),
}
_Z1 = np.array([[1.0, 2.0], [2.0, -1.0], [-1.0, 1.0]])
_A1 = np.array([[1.0, 2.0], [2.0, 0.0], [0.0, 1.0]])
_Z2 = np.array([[-0.5, 3.0], [2.0, 1.0]])
_A2 = np.array([[0.0, 3.0], [2.0, 1.0]])
_Z3 = np.array([[-4.0, 1.0]])
_U, _V = 1 / (1 + np.exp(-4.0)), 1 / (1 + np.exp(-1.0))  # sigmoid(4) and sigmoid(1)
_AL = np.array([[1 - _U, _V]])  # sigmoid(-4) = 1 - sigmoid(4)
_CACHES = (
    ((_X, _PARAMS["W1"], _PARAMS["b1"]), _Z1),
    ((_A1, _PARAMS["W2"], _PARAMS["b2"]), _Z2),
    ((_A2, _PARAMS["W3"], _PARAMS["b3"]), _Z3),
)
_NET = (
    "X=[[1, 0], [-1, 2]], parameters={W1: [[2, 1], [0, -1], [1, 1]], b1: [[0], [1], [-1]], "
    "W2: [[1, -1, 0.5], [0, 1, 1]], b2: [[0.5], [0]], W3: [[1, -2]], b3: [[0]]}"
)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def check_linear_forward(linear_forward: Callable) -> None:
    """Check ``linear_forward(A, W, b)`` → ``(Z, cache)`` on two layers."""
    names = ("(Z, cache)",)
    A1 = np.array([[2.0, 0.0, 1.0], [1.0, 1.0, -1.0], [0.0, 3.0, 0.5]])
    W1, b1 = np.array([[0.5, -1.0, 2.0]]), np.array([[0.25]])
    cases = [
        Case(
            (_A, _W, _B),
            (_Z, (_A, _W, _B)),
            _LAYER,
            names=names,
            hints=[
                ((_Z - _B, (_A, _W, _B)), "did you forget to add b?"),
                ((_Z, (_W, _A, _B)), "the cache is (A, W, b), in this order."),
            ],
        ),
        Case(
            (A1, W1, b1),
            (np.array([[0.25, 5.25, 2.75]]), (A1, W1, b1)),
            "A=[[2, 0, 1], [1, 1, -1], [0, 3, 0.5]], W=[[0.5, -1, 2]], b=[[0.25]]",
            names=names,
        ),
    ]
    _run(
        linear_forward,
        "linear_forward",
        cases,
        default_hint="Z = np.dot(W, A) + b (W on the left: shape (n[l], n[l-1]) times "
        "(n[l-1], m)); cache = (A, W, b).",
    )


def check_linear_activation_forward(linear_activation_forward: Callable) -> None:
    """Check ``linear_activation_forward(A_prev, W, b, activation)`` with both activations."""
    names = ("(A, cache)",)
    cache = ((_A, _W, _B), _Z)
    relu_A = np.array([[8.0, 6.0], [0.0, 0.0]])
    sigmoid_A = _sigmoid(_Z)
    cases = [
        Case(
            (_A, _W, _B, "relu"),
            (relu_A, cache),
            f'{_LAYER}, activation="relu"',
            names=names,
            hints=[
                ((sigmoid_A, cache), 'activation == "relu" calls relu(Z), not sigmoid(Z).'),
                ((relu_A, (_Z, (_A, _W, _B))), "the cache is (linear_cache, activation_cache)."),
                ((_Z, cache), "apply the activation to Z: A, activation_cache = relu(Z)."),
            ],
        ),
        Case(
            (_A, _W, _B, "sigmoid"),
            (sigmoid_A, cache),
            f'{_LAYER}, activation="sigmoid"',
            names=names,
            hints=[((relu_A, cache), 'activation == "sigmoid" calls sigmoid(Z), not relu(Z).')],
        ),
    ]
    with trusted(linear_activation_forward, "linear_forward"):
        _run(
            linear_activation_forward,
            "linear_activation_forward",
            cases,
            default_hint="Z, linear_cache = linear_forward(A_prev, W, b), then A, "
            "activation_cache = sigmoid(Z) or relu(Z); cache = (linear_cache, activation_cache).",
        )


def check_L_model_forward(L_model_forward: Callable) -> None:
    """Check ``L_model_forward(X, parameters)`` → ``(AL, caches)`` on two networks."""
    names = ("(AL, caches)",)
    # One hidden layer: X = [[1, -1], [2, 0]]; Z1 = [[3, -1], [0, 2]], A1 = [[3, 0], [0, 2]],
    # Z2 = [[2, -3]].
    X = np.array([[1.0, -1.0], [2.0, 0.0]])
    small = {
        "W1": np.array([[1.0, 1.0], [-1.0, 0.0]]),
        "b1": np.array([[0.0], [1.0]]),
        "W2": np.array([[1.0, -1.0]]),
        "b2": np.array([[-1.0]]),
    }
    Z1, A1, Z2 = (
        np.array([[3.0, -1.0], [0.0, 2.0]]),
        np.array([[3.0, 0.0], [0.0, 2.0]]),
        np.array([[2.0, -3.0]]),
    )
    small_caches = (((X, small["W1"], small["b1"]), Z1), ((A1, small["W2"], small["b2"]), Z2))
    # Sigmoid in the hidden layer too: A1 = sigmoid(Z1), then Z2 = W2 A1 + b2.
    sig_A1 = _sigmoid(Z1)
    sig_Z2 = small["W2"] @ sig_A1 + small["b2"]
    cases = [
        Case(
            (X, small),
            (_sigmoid(Z2), small_caches),
            "X=[[1, -1], [2, 0]], W1=[[1, 1], [-1, 0]], b1=[[0], [1]], W2=[[1, -1]], b2=[[-1]]",
            names=names,
            hints=[
                ((np.array([[2.0, 0.0]]), small_caches), "the output layer uses the sigmoid."),
                (
                    (
                        _sigmoid(sig_Z2),
                        (
                            ((X, small["W1"], small["b1"]), Z1),
                            ((sig_A1, small["W2"], small["b2"]), sig_Z2),
                        ),
                    ),
                    "the hidden layers use relu; only the last layer uses the sigmoid.",
                ),
                (
                    (_sigmoid(Z2), small_caches[:1]),
                    "append the cache of every layer, the last too.",
                ),
            ],
        ),
        Case(
            (_X, _PARAMS),
            (_AL, _CACHES),
            _NET,
            names=names,
            hints=[
                ((_AL, _CACHES[:2]), "append the cache of every layer, the last too."),
            ],
        ),
    ]
    with trusted(L_model_forward, "linear_activation_forward"):
        _run(
            L_model_forward,
            "L_model_forward",
            cases,
            default_hint="L = len(parameters) // 2 layers: layers 1 to L - 1 with "
            'linear_activation_forward(..., "relu"), layer L with "sigmoid"; append each cache.',
        )


# --- The cost ------------------------------------------------------------------------------------


def check_compute_cost(compute_cost: Callable) -> None:
    """Check ``compute_cost(AL, Y)`` on two hand-worked cases."""
    # AL = [0.8, 0.9, 0.4], Y = [1, 1, 0]: losses -log 0.8, -log 0.9, -log 0.6.
    right = -(np.log(0.8) + np.log(0.9) + np.log(0.6)) / 3
    cases = [
        Case(
            (np.array([[0.8, 0.9, 0.4]]), np.array([[1.0, 1.0, 0.0]])),
            right,
            "AL=[[0.8, 0.9, 0.4]], Y=[[1, 1, 0]]",
            hints=[
                (-right, "the cost is minus the mean of Y log(AL) + (1 - Y) log(1 - AL)."),
                (3 * right, "did you forget to divide by m?"),
                (
                    -(np.log(0.2) + np.log(0.1) + np.log(0.4)) / 3,
                    "log(AL) goes with Y and log(1 - AL) with (1 - Y), not swapped.",
                ),
            ],
        ),
        Case(
            (np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])),
            np.log(2.0),
            "AL=[[0.5, 0.5]], Y=[[1, 0]]",
        ),
    ]
    run_cases(
        compute_cost,
        "compute_cost",
        cases,
        default_hint="cost = -(1/m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)), "
        "m = Y.shape[1]; np.squeeze makes it a single number.",
    )


# --- The backward pass ---------------------------------------------------------------------------


def check_linear_backward(linear_backward: Callable) -> None:
    """Check ``linear_backward(dZ, cache)`` → ``(dA_prev, dW, db)`` on one layer."""
    names = ("(dA_prev, dW, db)",)
    dZ = np.array([[1.0, 2.0], [-1.0, 0.0]])
    # m = 2: dA_prev = W.T dZ, dW = dZ A.T / 2, db = the sums of dZ's rows / 2.
    dA_prev = np.array([[1.0, 2.0], [-2.0, -2.0], [3.0, 4.0]])
    dW = np.array([[2.5, -1.0, 2.5], [-0.5, 0.0, -1.5]])
    db = np.array([[1.5], [-0.5]])
    cases = [
        Case(
            (dZ, (_A, _W, _B)),
            (dA_prev, dW, db),
            f"dZ=[[1, 2], [-1, 0]], cache=(A, W, b) with {_LAYER}",
            names=names,
            hints=[
                ((dA_prev, 2 * dW, 2 * db), "divide dW and db by m, the number of examples."),
                ((dA_prev, dW, db.ravel()), "keep db a column: np.sum(dZ, axis=1, keepdims=True)."),
                (
                    (dA_prev, dW, np.array([[0.0, 1.0]])),
                    "db sums each row of dZ, over the examples: axis=1.",
                ),
                ((dA_prev, dW / 2, db / 2), "divide by m once."),
            ],
        ),
        Case(
            (
                np.array([[2.0, -1.0, 0.5]]),
                (np.array([[1.0, 0.0, 2.0]]), np.array([[3.0]]), np.array([[1.0]])),
            ),
            (np.array([[6.0, -3.0, 1.5]]), np.array([[1.0]]), np.array([[0.5]])),
            "dZ=[[2, -1, 0.5]], cache=(A, W, b) with A=[[1, 0, 2]], W=[[3]], b=[[1]]",
            names=names,
            hints=[
                (
                    (np.array([[6.0, -3.0, 1.5]]), np.array([[3.0]]), np.array([[1.5]])),
                    "divide dW and db by m = 3.",
                )
            ],
        ),
    ]
    _run(
        linear_backward,
        "linear_backward",
        cases,
        default_hint="dW = np.dot(dZ, A_prev.T) / m, db = np.sum(dZ, axis=1, keepdims=True) / m, "
        "dA_prev = np.dot(W.T, dZ), with m = A_prev.shape[1].",
    )


def check_linear_activation_backward(linear_activation_backward: Callable) -> None:
    """Check ``linear_activation_backward(dA, cache, activation)`` with both activations."""
    names = ("(dA_prev, dW, db)",)
    # Layer 2 of the 2-3-2-1 network: Z2 = [[-0.5, 3], [2, 1]], so relu passes dA where Z2 > 0.
    cache2 = _CACHES[1]
    dA = np.array([[1.0, 2.0], [-1.0, 0.5]])
    # dZ = [[0, 2], [-1, 0.5]]; dA_prev = W2.T dZ; dW = dZ A1.T / 2; db = row sums / 2.
    relu_grads = (
        np.array([[0.0, 2.0], [-1.0, -1.5], [-1.0, 1.5]]),
        np.array([[2.0, 0.0, 1.0], [0.0, -1.0, 0.25]]),
        np.array([[1.0], [-0.25]]),
    )
    # Layer 3: Z3 = [[-4, 1]], dA = [[1, -1]]: dZ = [[p, -q]] with p = u (1 - u), q = v (1 - v).
    cache3 = _CACHES[2]
    p, q = _U * (1 - _U), _V * (1 - _V)
    sigmoid_grads = (
        np.array([[p, -q], [-2 * p, 2 * q]]),
        np.array([[-1.5 * q, (2 * p - q) / 2]]),
        np.array([[(p - q) / 2]]),
    )
    # relu's mask in place of the sigmoid's slope: dZ = [[0, -1]].
    relu_on_3 = (np.array([[0.0, -1.0], [0.0, 2.0]]), np.array([[-1.5, -0.5]]), np.array([[-0.5]]))
    cases = [
        Case(
            (dA, cache2, "relu"),
            relu_grads,
            "dA=[[1, 2], [-1, 0.5]], cache of layer 2 of the network (Z=[[-0.5, 3], [2, 1]]), "
            'activation="relu"',
            names=names,
        ),
        Case(
            (np.array([[1.0, -1.0]]), cache3, "sigmoid"),
            sigmoid_grads,
            'dA=[[1, -1]], cache of layer 3 of the network (Z=[[-4, 1]]), activation="sigmoid"',
            names=names,
            hints=[
                (relu_on_3, 'activation == "sigmoid" calls sigmoid_backward, not relu_backward.')
            ],
        ),
    ]
    with trusted(linear_activation_backward, "linear_backward"):
        _run(
            linear_activation_backward,
            "linear_activation_backward",
            cases,
            default_hint="linear_cache, activation_cache = cache; dZ = relu_backward(dA, "
            "activation_cache) or sigmoid_backward(dA, activation_cache), as activation says; "
            "then return linear_backward(dZ, linear_cache).",
        )


def _network_grads(sign: float = 1.0) -> dict[str, np.ndarray]:
    """The gradients of the 2-3-2-1 network on Y = [[1, 0]], worked out by hand: dZ3 = AL - Y =
    [[-u, v]]; dW3 = dZ3 A2.T / 2, dA2 = W3.T dZ3; dZ2 = dA2 where Z2 > 0 = [[0, v], [2u, -2v]];
    dW2 = dZ2 A1.T / 2, dA1 = W2.T dZ2; dZ1 = dA1 where Z1 > 0 = [[0, v], [2u, 0], [0, -1.5v]];
    dW1 = dZ1 X.T / 2, dA0 = W1.T dZ1 (``sign=-1`` gives them all negated)."""
    u, v = _U, _V
    grads = {
        "dA2": np.array([[-u, v], [2 * u, -2 * v]]),
        "dW3": np.array([[1.5 * v, (v - 2 * u) / 2]]),
        "db3": np.array([[(v - u) / 2]]),
        "dA1": np.array([[0.0, v], [2 * u, -3 * v], [2 * u, -1.5 * v]]),
        "dW2": np.array([[v, 0.0, v / 2], [u - 2 * v, 2 * u, -v]]),
        "db2": np.array([[v / 2], [u - v]]),
        "dA0": np.array([[0.0, 0.5 * v], [-2 * u, -0.5 * v]]),
        "dW1": np.array([[0.0, v], [u, -u], [0.0, -1.5 * v]]),
        "db1": np.array([[v / 2], [u], [-0.75 * v]]),
    }
    return {key: sign * value for key, value in grads.items()}


def check_L_model_backward(L_model_backward: Callable) -> None:
    """Check ``L_model_backward(AL, Y, caches)`` → grads on the 2-3-2-1 network and one layer."""
    Y = np.array([[1.0, 0.0]])
    grads = _network_grads()
    # One sigmoid layer: X = [[1, 2]], W = [[0]], b = [[0]]: AL = [[0.5, 0.5]], Y = [[0, 1]]:
    # dZ = AL - Y = [[0.5, -0.5]].
    one = ((np.array([[1.0, 2.0]]), np.array([[0.0]]), np.array([[0.0]])), np.array([[0.0, 0.0]]))
    cases = [
        Case(
            (_AL, Y, list(_CACHES)),
            grads,
            f"AL, Y=[[1, 0]] and the caches of L_model_forward on {_NET}",
            names=("grads",),
            hints=[(_network_grads(-1.0), "dAL = -(Y / AL - (1 - Y) / (1 - AL)): mind the signs.")],
        ),
        Case(
            (np.array([[0.5, 0.5]]), np.array([[0.0, 1.0]]), [one]),
            {"dA0": np.array([[0.0, 0.0]]), "dW1": np.array([[-0.25]]), "db1": np.array([[0.0]])},
            "AL=[[0.5, 0.5]], Y=[[0, 1]] and the cache of one sigmoid layer: A_prev=[[1, 2]], "
            "W=[[0]], b=[[0]], Z=[[0, 0]]",
            names=("grads",),
        ),
    ]
    with trusted(L_model_backward, "linear_activation_backward"):
        _run(
            L_model_backward,
            "L_model_backward",
            cases,
            default_hint="dAL = -(Y / AL - (1 - Y) / (1 - AL)); the last layer (caches[L - 1]) "
            'goes back with "sigmoid" and gives dA{L-1}, dW{L}, db{L}; then for l = L - 2 down to '
            '0, caches[l] with "relu" and grads["dA" + str(l + 1)] give dA{l}, dW{l+1}, db{l+1}.',
        )


# --- Exercise 9: update_parameters ---------------------------------------------------------------


def check_update_parameters(update_parameters: Callable) -> None:
    """Check ``update_parameters(params, grads, learning_rate)`` on a 2-2-1 network."""
    params = {
        "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "b1": np.array([[1.0], [0.0]]),
        "W2": np.array([[1.0, -1.0]]),
        "b2": np.array([[0.5]]),
    }
    grads = {
        "dA0": np.array([[9.0], [9.0]]),
        "dW1": np.array([[0.5, -1.0], [2.0, 0.0]]),
        "db1": np.array([[1.0], [-1.0]]),
        "dA1": np.array([[9.0], [9.0]]),
        "dW2": np.array([[-2.0, 1.0]]),
        "db2": np.array([[0.5]]),
    }
    expected = {
        "W1": np.array([[0.95, 2.1], [2.8, 4.0]]),
        "b1": np.array([[0.9], [0.1]]),
        "W2": np.array([[1.2, -1.1]]),
        "b2": np.array([[0.45]]),
    }
    plus = {
        "W1": np.array([[1.05, 1.9], [3.2, 4.0]]),
        "b1": np.array([[1.1], [-0.1]]),
        "W2": np.array([[0.8, -0.9]]),
        "b2": np.array([[0.55]]),
    }
    describe = (
        "params={W1: [[1, 2], [3, 4]], b1: [[1], [0]], W2: [[1, -1]], b2: [[0.5]]}, "
        "grads={dW1: [[0.5, -1], [2, 0]], db1: [[1], [-1]], dW2: [[-2, 1]], db2: [[0.5]], ...}"
    )
    cases = [
        Case(
            (params, grads, 0.1),
            expected,
            f"{describe}, learning_rate=0.1",
            names=("parameters",),
            hints=[
                (plus, "gradient descent subtracts: W = W - learning_rate * dW."),
                (
                    {**expected, "W2": params["W2"], "b2": params["b2"]},
                    "update every layer, 1 to L.",
                ),
                (
                    {**expected, "W1": params["W1"], "b1": params["b1"]},
                    "update every layer, 1 to L.",
                ),
            ],
        ),
        Case(
            (params, grads, 1.0),
            {
                "W1": np.array([[0.5, 3.0], [1.0, 4.0]]),
                "b1": np.array([[0.0], [1.0]]),
                "W2": np.array([[3.0, -2.0]]),
                "b2": np.array([[0.0]]),
            },
            f"{describe}, learning_rate=1",
            names=("parameters",),
        ),
    ]
    _run(
        update_parameters,
        "update_parameters",
        cases,
        default_hint='for l = 1 ... L: parameters["W" + str(l)] minus learning_rate * '
        'grads["dW" + str(l)], and the same for b.',
    )


# --- Exercise 10: L_layer_model ------------------------------------------------------------------

MODEL_X = np.array(
    [
        [1.0, 0.0, 2.0, -1.0, 0.5, 1.0],
        [0.0, 1.0, -1.0, 2.0, 1.0, 0.0],
        [1.0, 1.0, 0.0, 0.0, -1.0, 2.0],
        [-1.0, 0.5, 1.0, 1.0, 0.0, -1.0],
    ]
)
MODEL_Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0]])
_MODEL_DATA = "X of 6 examples with 4 features, Y=[[1, 0, 1, 1, 0, 0]], layers_dims=[4, 3, 1]"


def check_L_layer_model(L_layer_model: Callable) -> None:
    """Check ``L_layer_model(X, Y, layers_dims, learning_rate, num_iterations)`` →
    ``(parameters, costs)`` on a 4-3-1 network, its helpers replaced by TensorFlow's versions
    (which start from fixed parameters, see tf_initialize_parameters)."""
    names = ("(parameters, costs)",)
    after_3 = {
        "W1": np.array(
            [
                [
                    -0.3673531352785506,
                    0.4789616702950007,
                    -0.06676508918982031,
                    -0.43234454719234877,
                ],
                [
                    0.19019376575216446,
                    0.32975014774123684,
                    -0.5126659325580301,
                    -0.08227665983937614,
                ],
                [
                    0.48780784693764484,
                    -0.08218299690422179,
                    -0.41507846198327897,
                    0.4269026568112138,
                ],
            ]
        ),
        "b1": np.array([[-0.017703213941219525], [-0.027388707217709918], [0.0005183748900204908]]),
        "W2": np.array([[0.47431939447121096, -0.5614858545797503, 0.11716366919418006]]),
        "b2": np.array([[-7.530749098770073e-05]]),
    }
    cost_0 = 0.6715284354008316
    hint = (
        "each iteration: AL, caches = L_model_forward(X, parameters); cost = compute_cost(AL, Y); "
        "grads = L_model_backward(AL, Y, caches); parameters = update_parameters(parameters, "
        "grads, learning_rate); keep the cost of iterations 0, 100, 200, ... and of the last "
        "one; return (parameters, costs)."
    )
    # The loop's bookkeeping, with helpers that count: parameters {"W1": [[k]], "b1": [[k * rate]]}
    # after k updates, and the cost of an iteration is the number of updates before it.
    cases = [
        Case(
            (MODEL_X, MODEL_Y, [4, 3, 1], 0.1, 150),
            ({"W1": np.array([[150.0]]), "b1": np.array([[15.0]])}, (0.0, 100.0, 149.0)),
            f"{_MODEL_DATA}, learning_rate=0.1, num_iterations=150 (helpers that count the steps)",
            names=names,
            hints=[
                (
                    ({"W1": np.array([[150.0]]), "b1": np.array([[15.0]])}, (0.0, 100.0)),
                    "keep the cost of the last iteration too (i == num_iterations - 1).",
                ),
                (
                    ({"W1": np.array([[150.0]]), "b1": np.array([[15.0]])}, (1.0, 101.0, 150.0)),
                    "compute the cost from this iteration's forward pass, before the update.",
                ),
                (
                    ({"W1": np.array([[0.0]]), "b1": np.array([[0.0]])}, (0.0, 0.0, 0.0)),
                    "keep what update_parameters returns: parameters = update_parameters(...).",
                ),
            ],
        ),
        Case(
            (MODEL_X, MODEL_Y, [4, 3, 1], 0.5, 1),
            ({"W1": np.array([[1.0]]), "b1": np.array([[0.5]])}, (0.0,)),
            f"{_MODEL_DATA}, learning_rate=0.5, num_iterations=1 (helpers that count the steps)",
            names=names,
        ),
    ]
    with counting(L_layer_model):
        _run(L_layer_model, "L_layer_model", cases, default_hint=hint, report=False)

    with trusted(L_layer_model, *TRUSTED):
        _run(
            L_layer_model,
            "L_layer_model",
            [
                Case(
                    (MODEL_X, MODEL_Y, [4, 3, 1], 0.5, 3),
                    (after_3, (cost_0, 0.6556227341069638)),
                    f"{_MODEL_DATA}, learning_rate=0.5, num_iterations=3",
                    names=names,
                    hints=[((after_3, (cost_0,)), "keep the cost of the last iteration too.")],
                )
            ],
            default_hint=hint,
            report=False,
        )
    print("L_layer_model: all 3 public tests passed.")


def _count_init(layers_dims):
    return {"W1": np.zeros((1, 1)), "b1": np.zeros((1, 1))}


def _count_forward(X, parameters):
    return parameters["W1"].copy(), [("cache", parameters["W1"].copy())]


def _count_cost(AL, Y):
    return float(AL[0, 0])


def _count_backward(AL, Y, caches):
    return {"dW1": np.ones((1, 1)), "db1": np.ones((1, 1))}


def _count_update(params, grads, learning_rate):
    return {"W1": params["W1"] + 1.0, "b1": params["b1"] + learning_rate}


COUNTING = {
    "initialize_parameters_deep": _count_init,
    "L_model_forward": _count_forward,
    "compute_cost": _count_cost,
    "L_model_backward": _count_backward,
    "update_parameters": _count_update,
}


def counting(fn: Callable):
    """While the block runs, ``fn`` (L_layer_model) calls helpers that count its steps instead of
    computing: after k updates the parameters are ``{"W1": [[k]], "b1": [[k * learning_rate]]}``
    and the cost of an iteration is the number of updates made before it."""
    return substitute(fn, **COUNTING)
