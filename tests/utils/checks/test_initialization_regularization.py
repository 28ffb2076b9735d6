"""utils.checks.initialization_regularization: right answers pass, typical mistakes get their hint.

The right answers here are written in this file, independently of the notebook's solution (loops
where the notebook is vectorized, other NumPy calls); they look ``relu``, ``sigmoid`` and
``compute_cost`` up in this module's globals, as a notebook's functions do.
"""

import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks import initialization_regularization as ir
from utils.labs.three_layer_net import compute_cost, relu, sigmoid


def zeros(layers_dims):
    parameters = {}
    for layer in range(1, len(layers_dims)):
        n, n_prev = layers_dims[layer], layers_dims[layer - 1]
        parameters[f"W{layer}"] = np.zeros((n, n_prev))
        parameters[f"b{layer}"] = np.zeros((n, 1), dtype=int)
    return parameters


def scaled_normal(scale):
    def initialize(layers_dims):
        parameters = {}
        for layer in range(1, len(layers_dims)):
            n, n_prev = layers_dims[layer], layers_dims[layer - 1]
            parameters[f"W{layer}"] = np.random.normal(0.0, scale(n_prev, n), size=(n, n_prev))
            parameters[f"b{layer}"] = np.zeros((n, 1))
        return parameters

    return initialize


random_10 = scaled_normal(lambda n_prev, n: 10.0)
he = scaled_normal(lambda n_prev, n: np.sqrt(2.0 / n_prev))


def cost_l2(A3, Y, parameters, lambd):
    m = Y.shape[1]
    weights = [parameters[f"W{layer}"] for layer in (1, 2, 3)]
    return compute_cost(A3, Y) + lambd / (2 * m) * sum(float(np.vdot(W, W)) for W in weights)


def backward(X, Y, cache, lambd=0.0, masks=None, keep_prob=1.0):
    """Backward propagation written with einsum; masks (D1, D2) for dropout."""
    if masks is None:
        Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
        D1 = D2 = 1.0
    else:
        Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    m = X.shape[1]
    dZ3 = A3 - Y
    dZ2 = np.einsum("ki,kj->ij", W3, dZ3) * D2 / keep_prob * (Z2 > 0)
    dZ1 = np.einsum("ki,kj->ij", W2, dZ2) * D1 / keep_prob * (Z1 > 0)
    grads = {}
    for layer, dZ, A_prev, W in ((3, dZ3, A2, W3), (2, dZ2, A1, W2), (1, dZ1, X, W1)):
        grads[f"dW{layer}"] = np.einsum("ij,kj->ik", dZ, A_prev) / m + lambd / m * W
        grads[f"db{layer}"] = dZ.mean(axis=1, keepdims=True)
    return grads


def backward_l2(X, Y, cache, lambd):
    return backward(X, Y, cache, lambd)


def forward_dropout(X, parameters, keep_prob=0.5):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    D1 = (np.random.random_sample(Z1.shape) <= keep_prob).astype(int)
    A1 = relu(Z1 * D1 / keep_prob)
    Z2 = np.dot(W2, A1) + b2
    D2 = (np.random.random_sample(Z2.shape) <= keep_prob).astype(int)
    A2 = relu(Z2 * D2 / keep_prob)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_dropout(X, Y, cache, keep_prob):
    return backward(X, Y, cache, masks=True, keep_prob=keep_prob)


RIGHT = {
    ir.check_initialize_parameters_zeros: zeros,
    ir.check_initialize_parameters_random: random_10,
    ir.check_initialize_parameters_he: he,
    ir.check_compute_cost_with_regularization: cost_l2,
    ir.check_backward_propagation_with_regularization: backward_l2,
    ir.check_forward_propagation_with_dropout: forward_dropout,
    ir.check_backward_propagation_with_dropout: backward_dropout,
}


def test_right_answers_pass(capsys):
    for check, answer in RIGHT.items():
        check(answer)
    assert capsys.readouterr().out.count("public tests passed.") == len(RIGHT)


def seeded_inside(initialize):
    def wrong(layers_dims):
        np.random.seed(3)
        return initialize(layers_dims)

    return wrong


def forward_with(mask_rule=lambda draws, p: draws < p, scale=lambda p: 1 / p, seed=None):
    def wrong(X, parameters, keep_prob=0.5):
        if seed is not None:
            np.random.seed(seed)
        W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
        Z1 = W1 @ X + b1
        D1 = mask_rule(np.random.rand(*Z1.shape), keep_prob)
        A1 = relu(Z1) * D1 * scale(keep_prob)
        Z2 = W2 @ A1 + b2
        D2 = mask_rule(np.random.rand(*Z2.shape), keep_prob)
        A2 = relu(Z2) * D2 * scale(keep_prob)
        Z3 = W3 @ A2 + b3
        A3 = sigmoid(Z3)
        return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)

    return wrong


def backward_dropout_without_mask(X, Y, cache, keep_prob):
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    unmasked = (Z1, np.ones_like(D1), A1, W1, b1, Z2, np.ones_like(D2), A2, W2, b2, Z3, A3, W3, b3)
    return backward(X, Y, unmasked, masks=True, keep_prob=keep_prob)


def b_as_vector(layers_dims):
    parameters = zeros(layers_dims)
    return {k: (v.ravel() if k.startswith("b") else v) for k, v in parameters.items()}


def one_layer_short(layers_dims):
    parameters = zeros(layers_dims[:-1])
    return parameters


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (ir.check_initialize_parameters_zeros, b_as_vector, "a column"),
        (
            ir.check_initialize_parameters_zeros,
            lambda dims: {k: v.T if k.startswith("W") else v for k, v in zeros(dims).items()},
            "layers_dims\\[l\\] rows",
        ),
        (ir.check_initialize_parameters_zeros, one_layer_short, "missing"),
        (ir.check_initialize_parameters_random, scaled_normal(lambda a, b: 1.0), "by 10"),
        (ir.check_initialize_parameters_random, scaled_normal(lambda a, b: 0.01), "not 0.01"),
        (ir.check_initialize_parameters_random, seeded_inside(random_10), "np.random.seed"),
        (
            ir.check_initialize_parameters_he,
            scaled_normal(lambda n_prev, n: np.sqrt(2 / n)),
            "previous layer",
        ),
        (
            ir.check_initialize_parameters_he,
            scaled_normal(lambda n_prev, n: np.sqrt(1 / n_prev)),
            "Xavier",
        ),
        (ir.check_initialize_parameters_he, scaled_normal(lambda n_prev, n: 2 / n_prev), "root"),
        (ir.check_initialize_parameters_he, seeded_inside(he), "np.random.seed"),
        (
            ir.check_compute_cost_with_regularization,
            lambda A3, Y, p, lambd: compute_cost(A3, Y),
            "add the L2",
        ),
        (
            ir.check_compute_cost_with_regularization,
            lambda A3, Y, p, lambd: cost_l2(A3, Y, p, 2 * lambd),
            "not lambd / m",
        ),
        (
            ir.check_compute_cost_with_regularization,
            lambda A3, Y, p, lambd: (
                cost_l2(A3, Y, p, lambd)
                + lambd / 6 * sum(float(np.sum(p[f"b{i}"] ** 2)) for i in (1, 2, 3))
            ),
            "not the biases",
        ),
        (
            ir.check_compute_cost_with_regularization,
            lambda A3, Y, p, lambd: (
                compute_cost(A3, Y)
                + lambd / 6 * sum(float(np.sum(p[f"W{i}"])) ** 2 for i in (1, 2, 3))
            ),
            "square each weight",
        ),
        (
            ir.check_backward_propagation_with_regularization,
            lambda X, Y, cache, lambd: backward(X, Y, cache),
            "add lambd / m",
        ),
        (
            ir.check_backward_propagation_with_regularization,
            lambda X, Y, cache, lambd: backward(X, Y, cache, lambd / 2),
            "not lambd / \\(2m\\)",
        ),
        (
            ir.check_backward_propagation_with_regularization,
            lambda X, Y, cache, lambd: backward(X, Y, cache, -lambd),
            "do not subtract",
        ),
        (ir.check_forward_propagation_with_dropout, forward_with(scale=lambda p: 1.0), "divide"),
        (
            ir.check_forward_propagation_with_dropout,
            forward_with(mask_rule=lambda d, p: d > p),
            "KEPT",
        ),
        (
            ir.check_forward_propagation_with_dropout,
            forward_with(mask_rule=lambda d, p: d > 1 - p),
            "below keep_prob",
        ),
        (ir.check_forward_propagation_with_dropout, forward_with(seed=1), "np.random.seed"),
        (
            ir.check_backward_propagation_with_dropout,
            lambda X, Y, cache, keep_prob: backward_dropout(X, Y, cache, 1.0),
            "divide dA2 and dA1",
        ),
        (
            ir.check_backward_propagation_with_dropout,
            backward_dropout_without_mask,
            "multiply dA2 by D2",
        ),
    ],
)
def test_typical_mistakes_get_their_hint(check, wrong, message):
    with pytest.raises(CheckFailed, match=message):
        check(wrong)


def test_an_unfinished_exercise_says_so():
    def stub(*args):
        raise NotImplementedError()

    for check in RIGHT:
        with pytest.raises(CheckFailed, match="not written yet"):
            check(stub)
