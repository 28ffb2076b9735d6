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
