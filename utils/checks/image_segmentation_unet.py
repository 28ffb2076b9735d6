"""Public checks of the graded lab c4w4-image-segmentation-unet (conv_block, upsampling_block,
unet_model).

A block is checked two ways. Its **architecture**: the block is applied to ``keras.Input`` tensors
and the layers of the resulting model are read (Conv2D and Conv2DTranspose filters, kernel sizes,
strides, padding and initializers, Dropout rates, the pooling, the concatenation's axis, what
makes each output). Its **behaviour**: known weights are set on the layers the block built, and
the block's model is applied to a small array. The weights are chosen so that the outputs can be
worked out by hand: every 3x3 kernel of a ``Conv2D`` has only its centre tap, so that the
convolution acts on each pixel alone; the working is next to each case.

``unet_model`` is checked with trusted blocks put in place of the learner's
(:func:`utils.checks.substitute`), so that a mistake in a block costs that block's exercise only.
The trusted blocks are single Keras layers that compute with ``tf.nn.conv2d``,
``tf.nn.conv2d_transpose``, ``tf.nn.max_pool2d`` and ``tf.concat``: another route than the layers
the lab asks for. Their weights start at 0 (creating them is then cheap); the hidden tests give
every layer weights from a generator seeded by the layer's sizes, so that the same U-Net gets the
same weights whatever order its blocks were built in.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from utils.checks import CheckFailed, keras_models, learners_code, matches, substitute
from utils.records import record

# --- describing what a block builds ---------------------------------------------------------------


def _initializer(layer: Any) -> str:
    init = getattr(layer, "kernel_initializer", None)
    return type(init).__name__ if init is not None else "none"


def _activation(layer: Any) -> str:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation))


def _entry(op: Any) -> tuple | None:
    """What the checks read of one operation of a functional model; None for an input."""
    kind = type(op).__name__
    if kind == "InputLayer":
        return None
    if kind == "Conv2D":
        return (
            "Conv2D",
            op.filters,
            tuple(op.kernel_size),
            tuple(op.strides),
            op.padding,
            _initializer(op),
        )
    if kind == "Conv2DTranspose":
        return ("Conv2DTranspose", op.filters, tuple(op.kernel_size), tuple(op.strides), op.padding)
    if kind == "Dropout":
        return ("Dropout", round(float(op.rate), 6))
    if kind == "MaxPooling2D":
        return ("MaxPooling2D", tuple(op.pool_size), tuple(op.strides), op.padding)
    if kind == "Concatenate":
        return ("Concatenate", op.axis % 4)
    if kind == "Activation":
        return ("Activation", _activation(op))
    return (kind,)


def _maker(tensor: Any) -> str:
    """The class of the layer that made a symbolic tensor ("InputLayer" for an input)."""
    history = getattr(tensor, "_keras_history", None)
    kind = "none" if history is None else type(history[0]).__name__
    return "Conv2D" if kind in ("Activation", "ReLU", "Relu") else kind  # a ReLU of its own


def describe_unet_block(block: Callable, input_shapes: list[tuple], *args: Any) -> dict[str, Any]:
    """Apply ``block`` to ``keras.Input`` tensors of ``input_shapes`` and read what it built.

    Args:
        block: the learner's conv_block or upsampling_block.
        input_shapes: one shape per tensor input (one example's shape, without the batch).
        *args: the block's other arguments.

    Returns:
        ``{"output shapes": [(None, h, w, c) per output], "made by": [the class of the layer that
        made each output], "layers": [entry per operation, sorted]}``; a Conv2D's entry is
        ``("Conv2D", filters, kernel size, strides, padding, initializer class)``. Activations
        are left out (a ReLU layer of its own is as right as ``activation="relu"``): the outputs
        with known weights show them.
    """
    inputs = [keras.Input(shape=shape) for shape in input_shapes]
    outputs = block(*inputs, *args)
    outputs = list(outputs) if isinstance(outputs, tuple | list) else [outputs]
    model = keras.Model(inputs, outputs)
    entries = [_entry(op) for op in model.operations]
    return {
        "output shapes": [tuple(o.shape) for o in outputs],
        "made by": [_maker(o) for o in outputs],
        "layers": sorted(
            (e for e in entries if e is not None and e[0] not in ("Activation", "ReLU", "Relu")),
            key=repr,
        ),
    }


def block_model(block: Callable, input_shapes: list[tuple], *args: Any) -> keras.Model:
    """The block applied to ``keras.Input`` tensors, as a model (its outputs as the block gives
    them)."""
    inputs = [keras.Input(shape=shape) for shape in input_shapes]
    outputs = block(*inputs, *args)
    outputs = list(outputs) if isinstance(outputs, tuple | list) else outputs
    return keras.Model(inputs if len(inputs) > 1 else inputs[0], outputs)


def _outputs(model: keras.Model, arrays: list[np.ndarray]) -> list[np.ndarray]:
    got = model(arrays if len(arrays) > 1 else arrays[0], training=False)
    got = list(got) if isinstance(got, tuple | list) else [got]
    return [np.asarray(g, dtype=float) for g in got]


def seeded_block_outputs(
    block: Callable, arrays: list[np.ndarray], *args: Any, seed: int = 0
) -> list[np.ndarray]:
    """The block's outputs on ``arrays`` with every weight drawn from N(0, 0.3²) (seeded), in
    inference mode (a Dropout passes everything through)."""
    model = block_model(block, [a.shape[1:] for a in arrays], *args)
    rng = np.random.default_rng(seed)
    for weight in model.weights:
        weight.assign(rng.normal(0.0, 0.3, tuple(weight.shape)).astype("float32"))
    return _outputs(model, arrays)


def _conv_layers(model: keras.Model) -> list[Any]:
    return [op for op in model.operations if type(op).__name__ == "Conv2D"]


def _centre_kernel(shape: tuple, weights: np.ndarray) -> np.ndarray:
    """A kernel of ``shape`` (k, k, n_in, n_out) with only its centre tap: ``weights`` (n_in,
    n_out)."""
    kernel = np.zeros(shape, dtype="float32")
    kernel[shape[0] // 2, shape[1] // 2] = weights
    return kernel


def _set_conv(layer: Any, tap: np.ndarray, bias: float) -> None:
    shape = tuple(layer.kernel.shape)
    n_in, n_out = shape[2], shape[3]
    layer.kernel.assign(_centre_kernel(shape, np.broadcast_to(tap, (n_in, n_out))))
    if layer.use_bias:
        layer.bias.assign(np.full(n_out, bias, dtype="float32"))


# --- conv_block -----------------------------------------------------------------------------------

# One 4x4 picture with one channel, n_filters=2. Each Conv2D's 3x3 kernel has only its centre tap,
# 1 from every input channel to every output channel, so that it adds the channels of each pixel;
# the biases are -1 (first Conv2D) and -3 (second).
CONV_X = np.array(
    [[1.0, 2.0, 0.0, 5.0], [3.0, -4.0, 2.0, 1.0], [0.0, 1.0, 6.0, -2.0], [2.0, 2.0, -1.0, 3.0]],
    dtype="float32",
)[None, :, :, None]
CONV_BIASES = (-1.0, -3.0)
# First Conv2D and ReLU: max(X - 1, 0) in both channels =
#   [[0, 1, 0, 4], [2, 0, 1, 0], [0, 0, 5, 0], [1, 1, 0, 2]].
# Second Conv2D (two equal channels in): 2 * that - 3 = [[-3, -1, -3, 5], [1, -3, -1, -3],
#   [-3, -3, 7, -3], [-1, -1, -3, 1]]; ReLU: the skip connection, in both channels:
CONV_SKIP = np.array(
    [[0.0, 0.0, 0.0, 5.0], [1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 7.0, 0.0], [0.0, 0.0, 0.0, 1.0]]
)
# MaxPooling2D 2x2: the largest of each 2x2 square of the skip connection.
CONV_NEXT = np.array([[1.0, 5.0], [0.0, 7.0]])
# Without the first ReLU: 2 * (X - 1) - 3, then ReLU (a typical mistake).
CONV_SKIP_NO_FIRST_RELU = np.maximum(2 * (CONV_X[0, :, :, 0] - 1) - 3, 0.0)


def _both(channel: np.ndarray) -> np.ndarray:
    return np.repeat(channel[None, :, :, None], 2, axis=-1)


def hand_worked_conv_block(conv_block: Callable, max_pooling: bool) -> list[np.ndarray]:
    """conv_block(Input (4, 4, 1), n_filters=2, dropout_prob=0, max_pooling) with the checks'
    centre-tap kernels and biases, applied to ``CONV_X``: [next_layer, skip_connection]."""
    model = block_model(conv_block, [(4, 4, 1)], 2, 0, max_pooling)
    convs = _conv_layers(model)
    for layer, bias in zip(convs, CONV_BIASES, strict=False):
        _set_conv(layer, np.float32(1.0), bias)
    return _outputs(model, [CONV_X])


def _conv_block_hint(skip: np.ndarray) -> str:
    if np.min(skip) < 0:
        return "each Conv2D has activation='relu': the second one's output is never negative."
    if matches(skip, _both(CONV_SKIP_NO_FIRST_RELU)):
        return "the first Conv2D has activation='relu' too."
    return (
        "the second Conv2D takes the first one's output: conv = Conv2D(...)(inputs), then conv = "
        "Conv2D(...)(conv); both have activation='relu'."
    )


def _conv_entry(n_filters: int) -> tuple:
    return ("Conv2D", n_filters, (3, 3), (1, 1), "same", "HeNormal")


def check_conv_block(conv_block: Callable) -> None:
    """Check ``conv_block(inputs, n_filters, dropout_prob, max_pooling)``: what it builds for an
    (8, 8, 3) input with and without dropout and pooling, then its outputs with known weights."""
    for args, pooled in (((4, 0, True), True), ((4, 0.3, False), False)):
        call = f"conv_block(keras.Input((8, 8, 3)), n_filters=4, dropout_prob={args[1]}, " + (
            f"max_pooling={args[2]})"
        )
        with learners_code(call):
            found = describe_unet_block(conv_block, [(8, 8, 3)], *args)
        record(call, found)
        shapes = found["output shapes"]
        want = [(None, 4, 4, 4) if pooled else (None, 8, 8, 4), (None, 8, 8, 4)]
        if len(shapes) != 2:
            raise CheckFailed(
                f"{call}: expected two outputs (next_layer, skip_connection), got {len(shapes)}.\n"
                "Hint: return next_layer, skip_connection."
            )
        if shapes != want:
            hint = (
                "next_layer is the max pooling's output (half the size), skip_connection the "
                "second Conv2D's (after the dropout, if any), before the pooling: return "
                "next_layer, skip_connection, in this order."
                if pooled
                else "without max pooling, next_layer is the skip connection itself."
            )
            if any(shape[-1] != 4 for shape in shapes if len(shape) == 4):
                hint = "each Conv2D has n_filters filters."
            if any(shape[1] not in (4, 8) for shape in shapes if len(shape) == 4):
                hint = "padding='same' keeps the size of the picture in each Conv2D."
            raise CheckFailed(
                f"{call}: expected the output shapes {want}, got {shapes}.\nHint: {hint}"
            )
        convs = [e for e in found["layers"] if e[0] == "Conv2D"]
        if len(convs) != 2:
            raise CheckFailed(
                f"{call}: expected 2 Conv2D layers, one after the other, got {len(convs)}.\nHint: "
                "the second Conv2D is applied to the first one's output, not to inputs."
            )
        for conv in convs:
            if conv != _conv_entry(4):
                raise CheckFailed(
                    f"{call}: expected each Conv2D to be (filters, kernel size, strides, padding, "
                    f"initializer) = {_conv_entry(4)[1:]}, got {conv[1:]}.\nHint: "
                    "Conv2D(n_filters, 3, activation='relu', padding='same', "
                    "kernel_initializer='he_normal')."
                )
        dropouts = [e for e in found["layers"] if e[0] == "Dropout"]
        pools = [e for e in found["layers"] if e[0] == "MaxPooling2D"]
        if args[1] == 0 and dropouts:
            raise CheckFailed(
                f"{call}: expected no Dropout with dropout_prob=0, got {dropouts}.\nHint: add the "
                "Dropout layer only if dropout_prob > 0."
            )
        if args[1] > 0 and dropouts != [("Dropout", 0.3)]:
            raise CheckFailed(
                f"{call}: expected one Dropout(0.3), got {dropouts}.\nHint: conv = "
                "Dropout(dropout_prob)(conv) when dropout_prob > 0."
            )
        if args[1] > 0 and found["made by"][1] != "Dropout":
            raise CheckFailed(
                f"{call}: the skip connection should come out of the Dropout layer, got the "
                f"output of {found['made by'][1]}.\nHint: the dropout acts on the second Conv2D's "
                "output, before the pooling; the skip connection is what comes out of it."
            )
        if pooled and pools != [("MaxPooling2D", (2, 2), (2, 2), "valid")]:
            raise CheckFailed(
                f"{call}: expected one MaxPooling2D with a 2x2 window and stride 2, got "
                f"{pools}.\nHint: next_layer = MaxPooling2D(pool_size=(2, 2))(conv)."
            )
        if not pooled and pools:
            raise CheckFailed(
                f"{call}: expected no pooling with max_pooling=False, got {pools}.\nHint: "
                "next_layer = conv when max_pooling is False."
            )
    for max_pooling in (True, False):
        call = (
            f"conv_block(X 4x4x1, n_filters=2, dropout_prob=0, max_pooling={max_pooling}) with "
            "centre-tap kernels of ones, biases -1 and -3"
        )
        with learners_code(call):
            got = hand_worked_conv_block(conv_block, max_pooling)
        record(call, got, rtol=1e-5, atol=1e-5)
        skip = got[1]
        if not matches(skip, _both(CONV_SKIP), rtol=1e-5, atol=1e-5):
            raise CheckFailed(
                f"{call}: expected the skip connection (channel 0) {CONV_SKIP.tolist()}, got "
                f"{np.round(skip[0, ..., 0], 4).tolist()}.\nHint: {_conv_block_hint(skip)}"
            )
        expected = _both(CONV_NEXT if max_pooling else CONV_SKIP)
        if not matches(got[0], expected, rtol=1e-5, atol=1e-5):
            raise CheckFailed(
                f"{call}: expected next_layer (channel 0) {expected[0, ..., 0].tolist()}, got "
                f"{np.round(got[0][0, ..., 0], 4).tolist()}.\nHint: MaxPooling2D keeps the "
                "largest value of each 2x2 square (not their mean)."
            )
    print("conv_block: all public tests passed.")


# --- upsampling_block -----------------------------------------------------------------------------

# The expansive input is one pixel, 2, with one channel; the contractive input one 2x2 picture C,
# n_filters=1. The Conv2DTranspose's 3x3 kernel is all ones, its bias 0: with stride 2 and "same"
# padding, the one pixel becomes a 2x2 picture of 2s. The concatenation puts that first, C second.
# The first Conv2D has the centre tap 1 for the upsampled channel and -1 for C, bias 0: 2 - C, then
# ReLU; the second has the centre tap 1 and the bias b.
UP_E = np.array([[[[2.0]]]], dtype="float32")
UP_C = np.array([[1.0, 5.0], [-3.0, 2.0]], dtype="float32")[None, :, :, None]
# 2 - C = [[1, -3], [5, 0]]; ReLU: [[1, 0], [5, 0]].
UP_CASES = {
    # bias +1: [[2, 1], [6, 1]], all positive.
    1.0: np.array([[2.0, 1.0], [6.0, 1.0]]),
    # bias -2: [[-1, -2], [3, -2]]; ReLU: [[0, 0], [3, 0]].
    -2.0: np.array([[0.0, 0.0], [3.0, 0.0]]),
}
# Typical mistakes: C first, then the upsampled picture (C - 2, ReLU [[0, 3], [0, 0]]), and the
# first ReLU missing (2 - C unclipped).
UP_SWAPPED = {b: np.maximum(np.maximum(UP_C[0, :, :, 0] - 2, 0) + b, 0) for b in UP_CASES}
UP_NO_FIRST_RELU = {b: np.maximum(2 - UP_C[0, :, :, 0] + b, 0) for b in UP_CASES}


def hand_worked_upsampling_block(upsampling_block: Callable, bias: float) -> np.ndarray:
    """upsampling_block(Input (1, 1, 1), Input (2, 2, 1), n_filters=1) with the checks' weights
    (see above), applied to ``UP_E`` and ``UP_C``: the output, shape (1, 2, 2, 1)."""
    model = block_model(upsampling_block, [(1, 1, 1), (2, 2, 1)], 1)
    for op in model.operations:
        if type(op).__name__ == "Conv2DTranspose":
            op.kernel.assign(np.ones(tuple(op.kernel.shape), dtype="float32"))
            if op.use_bias:
                op.bias.assign(np.zeros(tuple(op.bias.shape), dtype="float32"))
    convs = _conv_layers(model)
    if convs:
        n_in = tuple(convs[0].kernel.shape)[2]
        tap = np.array([[1.0]] + [[-1.0]] * (n_in - 1), dtype="float32")
        _set_conv(convs[0], tap, 0.0)
    for layer in convs[1:]:
        _set_conv(layer, np.float32(1.0), bias)
    return _outputs(model, [UP_E, UP_C])[0]


def check_upsampling_block(upsampling_block: Callable) -> None:
    """Check ``upsampling_block(expansive_input, contractive_input, n_filters)``: what it builds
    for a (4, 4, 8) expansive and an (8, 8, 3) contractive input, then its output with known
    weights."""
    call = "upsampling_block(keras.Input((4, 4, 8)), keras.Input((8, 8, 3)), n_filters=5)"
    with learners_code(call):
        found = describe_unet_block(upsampling_block, [(4, 4, 8), (8, 8, 3)], 5)
    record(call, found)
    if found["output shapes"] != [(None, 8, 8, 5)]:
        raise CheckFailed(
            f"{call}: expected one output of shape (None, 8, 8, 5), got {found['output shapes']}."
            "\nHint: the Conv2DTranspose doubles the size (strides=2, padding='same'); the two "
            "Conv2D keep it (padding='same') and have n_filters filters."
        )
    layers = found["layers"]
    ups = [e for e in layers if e[0] == "Conv2DTranspose"]
    if ups != [("Conv2DTranspose", 5, (3, 3), (2, 2), "same")]:
        raise CheckFailed(
            f"{call}: expected one Conv2DTranspose with (filters, kernel size, strides, padding) "
            f"= (5, (3, 3), (2, 2), 'same'), got {[u[1:] for u in ups]}.\nHint: "
            "Conv2DTranspose(n_filters, 3, strides=(2, 2), padding='same')(expansive_input)."
        )
    joins = [e for e in layers if e[0] == "Concatenate"]
    if joins != [("Concatenate", 3)]:
        raise CheckFailed(
            f"{call}: expected one concatenation along the channels (axis 3), got {joins}.\nHint: "
            "merge = concatenate([up, contractive_input], axis=3)."
        )
    convs = [e for e in layers if e[0] == "Conv2D"]
    if convs != [_conv_entry(5)] * 2:
        raise CheckFailed(
            f"{call}: expected two Conv2D with (filters, kernel size, strides, padding, "
            f"initializer) = {_conv_entry(5)[1:]}, got {[c[1:] for c in convs]}.\nHint: "
            "Conv2D(n_filters, 3, activation='relu', padding='same', "
            "kernel_initializer='he_normal'), the second applied to the first one's output."
        )
    for bias, expected in UP_CASES.items():
        call = (
            "upsampling_block(E 1x1x1 = 2, C 2x2x1, n_filters=1) with a transposed kernel of "
            f"ones, centre taps (1, -1) then 1, last bias {bias:g}"
        )
        with learners_code(call):
            got = hand_worked_upsampling_block(upsampling_block, bias)
        record(call, got, rtol=1e-5, atol=1e-5)
        if not matches(got, expected[None, :, :, None], rtol=1e-5, atol=1e-5):
            shown = got.shape if got.shape != (1, 2, 2, 1) else np.round(got[0, ..., 0], 4).tolist()
            hint = (
                "concatenate the upsampled picture first, then the contractive input: "
                "concatenate([up, contractive_input], axis=3)."
            )
            if got.shape == (1, 2, 2, 1) and np.min(got) < 0:
                hint = "both Conv2D have activation='relu'."
            elif matches(got[0, ..., 0], UP_NO_FIRST_RELU[bias]):
                hint = "the first Conv2D has activation='relu' too."
            elif not matches(got[0, ..., 0], UP_SWAPPED[bias]):
                hint = (
                    "upsample the expansive input with the Conv2DTranspose, concatenate it with "
                    "the contractive input, then two Conv2D, the second on the first's output."
                )
            raise CheckFailed(f"{call}: expected {expected.tolist()}, got {shown}.\nHint: {hint}")
    print("upsampling_block: all public tests passed.")


# --- trusted blocks, for the checks of unet_model -------------------------------------------------


def _seed(*parts: Any) -> int:
    return zlib.crc32(repr(parts).encode()) % (2**31)


class TrustedConvBlock(keras.layers.Layer):
    """A whole conv_block as one layer, computed with tf.nn: the checks' stand-in for the
    learner's. Returns (next_layer, skip_connection); kernels seeded by the block's sizes."""

    def __init__(self, n_filters, dropout_prob=0.0, max_pooling=True, **kwargs):
        super().__init__(**kwargs)
        self.n_filters, self.dropout_prob = int(n_filters), float(dropout_prob)
        self.max_pooling = bool(max_pooling)

    def build(self, input_shape):
        n_in, n = int(input_shape[-1]), self.n_filters
        self.kernels, self.biases = [], []
        for k, shape in enumerate(((3, 3, n_in, n), (3, 3, n, n))):
            self.kernels.append(self.add_weight(shape=shape, initializer="zeros", name=f"k{k}"))
            self.biases.append(self.add_weight(shape=(n,), initializer="zeros", name=f"b{k}"))

    def call(self, X, training=None):
        A = X
        for kernel, bias in zip(self.kernels, self.biases, strict=True):
            A = tf.nn.relu(tf.nn.conv2d(A, kernel, 1, "SAME") + bias)
        if training and self.dropout_prob > 0:
            A = tf.nn.dropout(A, rate=self.dropout_prob)
        pooled = tf.nn.max_pool2d(A, 2, 2, "VALID") if self.max_pooling else A
        return pooled, A

    def compute_output_shape(self, input_shape):
        m, h, w, _ = input_shape
        skip = (m, h, w, self.n_filters)
        if not self.max_pooling:
            return skip, skip
        return (
            m,
            None if h is None else h // 2,
            None if w is None else w // 2,
            self.n_filters,
        ), skip


class TrustedUpsamplingBlock(keras.layers.Layer):
    """A whole upsampling_block as one layer, computed with tf.nn: the checks' stand-in."""

    def __init__(self, n_filters, **kwargs):
        super().__init__(**kwargs)
        self.n_filters = int(n_filters)

    def build(self, input_shapes):
        n_e, n_c, n = int(input_shapes[0][-1]), int(input_shapes[1][-1]), self.n_filters
        self.up_kernel = self.add_weight(shape=(3, 3, n, n_e), initializer="zeros", name="kt")
        self.up_bias = self.add_weight(shape=(n,), initializer="zeros", name="bt")
        self.kernels, self.biases = [], []
        for k, shape in enumerate(((3, 3, n + n_c, n), (3, 3, n, n))):
            self.kernels.append(self.add_weight(shape=shape, initializer="zeros", name=f"k{k}"))
            self.biases.append(self.add_weight(shape=(n,), initializer="zeros", name=f"b{k}"))

    def call(self, inputs):
        E, C = inputs
        shape = tf.stack([tf.shape(C)[0], tf.shape(C)[1], tf.shape(C)[2], self.n_filters])
        up = tf.nn.conv2d_transpose(E, self.up_kernel, shape, 2, "SAME") + self.up_bias
        A = tf.concat([up, C], axis=3)
        for kernel, bias in zip(self.kernels, self.biases, strict=True):
            A = tf.nn.relu(tf.nn.conv2d(A, kernel, 1, "SAME") + bias)
        return A

    def compute_output_shape(self, input_shapes):
        return (*input_shapes[1][:3], self.n_filters)


def trusted_conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
    """The checks' conv_block: one :class:`TrustedConvBlock`."""
    return TrustedConvBlock(n_filters, dropout_prob, max_pooling)(inputs)


def trusted_upsampling_block(expansive_input, contractive_input, n_filters=32):
    """The checks' upsampling_block: one :class:`TrustedUpsamplingBlock`."""
    return TrustedUpsamplingBlock(n_filters)([expansive_input, contractive_input])


def with_trusted_unet_blocks(unet_model: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call the learner's ``unet_model`` with the trusted blocks in place of the learner's."""
    with substitute(
        unet_model, conv_block=trusted_conv_block, upsampling_block=trusted_upsampling_block
    ):
        return unet_model(*args, **kwargs)


# --- unet_model -----------------------------------------------------------------------------------


def _unet_entry(op: Any) -> tuple | None:
    kind = type(op).__name__
    if kind == "TrustedConvBlock":
        return ("conv_block", op.n_filters, round(op.dropout_prob, 6), op.max_pooling)
    if kind == "TrustedUpsamplingBlock":
        return ("upsampling_block", op.n_filters)
    entry = _entry(op)
    if entry is not None and entry[0] == "Conv2D":
        return (*entry, _activation(op))
    return entry


def describe_unet(model: Any) -> dict[str, Any]:
    """The operations of a U-Net built with the trusted blocks, in order, each with where its
    inputs come from (``[position of the operation, which of its outputs]``; position -1 is the
    model's input), its input and output shapes and its number of parameters. An activation layer
    of its own right after a Conv2D without activation is folded into that Conv2D's entry, as if
    it had been given ``activation=...``."""
    ops = [op for op in model.operations if type(op).__name__ != "InputLayer"]
    entries = {id(op): _unet_entry(op) for op in ops}
    sources = {
        id(op): [tensor._keras_history for tensor in op._inbound_nodes[0].input_tensors]
        for op in ops
    }
    users: dict[int, int] = {}
    for op in ops:
        for maker, _, _ in sources[id(op)]:
            users[id(maker)] = users.get(id(maker), 0) + 1
    folded: dict[int, Any] = {}
    for op in ops:
        kind = type(op).__name__
        if kind not in ("Activation", "ReLU") or len(sources[id(op)]) != 1:
            continue
        maker = sources[id(op)][0][0]
        entry = entries.get(id(maker))
        if entry and entry[0] == "Conv2D" and entry[-1] == "linear" and users[id(maker)] == 1:
            name = "relu" if kind == "ReLU" else _activation(op)
            entries[id(maker)] = (*entry[:-1], name)
            folded[id(op)] = maker
    kept = [op for op in ops if id(op) not in folded]
    position = {id(op): k for k, op in enumerate(kept)}
    for op_id, maker in folded.items():
        position[op_id] = position[id(maker)]
    layers = [
        [
            entries[id(op)],
            [[position.get(id(maker), -1), int(index)] for maker, _, index in sources[id(op)]],
        ]
        for op in kept
    ]
    return {
        "input shape": tuple(model.input_shape),
        "output shape": tuple(model.output_shape),
        "layers": layers,
        "parameters": model.count_params(),
    }


def seeded_unet_outputs(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """The U-Net's outputs on ``images`` (inference mode), with every weight drawn from N(0, s²)
    (s = sqrt(2 / fan-in), He's scale) by a generator seeded with the layer's kind and the weight's
    shape: the same U-Net gets the same weights whatever order its layers were built in."""
    saved = model.get_weights()
    try:
        for op in model.operations:
            for k, weight in enumerate(op.weights):
                shape = tuple(weight.shape)
                rng = np.random.default_rng(_seed(type(op).__name__, k, shape))
                fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 10
                scale = np.sqrt(2.0 / fan_in)
                weight.assign(rng.normal(0.0, scale, shape).astype("float32"))
        return np.asarray(model(images, training=False), dtype=float)
    finally:
        model.set_weights(saved)


def unet_layers(n: int, n_classes: int) -> list[list]:
    """The U-Net of the lab's table, as :func:`describe_unet` lists it."""
    return [
        [("conv_block", n, 0.0, True), [[-1, 0]]],
        [("conv_block", 2 * n, 0.0, True), [[0, 0]]],
        [("conv_block", 4 * n, 0.0, True), [[1, 0]]],
        [("conv_block", 8 * n, 0.3, True), [[2, 0]]],
        [("conv_block", 16 * n, 0.3, False), [[3, 0]]],
        [("upsampling_block", 8 * n), [[4, 0], [3, 1]]],
        [("upsampling_block", 4 * n), [[5, 0], [2, 1]]],
        [("upsampling_block", 2 * n), [[6, 0], [1, 1]]],
        [("upsampling_block", n), [[7, 0], [0, 1]]],
        [("Conv2D", n, (3, 3), (1, 1), "same", "HeNormal", "relu"), [[8, 0]]],
        [("Conv2D", n_classes, (1, 1), (1, 1), "same", "GlorotUniform", "linear"), [[9, 0]]],
    ]


def unet_parameters(n: int, n_classes: int, channels: int = 3) -> int:
    """The number of weights of the lab's U-Net, counted from its layer sizes."""

    def conv(n_in, n_out, k=3):
        return k * k * n_in * n_out + n_out

    total, n_in, skips = 0, channels, []
    for factor in (1, 2, 4, 8, 16):
        total += conv(n_in, factor * n) + conv(factor * n, factor * n)
        n_in = factor * n
        skips.append(n_in)
    for factor, skip in zip((8, 4, 2, 1), reversed(skips[:4]), strict=True):
        total += conv(n_in, factor * n)  # Conv2DTranspose: the same count as a Conv2D
        total += conv(factor * n + skip, factor * n) + conv(factor * n, factor * n)
        n_in = factor * n
    return total + conv(n, n) + conv(n, n_classes, 1)


def _compare_layers(call: str, got: list, want: list) -> None:
    for position, (expected_layer, expected_sources) in enumerate(want):
        if position >= len(got):
            raise CheckFailed(
                f"{call}: expected {len(want)} layers and blocks, got {len(got)}: the model ends "
                f"too early; the next should be {expected_layer}."
            )
        layer, sources = got[position]
        if tuple(layer) != expected_layer:
            hint = "follow the table row by row."
            if expected_layer[0] == "conv_block":
                hint = (
                    "conv_block(inputs, n_filters, dropout_prob, max_pooling): blocks 1 to 3 with "
                    "dropout 0, blocks 4 and 5 with dropout_prob=0.3, block 5 with "
                    "max_pooling=False; the filters double at each block."
                )
            elif expected_layer[0] == "upsampling_block":
                hint = "the upsampling blocks halve the filters: 8, 4, 2, then 1 times n_filters."
            elif expected_layer[-1] == "linear":
                hint = (
                    "the last layer gives the logits of the classes: Conv2D(n_classes, 1, "
                    "padding='same'), no activation (the loss applies the softmax)."
                )
            raise CheckFailed(
                f"{call}: layer {position} should be {expected_layer}, got {tuple(layer)}.\n"
                f"Hint: {hint}"
            )
        if [list(s) for s in sources] != expected_sources:
            raise CheckFailed(
                f"{call}: layer {position} {expected_layer} takes its inputs from the wrong "
                f"place.\nHint: each conv_block takes the previous block's next_layer "
                "(cblock[0]); each upsampling_block takes the layer below it and the skip "
                "connection (cblock[1]) of the conv_block of the same size: block 4's for the "
                "first, block 1's for the last."
            )
    if len(got) > len(want):
        raise CheckFailed(
            f"{call}: expected {len(want)} layers and blocks, got {len(got)}: "
            f"{[layer for layer, _ in got[len(want) :]]} are too many."
        )


def check_unet_model(unet_model: Callable) -> None:
    """Check ``unet_model(input_size, n_filters, n_classes)`` with trusted blocks: its blocks and
    layers in order and where each takes its inputs, its shapes and its number of parameters."""
    for args, shape in (
        ((), (96, 128, 3)),
        (((64, 64, 3), 8, 5), (64, 64, 3)),
    ):
        n, n_classes = (32, 23) if not args else args[1:]
        call = f"unet_model{args if args else '()'}"
        with learners_code(call):
            model = with_trusted_unet_blocks(unet_model, *args)
        keras_models.expect_model(
            model, call, "model = keras.Model(inputs=inputs, outputs=conv10)."
        )
        found = describe_unet(model)
        record(call, found)
        if found["input shape"] != (None, *shape):
            raise CheckFailed(
                f"{call}: expected the input shape {(None, *shape)}, got {found['input shape']}.\n"
                "Hint: inputs = Input(input_size), the model's inputs."
            )
        _compare_layers(call, found["layers"], unet_layers(n, n_classes))
        if found["output shape"] != (None, *shape[:2], n_classes):
            raise CheckFailed(
                f"{call}: expected the output shape {(None, *shape[:2], n_classes)}, got "
                f"{found['output shape']}.\nHint: use the arguments input_size, n_filters and "
                "n_classes, not numbers of your own."
            )
        if found["parameters"] != unet_parameters(n, n_classes, shape[2]):
            raise CheckFailed(
                f"{call}: expected {unet_parameters(n, n_classes, shape[2])} parameters, got "
                f"{found['parameters']}."
            )
    print("unet_model: all public tests passed.")
