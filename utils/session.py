"""What the header cell of every notebook calls: course style, seeds, and the quick switch."""

from __future__ import annotations

import os
import random
import sys

import numpy as np

from utils import plotting

QUICK_ENV = "COURSE_QUICK"


def start_lab(seed: int, *, blas_threads: int | None = None) -> None:
    """Prepare a notebook: apply the course plot style and seed the global random generators.

    Labs that draw random numbers create their own ``np.random.default_rng(seed)`` from the same
    seed, so that the values stated in the notebook's text are reproduced. When the header cell
    imported Keras before calling this, Keras (and through it TensorFlow) is seeded too, with
    ``keras.utils.set_random_seed``.

    Labs that compute with many small NumPy matrix products (networks written from scratch) ask
    for ``blas_threads=1``: on two cores, OpenBLAS's threads make such products 10 to 20 times
    slower than one thread.

    Args:
        seed: the lab's seed.
        blas_threads: if given, the most threads NumPy's BLAS may use for the rest of the session.
    """
    plotting.use_course_style()
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:  # never imported here: TensorFlow takes seconds to load
        sys.modules["keras"].utils.set_random_seed(seed)
    if blas_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=blas_threads)


def quick() -> bool:
    """True when a long training should run its short version.

    The tests and the autograder's tests set ``COURSE_QUICK=1``; learners leave it unset and get
    the full run. A lab reads it once, e.g. ``EPOCHS = 5 if quick() else 100``.
    """
    return os.environ.get(QUICK_ENV, "") not in ("", "0")
