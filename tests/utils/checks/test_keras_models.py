"""The Keras behaviour records tell apart what the model checks' names cannot."""

import keras
import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks.keras_models import (
    behaviour,
    built_for,
    describe_model,
    expect_model,
    optimizer_step,
    recorded_architecture,
)

INPUTS = np.random.default_rng(0).normal(0.0, 1.0, (5, 4))


def tower(activation, regularizer=None):
    return keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(3, activation=activation, kernel_regularizer=regularizer),
            keras.layers.Dense(2),
        ]
    )


def lying_relu(z):
    return keras.ops.relu(z)


lying_relu.__name__ = "sigmoid"


class LyingL1(keras.regularizers.L1):
    def get_config(self):
        return {"l2": 0.01}


class Adam(keras.optimizers.SGD):  # an SGD named Adam
    pass


class Dense(keras.layers.Dense):  # a Dense layer's name and weights, a constant table
    def call(self, inputs):
        return keras.ops.zeros_like(super().call(inputs)) + 0.1


def relu(z):  # tanh under relu's name
    return keras.ops.tanh(z)


def constant_tower():
    return keras.Sequential([keras.Input((4,)), Dense(3, activation="sigmoid"), Dense(2)])


def test_the_same_model_behaves_the_same_and_keeps_its_weights():
    model = tower("sigmoid")
    before = [w.copy() for w in model.get_weights()]
    first, second = behaviour(model, INPUTS), behaviour(tower("sigmoid"), INPUTS)
    np.testing.assert_array_equal(first["outputs"], second["outputs"])
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))


@pytest.mark.parametrize(
    ("liar", "honest", "part"),
    [
        (lambda: tower(lying_relu), lambda: tower("sigmoid"), "outputs"),
        (
            lambda: tower("relu", LyingL1(0.01)),
            lambda: tower("relu", keras.regularizers.L2(0.01)),
            "regularization",
        ),
        (constant_tower, lambda: tower("sigmoid"), "outputs"),
    ],
)
def test_a_model_that_lies_about_itself_behaves_otherwise(liar, honest, part):
    lying, true = liar(), honest()
    assert describe_model(lying, regularizers=True) == describe_model(true, regularizers=True)
    assert not np.allclose(behaviour(lying, INPUTS)[part], behaviour(true, INPUTS)[part])


def test_an_optimizer_named_adam_that_is_sgd_steps_otherwise():
    fake, real = Adam(learning_rate=0.01), keras.optimizers.Adam(learning_rate=0.01)
    assert type(fake).__name__ == type(real).__name__
    assert not np.allclose(optimizer_step(fake), optimizer_step(real))
    np.testing.assert_allclose(optimizer_step(real), optimizer_step(keras.optimizers.Adam(0.01)))


def test_a_tower_without_input_is_built_by_its_first_look():
    model = keras.Sequential([keras.layers.Dense(3, activation="relu"), keras.layers.Dense(2)])
    found = behaviour(model, INPUTS)
    assert found["outputs"].shape == (5, 2)
    assert model.built and model.get_weights()[0].shape == (4, 3)


def test_a_clone_runs_another_activation_than_the_tower_itself():
    lying = tower(relu)
    clone = keras.models.clone_model(lying)
    clone.set_weights(lying.get_weights())
    np.testing.assert_allclose(
        behaviour(clone, INPUTS)["outputs"], behaviour(tower("relu"), INPUTS)["outputs"], rtol=1e-6
    )
    assert not np.allclose(behaviour(lying, INPUTS)["outputs"], behaviour(clone, INPUTS)["outputs"])


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (None, "user_NN is still None"),
        (keras.Sequential(), "user_NN has no layers yet: add them with user_NN.add"),
        (keras.Sequential([keras.Input((4,))]), "user_NN has no layers yet"),
        ("a string", "should be a keras.Sequential, got str"),
    ],
)
def test_an_unfinished_skeleton_gets_a_message_not_a_keras_error(model, message):
    with pytest.raises(CheckFailed, match=message):
        recorded_architecture(model, "user_NN", "user_NN architecture")


def test_built_for_builds_a_model_without_input_and_leaves_a_built_one():
    loose = keras.Sequential([keras.layers.Dense(3), keras.layers.Dense(2)])
    assert built_for(loose, (None, 4)) is loose
    assert loose.input_shape == (None, 4) and loose.count_params() == 4 * 3 + 3 + 3 * 2 + 2
    fixed = tower("relu")
    assert built_for(fixed, (None, 7)).input_shape == (None, 4)


def test_expect_model_accepts_the_kind_asked_for_and_names_what_it_got():
    sequential = tower("relu")
    inputs = keras.Input((4,))
    functional = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    expect_model(sequential, "f()", "return the model.")
    expect_model(functional, "f()", "return the model.")
    expect_model(sequential, "f()", "use keras.Sequential().", kind=keras.Sequential)
    with pytest.raises(
        CheckFailed, match=r"f\(\) should return a keras.Sequential, got Functional"
    ):
        expect_model(functional, "f()", "use keras.Sequential().", kind=keras.Sequential)
    with pytest.raises(CheckFailed, match=r"keras.Model, got NoneType.\nHint: return the model."):
        expect_model(None, "f()", "return the model.")
