"""c4w4-object-detection: the lab's functions and the numbers its text states agree with
independent references.

The solution (the answer cells of the instructor source) and the given cell of the simulated
detector run here. References: IoU as a count of pixels (boxes with corners on a quarter-pixel
grid, drawn at four times the resolution), non-max suppression as a plain greedy loop over those
pixel IoUs and as ``tf.image.non_max_suppression``, score filtering as a loop over the boxes.
"""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf
from helpers import markdown, numbers_after, stated

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.checks import object_detection as od

LAB = "c4w4-object-detection"
TEXT = markdown(LAB)
FLAT = " ".join(TEXT.split())
NB = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).source)


@pytest.fixture(scope="module")
def lab():
    """The setup cell, the given cell of the detector and the solution's functions."""
    ns: dict = {}
    exec(cells.cell_source(NB, "setup"), ns)
    for cell in NB.cells:
        if cells.is_answer_cell(cell) or cell.source.startswith("GRID, ANCHORS"):
            exec(cell.source.replace("plt.show()", "plt.close('all')"), ns)
    plt.close("all")
    return ns


def pixel_iou(a, b, scale=4, size=52):
    """IoU of two boxes with corners on a 1/scale grid in [0, size/scale], by counting pixels."""
    grids = []
    for box in (a, b):
        y1, x1, y2, x2 = (int(round(float(v) * scale)) for v in box)
        grid = np.zeros((size, size), bool)
        grid[y1:y2, x1:x2] = True
        grids.append(grid)
    return (grids[0] & grids[1]).sum() / (grids[0] | grids[1]).sum()


def quarter_boxes(rng, n):
    """n boxes with corners on a quarter-pixel grid inside [0, 12], none empty."""
    corners = np.sort(rng.integers(0, 49, (n, 2, 2)), axis=1) / 4
    corners[:, 1] += 0.25 * (corners[:, 1] == corners[:, 0])
    return corners.reshape(n, 4)[:, [0, 1, 2, 3]]


def greedy_nms(scores, boxes, max_boxes, threshold):
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    kept = []
    for i in order:
        if len(kept) < max_boxes and all(pixel_iou(boxes[i], boxes[j]) <= threshold for j in kept):
            kept.append(i)
    return kept


def test_iou_is_the_pixel_count(lab):
    rng = np.random.default_rng(0)
    boxes = quarter_boxes(rng, 200)
    for a, b in zip(boxes[::2], boxes[1::2], strict=True):
        assert np.isclose(lab["iou"](a, b), pixel_iou(a, b), rtol=1e-12, atol=1e-12)


def test_filter_is_a_loop_over_the_boxes(lab):
    rng = np.random.default_rng(1)
    for S, B, K, threshold in ((3, 2, 4, 0.3), (4, 3, 5, 0.6), (5, 1, 3, 0.2)):
        boxes, confidence, probs = (np.asarray(v) for v in od.random_yolo_grid(rng, S, B, K))
        kept = []
        for i, j, a in np.ndindex(S, S, B):
            box_scores = [confidence[i, j, a, 0] * probs[i, j, a, k] for k in range(K)]
            best = max(range(K), key=lambda k: box_scores[k])
            if box_scores[best] >= threshold:
                kept.append((box_scores[best], boxes[i, j, a], best))
        scores, got_boxes, classes = lab["yolo_filter_boxes"](boxes, confidence, probs, threshold)
        assert np.allclose(np.asarray(scores), [k[0] for k in kept], rtol=1e-6)
        assert np.allclose(
            np.asarray(got_boxes).reshape(-1, 4), np.reshape([k[1] for k in kept], (-1, 4))
        )
        assert np.array_equal(np.asarray(classes), [k[2] for k in kept])


@pytest.mark.parametrize(
    ("n", "max_boxes", "threshold"), [(10, 10, 0.5), (30, 6, 0.3), (25, 25, 0.7)]
)
def test_nms_is_the_greedy_loop_and_tensorflows(lab, n, max_boxes, threshold):
    rng = np.random.default_rng(n)
    boxes = quarter_boxes(rng, n).astype(np.float32)
    scores = rng.permutation(np.linspace(0.1, 1.0, n)).astype(np.float32)
    classes = rng.integers(3, size=n)
    got = lab["yolo_non_max_suppression"](
        tf.constant(scores), tf.constant(boxes), tf.constant(classes), max_boxes, threshold
    )
    kept = greedy_nms(scores, boxes, max_boxes, threshold)
    index = tf.image.non_max_suppression(boxes, scores, max_boxes, threshold).numpy()
    assert list(index) == kept
    assert np.array_equal(np.asarray(got[0]), scores[kept])
    assert np.array_equal(np.asarray(got[1]).reshape(-1, 4), boxes[kept])
    assert np.array_equal(np.asarray(got[2]), classes[kept])


def scene_numbers(lab, i):
    """Scene i through the references: confident boxes, filtered, kept."""
    box_xy, box_wh, confidence, probs = (np.asarray(v) for v in lab["outputs"][i])
    centre, half = box_xy[..., ::-1], box_wh[..., ::-1] / 2  # (y, x) and half (h, w)
    corners = np.concatenate([centre - half, centre + half], axis=-1).reshape(-1, 4) * 64
    box_scores = (confidence * probs).reshape(-1, probs.shape[-1])
    best = box_scores.max(axis=1)
    keep = np.flatnonzero(best >= 0.6)
    index = tf.image.non_max_suppression(corners[keep], best[keep], 10, 0.5).numpy()
    return {
        "confident": int((confidence > 0.5).sum()),
        "under 0.3": int((confidence < 0.3).sum()),
        "scores": best[keep],
        "classes": box_scores.argmax(axis=1)[keep],
        "kept scores": best[keep][index],
        "kept classes": box_scores.argmax(axis=1)[keep][index],
        "kept boxes": corners[keep][index],
        "corners": corners[keep],
    }


def test_the_numbers_of_scene_1(lab):
    numbers = scene_numbers(lab, 1)
    (confident,) = stated(FLAT, r"confidence is above 0\.5 for (\d+) of its 128 boxes")
    (others,) = stated(FLAT, r"The other (\d+) boxes have a confidence under 0\.3")
    assert confident == numbers["confident"] and others == 128 - confident
    assert numbers["under 0.3"] == others
    assert np.allclose(numbers_after(TEXT, "scores:"), numbers["scores"].round(2))
    assert np.array_equal(numbers_after(TEXT, "classes:"), numbers["classes"])
    assert len(numbers["scores"]) == 6 and "6 of 128 boxes were left in scene 1" in FLAT
    kept_text = TEXT.split("non-max suppression keeps one per shape")[1]
    assert np.allclose(numbers_after(kept_text, "scores:"), numbers["kept scores"].round(2))
    assert np.array_equal(numbers_after(kept_text, "classes:"), numbers["kept classes"])
    (iou01,) = stated(TEXT, r"iou\(box 0, box 1\) = " + r"(\d\.\d+)")
    corners = numbers["corners"]
    reference = od.trusted_iou(corners[0], corners[1])  # the corners are not on a pixel grid
    assert round(reference, 2) == iou01
    assert od.trusted_iou(corners[0], corners[2]) == 0
    # scene 1's shapes: two triangles and a cross
    assert sorted(lab["true_classes"][1].tolist()) == [2, 2, 3]


def test_every_true_object_is_found(lab):
    true, found, right = stated(FLAT, r"true objects: (\d+), detections: (\d+), right: (\d+)")
    n_true = n_found = n_right = 0
    for i in range(8):
        numbers = scene_numbers(lab, i)
        truth, truth_classes = lab["true_boxes"][i], lab["true_classes"][i]
        n_true += len(truth)
        n_found += len(numbers["kept scores"])
        matched = set()
        for box, k in zip(numbers["kept boxes"], numbers["kept classes"], strict=True):
            for t in range(len(truth)):
                if (
                    t not in matched
                    and k == truth_classes[t]
                    and od.trusted_iou(box, truth[t]) >= 0.5
                ):
                    matched.add(t)
                    break
        n_right += len(matched)
    assert (true, found, right) == (n_true, n_found, n_right)


def test_the_hand_worked_overlaps_of_the_checks():
    """The IoUs the checks' comments state, by counting pixels."""
    assert np.isclose(pixel_iou((0, 0, 10, 10), (1, 1, 11, 11), scale=1), 81 / 119)
    assert np.isclose(pixel_iou((0, 0, 10, 10), (0, 0, 10, 6), scale=1), 0.6)
    assert np.isclose(pixel_iou((1, 1, 11, 11), (0, 0, 10, 6), scale=1), 45 / 115)
    assert np.isclose(pixel_iou((2, 1, 4, 3), (1, 2, 3, 4), scale=1), 1 / 7)
    assert re.search(r"19 \\times 19 \\times 5 = 1805", TEXT)


def test_the_trained_detector_reaches_the_stated_ranges(lab, monkeypatch):
    """The full run of section 8 (about a minute): the stated counts and ranges."""
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    for cell in NB.cells:
        if cell.source.startswith(("def matches_truth", "def detector_targets")):
            exec(cell.source.replace("plt.show()", "plt.close('all')"), lab)
    (n_true,) = stated(FLAT, r"finds most of the (\d+) objects of the 200 new scenes")
    low, high = stated(FLAT, r"between (\d+)% and (\d+)% of them with the right class")
    (false_share,) = stated(FLAT, r"fewer than (\d+)% of its detections")
    (weights,) = stated(FLAT.replace(",", ""), r"a network of (\d+) weights")
    assert lab["EPOCHS"] == 15 and lab["N_TRAIN"] == 1000
    assert lab["n_true"] == n_true
    assert low / 100 <= lab["n_right"] / n_true <= high / 100
    assert lab["n_found"] - lab["n_right"] < false_share / 100 * lab["n_found"]
    assert lab["detector"].count_params() == weights
