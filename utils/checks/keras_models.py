"""Keras helpers that the model checks of several labs share: describe a model, record it and
what it does, check its Dense layers. Each lab's own checks (expected units, hints) are in its
module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from utils.checks import CheckFailed
from utils.records import record

DIGITS_INPUT_SHAPE = (None, 64)


def expect_model(model: Any, call: str, hint: str, kind: type = keras.Model) -> None:
    """Fail with a hint unless ``model`` is a Keras model of ``kind``.

    Args:
        model: what the learner's function returned.
        call: the call as the learner would write it, for the message.
        hint: how to return the right thing.
        kind: ``keras.Model`` (any model) or ``keras.Sequential``.
    """
    if not isinstance(model, kind):
        raise CheckFailed(
            f"{call} should return a keras.{kind.__name__}, got {type(model).__name__}.\n"
            f"Hint: {hint}"
        )


def _l2_of(layer: keras.layers.Layer) -> float | None:
    """The L2 factor of a layer's kernel regularizer, None when it has none (or not an L2)."""
    regularizer = getattr(layer, "kernel_regularizer", None)
    if regularizer is None:
        return None
    value = regularizer.get_config().get("l2")
    return None if value is None else round(float(value), 6)


def describe_model(model: keras.Model, *, regularizers: bool = False) -> dict[str, Any]:
    """What the checks and the autograder look at in a model: its architecture, not its weights.

    Args:
        model: a Keras model.
        regularizers: also give each layer's L2 factor (the labs about regularization).

    Returns:
        ``{"input shape": (None, 64) or None when the model has none, "layers": [(layer class,
        units or None, activation name or None[, L2 factor of the kernel regularizer or None]),
        ...], "parameters": number of weights or None}``.
    """
    try:
        input_shape = tuple(model.input_shape)
    except (AttributeError, ValueError):  # no keras.Input: the model is not built yet
        input_shape = None
    layers = [
        (
            type(layer).__name__,
            getattr(layer, "units", None),
            getattr(getattr(layer, "activation", None), "__name__", None),
            *((_l2_of(layer),) if regularizers else ()),
        )
        for layer in model.layers
    ]
    parameters = model.count_params() if input_shape is not None else None
    return {"input shape": input_shape, "layers": layers, "parameters": parameters}


def behaviour(model: keras.Model, inputs: np.ndarray, seed: int = 0) -> dict[str, Any]:
    """What a model does, whatever it says about itself: seeded weights are set on the model
    itself (its own are put back after), then its outputs on ``inputs`` and its regularization
    loss are taken. A layer renamed, an activation whose ``__name__`` lies, a regularizer whose
    configuration lies: each changes these numbers.

    Args:
        model: the learner's own Keras model, not a clone (one without ``keras.Input`` is built
            by this call, for inputs shaped as ``inputs``).
        inputs: a batch of inputs, shape (n, ...) as the model takes them.
        seed: the seed of the weights set.

    Returns:
        ``{"outputs": float array (n, ...), "regularization": float}``.
    """
    model(inputs[:1], training=False)  # creates the weights of a model not built yet
    saved = model.get_weights()
    rng = np.random.default_rng(seed)
    try:
        model.set_weights([rng.normal(0.0, 0.5, np.shape(w)).astype(w.dtype) for w in saved])
        outputs = np.asarray(model(inputs, training=False), dtype=float)
        regularization = float(sum(float(loss) for loss in model.losses))
    finally:
        model.set_weights(saved)
    return {"outputs": outputs, "regularization": regularization}


def optimizer_step(optimizer: keras.optimizers.Optimizer) -> np.ndarray:
    """What an optimizer does: two steps of a new optimizer of its class and configuration on a
    known variable with known gradients (an SGD subclass named Adam moves it otherwise).

    Returns:
        The variable after the steps, shape (3,).
    """
    copy = type(optimizer).from_config(optimizer.get_config())
    variable = keras.Variable(np.array([1.0, -2.0, 0.5], dtype="float32"))
    for gradient in ([0.5, -1.0, 2.0], [0.1, 0.3, -0.2]):
        copy.apply_gradients([(keras.ops.convert_to_tensor(gradient, "float32"), variable)])
    return np.asarray(variable, dtype=float)


def recorded_architecture(
    model: Any,
    name: str,
    record_name: str,
    describe: Callable[[Any], dict[str, Any]] = describe_model,
) -> dict[str, Any]:
    """Check that the learner's ``model`` is a keras.Sequential, record its architecture for the
    autograder and return it.

    Args:
        model: the learner's model.
        name: its variable name in the lab, for the messages.
        record_name: the record's name.
        describe: what turns the model into the recorded description (default
            :func:`describe_model`).

    Returns:
        ``describe(model)``.

    Raises:
        CheckFailed: when ``model`` is None, not a keras.Sequential, or has no layers yet.
    """
    if model is None:
        raise CheckFailed(f"{name} is still None: set it to a keras.Sequential([...]).")
    if not isinstance(model, keras.Sequential):
        raise CheckFailed(f"{name} should be a keras.Sequential, got {type(model).__name__}.")
    if not model.layers:
        raise CheckFailed(f"{name} has no layers yet: add them with {name}.add(...).")
    found = describe(model)
    record(record_name, found)
    return found


def check_layers(
    found: dict[str, Any],
    units_expected: tuple[int, ...],
    units_hint: Callable[[tuple[int, ...]], str],
    activations_expected: tuple[str, ...] | None = None,
    activation_hint: Callable[[int, str | None], str] | None = None,
    name: str = "",
) -> None:
    """Check the layers of a described model: only Dense layers, their number, their units in
    order and, when ``activations_expected`` is given, their activations.

    Args:
        found: the model's :func:`describe_model`.
        units_expected: the units of each Dense layer, in order.
        units_hint: the hint for the units found, when they are wrong.
        activations_expected: the activation of each layer, in order; None skips that check.
        activation_hint: the hint for the first wrong activation, given its position and name.
        name: the model's variable name, to start the messages with (none when empty).

    Raises:
        CheckFailed: at the first problem found.
    """
    prefix = f"{name}: " if name else ""
    layers = found["layers"]
    others = [kind for kind, _, _ in layers if kind != "Dense"]
    if others:
        raise CheckFailed(f"{prefix}expected only Dense layers, got {', '.join(others)} too.")
    units = tuple(u for _, u, _ in layers)
    if len(units) != len(units_expected):
        missing = "is a layer missing?" if len(units) < len(units_expected) else "one is too many."
        raise CheckFailed(
            f"{prefix}expected {len(units_expected)} Dense layers with {units_expected} units, "
            f"got {len(units)} with {units}: {missing}"
        )
    if units != units_expected:
        raise CheckFailed(
            f"{prefix}expected units {units_expected}, got {units}.\nHint: {units_hint(units)}"
        )
    if activations_expected is None or activation_hint is None:
        return
    activations = [a for _, _, a in layers]
    for position, activation in enumerate(activations):
        if activation != activations_expected[position]:
            raise CheckFailed(
                f"{prefix}expected the activations {list(activations_expected)}, got "
                f"{activations}.\nHint: {activation_hint(position, activation)}"
            )


def check_parameters(found: dict[str, Any], n_inputs: int, units_expected: tuple[int, ...]) -> None:
    """Raise CheckFailed unless the model has the weights and biases of its Dense layers.

    Args:
        found: the model's :func:`describe_model`.
        n_inputs: the number of input features.
        units_expected: the units of each Dense layer, in order.
    """
    sizes = (n_inputs, *units_expected)
    expected = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
    if found["parameters"] != expected:
        raise CheckFailed(
            f"expected {expected} parameters, got {found['parameters']}; do all "
            "layers use a bias (the default use_bias=True)?"
        )


def check_digits_input(model: Any, record_name: str) -> dict[str, Any]:
    """Record the architecture of ``model``, then check what every model of the digits labs
    shares: a Sequential with the 64-pixel input.

    Args:
        model: the learner's model.
        record_name: the record's name.

    Returns:
        The model's :func:`describe_model`.
    """
    found = recorded_architecture(model, "model", record_name)
    if found["input shape"] is None:
        raise CheckFailed(
            "model has no input shape: start the list of layers with keras.Input(shape=(64,))."
        )
    if found["input shape"] != DIGITS_INPUT_SHAPE:
        raise CheckFailed(
            f"expected the input shape {DIGITS_INPUT_SHAPE}, got {found['input shape']}.\n"
            "Hint: one example is an image of 8x8 = 64 pixels: keras.Input(shape=(64,))."
        )
    return found


def built_for(model: keras.Model, input_shape: tuple[int | None, ...]) -> keras.Model:
    """The learner's model, built for batches of ``input_shape`` if it is not built yet.

    A Sequential without ``keras.Input`` (the original course's cells have none) creates its
    weights the first time it sees data, when it trains; building it now on the shape of the
    lab's data does the same earlier, so that its input shape and parameters can be read. Its
    weights are those training would create: Keras seeds each initializer when the layer is
    made. A model already built (given ``keras.Input``, or called on data) is left as it is, so a
    wrong input shape still shows.

    Args:
        model: the learner's model.
        input_shape: the shape of a batch of the lab's inputs, e.g. (None, 2).

    Returns:
        ``model`` itself, built.

    Raises:
        CheckFailed: the model cannot take inputs of that shape.
    """
    if not model.built:
        try:
            model.build(input_shape)
        except (ValueError, TypeError) as error:
            raise CheckFailed(
                f"the model cannot take inputs of shape {input_shape}: {error}"
            ) from None
    return model


def shared_weights(model: keras.Model, other: keras.Model) -> list[str]:
    """The weights of ``model`` that are the very objects of ``other``'s, compared by ``id``.

    Layers taken over from ``other`` share their weights even before either model is built (a
    layer creates its weights once, the first time it sees data), so a layer object found in
    both models counts too.

    Args:
        model: a Keras model.
        other: another Keras model.

    Returns:
        The paths of the shared weights and the names of the shared layers not built yet; empty
        when the two models own their weights.
    """
    their_weights = {id(weight) for weight in other.weights}
    their_layers = {id(layer) for layer in other.layers}
    shared = [weight.path for weight in model.weights if id(weight) in their_weights]
    shared += [
        layer.name for layer in model.layers if id(layer) in their_layers and not layer.weights
    ]
    return shared


def describe_compiled(model: Any) -> dict[str, Any]:
    """What ``model.compile`` set: the loss and the optimizer, by class and settings.

    Returns:
        ``{"loss": class name, or the string given to compile, or None, "from_logits": bool or
        None, "optimizer": class name or None, "learning rate": float (8 decimals) or None}``.
    """
    loss = getattr(model, "loss", None)
    optimizer = getattr(model, "optimizer", None)
    config = loss.get_config() if hasattr(loss, "get_config") else {}
    rate = getattr(optimizer, "learning_rate", None)
    return {
        "loss": loss if loss is None or isinstance(loss, str) else type(loss).__name__,
        "from_logits": config.get("from_logits"),
        "optimizer": None if optimizer is None else type(optimizer).__name__,
        "learning rate": None if rate is None else round(float(np.asarray(rate)), 8),
    }


def compiled_loss(model: Any, labels: np.ndarray, predictions: np.ndarray) -> float:
    """The mean loss that ``model``'s compiled loss gives ``predictions`` for ``labels``: what the
    loss does, whatever its class says about itself."""
    loss = model.loss
    function = keras.losses.get(loss) if isinstance(loss, str) else loss
    return float(np.mean(np.asarray(function(labels, predictions))))


def seeded_outputs(
    model: keras.Model,
    inputs: np.ndarray,
    *,
    std: float,
    variances: tuple[float, float],
    seed: int = 0,
    training: bool = False,
) -> np.ndarray:
    """What a model does with known weights, whatever initializers it was given: every weight is
    drawn from ``np.random.default_rng(seed)`` in the model's order (batch norm's moving variances
    uniform on ``variances``, positive; the others normal with standard deviation ``std``), the
    model is applied to ``inputs``, then its own weights are put back.

    Args:
        model: a Keras model (built on first call if it has no ``keras.Input``).
        inputs: a batch, shape (n, ...).
        std: standard deviation of the weights.
        variances: the range of the moving variances.
        seed: the generator's seed.
        training: batch normalization with the batch's statistics (True) or the moving ones.

    Returns:
        The outputs, float array (n, ...).
    """
    model(inputs[:1], training=False)  # builds a model without keras.Input
    saved = model.get_weights()
    rng = np.random.default_rng(seed)
    values = []
    for weight in model.weights:
        shape = tuple(weight.shape)
        if "var" in weight.name:  # moving variance: Keras's "moving_variance", a trusted "var<k>"
            values.append(rng.uniform(*variances, shape).astype("float32"))
        else:
            values.append(rng.normal(0.0, std, shape).astype("float32"))
    try:
        for weight, value in zip(model.weights, values, strict=True):
            weight.assign(value)
        return np.asarray(model(inputs, training=training), dtype=float)
    finally:
        model.set_weights(saved)
