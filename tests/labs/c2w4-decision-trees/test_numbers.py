"""c2w4-decision-trees (graded): the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the instructor source's text against scikit-learn's DecisionTreeClassifier (criterion="entropy",
whose impurity is the entropy in bits) and SciPy's ``scipy.stats.entropy`` in base 2. Stated
values are rounded, so each comparison is made at the number of decimals the text prints (3 for
gains).
"""

import numpy as np
import pytest
from helpers import markdown
from references import MUSHROOM_FEATURES, bits, stump_gain

from utils.checks.decision_trees import X_MUSHROOMS, Y_MUSHROOMS

X, Y = X_MUSHROOMS, Y_MUSHROOMS  # the graded lab's ten mushrooms; 1 = edible


def test_graded_lab_tree_matches_scikit_learn(mushroom_tree):
    text = markdown("c2w4-decision-trees")
    t = mushroom_tree.tree_
    assert t.impurity[0] == pytest.approx(bits(Y)), "scikit-learn's entropy is in bits"
    assert f"Entropy at the root node: {bits(Y):.3f}" in text
    for feature, name in enumerate(MUSHROOM_FEATURES):
        gain = stump_gain(X[:, feature], Y)[0]
        assert f"Information gain of splitting the root on {name}: {gain:.3f}" in text
    root, is_0, is_1 = 0, t.children_left[0], t.children_right[0]  # "<= 0.5" is value 0
    assert f"Best feature to split the root on: {t.feature[root]}" in text
    # Our left branch is value 1: scikit-learn's right child, and the other way round.
    leaves = mushroom_tree.apply(X)
    ours = {"Root": root, "Root-Left": is_1, "Root-Right": is_0}
    root_name = MUSHROOM_FEATURES[t.feature[root]]
    assert f"Depth 0, Root: split on feature {t.feature[root]} ({root_name})" in text
    for branch in ("Root-Left", "Root-Right"):
        node = ours[branch]
        f = t.feature[node]
        assert f"- Depth 1, {branch}: split on feature {f} ({MUSHROOM_FEATURES[f]})" in text
        for side, child in (("Left", t.children_right[node]), ("Right", t.children_left[node])):
            indices = [int(i) for i in np.flatnonzero(leaves == child)]
            assert f"-- {branch}-{side}: leaf with indices {indices}" in text
    assert f"scikit-learn splits the root on feature {t.feature[root]} ({root_name})" in text
    assert f"then, when {root_name} = 1, on feature {t.feature[is_1]}" in text
    assert f"and, when {root_name} = 0, on feature {t.feature[is_0]}" in text
    assert "Same splits as your tree: True" in text


def test_graded_lab_tree_leaves_are_pure_and_two_hold_one_mushroom(mushroom_tree):
    text = markdown("c2w4-decision-trees")
    t = mushroom_tree.tree_
    leaves = np.flatnonzero(t.children_left == -1)
    assert t.max_depth == 2 and len(leaves) == 4
    assert np.all(t.impurity[leaves] == 0), "every leaf is pure"
    single = sorted(
        int(i)
        for leaf in leaves
        if t.n_node_samples[leaf] == 1
        for i in np.flatnonzero(mushroom_tree.apply(X) == leaf)
    )
    assert single == [3, 8]
    assert (
        "every leaf is pure, but two leaves rest on a single mushroom each (3 and 8)"
        in " ".join(text.split())
    )
