"""The public checks of c4w4-object-detection: the lab's solution and its right alternatives pass,
each typical mistake fails with its hint, and the trusted helpers put in place of the learner's
compute what TensorFlow and the lab's solution compute.

The solution and the answers are read from the lab (its source notebook and submissions.yml) and
run in a namespace made by the lab's own setup cell and the given cell of the detector.
"""

import numpy as np
import pytest
import tensorflow as tf
from helpers import LabSolution

from utils.checks import CheckFailed
from utils.checks import object_detection as od

EXERCISES = ("yolo_filter_boxes", "iou", "yolo_non_max_suppression", "yolo_eval")
CHECKS = {name: getattr(od, f"check_{name}") for name in EXERCISES}
SOLUTION = LabSolution("c4w4-object-detection", EXERCISES, given=["GRID, ANCHORS"])
ANSWERS = SOLUTION.answers
namespace = SOLUTION.namespace


@pytest.fixture(scope="module")
def solution():
    return namespace()


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_solution_passes(solution, exercise, capsys):
    CHECKS[exercise](solution[exercise])
    assert f"{exercise}: all" in capsys.readouterr().out


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
    with pytest.raises(CheckFailed):
        CHECKS[exercise](ns[exercise])


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("filter_strictly_above_the_threshold", "use >=, not >"),
        ("filter_class_probabilities_without_the_confidence", "box_confidence \\* box_class_probs"),
        ("filter_mask_on_the_confidence", "not box_confidence"),
        ("iou_product_clamped_instead_of_each_side", "not their product"),
        ("iou_union_counts_the_intersection_twice", "counted twice"),
        ("iou_pixel_count_plus_one", "without \\+ 1"),
        ("nms_classes_not_gathered", "gather the classes"),
        ("nms_iou_threshold_left_at_0_5", "pass iou_threshold"),
        ("nms_max_boxes_left_at_10", "pass max_boxes"),
        ("eval_boxes_not_scaled", "scale the boxes"),
        ("eval_score_threshold_not_passed", "pass score_threshold"),
        ("eval_max_boxes_and_iou_threshold_not_passed", "pass iou_threshold"),
    ],
)
def test_typical_mistakes_get_their_hint(name, hint):
    (exercise,) = ANSWERS["wrong"][name]["loses"]
    ns = namespace(**{exercise: ANSWERS["wrong"][name][exercise]})
    with pytest.raises(CheckFailed, match=hint):
        CHECKS[exercise](ns[exercise])


def test_trusted_filter_agrees_with_the_solution(solution):
    rng = np.random.default_rng(3)
    for S, B, K, threshold in ((3, 2, 4, 0.3), (5, 3, 2, 0.5), (2, 1, 3, 0.99)):
        args = od.random_yolo_grid(rng, S, B, K)
        got = od.trusted_filter_boxes(*args, threshold)
        expected = solution["yolo_filter_boxes"](*args, threshold)
        for g, e in zip(got, expected, strict=True):
            assert np.allclose(np.asarray(g), np.asarray(e))


def test_trusted_nms_agrees_with_tensorflow():
    rng = np.random.default_rng(4)
    for n, max_boxes, threshold in ((12, 10, 0.5), (30, 6, 0.3), (25, 25, 0.7), (0, 5, 0.5)):
        scores, boxes, classes = od.random_detections(rng, n)
        index = tf.image.non_max_suppression(boxes, scores, max_boxes, threshold)
        got = od.trusted_non_max_suppression(scores, boxes, classes, max_boxes, threshold)
        assert np.array_equal(np.asarray(got[0]), np.asarray(tf.gather(scores, index)))
        assert np.array_equal(np.asarray(got[2]), np.asarray(tf.gather(classes, index)))


def test_trusted_iou_agrees_with_a_pixel_count():
    """On whole-pixel boxes, IoU is the count of pixels both cover over the count either covers."""
    rng = np.random.default_rng(5)
    for _ in range(50):
        a, b = (np.sort(rng.integers(0, 12, (2, 2)), axis=0).ravel() for _ in range(2))
        if (a[2] - a[0]) * (a[3] - a[1]) == 0 or (b[2] - b[0]) * (b[3] - b[1]) == 0:
            continue
        grid_a, grid_b = np.zeros((12, 12), bool), np.zeros((12, 12), bool)
        grid_a[a[0] : a[2], a[1] : a[3]] = True
        grid_b[b[0] : b[2], b[1] : b[3]] = True
        counted = (grid_a & grid_b).sum() / (grid_a | grid_b).sum()
        assert np.isclose(od.trusted_iou(a, b), counted)
