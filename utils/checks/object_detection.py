"""Public checks of the graded lab c4w4-object-detection (yolo_filter_boxes, iou,
yolo_non_max_suppression, yolo_eval).

Every case is small enough to be worked out by hand; the working is next to each case. Results
may be TensorFlow tensors or NumPy arrays: they are compared as arrays.

The checks of ``yolo_non_max_suppression`` put :func:`trusted_iou` in place of the learner's ``iou``
(a greedy loop may call it), and those of ``yolo_eval`` put :data:`TRUSTED` in place of the
learner's ``yolo_filter_boxes`` and ``yolo_non_max_suppression`` (:func:`utils.checks.substitute`),
so that a mistake in an earlier exercise costs that exercise only. The trusted helpers take
another route than the lab's: the filter gathers the indices of ``tf.where``, and the suppression is
a plain greedy loop whose overlap is each side's length minus the span of the two intervals.

The ``random_*`` functions draw the seeded inputs of the hidden tests.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import tensorflow as tf

from utils.checks import Case, run_cases, substitute

# --- inputs of the hidden tests -------------------------------------------------------------------


def random_yolo_grid(rng: np.random.Generator, S: int, B: int, K: int) -> tuple:
    """Corner boxes (S, S, B, 4), confidences (S, S, B, 1) from U[0, 1] and class probabilities
    (S, S, B, K) from a flat Dirichlet, as float32 tensors."""
    y1, x1 = rng.uniform(0, 0.8, (2, S, S, B))
    h, w = rng.uniform(0.05, 0.4, (2, S, S, B))
    boxes = np.stack([y1, x1, y1 + h, x1 + w], axis=-1)
    confidence = rng.uniform(0, 1, (S, S, B, 1))
    probs = rng.dirichlet(np.ones(K), (S, S, B))
    return tuple(tf.constant(v, tf.float32) for v in (boxes, confidence, probs))


def random_box_pairs(rng: np.random.Generator, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``n`` pairs of boxes (y1, x1, y2, x2) with corners in [0, 10]: overlapping, nested,
    disjoint or touching."""
    pairs = []
    for _ in range(n):
        a = np.sort(rng.uniform(0, 10, (2, 2)), axis=0)  # rows: (y1, x1), (y2, x2)
        b = np.sort(rng.uniform(0, 10, (2, 2)), axis=0)
        pairs.append((a.ravel(), b.ravel()))
    return pairs


def random_detections(rng: np.random.Generator, n: int) -> tuple:
    """``n`` scored boxes around three centres (so that many overlap), with distinct scores in
    [0.3, 1] and classes in {0, 1, 2}: float32 scores and boxes, int64 classes, as tensors."""
    centres = rng.uniform(10, 50, (3, 2))
    centre = centres[rng.integers(3, size=n)] + rng.normal(0, 3, (n, 2))
    half = rng.uniform(4, 10, (n, 2))
    boxes = np.concatenate([centre - half, centre + half], axis=1)
    scores = rng.permutation(np.linspace(0.3, 1.0, n)) + rng.uniform(0, 0.01, n)
    classes = rng.integers(3, size=n)
    return (
        tf.constant(scores, tf.float32),
        tf.constant(boxes, tf.float32),
        tf.constant(classes, tf.int64),
    )


def random_yolo_outputs(rng: np.random.Generator, S: int, B: int, K: int) -> tuple:
    """A detector's output: box_xy, box_wh (fractions), box_confidence, box_class_probs."""
    box_xy = rng.uniform(0.1, 0.9, (S, S, B, 2))
    box_wh = rng.uniform(0.05, 0.5, (S, S, B, 2))
    confidence = rng.uniform(0, 1, (S, S, B, 1))
    probs = rng.dirichlet(np.full(K, 0.5), (S, S, B))
    return tuple(tf.constant(v, tf.float32) for v in (box_xy, box_wh, confidence, probs))


# --- trusted helpers ------------------------------------------------------------------------------


def _overlap(a1: float, a2: float, b1: float, b2: float) -> float:
    """The length two intervals share: both lengths minus the span they cover, at least 0."""
    span = max(a2, b2) - min(a1, b1)
    return max((a2 - a1) + (b2 - b1) - span, 0.0)


def trusted_iou(box1, box2) -> float:
    """IoU of two corner boxes, through the span of the two intervals on each axis."""
    y1a, x1a, y2a, x2a = (float(v) for v in box1)
    y1b, x1b, y2b, x2b = (float(v) for v in box2)
    inter = _overlap(y1a, y2a, y1b, y2b) * _overlap(x1a, x2a, x1b, x2b)
    union = (y2a - y1a) * (x2a - x1a) + (y2b - y1b) * (x2b - x1b) - inter
    return inter / union


def trusted_filter_boxes(boxes, box_confidence, box_class_probs, threshold=0.6):
    """Score filtering through the indices of ``tf.where`` and ``tf.gather_nd``."""
    box_scores = tf.cast(box_confidence, tf.float32) * tf.cast(box_class_probs, tf.float32)
    best = tf.reduce_max(box_scores, axis=-1)
    where = tf.where(best >= threshold)
    return (
        tf.gather_nd(best, where),
        tf.gather_nd(tf.cast(boxes, tf.float32), where),
        tf.gather_nd(tf.argmax(box_scores, axis=-1), where),
    )


def trusted_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    """Non-max suppression as a plain greedy loop over the boxes, best score first."""
    scores_np, boxes_np = np.asarray(scores, np.float32), np.asarray(boxes, np.float32)
    kept: list[int] = []
    for i in np.argsort(-scores_np, kind="stable"):
        if len(kept) == max_boxes:
            break
        if all(trusted_iou(boxes_np[i], boxes_np[j]) <= iou_threshold for j in kept):
            kept.append(int(i))
    index = tf.constant(kept, tf.int32)
    return tf.gather(scores, index), tf.gather(boxes, index), tf.gather(classes, index)


TRUSTED: dict[str, Callable] = {
    "yolo_filter_boxes": trusted_filter_boxes,
    "yolo_non_max_suppression": trusted_non_max_suppression,
    "iou": trusted_iou,
}
"""The trusted helpers put in place of the learner's earlier exercises in yolo_eval's checks."""


# --- yolo_filter_boxes ----------------------------------------------------------------------------

# A 2 x 2 grid, one anchor, 3 classes; the boxes are numbered 0..3 in the order of the grid.
_FILTER_BOXES = np.arange(16, dtype=np.float32).reshape(2, 2, 1, 4)
_CONFIDENCE = np.array([[[[0.9]], [[0.5]]], [[[0.2]], [[1.0]]]], dtype=np.float32)
_PROBS = np.array(
    [
        [[[0.1, 0.8, 0.1]], [[0.5, 0.3, 0.2]]],
        [[[0.0, 0.0, 1.0]], [[0.3, 0.3, 0.4]]],
    ],
    dtype=np.float32,
)
# scores p_c * c_k: box 0 [0.09, 0.72, 0.09], box 1 [0.25, 0.15, 0.10], box 2 [0, 0, 0.2],
# box 3 [0.3, 0.3, 0.4]: best scores 0.72 (class 1), 0.25 (0), 0.2 (2), 0.4 (2).
_ROWS = _FILTER_BOXES.reshape(4, 4)


def check_yolo_filter_boxes(yolo_filter_boxes: Callable) -> None:
    """Check yolo_filter_boxes on a 2 x 2 grid with one anchor and 3 classes."""
    args = (_FILTER_BOXES, _CONFIDENCE, _PROBS)
    cases = [
        Case(  # threshold 0.25: boxes 0, 1 (exactly 0.25: kept) and 3
            args=(*args, 0.25),
            expected=(np.array([0.72, 0.25, 0.4]), _ROWS[[0, 1, 3]], np.array([1, 0, 2])),
            describe="a 2x2x1 grid, 3 classes, threshold=0.25",
            names=("scores", "boxes", "classes"),
            hints=[
                (
                    (np.array([0.72, 0.4]), _ROWS[[0, 3]], np.array([1, 2])),
                    "a box whose score equals the threshold is kept: use >=, not >.",
                ),
                (
                    (np.array([0.8, 0.5, 1.0, 0.4]), _ROWS, np.array([1, 0, 2, 2])),
                    "the score of a class is box_confidence * box_class_probs, not the class "
                    "probability alone.",
                ),
            ],
        ),
        Case(  # the default threshold 0.6: box 0 only
            args=args,
            expected=(np.array([0.72]), _ROWS[[0]], np.array([1])),
            describe="the same grid, the default threshold",
            names=("scores", "boxes", "classes"),
            hints=[
                (
                    (np.array([0.72, 0.4]), _ROWS[[0, 3]], np.array([1, 2])),
                    "the mask compares each box's best class score (not box_confidence) with "
                    "the threshold.",
                ),
            ],
        ),
    ]
    run_cases(
        yolo_filter_boxes,
        "yolo_filter_boxes",
        cases,
        default_hint="score = box_confidence * box_class_probs; its max and argmax over the last "
        "axis; mask = best score >= threshold; tf.boolean_mask of the scores, the boxes and the "
        "classes with that mask.",
        rtol=1e-5,
    )


# --- iou ------------------------------------------------------------------------------------------


def check_iou(iou: Callable) -> None:
    """Check iou on pairs of boxes (y1, x1, y2, x2) whose overlap can be counted by hand."""
    clamp_each = (
        "two boxes apart have no intersection: clamp its height and its width each at 0 "
        "(max(yi2 - yi1, 0), max(xi2 - xi1, 0)), not their product."
    )
    cases = [
        Case(  # the intersection is the square (2, 2, 3, 3): 1; union 4 + 4 - 1 = 7
            args=((2, 1, 4, 3), (1, 2, 3, 4)),
            expected=1 / 7,
            describe="(2, 1, 4, 3), (1, 2, 3, 4)",
            hints=[
                (0.25, "the union is area1 + area2 - the intersection (counted twice otherwise)."),
                (1 / 8, "the union is area1 + area2 - the intersection (counted twice otherwise)."),
                (4 / 14, "the corners are coordinates: a box's height is y2 - y1, without + 1."),
            ],
        ),
        Case(  # the second box inside the first: 4 / 16
            args=((0, 0, 4, 4), (1, 1, 3, 3)),
            expected=0.25,
            describe="(0, 0, 4, 4), (1, 1, 3, 3)",
            hints=[
                (0.2, "the union is area1 + area2 - the intersection (counted twice otherwise)."),
                (9 / 25, "the corners are coordinates: a box's height is y2 - y1, without + 1."),
            ],
        ),
        Case(  # apart in both directions: the "intersection" would be -2 by -2
            args=((1, 2, 3, 4), (5, 6, 7, 8)),
            expected=0.0,
            describe="(1, 2, 3, 4), (5, 6, 7, 8)",
            hints=[(1.0, clamp_each), (4 / 12, clamp_each)],
        ),
        Case(  # apart in y only: height -1, width 1
            args=((0, 0, 2, 2), (3, 1, 5, 3)),
            expected=0.0,
            describe="(0, 0, 2, 2), (3, 1, 5, 3)",
            hints=[(-1 / 9, clamp_each), (-1 / 7, clamp_each)],
        ),
        Case(  # sharing an edge only: height 0
            args=((0, 0, 2, 2), (2, 0, 4, 2)),
            expected=0.0,
            describe="(0, 0, 2, 2), (2, 0, 4, 2)",
        ),
        Case(
            args=(np.array([0.5, 0.0, 3.5, 2.0]), np.array([0.5, 0.0, 3.5, 2.0])),
            expected=1.0,
            describe="np.array([0.5, 0, 3.5, 2]) twice",
        ),
    ]
    run_cases(
        iou,
        "iou",
        cases,
        default_hint="intersection: from max of the tops and lefts to min of the bottoms and "
        "rights, height and width clamped at 0; union = area1 + area2 - intersection.",
    )


# --- yolo_non_max_suppression ---------------------------------------------------------------------

# A (0, 0, 10, 10); B (1, 1, 11, 11): IoU with A 81 / 119 = 0.68; C (20, 20, 30, 30): apart from
# all; D (0, 0, 10, 6): IoU with A 60 / 100 = 0.6, with B 45 / 115 = 0.39.
_A, _B, _C, _D = (0, 0, 10, 10), (1, 1, 11, 11), (20, 20, 30, 30), (0, 0, 10, 6)
_NMS_BOXES = np.array([_A, _B, _C, _D], dtype=np.float32)
_NMS_SCORES = np.array([0.9, 0.8, 0.7, 0.6], dtype=np.float32)
_NMS_CLASSES = np.array([1, 1, 2, 3], dtype=np.int64)


def check_yolo_non_max_suppression(yolo_non_max_suppression: Callable) -> None:
    """Check yolo_non_max_suppression on four boxes whose IoUs are worked out by hand."""
    boxes, scores, classes = (tf.constant(v) for v in (_NMS_BOXES, _NMS_SCORES, _NMS_CLASSES))
    shuffled = tf.constant(np.array([0.6, 0.9, 0.7, 0.8], dtype=np.float32))
    names = ("scores", "boxes", "classes")
    classes_kept = "gather the classes with the same indices as the scores and the boxes."
    cases = [
        Case(  # B (0.68 with A) and D (0.6 with A) are dropped
            args=(scores, boxes, classes),
            expected=(np.array([0.9, 0.7]), np.array([_A, _C]), np.array([1, 2])),
            describe="boxes A, B, C, D with scores 0.9, 0.8, 0.7, 0.6 (defaults)",
            names=names,
            hints=[
                (
                    (np.array([0.9, 0.7]), np.array([_A, _C]), _NMS_CLASSES),
                    classes_kept,
                ),
            ],
        ),
        Case(  # at 0.65, D (0.6 with A) stays; B (0.68) goes
            args=(scores, boxes, classes, 10, 0.65),
            expected=(np.array([0.9, 0.7, 0.6]), np.array([_A, _C, _D]), np.array([1, 2, 3])),
            describe="the same boxes, max_boxes=10, iou_threshold=0.65",
            names=names,
            hints=[
                (
                    (np.array([0.9, 0.7]), np.array([_A, _C]), np.array([1, 2])),
                    "pass iou_threshold to the suppression instead of 0.5.",
                ),
            ],
        ),
        Case(
            args=(scores, boxes, classes, 1, 0.5),
            expected=(np.array([0.9]), np.array([_A]), np.array([1])),
            describe="the same boxes, max_boxes=1, iou_threshold=0.5",
            names=names,
            hints=[
                (
                    (np.array([0.9, 0.7]), np.array([_A, _C]), np.array([1, 2])),
                    "pass max_boxes to the suppression instead of 10.",
                ),
            ],
        ),
        Case(  # B first now: A (0.68 with B) goes, D (0.39 with B) stays, then C
            args=(shuffled, boxes, classes),
            expected=(np.array([0.9, 0.8, 0.7]), np.array([_B, _D, _C]), np.array([1, 3, 2])),
            describe="boxes A, B, C, D with scores 0.6, 0.9, 0.7, 0.8 (defaults)",
            names=names,
            hints=[
                (
                    (np.array([0.9, 0.8, 0.7]), np.array([_B, _D, _C]), _NMS_CLASSES),
                    classes_kept,
                ),
            ],
        ),
    ]
    with substitute(yolo_non_max_suppression, iou=trusted_iou):
        run_cases(
            yolo_non_max_suppression,
            "yolo_non_max_suppression",
            cases,
            default_hint="indices = tf.image.non_max_suppression(boxes, scores, max_boxes, "
            "iou_threshold=iou_threshold), then tf.gather of the scores, the boxes and the "
            "classes with them: best score first.",
            rtol=1e-5,
        )


# --- yolo_eval ------------------------------------------------------------------------------------

# A 2 x 2 grid, one anchor, 2 classes, picture 100 high and 200 wide. Box by box (x, y, w, h):
# 0: (0.25, 0.25, 0.5, 0.5): corners (0, 0, 0.5, 0.5), pixels (0, 0, 50, 100); score 0.9 * 0.9
# 1: (0.3, 0.25, 0.5, 0.5): pixels (0, 10, 50, 110); score 0.8 * 1.0; IoU with box 0: 0.818
# 2: (0.75, 0.75, 0.2, 0.4): pixels (55, 130, 95, 170); score 0.7 * 1.0, class 0
# 3: (0.5, 0.5, 1, 1): pixels (0, 0, 100, 200); score 0.5 * 0.5 = 0.25 (class 0, the first of
#    two equal probabilities); IoU with box 0: 0.25, with box 2: 0.08
_XY = np.array([[[[0.25, 0.25]], [[0.3, 0.25]]], [[[0.75, 0.75]], [[0.5, 0.5]]]], np.float32)
_WH = np.array([[[[0.5, 0.5]], [[0.5, 0.5]]], [[[0.2, 0.4]], [[1.0, 1.0]]]], np.float32)
_EVAL_CONFIDENCE = np.array([[[[0.9]], [[0.8]]], [[[0.7]], [[0.5]]]], np.float32)
_EVAL_PROBS = np.array([[[[0.1, 0.9]], [[0.0, 1.0]]], [[[1.0, 0.0]], [[0.5, 0.5]]]], np.float32)
_P = np.array([[0, 0, 50, 100], [0, 10, 50, 110], [55, 130, 95, 170], [0, 0, 100, 200]])


def check_yolo_eval(yolo_eval: Callable) -> None:
    """Check yolo_eval on a 2 x 2 grid whose boxes, scores and overlaps are worked out by hand."""
    outputs = tuple(tf.constant(v) for v in (_XY, _WH, _EVAL_CONFIDENCE, _EVAL_PROBS))
    shape = (100.0, 200.0)
    names = ("scores", "boxes", "classes")
    default = (np.array([0.81, 0.7]), _P[[0, 2]], np.array([1, 0]))
    cases = [
        Case(
            args=(outputs, shape),
            expected=default,
            describe="a 2x2x1 grid, image_shape=(100.0, 200.0)",
            names=names,
            hints=[
                (
                    (default[0], _P[[0, 2]] / np.array([100, 200, 100, 200]), default[2]),
                    "scale the boxes to the picture: scale_boxes(boxes, image_shape).",
                ),
                (
                    (default[0], _P[[0, 2]] / np.array([100, 200, 100, 200]) * 64, default[2]),
                    "scale the boxes with the argument image_shape, not (64, 64).",
                ),
            ],
        ),
        Case(  # box 1 (IoU 0.818 with box 0) survives a threshold of 0.9
            args=(outputs, shape, 10, 0.6, 0.9),
            expected=(np.array([0.81, 0.8, 0.7]), _P[[0, 1, 2]], np.array([1, 1, 0])),
            describe="the same grid, max_boxes=10, score_threshold=0.6, iou_threshold=0.9",
            names=names,
            hints=[(default, "pass iou_threshold to yolo_non_max_suppression.")],
        ),
        Case(  # box 3 (score 0.25) passes a threshold of 0.2
            args=(outputs, shape, 10, 0.2, 0.5),
            expected=(np.array([0.81, 0.7, 0.25]), _P[[0, 2, 3]], np.array([1, 0, 0])),
            describe="the same grid, max_boxes=10, score_threshold=0.2, iou_threshold=0.5",
            names=names,
            hints=[(default, "pass score_threshold to yolo_filter_boxes as its threshold.")],
        ),
        Case(
            args=(outputs, shape, 1, 0.6, 0.5),
            expected=(np.array([0.81]), _P[[0]], np.array([1])),
            describe="the same grid, max_boxes=1, score_threshold=0.6, iou_threshold=0.5",
            names=names,
            hints=[(default, "pass max_boxes to yolo_non_max_suppression.")],
        ),
    ]
    with substitute(yolo_eval, **TRUSTED):
        run_cases(
            yolo_eval,
            "yolo_eval",
            cases,
            default_hint="corners with yolo_boxes_to_corners(box_xy, box_wh), then "
            "yolo_filter_boxes with score_threshold, scale_boxes with image_shape, and "
            "yolo_non_max_suppression with max_boxes and iou_threshold.",
            rtol=1e-5,
        )
