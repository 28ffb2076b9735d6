"""Public checks of the graded lab c4w4-residual-networks (identity_block, convolutional_block,
small_resnet).

A block is checked two ways. Its **architecture**: the block is applied to a ``keras.Input`` and
the layers of the resulting model are read (Conv2D filters, kernel sizes, strides and padding, the
batch-norm axis, the Add). Its **behaviour**: the block is applied to a small array with every
kernel set to 1 (``initializer=constant_ones``), in inference mode (``training=False``: a new
batch-norm layer divides by sqrt(1 + 0.001)) and in training mode (``training=True``: the batch's
own mean and variance). These inputs are chosen so that each output can be worked out by hand; the
working is next to each case.

``small_resnet`` is checked with trusted blocks put in place of the learner's
(:func:`utils.checks.substitute`), so that a mistake in a block costs that block's exercise only.
The trusted blocks are single Keras layers that compute with ``tf.nn.conv2d``, ``tf.nn.moments``
and ``tf.nn.batch_normalization``: another route than the Conv2D and BatchNormalization layers the
lab asks for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from utils.checks import CheckFailed, keras_models, learners_code, matches, substitute
from utils.records import record

seeded_outputs = functools.partial(keras_models.seeded_outputs, std=0.3, variances=(0.5, 1.5))
"""The model's outputs with weights from N(0, 0.3²) and moving variances from U[0.5, 1.5]."""

EPSILON = 1e-3  # keras.layers.BatchNormalization's default epsilon
C = 1 / np.sqrt(1 + EPSILON)  # a new batch-norm layer in inference mode: (z - 0) / sqrt(1 + eps)


def constant_ones(seed: int | None = None) -> keras.initializers.Initializer:
    """An initializer factory like ``glorot_uniform``: called with ``seed=0``, gives all ones."""
    return keras.initializers.Constant(1.0)


# --- describing what a block builds ---------------------------------------------------------------


def _layer_entry(op: Any) -> tuple | None:
    """What the checks read of one operation of a functional model; None for the input."""
    kind = type(op).__name__
    if kind == "InputLayer":
        return None
    if kind == "Conv2D":
        padding = op.padding if tuple(op.kernel_size) != (1, 1) else "any"  # same for 1x1
        return ("Conv2D", op.filters, tuple(op.kernel_size), tuple(op.strides), padding)
    if kind == "BatchNormalization":
        axis = op.axis if isinstance(op.axis, int) else op.axis[0]
        return ("BatchNormalization", axis % 4)
    if kind == "Activation":
        name = getattr(op.activation, "__name__", str(op.activation))
        return ("ReLU",) if name == "relu" else ("Activation", name)
    if kind in ("ReLU", "Relu"):
        return ("ReLU",)
    if kind in ("Add", "AddLayer"):
        return ("Add",)
    return (kind,)


def describe_block(block: Callable, input_shape: tuple[int, ...], **kwargs: Any) -> dict[str, Any]:
    """Apply ``block`` to ``keras.Input(input_shape)`` and read what it built.

    Args:
        block: the learner's identity_block or convolutional_block.
        input_shape: one example's shape, (height, width, channels).
        **kwargs: the block's other arguments (f, filters, s, training, initializer).

    Returns:
        ``{"output shape": (None, h, w, c), "layers": [entry per operation, sorted]}``: sorted,
        since Keras lists a model's layers by depth and a right block may build its shortcut
        first; where a Conv2D is ``("Conv2D", filters, kernel size, strides, padding or
        "any" for 1x1)``, a batch norm ``("BatchNormalization", axis)``, a ReLU ``("ReLU",)``, an
        addition ``("Add",)``.
    """
    inputs = keras.Input(shape=input_shape)
    outputs = block(inputs, **kwargs)
    model = keras.Model(inputs, outputs)
    entries = [_layer_entry(op) for op in model.operations]
    return {
        "output shape": tuple(outputs.shape),
        "layers": sorted((e for e in entries if e is not None), key=repr),
    }


def _count(found: dict[str, Any], kind: str) -> int:
    return sum(1 for entry in found["layers"] if entry[0] == kind)


def _convs(found: dict[str, Any]) -> list[tuple]:
    return [entry for entry in found["layers"] if entry[0] == "Conv2D"]


def _check_batch_norms_and_adds(name: str, found: dict[str, Any], n_batch_norms: int) -> None:
    axes = [entry[1] for entry in found["layers"] if entry[0] == "BatchNormalization"]
    if len(axes) != n_batch_norms:
        more = " (one on the shortcut too)" if n_batch_norms == 4 else ""
        raise CheckFailed(
            f"{name}: expected {n_batch_norms} BatchNormalization layers{more}, got {len(axes)}.\n"
            "Hint: every Conv2D is followed by BatchNormalization(axis=3)(X, training=training)."
        )
    if any(axis != 3 for axis in axes):
        raise CheckFailed(
            f"{name}: a BatchNormalization normalizes axis {[a for a in axes if a != 3][0]}.\n"
            "Hint: the channels are axis 3 of (m, n_H, n_W, n_C): BatchNormalization(axis=3)."
        )
    if _count(found, "Add") != 1:
        raise CheckFailed(
            f"{name}: expected one Add (the shortcut added to the main path), got "
            f"{_count(found, 'Add')}.\nHint: X = Add()([X, X_shortcut]) before the last ReLU."
        )
    if _count(found, "ReLU") != 3:
        raise CheckFailed(
            f"{name}: expected 3 ReLU activations, got {_count(found, 'ReLU')}.\nHint: a ReLU "
            "after the first and second batch norms, and one after the Add."
        )


def _conv_matches(got: tuple, want: tuple) -> bool:
    return got[:4] == want[:4] and (want[4] == "any" or got[4] == want[4])


def _check_convs(name: str, found: dict[str, Any], expected: list[tuple], notes: list[str]) -> None:
    """Compare the block's Conv2D entries with ``expected``, in any order (Keras lists a model's
    layers by depth, so a shortcut built first may come first); ``notes[i]`` is the hint of conv
    i."""
    convs = _convs(found)
    if len(convs) != len(expected):
        raise CheckFailed(
            f"{name}: expected {len(expected)} Conv2D layers, got {len(convs)}.\n"
            f"Hint: {notes[-1] if len(expected) == 4 else 'three on the main path, 1x1, fxf, 1x1.'}"
        )
    unmatched = list(convs)
    for position, want in enumerate(expected):
        match = next((got for got in unmatched if _conv_matches(got, want)), None)
        if match is None:
            raise CheckFailed(
                f"{name}: expected a Conv2D with (filters, kernel size, strides, padding) = "
                f"{want[1:]}, found {[got[1:] for got in convs]}.\nHint: {notes[position]}"
            )
        unmatched.remove(match)


# --- identity_block -------------------------------------------------------------------------------

# Case 1: one image 2x2 with two channels, filters [2, 3, 2], f=3, all kernels 1, biases 0.
# Channel 0 is [[1, 2], [3, -40]], channel 1 is [[0, 1], [-1, 0]]; their sum S = [[1, 3], [2, -40]].
IDENTITY_X = np.stack([[[1.0, 2.0], [3.0, -40.0]], [[0.0, 1.0], [-1.0, 0.0]]], axis=-1)[None]
IDENTITY_X = IDENTITY_X.astype("float32")
# training=False: conv 1 gives S in both channels, batch norm C*S, ReLU C*[[1, 3], [2, 0]] (sum 6C);
# the 3x3 "same" conv sees the whole 2x2 image: 2 channels * 6C = 12C everywhere, batch norm 12C^2;
# conv 3 sums 3 channels: 36C^2, batch norm 36C^3; add X, then ReLU: max(0, X + 36C^3).
IDENTITY_INFERENCE = np.maximum(IDENTITY_X + 36 * C**3, 0.0)
# training=True: the batch's own statistics. After the 3x3 conv every position holds the same
# number, so its batch norm gives 0 (value minus its mean), and so does the rest of the main path:
# the output is ReLU(X + 0).
IDENTITY_TRAINING = np.maximum(IDENTITY_X, 0.0)


def _identity_hint(got: np.ndarray, training: bool) -> str:
    if matches(got, np.maximum(IDENTITY_X + 36 * C**3, 0.0), rtol=1e-5) and training:
        return (
            "with training=True batch norm uses the batch's own mean and variance: pass "
            "training=training to each BatchNormalization call, BatchNormalization(axis=3)(X, "
            "training=training)."
        )
    if np.min(got) < 0:
        return "the output of the block passes through a ReLU: Add first, then the last ReLU."
    if matches(got, np.maximum(IDENTITY_X, 0.0) + 36 * C**3 * (not training), rtol=1e-5):
        return "add the shortcut before the last ReLU: X = Add()([X, X_shortcut]), then ReLU."
    return (
        "the shortcut is the block's input X, saved before the first Conv2D, and is added to the "
        "output of the third batch norm; then comes the last ReLU."
    )


def check_identity_block(identity_block: Callable) -> None:
    """Check ``identity_block(X, f, filters, training, initializer)``: what it builds for a
    (4, 4, 6) input, then its output on a hand-worked 2x2 image in both modes."""
    name = "identity_block"
    call = "identity_block(keras.Input((4, 4, 6)), f=3, filters=[4, 5, 6])"
    with learners_code(call):
        found = describe_block(identity_block, (4, 4, 6), f=3, filters=[4, 5, 6])
    record(call, found)
    if found["output shape"] != (None, 4, 4, 6):
        raise CheckFailed(
            f"{call}: the output should have the input's shape (None, 4, 4, 6), got "
            f"{found['output shape']}.\nHint: the fxf Conv2D keeps the size with padding='same', "
            "and the last Conv2D has F3 filters, as many as the input has channels."
        )
    _check_convs(
        name,
        found,
        [
            ("Conv2D", 4, (1, 1), (1, 1), "any"),
            ("Conv2D", 5, (3, 3), (1, 1), "same"),
            ("Conv2D", 6, (1, 1), (1, 1), "any"),
        ],
        [
            "the first Conv2D: F1 filters, kernel_size=1, strides=1, padding='valid'.",
            "the second Conv2D: F2 filters, kernel_size=f, strides=1, padding='same'.",
            "the third Conv2D: F3 filters, kernel_size=1, strides=1, padding='valid'.",
        ],
    )
    _check_batch_norms_and_adds(name, found, 3)
    for training, expected in ((False, IDENTITY_INFERENCE), (True, IDENTITY_TRAINING)):
        call = (
            f"identity_block(X 2x2x2, f=3, filters=[2, 3, 2], training={training}, "
            "initializer=constant_ones)"
        )
        with learners_code(call):
            got = np.asarray(
                identity_block(
                    IDENTITY_X, f=3, filters=[2, 3, 2], training=training, initializer=constant_ones
                )
            )
        # training=True: the main path's zeros are float32 sums divided by tiny batch
        # deviations, so they come out near 0 (within 1e-3), not exactly 0.
        atol = 1e-3 if training else 1e-5
        record(call, got, rtol=1e-5, atol=atol)
        if not matches(got, expected, rtol=1e-5, atol=atol):
            shown = np.round(got[0], 4).tolist() if got.shape == expected.shape else got.shape
            raise CheckFailed(
                f"{call}:\nexpected {np.round(expected[0], 4).tolist()},\ngot      {shown}.\n"
                f"Hint: {_identity_hint(got, training)}"
            )
    print("identity_block: all public tests passed.")


# --- convolutional_block --------------------------------------------------------------------------

# Case 1: one image 4x4 with one channel, filters [1, 1, 2], f=3, s=2, all kernels 1, biases 0.
# The 1x1 convolutions with stride 2 read the pixels (0, 0), (0, 2), (2, 0), (2, 2): P = [[1, 2],
# [3, -10]]; the other pixels are 7, which a right block never reads.
CONV_X = np.full((1, 4, 4, 1), 7.0, dtype="float32")
CONV_X[0, ::2, ::2, 0] = [[1.0, 2.0], [3.0, -10.0]]
P = np.array([[1.0, 2.0], [3.0, -10.0]])
# training=False: main path: conv 1 gives P, batch norm C*P, ReLU C*[[1, 2], [3, 0]] (sum 6C); the
# 3x3 conv on the 2x2 image gives 6C everywhere, batch norm 6C^2; conv 3 (1 channel in, 2 out):
# 6C^2, batch norm 6C^3. Shortcut: conv P in both channels, batch norm C*P. Sum, then ReLU.
CONV_INFERENCE = np.repeat(np.maximum(6 * C**3 + C * P, 0.0)[None, :, :, None], 2, axis=-1)
# training=True: the main path gives 0 as in identity_block's case (the same number everywhere
# after the 3x3 conv); the shortcut's batch norm uses P's own mean -1 and variance 27.5:
# (P + 1) / sqrt(27.5 + 0.001), then ReLU.
CONV_TRAINING = np.repeat(
    np.maximum((P + 1) / np.sqrt(27.5 + EPSILON), 0.0)[None, :, :, None], 2, axis=-1
)


def _conv_hint(got: np.ndarray, training: bool) -> str:
    if training and matches(got, np.repeat(np.maximum(P, 0.0)[None, :, :, None], 2, -1)):
        return (
            "the shortcut has its own batch norm: X_shortcut = BatchNormalization(axis=3)("
            "X_shortcut, training=training) after its Conv2D."
        )
    shortcut_in_inference = np.repeat(np.maximum(C * P, 0.0)[None, :, :, None], 2, -1)
    if training and (
        matches(got, CONV_INFERENCE, rtol=1e-5, atol=1e-3)
        or matches(got, shortcut_in_inference, rtol=1e-5, atol=1e-3)
    ):
        return "pass training=training to each BatchNormalization call, the shortcut's too."
    if np.min(got) < 0:
        return "the output of the block passes through a ReLU: Add first, then the last ReLU."
    return (
        "the main path is Conv2D(F1, 1, strides=s) -> BN -> ReLU -> Conv2D(F2, f, 'same') -> BN "
        "-> ReLU -> Conv2D(F3, 1) -> BN; the shortcut is Conv2D(F3, 1, strides=s) -> BN on the "
        "block's input; add them, then ReLU."
    )


def check_convolutional_block(convolutional_block: Callable) -> None:
    """Check ``convolutional_block(X, f, filters, s, training, initializer)``: what it builds for
    an (8, 8, 3) input with s=2, then its output on a hand-worked 4x4 image in both modes."""
    name = "convolutional_block"
    call = "convolutional_block(keras.Input((8, 8, 3)), f=3, filters=[4, 5, 6], s=2)"
    with learners_code(call):
        found = describe_block(convolutional_block, (8, 8, 3), f=3, filters=[4, 5, 6], s=2)
    record(call, found)
    if found["output shape"] != (None, 4, 4, 6):
        raise CheckFailed(
            f"{call}: the output should have the shape (None, 4, 4, 6), got "
            f"{found['output shape']}.\nHint: the first Conv2D of the main path and the "
            "shortcut's Conv2D both have strides=s; the fxf Conv2D keeps the size "
            "(padding='same'); both paths end with F3 channels."
        )
    _check_convs(
        name,
        found,
        [
            ("Conv2D", 4, (1, 1), (2, 2), "any"),
            ("Conv2D", 5, (3, 3), (1, 1), "same"),
            ("Conv2D", 6, (1, 1), (1, 1), "any"),
            ("Conv2D", 6, (1, 1), (2, 2), "any"),
        ],
        [
            "the first Conv2D: F1 filters, kernel_size=1, strides=s (the stride is here, not on "
            "the fxf conv), padding='valid'.",
            "the second Conv2D: F2 filters, kernel_size=f, strides=1, padding='same'.",
            "the third Conv2D: F3 filters, kernel_size=1, strides=1, padding='valid'.",
            "the shortcut has its own Conv2D: F3 filters, kernel_size=1, strides=s, applied to "
            "the block's input X_shortcut (after the main path's three).",
        ],
    )
    _check_batch_norms_and_adds(name, found, 4)
    for training, expected in ((False, CONV_INFERENCE), (True, CONV_TRAINING)):
        call = (
            f"convolutional_block(X 4x4x1, f=3, filters=[1, 1, 2], s=2, training={training}, "
            "initializer=constant_ones)"
        )
        with learners_code(call):
            got = np.asarray(
                convolutional_block(
                    CONV_X,
                    f=3,
                    filters=[1, 1, 2],
                    s=2,
                    training=training,
                    initializer=constant_ones,
                )
            )
        # training=True: the main path's zeros are float32 sums divided by tiny batch
        # deviations, so they come out near 0 (within 1e-3), not exactly 0.
        atol = 1e-3 if training else 1e-5
        record(call, got, rtol=1e-5, atol=atol)
        if not matches(got, expected, rtol=1e-5, atol=atol):
            shown = (
                np.round(got[0, ..., 0], 4).tolist() if got.shape == expected.shape else got.shape
            )
            raise CheckFailed(
                f"{call}: expected channel 0 {np.round(expected[0, ..., 0], 4).tolist()}, got "
                f"{shown}.\nHint: {_conv_hint(got, training)}"
            )
    print("convolutional_block: all public tests passed.")


# --- trusted blocks, for the checks of small_resnet -----------------------------------------------


class TrustedBlock(keras.layers.Layer):
    """A whole residual block as one layer, computed with tf.nn: the checks' stand-in for the
    learner's blocks. Its kernels come from ``initializer(seed=0)``, as the lab's blocks' do; its
    batch norms use the batch's statistics when training and moving averages (momentum 0.99,
    epsilon 0.001) otherwise, as Keras's BatchNormalization does."""

    def __init__(self, f, filters, s=1, projection=False, initializer=None, **kwargs):
        super().__init__(**kwargs)
        self.f, self.filters, self.s, self.projection = int(f), tuple(filters), int(s), projection
        self.initializer = initializer or keras.initializers.glorot_uniform

    def build(self, input_shape):
        n_c = int(input_shape[-1])
        F1, F2, F3 = self.filters
        shapes = [(1, 1, n_c, F1), (self.f, self.f, F1, F2), (1, 1, F2, F3)]
        shapes += [(1, 1, n_c, F3)] if self.projection else []
        self.kernels, self.biases, self.norms = [], [], []
        for k, shape in enumerate(shapes):
            self.kernels.append(
                self.add_weight(shape=shape, initializer=self.initializer(seed=0), name=f"k{k}")
            )
            self.biases.append(self.add_weight(shape=shape[-1:], initializer="zeros", name=f"b{k}"))
            self.norms.append(
                [
                    self.add_weight(shape=shape[-1:], initializer=init, name=f"{n}{k}", trainable=t)
                    for n, init, t in (
                        ("gamma", "ones", True),
                        ("beta", "zeros", True),
                        ("mean", "zeros", False),
                        ("var", "ones", False),
                    )
                ]
            )

    def _conv_bn(self, X, k, strides, padding, training):
        Z = tf.nn.conv2d(X, self.kernels[k], strides=strides, padding=padding) + self.biases[k]
        gamma, beta, moving_mean, moving_var = self.norms[k]
        if training:
            mean, var = tf.nn.moments(Z, axes=[0, 1, 2])
            moving_mean.assign(0.99 * moving_mean + 0.01 * mean)
            moving_var.assign(0.99 * moving_var + 0.01 * var)
        else:
            mean, var = moving_mean, moving_var
        return tf.nn.batch_normalization(Z, mean, var, beta, gamma, EPSILON)

    def call(self, X, training=None):
        training = bool(training)
        A = tf.nn.relu(self._conv_bn(X, 0, self.s, "VALID", training))
        A = tf.nn.relu(self._conv_bn(A, 1, 1, "SAME", training))
        A = self._conv_bn(A, 2, 1, "VALID", training)
        shortcut = self._conv_bn(X, 3, self.s, "VALID", training) if self.projection else X
        return tf.nn.relu(A + shortcut)

    def compute_output_shape(self, input_shape):
        m, h, w, _ = input_shape
        size = [None if n is None else (n - 1) // self.s + 1 for n in (h, w)]
        return (m, *size, self.filters[2])


def trusted_identity_block(X, f, filters, training=True, initializer=None):
    """The checks' identity block: one :class:`TrustedBlock`, without projection."""
    init = initializer or keras.initializers.random_uniform
    return TrustedBlock(f, filters, 1, False, init)(X, training=training)


def trusted_convolutional_block(X, f, filters, s=2, training=True, initializer=None):
    """The checks' convolutional block: one :class:`TrustedBlock` with the 1x1 projection."""
    init = initializer or keras.initializers.glorot_uniform
    return TrustedBlock(f, filters, s, True, init)(X, training=training)


def with_trusted_blocks(small_resnet: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call the learner's ``small_resnet`` with the trusted blocks in place of the learner's."""
    with substitute(
        small_resnet,
        identity_block=trusted_identity_block,
        convolutional_block=trusted_convolutional_block,
    ):
        return small_resnet(*args, **kwargs)


# --- small_resnet ---------------------------------------------------------------------------------


def _model_entry(layer: Any) -> tuple | None:
    kind = type(layer).__name__
    if kind == "TrustedBlock":
        return (
            "ConvolutionalBlock" if layer.projection else "IdentityBlock",
            layer.f,
            list(layer.filters),
            layer.s,
        )
    if kind == "MaxPooling2D":
        return ("MaxPooling2D", tuple(layer.pool_size), tuple(layer.strides))
    if kind == "Dense":
        activation = getattr(layer.activation, "__name__", None)
        return ("Dense", layer.units, activation)
    return _layer_entry(layer)


def describe_resnet(model: Any) -> dict[str, Any]:
    """The layers of a small ResNet built with the trusted blocks, its input and output shapes
    and its number of parameters."""
    return {
        "input shape": tuple(model.input_shape),
        "output shape": tuple(model.output_shape),
        "layers": [e for e in (_model_entry(op) for op in model.operations) if e is not None],
        "parameters": model.count_params(),
    }


RESNET_LAYERS = [
    ("Conv2D", 16, (3, 3), (1, 1), "same"),
    ("BatchNormalization", 3),
    ("ReLU",),
    ("MaxPooling2D", (2, 2), (2, 2)),
    ("ConvolutionalBlock", 3, [16, 16, 32], 1),
    ("IdentityBlock", 3, [16, 16, 32], 1),
    ("ConvolutionalBlock", 3, [32, 32, 64], 2),
    ("IdentityBlock", 3, [32, 32, 64], 1),
    ("GlobalAveragePooling2D",),
    ("Dense", 4, "softmax"),
]
RESNET_PARAMETERS = 37732  # counted by hand in the lab's table


def check_small_resnet(small_resnet: Callable) -> None:
    """Check ``small_resnet(input_shape=(32, 32, 3), classes=4)`` with trusted blocks: its
    layers in order, its shapes and its number of parameters."""
    call = "small_resnet(input_shape=(32, 32, 3), classes=4)"
    with learners_code(call):
        model = with_trusted_blocks(small_resnet, input_shape=(32, 32, 3), classes=4)
    keras_models.expect_model(model, call, "return keras.Model(inputs=X_input, outputs=X).")
    found = describe_resnet(model)
    record(call, found)
    if found["input shape"] != (None, 32, 32, 3):
        raise CheckFailed(
            f"{call}: expected the input shape (None, 32, 32, 3), got {found['input shape']}.\n"
            "Hint: X_input = Input(input_shape), and the model's inputs are X_input."
        )
    layers = found["layers"]
    for position, want in enumerate(RESNET_LAYERS):
        got = layers[position] if position < len(layers) else None
        if got != want:
            raise CheckFailed(
                f"{call}: layer {position} should be {want}, got {got}.\nHint: follow the "
                "table row by row; the blocks are called as identity_block(X, 3, [F1, F2, F3]) "
                "and convolutional_block(X, 3, [F1, F2, F3], s=...)."
            )
    if len(layers) != len(RESNET_LAYERS):
        raise CheckFailed(
            f"{call}: expected {len(RESNET_LAYERS)} layers, got {len(layers)}: "
            f"{layers[len(RESNET_LAYERS) :]} are too many."
        )
    other = with_trusted_blocks(small_resnet, input_shape=(24, 24, 3), classes=6)
    if tuple(other.output_shape) != (None, 6) or tuple(other.input_shape) != (None, 24, 24, 3):
        raise CheckFailed(
            "small_resnet(input_shape=(24, 24, 3), classes=6): expected the input shape "
            f"(None, 24, 24, 3) and the output shape (None, 6), got {other.input_shape} and "
            f"{other.output_shape}.\nHint: use the arguments input_shape and classes, not numbers "
            "of your own."
        )
    if found["parameters"] != RESNET_PARAMETERS:
        raise CheckFailed(
            f"{call}: expected {RESNET_PARAMETERS} parameters, got {found['parameters']}."
        )
    print("small_resnet: all public tests passed.")
