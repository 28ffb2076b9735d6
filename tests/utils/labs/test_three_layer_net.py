"""utils.labs.three_layer_net: the given network of c4w2-initialization-regularization.

Its backward pass is also checked against tf.GradientTape in
tests/labs/c4w2-initialization-regularization/test_numbers.py; here against centred differences.
"""

import numpy as np

from utils.labs import three_layer_net as net


def network(seed=0, dims=(2, 4, 3, 1), m=6):
    rng = np.random.default_rng(seed)
    parameters = {}
    for layer in (1, 2, 3):
        parameters[f"W{layer}"] = rng.normal(0.0, 1.0, (dims[layer], dims[layer - 1]))
        parameters[f"b{layer}"] = rng.normal(0.0, 0.5, (dims[layer], 1))
    return parameters, rng.normal(0.0, 1.0, (dims[0], m)), (rng.random((1, m)) < 0.5) * 1.0


def test_backward_propagation_matches_centred_differences():
    parameters, X, Y = network()
    _, cache = net.forward_propagation(X, parameters)
    grads = net.backward_propagation(X, Y, cache)
    for name, value in parameters.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            shifted = []
            for step in (1e-6, -1e-6):
                moved = {k: v.copy() for k, v in parameters.items()}
                moved[name][index] += step
                shifted.append(net.compute_cost(net.forward_propagation(X, moved)[0], Y))
            numeric[index] = (shifted[0] - shifted[1]) / 2e-6
        np.testing.assert_allclose(grads["d" + name], numeric, rtol=1e-5, atol=1e-8)


def test_cost_clips_saturated_probabilities():
    cost = net.compute_cost(np.array([[1.0, 0.0]]), np.array([[0.0, 0.0]]))
    assert np.isfinite(cost) and abs(cost - (-np.log(net.EPSILON) / 2)) < 1e-6
    assert (
        abs(net.compute_cost(np.full((1, 4), 0.5), np.array([[0, 1, 0, 1.0]])) - np.log(2)) < 1e-12
    )


def test_update_predict_and_accuracy():
    parameters, X, Y = network(1)
    grads = {"d" + k: np.ones_like(v) for k, v in parameters.items()}
    updated = net.update_parameters(parameters, grads, 0.5)
    for name, value in parameters.items():
        np.testing.assert_allclose(updated[name], value - 0.5)
    A3, cache = net.forward_propagation(X, parameters)
    np.testing.assert_array_equal(net.predict(X, parameters), (A3 > 0.5) * 1.0)
    assert net.accuracy(X, net.predict(X, parameters), parameters) == 100.0
    np.testing.assert_allclose(net.decision_score(parameters, X.T), cache[8].ravel())
    assert net.sigmoid(np.array([-1000.0]))[0] == 0.0  # no overflow warning, no NaN
