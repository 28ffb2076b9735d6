"""c4w4-face-verification: the numbers and claims its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text. The hand-worked loss and the parameter count are recomputed with plain formulas; the
notebook's `triplet_loss` is checked against a NumPy loss written through dot products
(|a - b|^2 = |a|^2 + |b|^2 - 2 a.b) with an explicit loop. The training claims are re-measured
with an encoder trained here over seeds 0 to 2 (the full run's 300 steps), whose loss is written
through cosine similarities of the unit encodings, and whose threshold and rates come from
scikit-learn's roc_curve and confusion_matrix, not the notebook's sweep. The task itself (the
random views, the held-out triplets) is the notebook's: its `augment` and `make_triplets` are read
from the notebook.
"""

import ast

import numpy as np
import pytest
from helpers import markdown

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = "c4w4-face-verification"
TEXT = markdown(LAB)
SEEDS = range(3)
STEPS = 300  # the full run's
BATCH = 32
ALPHA = 0.2


def notebook_code(name: str, namespace: dict) -> dict:
    """Define in ``namespace`` the functions and constants of the notebook's code cell that
    defines ``name`` (not the rest of the cell), and return it."""
    nb = cells.read_notebook(REPO_ROOT / load_syllabus().lab(LAB).notebook)
    source = next(
        c.source for c in nb.cells if c.cell_type == "code" and f"def {name}(" in c.source
    )
    keep = [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef)
        or (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant))
    ]
    exec(compile(ast.Module(keep, []), LAB, "exec"), namespace)  # noqa: S102 (the lab's own code)
    return namespace


@pytest.fixture(scope="module")
def task() -> dict:
    """The notebook's data, `augment` and `make_triplets`."""
    from utils.image_data import load_faces

    X_train, y_train, X_test, y_test = load_faces()
    ns = notebook_code("augment", {"np": np})
    ns = notebook_code("make_triplets", ns)
    return ns | {"train_faces": X_train[y_train == 1], "test_faces": X_test[y_test == 1]}


def numpy_triplet_loss(a, p, n, alpha=ALPHA) -> float:
    total = 0.0
    for ai, pi, ni in zip(a, p, n, strict=True):
        d_pos = ai @ ai + pi @ pi - 2 * ai @ pi
        d_neg = ai @ ai + ni @ ni - 2 * ai @ ni
        total += max(d_pos - d_neg + alpha, 0.0)
    return total


def test_the_hand_worked_loss():
    a = np.array([[1.0, 0.0], [1.0, 0.0]])
    p = np.array([[0.8, 0.6], [0.0, 1.0]])
    n = np.array([[0.0, 1.0], [0.6, 0.8]])
    assert round(numpy_triplet_loss(a, p, n), 3) == 1.4
    assert "triplet loss: 1.400" in TEXT and "$0 + 1.4 = 1.4$" in TEXT
    assert "= 0.2^2 + 0.6^2 = 0.4$" in TEXT and "$0.4^2 + 0.8^2 = 0.8$" in TEXT
    assert "$0.4 - 2 + 0.2 = -1.4 < 0$" in TEXT and "$2 - 0.8 + 0.2 = 1.4$" in TEXT


def test_the_notebooks_loss_against_numpy():
    import tensorflow as tf

    ns = notebook_code("triplet_loss", {"tf": tf})
    rng = np.random.default_rng(5)
    a, p, n = (rng.normal(size=(50, 7)) * 0.5 for _ in range(3))
    ours = numpy_triplet_loss(a, p, n)
    assert 0 < ours and np.isclose(float(ns["triplet_loss"](a, p, n)), ours, rtol=1e-6)
    assert np.isclose(float(ns["triplet_loss"](a, a, n, alpha=0.0)), 0.0)


def test_the_parameter_count():
    conv1 = 16 * (3 * 3 * 1 + 1)
    side = ((21 - 2) // 2 - 2) // 2
    conv2 = 32 * (3 * 3 * 16 + 1)
    dense = side * side * 32 * 32 + 32
    assert (conv1, conv2, side, dense) == (160, 4640, 3, 9248)
    total = conv1 + conv2 + dense
    assert f"{total:,} in all" in TEXT and f"parameters: {total}" in TEXT
    assert f"{total:,}-parameter encoder" in TEXT


def test_the_data_and_raw_pixels(task):
    assert task["train_faces"].shape == (75, 25, 25) and task["test_faces"].shape == (25, 25, 25)
    triplets = task["make_triplets"](task["test_faces"], np.random.default_rng(1))
    a, p, n = (x.reshape(len(x), -1).astype(np.float64) for x in triplets)
    assert len(a) == 200 and "200 in all" in TEXT and "held-out triplets: 200" in TEXT
    right = np.linalg.norm(a - p, axis=1) < np.linalg.norm(a - n, axis=1)
    stated = f"{100 * right.mean():.1f} %"
    assert stated == "66.0 %" and f"raw pixels order {stated} of held-out triplets right" in TEXT
    assert "against 66.0 % for raw pixels" in TEXT


def train_and_measure(task: dict, seed: int) -> dict:
    """An encoder trained here with seed ``seed``; what the text states about it."""
    import keras
    import tensorflow as tf
    from sklearn.metrics import confusion_matrix, roc_curve

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    augment, faces = task["augment"], task["train_faces"]
    model = keras.Sequential(
        [
            keras.Input((21, 21, 1)),
            keras.layers.Conv2D(16, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(32),
            keras.layers.Lambda(lambda z: tf.math.l2_normalize(z, axis=-1)),
        ]
    )
    optimizer = keras.optimizers.Adam(1e-3)

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            a, p, n = tf.split(model(x, training=True), 3)
            # unit vectors: |a - p|^2 - |a - n|^2 = 2 a.n - 2 a.p
            gap = 2 * tf.einsum("ij,ij->i", a, n) - 2 * tf.einsum("ij,ij->i", a, p)
            loss = tf.reduce_sum(tf.nn.relu(gap + ALPHA))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    def pair_distances(triplets):
        a, p, n = (model(x, training=False).numpy().astype(np.float64) for x in triplets)
        return 2 - 2 * np.einsum("ij,ij->i", a, p), 2 - 2 * np.einsum("ij,ij->i", a, n)

    held_out = task["make_triplets"](task["test_faces"], np.random.default_rng(seed + 1))
    pos0, neg0 = pair_distances(held_out)
    losses = []
    for _ in range(STEPS):
        ids = rng.integers(0, len(faces), BATCH)
        others = (ids + rng.integers(1, len(faces), BATCH)) % len(faces)
        x = np.concatenate(
            [augment(faces[ids], rng), augment(faces[ids], rng), augment(faces[others], rng)]
        )
        losses.append(float(step(tf.constant(x))))
    pos, neg = pair_distances(held_out)

    train_pos, train_neg = pair_distances(
        task["make_triplets"](faces, np.random.default_rng(seed + 2))
    )
    labels = np.r_[np.ones(len(train_pos)), np.zeros(len(train_neg))]
    fpr, tpr, thresholds = roc_curve(labels, -np.r_[train_pos, train_neg])  # score = -distance
    threshold = -thresholds[np.argmax(tpr - fpr)]  # equal counts: the most pairs right
    held_labels = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    accepted = np.r_[pos, neg] <= threshold + 1e-6
    tn, fp, fn, tp = confusion_matrix(held_labels, accepted).ravel()
    return {
        "before": 100 * np.mean(pos0 < neg0),
        "after": 100 * np.mean(pos < neg),
        "neg_before_median": np.median(neg0),
        "pos_before_median": np.median(pos0),
        "neg_after_median": np.median(neg),
        "pos_after_median": np.median(pos),
        "first_loss": losses[0],
        "late_loss": np.mean(losses[-50:]),
        "threshold": threshold,
        "accuracy": 100 * (tp + tn) / len(held_labels),
        "far": 100 * fp / (fp + tn),
        "frr": 100 * fn / (fn + tp),
    }


@pytest.fixture(scope="module")
def runs(task) -> list[dict]:
    return [train_and_measure(task, seed) for seed in SEEDS]


def in_range(values, low, high) -> bool:
    return all(low <= v <= high for v in values)


@pytest.mark.slow
def test_the_training_claims_over_seeds(runs):
    print(runs)
    assert "the untrained encoder ordered between 60 and 80 % right" in TEXT
    assert in_range([r["before"] for r in runs], 60, 80)
    assert "ordered between 85 and 97 % of the\nheld-out triplets right" in TEXT
    assert "orders 85 to 97 % of held-out\n  triplets right" in TEXT
    assert in_range([r["after"] for r in runs], 85, 97)
    # below 100 % no threshold separates all positive from all negative pairs
    assert "No $\\tau$ makes both rates zero" in TEXT
    assert "(between 4.5\nand 6.6 over seeds 0 to 2)" in TEXT
    assert in_range([r["first_loss"] for r in runs], 4.5, 6.6)
    assert all(r["late_loss"] < 6.4 for r in runs)
    assert "half the pairs closer than\n0.3" in TEXT
    assert all(max(r["neg_before_median"], r["pos_before_median"]) < 0.3 for r in runs)
    assert (
        "to a median\ndistance above 0.8 while the positive pairs' median stays below 0.5" in TEXT
    )
    assert all(r["neg_after_median"] > 0.8 and r["pos_after_median"] < 0.5 for r in runs)


@pytest.mark.slow
def test_the_threshold_and_its_rates_over_seeds(runs):
    assert "About four pairs in five right" in TEXT
    assert in_range([r["accuracy"] for r in runs], 75, 90)  # "about four in five"
    assert "the chosen threshold lay between 0.3 and 0.8" in TEXT
    assert in_range([r["threshold"] for r in runs], 0.3, 0.8)
    assert "held-out pairs the accuracy lay between 75 and 90 %" in TEXT
    assert in_range([r["accuracy"] for r in runs], 75, 90)
    assert "false accept rate between 0 and 30 %" in TEXT
    assert in_range([r["far"] for r in runs], 0, 30)
    assert "false reject rate between 5 and 35 %" in TEXT
    assert in_range([r["frr"] for r in runs], 5, 35)
