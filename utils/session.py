"""What the header cell of every notebook calls: the course style and the seeds."""

from __future__ import annotations

import random

import numpy as np

from utils import plotting


def start_lab(seed: int) -> None:
    """Prepare a notebook: apply the course plot style and seed the global random generators.

    Labs that draw random numbers create their own ``np.random.default_rng(seed)`` from the same
    seed, so that the values stated in the notebook's text are reproduced.

    Args:
        seed: the lab's seed.
    """
    plotting.use_course_style()
    random.seed(seed)
    np.random.seed(seed)
