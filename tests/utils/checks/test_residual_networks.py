"""The public checks of c4w4-residual-networks: the lab's solution and its right alternatives pass,
each typical mistake fails with its hint, and the trusted blocks used in place of the learner's
compute what the lab's blocks compute.

The solution and the answers are read from the lab (its source notebook and submissions.yml) and
run in a namespace made by the lab's own setup cell.
"""

import numpy as np
import pytest
from helpers import LabSolution

from utils.checks import CheckFailed
from utils.checks import residual_networks as rn

EXERCISES = ("identity_block", "convolutional_block", "small_resnet")
CHECKS = {
    "identity_block": rn.check_identity_block,
    "convolutional_block": rn.check_convolutional_block,
    "small_resnet": rn.check_small_resnet,
}
SOLUTION = LabSolution("c4w4-residual-networks", EXERCISES)
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
        ("identity_shortcut_added_after_the_last_relu", "Add first, then the last ReLU"),
        ("identity_training_flag_ignored", "training=training"),
        ("identity_batch_norm_on_the_wrong_axis", "axis=3"),
        ("identity_no_relu_after_the_add", "one after the Add"),
        ("conv_block_no_batch_norm_on_the_shortcut", "4 BatchNormalization"),
        ("conv_block_stride_on_the_f_by_f_conv", "the stride is here"),
        ("conv_block_shortcut_batch_norm_ignores_training", "the shortcut's too"),
        ("small_resnet_no_stride_in_stage_3", "layer 6 should be"),
        ("small_resnet_four_classes_always", "use the arguments input_shape and classes"),
        ("small_resnet_linear_output", "layer 9 should be"),
    ],
)
def test_typical_mistakes_get_their_hint(name, hint):
    (exercise,) = ANSWERS["wrong"][name]["loses"]
    ns = namespace(**{exercise: ANSWERS["wrong"][name][exercise]})
    with pytest.raises(CheckFailed, match=hint.replace("(", r"\(").replace(")", r"\)")):
        CHECKS[exercise](ns[exercise])


@pytest.mark.parametrize("training", [False, True])
@pytest.mark.parametrize(
    ("block", "kwargs", "shape"),
    [
        ("identity_block", {"f": 3, "filters": [2, 3, 4]}, (2, 5, 5, 4)),
        ("identity_block", {"f": 2, "filters": [4, 2, 3]}, (3, 6, 6, 3)),
        ("convolutional_block", {"f": 3, "filters": [2, 3, 4], "s": 2}, (2, 6, 6, 3)),
        ("convolutional_block", {"f": 2, "filters": [3, 3, 5], "s": 3}, (2, 7, 7, 2)),
    ],
)
def test_trusted_blocks_compute_what_the_solution_computes(
    solution, block, kwargs, shape, training
):
    X = np.random.default_rng(7).normal(0.0, 1.0, shape).astype("float32")
    trusted = {
        "identity_block": rn.trusted_identity_block,
        "convolutional_block": rn.trusted_convolutional_block,
    }[block]
    init = solution["glorot_uniform"]
    got = np.asarray(trusted(X, training=training, initializer=init, **kwargs))
    expected = np.asarray(solution[block](X, training=training, initializer=init, **kwargs))
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-5)


def test_the_models_built_with_trusted_and_own_blocks_agree(solution):
    """small_resnet with the trusted blocks and with the solution's: the same parameters and,
    kernels being seeded, the same outputs in both modes."""
    trusted = rn.with_trusted_blocks(solution["small_resnet"])
    own = solution["small_resnet"]()
    assert trusted.count_params() == own.count_params() == rn.RESNET_PARAMETERS
    X = np.random.default_rng(8).uniform(0.0, 1.0, (4, 32, 32, 3)).astype("float32")
    for training in (False, True):
        assert np.allclose(trusted(X, training=training), own(X, training=training), atol=1e-5)


def test_seeded_outputs_leave_the_weights_as_they_were(solution):
    model = rn.with_trusted_blocks(solution["small_resnet"], input_shape=(16, 16, 3), classes=3)
    before = [np.array(w) for w in model.get_weights()]
    X = np.random.default_rng(9).uniform(0.0, 1.0, (2, 16, 16, 3)).astype("float32")
    first = rn.seeded_outputs(model, X)
    assert np.all(np.isfinite(first)) and first.shape == (2, 3)
    assert np.allclose(first, rn.seeded_outputs(model, X))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))
