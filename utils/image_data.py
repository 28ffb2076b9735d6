"""Image sets of course 4 (deep learning), offline: real images that ship inside scikit-learn and
scikit-image, and a seeded generator of pictures of shapes.

Every generator documents its formula; the same seed gives the same pixels on every machine.
syllabus.yml lists each set with its source and licence.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SHAPES = ("circle", "square", "triangle", "cross")
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
    |x-cx|) <= r`` and ``min(|y-cy|, |x-cx|) <= r / 3``.

    Args:
        kind: one of ``SHAPES``.
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
    raise ValueError(f"unknown shape {kind!r}: choose one of {SHAPES}")


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    """A grey, slightly tinted background with pixel noise: shape (size, size, 3)."""
    base = rng.uniform(0.1, 0.4) + rng.uniform(-0.05, 0.05, 3)
    return np.clip(base + 0.06 * rng.standard_normal((size, size, 3)), 0.0, 1.0)


def _colour(rng: np.random.Generator) -> np.ndarray:
    """A bright colour, shape (3,): every channel in [0.5, 1], one pushed to 1."""
    colour = rng.uniform(0.5, 1.0, 3)
    colour[rng.integers(3)] = 1.0
    return colour


def make_shapes(m: int = 1000, size: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Pictures of one shape each, to classify: circle, square, triangle or cross.

    Formula: image ``i`` shows ``SHAPES[i % 4]`` (so the classes are balanced) in a bright colour
    (``_colour``) on a noisy grey background (``_background``); its half width ``r`` is uniform on
    [size/8, size/4] and its centre uniform on the square that keeps it inside the picture
    (``shape_mask`` gives the formulas of the shapes). The images are then shuffled.

    Args:
        m: number of images.
        size: side of each image in pixels.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X: images, shape (m, size, size, 3), float32 in [0, 1].
        y: the shape's index in ``SHAPES``, shape (m,), int64, 0 to 3.
    """
    rng = np.random.default_rng(seed)
    X = np.empty((m, size, size, 3), dtype=np.float32)
    y = np.arange(m, dtype=np.int64) % len(SHAPES)
    for i in range(m):
        r = rng.uniform(size / 8, size / 4)
        cy, cx = rng.uniform(r, size - r, 2)
        image = _background(rng, size)
        image[shape_mask(SHAPES[y[i]], size, cy, cx, r)] = _colour(rng)
        X[i] = image
    order = rng.permutation(m)
    return X[order], y[order]
