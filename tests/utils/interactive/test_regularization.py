"""utils.interactive.regularization driven without a browser: the λ and keep_prob sliders retrain
the network (once per pair), and the boundary, the titles and the readout follow.

References written here: the L2 penalty and its gradient from the formulas λ/(2m) Σ W² and
λ/m W (TensorFlow's tape on Keras's regularizer losses against NumPy), dropout's values against
the definition of inverted dropout, and the accuracies and the boundary re-measured with a NumPy
forward pass of the trained weights (never the module's predict).
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.data import make_wavy_regions
from utils.interactive import regularization as reg
from utils.interactive.base import region_grid

X, Y = make_wavy_regions(m=40, seed=21, noise=0.15)
X_TEST, Y_TEST = make_wavy_regions(m=200, seed=22, noise=0.15)
STEPS = 150  # short trainings: the tool's behaviour, not its results


def numpy_predict(model, X):
    """Class 1 where the forward pass (ReLU layers, sigmoid output) gives at least 0.5; (1, k)."""
    A = X
    dense = [layer for layer in model.layers if hasattr(layer, "kernel")]
    for k, layer in enumerate(dense):
        Z = layer.kernel.numpy().T @ A + layer.bias.numpy()[:, None]
        A = np.maximum(Z, 0) if k < len(dense) - 1 else 1 / (1 + np.exp(-Z))
    return (A >= 0.5).astype(float)


@pytest.fixture(scope="module")
def tool():
    explorer = reg.RegularizationExplorer(X, Y, X_TEST, Y_TEST, lambd=0.0, steps=STEPS)
    yield explorer
    plt.close(explorer.fig)


def test_the_l2_penalty_and_its_gradient_are_the_courses():
    import tensorflow as tf

    m, lambd = 40, 0.7
    model = reg.build_model(lambd, 1.0, m, hidden=(5, 3), seed=4)
    weights = reg.weight_matrices(model)
    assert [W.shape for W in weights] == [(5, 2), (3, 5), (1, 3)]
    penalty = lambd / (2 * m) * sum(np.sum(W**2) for W in weights)
    assert float(sum(model.losses)) == pytest.approx(penalty, rel=1e-5)
    kernels = [layer.kernel for layer in model.layers if hasattr(layer, "kernel")]
    with tf.GradientTape() as tape:
        total = tf.add_n(model.losses)
    for grad, W in zip(tape.gradient(total, kernels), weights, strict=True):
        np.testing.assert_allclose(grad.numpy().T, lambd / m * W, rtol=1e-5, atol=1e-7)
    assert reg.weight_norm(model) == pytest.approx(np.sqrt(sum(np.sum(W**2) for W in weights)))
    assert reg.build_model(0.0, 1.0, m).losses == []


def test_dropout_is_inverted_dropout_and_only_in_training():
    model = reg.build_model(0.0, 0.8, 10, hidden=(6,))
    dropout = [layer for layer in model.layers if "dropout" in layer.name]
    assert len(dropout) == 1 and dropout[0].rate == pytest.approx(0.2)
    ones = np.ones((2000, 6), dtype="float32")
    out = dropout[0](ones, training=True).numpy()
    np.testing.assert_allclose(np.unique(out), [0.0, 1 / 0.8], rtol=1e-6)
    assert np.mean(out == 0) == pytest.approx(0.2, abs=0.02)
    np.testing.assert_array_equal(dropout[0](ones, training=False).numpy(), ones)
    assert not any("dropout" in layer.name for layer in reg.build_model(0.0, 1.0, 10).layers)


def test_training_is_seeded_and_its_accuracy_is_the_forward_pass():
    first = reg.train_regularized(X, Y, 0.3, 0.8, steps=STEPS, seed=3)
    again = reg.train_regularized(X, Y, 0.3, 0.8, steps=STEPS, seed=3)
    for W, W_again in zip(
        reg.weight_matrices(first.model), reg.weight_matrices(again.model), strict=True
    ):
        np.testing.assert_array_equal(W, W_again)
    assert first.train_accuracy == np.mean(numpy_predict(first.model, X) == Y)
    assert first.weight_norm == pytest.approx(reg.weight_norm(first.model))
    assert first.steps == STEPS and np.isfinite(first.cost)


def test_the_tool_starts_with_its_settings(tool):
    run = tool.run
    assert (run.lambd, run.keep_prob, run.steps) == (0.0, 1.0, STEPS)
    test_accuracy = np.mean(numpy_predict(run.model, X_TEST) == Y_TEST)
    assert tool.test_accuracy == pytest.approx(test_accuracy)
    assert tool.ax_train.get_title() == (
        f"λ = 0, keep_prob = 1: training set, {run.train_accuracy:.1%} right"
    )
    assert tool.ax_test.get_title() == f"λ = 0, keep_prob = 1: test set, {test_accuracy:.1%} right"
    assert tool.readout.value == (
        f"train {run.train_accuracy:.1%} · test {test_accuracy:.1%} · "
        f"gap {100 * (run.train_accuracy - test_accuracy):.1f} points · "
        f"‖W‖ = {run.weight_norm:.2f}"
    )
    # the shaded regions are the forward pass's classes on the grid
    g0, g1, shaded = region_grid(
        lambda X: reg.classify(run.model, X), reg.BOUNDARY_LIMITS, reg.GRID_POINTS
    )
    classes = numpy_predict(run.model, np.stack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
    np.testing.assert_array_equal(shaded, classes)
    assert len(tool.ax_test.collections[-1].get_offsets()) == int((Y_TEST == 0).sum())


def test_the_sliders_retrain_once_per_pair(tool):
    tool.lambd_slider.value = 30.0
    strong = tool.run
    assert (strong.lambd, strong.keep_prob) == (30.0, 1.0)
    assert strong.weight_norm < tool.cache[0.0, 1.0].weight_norm
    assert tool.ax_train.get_title().startswith("λ = 30, keep_prob = 1: training set")
    assert "‖W‖ = " + f"{strong.weight_norm:.2f}" in tool.readout.value
    tool.keep_slider.value = 0.5
    assert (tool.run.lambd, tool.run.keep_prob) == (30.0, 0.5)
    assert tool.ax_test.get_title().startswith("λ = 30, keep_prob = 0.5: test set")
    assert set(tool.cache) == {(0.0, 1.0), (30.0, 1.0), (30.0, 0.5)}
    tool.keep_slider.value = 1.0  # back to a pair already trained: taken from the cache
    assert tool.run is strong
    assert len(tool.cache) == 3


def test_a_cache_given_is_used_and_filled():
    run = reg.train_regularized(X, Y, 1.0, 1.0, steps=STEPS)
    cache = {(1.0, 1.0): run}
    explorer = reg.RegularizationExplorer(X, Y, X_TEST, Y_TEST, lambd=1.0, steps=STEPS, cache=cache)
    assert explorer.run is run
    explorer.keep_slider.value = 0.9
    assert (1.0, 0.9) in cache
    plt.close(explorer.fig)
