"""Image sets of course 4 (deep learning), offline: real images that ship inside scikit-learn and
scikit-image, and seeded generators of shapes and scenes with their boxes and masks.

Every generator documents its formula; the same seed gives the same pixels on every machine.
syllabus.yml lists each set with its source and licence.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SHAPES = ("circle", "square", "triangle", "cross")
NEW_SHAPES = ("ring", "diamond", "x", "frame")  # other shapes, for transfer learning
PHOTOS = ("astronaut", "chelsea", "coffee", "camera", "coins", "brick", "grass", "gravel")


def load_faces(
    test_per_class: int = 25, seed: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Faces and non-faces, 25x25 grey (scikit-image's ``lfw_subset``): the offline stand-in
    for the original course's cat/non-cat pictures.

    ``lfw_subset.npy`` ships inside the scikit-image wheel: 100 faces cropped from Labeled Faces in
    the Wild, then 100 patches of the same photos that are not faces. ``test_per_class`` of each
    class, chosen by ``np.random.default_rng(seed)``, form the test set; the rest, shuffled, the
    training set.

    Args:
        test_per_class: faces (and non-faces) kept for the test set.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X_train: images, shape (200 - 2t, 25, 25), float64 in [0, 1] (t = test_per_class).
        y_train: 1 for a face, 0 for a non-face, shape (200 - 2t,), int64.
        X_test: images, shape (2t, 25, 25).
        y_test: labels, shape (2t,).
    """
    import skimage  # imported here: only course 4 needs it

    images = np.load(Path(skimage.__file__).parent / "data" / "lfw_subset.npy")
    labels = np.repeat(np.array([1, 0], dtype=np.int64), 100)
    rng = np.random.default_rng(seed)
    test = np.concatenate([rng.permutation(100)[:test_per_class] + 100 * k for k in (0, 1)])
    train = rng.permutation(np.setdiff1d(np.arange(200), test))
    test = rng.permutation(test)
    return images[train], labels[train], images[test], labels[test]


def load_digit_images() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's handwritten digits as images for convolutional networks.

    The same 1,797 digits as ``utils.data.load_digits``, with the channel axis Keras expects and
    pixels scaled to [0, 1] (the 0 to 16 counts divided by 16).

    Returns:
        X: images, shape (1797, 8, 8, 1), float32 in [0, 1].
        y: the digit each shows, shape (1797,), int64, 0 to 9.
    """
    from utils.data import load_digits

    X, y = load_digits()
    return (X / 16.0).reshape(-1, 8, 8, 1).astype(np.float32), y


def load_photo(name: str) -> np.ndarray:
    """A photo or texture that ships inside scikit-image (no download).

    Args:
        name: ``astronaut``, ``chelsea`` (a cat), ``coffee``, ``camera``, ``coins``, ``brick``,
            ``grass`` or ``gravel``.

    Returns:
        image: shape (height, width, 3) for colour photos or (height, width) for grey ones,
        float64 in [0, 1].
    """
    import skimage.io  # imported here: only course 4 needs it

    if name not in PHOTOS:
        raise ValueError(f"unknown photo {name!r}: choose one of {sorted(PHOTOS)}")
    image = skimage.io.imread(Path(skimage.__file__).parent / "data" / f"{name}.png")
    return np.asarray(image, dtype=np.float64) / 255.0


def shape_mask(kind: str, size: int, cy: float, cx: float, r: float) -> np.ndarray:
    """The pixels of one shape on a ``size`` x ``size`` grid.

    Formulas (``y, x`` the pixel centres, ``(cy, cx)`` the shape's centre, ``r`` its half width):
    circle ``(y-cy)² + (x-cx)² <= r²``; square ``|y-cy| <= r`` and ``|x-cx| <= r``; triangle
    (pointing up) ``|y-cy| <= r`` and ``|x-cx| <= (y - cy + r) / 2``; cross ``max(|y-cy|,
    |x-cx|) <= r`` and ``min(|y-cy|, |x-cx|) <= r / 3``. The ``NEW_SHAPES``: ring ``0.55 r <=
    sqrt((y-cy)² + (x-cx)²) <= r``; diamond ``|y-cy| + |x-cx| <= r``; x (a cross along the
    diagonals) ``||y-cy| - |x-cx|| <= 0.45 r`` and ``max(|y-cy|, |x-cx|) <= 0.8 r``; frame (a
    hollow square) ``0.55 r <= max(|y-cy|, |x-cx|) <= r``.

    Args:
        kind: one of ``SHAPES`` or ``NEW_SHAPES``.
        size: side of the image in pixels.
        cy, cx: centre of the shape (pixels).
        r: half its width (pixels).

    Returns:
        mask: shape (size, size), bool.
    """
    y, x = np.mgrid[0:size, 0:size] + 0.5
    dy, dx = np.abs(y - cy), np.abs(x - cx)
    if kind == "circle":
        return dy**2 + dx**2 <= r**2
    if kind == "square":
        return (dy <= r) & (dx <= r)
    if kind == "triangle":
        return (dy <= r) & (dx <= (y - cy + r) / 2)
    if kind == "cross":
        return (np.maximum(dy, dx) <= r) & (np.minimum(dy, dx) <= r / 3)
    if kind == "ring":
        return (dy**2 + dx**2 <= r**2) & (dy**2 + dx**2 >= (0.55 * r) ** 2)
    if kind == "diamond":
        return dy + dx <= r
    if kind == "x":
        return (np.abs(dy - dx) <= 0.45 * r) & (np.maximum(dy, dx) <= 0.8 * r)
    if kind == "frame":
        return (np.maximum(dy, dx) <= r) & (np.maximum(dy, dx) >= 0.55 * r)
    raise ValueError(f"unknown shape {kind!r}: choose one of {SHAPES + NEW_SHAPES}")


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    """A grey, slightly tinted background with pixel noise: shape (size, size, 3)."""
    base = rng.uniform(0.1, 0.4) + rng.uniform(-0.05, 0.05, 3)
    return np.clip(base + 0.06 * rng.standard_normal((size, size, 3)), 0.0, 1.0)


def _colour(rng: np.random.Generator) -> np.ndarray:
    """A bright colour, shape (3,): every channel in [0.5, 1], one pushed to 1."""
    colour = rng.uniform(0.5, 1.0, 3)
    colour[rng.integers(3)] = 1.0
    return colour


def make_shapes(
    m: int = 1000, size: int = 32, seed: int = 0, kinds: tuple[str, ...] = SHAPES
) -> tuple[np.ndarray, np.ndarray]:
    """Pictures of one shape each, to classify: circle, square, triangle or cross (or ``kinds``).

    Formula: image ``i`` shows ``kinds[i % len(kinds)]`` (so the classes are balanced) in a
    bright colour (``_colour``) on a noisy grey background (``_background``); its half width ``r``
    is uniform on [size/8, size/4] and its centre uniform on the square that keeps it inside the
    picture (``shape_mask`` gives the formulas of the shapes). The images are then shuffled.

    Args:
        m: number of images.
        size: side of each image in pixels.
        seed: seed of ``np.random.default_rng``.
        kinds: the shapes to draw, ``SHAPES`` by default; ``NEW_SHAPES`` gives four others.

    Returns:
        X: images, shape (m, size, size, 3), float32 in [0, 1].
        y: the shape's index in ``kinds``, shape (m,), int64, 0 to len(kinds) - 1.
    """
    rng = np.random.default_rng(seed)
    X = np.empty((m, size, size, 3), dtype=np.float32)
    y = np.arange(m, dtype=np.int64) % len(kinds)
    for i in range(m):
        r = rng.uniform(size / 8, size / 4)
        cy, cx = rng.uniform(r, size - r, 2)
        image = _background(rng, size)
        image[shape_mask(kinds[y[i]], size, cy, cx, r)] = _colour(rng)
        X[i] = image
    order = rng.permutation(m)
    return X[order], y[order]


def make_scenes(
    m: int = 200, size: int = 64, seed: int = 0, max_objects: int = 3
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray], np.ndarray]:
    """Scenes of several shapes with their boxes and masks: the offline stand-in for street
    scenes (detection) and labelled photos (segmentation).

    Formula: scene ``i`` asks for ``n ~ U{1, ..., max_objects}`` shapes on a noisy grey
    background (``_background``); each is ``SHAPES[k]`` with ``k ~ U{0, 1, 2, 3}``, half width
    ``r ~ U[size/12, size/6]``, a bright colour (``_colour``) and a centre uniform on the square
    that keeps it inside the picture, drawn again (up to 20 times) while it would touch a shape
    already placed; a shape that finds no free place is left out, so shapes never overlap. Its box
    is the tight box of its pixels, ``(y1, x1, y2, x2)``, with ``y2, x2`` one past the last pixel.

    Args:
        m: number of scenes.
        size: side of each scene in pixels.
        seed: seed of ``np.random.default_rng``.
        max_objects: most shapes in one scene.

    Returns:
        X: scenes, shape (m, size, size, 3), float32 in [0, 1].
        boxes: one array per scene, shape (n_i, 4), float32 pixel corners (y1, x1, y2, x2).
        classes: one array per scene, shape (n_i,), int64, indices in ``SHAPES``.
        masks: the class of every pixel, shape (m, size, size), int64: 0 for the background,
            ``k + 1`` for a pixel of ``SHAPES[k]``.
    """
    rng = np.random.default_rng(seed)
    X = np.empty((m, size, size, 3), dtype=np.float32)
    masks = np.zeros((m, size, size), dtype=np.int64)
    boxes, classes = [], []
    for i in range(m):
        image = _background(rng, size)
        taken = np.zeros((size, size), dtype=bool)
        scene_boxes, scene_classes = [], []
        for _ in range(int(rng.integers(1, max_objects + 1))):
            kind = int(rng.integers(len(SHAPES)))
            r = rng.uniform(size / 12, size / 6)
            colour = _colour(rng)
            for _ in range(20):
                cy, cx = rng.uniform(r, size - r, 2)
                covered = shape_mask(SHAPES[kind], size, cy, cx, r)
                rows, cols = np.nonzero(covered)
                if not taken[
                    max(rows.min() - 1, 0) : rows.max() + 2, max(cols.min() - 1, 0) : cols.max() + 2
                ].any():
                    break
            else:
                continue
            image[covered] = colour
            taken |= covered
            masks[i][covered] = kind + 1
            scene_boxes.append([rows.min(), cols.min(), rows.max() + 1, cols.max() + 1])
            scene_classes.append(kind)
        X[i] = image
        boxes.append(np.asarray(scene_boxes, dtype=np.float32).reshape(-1, 4))
        classes.append(np.asarray(scene_classes, dtype=np.int64))
    return X, boxes, classes, masks
