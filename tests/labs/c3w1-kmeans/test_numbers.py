"""c3w1-kmeans: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's KMeans (Lloyd's algorithm, started from the same centroids, one
initialisation, tol=0 so that it runs the stated number of iterations unless it converged) and
against NumPy computations written here (SciPy's cdist for the assignment). Stated values are
rounded, so each comparison is made at the number of decimals the text prints.
"""

import time
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


def lloyd_numpy(X, initial):
    """Lloyd's algorithm in plain NumPy: assign and move until the assignment stops changing."""
    centroids, idx = np.array(initial, dtype=float), None
    while True:
        new_idx = cdist(X, centroids, "sqeuclidean").argmin(axis=1)
        if idx is not None and np.array_equal(new_idx, idx):
            return centroids, idx
        idx = new_idx
        centroids = np.array([X[idx == k].mean(axis=0) for k in range(len(centroids))])


def test_scikit_learn_comparison_states_the_plain_lloyd_result():
    centroids, idx = lloyd_numpy(X, INITIAL)
    J = np.mean(np.sum((X - centroids[idx]) ** 2, axis=1))
    block = (
        f"scikit-learn's centroids:\n{np.round(centroids, 3)}\n"
        f"distortion J = inertia_ / m = {J:.4f}\n"
        "same centroids as run_kmeans: True\nsame clusters as run_kmeans: True"
    )
    assert block in TEXT


def test_elbow_distortions_match_scikit_learn():
    """Three restarts per K from one generator, as the lab draws them, K = 1 to 6."""
    rng = np.random.default_rng(SEED)
    lowest = []
    for K in range(1, 7):
        starts = [X[rng.permutation(X.shape[0])[:K]] for _ in range(3)]
        lowest.append(min(lloyd(X, start, 15).inertia_ / len(X) for start in starts))
        assert f"K = {K}: lowest distortion {lowest[-1]:.4f}" in TEXT
    assert (
        f"up to $K = 3$, from {lowest[0]:.2f} to {lowest[2]:.2f}, and then by less than 0.1" in TEXT
    )
    drops = -np.diff(lowest)
    assert np.all(drops[:2] > 2.0) and np.all((drops[2:] > 0) & (drops[2:] < 0.1))
    assert "the elbow is at $K = 3$, the number of groups" in TEXT


def _assign_loop(pixels, colours):
    """The hint's answer: one NumPy call per pixel."""
    idx = np.zeros(len(pixels), dtype=int)
    for i in range(len(pixels)):
        idx[i] = np.argmin(np.sum((colours - pixels[i]) ** 2, axis=1))
    return idx


def _assign_double_loop(pixels, colours):
    """A loop over the colours inside the loop over the pixels: one NumPy call per distance."""
    idx = np.zeros(len(pixels), dtype=int)
    for i in range(len(pixels)):
        distances = np.zeros(len(colours))
        for k in range(len(colours)):
            distances[k] = np.sum((pixels[i] - colours[k]) ** 2)
        idx[i] = np.argmin(distances)
    return idx


def _assign_vectorized(pixels, colours):
    return np.argmin(np.sum((pixels[:, None, :] - colours) ** 2, axis=2), axis=1)


def _fastest_seconds(assign, pixels, colours, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        assign(pixels, colours)
        times.append(time.perf_counter() - start)
    return min(times)


def test_what_sets_the_time_of_the_assignment():
    """The text states counts, not seconds: the distances per iteration and the loop passes of
    each way of writing the assignment; their relative times are measured on 1,000 pixels."""
    image = load_sample_photo("china.jpg", factor=4)
    pixels = image.reshape(-1, 3)
    m, K = len(pixels), 16
    assert f"${m:,} \\times {K} = {m * K:,}$ squared\ndistances".replace(",", "{,}") in TEXT
    assert f"runs its body {m:,} times per iteration" in TEXT
    assert "16 times as many, and takes several times longer" in TEXT
    (colours,) = random_starts(pixels, K, 1)
    sample = pixels[:1000]
    seconds = {
        assign: _fastest_seconds(assign, sample, colours)
        for assign in (_assign_loop, _assign_double_loop, _assign_vectorized)
    }
    assert seconds[_assign_double_loop] > 3 * seconds[_assign_loop]  # several times longer
    assert seconds[_assign_vectorized] < seconds[_assign_loop] / 5  # a small fraction
    height, width = load_sample_photo("china.jpg", factor=1).shape[:2]
    assert round(height * width / m) == 16
    assert "has 16 times\nmore pixels, so every iteration has 16 times more distances" in TEXT


def test_next_lab_is_the_next_in_the_syllabus():
    labs = [lab.id for lab in load_syllabus().labs]
    assert labs[labs.index(LAB.id) + 1] == "c3w1-anomaly-detection"
    assert "Next, in the anomaly detection lab" in TEXT
