"""utils.data: each generator follows the formula of its docstring and is reproducible."""

import numpy as np

from utils import data


def test_poly_curve_follows_its_formula():
    x, y = data.make_poly_curve(m=18, seed=1, noise=0.3)
    assert x.shape == y.shape == (18,)
    np.testing.assert_allclose(x, np.linspace(0.0, 49.0, 18))
    ideal = x**2 + 100.0
    # multiplicative noise noise * x**2 * (u - 0.5) with u in [0, 1): at most 0.15 x**2 either way
    assert np.all(np.abs(y - ideal) <= 0.15 * x**2 + 1e-12)
    assert np.abs(y - ideal).max() > 0.05 * x.max() ** 2  # the noise is really there


def test_poly_curve_is_reproducible_and_seeded():
    a, b = data.make_poly_curve(), data.make_poly_curve()
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], data.make_poly_curve(seed=2)[1])
    _, flat = data.make_poly_curve(noise=0.0)
    np.testing.assert_allclose(flat, a[0] ** 2 + 100.0)


def test_six_blobs_has_six_balanced_classes_around_their_centres():
    X, y = data.make_six_blobs(m=800, seed=2, std=0.4)
    assert X.shape == (800, 2) and y.shape == (800,)
    counts = np.bincount(y)
    assert len(counts) == 6 and counts.min() >= 133 and counts.max() <= 134
    for k, centre in enumerate(data.BLOB_CENTERS):
        points = X[y == k]
        # the mean of ~133 points of std 0.4 is within 4 standard errors (0.14) of the centre
        np.testing.assert_allclose(points.mean(axis=0), centre, atol=0.14)
        np.testing.assert_allclose(points.std(axis=0), 0.4, rtol=0.2)
    X2, y2 = data.make_six_blobs()
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_split_is_a_seeded_60_20_20_partition():
    for n in (18, 50, 800):
        train, cv, test = data.split_60_20_20(n, seed=1)
        k = round(0.2 * n)
        assert len(cv) == len(test) == k and len(train) == n - 2 * k
        np.testing.assert_array_equal(np.sort(np.concatenate([train, cv, test])), np.arange(n))
    again = data.split_60_20_20(18, seed=1)
    np.testing.assert_array_equal(again[0], data.split_60_20_20(18, seed=1)[0])
    assert not np.array_equal(again[0], data.split_60_20_20(18, seed=0)[0])


def test_kmeans_blobs_are_three_seeded_clusters_around_their_centres():
    X = data.make_kmeans_blobs(m=300, seed=4, std=0.5)
    assert X.shape == (300, 2) and X.dtype == np.float64
    centres = np.asarray(data.KMEANS_CENTRES)
    nearest = np.argmin(((X[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert np.array_equal(np.bincount(nearest), [100, 100, 100])  # std 0.5: no point strays
    for k in range(3):
        assert np.allclose(X[nearest == k].mean(axis=0), centres[k], atol=0.15)  # 3 x 0.5 / 10
    assert np.array_equal(X, data.make_kmeans_blobs())
    assert not np.array_equal(X, data.make_kmeans_blobs(seed=5))


def test_servers_are_mostly_healthy_around_the_stated_means():
    X_train, X_val, y_val = data.make_servers()
    assert X_train.shape == X_val.shape == (307, 2) and y_val.shape == (307,)
    assert set(np.unique(y_val)) == {0, 1} and 3 <= y_val.sum() <= 20  # about 3 % of 307
    healthy = X_val[y_val == 0]
    assert np.allclose(healthy.mean(axis=0), [14.0, 15.0], atol=0.3)
    assert np.allclose(healthy.std(axis=0), [1.2, 1.3], atol=0.2)
    z = np.abs((X_val[y_val == 1] - [14.0, 15.0]) / [1.2, 1.3])
    assert np.all(z.max(axis=1) > 1.5)  # a failing server is far off along some feature
    again = data.make_servers()
    assert all(np.array_equal(a, b) for a, b in zip((X_train, X_val, y_val), again, strict=True))


def test_servers_11_have_eleven_features_and_about_ten_percent_failing():
    X_train, X_val, y_val = data.make_servers_11()
    assert X_train.shape == (1000, 11) and X_val.shape == (100, 11) and y_val.shape == (100,)
    assert 3 <= y_val.sum() <= 20
    rng = np.random.default_rng(6)
    mu, sigma = rng.uniform(-20.0, 20.0, 11), rng.uniform(1.0, 10.0, 11)
    assert np.all(np.abs(X_train.mean(axis=0) - mu) < 0.5 * sigma)  # failures shift it a little


def test_correlated_pair_stretches_along_its_stated_direction():
    X = data.make_correlated_pair(m=2000, seed=3)
    assert X.shape == (2000, 2)
    eigenvalues, vectors = np.linalg.eigh(np.cov(X.T))
    direction = vectors[:, -1] * np.sign(vectors[0, -1])
    expected = np.array([2.0, 1.2]) / np.hypot(2.0, 1.2)
    assert np.allclose(direction, expected, atol=0.05)
    assert eigenvalues[-1] > 10 * eigenvalues[0]
    assert data.make_correlated_pair().shape == (60, 2)
