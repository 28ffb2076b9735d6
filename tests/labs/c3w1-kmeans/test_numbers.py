"""c3w1-kmeans: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's KMeans (Lloyd's algorithm, started from the same centroids, one
initialisation, tol=0 so that it runs the stated number of iterations unless it converged) and
against NumPy computations written here (SciPy's cdist for the assignment). Stated values are
rounded, so each comparison is made at the number of decimals the text prints.
"""

import warnings

import numpy as np
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.data import load_sample_photo, make_kmeans_blobs

LAB = load_syllabus().lab("c3w1-kmeans")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)
SEED = 0
X = make_kmeans_blobs()
INITIAL = np.array([[3.0, 3.0], [6.0, 2.0], [8.0, 5.0]])


def lloyd(X, initial, max_iter):
    """scikit-learn's K-means from ``initial``, exactly ``max_iter`` iterations at most."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning when max_iter is reached
        return KMeans(
            n_clusters=len(initial),
            init=initial,
            n_init=1,
            algorithm="lloyd",
            max_iter=max_iter,
            tol=0.0,
        ).fit(X)


def random_starts(X, K, count):
    """The lab's kmeans_init_centroids: K distinct rows, from one generator seeded with SEED."""
    rng = np.random.default_rng(SEED)
    return [X[rng.permutation(X.shape[0])[:K]] for _ in range(count)]


def test_first_assignment_and_one_move_step():
    idx = cdist(X, INITIAL, "sqeuclidean").argmin(axis=1)
    assert f"idx[:8] = {idx[:8]}" in TEXT
    assert f"points per centroid: {np.bincount(idx, minlength=3)}" in TEXT
    one_step = lloyd(X, INITIAL, max_iter=1).cluster_centers_
    assert f"centroids after one step:\n{np.round(one_step, 3)}" in TEXT


def test_final_centroids_and_distortion_match_scikit_learn():
    fit = lloyd(X, INITIAL, max_iter=15)
    assert fit.n_iter_ < 15, "the text says the run settles within the 15 iterations"
    assert f"final centroids:\n{np.round(fit.cluster_centers_, 3)}" in TEXT
    assert f"distortion J = {fit.inertia_ / len(X):.4f}" in TEXT  # J = inertia / m


def test_restart_distortions_match_scikit_learn():
    distortions = [lloyd(X, start, 15).inertia_ / len(X) for start in random_starts(X, 3, 10)]
    for restart, J in enumerate(distortions):
        assert f"restart {restart}: distortion {J:.4f}" in TEXT
    best = int(np.argmin(distortions))
    assert f"lowest distortion: {distortions[best]:.4f} (restart {best})" in TEXT
    stuck = [r for r, J in enumerate(distortions) if J > 1.0]
    assert stuck == [3, 9], "the text names restarts 3 and 9 as stuck"
    assert f"$J = {max(distortions):.4f}$" in TEXT


def test_image_compression_distortion_and_bits():
    image = load_sample_photo("china.jpg", factor=4)
    pixels = image.reshape(-1, 3)
    (start,) = random_starts(pixels, 16, 1)
    fit = lloyd(pixels, start, max_iter=10)
    assert np.bincount(fit.labels_, minlength=16).min() > 0  # no empty colour: no relocation
    assert f"distortion J = {fit.inertia_ / len(pixels):.5f}" in TEXT
    assert f"image: {image.shape}" in TEXT and f"pixels: {pixels.shape}" in TEXT
    m = len(pixels)
    assert f"original:   {m:,} pixels x 24 bits = {m * 24:,} bits" in TEXT
    compressed = 16 * 24 + m * 4
    assert f"= {compressed:,} bits" in TEXT
    assert f"about {m * 24 / compressed:.1f} times smaller" in TEXT
