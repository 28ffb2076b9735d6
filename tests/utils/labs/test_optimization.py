"""utils.labs.optimization, the given network of c4w2-optimization-methods: its forward pass, cost
and backward pass against TensorFlow (the same network written with tf ops, differentiated by
GradientTape), and its initialization and helpers against their definitions."""

import numpy as np
import pytest

from utils.labs import optimization as net


def _random_net(seed, dims=(2, 5, 2, 1), m=37):
    rng = np.random.default_rng(seed)
    parameters = net.initialize_parameters(list(dims), seed=seed)
    parameters = {k: v + 0.1 * rng.normal(size=v.shape) for k, v in parameters.items()}
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return parameters, X, Y


def test_he_initialization():
    p = net.initialize_parameters([2, 5, 2, 1], seed=3)
    assert sorted(p) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert [p[f"W{layer}"].shape for layer in (1, 2, 3)] == [(5, 2), (2, 5), (1, 2)]
    assert all(
        not p[f"b{layer}"].any() and p[f"b{layer}"].shape == (p[f"W{layer}"].shape[0], 1)
        for layer in (1, 2, 3)
    )
    rng = np.random.default_rng(3)
    expected = rng.standard_normal((5, 2)) * np.sqrt(2 / 2)
    np.testing.assert_array_equal(p["W1"], expected)
    big = net.initialize_parameters([400, 300, 1], seed=0)["W1"]
    assert abs(big.var() - 2 / 400) < 0.1 * 2 / 400


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_cost_and_backward_agree_with_tensorflow(seed):
    import tensorflow as tf

    parameters, X, Y = _random_net(seed)
    A3, cache = net.forward_propagation(X, parameters)
    grads = net.backward_propagation(X, Y, cache)
    cost = net.summed_cost(A3, Y)

    variables = {k: tf.Variable(v, dtype=tf.float64) for k, v in parameters.items()}
    with tf.GradientTape() as tape:
        a = tf.constant(X)
        for layer in (1, 2, 3):
            z = tf.matmul(variables[f"W{layer}"], a) + variables[f"b{layer}"]
            a = tf.nn.relu(z) if layer < 3 else z
        labels = tf.constant(Y)
        losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=a)
        mean = tf.reduce_mean(losses)
    tf_grads = tape.gradient(mean, variables)
    np.testing.assert_allclose(A3, tf.sigmoid(a).numpy(), rtol=1e-12)
    np.testing.assert_allclose(cost, tf.reduce_sum(losses).numpy(), rtol=1e-10)
    for k, v in tf_grads.items():
        np.testing.assert_allclose(grads["d" + k], v.numpy(), rtol=1e-9, atol=1e-12)


def test_a_saturated_output_costs_a_large_finite_amount():
    A3 = np.array([[1.0, 0.0, 0.5]])
    Y = np.array([[0.0, 1.0, 1.0]])
    cost = net.summed_cost(A3, Y)
    assert np.isfinite(cost) and cost > 60


def test_predict_accuracy_and_boundary_score():
    parameters, X, Y = _random_net(4)
    A3, cache = net.forward_propagation(X, parameters)
    labels = net.predict(X, parameters)
    assert labels.shape == (1, X.shape[1]) and set(np.unique(labels)) <= {0.0, 1.0}
    np.testing.assert_array_equal(labels, (A3 > 0.5) * 1.0)
    assert net.accuracy(X, Y, parameters) == pytest.approx(np.mean(labels == Y) * 100)
    score = net.boundary_score(parameters)(X.T)
    np.testing.assert_allclose(score, cache[8][0])
    np.testing.assert_array_equal(score > 0, labels[0] == 1)
