"""utils.checks.deep_neural_network: right answers pass, typical mistakes get their hint, a wrong
earlier exercise does not fail the checks of the exercises that call it, and the TensorFlow
helpers the checks put in its place agree with plain NumPy.

The right answers here are written in this file, independently of the notebook's solution
(``np.einsum`` where the notebook uses ``np.dot``). They look their helpers up in this module's
globals at call time, as a notebook's functions do.
"""

import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks import deep_neural_network as dnn


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z)), Z


def relu(Z):
    return np.where(Z > 0, Z, 0.0), Z


def sigmoid_backward(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s * (1 - s)


def relu_backward(dA, Z):
    return np.where(Z > 0, dA, 0.0)


def initialize_parameters_deep(layer_dims):
    rng = np.random.default_rng(3)
    out = {}
    for k in range(1, len(layer_dims)):
        out[f"W{k}"] = (
            rng.normal(size=(layer_dims[k], layer_dims[k - 1])) / layer_dims[k - 1] ** 0.5
        )
        out[f"b{k}"] = np.zeros((layer_dims[k], 1))
    return out


def linear_forward(A, W, b):
    return np.einsum("ij,jk->ik", W, A) + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = (sigmoid if activation == "sigmoid" else relu)(Z)
    return A, (linear_cache, activation_cache)


def L_model_forward(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for k in range(1, L + 1):
        activation = "sigmoid" if k == L else "relu"
        A, cache = linear_activation_forward(
            A, parameters[f"W{k}"], parameters[f"b{k}"], activation
        )
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    return float(-np.mean(np.where(Y == 1, np.log(AL), np.log(1 - AL))))


def linear_backward(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return (
        np.einsum("ji,jk->ik", W, dZ),
        np.einsum("ik,jk->ij", dZ, A_prev) / m,
        dZ.mean(axis=1, keepdims=True),
    )


def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    dZ = (sigmoid_backward if activation == "sigmoid" else relu_backward)(dA, Z)
    return linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches):
    L = len(caches)
    grads = {}
    dA = (AL - Y.reshape(AL.shape)) / (AL * (1 - AL))
    for k in range(L, 0, -1):
        activation = "sigmoid" if k == L else "relu"
        dA, grads[f"dW{k}"], grads[f"db{k}"] = linear_activation_backward(
            dA, caches[k - 1], activation
        )
        grads[f"dA{k - 1}"] = dA
    return grads


def update_parameters(params, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=2500, print_cost=False):
    parameters = initialize_parameters_deep(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        if i % 100 == 0 or i == num_iterations - 1:
            costs.append(cost)
    return parameters, costs


RIGHT = {
    dnn.check_initialize_parameters_deep: initialize_parameters_deep,
    dnn.check_linear_forward: linear_forward,
    dnn.check_linear_activation_forward: linear_activation_forward,
    dnn.check_L_model_forward: L_model_forward,
    dnn.check_compute_cost: compute_cost,
    dnn.check_linear_backward: linear_backward,
    dnn.check_linear_activation_backward: linear_activation_backward,
    dnn.check_L_model_backward: L_model_backward,
    dnn.check_update_parameters: update_parameters,
    dnn.check_L_layer_model: L_layer_model,
}


def test_right_answers_pass(capsys):
    for check, answer in RIGHT.items():
        check(answer)
    assert capsys.readouterr().out.count("public tests passed.") == 10


def _scaled_init(scale):
    def init(layer_dims):
        rng = np.random.default_rng(3)
        return {
            key: value
            for k in range(1, len(layer_dims))
            for key, value in (
                (
                    f"W{k}",
                    rng.standard_normal((layer_dims[k], layer_dims[k - 1])) * scale(layer_dims, k),
                ),
                (f"b{k}", np.zeros((layer_dims[k], 1))),
            )
        }

    return init


def _swap_activation(activation):
    return "relu" if activation == "sigmoid" else "sigmoid"


def _relu_everywhere(X, parameters):
    A, caches = X, []
    for k in range(1, len(parameters) // 2 + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{k}"], parameters[f"b{k}"], "relu")
        caches.append(cache)
    return A, caches


def _discards_the_update(X, Y, layers_dims, learning_rate, num_iterations):
    parameters, costs = initialize_parameters_deep(layers_dims), []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        if i % 100 == 0 or i == num_iterations - 1:
            costs.append(cost)
    return parameters, costs


def _no_last_cost(X, Y, layers_dims, learning_rate, num_iterations):
    parameters, costs = L_layer_model(X, Y, layers_dims, learning_rate, num_iterations)
    return parameters, costs[: len(range(0, num_iterations, 100))]


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (dnn.check_initialize_parameters_deep, _scaled_init(lambda d, k: 0.01), "not by 0.01"),
        (dnn.check_initialize_parameters_deep, _scaled_init(lambda d, k: d[k] ** -0.5), "previous"),
        (dnn.check_initialize_parameters_deep, _scaled_init(lambda d, k: 1.0), "scale each draw"),
        (
            dnn.check_initialize_parameters_deep,
            lambda d: {k: v.T for k, v in initialize_parameters_deep(d).items()},
            "should have shape",
        ),
        (
            dnn.check_initialize_parameters_deep,
            lambda d: {k.lower(): v for k, v in initialize_parameters_deep(d).items()},
            "missing",
        ),
        (dnn.check_linear_forward, lambda A, W, b: (W @ A, (A, W, b)), "forget to add b"),
        (dnn.check_linear_forward, lambda A, W, b: (W @ A + b, (W, A, b)), "in this order"),
        (
            dnn.check_linear_activation_forward,
            lambda A, W, b, act: linear_activation_forward(A, W, b, _swap_activation(act)),
            "calls relu",
        ),
        (
            dnn.check_linear_activation_forward,
            lambda A, W, b, act: (lambda a, c: (a, (c[1], c[0])))(
                *linear_activation_forward(A, W, b, act)
            ),
            "linear_cache, activation_cache",
        ),
        (dnn.check_L_model_forward, _relu_everywhere, "output layer uses the sigmoid"),
        (
            dnn.check_L_model_forward,
            lambda X, p: (lambda AL, c: (AL, c[:-1]))(*L_model_forward(X, p)),
            "the last too",
        ),
        (dnn.check_compute_cost, lambda AL, Y: -compute_cost(AL, Y), "minus the mean"),
        (dnn.check_compute_cost, lambda AL, Y: compute_cost(AL, Y) * Y.shape[1], "divide by m"),
        (dnn.check_compute_cost, lambda AL, Y: compute_cost(AL, 1 - Y), "not swapped"),
        (
            dnn.check_linear_backward,
            lambda dZ, c: (lambda a, w, b: (a, w * c[0].shape[1], b * c[0].shape[1]))(
                *linear_backward(dZ, c)
            ),
            "divide dW and db by m",
        ),
        (
            dnn.check_linear_backward,
            lambda dZ, c: (lambda a, w, b: (a, w, b.ravel()))(*linear_backward(dZ, c)),
            "keepdims=True",
        ),
        (
            dnn.check_linear_activation_backward,
            lambda dA, c, act: linear_activation_backward(dA, c, _swap_activation(act)),
            "expected",
        ),
        (
            dnn.check_L_model_backward,
            lambda AL, Y, c: {k: -v for k, v in L_model_backward(AL, Y, c).items()},
            "mind the signs",
        ),
        (
            dnn.check_L_model_backward,
            lambda AL, Y, c: {
                (k[:2] + str(int(k[2:]) + 1) if k.startswith("dA") else k): v
                for k, v in L_model_backward(AL, Y, c).items()
            },
            "unexpected",
        ),
        (
            dnn.check_update_parameters,
            lambda p, g, r: update_parameters(p, g, -r),
            "subtracts",
        ),
        (
            dnn.check_update_parameters,
            lambda p, g, r: {**update_parameters(p, g, r), "W2": p["W2"], "b2": p["b2"]},
            "every layer",
        ),
        (dnn.check_L_layer_model, _discards_the_update, "keep what update_parameters returns"),
        (dnn.check_L_layer_model, _no_last_cost, "last iteration"),
        (
            dnn.check_L_layer_model,
            lambda X, Y, d, r, n: L_layer_model(X, Y, d, 0.0075, n),
            "expected",
        ),
    ],
)
def test_typical_mistakes_get_their_hint(check, wrong, message):
    with pytest.raises(CheckFailed, match=message):
        check(wrong)


def test_a_function_that_changes_its_input_fails():
    def in_place(params, grads, learning_rate):
        for key in params:
            params[key] -= learning_rate * grads["d" + key]
        return params

    with pytest.raises(CheckFailed, match="changed its inputs"):
        dnn.check_update_parameters(in_place)


def test_wrong_earlier_exercises_fail_their_own_checks_only(capsys):
    """Every earlier exercise wrong at once: the later checks still pass with the right answers."""
    global linear_forward, linear_activation_forward, linear_backward, linear_activation_backward
    global initialize_parameters_deep, L_model_forward, compute_cost, L_model_backward
    global update_parameters
    saved = dict(globals())
    linear_forward = lambda A, W, b: (W @ A, (A, W, b))  # noqa: E731 (the mistakes under test)
    linear_activation_forward = lambda A, W, b, act: saved["linear_activation_forward"](  # noqa: E731
        A, W, b, _swap_activation(act)
    )
    linear_backward = lambda dZ, c: (c[1].T @ dZ, dZ @ c[0].T, dZ.sum(axis=1))  # noqa: E731
    linear_activation_backward = lambda dA, c, act: (0, 0, 0)  # noqa: E731
    initialize_parameters_deep = _scaled_init(lambda d, k: 0.01)
    L_model_forward = _relu_everywhere
    compute_cost = lambda AL, Y: 0.0  # noqa: E731
    L_model_backward = lambda AL, Y, caches: {}  # noqa: E731
    update_parameters = lambda p, g, r: p  # noqa: E731
    try:
        dnn.check_linear_activation_forward(saved["linear_activation_forward"])
        dnn.check_L_model_forward(saved["L_model_forward"])
        dnn.check_linear_activation_backward(saved["linear_activation_backward"])
        dnn.check_L_model_backward(saved["L_model_backward"])
        dnn.check_L_layer_model(saved["L_layer_model"])
        assert capsys.readouterr().out.count("public tests passed.") == 5
        assert linear_forward(np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)))[0][0, 0] == 1.0
    finally:
        globals().update(saved)


@pytest.mark.parametrize("dims", [(3, 1), (4, 3, 1), (6, 5, 4, 3, 1)])
def test_tensorflow_helpers_agree_with_numpy(dims):
    rng = np.random.default_rng(len(dims))
    X = rng.normal(size=(dims[0], 5))
    Y = (rng.random((1, 5)) < 0.5).astype(float)
    params = {}
    for k in range(1, len(dims)):
        params[f"W{k}"] = rng.normal(size=(dims[k], dims[k - 1]))
        params[f"b{k}"] = rng.normal(size=(dims[k], 1))
    AL, caches = dnn.tf_L_model_forward(X, params)
    AL_np, caches_np = L_model_forward(X, params)
    assert np.allclose(AL, AL_np, rtol=1e-12)
    for (linear, Z), (linear_np, Z_np) in zip(caches, caches_np, strict=True):
        assert np.allclose(Z, Z_np) and all(
            np.allclose(a, b) for a, b in zip(linear, linear_np, strict=True)
        )
    assert np.isclose(dnn.tf_compute_cost(AL, Y), compute_cost(AL_np, Y), rtol=1e-12)
    grads, grads_np = dnn.tf_L_model_backward(AL, Y, caches), L_model_backward(AL_np, Y, caches_np)
    assert grads.keys() == grads_np.keys()
    for key in grads:
        assert np.allclose(grads[key], grads_np[key], rtol=1e-9, atol=1e-12), key
    for activation in ("sigmoid", "relu"):
        got = dnn.tf_linear_activation_backward(AL * 0 + 1.5, caches[-1], activation)
        want = linear_activation_backward(AL_np * 0 + 1.5, caches_np[-1], activation)
        assert all(np.allclose(g, w, rtol=1e-10) for g, w in zip(got, want, strict=True))
    updated = dnn.tf_update_parameters(params, grads, 0.2)
    assert all(np.allclose(updated[k], params[k] - 0.2 * grads["d" + k]) for k in params)


def test_the_fixed_start_of_the_model_check_follows_its_formula():
    parameters = dnn.tf_initialize_parameters([4, 3, 1])
    i, j = np.mgrid[0:3, 0:4]
    assert np.allclose(parameters["W1"], np.cos(1 + i + 2 * j + 3) / 2)
    assert np.allclose(parameters["W2"], np.cos(1 + 2 * np.arange(3) + 6)[None, :] / np.sqrt(3))
    assert not parameters["b1"].any() and parameters["b2"].shape == (1, 1)


def test_the_counting_helpers_count():
    with dnn.counting(L_layer_model):
        parameters, costs = L_layer_model(dnn.MODEL_X, dnn.MODEL_Y, [4, 3, 1], 0.25, 201)
    assert costs == [0.0, 100.0, 200.0]
    assert parameters["W1"][0, 0] == 201 and np.isclose(parameters["b1"][0, 0], 50.25)
    assert L_layer_model(dnn.MODEL_X, dnn.MODEL_Y, [4, 3, 1], 0.1, 1)[0].keys() == {
        "W1",
        "b1",
        "W2",
        "b2",
    }
