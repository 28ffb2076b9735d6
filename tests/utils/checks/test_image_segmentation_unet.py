"""The public checks of c4w4-image-segmentation-unet: the lab's solution and its right alternatives
pass, each typical mistake fails with its hint, and the U-Net built with the trusted blocks is
described and seeded the same way whatever order its blocks were built in.

The solution and the answers are read from the lab (its source notebook and submissions.yml) and
run in a namespace made by the lab's own setup cell.
"""

import numpy as np
import pytest
from helpers import LabSolution

from utils.checks import CheckFailed
from utils.checks import image_segmentation_unet as unet_checks

EXERCISES = ("conv_block", "upsampling_block", "unet_model")
CHECKS = {
    "conv_block": unet_checks.check_conv_block,
    "upsampling_block": unet_checks.check_upsampling_block,
    "unet_model": unet_checks.check_unet_model,
}
SOLUTION = LabSolution("c4w4-image-segmentation-unet", EXERCISES)
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
        ("conv_no_relu", "activation='relu'"),
        ("conv_valid_padding", "padding='same' keeps the size"),
        ("conv_skip_after_the_pooling", "before the pooling"),
        ("conv_dropout_on_next_layer_only", "come out of the Dropout layer"),
        ("conv_average_pooling", "MaxPooling2D(pool_size=(2, 2))"),
        ("conv_default_initializer", "kernel_initializer='he_normal'"),
        ("up_concatenation_swapped", "concatenate([up, contractive_input], axis=3)"),
        ("up_kernel_2", "Conv2DTranspose(n_filters, 3, strides=(2, 2)"),
        ("up_upsampling2d_instead_of_transposed", "expected one Conv2DTranspose"),
        ("up_one_conv_only", "expected two Conv2D"),
        ("unet_softmax_on_the_logits", "no activation"),
        ("unet_dropout_on_blocks_3_and_4", "blocks 4 and 5 with dropout_prob=0.3"),
        ("unet_fixed_numbers_not_the_arguments", "layer 0 should be"),
    ],
)
def test_typical_mistakes_get_their_hint(name, hint):
    (exercise,) = ANSWERS["wrong"][name]["loses"]
    ns = namespace(**{exercise: ANSWERS["wrong"][name][exercise]})
    pattern = "".join("\\" + ch if ch in "()[].*+?" else ch for ch in hint)
    with pytest.raises(CheckFailed, match=pattern):
        CHECKS[exercise](ns[exercise])


def test_hidden_only_mistake_changes_the_seeded_outputs(solution):
    """A ReLU on the transposed convolution passes the public check; the hidden tests' seeded
    outputs see it."""
    ns = namespace(
        upsampling_block=ANSWERS["wrong"]["up_relu_on_the_transposed_convolution"][
            "upsampling_block"
        ]
    )
    rng = np.random.default_rng(5)
    E = rng.normal(0.0, 1.0, (2, 2, 2, 4)).astype("float32")
    C = rng.normal(0.0, 1.0, (2, 4, 4, 3)).astype("float32")
    right = unet_checks.seeded_block_outputs(solution["upsampling_block"], [E, C], 3, seed=3)
    wrong = unet_checks.seeded_block_outputs(ns["upsampling_block"], [E, C], 3, seed=3)
    assert not np.allclose(right[0], wrong[0], rtol=1e-4, atol=1e-5)


def test_the_unet_of_the_loops_gets_the_same_description_and_outputs(solution):
    """The right answer built with loops makes the same trusted U-Net as the solution: the same
    description and, weights being seeded by the layers' sizes, the same outputs."""
    ns = namespace(
        unet_model=ANSWERS["correct"]["tf_keras_names_relu_layers_and_loops"]["unet_model"]
    )
    X = np.random.default_rng(6).uniform(0.0, 1.0, (2, 16, 16, 3)).astype("float32")
    models = [
        unet_checks.with_trusted_unet_blocks(fn, (16, 16, 3), 2, 3)
        for fn in (solution["unet_model"], ns["unet_model"])
    ]
    descriptions = [unet_checks.describe_unet(m) for m in models]
    assert descriptions[0] == descriptions[1]
    assert descriptions[0]["layers"] == unet_checks.unet_layers(2, 3)
    outputs = [unet_checks.seeded_unet_outputs(m, X) for m in models]
    assert np.allclose(outputs[0], outputs[1])
    assert np.std(outputs[0]) > 0.01  # the seeded weights pass a signal through


def test_seeded_outputs_leave_the_weights_as_they_were(solution):
    model = unet_checks.with_trusted_unet_blocks(solution["unet_model"], (16, 16, 3), 2, 3)
    before = [np.array(w) for w in model.get_weights()]
    X = np.random.default_rng(9).uniform(0.0, 1.0, (2, 16, 16, 3)).astype("float32")
    first = unet_checks.seeded_unet_outputs(model, X)
    assert np.all(np.isfinite(first)) and first.shape == (2, 16, 16, 3)
    assert np.allclose(first, unet_checks.seeded_unet_outputs(model, X))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))
