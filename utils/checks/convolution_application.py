"""Public checks of the graded lab c4w3-convolution-application (face_model, shapes_model).

Each exercise returns a Keras model built and compiled by the learner. The checks read what the
model is, layer by layer (``describe_layers``: every layer turned into the operations it performs,
so that ``Conv2D(..., activation="relu")`` and ``Conv2D(...)`` followed by ``ReLU()`` read the
same), its input and output shapes and its number of parameters (worked out by hand in the lab's
tables), then what its compile set: the optimizer's class and learning rate, the loss on
probabilities whose loss is known by hand, and the ``accuracy`` metric that the training cells
read. The hidden tests add what the model does with seeded weights (``seeded_outputs``), with
batch normalization in inference and in training mode. The expected values are written here; no
reference model is built.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from utils.checks import CheckFailed, keras_models, learners_result
from utils.checks.keras_models import compiled_loss, describe_compiled
from utils.records import record

seeded_outputs = functools.partial(keras_models.seeded_outputs, std=0.5, variances=(0.5, 2.0))
"""The model's outputs with weights from N(0, 0.5²) and moving variances from U[0.5, 2]."""

FACE_INPUT_SHAPE = (None, 25, 25, 1)
SHAPES_INPUT_SHAPE = (None, 32, 32, 3)

# face_model: 25x25x1 -> pad 2 -> 29x29x1 -> conv 5x5, 8 filters -> 25x25x8 -> BN -> ReLU ->
# max pool 2x2 -> 12x12x8 = 1152 -> Dense(1) sigmoid.
FACE_LAYERS = [
    ("ZeroPadding2D", ((2, 2), (2, 2))),
    ("Conv2D", 8, (5, 5), (1, 1), "valid"),
    ("BatchNormalization", 3),
    ("ReLU",),
    ("MaxPooling2D", (2, 2), (2, 2), "valid"),
    ("Flatten",),
    ("Dense", 1),
    ("Activation", "sigmoid"),
]
# 5*5*1*8 + 8 = 208 (convolution); 4*8 = 32 (batch normalization: gamma, beta, moving mean and
# variance); 12*12*8 + 1 = 1153 (Dense): 1393 in all, 16 of them not trained (moving statistics).
FACE_PARAMETERS = 1393
FACE_LEARNING_RATE = 0.001

# shapes_model on 32x32x3: conv 4x4 same, 8 filters -> 32x32x8 -> ReLU -> max pool 4x4 stride 4
# same -> 8x8x8 -> conv 2x2 same, 16 filters -> 8x8x16 -> ReLU -> max pool 2x2 stride 2 same ->
# 4x4x16 = 256 -> Dense(4) softmax.
SHAPES_LAYERS = [
    ("Conv2D", 8, (4, 4), (1, 1), "same"),
    ("ReLU",),
    ("MaxPooling2D", (4, 4), (4, 4), "same"),
    ("Conv2D", 16, (2, 2), (1, 1), "same"),
    ("ReLU",),
    ("MaxPooling2D", (2, 2), (2, 2), "same"),
    ("Flatten",),
    ("Dense", 4),
    ("Activation", "softmax"),
]
# 4*4*3*8 + 8 = 392; 2*2*8*16 + 16 = 528; 256*4 + 4 = 1028: 1948 in all.
SHAPES_PARAMETERS = 1948
SHAPES_LEARNING_RATE = 0.01

# Losses worked out by hand. Faces: labels [1, 0], probabilities [0.8, 0.4] of a face:
# -(ln 0.8 + ln 0.6) / 2. Shapes: class 2 with probabilities [0.1, 0.2, 0.5, 0.2]: -ln 0.5.
FACE_LOSS_CASE = (np.array([[1.0], [0.0]]), np.array([[0.8], [0.4]], dtype="float32"))
FACE_LOSS = float(-(np.log(0.8) + np.log(0.6)) / 2)
SHAPES_LOSS_CASE = (np.array([2]), np.array([[0.1, 0.2, 0.5, 0.2]], dtype="float32"))
SHAPES_LOSS = float(np.log(2.0))


def _pair(value: Any) -> tuple:
    """A size given as one number or a pair, as a pair of ints."""
    if isinstance(value, int):
        return (value, value)
    return tuple(int(v) if isinstance(v, int | np.integer) else _pair(v) for v in value)


def _activation(function: Any) -> list[tuple]:
    """The operation an activation adds: none for linear, ("ReLU",) for relu."""
    name = getattr(function, "__name__", str(function))
    if name == "linear":
        return []
    if name == "relu":
        return [("ReLU",)]
    return [("Activation", name)]


def _layer_operations(layer: keras.layers.Layer) -> list[tuple]:
    """What one layer does, as operations (see :func:`describe_layers`)."""
    kind = type(layer).__name__
    config = layer.get_config()
    if kind == "InputLayer":
        return []
    if kind == "ZeroPadding2D":
        return [(kind, _pair(config["padding"]))]
    if kind == "Conv2D":
        return [
            (
                kind,
                config["filters"],
                _pair(config["kernel_size"]),
                _pair(config["strides"]),
                config["padding"],
            ),
            *_activation(layer.activation),
        ]
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        strides = config["strides"] if config["strides"] is not None else config["pool_size"]
        return [(kind, _pair(config["pool_size"]), _pair(strides), config["padding"])]
    if kind == "BatchNormalization":
        axis = config["axis"]
        axis = axis[0] if isinstance(axis, list | tuple) and len(axis) == 1 else axis
        return [(kind, 3 if axis == -1 else axis)]
    if kind == "ReLU":
        plain = (
            config.get("max_value") is None
            and not config.get("negative_slope")
            and not config.get("threshold")
        )
        return [("ReLU",)] if plain else [("ReLU", str(config))]
    if kind == "Activation":
        return _activation(layer.activation) or [("Activation", "linear")]
    if kind == "Dense":
        return [(kind, config["units"]), *_activation(layer.activation)]
    if kind == "Softmax":
        return [("Activation", "softmax")]
    return [(kind,)]


def describe_layers(model: keras.Model) -> list[tuple]:
    """The operations a model's layers perform, in order: what the checks compare.

    Each layer gives one or two operations: ``("ZeroPadding2D", ((top, bottom), (left,
    right)))``, ``("Conv2D", filters, kernel size, strides, padding)``, ``("BatchNormalization",
    axis)`` (axis -1 read as 3), ``("ReLU",)``, ``("MaxPooling2D", pool size, strides,
    padding)``, ``("Flatten",)``, ``("Dense", units)``, and an activation that is not linear as
    ``("ReLU",)`` or ``("Activation", name)``: a ``Conv2D(..., activation="relu")`` and a
    ``Conv2D`` followed by ``ReLU()`` or ``Activation("relu")`` read the same.
    """
    return [operation for layer in model.layers for operation in _layer_operations(layer)]


def describe_conv_model(model: keras.Model) -> dict[str, Any]:
    """What the checks and the autograder read in a model: its API, shapes, layers, parameters."""
    try:
        input_shape = tuple(model.input_shape)
        output_shape = tuple(model.output_shape)
    except (AttributeError, ValueError):  # not built: no keras.Input
        input_shape = output_shape = None
    return {
        "api": "Sequential" if isinstance(model, keras.Sequential) else type(model).__name__,
        "input shape": input_shape,
        "output shape": output_shape,
        "layers": describe_layers(model),
        "parameters": model.count_params() if input_shape is not None else None,
    }


def _fmt_operation(operation: tuple) -> str:
    """An operation as the learner would write its layer."""
    kind, *values = operation
    if kind == "ZeroPadding2D":
        return f"ZeroPadding2D(padding={values[0]})"
    if kind == "Conv2D":
        filters, kernel, strides, padding = values
        return f"Conv2D({filters}, kernel_size={kernel}, strides={strides}, padding={padding!r})"
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        pool, strides, padding = values
        return f"{kind}(pool_size={pool}, strides={strides}, padding={padding!r})"
    if kind == "BatchNormalization":
        return f"BatchNormalization(axis={values[0]})"
    if kind == "Dense":
        return f"Dense({values[0]})"
    if kind == "Activation":
        return f"activation {values[0]!r}"
    if kind == "ReLU" and not values:
        return "ReLU()"
    return f"{kind}{tuple(values) if values else '()'}"


def _operations_hint(
    expected: tuple | None, got: tuple | None, order: str, previous: str | None = None
) -> str:
    """The hint for the first operation that differs from the table (``previous``: the kind of
    the operation before, which matched)."""
    if expected is None:
        return f"there is a layer too many, {_fmt_operation(got)}: follow the table, {order}."
    kind = expected[0]
    if kind == "Activation" and (got is None or got[0] != "Activation"):
        return (
            f"the output layer has no {expected[1]} activation: Dense(..., "
            f"activation={expected[1]!r}); the loss expects probabilities."
        )
    if got is None:
        return f"a layer is missing at the end, {_fmt_operation(expected)}: follow the table."
    if kind == "ZeroPadding2D" and got[0] == "Conv2D":
        return (
            "start with keras.layers.ZeroPadding2D(padding=2): without it the 5x5 convolution "
            "shrinks the 25x25 image to 21x21."
        )
    if kind == "BatchNormalization" and got[0] == "ReLU":
        return (
            "normalize before the activation: Conv2D (no activation), then "
            "BatchNormalization(axis=3), then ReLU()."
        )
    if kind == "ReLU" and got[0] in ("MaxPooling2D", "BatchNormalization", "Conv2D"):
        after = "batch normalization" if previous == "BatchNormalization" else "convolution"
        return f"a ReLU is missing after the {after}: add keras.layers.ReLU()."
    if kind == "Activation" and got[0] == "Activation":
        return (
            f"the output uses {got[1]!r}; it should be {expected[1]!r}: "
            f"Dense(..., activation={expected[1]!r})."
        )
    if kind == got[0] == "Conv2D" and expected[4] != got[4]:
        return f"padding={expected[4]!r} for this convolution."
    if kind == got[0] == "MaxPooling2D" and expected[2] != got[2]:
        return f"give the pooling strides={expected[2]} (the default is the pool size)."
    if kind == got[0] == "MaxPooling2D" and expected[3] != got[3]:
        return f"padding={expected[3]!r} for this pooling."
    if kind == got[0] == "Dense":
        per = "class" if expected[1] > 1 else "picture, the probability of a face"
        return f"the output layer has {expected[1]} unit(s): one per {per}."
    if kind == got[0]:
        return f"check the numbers of this {kind} against the table, {order}."
    return f"follow the table, layer by layer: {order}."


def _check_operations(name: str, found: list[tuple], expected: list[tuple]) -> None:
    """Raise CheckFailed at the first operation that differs from ``expected``."""
    order = " -> ".join(operation[0] for operation in expected if operation[0] != "Activation")
    for position in range(max(len(found), len(expected))):
        want = expected[position] if position < len(expected) else None
        got = found[position] if position < len(found) else None
        if want != got:
            previous = expected[position - 1][0] if position else None
            raise CheckFailed(
                f"{name}: operation {position + 1} should be "
                f"{_fmt_operation(want) if want else 'none (the model ends there)'}, got "
                f"{_fmt_operation(got) if got else 'nothing'}.\n"
                f"Hint: {_operations_hint(want, got, order, previous)}"
            )


def _call_model_function(call: str, function: Callable, *args: Any) -> Any:
    model = learners_result(function, call, *args)
    keras_models.expect_model(model, call, "is `return model` still there?")
    return model


def metrics_report(model: keras.Model, inputs: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """``model.evaluate`` on a few inputs, as a dict (loss and the compiled metrics by name)."""
    return {
        name: float(value)
        for name, value in model.evaluate(inputs, labels, verbose=0, return_dict=True).items()
    }


def _check_compile(
    call: str,
    model: keras.Model,
    *,
    loss_case: tuple[np.ndarray, np.ndarray],
    loss_expected: float,
    loss_text: str,
    learning_rate: float,
    inputs: np.ndarray,
    labels: np.ndarray,
    accuracy: Callable[[np.ndarray, np.ndarray], float],
) -> None:
    """The compile of a model: its optimizer, loss (on a case known by hand) and accuracy."""
    found = describe_compiled(model)
    record(  # what it does, whether compile was given objects or strings ("adam")
        f"{call}: its optimizer",
        {"optimizer": found["optimizer"], "learning rate": found["learning rate"]},
    )
    if found["optimizer"] is None or getattr(model, "loss", None) is None:
        raise CheckFailed(
            f"{call}: the model is not compiled.\nHint: end with model.compile(optimizer=..., "
            "loss=..., metrics=['accuracy']) before `return model`."
        )
    try:
        got = compiled_loss(model, *loss_case)
    except Exception as error:  # e.g. one-hot loss given class numbers
        raise CheckFailed(
            f"{call}: its loss fails on {loss_text}: {type(error).__name__}.\nHint: the labels "
            "are class numbers, not one-hot vectors; see the loss the instructions name."
        ) from None
    record(f"{call}: its loss on {loss_text}", got, rtol=1e-5)
    if not np.isclose(got, loss_expected, rtol=1e-4):
        hint = (
            "the output layer gives probabilities, so the loss must not say from_logits=True."
            if found["from_logits"]
            else "use the loss the instructions name (a cross-entropy), not another one."
        )
        raise CheckFailed(
            f"{call}: on {loss_text} the loss should be {loss_expected:.4f}, got {got:.4g}.\n"
            f"Hint: {hint}"
        )
    if found["optimizer"] != "Adam":
        raise CheckFailed(
            f"{call}: expected an Adam optimizer, got {found['optimizer']}.\nHint: "
            f"optimizer=keras.optimizers.Adam(learning_rate={learning_rate})."
        )
    if not np.isclose(found["learning rate"], learning_rate, rtol=1e-6):
        raise CheckFailed(
            f"{call}: expected the learning rate {learning_rate}, got "
            f"{found['learning rate']:.6g}.\nHint: keras.optimizers.Adam(learning_rate="
            f"{learning_rate}); the string 'adam' means Adam with learning rate 0.001."
        )
    report = metrics_report(model, inputs, labels)
    record(f"{call}: what evaluate reports (names)", sorted(report))
    if "accuracy" not in report:
        raise CheckFailed(
            f"{call}: model.evaluate reports {sorted(report)}, no 'accuracy'.\nHint: "
            "compile(..., metrics=['accuracy']): the training cells read history['accuracy']."
        )
    predictions = np.asarray(model.predict(inputs, verbose=0))
    if not np.isclose(report["accuracy"], accuracy(predictions, labels), atol=1e-6):
        raise CheckFailed(
            f"{call}: its 'accuracy' metric is {report['accuracy']:.4g} on a batch where the "
            f"model is right {accuracy(predictions, labels):.4g} of the time.\nHint: "
            "metrics=['accuracy']."
        )


def _face_accuracy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean((probabilities[:, 0] > 0.5) == labels))


def _shapes_accuracy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.argmax(probabilities, axis=1) == labels))


def check_face_model(face_model: Callable) -> None:
    """Check ``face_model()``: a compiled Sequential 25x25x1 -> ... -> Dense(1, sigmoid).

    The architecture and the compile are recorded for the autograder before they are checked.
    Raises CheckFailed with a hint at the first problem found.
    """
    call = "face_model()"
    model = _call_model_function(call, face_model)
    found = describe_conv_model(model)
    record(f"{call}: architecture", found)
    if found["api"] != "Sequential":
        raise CheckFailed(
            f"{call} should return a keras.Sequential, got {found['api']}: add the layers to the "
            "Sequential the cell creates."
        )
    if found["input shape"] is None:
        raise CheckFailed(
            f"{call}: the model has no input shape: keep model.add(keras.Input(shape=(25, 25, "
            "1))) first."
        )
    if found["input shape"] != FACE_INPUT_SHAPE:
        raise CheckFailed(
            f"{call}: expected the input shape {FACE_INPUT_SHAPE}, got {found['input shape']}.\n"
            "Hint: one example is a grey 25x25 image with one channel: keras.Input(shape=(25, "
            "25, 1))."
        )
    _check_operations(call, found["layers"], FACE_LAYERS)
    if found["parameters"] != FACE_PARAMETERS:
        raise CheckFailed(
            f"{call}: expected {FACE_PARAMETERS} parameters, got {found['parameters']}; do the "
            "Conv2D and Dense layers use a bias (the default use_bias=True)?"
        )
    images = np.random.default_rng(7).uniform(0.0, 1.0, (4, 25, 25, 1)).astype("float32")
    _check_compile(
        call,
        model,
        loss_case=FACE_LOSS_CASE,
        loss_expected=FACE_LOSS,
        loss_text="labels [1, 0] with probabilities [0.8, 0.4]",
        learning_rate=FACE_LEARNING_RATE,
        inputs=images,
        labels=np.array([1, 0, 1, 1]),
        accuracy=_face_accuracy,
    )
    print("face_model: all public tests passed.")


def check_shapes_model(shapes_model: Callable) -> None:
    """Check ``shapes_model((32, 32, 3))``: a compiled Functional model, CONV -> RELU -> MAXPOOL
    twice, then Flatten and Dense(4, softmax).

    The architecture and the compile are recorded for the autograder before they are checked.
    Raises CheckFailed with a hint at the first problem found.
    """
    call = "shapes_model((32, 32, 3))"
    model = _call_model_function(call, shapes_model, (32, 32, 3))
    found = describe_conv_model(model)
    record(f"{call}: architecture", found)
    if found["api"] == "Sequential":
        raise CheckFailed(
            f"{call} returned a keras.Sequential.\nHint: build it with the Functional API: "
            "input_img = keras.Input(shape=input_shape), each layer called on the previous "
            "tensor, then keras.Model(inputs=input_img, outputs=outputs)."
        )
    if found["input shape"] != SHAPES_INPUT_SHAPE:
        raise CheckFailed(
            f"{call}: expected the input shape {SHAPES_INPUT_SHAPE}, got {found['input shape']}."
            "\nHint: keras.Input(shape=input_shape), with the function's argument."
        )
    _check_operations(call, found["layers"], SHAPES_LAYERS)
    if found["output shape"] != (None, 4):
        raise CheckFailed(
            f"{call}: expected the output shape (None, 4), got {found['output shape']}.\nHint: "
            "keras.Model(inputs=input_img, outputs=outputs), outputs being the Dense layer's."
        )
    if found["parameters"] != SHAPES_PARAMETERS:
        raise CheckFailed(
            f"{call}: expected {SHAPES_PARAMETERS} parameters, got {found['parameters']}; do the "
            "Conv2D and Dense layers use a bias (the default use_bias=True)?"
        )
    images = np.random.default_rng(8).uniform(0.0, 1.0, (4, 32, 32, 3)).astype("float32")
    _check_compile(
        call,
        model,
        loss_case=SHAPES_LOSS_CASE,
        loss_expected=SHAPES_LOSS,
        loss_text="class 2 with probabilities [0.1, 0.2, 0.5, 0.2]",
        learning_rate=SHAPES_LEARNING_RATE,
        inputs=images,
        labels=np.array([0, 1, 2, 3]),
        accuracy=_shapes_accuracy,
    )
    print("shapes_model: all public tests passed.")
