"""The public checks of c4w4-transfer-learning: the lab's solution and its right alternatives
pass, each typical mistake fails with its hint, the hand-worked case agrees with an independent
computation, and the trusted augmenter put in place of the learner's does what the lab's does at
inference (nothing) and moves pictures by at most a pixel while training.

The solution and the answers are read from the lab (its source notebook and submissions.yml) and
run in a namespace made by the lab's own setup cell.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf
from helpers import LabSolution

from utils.checks import CheckFailed
from utils.checks import transfer_learning as tl

EXERCISES = ("data_augmenter", "transfer_model")
CHECKS = {"data_augmenter": tl.check_data_augmenter, "transfer_model": tl.check_transfer_model}
SOLUTION = LabSolution("c4w4-transfer-learning", EXERCISES)
ANSWERS = SOLUTION.answers
namespace = SOLUTION.namespace


@pytest.fixture(scope="module")
def solution():
    return namespace()


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_solution_passes(solution, exercise, capsys):
    CHECKS[exercise](solution[exercise])
    assert f"{exercise}: all public tests passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "exercise"),
    SOLUTION.right_alternatives(),
)
def test_right_alternatives_pass(name, exercise):
    ns = namespace(**{exercise: ANSWERS["correct"][name][exercise]})
    CHECKS[exercise](ns[exercise])


MISTAKES = SOLUTION.public_mistakes()


@pytest.mark.parametrize(("name", "exercise"), MISTAKES)
def test_typical_mistakes_fail_the_public_check(name, exercise):
    ns = namespace(**{exercise: ANSWERS["wrong"][name][exercise]})
    with pytest.raises(Exception) as raised:  # CheckFailed, or the learner's error (shapes)
        CHECKS[exercise](ns[exercise])
    assert not isinstance(raised.value, AssertionError) or isinstance(raised.value, CheckFailed)


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("augmenter_without_the_flip", "expected one RandomFlip layer"),
        ("augmenter_flips_upside_down_too", "mirror left to right only"),
        ("augmenter_rotation_of_the_original", "72 degrees"),
        ("augmenter_rotation_in_radians", "not an angle in radians"),
        ("augmenter_black_corners", "leave fill_mode out"),
        ("augmenter_shift_of_the_digits_lab", "expected two layers"),
        ("transfer_fine_tune_at_ignored", "first base_model.trainable = True"),
        ("transfer_freezes_the_upper_layers", "the first fine_tune_at layers are the frozen ones"),
        ("transfer_base_never_unfrozen", "first base_model.trainable = True"),
        ("transfer_softmax_head", "with no activation"),
        ("transfer_flatten_instead_of_averaging", "GlobalAveragePooling2D\\(\\) averages"),
        ("transfer_no_dropout", "Dropout\\(0.2\\) comes after GlobalAveragePooling2D"),
        ("transfer_a_copy_of_the_base", "does not contain base_model itself"),
        ("transfer_without_the_augmenter", "do not go through data_augmenter"),
        ("transfer_five_classes_always", "num_classes units"),
    ],
)
def test_typical_mistakes_get_their_hint(name, hint):
    (exercise,) = ANSWERS["wrong"][name]["loses"]
    ns = namespace(**{exercise: ANSWERS["wrong"][name][exercise]})
    with pytest.raises(CheckFailed, match=hint):
        CHECKS[exercise](ns[exercise])


def test_the_hand_worked_logits_agree_with_tf_nn():
    """The check's hand-worked logits, recomputed: tf.nn.conv2d with the 1x1 kernel [1, -1], ReLU,
    averaged over the positions with tf.reduce_mean, then the Dense kernel and bias."""
    kernel = tf.constant([1.0, -1.0], shape=(1, 1, 1, 2))
    features = tf.nn.relu(tf.nn.conv2d(tl.HAND_X, kernel, strides=1, padding="VALID"))
    logits = tf.reduce_mean(features, axis=(1, 2)) @ tl.HAND_KERNEL + tl.HAND_BIAS
    assert np.allclose(logits.numpy(), tl.HAND_LOGITS)
    assert np.allclose(tl.hand_base()(tl.HAND_X).numpy(), features.numpy())


def test_the_trusted_augmenter_is_the_identity_at_inference_and_shifts_while_training():
    X = np.random.default_rng(3).uniform(0.0, 1.0, (6, 8, 8, 1)).astype("float32")
    augmenter = tl.trusted_augmenter()
    assert np.array_equal(np.asarray(augmenter(X, training=False)), X)
    found = tl.augmentation_behaviour(augmenter)
    assert found["kept"] == 1.0 and found["largest move"] <= 1.5


def test_the_lab_augmenter_behaves_as_the_checks_say(solution):
    found = tl.augmentation_behaviour(solution["data_augmenter"]())
    assert found["changed"] > 0.9 and found["kept"] == 1.0 and found["largest move"] <= 2.0
    described = tl.describe_augmenter(solution["data_augmenter"]())
    assert [entry[0] for entry in described["layers"]] == ["RandomFlip", "RandomRotation"]


def test_the_solution_and_a_trusted_augmenter_give_the_same_model(solution):
    """transfer_model with the trusted augmenter and with the lab's: at inference the two models
    are the same function of the same shared base."""
    base = tl.make_base((8, 8, 1), seed=4)
    trusted = tl.with_trusted_augmenter(solution["transfer_model"], base, 5, None)
    own = solution["transfer_model"](base, 5, None)
    own.layers[-1].set_weights(trusted.layers[-1].get_weights())
    X = np.random.default_rng(5).uniform(0.0, 1.0, (3, 8, 8, 1)).astype("float32")
    assert np.allclose(trusted(X, training=False), own(X, training=False), atol=1e-6)
    assert len(tl.keras_models.shared_weights(trusted, base)) == len(base.weights) == 6
    assert isinstance(own, keras.Model)
