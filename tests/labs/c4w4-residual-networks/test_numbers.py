"""c4w4-residual-networks: the solution and the numbers its text states, against independent
references.

- The blocks: the solution's identity and convolutional blocks are applied to a ``keras.Input``,
  given random weights, scales, shifts and moving averages, and their output on random pictures is
  recomputed from those weights with ``tf.nn.conv2d``, the batch-norm formula in NumPy (the batch's
  mean and variance with training=True, the moving averages with training=False) and ``max(0, .)``.
- The parameter counts: worked out from the layer sizes of the lab's table.
- The plain and residual networks of section 1: recomputed with ``tf.nn.conv2d`` from kernels drawn
  by the same seeded initializers, their gradients taken by ``tf.GradientTape``.
- The data: counted from ``make_shapes``.
- Training (slow): the solution's small ResNet trained as the notebook's full run trains it; the
  text states ranges, which the run must fall in.
"""

import re

import keras
import numpy as np
import pytest
import tensorflow as tf
from helpers import LabSolution, markdown

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.image_data import make_shapes

LAB = load_syllabus().lab("c4w4-residual-networks")
NB = cells.read_notebook(REPO_ROOT / LAB.source)
TEXT = markdown(LAB.id)
PROSE = " ".join(TEXT.split())
CODE = "\n".join(c.source for c in NB.cells if c.cell_type == "code")
EPS = 1e-3


@pytest.fixture(scope="module")
def solution():
    exercises = ("identity_block", "convolutional_block", "small_resnet")
    return LabSolution(LAB.id, exercises).namespace()


# --- the blocks against tf.nn.conv2d and the batch-norm formula -----------------------------------


def _reference_block(X, convs, norms, s, projection, training):
    """The block recomputed from its weights: convs [(kernel, bias)], norms [(gamma, beta, mean,
    variance)], in the order conv 1, 2, 3 (and the shortcut's)."""

    def conv_bn(A, k, strides, padding):
        kernel, bias = convs[k]
        Z = tf.nn.conv2d(A, kernel, strides=strides, padding=padding).numpy() + bias
        gamma, beta, mean, var = norms[k]
        if training:
            mean, var = Z.mean(axis=(0, 1, 2)), Z.var(axis=(0, 1, 2))
        return gamma * (Z - mean) / np.sqrt(var + EPS) + beta

    A = np.maximum(conv_bn(X, 0, s, "VALID"), 0)
    A = np.maximum(conv_bn(A, 1, 1, "SAME"), 0)
    A = conv_bn(A, 2, 1, "VALID")
    shortcut = conv_bn(X, 3, s, "VALID") if projection else X
    return np.maximum(A + shortcut, 0)


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize(
    ("block", "shape", "f", "filters", "s"),
    [
        ("identity_block", (3, 6, 6, 5), 3, [2, 3, 5], 1),
        ("identity_block", (2, 7, 7, 4), 2, [3, 2, 4], 1),
        ("convolutional_block", (3, 8, 8, 3), 3, [2, 4, 6], 2),
        ("convolutional_block", (2, 7, 7, 4), 3, [3, 3, 5], 3),
        ("convolutional_block", (2, 5, 5, 2), 2, [3, 2, 4], 1),
    ],
)
def test_blocks_agree_with_tf_nn_and_the_batch_norm_formula(
    solution, block, shape, f, filters, s, training
):
    inputs = keras.Input(shape=shape[1:])
    kwargs = {"s": s} if block == "convolutional_block" else {}
    model = keras.Model(inputs, solution[block](inputs, f, filters, **kwargs))
    rng = np.random.default_rng(11)
    convs, norms = [], []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            kernel = rng.normal(0.0, 0.5, layer.kernel.shape).astype("float32")
            bias = rng.normal(0.0, 0.1, layer.bias.shape).astype("float32")
            layer.set_weights([kernel, bias])
            convs.append((kernel, bias))
        elif isinstance(layer, keras.layers.BatchNormalization):
            n = layer.gamma.shape[0]
            values = [
                rng.uniform(0.5, 1.5, n),
                rng.normal(0.0, 0.2, n),
                rng.normal(0.0, 0.5, n),
                rng.uniform(0.5, 2.0, n),
            ]
            values = [v.astype("float32") for v in values]
            layer.set_weights(values)
            norms.append(values)
    assert len(convs) == len(norms) == (4 if block == "convolutional_block" else 3)
    X = rng.normal(0.0, 1.0, shape).astype("float32")
    got = np.asarray(model(X, training=training))
    expected = _reference_block(X, convs, norms, s, block == "convolutional_block", training)
    assert got.shape == expected.shape
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_the_public_checks_hand_worked_values_agree_with_the_reference():
    """The checks' expected values, worked out by hand, against the same reference with all
    kernels 1, biases 0 and new batch norms (gamma 1, beta 0, moving mean 0, variance 1)."""
    from utils.checks import residual_networks as rn

    def ones(shapes):
        convs = [(np.ones(shape, "float32"), np.zeros(shape[-1], "float32")) for shape in shapes]
        norms = [(1.0, 0.0, 0.0, 1.0)] * len(shapes)
        return convs, norms

    convs, norms = ones([(1, 1, 2, 2), (3, 3, 2, 3), (1, 1, 3, 2)])
    for training, expected in ((False, rn.IDENTITY_INFERENCE), (True, rn.IDENTITY_TRAINING)):
        got = _reference_block(rn.IDENTITY_X, convs, norms, 1, False, training)
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-3)
    convs, norms = ones([(1, 1, 1, 1), (3, 3, 1, 1), (1, 1, 1, 2), (1, 1, 1, 2)])
    for training, expected in ((False, rn.CONV_INFERENCE), (True, rn.CONV_TRAINING)):
        got = _reference_block(rn.CONV_X, convs, norms, 2, True, training)
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-3)


# --- the numbers the text states ------------------------------------------------------------------


def _conv(n_in, n_out, k):
    return k * k * n_in * n_out + n_out


def _bottleneck(n_in, filters, f, projection):
    F1, F2, F3 = filters
    weights = _conv(n_in, F1, 1) + _conv(F1, F2, f) + _conv(F2, F3, 1)
    weights += _conv(n_in, F3, 1) if projection else 0
    channels = F1 + F2 + F3 + (F3 if projection else 0)
    return weights + 4 * channels, 2 * channels  # (all, moving averages)


def test_parameter_counts_follow_the_table(solution):
    stem = _conv(3, 16, 3)
    blocks = [
        _bottleneck(16, [16, 16, 32], 3, True),
        _bottleneck(32, [16, 16, 32], 3, False),
        _bottleneck(32, [32, 32, 64], 3, True),
        _bottleneck(64, [32, 32, 64], 3, False),
    ]
    dense = 64 * 4 + 4
    total = stem + 4 * 16 + sum(b[0] for b in blocks) + dense
    moving = 2 * 16 + sum(b[1] for b in blocks)
    assert total == 37732 == solution["small_resnet"]().count_params()
    assert f"parameters: {total} (learned {total - moving}, moving averages {moving})" in TEXT
    assert (
        f"Its 37,732 weights are {total - moving:,} that training learns and the {moving}" in PROSE
    )
    stated = [stem, 4 * 16, *(b[0] for b in blocks), dense]
    assert (
        f"In all, ${' + '.join(str(n) for n in stated)} = {total}$" in PROSE
        and f"stage 1 has $3 \\cdot 3 \\cdot 3 \\cdot 16 + 16 = {stem}$" in PROSE
    )
    assert f"stage 2 has {blocks[0][0]:,} (convolutional block) and {blocks[1][0]:,}" in PROSE
    assert f"stage 3 has {blocks[2][0]:,} and {blocks[3][0]:,}" in PROSE
    assert f"$64 \\cdot 4 + 4 = {dense}$" in PROSE
    n_batch_norms = 1 + 4 + 3 + 4 + 3
    assert f"of its {n_batch_norms} batch norms" in PROSE
    assert "small ResNet** of 37,732 weights" in PROSE and "37,732 weights, learns" in PROSE


def test_data_sizes_and_counts():
    _, y = make_shapes(2000, 32, seed=0)
    counts = np.bincount(y[1600:])
    assert f"pictures of each shape in the test set: {counts}" in TEXT
    assert "X_train (1600, 32, 32, 3), y_train (1600,)" in TEXT
    assert "X_test (400, 32, 32, 3), y_test (400,)" in TEXT
    assert "the first 1,600 for training, the last 400 for testing" in PROSE


def _deep_cnn_reference(X, y, n_pairs, skips):
    """Section 1's network with tf.nn.conv2d, kernels drawn by the initializers the lab seeds:
    (loss, RMS of each conv layer's output, norm of each kernel's gradient)."""
    glorot = keras.initializers.GlorotUniform
    shapes = [(3, 3, 3, 16)] + [(3, 3, 16, 16)] * (2 * n_pairs)
    kernels = [tf.Variable(glorot(seed=k)(shape)) for k, shape in enumerate(shapes)]
    dense = tf.constant(glorot(seed=0)((16, 4)))
    X = tf.constant(X)
    with tf.GradientTape() as tape:
        A = tf.nn.relu(tf.nn.conv2d(X, kernels[0], 1, "SAME"))
        outputs = [A]
        for k in range(1, 2 * n_pairs, 2):
            Z = tf.nn.relu(tf.nn.conv2d(A, kernels[k], 1, "SAME"))
            outputs.append(Z)
            Z = tf.nn.conv2d(Z, kernels[k + 1], 1, "SAME")
            A = tf.nn.relu(Z + A if skips else Z)
            outputs.append(A)
        logits = tf.reduce_mean(A, axis=(1, 2)) @ dense
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, logits))
    gradients = tape.gradient(loss, kernels)
    rms = np.array([float(tf.sqrt(tf.reduce_mean(a**2))) for a in outputs])
    return float(loss), rms, np.array([float(tf.norm(g)) for g in gradients])


def test_plain_and_residual_networks_of_section_1():
    X, y = make_shapes(64, 32, seed=1)
    loss_plain, rms_plain, grad_plain = _deep_cnn_reference(X, y, 10, skips=False)
    loss_skip, rms_skip, grad_skip = _deep_cnn_reference(X, y, 10, skips=True)
    assert len(grad_plain) == 21 and "**21 convolutional layers**" in PROSE
    assert abs(loss_plain - np.log(4)) < 1e-3
    assert rms_plain[-1] < 1e-4 and np.all(np.diff(np.log(rms_plain)) < 0.5)
    assert np.all(grad_skip > 1e4 * grad_plain), np.min(grad_skip / grad_plain)
    assert rms_skip[-1] > rms_skip[0] / 2, "with the skips, the signal keeps its size"
    assert "plain: loss ln 4 = 1.386: True, last signal below 1e-4: True" in TEXT
    assert "every layer's gradient is over 10,000 times larger: True" in TEXT
    assert "$\\ln 4 \\approx 1.386$" in PROSE and f"{np.log(4):.3f}" == "1.386"


# --- training, as the notebook's full run ---------------------------------------------------------


@pytest.mark.slow
def test_the_full_run_reaches_the_stated_accuracies(solution):
    epochs = int(re.search(r"EPOCHS = 1 if quick\(\) else (\d+)", CODE).group(1))
    assert f"The full run takes {epochs} epochs" in PROSE
    low, high = (
        float(v) / 100
        for v in re.search(r"after \d+ epochs it is between (\d+)% and (\d+)%", PROSE).groups()
    )
    X, y = make_shapes(2000, 32, seed=0)
    keras.utils.set_random_seed(0)
    model = solution["small_resnet"]()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=False,
    )
    history = model.fit(
        X[:1600],
        y[:1600],
        epochs=epochs,
        batch_size=32,
        validation_data=(X[1600:], y[1600:]),
        validation_batch_size=100,
        verbose=0,
    ).history
    train, test = history["accuracy"], history["val_accuracy"]
    assert train[1] > 0.9 and train[4] == 1.0, train  # "passes 90% in the second epoch ... fifth"
    assert abs(test[0] - 0.25) < 0.05, test  # "for the first epochs it stays at chance"
    assert low <= test[-1] <= high, test
    assert epochs * 1600 // 32 == 600 and f"{epochs} epochs (600 steps)" in PROSE
