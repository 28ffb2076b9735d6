"""c3w1-anomaly-detection: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against references computed here: NumPy's np.mean / np.var for the fitted Gaussian,
SciPy's multivariate_normal (diagonal covariance) for the density, and scikit-learn's f1_score on
each threshold of the same grid for the best epsilon. Stated values are rounded, so each
comparison is made at the precision the text prints (3 decimals for mu and var, 2 significant
digits for densities, 4 for epsilon, 4 decimals for F1; counts exactly).
"""

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.metrics import f1_score

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.data import make_servers, make_servers_11

LAB = load_syllabus().lab("c3w1-anomaly-detection")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)


def fit(X_train, X_val, y_val):
    """The Gaussian fit, the densities and the best threshold, from library functions only.

    Returns:
        mu, var (n,); p_train (m_train,); p_val (m_val,); epsilon; F1.
    """
    mu, var = np.mean(X_train, axis=0), np.var(X_train, axis=0)
    density = multivariate_normal(mean=mu, cov=np.diag(var))
    p_train, p_val = density.pdf(X_train), density.pdf(X_val)
    step = (p_val.max() - p_val.min()) / 1000
    epsilons = np.arange(p_val.min(), p_val.max(), step)
    scores = [f1_score(y_val, p_val < eps, zero_division=0.0) for eps in epsilons]
    best = int(np.argmax(scores))  # the first of the best, as the lab says
    return mu, var, p_train, p_val, epsilons[best], scores[best]


def flags_line(flagged, y):
    tp, fp = np.sum(flagged & (y == 1)), np.sum(flagged & (y == 0))
    fn = np.sum(~flagged & (y == 1))
    return (
        f"flagged: {flagged.sum()}, failing among them: {tp}, false alarms: {fp}, "
        f"failures missed: {fn}"
    )


@pytest.fixture(scope="module")
def servers():
    return make_servers()


@pytest.fixture(scope="module")
def servers_11():
    return make_servers_11()


def test_two_feature_fit_threshold_and_anomalies(servers):
    X_train, X_val, y_val = servers
    mu, var, p_train, p_val, epsilon, F1 = fit(X_train, X_val, y_val)
    assert f"failing servers in the validation set: {y_val.sum()} of {len(y_val)}" in TEXT
    assert (
        f"first training server: latency {X_train[0, 0]:.2f} ms, "
        f"throughput {X_train[0, 1]:.2f} mb/s" in TEXT
    )
    assert f"mu:  {np.round(mu, 3)}" in TEXT
    assert f"var: {np.round(var, 3)}" in TEXT
    assert f"p(x) of the first training server: {p_train[0]:.1e}" in TEXT
    assert f"smallest p(x) in the training set: {p_train.min():.1e}" in TEXT
    assert f"best epsilon: {epsilon:.3e}" in TEXT
    assert f"best F1: {F1:.4f}" in TEXT
    assert flags_line(p_val < epsilon, y_val) in TEXT
    n_anomalies = np.sum(p_train < epsilon)
    assert f"anomalies found in the training set: {n_anomalies}" in TEXT
    assert f"$F_1 = {F1:.3f}$ and {n_anomalies} anomalies among {len(X_train)} servers" in TEXT


def test_eleven_feature_threshold_and_anomalies(servers_11):
    X_train, X_val, y_val = servers_11
    _, _, p_train, p_val, epsilon, F1 = fit(X_train, X_val, y_val)
    assert (
        f"X_train_11: {X_train.shape}, X_val_11: {X_val.shape}, "
        f"failing in the validation set: {y_val.sum()}" in TEXT
    )
    assert f"best epsilon: {epsilon:.3e}" in TEXT
    assert f"best F1: {F1:.4f}" in TEXT
    flagged = p_val < epsilon
    assert flags_line(flagged, y_val) in TEXT
    n_anomalies = np.sum(p_train < epsilon)
    assert f"anomalies found in the training set: {n_anomalies}" in TEXT
    # The prose after the output explains the same counts.
    tp, fp = np.sum(flagged & (y_val == 1)), np.sum(flagged & (y_val == 0))
    assert f"catches\nall {tp} failing validation servers but raises {fp} false alarms" in TEXT
    assert f"precision $\\frac{{{tp}}}{{{tp + fp}}}$" in TEXT
    assert f"On the training set it flags {n_anomalies}\nservers" in TEXT
    assert f"($F_1 = {F1:.3f}$" in TEXT


def test_anomalies_left_in_the_training_set(servers):
    """Refitted without the anomalies it found, the model narrows; the labelled set's threshold
    follows it and flags the same validation servers."""
    X_train, X_val, y_val = servers
    mu, var, p_train, p_val, epsilon, F1 = fit(X_train, X_val, y_val)
    outliers = p_train < epsilon
    mu_clean, var_clean, _, p_val_clean, epsilon_clean, F1_clean = fit(
        X_train[~outliers], X_val, y_val
    )
    assert f"without\nthe {outliers.sum()} servers just found" in TEXT
    assert f"mu without the anomalies:  {np.round(mu_clean, 3)}" in TEXT
    assert f"var without the anomalies: {np.round(var_clean, 3)}" in TEXT
    assert f"best epsilon: {epsilon_clean:.3e}\nbest F1: {F1_clean:.4f}" in TEXT
    assert flags_line(p_val_clean < epsilon_clean, y_val) in TEXT
    shift = np.abs(mu - mu_clean)
    assert f"(by {shift[0]:.2f} ms and {shift[1]:.2f} mb/s)" in TEXT
    share = f"{outliers.sum()} servers, {outliers.mean():.0%} of the set"
    growth = var / var_clean - 1
    assert f"var larger with them by:   {growth[0]:.0%} and {growth[1]:.0%}" in TEXT
    assert f"{share}, make the variances\n{growth[0]:.0%} and {growth[1]:.0%} larger" in TEXT
    squared = (X_train[outliers] - mu_clean) ** 2 / var_clean  # in the healthy servers' spread
    mean_sq, sum_sq = squared.mean(axis=0), squared.sum(axis=0)
    assert f"on average {mean_sq[0]:.0f} and {mean_sq[1]:.0f} times a healthy server's" in TEXT
    assert f"as {sum_sq[0]:.0f} and {sum_sq[1]:.0f} healthy servers would" in TEXT
    assert "$\\varepsilon$ is about 3 times smaller" in TEXT and round(epsilon / epsilon_clean) == 3
    flagged, flagged_clean = p_val < epsilon, p_val_clean < epsilon_clean
    assert np.array_equal(flagged, flagged_clean) and F1 == F1_clean
    assert f"flags the same {flagged.sum()} validation servers with the same\n$F_1$" in TEXT
    kept = p_val_clean < epsilon  # the narrower model at the wider model's threshold
    false_alarms = np.sum(kept & (y_val == 0))
    assert f"it would flag {kept.sum()} of them, with {false_alarms} false alarms" in TEXT
    assert f"(variances {growth[0]:.0%} and {growth[1]:.0%}\n  larger)" in TEXT
    assert f"or without them, the same {flagged.sum()} validation servers are flagged" in TEXT


def test_next_lab_is_the_next_in_the_syllabus():
    labs = [lab.id for lab in load_syllabus().labs]
    assert labs[labs.index(LAB.id) + 1] == "c3w2-pca"
    assert "Next, in week 2: principal component analysis" in TEXT
