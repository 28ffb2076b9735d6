"""utils.session: the header cell's start_lab (style, seeds) and the quick switch."""

import random

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from utils import plotting  # noqa: E402
from utils.session import start_lab  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_style():
    with plt.style.context("default"):
        yield
    plt.close("all")


def test_start_lab_applies_the_style_and_seeds_the_global_generators():
    start_lab(3)
    first = (random.random(), np.random.rand())
    start_lab(3)
    assert (random.random(), np.random.rand()) == first
    first_colour = plt.rcParams["axes.prop_cycle"].by_key()["color"][0]
    assert to_hex(first_colour).upper() == plotting.COLORS.series[0]


def test_quick_switch_reads_the_environment(monkeypatch):
    from utils.session import quick

    for value, expected in (("1", True), ("yes", True), ("0", False), ("", False)):
        monkeypatch.setenv("COURSE_QUICK", value)
        assert quick() is expected
    monkeypatch.delenv("COURSE_QUICK")
    assert quick() is False


def test_start_lab_seeds_keras_when_the_header_imported_it(monkeypatch):
    import sys
    import types

    seeds = []
    fake = types.SimpleNamespace(utils=types.SimpleNamespace(set_random_seed=seeds.append))
    monkeypatch.setitem(sys.modules, "keras", fake)
    start_lab(7)
    assert seeds == [7]


def test_start_lab_limits_blas_to_the_threads_asked_for():
    from threadpoolctl import threadpool_info, threadpool_limits

    with threadpool_limits(limits=None):  # restores the test process's own limits afterwards
        start_lab(0, blas_threads=1)
        blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        assert blas and all(pool["num_threads"] == 1 for pool in blas)
