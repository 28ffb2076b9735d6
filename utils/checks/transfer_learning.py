"""Public checks of the graded lab c4w4-transfer-learning (data_augmenter, transfer_model).

``data_augmenter()`` is checked by what it is made of (its layers and their factors, read from
each layer's configuration) and by what it does: at inference it gives its input back unchanged;
while training it moves one bright pixel (mirrored or turned a little) by a pixel or so and never
out of the picture.

``transfer_model(base_model, num_classes, fine_tune_at)`` is checked on small bases made here, with
a trusted augmenter put in place of the learner's ``data_augmenter`` (:func:`utils.checks.
substitute`), so that a mistake in exercise 1 costs exercise 1 only. The trusted augmenter is a
single layer that shifts the pictures with ``tf.pad`` and ``tf.image.random_crop``: another route
than the Keras layers the lab asks for. The checks read the model's layers, the ``trainable`` flag
of each layer of the base for several ``fine_tune_at``, that the base's weights are the very
objects of ``base_model`` (shared, not copied), and the model's output on a picture worked out by
hand (the working is next to the case).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from utils.checks import CheckFailed, keras_models, learners_code, learners_result, substitute
from utils.records import record

seeded_outputs = functools.partial(keras_models.seeded_outputs, std=0.3, variances=(0.5, 1.5))
"""The model's outputs with weights from N(0, 0.3²) and moving variances from U[0.5, 1.5]."""

ROTATION = 0.05  # a fraction of a full turn: 0.05 * 360 = 18 degrees
FLIP = "horizontal"  # left to right: every shape of the lab is its own mirror image
FILL = "reflect"  # Keras's default: the noisy background goes on into the uncovered corners
DROPOUT = 0.2


# --- data_augmenter -------------------------------------------------------------------------------


def _factor(value: Any) -> tuple[float, float]:
    """A Keras random layer's factor as (lower, upper): a number f means (-f, f)."""
    if isinstance(value, list | tuple):
        return (round(float(value[0]), 6), round(float(value[1]), 6))
    return (round(-float(value), 6), round(float(value), 6))


def _augmenter_entry(layer: keras.layers.Layer) -> tuple:
    """What the checks read of one layer of an augmenter."""
    kind = type(layer).__name__
    config = layer.get_config()
    if kind == "RandomRotation":
        return (
            kind,
            _factor(config["factor"]),
            config.get("fill_mode"),
            float(config.get("fill_value", 0.0)),
        )
    if kind == "RandomTranslation":
        return (
            kind,
            _factor(config["height_factor"]),
            _factor(config["width_factor"]),
            config.get("fill_mode"),
            float(config.get("fill_value", 0.0)),
        )
    if kind == "RandomFlip":
        return (kind, config.get("mode"))
    return (kind,)


def describe_augmenter(augmenter: Any) -> dict[str, Any]:
    """What an augmenter is made of.

    Returns:
        ``{"type": class name, "layers": [entry per layer, sorted]}``: sorted, since rotating then
        shifting or shifting then rotating are both right; a rotation is ``("RandomRotation",
        (lower, upper), fill mode, fill value)``, a translation ``("RandomTranslation", height
        (lower, upper), width (lower, upper), fill mode, fill value)``, a flip ``("RandomFlip",
        mode)``, any other layer ``(class name,)``.
    """
    layers = getattr(augmenter, "layers", None) or []
    entries = [_augmenter_entry(layer) for layer in layers]
    return {"type": type(augmenter).__name__, "layers": sorted(entries, key=repr)}


# Behaviour: one bright pixel at row 3, column 4 of an 8x8 picture (0 elsewhere), 64 copies.
PIXEL = np.zeros((64, 8, 8, 1), dtype="float32")
PIXEL[:, 3, 4, 0] = 1.0
# A picture with strokes: a vertical stroke in column 1 and a horizontal one in row 6.
STROKES = np.zeros((2, 8, 8, 1), dtype="float32")
STROKES[:, 1:7, 1, 0] = 1.0
STROKES[:, 6, 1:6, 0] = 0.75


def augmentation_behaviour(augmenter: Any) -> dict[str, Any]:
    """What an augmenter does to :data:`PIXEL`, the same picture 64 times, while training.

    Returns:
        ``{"changed": fraction of copies that differ from the input, "kept": fraction whose
        bright pixel is still in the picture (brightness above 0.05), "largest move": the largest
        distance in pixels from the input's pixel to a copy's centre of brightness}``.
    """
    out = np.asarray(augmenter(PIXEL, training=True), dtype=float)[..., 0]
    changed = float(np.mean(np.any(np.abs(out - PIXEL[..., 0]) > 1e-6, axis=(1, 2))))
    mass = out.sum(axis=(1, 2))
    kept = mass > 0.05
    rows, cols = np.mgrid[0:8, 0:8]
    safe = np.where(kept, mass, 1.0)
    cy = (out * rows).sum(axis=(1, 2)) / safe
    cx = (out * cols).sum(axis=(1, 2)) / safe
    moves = np.hypot(cy - 3, cx - 4)[kept]
    return {
        "changed": changed,
        "kept": float(np.mean(kept)),
        "largest move": float(moves.max()) if moves.size else float("inf"),
    }


def _rotation_hint(entry: tuple) -> str:
    low, high = entry[1]
    if max(abs(low), abs(high)) >= 1:
        return (
            "RandomRotation's factor is a fraction of a full turn (2 pi), not degrees: 18 degrees "
            f"is 18 / 360 = {ROTATION}."
        )
    if abs(max(abs(low), abs(high)) - np.radians(360 * ROTATION)) < 0.01:
        return (
            "RandomRotation's factor is a fraction of a full turn, not an angle in radians: 18 "
            f"degrees is 18 / 360 = {ROTATION}."
        )
    if max(abs(low), abs(high)) > ROTATION:
        return (
            f"{max(abs(low), abs(high))} of a full turn is {360 * max(abs(low), abs(high)):.0f} "
            f"degrees: a diamond turned by 45 degrees is a square, an x is a plus sign, shapes "
            f"of the old task rather than of these classes. Use {ROTATION} (18 degrees)."
        )
    return f"use RandomRotation({ROTATION}): up to 18 degrees either way."


def check_data_augmenter(data_augmenter: Callable) -> None:
    """Check ``data_augmenter()``: a Sequential of a left-right flip and a small rotation with the
    default fill; the identity at inference; small moves while training."""
    call = "data_augmenter()"
    augmenter = learners_result(data_augmenter, call)
    keras_models.expect_model(
        augmenter,
        call,
        "start from keras.Sequential() and add the layers with .add(...).",
        kind=keras.Sequential,
    )
    found = describe_augmenter(augmenter)
    record(call, found)
    entries = found["layers"]
    kinds = [entry[0] for entry in entries]
    for kind, what in (("RandomFlip", "the flip"), ("RandomRotation", "the rotation")):
        if kinds.count(kind) != 1:
            raise CheckFailed(
                f"{call}: expected one {kind} layer, got {kinds.count(kind)} (layers: {kinds}).\n"
                f"Hint: the augmenter has two layers, a RandomFlip and a RandomRotation ({what} is "
                "missing or doubled)."
            )
    if len(entries) != 2:
        raise CheckFailed(
            f"{call}: expected two layers, RandomFlip and RandomRotation, got {kinds}."
        )
    flip = next(e for e in entries if e[0] == "RandomFlip")
    rotation = next(e for e in entries if e[0] == "RandomRotation")
    if flip[1] != FLIP:
        raise CheckFailed(
            f"{call}: RandomFlip flips with mode={flip[1]!r}, expected {FLIP!r}.\nHint: as in the "
            "original, mirror left to right only, RandomFlip('horizontal'): a scene seen in a "
            "mirror is still a scene the world could show, upside down mostly not (a triangle "
            "of the old task would point down)."
        )
    if rotation[1] != (-ROTATION, ROTATION):
        raise CheckFailed(
            f"{call}: RandomRotation's factor gives angles in {rotation[1]} of a turn, expected "
            f"({-ROTATION}, {ROTATION}).\nHint: {_rotation_hint(rotation)}"
        )
    if rotation[2] != FILL:
        raise CheckFailed(
            f"{call}: RandomRotation fills the corners it uncovers with fill_mode={rotation[2]!r}; "
            f"expected the default, {FILL!r}.\nHint: the pictures' background is noisy grey, and "
            "'reflect', the default the original keeps, carries it on into the corners; "
            "'constant' paints them black, which no picture of the lab has: leave fill_mode out."
        )
    with learners_code("data_augmenter()(pictures, training=False)"):
        same = np.asarray(augmenter(STROKES, training=False))
    if not np.allclose(same, STROKES, atol=1e-6):
        raise CheckFailed(
            f"{call}: at inference (training=False) the augmenter should give the pictures back "
            "unchanged, but it changed them.\nHint: use Keras's random layers, which only act "
            "while the model trains."
        )
    with learners_code("data_augmenter()(pictures, training=True)"):
        found = augmentation_behaviour(augmenter)
    if found["changed"] < 0.5 or found["kept"] < 1.0 or found["largest move"] > 2.0:
        raise CheckFailed(
            f"{call}: while training, on 64 copies of a picture with one bright pixel, "
            f"{100 * found['changed']:.0f}% of the copies changed (expected most), "
            f"{100 * found['kept']:.0f}% kept the pixel in the picture (expected all), and it "
            f"moved by up to {found['largest move']:.1f} pixels (expected at most 2)."
        )
    print("data_augmenter: all public tests passed.")


# --- trusted pieces for transfer_model's checks ---------------------------------------------------


class TrustedAugmenter(keras.layers.Layer):
    """The checks' stand-in for the learner's augmenter: while training, every picture of the
    batch is shifted by the same random whole number of pixels, -1 to 1, along each axis (zeros
    come in), with ``tf.pad`` and ``tf.image.random_crop``; at inference, the identity."""

    def call(self, inputs, training=None):
        if not training:
            return inputs
        shape = tf.shape(inputs)
        padded = tf.pad(inputs, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return tf.image.random_crop(padded, shape)

    def compute_output_shape(self, input_shape):
        return input_shape


def trusted_augmenter() -> keras.Sequential:
    """A new trusted augmenter, in a Sequential as ``data_augmenter()`` returns it."""
    return keras.Sequential([TrustedAugmenter()], name="trusted_augmenter")


def with_trusted_augmenter(transfer_model: Callable, *args: Any) -> Any:
    """``transfer_model(*args)`` with the trusted augmenter in place of the learner's."""
    with substitute(transfer_model, data_augmenter=trusted_augmenter):
        return transfer_model(*args)


def make_base(input_shape: tuple[int, int, int] = (6, 6, 1), seed: int = 0) -> keras.Sequential:
    """A small base network of four layers like the lab's: Conv2D, Conv2D, MaxPooling2D,
    Conv2D (6x6 pictures -> 3x3x4 features)."""
    init = keras.initializers.GlorotUniform
    return keras.Sequential(
        [
            keras.Input(input_shape),
            keras.layers.Conv2D(
                3, 3, padding="same", activation="relu", kernel_initializer=init(seed)
            ),
            keras.layers.Conv2D(
                4, 3, padding="same", activation="relu", kernel_initializer=init(seed + 1)
            ),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(
                4, 3, padding="same", activation="relu", kernel_initializer=init(seed + 2)
            ),
        ],
        name="base",
    )


def _entry(layer: Any, base: Any) -> tuple:
    """What the checks read of one layer of a transfer model."""
    if layer is base:
        return ("base",)
    if isinstance(layer, keras.Sequential) and any(
        isinstance(inner, TrustedAugmenter) for inner in layer.layers
    ):
        return ("augmenter",)
    kind = type(layer).__name__
    if kind == "Dropout":
        return (kind, round(float(layer.rate), 6))
    if kind == "Dense":
        return (kind, layer.units, getattr(layer.activation, "__name__", str(layer.activation)))
    return (kind,)


def describe_transfer(model: Any, base: keras.Model) -> dict[str, Any]:
    """What a transfer model is, read from its layers.

    Returns:
        ``{"input shape", "output shape", "layers": [entry per layer after the input, in order:
        ("augmenter",), ("base",), (class name[, rate or units and activation])], "base
        trainable": [each base layer's trainable flag], "trainable weights": the shapes of the
        model's trainable weights, "shared": how many of the base's weights the model holds
        itself (shared, not copied)}``.
    """
    entries = [_entry(layer, base) for layer in model.layers]
    return {
        "input shape": tuple(model.input_shape),
        "output shape": tuple(model.output_shape),
        "layers": [e for e in entries if e != ("InputLayer",)],
        "base trainable": [bool(layer.trainable) for layer in base.layers],
        "trainable weights": sorted(tuple(w.shape) for w in model.trainable_weights),
        "shared": len(keras_models.shared_weights(model, base)),
    }


# The hand-worked case: a base of one 1x1 Conv2D with 2 filters, kernel [1, -1], ReLU, on one
# 2x2 picture X = [[1, -2], [3, 0]]: filter 0 gives relu(X) = [[1, 0], [3, 0]], filter 1
# relu(-X) = [[0, 2], [0, 0]]. Averaged over the 4 positions: f = [4 / 4, 2 / 4] = [1, 0.5]. With
# the Dense kernel W = [[1, 1, 1], [2, 1, -1]] and bias [0, 1, -1]: logit 0 = 1 + 0.5*2 = 2,
# logit 1 = 1 + 0.5 + 1 = 2.5, logit 2 = 1 - 0.5 - 1 = -0.5. (The maximum over the positions,
# f = [3, 2], would give [7, 6, 0].)
HAND_X = np.array([[1.0, -2.0], [3.0, 0.0]], dtype="float32").reshape(1, 2, 2, 1)
HAND_KERNEL = np.array([[1.0, 1.0, 1.0], [2.0, 1.0, -1.0]], dtype="float32")
HAND_BIAS = np.array([0.0, 1.0, -1.0], dtype="float32")
HAND_LOGITS = np.array([[2.0, 2.5, -0.5]])


def hand_base() -> keras.Sequential:
    """The base of the hand-worked case: one 1x1 Conv2D, kernel [1, -1], no bias, ReLU."""
    kernel = keras.initializers.Constant(np.array([1.0, -1.0]).reshape(1, 1, 1, 2))
    return keras.Sequential(
        [
            keras.Input((2, 2, 1)),
            keras.layers.Conv2D(2, 1, activation="relu", use_bias=False, kernel_initializer=kernel),
        ],
        name="hand_base",
    )


def _expected_flags(n_layers: int, fine_tune_at: int | None) -> list[bool]:
    if fine_tune_at is None:
        return [False] * n_layers
    return [k >= fine_tune_at for k in range(n_layers)]


def _flags_hint(got: list[bool], expected: list[bool], fine_tune_at: int | None) -> str:
    n = len(expected)
    if fine_tune_at is None:
        return "with fine_tune_at=None the whole base is frozen: base_model.trainable = False."
    if not any(got):
        return (
            "the base stays frozen: first base_model.trainable = True (a base frozen before "
            "keeps its layers frozen otherwise), then freeze the first fine_tune_at layers."
        )
    if got == [k < fine_tune_at for k in range(n)]:
        return "the first fine_tune_at layers are the frozen ones, the others learn."
    if got == [k > fine_tune_at for k in range(n)] or got == [
        k >= fine_tune_at - 1 for k in range(n)
    ]:
        return "base_model.layers[:fine_tune_at] are the layers 0 to fine_tune_at - 1."
    return (
        "base_model.trainable = True, then layer.trainable = False for each layer of "
        "base_model.layers[:fine_tune_at]."
    )


def _check_architecture(call: str, found: dict[str, Any], num_classes: int) -> None:
    layers = found["layers"]
    kinds = [entry[0] for entry in layers]
    if "augmenter" not in kinds:
        raise CheckFailed(
            f"{call}: the pictures do not go through data_augmenter().\nHint: x = "
            "data_augmenter()(inputs), before the base."
        )
    if "base" not in kinds:
        raise CheckFailed(
            f"{call}: the model does not contain base_model itself.\nHint: call the base given as "
            "an argument, x = base_model(x, training=False), not a copy of it."
        )
    if "Flatten" in kinds or "GlobalMaxPooling2D" in kinds:
        raise CheckFailed(
            f"{call}: the head does not average the base's features over the picture (it has "
            f"{kinds}).\nHint: a shape is the same shape anywhere in the picture: "
            "GlobalAveragePooling2D() averages each feature over the positions, as in the "
            "original."
        )
    expected = [
        ("augmenter",),
        ("base",),
        ("GlobalAveragePooling2D",),
        ("Dropout", DROPOUT),
        ("Dense", num_classes, "linear"),
    ]
    if layers != expected:
        dense = [entry for entry in layers if entry[0] == "Dense"]
        if len(dense) == 1 and dense[0][2] != "linear":
            hint = (
                "the last Dense gives logits, with no activation: the loss takes "
                "from_logits=True and applies the softmax itself."
            )
        elif len(dense) == 1 and dense[0][1] != num_classes:
            hint = "the last Dense has num_classes units, one logit per class."
        elif ("Dropout", DROPOUT) not in layers:
            hint = f"Dropout({DROPOUT}) comes after GlobalAveragePooling2D, before the last Dense."
        else:
            hint = (
                "inputs -> data_augmenter() -> base_model(x, training=False) -> "
                "GlobalAveragePooling2D() -> "
                f"Dropout({DROPOUT}) -> Dense(num_classes)."
            )
        raise CheckFailed(f"{call}: expected the layers {expected}, got {layers}.\nHint: {hint}")


def check_transfer_model(transfer_model: Callable) -> None:
    """Check ``transfer_model(base_model, num_classes, fine_tune_at)`` on small bases, with a
    trusted augmenter in place of ``data_augmenter``."""
    name = "transfer_model"
    # 1. A frozen base, 3 classes: the layers, the shapes, the flags, the shared weights.
    base = make_base()
    call = f"{name}(base_model (6x6x1 -> 3x3x4, 4 layers), num_classes=3, fine_tune_at=None)"
    model = learners_result(
        functools.partial(with_trusted_augmenter, transfer_model), call, base, 3, None
    )
    keras_models.expect_model(
        model, call, "model = keras.Model(inputs, outputs), then return model."
    )
    found = describe_transfer(model, base)
    record(call, found)
    if found["input shape"] != (None, 6, 6, 1):
        raise CheckFailed(
            f"{call}: expected the input shape (None, 6, 6, 1), the base's, got "
            f"{found['input shape']}.\nHint: keras.Input(shape=base_model.input_shape[1:]), not a "
            "shape of your own."
        )
    _check_architecture(call, found, 3)
    if found["output shape"] != (None, 3):
        raise CheckFailed(
            f"{call}: expected the output shape (None, 3), got {found['output shape']}."
        )
    if found["shared"] != len(base.weights):
        raise CheckFailed(
            f"{call}: the model holds {found['shared']} of the base's {len(base.weights)} weights "
            "itself.\nHint: use base_model, not a copy (keras.models.clone_model makes new "
            "weights): what transfers is its trained weights."
        )
    for fine_tune_at, frozen_before in ((None, False), (2, True), (0, True), (3, False)):
        base = make_base()
        if frozen_before:
            base.trainable = False
        state = "a base frozen before, " if frozen_before else ""
        call = f"{name}({state}base_model of 4 layers, num_classes=3, fine_tune_at={fine_tune_at})"
        model = learners_result(
            functools.partial(with_trusted_augmenter, transfer_model), call, base, 3, fine_tune_at
        )
        found = describe_transfer(model, base)
        record(call, found)
        expected = _expected_flags(len(base.layers), fine_tune_at)
        if found["base trainable"] != expected:
            raise CheckFailed(
                f"{call}: expected the base's layers to have trainable = {expected}, got "
                f"{found['base trainable']}.\nHint: "
                f"{_flags_hint(found['base trainable'], expected, fine_tune_at)}"
            )
        learned = sum(len(layer.weights) for layer in base.layers if layer.trainable) + 2
        if len(found["trainable weights"]) != learned:
            raise CheckFailed(
                f"{call}: expected {learned} trainable weights (the kernels and biases of the "
                f"base's layers that learn, and the Dense layer's), got "
                f"{len(found['trainable weights'])}."
            )
    # 2. The output on the hand-worked picture.
    base = hand_base()
    call = f"{name}(base_model (one 1x1 Conv2D), num_classes=3, fine_tune_at=None)(X 2x2)"
    model = learners_result(
        functools.partial(with_trusted_augmenter, transfer_model), call, base, 3, None
    )
    _check_architecture(call, describe_transfer(model, base), 3)
    dense = next(layer for layer in model.layers if type(layer).__name__ == "Dense")
    dense.set_weights([HAND_KERNEL, HAND_BIAS])
    with learners_code(f"{call}, training=False"):
        got = np.asarray(model(HAND_X, training=False), dtype=float)
    record(call, got, rtol=1e-5)
    if got.shape != HAND_LOGITS.shape or not np.allclose(got, HAND_LOGITS, rtol=1e-5):
        raise CheckFailed(
            f"{call} with the Dense kernel W = [[1, 1, 1], [2, 1, -1]] and bias [0, 1, -1]: "
            f"expected the logits {HAND_LOGITS.tolist()}, got {np.round(got, 4).tolist()}.\nHint: "
            "the base's features, averaged over the positions, go through Dropout (inactive at "
            "inference) into the Dense layer, with no activation."
        )
    print("transfer_model: all public tests passed.")
