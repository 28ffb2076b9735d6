"""utils.image_data: the image sets of course 4 have the documented shapes, follow their formulas
and are reproducible."""

import numpy as np
import pytest

from utils import image_data


def test_faces_split_keeps_the_classes_balanced_and_apart():
    X_train, y_train, X_test, y_test = image_data.load_faces(test_per_class=25, seed=1)
    assert X_train.shape == (150, 25, 25) and X_test.shape == (50, 25, 25)
    assert np.bincount(y_train).tolist() == [75, 75] and np.bincount(y_test).tolist() == [25, 25]
    assert 0.0 <= X_train.min() and X_train.max() <= 1.0
    # no picture is in both sets
    train_rows = {x.tobytes() for x in X_train}
    assert not any(x.tobytes() in train_rows for x in X_test)
    again = image_data.load_faces(test_per_class=25, seed=1)
    np.testing.assert_array_equal(again[2], X_test)
    assert not np.array_equal(image_data.load_faces(seed=2)[2], X_test)


def test_digit_images_are_the_digits_scaled_with_a_channel_axis():
    from utils.data import load_digits

    X, y = image_data.load_digit_images()
    pixels, digits = load_digits()
    assert X.shape == (1797, 8, 8, 1) and X.dtype == np.float32
    np.testing.assert_allclose(X.reshape(1797, 64) * 16.0, pixels, atol=1e-5)
    np.testing.assert_array_equal(y, digits)


@pytest.mark.parametrize(
    ("kind", "inside", "outside"),
    [
        ("circle", [(10.5, 10.5), (10.5, 14.5)], [(14.5, 14.5)]),
        ("square", [(14.5, 14.5), (6.5, 6.5)], [(15.5, 10.5)]),
        ("triangle", [(14.5, 14.5), (6.5, 10.5)], [(6.5, 14.5)]),
        ("cross", [(10.5, 14.5), (14.5, 10.5)], [(14.5, 14.5)]),
        # the NEW_SHAPES: ring 2.2 <= d <= 4, diamond |dy| + |dx| <= 4, x ||dy| - |dx|| <= 1.8
        # and max <= 3.2, frame 2.2 <= max(|dy|, |dx|) <= 4
        ("ring", [(10.5, 13.5), (7.5, 10.5)], [(10.5, 10.5), (14.5, 14.5)]),
        ("diamond", [(10.5, 13.5), (8.5, 8.5)], [(7.5, 7.5)]),
        ("x", [(8.5, 8.5), (13.5, 7.5)], [(10.5, 13.5), (14.5, 14.5)]),
        ("frame", [(13.5, 13.5), (7.5, 10.5)], [(10.5, 10.5), (15.5, 10.5)]),
    ],
)
def test_shape_masks_follow_their_formulas(kind, inside, outside):
    # centre (10.5, 10.5), half width 4: pixel (row, col) has centre (row + 0.5, col + 0.5)
    mask = image_data.shape_mask(kind, 21, 10.5, 10.5, 4.0)
    for y, x in inside:
        assert mask[int(y), int(x)], (kind, y, x)
    for y, x in outside:
        assert not mask[int(y), int(x)], (kind, y, x)


def test_shapes_are_balanced_coloured_and_reproducible():
    X, y = image_data.make_shapes(m=40, size=32, seed=0)
    assert X.shape == (40, 32, 32, 3) and X.dtype == np.float32
    assert np.bincount(y).tolist() == [10] * 4
    assert 0.0 <= X.min() and X.max() <= 1.0
    # every picture has a bright shape (a channel at 1) on a darker background
    assert all((image == 1.0).any() for image in X)
    np.testing.assert_array_equal(image_data.make_shapes(m=40, seed=0)[0], X)
    assert not np.array_equal(image_data.make_shapes(m=40, seed=1)[0], X)


def test_new_shapes_use_the_same_draws_with_other_kinds():
    X, y = image_data.make_shapes(m=40, size=32, seed=0, kinds=image_data.NEW_SHAPES)
    X_old, y_old = image_data.make_shapes(m=40, size=32, seed=0)
    assert X.shape == (40, 32, 32, 3) and np.bincount(y).tolist() == [10] * 4
    np.testing.assert_array_equal(y, y_old)  # the same labels and order, other shapes
    assert not np.array_equal(X, X_old)
    assert set(image_data.NEW_SHAPES).isdisjoint(image_data.SHAPES)
    with pytest.raises(ValueError, match="unknown shape"):
        image_data.shape_mask("star", 8, 4.0, 4.0, 2.0)


def test_scenes_boxes_are_the_tight_boxes_of_their_masks():
    X, boxes, classes, masks = image_data.make_scenes(m=30, size=64, seed=0, max_objects=3)
    assert X.shape == (30, 64, 64, 3) and masks.shape == (30, 64, 64)
    counts = [len(b) for b in boxes]
    assert min(counts) >= 1 and max(counts) == 3
    for scene_boxes, scene_classes, mask in zip(boxes, classes, masks, strict=True):
        assert scene_boxes.shape == (len(scene_classes), 4)
        # each class's pixels lie inside the union of its boxes, and each box is filled by
        # its class up to its edges (tight): the shapes never overlap
        for (y1, x1, y2, x2), kind in zip(scene_boxes.astype(int), scene_classes, strict=True):
            inside = mask[y1:y2, x1:x2] == kind + 1
            edges = (inside[0], inside[-1], inside[:, 0], inside[:, -1])
            assert all(edge.any() for edge in edges)
        labelled = np.zeros_like(mask, dtype=bool)
        for y1, x1, y2, x2 in scene_boxes.astype(int):
            labelled[y1:y2, x1:x2] = True
        assert not (mask[~labelled] > 0).any()
    np.testing.assert_array_equal(image_data.make_scenes(m=30, seed=0)[3], masks)


def test_photos_ship_offline_and_unknown_names_are_refused():
    assert image_data.load_photo("chelsea").shape == (300, 451, 3)
    assert image_data.load_photo("brick").shape == (512, 512)
    with pytest.raises(ValueError, match="unknown photo"):
        image_data.load_photo("lena")
