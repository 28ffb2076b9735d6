"""c2w4-tree-learning: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against scikit-learn's DecisionTreeClassifier (criterion="entropy", whose impurity is the
entropy in bits) and SciPy's ``scipy.stats.entropy`` in base 2. Stated values are rounded, so each
comparison is made at the number of decimals the text prints (3 for entropies and gains, 2 for
thresholds).
"""

import numpy as np
from helpers import markdown
from references import MUSHROOM_FEATURES, bits, node_gain, stump_gain
from scipy.stats import entropy

from utils.checks.decision_trees import X_MUSHROOMS, Y_MUSHROOMS

# The course's ten mushrooms (input data, as in the notebooks): brown cap, tapering stalk,
# solitary; 1 = edible. The lab adds a cap colour and a diameter.
X, Y = X_MUSHROOMS, Y_MUSHROOMS
COLOUR = np.array(
    ["brown", "brown", "brown", "brown", "brown", "red", "red", "brown", "white", "brown"]
)
DIAMETER = np.array([10.2, 9.1, 15.0, 13.7, 13.1, 16.1, 11.4, 11.8, 9.6, 14.0])


def test_tree_learning_lab_entropies_gains_and_thresholds(mushroom_tree):
    text = markdown("c2w4-tree-learning")
    h = [entropy([p, 1 - p], base=2) for p in (0.5, 0.2, 0.0)]
    assert f"H(0.5) = {h[0]:.3f}, H(0.2) = {h[1]:.3f}, H(0) = {h[2]:.3f}" in text
    assert f"H(root) = {bits(Y):.3f}" in text
    for feature, name in enumerate(MUSHROOM_FEATURES):
        goes_left = X[:, feature] == 1
        gain = stump_gain(X[:, feature], Y)[0]
        assert (
            f"{name}: left {goes_left.sum()} ({Y[goes_left].sum()} edible), right "
            f"{(~goes_left).sum()} ({Y[~goes_left].sum()} edible), gain {gain:.3f}"
        ) in text

    t = mushroom_tree.tree_
    n = t.n_node_samples
    assert (
        f"Depth 0: split {n[0]} examples on {MUSHROOM_FEATURES[t.feature[0]]} "
        f"(gain {node_gain(t, 0):.3f})"
    ) in text
    for node in (t.children_right[0], t.children_left[0]):  # value 1 (left in the lab) first
        assert (
            f"Depth 1: split {n[node]} examples on {MUSHROOM_FEATURES[t.feature[node]]} "
            f"(gain {node_gain(t, node):.3f})"
        ) in text

    for name in ("brown", "red", "white"):
        assert f"{name}: gain {stump_gain(COLOUR == name, Y)[0]:.3f}" in text
    gain, threshold = stump_gain(DIAMETER, Y)
    assert f"best threshold: diameter <= {threshold:.2f} cm, gain {gain:.3f}" in text
