"""c2w4-tree-learning: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn (DecisionTreeClassifier with criterion="entropy", whose impurity is
the entropy in bits; OneHotEncoder) and SciPy's ``scipy.stats.entropy`` in base 2. Stated values
are rounded, so each comparison is made at the number of decimals the text prints (3 for
entropies, 2 for gains and thresholds).
"""

import numpy as np
import pytest
from helpers import markdown
from references import TREE_SEED, bits, node_gain, stump_gain
from scipy.stats import entropy
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

# The lectures' ten animals (input data, as in the notebook): ear shape pointy, face shape round,
# whiskers present (1 = yes); 1 = cat. The lab adds a made-up oval ear shape and the weights.
FEATURES = ["ear shape", "face shape", "whiskers"]
X = np.array(
    [
        [1, 1, 1],
        [0, 0, 1],
        [0, 1, 0],
        [1, 0, 1],
        [1, 1, 1],
        [1, 1, 0],
        [0, 0, 0],
        [1, 1, 0],
        [0, 1, 0],
        [0, 1, 0],
    ]
)
Y = np.array([1, 1, 0, 0, 1, 1, 0, 1, 0, 0])
EAR_SHAPES = ["pointy", "floppy", "oval"]
EAR_SHAPE = np.array(
    ["pointy", "oval", "oval", "pointy", "pointy", "pointy", "floppy", "pointy", "floppy", "floppy"]
)
WEIGHT = np.array([7.2, 8.8, 15.0, 9.2, 8.4, 7.6, 11.0, 10.2, 18.0, 20.0])


@pytest.fixture(scope="module")
def text():
    return markdown("c2w4-tree-learning")


@pytest.fixture(scope="module")
def cat_tree():
    """scikit-learn's depth-2 entropy tree of the ten animals."""
    model = DecisionTreeClassifier(criterion="entropy", max_depth=2, random_state=TREE_SEED)
    return model.fit(X, Y)


def split_gain(goes_left, y=Y) -> float:
    """Information gain of a split, from SciPy's entropies of the node and its two children."""
    n_left = goes_left.sum()
    children = n_left * bits(y[goes_left]) + (len(y) - n_left) * bits(y[~goes_left])
    return bits(y) - children / len(y)


def test_data_and_entropies(text):
    assert f"X: {X.shape}, y: {Y.shape}, {Y.sum()} cats" in text
    assert f"X[0] = {X[0]}, y[0] = {Y[0]}" in text
    h = [entropy([p, 1 - p], base=2) for p in (0.5, 0.2, 0.0)]
    assert f"H(0.5) = {h[0]:.3f}, H(0.2) = {h[1]:.3f}, H(0) = {h[2]:.3f}" in text
    assert f"H(root) = {bits(Y):.3f}" in text


def test_root_gains_and_the_worked_example(text):
    gains = []
    for feature, name in enumerate(FEATURES):
        goes_left = X[:, feature] == 1
        gains.append(stump_gain(X[:, feature], Y)[0])
        assert (
            f"{name}: left {goes_left.sum()} (cats: {Y[goes_left].sum()}), right "
            f"{(~goes_left).sum()} (cats: {Y[~goes_left].sum()}), gain {gains[-1]:.2f}"
        ) in text
    assert np.argmax(gains) == FEATURES.index("ear shape")
    pointy = X[:, 0] == 1
    assert f"ear shape: left {np.flatnonzero(pointy).tolist()}" in text
    assert "pointy-eared animals (0, 3, 4, 5, 7)" in text
    assert (Y[pointy].mean(), Y[~pointy].mean()) == (4 / 5, 1 / 5)
    weighted = 0.5 * bits(Y[pointy]) + 0.5 * bits(Y[~pointy])
    assert f"= 1 - {weighted:.3f} = {gains[0]:.2f}." in text
    assert f"the root splits on ear shape (gain {gains[0]:.2f})" in text


def test_tree_is_scikit_learns_and_the_lectures(text, cat_tree):
    t = cat_tree.tree_
    n = t.n_node_samples
    assert (
        f"Depth 0: split {n[0]} animals on {FEATURES[t.feature[0]]} (gain {node_gain(t, 0):.2f})"
    ) in text
    # scikit-learn sends value 0 (x <= 0.5) left; the lab sends value 1 left.
    yes, no = t.children_right[0], t.children_left[0]
    for node in (yes, no):
        assert (
            f"Depth 1: split {n[node]} animals on {FEATURES[t.feature[node]]} "
            f"(gain {node_gain(t, node):.2f})"
        ) in text
    # "pointy-eared animals are then asked about their face, the others about their whiskers,
    # and every leaf is pure"
    assert FEATURES[t.feature[0]] == "ear shape"
    assert (FEATURES[t.feature[yes]], FEATURES[t.feature[no]]) == ("face shape", "whiskers")
    leaves = t.children_left == -1
    assert np.all(t.impurity[leaves] == 0)
    assert "every leaf is pure on these ten animals" in text


def test_one_hot_gains(text):
    encoder = OneHotEncoder(categories=[EAR_SHAPES], sparse_output=False, dtype=int)
    one_hot = encoder.fit_transform(EAR_SHAPE.reshape(-1, 1))
    rows = str(one_hot[[0, 1, 6]])
    assert rows in text
    gains = {name: split_gain(EAR_SHAPE == name) for name in EAR_SHAPES}
    for name in EAR_SHAPES:
        assert f"{name}: gain {gains[name]:.2f}" in text
        assert f"{name}: gain {stump_gain(one_hot[:, EAR_SHAPES.index(name)], Y)[0]:.2f}" in text
    # "pointy" is the binary ear shape; the three floppy-eared animals are all not cats; each
    # branch of "oval" is half cats
    assert np.array_equal(EAR_SHAPE == "pointy", X[:, 0] == 1)
    floppy, oval = EAR_SHAPE == "floppy", EAR_SHAPE == "oval"
    assert floppy.sum() == 3 and Y[floppy].sum() == 0
    assert Y[oval].mean() == Y[~oval].mean() == 0.5
    assert gains["floppy"] > gains["pointy"] > gains["oval"] == 0


def test_weight_thresholds(text):
    values = np.sort(WEIGHT)
    thresholds = (values[:-1] + values[1:]) / 2
    assert len(thresholds) == 9
    gains = np.array([split_gain(WEIGHT <= t) for t in thresholds])
    for t, gain in zip(thresholds, gains, strict=True):
        assert f"weight <= {t:.2f} lb: gain {gain:.2f}" in text
    gain, threshold = stump_gain(WEIGHT, Y)
    assert np.isclose(gain, gains.max())
    assert f"best threshold: weight <= {threshold:.2f} lb, gain {gain:.2f}" in text
    # "Two thresholds tie at the top: 9.0 and 10.6 lb both leave one animal on the wrong side"
    best = thresholds[np.isclose(gains, gains.max())]
    assert np.allclose(best, [9.0, 10.6])
    for t in best:
        left = WEIGHT <= t
        wrong = min(Y[left].sum(), (1 - Y[left]).sum()) + min(Y[~left].sum(), (1 - Y[~left]).sum())
        assert wrong == 1
    assert "tie at the top: 9.0 and 10.6 lb" in text


def test_next_pointer_follows_the_syllabus(text):
    joined = " ".join(text.split())
    assert "Next: the optional lab *Tree ensembles*" in joined
    assert "then the graded lab *Decision trees* has you write these functions" in joined
