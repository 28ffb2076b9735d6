"""c4w3-convolution-step-by-step: the lab's functions and the numbers its text states agree with
TensorFlow.

The solution (the answer cells of the instructor source) and the given backward passes run here on
seeded random cases of several shapes, strides, paddings and window sizes, and are compared with
``tf.pad``, ``tf.nn.conv2d`` (explicit zero padding, then "VALID"), ``tf.nn.max_pool2d``,
``tf.nn.avg_pool2d`` and ``tf.GradientTape``. Every number the text states is recomputed with those
references, at the precision the text prints it.
"""

import re

import numpy as np
import pytest
import tensorflow as tf
from helpers import NUMBER, assert_rounded, markdown, numbers_after, stated

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import image_data

LAB = "c4w3-convolution-step-by-step"
TEXT = markdown(LAB)
FLAT = " ".join(TEXT.split())
SEED = 0

# (m, n_H_prev, n_W_prev, n_C_prev, f, n_C, stride, pad)
CONV_CASES = [
    (1, 4, 4, 1, 2, 1, 1, 0),
    (2, 5, 7, 4, 3, 8, 2, 1),
    (2, 6, 5, 2, 3, 4, 1, 2),
    (1, 7, 7, 2, 4, 3, 3, 1),
    (3, 8, 6, 3, 1, 2, 2, 0),
    (1, 9, 9, 1, 5, 2, 2, 2),
]
# (m, n_H_prev, n_W_prev, n_C, f, stride)
POOL_CASES = [(1, 4, 4, 1, 2, 2), (2, 5, 5, 3, 3, 1), (2, 5, 7, 2, 2, 2), (1, 7, 6, 2, 3, 3)]


@pytest.fixture(scope="module")
def lab():
    """The solution's functions and the given backward passes, run from the source's cells."""
    source = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).source)
    namespace = {"np": np}
    given = ("def conv_backward", "def create_mask_from_window")
    for cell in source.cells:
        if cells.is_answer_cell(cell) or cell.source.startswith(given):
            exec(cell.source, namespace)
    return namespace


def tf_pad(A, pad):
    return tf.pad(A, [[0, 0], [pad, pad], [pad, pad], [0, 0]])


def tf_conv(A, W, b, stride, pad):
    """TensorFlow's convolution of the zero-padded input, plus the biases."""
    Z = tf.nn.conv2d(tf_pad(A, pad), W, strides=stride, padding="VALID")
    return Z + tf.reshape(b, [-1])


def tf_pool(A, f, stride, mode):
    pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
    return pool(tf.constant(A), ksize=f, strides=stride, padding="VALID").numpy()


def random_layer(rng, m, n_H_prev, n_W_prev, n_C_prev, f, n_C):
    return (
        rng.standard_normal((m, n_H_prev, n_W_prev, n_C_prev)),
        rng.standard_normal((f, f, n_C_prev, n_C)),
        rng.standard_normal((1, 1, 1, n_C)),
    )


# --- the solution against TensorFlow ------------------------------------------------------------


@pytest.mark.parametrize("pad", [0, 1, 3])
def test_zero_pad_matches_tf_pad(lab, pad):
    X = np.random.default_rng(pad).standard_normal((2, 3, 4, 5))
    assert np.array_equal(lab["zero_pad"](X, pad), tf_pad(X, pad).numpy())


def test_conv_single_step_is_the_sum_of_the_products_plus_b(lab):
    rng = np.random.default_rng(1)
    for f, n_C_prev in [(1, 1), (3, 2), (4, 3)]:
        a, W = rng.standard_normal((f, f, n_C_prev)), rng.standard_normal((f, f, n_C_prev))
        b = rng.standard_normal((1, 1, 1))
        Z = lab["conv_single_step"](a, W, b)
        assert np.ndim(Z) == 0
        assert np.isclose(Z, float(tf.reduce_sum(a * W)) + b.item(), rtol=1e-12)


@pytest.mark.parametrize("case", CONV_CASES, ids=str)
def test_conv_forward_matches_tf_conv2d(lab, case):
    *shape, stride, pad = case
    A, W, b = random_layer(np.random.default_rng(sum(case)), *shape)
    hparameters = {"stride": stride, "pad": pad}
    Z, cache = lab["conv_forward"](A, W, b, hparameters)
    reference = tf_conv(A, W, b, stride, pad).numpy()
    assert Z.shape == reference.shape
    assert np.allclose(Z, reference, rtol=1e-10, atol=1e-12)
    assert cache[0] is A and cache[1] is W and cache[2] is b and cache[3] is hparameters


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("case", POOL_CASES, ids=str)
def test_pool_forward_matches_tf_pooling(lab, case, mode):
    m, n_H_prev, n_W_prev, n_C, f, stride = case
    A_prev = np.random.default_rng(sum(case)).standard_normal((m, n_H_prev, n_W_prev, n_C))
    A, cache = lab["pool_forward"](A_prev, {"f": f, "stride": stride}, mode=mode)
    reference = tf_pool(A_prev, f, stride, mode)
    assert A.shape == reference.shape
    assert np.allclose(A, reference, rtol=1e-12, atol=1e-12)
    assert cache[0] is A_prev and cache[1] == {"f": f, "stride": stride}


@pytest.mark.parametrize("case", CONV_CASES, ids=str)
def test_conv_backward_matches_gradient_tape(lab, case):
    *shape, stride, pad = case
    rng = np.random.default_rng(sum(case) + 100)
    A, W, b = random_layer(rng, *shape)
    Z, cache = lab["conv_forward"](A, W, b, {"stride": stride, "pad": pad})
    dZ = rng.standard_normal(Z.shape)
    variables = [tf.Variable(v) for v in (A, W, b)]
    with tf.GradientTape() as tape:
        cost = tf.reduce_sum(tf_conv(*variables, stride, pad) * dZ)
    for got, reference in zip(
        lab["conv_backward"](dZ, cache), tape.gradient(cost, variables), strict=True
    ):
        assert np.allclose(got, reference.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("mode", ["max", "average"])
@pytest.mark.parametrize("case", POOL_CASES, ids=str)
def test_pool_backward_matches_gradient_tape(lab, case, mode):
    m, n_H_prev, n_W_prev, n_C, f, stride = case
    rng = np.random.default_rng(sum(case) + 200)
    A_prev = rng.standard_normal((m, n_H_prev, n_W_prev, n_C))
    A, cache = lab["pool_forward"](A_prev, {"f": f, "stride": stride}, mode=mode)
    dA = rng.standard_normal(A.shape)
    variable = tf.Variable(A_prev)
    pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
    with tf.GradientTape() as tape:
        cost = tf.reduce_sum(pool(variable, ksize=f, strides=stride, padding="VALID") * dA)
    reference = tape.gradient(cost, variable).numpy()
    assert np.allclose(lab["pool_backward"](dA, cache, mode), reference, rtol=1e-10, atol=1e-12)


# --- the numbers the text states ----------------------------------------------------------------


def test_zero_pad_example_as_stated():
    x = np.random.default_rng(SEED).standard_normal((4, 3, 3, 2))
    x_pad = tf_pad(x, 3).numpy()
    assert "x_pad.shape = (4, 9, 9, 2)" in TEXT and x_pad.shape == (4, 9, 9, 2)
    assert_rounded(numbers_after(TEXT, "x[1, 1, :, 0] ="), x[1, 1, :, 0], 4)
    assert_rounded(numbers_after(TEXT, "x_pad[1, 4, :, 0] ="), x_pad[1, 4, :, 0], 4)
    assert np.all(x_pad[1, 4, :3, 0] == 0) and np.all(x_pad[1, 4, 6:, 0] == 0)  # "3 zeros"


def test_single_step_examples_as_stated():
    # the worked example of section 3: -3, and -2.5 with b = 0.5
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, 0.0], [0.0, -1.0]])
    assert float(tf.reduce_sum(a * W)) == -3 and "= -3$" in FLAT and "$z = -2.5$" in FLAT
    rng = np.random.default_rng(SEED + 1)
    a, W, b = (rng.standard_normal(s) for s in ((4, 4, 3), (4, 4, 3), (1, 1, 1)))
    assert_rounded(stated(TEXT, rf"Z = {NUMBER}\n"), [float(tf.reduce_sum(a * W)) + b.item()], 4)


def test_conv_layer_example_as_stated():
    # the worked sizes of section 4: 5 x 7 input, f = 3, p = 1, s = 2
    n_H, n_W = (5 - 3 + 2) // 2 + 1, (7 - 3 + 2) // 2 + 1
    assert f"\\lfloor 4 / 2 \\rfloor + 1 = {n_H}$" in FLAT
    assert f"\\lfloor 6 / 2 \\rfloor + 1 = {n_W}$" in FLAT
    rng = np.random.default_rng(SEED + 2)
    A, W, b = random_layer(rng, 2, 5, 7, 4, 3, 8)
    Z = tf_conv(A, W, b, 2, 1).numpy()
    assert f"Z.shape = {Z.shape}" in TEXT and Z.shape == (2, n_H, n_W, 8)
    assert_rounded(stated(TEXT, rf"Z's mean = {NUMBER}"), [Z.mean()], 4)
    assert_rounded(numbers_after(TEXT, "Z[0, 2, 1] ="), Z[0, 2, 1], 4)
    assert_rounded(numbers_after(TEXT, "cache_conv[0][1][3][2] ="), A[1][3][2], 4)


@pytest.fixture(scope="module")
def cat():
    """The grey photo (300 x 448), A_cat by TensorFlow's average pooling, and the three filters'
    output by TensorFlow's convolution (p = 1, s = 1)."""
    grey = image_data.load_photo("chelsea").mean(axis=2)[:, :448]
    A_cat = tf_pool(grey.reshape(1, 300, 448, 1), 4, 4, "average")
    vertical = np.array([[1.0, 0.0, -1.0]] * 3)
    W = np.stack([vertical, vertical.T, np.full((3, 3), 1 / 9)], axis=-1).reshape(3, 3, 1, 3)
    return grey, A_cat, W, tf_conv(A_cat, W, np.zeros(3), 1, 1).numpy()


def test_the_photo_and_its_filters_as_stated(cat):
    grey, A_cat, W, Z_cat = cat
    assert image_data.load_photo("chelsea").shape == (300, 451, 3)
    assert "$300 \\times 451$ pixels in colour" in FLAT
    line = f"A_cat.shape = {A_cat.shape}, pixels from {A_cat.min():.3f} to {A_cat.max():.3f}"
    assert line in TEXT
    assert f"Z_cat.shape = {Z_cat.shape}" in TEXT
    stride_2 = tf_conv(A_cat, W, np.zeros(3), 2, 1).numpy()
    assert f"with stride 2: {stride_2.shape}" in TEXT
    # On an even patch the edge filters give 0; brighter on the left gives a positive number.
    assert np.allclose(np.sum(np.ones((3, 3))[:, :, None] * W[:, :, :, :2], axis=(0, 1, 2)), 0)
    left_bright = np.array([[1.0, 0.5, 0.0]] * 3)
    assert np.sum(left_bright * W[:, :, 0, 0]) > 0


def test_the_padding_makes_false_edges_as_stated(cat):
    _, _, _, Z_cat = cat
    vertical = np.abs(Z_cat[0, :, :, 0])
    borders = [vertical[:, 0].mean(), vertical[:, -1].mean()]
    inside = vertical[:, 1:-1].mean()
    assert "about 1.4 to 1.5 in absolute value, against 0.16 on average inside" in FLAT
    assert all(round(value, 1) in (1.4, 1.5) for value in borders)
    assert round(inside, 2) == 0.16
    # the largest response of the map is on a border column
    row, column = np.unravel_index(vertical.argmax(), vertical.shape)
    assert column in (0, vertical.shape[1] - 1)
    assert f"({vertical.max():.4f})" in FLAT
    # the horizontal map: the same on its top and bottom rows
    horizontal = np.abs(Z_cat[0, :, :, 1])
    assert horizontal[[0, -1]].mean() > 5 * horizontal[1:-1].mean()


def test_pooling_examples_as_stated(lab, cat):
    sixteen = np.arange(16.0).reshape(1, 4, 4, 1)
    maxed = tf_pool(sixteen, 2, 2, "max")[0, :, :, 0]
    averaged = tf_pool(sixteen, 2, 2, "average")[0, :, :, 0]
    assert maxed.tolist() == [[5, 7], [13, 15]] and averaged.tolist() == [[2.5, 4.5], [10.5, 12.5]]
    assert "\\begin{bmatrix} 5 & 7 \\\\ 13 & 15 \\end{bmatrix}" in FLAT
    assert "\\begin{bmatrix} 2.5 & 4.5 \\\\ 10.5 & 12.5 \\end{bmatrix}" in FLAT

    A_prev = np.random.default_rng(SEED + 3).standard_normal((2, 5, 5, 3))
    for stride in (1, 2):
        for mode in ("max", "average"):
            A = tf_pool(A_prev, 3, stride, mode)
            label = f"stride {stride}, {mode}:"
            prefix = f"{label:19}A.shape = {A.shape}, A[1, 1, 1] ="
            assert_rounded(numbers_after(TEXT, prefix), A[1, 1, 1], 4)

    grey, A_cat, _, Z_cat = cat
    edges = np.abs(Z_cat[:, :, :, :1])
    for mode in ("max", "average"):
        pooled = tf_pool(edges, 4, 4, mode)
        line = f"{mode} pooled edges: {pooled.shape}, from {pooled.min():.4f} to {pooled.max():.4f}"
        assert line in TEXT
    assert f"({tf_pool(edges, 4, 4, 'average').max():.4f} at most)" in FLAT
    assert "18 rows, not $75 / 4 = 18.75$" in FLAT and "the last 3 of the 75 rows" in FLAT
    assert (75 - 4) // 4 + 1 == 18 and 75 - 18 * 4 == 3
    # section 5's shrinking is the solution's average pooling with f = s = 4
    A_small, _ = lab["pool_forward"](grey.reshape(1, 300, 448, 1), {"f": 4, "stride": 4}, "average")
    assert A_small.shape == (1, 75, 112, 1) and np.allclose(A_small, A_cat)


def test_backward_means_as_stated():
    """Section 7's last line: the derivatives of sum(Z * Z0) for the layer of section 4, with
    dZ = Z0 its output, by GradientTape."""
    rng = np.random.default_rng(SEED + 2)
    A, W, b = random_layer(rng, 2, 5, 7, 4, 3, 8)
    Z0 = tf_conv(A, W, b, 2, 1).numpy()
    variables = [tf.Variable(v) for v in (A, W, b)]
    with tf.GradientTape() as tape:
        cost = tf.reduce_sum(tf_conv(*variables, 2, 1) * Z0)
    means = [g.numpy().mean() for g in tape.gradient(cost, variables)]
    pattern = rf"dA_prev's mean = {NUMBER}, dW's mean = {NUMBER}, db's mean = {NUMBER}"
    assert_rounded(stated(TEXT, pattern), means, 4)


def test_the_header_names_the_four_exercises():
    header = " ".join(TEXT.split("## 1.")[0].split())
    for number, name in enumerate(
        ["zero_pad", "conv_single_step", "conv_forward", "pool_forward"], start=1
    ):
        assert re.search(rf"\*\*exercise {number}\*\*, `{name}`", header)
