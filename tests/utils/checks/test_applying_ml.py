"""The model checks of c2w3-applying-ml judge a model by what it is, however it was written."""

import keras
import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks.applying_ml import check_model, check_model_r, check_model_s
from utils.checks.keras_models import describe_model


def complex_layers(regularizer=None):
    return [
        keras.layers.Dense(120, activation="relu", kernel_regularizer=regularizer),
        keras.layers.Dense(40, activation="relu", kernel_regularizer=regularizer),
        keras.layers.Dense(6, activation="linear"),
    ]


def simple_layers():
    return [keras.layers.Dense(6, activation="relu"), keras.layers.Dense(6)]


@pytest.mark.parametrize(
    ("check", "layers"),
    [
        (check_model, complex_layers),
        (check_model_s, simple_layers),
        (check_model_r, lambda: complex_layers(keras.regularizers.l2(0.1))),
    ],
)
def test_a_model_without_input_passes_and_reads_as_one_with_input(check, layers, capsys):
    without_input = keras.Sequential(layers())
    with_input = keras.Sequential([keras.Input(shape=(2,)), *layers()])
    check(without_input)
    check(with_input)
    assert capsys.readouterr().out.count("all public tests passed") == 2
    assert describe_model(without_input, regularizers=True) == describe_model(
        with_input, regularizers=True
    )


def test_the_check_builds_the_weights_that_training_would_build():
    keras.utils.set_random_seed(3)
    checked = keras.Sequential(complex_layers())
    check_model(checked)
    keras.utils.set_random_seed(3)
    trained = keras.Sequential(complex_layers())
    trained(np.zeros((1, 2)))  # what fit does first: build on the data's shape
    for a, b in zip(checked.get_weights(), trained.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_wrong_input_shape_still_fails():
    model = keras.Sequential([keras.Input(shape=(3,)), *complex_layers()])
    with pytest.raises(CheckFailed, match=r"expected the input shape \(None, 2\), got \(None, 3\)"):
        check_model(model)


def test_a_model_without_input_still_fails_on_its_layers():
    model = keras.Sequential(
        [keras.layers.Dense(40, activation="relu"), *complex_layers()[:1], complex_layers()[2]]
    )
    with pytest.raises(CheckFailed, match=r"units \(120, 40, 6\), got \(40, 120, 6\)"):
        check_model(model)
