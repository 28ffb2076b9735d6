"""Optional lab c3w2-pca: the numbers its text states agree with references computed here from
the data with np.linalg.svd and plain formulas (never scikit-learn's PCA, which the lab uses, nor
utils.interactive.pca, the lab's tool).

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself. A stated number must equal the reference rounded to the decimals the text shows
(tolerance: half a unit of the last digit shown).
"""

import numpy as np
import pytest

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import data

LAB = "c3w2-pca"


@pytest.fixture(scope="module")
def text() -> str:
    """All markdown text of the lab."""
    nb = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def pair() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The raw pair, its centred copy, and the SVD (s, Vt) of the centred copy."""
    X = data.make_correlated_pair()
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    return X, Xc, (s, Vt)


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    """The digits' pixels and the singular values of the centred pixels."""
    X, _ = data.load_digits()
    return X, np.linalg.svd(X - X.mean(axis=0), compute_uv=False)


def np_str(a) -> str:
    """How NumPy prints an array, e.g. '[2.958 2.01 ]'."""
    return str(np.asarray(a))


def svd_angle(Vt: np.ndarray) -> float:
    """The angle in degrees of the first principal direction's line, in (-90, 90)."""
    return float(np.degrees(np.arctan(Vt[0, 1] / Vt[0, 0])))


def test_centring(text, pair):
    X, Xc, _ = pair
    assert f"means: {np_str(np.round(X.mean(axis=0), 3))}" in text
    assert f"standard deviations: {np_str(np.round(X.std(axis=0), 3))}" in text
    assert np.allclose(Xc.mean(axis=0), 0.0) and "means after centring: [0. 0.]" in text


def test_projection_onto_the_diagonal(text, pair):
    """z = (x1 + x2) / sqrt 2 written out per example; Pythagoras gives the error."""
    _, Xc, _ = pair
    z = [(x1 + x2) / np.sqrt(2) for x1, x2 in Xc]
    zu = z[0] / np.sqrt(2)
    variance = sum(zi**2 for zi in z) / len(z)
    mse = sum(x1**2 + x2**2 - zi**2 for (x1, x2), zi in zip(Xc, z, strict=True)) / len(z)
    total = float(np.sum(Xc**2)) / len(z)
    assert (
        f"first example: x = {np_str(np.round(Xc[0], 3))}, z = {z[0]:.3f}, "
        f"z u = {np_str(np.round([zu, zu], 3))}"
    ) in text
    assert f"variance of z: {variance:.3f}\nmean squared error: {mse:.3f}" in text
    assert f"sum: {total:.3f}   total variance: {total:.3f}" in text


def test_the_tool_on_the_first_axis(text, pair):
    """At 0 degrees, z = x1: the variance is var(x1) and the error var(x2)."""
    X, _, _ = pair
    v1, v2 = np.var(X[:, 0]), np.var(X[:, 1])
    assert f"angle 0.0 degrees: variance {v1:.3f} + error {v2:.3f} = {v1 + v2:.3f}" in text


def test_the_best_angle_is_the_first_singular_vector(text, pair):
    """The variance along the k-th principal direction is s_k**2 / m (the tool divides by m)."""
    X, _, (s, Vt) = pair
    m = len(X)
    angle = svd_angle(Vt)
    assert f"best angle: {angle:.1f} degrees" in text
    assert f"angle of the first component: {angle:.1f} degrees" in text
    assert f"best axis, found with the slider, is at {angle:.1f}°" in text
    kept, lost = s[0] ** 2 / m, s[1] ** 2 / m
    assert f"variance {kept:.3f} + error {lost:.3f} = {kept + lost:.3f}" in text
    share = s[0] ** 2 / np.sum(s**2)
    assert f"share of the total variance kept: {share:.4f}" in text
    assert f"it keeps {share:.0%} of the total variance" in text  # section 4
    assert f"is at {angle:.1f}° and keeps {share:.0%} of the" in text  # what you saw


def test_components_ratios_and_eigenvalues(text, pair):
    """Rows of Vt with the sign convention of scikit-learn's svd_flip on components (the entry of
    largest magnitude of each row positive); eigenvalues of the covariance are s**2 / (m - 1)."""
    X, _, (s, Vt) = pair
    signs = np.sign(Vt[np.arange(2), np.argmax(np.abs(Vt), axis=1)])
    components = Vt * signs[:, None]
    assert f"components_:\n{np_str(np.round(components, 4))}" in text
    ratios = s**2 / np.sum(s**2)
    assert f"explained_variance_ratio_: {np_str(np.round(ratios, 4))}" in text
    assert f"eigenvalue shares:   {np_str(np.round(ratios, 4))}" in text
    eigenvalues = s**2 / (len(X) - 1)
    assert f"eigenvalues:         {np_str(np.round(eigenvalues, 4))}" in text
    assert f"explained_variance_: {np_str(np.round(eigenvalues, 4))}" in text
    assert f"its share {ratios[0]:.4f}" in text
    m = len(X)
    assert f"{eigenvalues[0]:.4f} × {m - 1}/{m} = {s[0] ** 2 / m:.3f}" in text


def test_digits_explained_variance(text, digits):
    X, s = digits
    ratios = s**2 / np.sum(s**2)
    cumulative = np.cumsum(ratios)
    assert f"X_digits: {X.shape}" in text
    assert f"first five ratios: {np_str(np.round(ratios[:5], 4))}" in text
    for share in (0.90, 0.95):
        k = int(np.sum(cumulative < share)) + 1
        assert f"components that keep {share:.0%} of the variance: {k}" in text
    assert f"variance kept by 2 components: {cumulative[1]:.4f}" in text
    assert "21 of 64 components keep 90%" in text and "29 keep 95%" in text
    assert f"first component alone keeps {ratios[0]:.0%}" in text
    assert f"two keep {cumulative[1]:.0%}" in text


def test_digits_reconstruction_errors(text, digits):
    """Rebuilding from k components loses the variance of the others: the mean squared error per
    pixel is sum(s_j**2 for j > k) / (m * 64)."""
    X, s = digits
    cumulative = np.cumsum(s**2) / np.sum(s**2)
    for k in (2, 10, 30):
        mse = np.sum(s[k:] ** 2) / X.size
        line = f"k = {k:2d}: variance kept {cumulative[k - 1]:.3f}, mean squared error per pixel"
        assert f"{line} {mse:.3f}" in text


LECTURE_POINTS = np.array([[99, -1], [98, -1], [97, -2], [101, 1], [102, 1], [103, 2]], dtype=float)


def svd_components(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The mean, the singular values and the principal directions (rows, the entry of largest
    magnitude of each positive, scikit-learn's sign convention) of the rows of X."""
    mean = X.mean(axis=0)
    _, s, Vt = np.linalg.svd(X - mean, full_matrices=False)
    signs = np.sign(Vt[np.arange(len(Vt)), np.argmax(np.abs(Vt), axis=1)])
    return mean, s, Vt * signs[:, None]


def project(X: np.ndarray, mean: np.ndarray, components: np.ndarray, k: int):
    """Coordinates on the first k components, shape (m, k); the rebuilt points, shape (m, n); and
    the mean squared distance between the points and their rebuilt copies."""
    Z = (X - mean) @ components[:k].T
    rebuilt = mean + Z @ components[:k]
    return Z, rebuilt, np.mean(np.sum((X - rebuilt) ** 2, axis=1))


def test_the_lectures_six_points_on_one_component(text):
    """z = (x - mean) . u1; the reconstruction mean + z u1 loses the second direction's
    variance, s2**2 / m."""
    X = LECTURE_POINTS
    mean, s, components = svd_components(X)
    Z, rebuilt, mse = project(X, mean, components, 1)
    z = Z[:, 0]
    ratio = s[0] ** 2 / np.sum(s**2)
    assert np.isclose(mse, s[1] ** 2 / len(X))  # "exactly the variance along the dropped ..."
    assert f"mean_: {np_str(mean)}" in text
    assert f"components_: {np_str(np.round(components[:1], 4))}" in text
    assert f"explained_variance_ratio_: {np_str(np.round([ratio], 4))}" in text
    assert f"z: {np_str(np.round(z, 3))}" in text
    assert f"rebuilt:\n{np_str(np.round(rebuilt, 2))}" in text
    assert f"mean squared error: {mse:.4f}" in text
    assert f"one component keeps {ratio:.1%} of their variance" in text
    assert np.allclose(X[:3] - mean, -(X[3:] - mean))  # mirror pairs around the mean
    assert f"originals, {mse:.4f}, is exactly the\nvariance (dividing by $m$) along" in text
    assert f"six points keep {ratio:.1%} of their variance" in text


def test_three_dimensions_down_to_the_plane(text):
    """Two directions keep s1**2 + s2**2 of the variance; the distance to their plane is the
    third direction's share, s3**2 / m per point."""
    X = data.make_tilted_plane()
    stated_plane = np.cross([2.0, 1.0, 1.2], [0.5, -1.5, 0.8])  # normal of the docstring's plane
    off_plane = (X - [5.0, 3.0, 1.0]) @ (stated_plane / np.linalg.norm(stated_plane))
    assert np.max(np.abs(off_plane)) < 1.0  # the points do lie near the stated plane
    mean, s, components = svd_components(X)
    ratios = s**2 / np.sum(s**2)
    Z, rebuilt, mse = project(X, mean, components, 2)
    assert np.isclose(mse, s[2] ** 2 / len(X))
    assert f"X3: {X.shape}" in text and f"Z3: {Z.shape}" in text
    assert f"explained_variance_ratio_: {np_str(np.round(ratios, 4))}" in text
    assert f"kept by 2 components: {ratios[:2].sum():.4f}" in text
    assert f"mean squared distance to the plane: {mse:.4f}" in text
    assert f"The first two components keep {ratios[:2].sum():.1%} of the variance" in text
    assert f"is $\\sqrt{{{mse:.4f}}} \\approx {np.sqrt(mse):.2f}$, against" in text
    assert f"only {ratios[2]:.1%} of the variance\nis lost" in text
    assert np.all(np.ptp(Z, axis=0) > 5.0)  # "a spread of several units along it"
    assert f"100 points in 3-D keep {ratios[:2].sum():.1%} in the two" in text
