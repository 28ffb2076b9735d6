"""utils.labs.movie_features against small ratings frames whose features are worked out by hand."""

import numpy as np
import pandas as pd
import pytest

from utils.labs import movie_features

# Three movies, three users, seven ratings. Movie 10 is Action|Sci-Fi (2001), movie 20 Comedy
# (1994), movie 30 Action|Comedy (1999). User 1 rated 10 (4.0) and 20 (2.0); user 2 rated 10 (5.0),
# 20 (3.0) and 30 (1.0); user 3 rated 30 (4.5) and 10 (3.5).
RATINGS = pd.DataFrame(
    {
        "userId": [1, 1, 2, 2, 2, 3, 3],
        "movieId": [10, 20, 10, 20, 30, 30, 10],
        "title": ["A", "B", "A", "B", "C", "C", "A"],
        "year": [2001.0, 1994.0, 2001.0, 1994.0, 1999.0, 1999.0, 2001.0],
        "genres": [
            "Action|Sci-Fi",
            "Comedy",
            "Action|Sci-Fi",
            "Comedy",
            "Action|Comedy",
            "Action|Comedy",
            "Action|Sci-Fi",
        ],
        "rating": [4.0, 2.0, 5.0, 3.0, 1.0, 4.5, 3.5],
    }
)
GENRES = ["Action", "Comedy", "Sci-Fi"]


def test_genre_list_is_sorted_and_skips_the_placeholder():
    frame = pd.DataFrame({"genres": ["Sci-Fi|Action", "Comedy", "(no genres listed)", "Action"]})
    assert movie_features.genre_list(frame) == GENRES


def test_genre_matrix_is_one_hot_in_the_given_order():
    got = movie_features.genre_matrix(pd.Series(["Action|Sci-Fi", "Comedy", "Drama"]), GENRES)
    expected = [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]  # Drama is not a column
    np.testing.assert_array_equal(got.to_numpy(), expected)
    assert list(got.columns) == GENRES


def test_movie_table_has_year_average_and_genres():
    table = movie_features.movie_table(RATINGS, GENRES)
    assert list(table.columns) == ["year", "average rating", *GENRES]
    assert list(table.index) == [10, 20, 30]
    expected = np.array(
        [
            [2001.0, (4.0 + 5.0 + 3.5) / 3, 1.0, 0.0, 1.0],
            [1994.0, (2.0 + 3.0) / 2, 0.0, 1.0, 0.0],
            [1999.0, (1.0 + 4.5) / 2, 1.0, 1.0, 0.0],
        ]
    )
    np.testing.assert_allclose(table.to_numpy(), expected)


def test_user_table_averages_each_genre_and_fills_the_missing_ones_with_the_user_mean():
    table = movie_features.user_table(RATINGS, GENRES)
    assert list(table.columns) == ["rating count", "average rating", *GENRES]
    assert list(table.index) == [1, 2, 3]
    expected = np.array(
        [
            # user 1: Action and Sci-Fi from movie 10 (4.0), Comedy from movie 20 (2.0).
            [2.0, 3.0, 4.0, 2.0, 4.0],
            # user 2: Action = movies 10, 30 -> (5 + 1) / 2; Comedy = 20, 30 -> (3 + 1) / 2.
            [3.0, 3.0, 3.0, 2.0, 5.0],
            # user 3: Action = 30, 10 -> 4.0; Comedy = 30 -> 4.5; Sci-Fi = 10 -> 3.5.
            [2.0, 4.0, 4.0, 4.5, 3.5],
        ]
    )
    np.testing.assert_allclose(table.to_numpy(), expected)


def test_a_genre_never_rated_gets_the_user_mean():
    table = movie_features.user_table(RATINGS[RATINGS["userId"] == 1], [*GENRES, "Western"])
    np.testing.assert_allclose(table.loc[1].to_numpy(), [2.0, 3.0, 4.0, 2.0, 4.0, 3.0])


def test_new_user_vector_fills_the_other_genres_with_the_mean_of_the_given_ones():
    got = movie_features.new_user_vector({"Comedy": 5.0, "Sci-Fi": 2.0}, GENRES, n_ratings=8)
    np.testing.assert_allclose(got, [8.0, 3.5, 3.5, 5.0, 2.0])
    with pytest.raises(ValueError):
        movie_features.new_user_vector({"Drama": 5.0}, GENRES, n_ratings=1)
    with pytest.raises(ValueError):
        movie_features.new_user_vector({}, GENRES, n_ratings=1)


def test_rating_pairs_join_the_rows_of_both_tables_and_skip_unknown_ids():
    users = movie_features.user_table(RATINGS, GENRES)
    movies = movie_features.movie_table(RATINGS[RATINGS["movieId"] != 30], GENRES)
    user_X, item_X, y = movie_features.rating_pairs(RATINGS, users, movies)
    kept = RATINGS[RATINGS["movieId"] != 30]  # movie 30 is not in the movie table
    assert user_X.shape == (5, 5) and item_X.shape == (5, 5) and y.shape == (5,)
    np.testing.assert_array_equal(y, kept["rating"].to_numpy())
    for row, (user, movie) in enumerate(zip(kept["userId"], kept["movieId"], strict=True)):
        np.testing.assert_array_equal(user_X[row], users.loc[user].to_numpy())
        np.testing.assert_array_equal(item_X[row], movies.loc[movie].to_numpy())
