"""Feature vectors of users and movies for content-based filtering (graded lab c3w2-content-based).

Content-based filtering describes each user and each movie by a vector of features and learns
from pairs (user vector, movie vector, rating). This module builds those vectors from a frame of
ratings as ``utils.data.load_movielens`` returns it (columns userId, movieId, title, year, genres,
rating), with pandas only:

- a movie: its year, its average rating, and one column per genre, 1 when the movie has the genre
  and 0 otherwise (:func:`movie_table`);
- a user: the number of ratings, the average rating, and for each genre the user's average rating
  of the movies of that genre; a genre the user never rated gets the user's overall average, a
  neutral value that says "no evidence either way" (:func:`user_table`, :func:`new_user_vector`);
- one training example per rating: the rater's vector, the movie's vector and the rating
  (:func:`rating_pairs`).

Build the tables from the training ratings only, so that no test rating leaks into the features
the model sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

NO_GENRE = "(no genres listed)"
USER_COLUMNS = ("rating count", "average rating")
MOVIE_COLUMNS = ("year", "average rating")


def genre_list(ratings: pd.DataFrame) -> list[str]:
    """The genres of the rated movies, in alphabetical order.

    Args:
        ratings: one row per rating, with a ``genres`` column such as ``"Action|Sci-Fi"``.

    Returns:
        The distinct genres, without MovieLens's placeholder ``"(no genres listed)"``.
    """
    found = set(ratings["genres"].str.split("|").explode())
    return sorted(found - {NO_GENRE})


def genre_matrix(genres: pd.Series, genre_names: Sequence[str]) -> pd.DataFrame:
    """One-hot genres: column ``g`` is 1.0 where the genre string lists ``g``, else 0.0.

    Args:
        genres: genre strings such as ``"Action|Sci-Fi"``, shape (m,).
        genre_names: the columns to make, in order; other genres are ignored.

    Returns:
        A float frame of shape (m, len(genre_names)) with the index of ``genres``.
    """
    dummies = genres.str.get_dummies(sep="|")
    return dummies.reindex(columns=list(genre_names), fill_value=0).astype(float)


def movie_table(ratings: pd.DataFrame, genre_names: Sequence[str]) -> pd.DataFrame:
    """The feature vector of every rated movie.

    Args:
        ratings: one row per rating (userId, movieId, title, year, genres, rating).
        genre_names: the genres to one-hot encode, e.g. ``genre_list(ratings)``.

    Returns:
        A frame indexed by movieId (sorted) with the columns ``year``, ``average rating`` (the
        mean of the movie's ratings in ``ratings``) and one 0/1 column per genre: shape
        (number of movies, 2 + len(genre_names)), floats.
    """
    movies = ratings.groupby("movieId").agg(
        year=("year", "first"), genres=("genres", "first"), average=("rating", "mean")
    )
    table = pd.DataFrame(
        {"year": movies["year"].astype(float), "average rating": movies["average"]},
        index=movies.index,
    )
    return pd.concat([table, genre_matrix(movies["genres"], genre_names)], axis=1)


def user_table(ratings: pd.DataFrame, genre_names: Sequence[str]) -> pd.DataFrame:
    """The feature vector of every user who rated a movie.

    The genre average of user u for genre g is the mean of u's ratings of the movies that have
    genre g (a movie with several genres counts in each); when u rated no movie of genre g, it is
    u's average rating.

    Args:
        ratings: one row per rating (userId, movieId, title, year, genres, rating).
        genre_names: the genres, in the order of the columns to make.

    Returns:
        A frame indexed by userId (sorted) with the columns ``rating count``, ``average rating``
        and one column per genre: shape (number of users, 2 + len(genre_names)), floats.
    """
    onehot = genre_matrix(ratings["genres"], genre_names)
    by_user = ratings["userId"]
    sums = onehot.mul(ratings["rating"], axis=0).groupby(by_user).sum()
    counts = onehot.groupby(by_user).sum()
    average = ratings.groupby("userId")["rating"].mean()
    genre_average = (sums / counts.where(counts > 0)).apply(lambda col: col.fillna(average))
    table = pd.DataFrame(
        {
            "rating count": ratings.groupby("userId").size().astype(float),
            "average rating": average,
        }
    )
    return pd.concat([table, genre_average], axis=1)


def new_user_vector(
    genre_ratings: Mapping[str, float], genre_names: Sequence[str], n_ratings: int
) -> np.ndarray:
    """The feature vector of a new user described by the average rating they give some genres.

    Built like a row of :func:`user_table`: the average rating is the mean of the given genre
    ratings, and every genre not given gets that average.

    Args:
        genre_ratings: e.g. ``{"Animation": 5.0, "Horror": 1.0}``; keys must be in genre_names.
        genre_names: the genres, in the order of the table's columns.
        n_ratings: the number of ratings the user is supposed to have made.

    Returns:
        An array of shape (2 + len(genre_names),): count, average, then one value per genre.

    Raises:
        ValueError: no genre is given, or a genre is not in genre_names.
    """
    unknown = set(genre_ratings) - set(genre_names)
    if not genre_ratings or unknown:
        raise ValueError(f"give ratings for some of {list(genre_names)}; unknown: {unknown}")
    average = float(np.mean(list(genre_ratings.values())))
    per_genre = [float(genre_ratings.get(name, average)) for name in genre_names]
    return np.array([float(n_ratings), average, *per_genre])


def rating_pairs(
    ratings: pd.DataFrame, users: pd.DataFrame, movies: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One training example per rating: the user's vector, the movie's vector and the rating.

    Ratings whose user is not in ``users`` or whose movie is not in ``movies`` are left out.

    Args:
        ratings: one row per rating, with userId, movieId and rating.
        users: a :func:`user_table`, indexed by userId.
        movies: a :func:`movie_table`, indexed by movieId.

    Returns:
        ``(user_X, item_X, y)`` of shapes (m, users.shape[1]), (m, movies.shape[1]) and (m,),
        in the order of ``ratings``, m being the number of ratings kept.
    """
    kept = ratings[ratings["userId"].isin(users.index) & ratings["movieId"].isin(movies.index)]
    user_X = users.loc[kept["userId"]].to_numpy(dtype=float)
    item_X = movies.loc[kept["movieId"]].to_numpy(dtype=float)
    return user_X, item_X, kept["rating"].to_numpy(dtype=float)
