"""c4w4-image-segmentation-unet: the solution and the numbers its text states, against independent
references.

- The blocks: the solution's conv_block and upsampling_block are applied to ``keras.Input``
  tensors, given random weights, and their outputs on random pictures are recomputed from those
  weights with ``tf.nn.conv2d``, ``tf.nn.conv2d_transpose``, ``tf.nn.max_pool2d``, a NumPy
  concatenation and ``max(0, .)``.
- The U-Net: the solution's whole U-Net with random weights, recomputed the same way layer by
  layer; and the checks' trusted blocks (utils.checks.image_segmentation_unet) against the same
  reference, so that the U-Net the hidden tests build is the lab's.
- The public checks' hand-worked values: the reference with the checks' weights.
- The parameter counts: worked out from the layer sizes of the lab's table.
- The data: counted from ``make_scenes``.
- Training (slow): the solution's U-Net trained as the notebook's full run trains it; the text
  states ranges, which the run must fall in.
"""

import re

import keras
import numpy as np
import pytest
import tensorflow as tf
from helpers import LabSolution, markdown

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.checks import image_segmentation_unet as unet_checks
from utils.image_data import make_scenes

LAB = load_syllabus().lab("c4w4-image-segmentation-unet")
NB = cells.read_notebook(REPO_ROOT / LAB.source)
TEXT = markdown(LAB.id)
PROSE = " ".join(TEXT.split())
CODE = "\n".join(c.source for c in NB.cells if c.cell_type == "code")


@pytest.fixture(scope="module")
def solution():
    return LabSolution(LAB.id, ("conv_block", "upsampling_block", "unet_model")).namespace()


# --- the reference: tf.nn and NumPy ---------------------------------------------------------------


def _conv_relu(A, kernel, bias):
    return np.maximum(tf.nn.conv2d(A, kernel, 1, "SAME").numpy() + bias, 0.0)


def _reference_down(A, weights, max_pooling):
    """conv_block with weights [(kernel, bias), (kernel, bias)]: (next_layer, skip)."""
    for kernel, bias in weights:
        A = _conv_relu(A, kernel, bias)
    pooled = tf.nn.max_pool2d(A, 2, 2, "VALID").numpy() if max_pooling else A
    return pooled, A


def _reference_up(E, C, transposed, weights):
    """upsampling_block with the Conv2DTranspose's (kernel (3, 3, n_out, n_in), bias) and the
    two Conv2D's weights."""
    kernel, bias = transposed
    shape = (C.shape[0], C.shape[1], C.shape[2], kernel.shape[2])
    up = tf.nn.conv2d_transpose(E, kernel, shape, 2, "SAME").numpy() + bias
    A = np.concatenate([up, C], axis=3)
    for kernel, bias in weights:
        A = _conv_relu(A, kernel, bias)
    return A


def _randomize(model, seed):
    """Random weights on every layer of ``model`` with weights; returns them per layer, in the
    model's order of layers."""
    rng = np.random.default_rng(seed)
    found = []
    for layer in model.layers:
        if layer.weights:
            values = [rng.normal(0.0, 0.3, w.shape).astype("float32") for w in layer.weights]
            layer.set_weights(values)
            found.append((type(layer).__name__, values))
    return found


@pytest.mark.parametrize(
    ("shape", "n_filters", "dropout_prob", "max_pooling"),
    [((2, 8, 8, 3), 4, 0, True), ((3, 6, 4, 2), 3, 0.3, True), ((2, 4, 4, 5), 2, 0.3, False)],
)
def test_conv_block_agrees_with_tf_nn(solution, shape, n_filters, dropout_prob, max_pooling):
    inputs = keras.Input(shape=shape[1:])
    model = keras.Model(
        inputs, solution["conv_block"](inputs, n_filters, dropout_prob, max_pooling)
    )
    weights = _randomize(model, 21)
    assert [kind for kind, _ in weights] == ["Conv2D", "Conv2D"]
    X = np.random.default_rng(22).normal(0.0, 1.0, shape).astype("float32")
    got = [np.asarray(t) for t in model(X, training=False)]
    expected = _reference_down(X, [tuple(v) for _, v in weights], max_pooling)
    for g, e in zip(got, expected, strict=True):
        assert g.shape == e.shape
        assert np.allclose(g, e, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    ("e_shape", "c_shape", "n_filters"),
    [((2, 2, 2, 4), (2, 4, 4, 3), 3), ((1, 3, 2, 2), (1, 6, 4, 5), 2)],
)
def test_upsampling_block_agrees_with_tf_nn(solution, e_shape, c_shape, n_filters):
    E_in, C_in = keras.Input(shape=e_shape[1:]), keras.Input(shape=c_shape[1:])
    model = keras.Model([E_in, C_in], solution["upsampling_block"](E_in, C_in, n_filters))
    weights = _randomize(model, 23)
    assert [kind for kind, _ in weights] == ["Conv2DTranspose", "Conv2D", "Conv2D"]
    rng = np.random.default_rng(24)
    E = rng.normal(0.0, 1.0, e_shape).astype("float32")
    C = rng.normal(0.0, 1.0, c_shape).astype("float32")
    got = np.asarray(model([E, C], training=False))
    expected = _reference_up(E, C, tuple(weights[0][1]), [tuple(v) for _, v in weights[1:]])
    assert got.shape == expected.shape
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-5)


def _reference_unet(X, weights):
    """The lab's U-Net from its weights, in the order of its layers: 5 x 2 Conv2D, 4 x
    (Conv2DTranspose, Conv2D, Conv2D), Conv2D 3x3 (ReLU), Conv2D 1x1 (logits)."""
    values = [tuple(v) for _, v in weights]
    skips, A = [], X
    for k in range(5):
        A, skip = _reference_down(A, values[2 * k : 2 * k + 2], max_pooling=k < 4)
        skips.append(skip)
    for k, skip in enumerate(reversed(skips[:4])):
        start = 10 + 3 * k
        A = _reference_up(A, skip, values[start], values[start + 1 : start + 3])
    A = _conv_relu(A, *values[22])
    kernel, bias = values[23]
    return tf.nn.conv2d(A, kernel, 1, "SAME").numpy() + bias


def test_unet_model_agrees_with_tf_nn(solution):
    model = solution["unet_model"]((16, 32, 3), 2, 4)
    weights = _randomize(model, 25)
    kinds = ["Conv2D"] * 10 + ["Conv2DTranspose", "Conv2D", "Conv2D"] * 4 + ["Conv2D"] * 2
    assert [kind for kind, _ in weights] == kinds
    X = np.random.default_rng(26).uniform(0.0, 1.0, (2, 16, 32, 3)).astype("float32")
    got = np.asarray(model(X, training=False))
    expected = _reference_unet(X, weights)
    assert got.shape == (2, 16, 32, 4)
    assert np.allclose(got, expected, rtol=1e-3, atol=1e-4)


def test_trusted_blocks_build_the_same_unet(solution):
    """The U-Net the hidden tests build with the trusted blocks computes what the lab's does."""
    model = unet_checks.with_trusted_unet_blocks(solution["unet_model"], (16, 16, 3), 2, 3)
    assert model.count_params() == solution["unet_model"]((16, 16, 3), 2, 3).count_params()
    rng = np.random.default_rng(27)
    weights = []
    for op in model.operations:
        if type(op).__name__ == "TrustedConvBlock":
            values = [rng.normal(0.0, 0.3, w.shape).astype("float32") for w in op.weights]
            for w, v in zip(op.weights, values, strict=True):
                w.assign(v)
            weights += [("Conv2D", values[0:2]), ("Conv2D", values[2:4])]
        elif type(op).__name__ == "TrustedUpsamplingBlock":
            values = [rng.normal(0.0, 0.3, w.shape).astype("float32") for w in op.weights]
            for w, v in zip(op.weights, values, strict=True):
                w.assign(v)
            weights += [("Conv2DTranspose", values[0:2])]
            weights += [("Conv2D", values[2:4]), ("Conv2D", values[4:6])]
        elif op.weights:
            values = [rng.normal(0.0, 0.3, w.shape).astype("float32") for w in op.weights]
            op.set_weights(values)
            weights.append((type(op).__name__, values))
    X = rng.uniform(0.0, 1.0, (2, 16, 16, 3)).astype("float32")
    got = np.asarray(model(X, training=False))
    assert np.allclose(got, _reference_unet(X, weights), rtol=1e-3, atol=1e-4)
    assert unet_checks.describe_unet(model)["layers"] == unet_checks.unet_layers(2, 3)


def test_the_public_checks_hand_worked_values_agree_with_the_reference():
    ch = unet_checks
    centre = np.zeros((3, 3, 1, 2), "float32")
    centre[1, 1] = 1.0
    centre2 = np.zeros((3, 3, 2, 2), "float32")
    centre2[1, 1] = 1.0
    for max_pooling in (True, False):
        pooled, skip = _reference_down(
            ch.CONV_X, [(centre, -1.0), (centre2, -3.0)], max_pooling=max_pooling
        )
        assert np.allclose(skip, ch._both(ch.CONV_SKIP))
        assert np.allclose(pooled, ch._both(ch.CONV_NEXT if max_pooling else ch.CONV_SKIP))
    transposed = (np.ones((3, 3, 1, 1), "float32"), np.zeros(1, "float32"))
    first = np.zeros((3, 3, 2, 1), "float32")
    first[1, 1, :, 0] = [1.0, -1.0]
    second = np.zeros((3, 3, 1, 1), "float32")
    second[1, 1] = 1.0
    for bias, expected in ch.UP_CASES.items():
        got = _reference_up(ch.UP_E, ch.UP_C, transposed, [(first, 0.0), (second, bias)])
        assert np.allclose(got[0, ..., 0], expected)


def test_transposed_convolution_of_one_pixel_is_the_top_left_corner():
    kernel = np.arange(1.0, 10.0, dtype="float32").reshape(3, 3, 1, 1)
    up = tf.nn.conv2d_transpose(np.full((1, 1, 1, 1), 2.0, "float32"), kernel, (1, 2, 2, 1), 2)
    assert np.allclose(up.numpy()[0, ..., 0], 2.0 * kernel[:2, :2, 0, 0])
    assert "top-left $2 \\times 2$ corner" in PROSE


def test_he_normal_has_the_stated_standard_deviation():
    """ "he_normal": a normal truncated at two standard deviations, standard deviation
    sqrt(2 / n_in) with n_in = 3 * 3 * n_C."""
    n_c = 16
    kernel = np.asarray(keras.initializers.HeNormal(seed=0)((3, 3, n_c, 400)))
    std = np.sqrt(2 / (3 * 3 * n_c))
    assert abs(kernel.std() / std - 1) < 0.02
    assert np.abs(kernel).max() <= 2 * std * 1.14 + 1e-6  # truncated (Keras widens the scale)
    assert "with a standard deviation of $\\sqrt{2 / n_{in}}$" in PROSE


# --- the numbers the text states ------------------------------------------------------------------


def _conv(n_in, n_out, k=3):
    return k * k * n_in * n_out + n_out


def test_parameter_counts_follow_the_table(solution):
    assert unet_checks.unet_parameters(8, 5) == 540837
    assert solution["unet_model"]((32, 32, 3), 8, 5).count_params() == 540837
    assert solution["unet_model"]().count_params() == 8640471
    assert "parameters: 540837" in TEXT and "the original's U-Net: 8640471 parameters" in TEXT
    assert "has 540,837 weights" in PROSE and "540,837 weights with 8 base filters" in PROSE
    assert PROSE.count("8,640,471") >= 3
    assert _conv(64, 128) == 73856 and _conv(128, 128) == 147584
    assert "$3 \\cdot 3 \\cdot 64 \\cdot 128 + 128 = 73,856$" in PROSE
    assert "$3 \\cdot 3 \\cdot 128 \\cdot 128 + 128 = 147,584$" in PROSE
    # "with 4 times the filters, each convolution has about 16 times the weights"
    assert 15 < _conv(4 * 64, 4 * 128) / _conv(64, 128) < 16.1


def test_the_table_of_the_unet_gives_the_shapes_of_its_blocks(solution):
    """Section 5's table, for 32 x 32 x 3 pictures and n = 8, against the blocks' output shapes."""
    conv_block, upsampling_block = solution["conv_block"], solution["upsampling_block"]

    def size(tensor):
        h, w, c = tensor.shape[1:]
        return f"${h} \\times {w} \\times {c}$"

    blocks, A = [], keras.Input((32, 32, 3))
    for k in range(5):
        A, skip = conv_block(A, 8 * 2**k, 0.3 if k >= 3 else 0, k < 4)
        blocks.append((A, skip))
    rows = [
        f"| 1 | `cblock1 = conv_block(inputs, n)` | next {size(blocks[0][0])}, skip "
        f"{size(blocks[0][1])} |",
        f"| 2 | `cblock2 = conv_block(cblock1[0], 2n)` | next {size(blocks[1][0])} |",
        f"| 3 | `cblock3 = conv_block(cblock2[0], 4n)` | next {size(blocks[2][0])} |",
        f"| 4 | `cblock4 = conv_block(cblock3[0], 8n, dropout_prob=0.3)` | next "
        f"{size(blocks[3][0])}, skip {size(blocks[3][1])} |",
        f"| 5 | `cblock5 = conv_block(cblock4[0], 16n, dropout_prob=0.3, max_pooling=False)` | "
        f"{size(blocks[4][0])} |",
    ]
    U = blocks[4][0]
    calls = (
        ("cblock5[0], cblock4[1], 8n", 3),
        ("ublock6, cblock3[1], 4n", 2),
        ("ublock7, cblock2[1], 2n", 1),
        ("ublock8, cblock1[1], n", 0),
    )
    for k, (name, skip) in enumerate(calls, start=6):
        U = upsampling_block(U, blocks[skip][1], 8 * 2**skip)
        rows.append(f"| {k} | `ublock{k} = upsampling_block({name})` | {size(U)} |")
    for row in rows:
        assert row in TEXT, row
    assert '| 11 | `Conv2D(n_classes, 1, padding="same")` | $32 \\times 32 \\times 5$ |' in TEXT


def test_the_stated_training_settings():
    assert re.search(r"EPOCHS = 2 if quick\(\) else 15", CODE)
    assert re.search(r"N_TRAIN = 160 if quick\(\) else 640", CODE)
    assert "it trains for 2 epochs on 160 scenes only" in PROSE
    assert "learning_rate=0.003" in CODE and "a learning rate of 0.003" in PROSE
    assert "640 scenes of 1,024 pixels" in PROSE and 32 * 32 == 1024


def test_data_sizes_and_shares():
    _, _, _, masks = make_scenes(800, 32, seed=0)
    share = np.bincount(masks[:640].ravel(), minlength=5) / masks[:640].size
    assert f"share of each class in the training pixels: {np.round(share, 3)}" in TEXT
    assert "X_train (640, 32, 32, 3), masks_train (640, 32, 32)" in TEXT
    assert "X_test (160, 32, 32, 3), masks_test (160, 32, 32)" in TEXT
    assert "the first 640 for training, the last 160 for testing" in PROSE
    assert abs(share[0] - 0.9) < 0.02 and "right on about 90% of the pixels" in PROSE
    assert abs(np.mean(masks[640:] == 0) - 0.9) < 0.02  # "a background IoU of about 0.9"


# --- training, as the notebook's full run ---------------------------------------------------------


def _stated_range(pattern):
    low, high = re.search(pattern, PROSE).groups()
    return float(low), float(high)


@pytest.mark.slow
def test_the_full_run_reaches_the_stated_results(solution):
    epochs = int(re.search(r"EPOCHS = \d+ if quick\(\) else (\d+)", CODE).group(1))
    n_train = int(re.search(r"N_TRAIN = \d+ if quick\(\) else (\d+)", CODE).group(1))
    assert f"for {epochs} epochs of {n_train // 16} batches of 16 scenes" in PROSE
    X, _, _, masks = make_scenes(800, 32, seed=0)
    keras.utils.set_random_seed(0)
    model = solution["unet_model"]((32, 32, 3), n_filters=8, n_classes=5)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.003),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        jit_compile=False,
    )
    history = model.fit(
        X[:n_train],
        masks[:n_train],
        epochs=epochs,
        batch_size=16,
        validation_data=(X[640:], masks[640:]),
        verbose=0,
    ).history
    predicted = np.argmax(model.predict(X[640:], batch_size=32, verbose=0), axis=-1)
    truth = masks[640:]
    accuracy = np.mean(predicted == truth)
    iou = [
        np.sum((predicted == c) & (truth == c)) / np.sum((predicted == c) | (truth == c))
        for c in range(5)
    ]
    low, high = _stated_range(r"pixel accuracy between (\d\.\d+) and (\d\.\d+)")
    assert low <= accuracy <= high, accuracy
    assert low <= history["val_accuracy"][-1] <= high
    assert PROSE.count(f"pixel accuracy between {low:.2f} and {high:.2f}") == 2
    low, high = _stated_range(r"IoU of each shape between (\d\.\d+) and (\d\.\d+)")
    assert all(low <= v <= high for v in iou[1:]), iou
    assert f"IoU between {low:.2f} and {high:.2f} for each shape" in PROSE
    low, high = _stated_range(r"background's IoU is between (\d\.\d+) and (\d\.\d+)")
    assert low <= iou[0] <= high, iou
    # "after the first epoch the test pixel accuracy is about the share of the background pixels"
    assert abs(history["val_accuracy"][0] - np.mean(truth == 0)) < 0.02, history["val_accuracy"]
    assert "right on 9 pixels out of 10" in PROSE and abs(np.mean(truth == 0) - 0.9) < 0.05
