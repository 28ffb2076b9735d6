"""c4w4-transfer-learning: the solution and the numbers its text states, against independent
references.

- The data: the new task's split redrawn here, its sizes and balance against the text; every
  shape of the lab is its own left-right mirror image (what makes RandomFlip("horizontal") right).
- The parameter counts: worked out from the layer sizes, (f * f * n_C_prev + 1) * n_C for a
  convolution and (n_in + 1) * n_out for Dense, against the text and the solution's models.
- The augmenter's factor: the fraction of a turn in degrees.
- The solution's transfer model: at inference, its logits recomputed from its weights with
  ``tf.nn.conv2d``, ``tf.nn.max_pool2d``, ``tf.reduce_mean`` and a matrix product.
- The logistic regression on the raw pixels: scikit-learn's, on the split redrawn here.
- Training (slow): the notebook's training cells, full run, must fall in the ranges the text
  states (quick mode prints the same checks, which tests/labs/test_run.py reads), and transfer
  must beat the network from scratch by a wide margin.
"""

import os
import re

import numpy as np
import pytest
import tensorflow as tf
from helpers import markdown

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils import image_data

LAB = load_syllabus().lab("c4w4-transfer-learning")
NB = cells.read_notebook(REPO_ROOT / LAB.source)
TEXT = markdown(LAB.id)
PROSE = " ".join(TEXT.split())
CODE_CELLS = [c.source for c in NB.cells if c.cell_type == "code"]
CODE = "\n".join(CODE_CELLS)
SEED = 0


def _cell(start: str) -> str:
    return next(source for source in CODE_CELLS if source.startswith(start))


@pytest.fixture(scope="module")
def solution():
    ns: dict = {}
    exec(cells.cell_source(NB, "setup"), ns)
    for exercise in ("data_augmenter", "transfer_model"):
        exec(cells.cell_source(NB, exercise), ns)
    exec(_cell("def make_base"), ns)
    return ns


def _split():
    """The new task's split, redrawn with the lab's seed: 10 of each shape to train."""
    X, y = image_data.make_shapes(440, size=32, seed=SEED + 3, kinds=image_data.NEW_SHAPES)
    few = np.concatenate([np.flatnonzero(y == k)[:10] for k in range(4)])
    rest = np.setdiff1d(np.arange(len(y)), few)
    return X, y, few, rest


def test_the_split_sizes():
    X, y, few, rest = _split()
    assert np.bincount(y[few]).tolist() == [10] * 4 and np.bincount(y[rest]).tolist() == [100] * 4
    assert f"old task: {image_data.SHAPES}" in TEXT
    assert (
        f"new task: {image_data.NEW_SHAPES}, {len(few)} to train (10 per shape), "
        f"{len(rest)} to test" in TEXT
    )
    assert f"the other {len(rest)} are the test set" in PROSE
    assert "keeps **10 of each** for training, 40 in all" in PROSE
    assert (
        "3,000 circles, squares, triangles and crosses to train on (1,500 in quick mode)" in PROSE
    )
    assert "N_OLD, BASE_EPOCHS = (1500, 4) if quick() else (3000, 6)" in CODE


@pytest.mark.parametrize("kind", image_data.SHAPES + image_data.NEW_SHAPES)
def test_every_shape_is_its_own_left_right_mirror_image(kind):
    mask = image_data.shape_mask(kind, 21, 10.5, 10.5, 6.0)
    assert mask.any() and np.array_equal(mask, mask[:, ::-1]), kind
    assert "every shape of the lab is its own mirror image" in PROSE


def test_a_diamond_turned_by_45_degrees_is_a_square():
    """The text's reason for a small rotation: a diamond of half width r turned by 45 degrees is
    the square of half width r / sqrt(2), an x is a plus sign (compared away from the border)."""
    y, x = np.mgrid[0:201, 0:201] + 0.5 - 100.5
    u, v = (y + x) / np.sqrt(2), (y - x) / np.sqrt(2)  # the coordinates turned by 45 degrees
    diamond_turned = np.abs(u) + np.abs(v) <= 60
    square = np.maximum(np.abs(y), np.abs(x)) <= 60 / np.sqrt(2)
    assert np.mean(diamond_turned != square) < 0.01
    assert "a diamond turned by 45° is a square and an x is a plus sign" in PROSE


def _conv(f, n_in, n_out):
    return (f * f * n_in + 1) * n_out


def test_parameter_counts_follow_the_formulas(solution):
    convs = [_conv(3, 3, 16), _conv(3, 16, 32), _conv(3, 32, 64)]
    assert convs == [448, 4640, 18496]
    base = sum(convs)
    head = 64 * 4 + 4
    assert f"$448 + 4{{,}}640 + 18{{,}}496 = {base // 1000}{{,}}{base % 1000:03d}$" in PROSE
    assert "$64 \\cdot 4 + 4 = 260$" in PROSE and head == 260
    total, fine = base + head, base + head - convs[0]
    assert f"fine_tune_at=None: output (None, 4), learned weights {head} of {total}" in TEXT
    assert f"fine_tune_at=2: output (None, 4), learned weights {fine} of {total}" in TEXT
    assert f"each update of {fine:,} weights" in PROSE
    assert f"too few for {base:,} weights of convolutions" in PROSE
    assert "($4{,}640 + 18{,}496$ more)" in PROSE and "first convolution (448 weights)" in PROSE
    base_model = solution["make_base"]()
    assert len(base_model.layers) == 5 and "It has 5 layers" in PROSE
    assert tuple(base_model.output_shape) == (None, 8, 8, 64)
    model = solution["transfer_model"](base_model, 4, 2)
    shapes = [tuple(layer.output.shape) for layer in model.layers[-3:]]
    assert shapes == [(None, 64), (None, 64), (None, 4)]
    assert "| average | `GlobalAveragePooling2D()` | $(64,)$ |" in TEXT
    assert "| $(8, 8, 64)$ |" in TEXT
    assert model.count_params() == total
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == fine


def test_the_augmenters_factor_in_degrees():
    assert 0.05 * 360 == 18 and "$0.05 \\times 360° = 18°$" in PROSE
    assert 0.2 * 360 == 72 and "20% of a turn is 72°" in PROSE
    assert 'RandomFlip("horizontal")' in CODE and "RandomRotation(0.05)" in CODE


def test_the_transfer_model_agrees_with_tf_nn(solution):
    """The solution's model at inference: its logits recomputed from its own weights."""
    base = solution["make_base"]()
    model = solution["transfer_model"](base, 4, None)
    rng = np.random.default_rng(7)
    model.set_weights([rng.normal(0.0, 0.3, w.shape).astype("float32") for w in model.weights])
    X = rng.uniform(0.0, 1.0, (4, 32, 32, 3)).astype("float32")
    (k1, b1), (k2, b2), (k3, b3) = (layer.get_weights() for layer in base.layers if layer.weights)
    A = tf.nn.relu(tf.nn.conv2d(X, k1, 1, "SAME") + b1)
    A = tf.nn.max_pool2d(A, 2, 2, "VALID")
    A = tf.nn.relu(tf.nn.conv2d(A, k2, 1, "SAME") + b2)
    A = tf.nn.max_pool2d(A, 2, 2, "VALID")
    A = tf.nn.relu(tf.nn.conv2d(A, k3, 1, "SAME") + b3)
    kernel, bias = model.layers[-1].get_weights()
    expected = tf.reduce_mean(A, axis=(1, 2)).numpy() @ kernel + bias
    assert np.allclose(model(X, training=False), expected, rtol=1e-4, atol=1e-5)


def test_logistic_regression_on_the_raw_pixels():
    from sklearn.linear_model import LogisticRegression

    X, y, few, rest = _split()
    model = LogisticRegression(solver="newton-cg", max_iter=1000).fit(
        X[few].reshape(len(few), -1), y[few]
    )
    accuracy = model.score(X[rest].reshape(len(rest), -1), y[rest])
    assert f"raw pixels of the 40 pictures: test accuracy {accuracy:.3f}" in TEXT
    assert f"gets {100 * accuracy:.0f}% of the test pictures right" in PROSE
    assert accuracy <= 0.3 and "no better than chance" in PROSE


def _ranges():
    """The full run's ranges the text states, and the same ones (and the quick ones) in the code's
    checks."""
    found = {
        "frozen": re.search(
            r"frozen base with a new head reaches between (\d+)% and (\d+)% on the 400 test "
            r"pictures in the full run .*? in quick mode, .*? between (\d+)% and (\d+)%\.",
            PROSE,
        ),
        "fine": re.search(
            r"After fine-tuning the network is between (\d+)% and (\d+)% right \((\d+)% and "
            r"(\d+)% in quick mode\)",
            PROSE,
        ),
    }
    ranges = {}
    for key, match in found.items():
        full_low, full_high, quick_low, quick_high = (int(v) / 100 for v in match.groups())
        line = f"low, high = ({quick_low}, {quick_high}) if quick() else ({full_low}, {full_high})"
        assert line in CODE, key
        ranges[key] = (full_low, full_high)
    match = re.search(r"from scratch ends between (\d+)% and (\d+)%", PROSE)
    ranges["scratch"] = tuple(int(v) / 100 for v in match.groups())
    low, high = ranges["scratch"]
    assert f"{{{low} <= accuracy_scratch[-1] <= {high}}}" in CODE
    return ranges


def test_the_stated_ranges_are_in_the_code():
    assert set(_ranges()) == {"frozen", "fine", "scratch"}


@pytest.mark.slow
def test_the_full_run_falls_in_the_stated_ranges(solution, monkeypatch):
    """The notebook's training cells, as the full run runs them (3,000 pictures, 6 epochs for
    the base)."""
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    ranges = _ranges()
    ns = dict(solution)
    ns["plt"].show = lambda *args, **kwargs: ns["plt"].close("all")
    for start in (
        "N_PER_SHAPE = 10",
        "N_OLD, BASE_EPOCHS",
        "FROZEN_EPOCHS, FINE_EPOCHS",
        "FINE_TUNE_AT",
        "EPOCHS = FROZEN_EPOCHS",
    ):
        exec(_cell(start), ns)
    assert ns["BASE_EPOCHS"] == 6 and "for 6 epochs (4 in quick mode)" in PROSE
    assert ns["old_accuracy"] > 0.95 and "more than 95% of the time in the full run" in PROSE
    results = {
        "frozen": ns["accuracy_frozen"][-1],
        "fine": ns["accuracy_fine"][-1],
        "scratch": ns["accuracy_scratch"][-1],
    }
    for key, (low, high) in ranges.items():
        assert low <= results[key] <= high, (key, results)
    # "transfer wins by a wide margin"
    assert min(results["frozen"], results["fine"]) >= results["scratch"] + 0.2, results
    assert "**transfer wins by a wide margin**" in PROSE
    assert os.environ.get("COURSE_QUICK") is None
