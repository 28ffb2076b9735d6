"""The public check of compile_model: right answers pass, each typical mistake gets its hint."""

import keras
import numpy as np
import pytest

from utils.checks import CheckFailed
from utils.checks.nn_multiclass import (
    LOSS_CASE,
    check_compile_model,
    check_my_softmax,
    compiled_loss,
    describe_compiled,
)


def compiler(loss, optimizer):
    """A compile_model that compiles with ``loss()`` and ``optimizer(learning_rate)``."""

    def compile_model(model, learning_rate):
        model.compile(loss=loss(), optimizer=optimizer(learning_rate))

    return compile_model


RIGHT_LOSS = lambda: keras.losses.SparseCategoricalCrossentropy(from_logits=True)  # noqa: E731
ADAM = lambda rate: keras.optimizers.Adam(learning_rate=rate)  # noqa: E731


def test_right_answer_passes_and_its_loss_is_ln_4_3(capsys):
    check_compile_model(compiler(RIGHT_LOSS, ADAM))
    assert "all public tests passed" in capsys.readouterr().out
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)])
    compiler(RIGHT_LOSS, ADAM)(model, 0.003)
    assert describe_compiled(model) == {
        "loss": "SparseCategoricalCrossentropy",
        "from_logits": True,
        "optimizer": "Adam",
        "learning rate": pytest.approx(0.003),
    }
    logits = np.log(np.array([[1.0, 3.0]], dtype="float32"))
    assert compiled_loss(model, np.array([1]), logits) == pytest.approx(LOSS_CASE, rel=1e-5)


@pytest.mark.parametrize(
    ("loss", "optimizer", "hint"),
    [
        (keras.losses.SparseCategoricalCrossentropy, ADAM, "from_logits=True"),
        (lambda: "sparse_categorical_crossentropy", ADAM, "cannot say from_logits"),
        (lambda: keras.losses.CategoricalCrossentropy(from_logits=True), ADAM, "one-hot"),
        (RIGHT_LOSS, lambda rate: keras.optimizers.SGD(learning_rate=rate), "Adam optimizer"),
        (RIGHT_LOSS, lambda rate: keras.optimizers.Adam(learning_rate=0.001), "learning_rate="),
    ],
)
def test_typical_mistakes_get_their_hint(loss, optimizer, hint):
    with pytest.raises(CheckFailed, match=hint):
        check_compile_model(compiler(loss, optimizer))


def test_a_model_never_compiled_is_told_to_call_compile():
    with pytest.raises(CheckFailed, match="model.compile"):
        check_compile_model(lambda model, learning_rate: None)


def test_my_softmax_check_gives_the_sum_of_z_hint():
    with pytest.raises(CheckFailed, match="not the sum of z"):
        check_my_softmax(lambda z: np.exp(z) / np.sum(z) if len(z) == 3 else np.exp(z) / 2)
