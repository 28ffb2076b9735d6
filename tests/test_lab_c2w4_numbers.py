"""c2w4 decision-tree labs: the numbers their text states agree with independent references.

tests/labs/test_run.py checks that each notebook prints what its text states; this file checks
the text against scikit-learn's DecisionTreeClassifier (criterion="entropy", whose impurity is the
entropy in bits), against SciPy's ``scipy.stats.entropy`` in base 2, and, for the ensembles lab,
against the same scikit-learn models re-fitted here from the same seeded split. Stated values are
rounded, so each comparison is made at the number of decimals the text prints (3 for entropies and
gains, 2 for thresholds and for accuracies in percent).
"""

import numpy as np
import pytest
from scipy.stats import entropy
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import (
    BaggingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus
from utils.checks.decision_trees import X_MUSHROOMS, Y_MUSHROOMS
from utils.data import load_tumours

SYLLABUS = load_syllabus()
SEED = 0

# The course's ten mushrooms (input data, as in the notebooks): brown cap, tapering stalk,
# solitary; 1 = edible.
FEATURES = ["brown cap", "tapering stalk", "solitary"]
X, Y = X_MUSHROOMS, Y_MUSHROOMS
COLOUR = np.array(
    ["brown", "brown", "brown", "brown", "brown", "red", "red", "brown", "white", "brown"]
)
DIAMETER = np.array([10.2, 9.1, 15.0, 13.7, 13.1, 16.1, 11.4, 11.8, 9.6, 14.0])


def markdown(lab_id):
    lab = SYLLABUS.lab(lab_id)
    path = REPO_ROOT / (lab.source if lab.graded else lab.notebook)
    return "\n".join(c.source for c in cells.read_notebook(path).cells if c.cell_type == "markdown")


def bits(labels):
    return entropy(np.bincount(labels, minlength=2), base=2)


def stump_gain(column, y):
    """Gain and threshold of scikit-learn's best single split on one feature."""
    tree = DecisionTreeClassifier(criterion="entropy", max_depth=1, random_state=SEED)
    tree.fit(np.asarray(column, dtype=float).reshape(-1, 1), y)
    return node_gain(tree.tree_, 0), tree.tree_.threshold[0]


def node_gain(t, node):
    """Impurity decrease of a split node of a fitted scikit-learn tree."""
    left, right = t.children_left[node], t.children_right[node]
    n = t.n_node_samples
    weighted = (n[left] * t.impurity[left] + n[right] * t.impurity[right]) / n[node]
    return t.impurity[node] - weighted


@pytest.fixture(scope="module")
def mushroom_tree():
    return DecisionTreeClassifier(criterion="entropy", max_depth=2, random_state=SEED).fit(X, Y)


def test_graded_lab_tree_matches_scikit_learn(mushroom_tree):
    text = markdown("c2w4-decision-trees")
    t = mushroom_tree.tree_
    assert t.impurity[0] == pytest.approx(1.0), "scikit-learn's entropy is in bits"
    assert f"Entropy at the root node: {bits(Y)}" in text
    for feature, name in enumerate(FEATURES):
        gain = stump_gain(X[:, feature], Y)[0]
        assert f"Information gain of splitting the root on {name}: {gain:.3f}" in text
    root, is_0, is_1 = 0, t.children_left[0], t.children_right[0]  # "<= 0.5" is value 0
    assert f"Best feature to split the root on: {t.feature[root]}" in text
    # Our left branch is value 1: scikit-learn's right child, and the other way round.
    leaves = mushroom_tree.apply(X)
    ours = {"Root": root, "Root-Left": is_1, "Root-Right": is_0}
    root_name = FEATURES[t.feature[root]]
    assert f"Depth 0, Root: split on feature {t.feature[root]} ({root_name})" in text
    for branch in ("Root-Left", "Root-Right"):
        node = ours[branch]
        f = t.feature[node]
        assert f"- Depth 1, {branch}: split on feature {f} ({FEATURES[f]})" in text
        for side, child in (("Left", t.children_right[node]), ("Right", t.children_left[node])):
            indices = [int(i) for i in np.flatnonzero(leaves == child)]
            assert f"-- {branch}-{side}: leaf with indices {indices}" in text
    assert f"scikit-learn splits the root on feature {t.feature[root]} ({root_name})" in text
    assert f"then, when {root_name} = 1, on feature {t.feature[is_1]}" in text
    assert f"and, when {root_name} = 0, on feature {t.feature[is_0]}" in text
    assert "Same splits as your tree: True" in text


def test_tree_learning_lab_entropies_gains_and_thresholds(mushroom_tree):
    text = markdown("c2w4-tree-learning")
    h = [entropy([p, 1 - p], base=2) for p in (0.5, 0.2, 0.0)]
    assert f"H(0.5) = {h[0]:.3f}, H(0.2) = {h[1]:.3f}, H(0) = {h[2]:.3f}" in text
    assert f"H(root) = {bits(Y):.3f}" in text
    for feature, name in enumerate(FEATURES):
        goes_left = X[:, feature] == 1
        gain = stump_gain(X[:, feature], Y)[0]
        assert (
            f"{name}: left {goes_left.sum()} ({Y[goes_left].sum()} edible), right "
            f"{(~goes_left).sum()} ({Y[~goes_left].sum()} edible), gain {gain:.3f}"
        ) in text

    t = mushroom_tree.tree_
    n = t.n_node_samples
    assert (
        f"Depth 0: split {n[0]} examples on {FEATURES[t.feature[0]]} (gain {node_gain(t, 0):.3f})"
    ) in text
    for node in (t.children_right[0], t.children_left[0]):  # value 1 (left in the lab) first
        assert (
            f"Depth 1: split {n[node]} examples on {FEATURES[t.feature[node]]} "
            f"(gain {node_gain(t, node):.3f})"
        ) in text

    for name in ("brown", "red", "white"):
        assert f"{name}: gain {stump_gain(COLOUR == name, Y)[0]:.3f}" in text
    gain, threshold = stump_gain(DIAMETER, Y)
    assert f"best threshold: diameter <= {threshold:.2f} cm, gain {gain:.3f}" in text


def test_ensembles_lab_accuracies_match_refitted_models():
    """Re-fit each model from the same seeded split; accuracies compared at 2 decimals of %."""
    text = markdown("c2w4-tree-ensembles")
    names = tuple(load_breast_cancer().feature_names)
    X_all, y_all = load_tumours(features=names)
    X_tr, X_va, y_tr, y_va = train_test_split(
        X_all, y_all, test_size=0.2, random_state=SEED, stratify=y_all
    )
    assert f"train: {X_tr.shape}, {int(y_tr.sum())} malignant" in text
    assert f"validation: {X_va.shape}, {int(y_va.sum())} malignant" in text

    def scores(model):
        model.fit(X_tr, y_tr)
        return model.score(X_tr, y_tr), model.score(X_va, y_va)

    tr, va = scores(DecisionTreeClassifier(max_depth=3, random_state=SEED))
    assert f"max_depth=3: train {tr:.2%}, validation {va:.2%}" in text
    assert f"{'decision tree (max_depth=3)':<30}{va:.2%}" in text
    tr, va = scores(DecisionTreeClassifier(random_state=SEED))
    assert f"no limit: train {tr:.2%}, validation {va:.2%}" in text
    assert f"{'decision tree (no limit)':<30}{va:.2%}" in text

    rng = np.random.default_rng(SEED)
    for sample in range(5):
        rows = rng.integers(0, len(y_tr), len(y_tr))
        tree = DecisionTreeClassifier(max_depth=3, random_state=SEED).fit(X_tr[rows], y_tr[rows])
        assert f"sample {sample}: root splits on {names[tree.tree_.feature[0]]}" in text

    va = scores(
        BaggingClassifier(
            DecisionTreeClassifier(random_state=SEED), n_estimators=100, random_state=SEED, n_jobs=1
        )
    )[1]
    assert f"bagging, 100 trees: validation {va:.2%}" in text
    assert f"{'bagging (100 trees)':<30}{va:.2%}" in text
    va = scores(RandomForestClassifier(n_estimators=100, random_state=SEED, n_jobs=1))[1]
    assert f"random forest, 100 trees: validation {va:.2%}" in text
    assert f"{'random forest (100 trees)':<30}{va:.2%}" in text
    boosting = HistGradientBoostingClassifier(random_state=SEED)
    tr, va = scores(boosting)
    assert (
        f"gradient boosting, {boosting.n_iter_} trees: train {tr:.2%}, validation {va:.2%}"
    ) in text
    assert f"{'gradient boosting':<30}{va:.2%}" in text
