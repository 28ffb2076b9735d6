"""The public checks of c4w3-convolution-application: right answers pass, each typical mistake
fails with its hint, and what the checks read of a model (operations, compile, seeded outputs)."""

import keras
import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks.convolution_application import (
    FACE_LAYERS,
    FACE_LOSS,
    SHAPES_LAYERS,
    SHAPES_LOSS,
    check_face_model,
    check_shapes_model,
    compiled_loss,
    describe_conv_model,
    describe_layers,
    seeded_outputs,
)

L = keras.layers
ADAM_FACE = dict(
    optimizer=lambda: keras.optimizers.Adam(learning_rate=0.001),
    loss=keras.losses.BinaryCrossentropy,
    metrics=["accuracy"],
)


def face_layers(**change):
    """The layers of face_model, with some replaced (None removes one)."""
    layers = {
        "pad": L.ZeroPadding2D(padding=2),
        "conv": L.Conv2D(8, kernel_size=5),
        "bn": L.BatchNormalization(axis=3),
        "relu": L.ReLU(),
        "pool": L.MaxPooling2D(pool_size=2),
        "flat": L.Flatten(),
        "dense": L.Dense(1, activation="sigmoid"),
    }
    layers.update(change)
    return [layer for layer in layers.values() if layer is not None]


def face_fn(layers=None, optimizer=None, loss=None, metrics=("accuracy",)):
    """A face_model built from fresh layers and the given compile settings."""

    def face_model():
        model = keras.Sequential([keras.Input(shape=(25, 25, 1)), *(layers or face_layers)()])
        compile_kw = {
            "optimizer": (optimizer or (lambda: keras.optimizers.Adam(learning_rate=0.001)))(),
            "loss": (loss or keras.losses.BinaryCrossentropy)(),
        }
        if metrics:
            compile_kw["metrics"] = list(metrics)
        model.compile(**compile_kw)
        return model

    return face_model


def shapes_fn(
    conv_padding="same",
    pool_padding="same",
    activation="softmax",
    optimizer=None,
    loss=None,
    relu=True,
    units=4,
):
    def shapes_model(input_shape):
        x = inputs = keras.Input(shape=input_shape)
        for filters, size, pool in ((8, 4, 4), (16, 2, 2)):
            x = L.Conv2D(filters, size, padding=conv_padding)(x)
            if relu:
                x = L.ReLU()(x)
            x = L.MaxPooling2D(pool, strides=pool, padding=pool_padding)(x)
        outputs = L.Dense(units, activation=activation)(L.Flatten()(x))
        model = keras.Model(inputs, outputs)
        model.compile(
            optimizer=(optimizer or (lambda: keras.optimizers.Adam(learning_rate=0.01)))(),
            loss=(loss or keras.losses.SparseCategoricalCrossentropy)(),
            metrics=["accuracy"],
        )
        return model

    return shapes_model


def test_right_answers_pass_and_read_as_the_tables(capsys):
    check_face_model(face_fn())
    check_shapes_model(shapes_fn())
    assert capsys.readouterr().out.count("all public tests passed") == 2
    face = face_fn()()
    assert describe_layers(face) == FACE_LAYERS
    assert describe_conv_model(face)["parameters"] == 1393
    shapes = shapes_fn()((32, 32, 3))
    assert describe_layers(shapes) == SHAPES_LAYERS
    assert describe_conv_model(shapes)["api"] == "Functional"


def test_equivalent_spellings_read_the_same():
    """relu fused into Conv2D, Activation layers, strings in compile: the same operations."""

    def face_model():
        model = keras.Sequential(
            [
                keras.Input(shape=(25, 25, 1)),
                L.ZeroPadding2D((2, 2)),
                L.Conv2D(8, (5, 5), strides=(1, 1)),
                L.BatchNormalization(),
                L.Activation("relu"),
                L.MaxPool2D(),
                L.Flatten(),
                L.Dense(1),
                L.Activation("sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        return model

    check_face_model(face_model)

    def shapes_model(input_shape):
        x = inputs = keras.Input(shape=input_shape)
        x = L.Conv2D(8, 4, padding="same", activation="relu")(x)
        x = L.MaxPool2D(4, padding="same")(x)
        x = L.Conv2D(16, 2, padding="same", activation=keras.activations.relu)(x)
        x = L.MaxPool2D(2, padding="same")(x)
        outputs = L.Softmax()(L.Dense(4)(L.Flatten()(x)))
        model = keras.Model(inputs, outputs)
        model.compile(
            optimizer=keras.optimizers.Adam(0.01),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
        return model

    check_shapes_model(shapes_model)


@pytest.mark.parametrize(
    ("face_model", "hint"),
    [
        (face_fn(lambda: face_layers(pad=None)), "ZeroPadding2D\\(padding=2\\)"),
        (
            face_fn(lambda: face_layers(conv=L.Conv2D(8, 5, activation="relu"), relu=None)),
            "normalize before the activation",
        ),
        (face_fn(lambda: face_layers(bn=None)), "should be BatchNormalization"),
        (face_fn(lambda: face_layers(bn=L.BatchNormalization(axis=1))), "axis=3"),
        (face_fn(lambda: face_layers(relu=None)), "ReLU is missing"),
        (face_fn(lambda: face_layers(pool=L.MaxPooling2D(2, strides=1))), "strides=\\(2, 2\\)"),
        (face_fn(lambda: face_layers(dense=L.Dense(1))), "no sigmoid activation"),
        (face_fn(lambda: face_layers(dense=L.Dense(2, activation="softmax"))), "1 unit"),
        (
            face_fn(loss=lambda: keras.losses.BinaryCrossentropy(from_logits=True)),
            "must not say from_logits",
        ),
        (face_fn(loss=keras.losses.MeanSquaredError), "cross-entropy"),
        (face_fn(optimizer=lambda: keras.optimizers.SGD(0.001)), "Adam optimizer"),
        (face_fn(optimizer=lambda: keras.optimizers.Adam(0.01)), "learning rate 0.001"),
        (face_fn(metrics=()), "metrics=\\['accuracy'\\]"),
        (face_fn(metrics=("binary_accuracy",)), "no 'accuracy'"),
    ],
)
def test_face_model_mistakes_get_their_hint(face_model, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_face_model(face_model)


def test_face_model_not_written_returned_or_compiled():
    def stub():
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not written yet"):
        check_face_model(stub)
    with pytest.raises(CheckFailed, match="return model"):
        check_face_model(lambda: None)

    def uncompiled():
        return keras.Sequential([keras.Input(shape=(25, 25, 1)), *face_layers()])

    with pytest.raises(CheckFailed, match="not compiled"):
        check_face_model(uncompiled)

    def functional():
        x = inputs = keras.Input(shape=(25, 25, 1))
        for layer in face_layers():
            x = layer(x)
        return keras.Model(inputs, x)

    with pytest.raises(CheckFailed, match="keras.Sequential"):
        check_face_model(functional)


def sequential_shapes(input_shape):
    model = keras.Sequential([keras.Input(shape=input_shape), L.Flatten(), L.Dense(4)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


@pytest.mark.parametrize(
    ("shapes_model", "hint"),
    [
        (sequential_shapes, "Functional API"),
        (shapes_fn(conv_padding="valid"), "padding='same' for this convolution"),
        (shapes_fn(relu=False), "ReLU is missing after the convolution"),
        (shapes_fn(activation=None), "no softmax activation"),
        (shapes_fn(activation="sigmoid"), "should be 'softmax'"),
        (shapes_fn(units=6), "4 unit"),
        (shapes_fn(loss=keras.losses.CategoricalCrossentropy), "not one-hot"),
        (
            shapes_fn(loss=lambda: keras.losses.SparseCategoricalCrossentropy(from_logits=True)),
            "must not say from_logits",
        ),
        (shapes_fn(optimizer=lambda: keras.optimizers.Adam()), "learning rate 0.01"),
    ],
)
def test_shapes_model_mistakes_get_their_hint(shapes_model, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_shapes_model(shapes_model)


def test_valid_pooling_is_caught_by_its_settings_though_32_pixels_give_the_same_sizes():
    """32/4 and 8/2 are whole, so "valid" pooling gives the sizes of "same" on the lab's
    pictures: the check reads the padding itself; on 20x20 pictures the sizes differ too."""
    with pytest.raises(CheckFailed, match="padding='same' for this pooling"):
        check_shapes_model(shapes_fn(pool_padding="valid"))
    assert shapes_fn(pool_padding="valid")((32, 32, 3)).count_params() == 1948
    right, valid = shapes_fn()((20, 20, 3)), shapes_fn(pool_padding="valid")((20, 20, 3))
    assert describe_conv_model(right)["parameters"] == 1500  # 3*3*16*4 + 4 + 392 + 528
    assert describe_conv_model(valid)["parameters"] == 392 + 528 + 2 * 2 * 16 * 4 + 4


def test_the_losses_worked_out_by_hand():
    assert FACE_LOSS == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)
    assert SHAPES_LOSS == pytest.approx(-np.log(0.5))
    model = face_fn()()
    labels, probabilities = np.array([[1.0], [0.0]]), np.array([[0.8], [0.4]], dtype="float32")
    assert compiled_loss(model, labels, probabilities) == pytest.approx(FACE_LOSS, rel=1e-5)


def test_seeded_outputs_see_what_a_model_does_and_put_its_weights_back():
    model = face_fn()()
    images = np.random.default_rng(0).uniform(0, 1, (3, 25, 25, 1)).astype("float32")
    before = [w.copy() for w in model.get_weights()]
    out = seeded_outputs(model, images, seed=1)
    assert out.shape == (3, 1) and np.all((out > 0) & (out < 1))
    assert np.allclose(out, seeded_outputs(model, images, seed=1))
    assert not np.allclose(out, seeded_outputs(model, images, seed=1, training=True))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))

    class ReLU(keras.layers.Layer):  # a ReLU by name only
        def call(self, inputs):
            return inputs

    liar = face_fn(lambda: face_layers(relu=ReLU()))()
    assert describe_layers(liar) == FACE_LAYERS
    assert not np.allclose(out, seeded_outputs(liar, images, seed=1))
