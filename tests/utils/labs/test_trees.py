"""utils.labs.trees: a tree's layout, its drawing, and the conversion of a scikit-learn tree."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.text import Annotation
from sklearn.tree import DecisionTreeClassifier

from utils.checks.decision_trees import X_MUSHROOMS, Y_MUSHROOMS
from utils.labs.trees import Node, draw_tree, from_sklearn, layout

# The course's ten mushrooms: brown cap, tapering stalk, solitary; 1 = edible.
X, Y = X_MUSHROOMS, Y_MUSHROOMS


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_layout_centres_parents_over_their_leaves():
    a, b, c = Node("a"), Node("b"), Node("c")
    inner = Node("inner", [("yes", b), ("no", c)])
    root = Node("root", [("yes", a), ("no", inner)])
    pos = layout(root)
    assert pos[id(a)] == (0.0, -1.0)
    assert pos[id(b)] == (1.0, -2.0) and pos[id(c)] == (2.0, -2.0)
    assert pos[id(inner)] == (1.5, -1.0)
    assert pos[id(root)] == (0.75, 0.0)


def test_draw_tree_draws_a_box_per_node_and_an_arrow_per_branch(ax):
    root = Node("root", [("yes", Node("left")), ("no", Node("right"))])
    boxes = draw_tree(ax, root)
    assert [b.get_text() for b in boxes] == ["root", "left", "right"]
    assert [b.get_position() for b in boxes] == [(0.5, 0.0), (0.0, -1.0), (1.0, -1.0)]
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(arrows) == 2
    assert [a.xy for a in arrows] == [(0.0, -1.0 + 0.18), (1.0, -1.0 + 0.18)]
    labels = [t.get_text() for t in ax.texts if t not in boxes and t.get_text()]
    assert labels == ["yes", "no"]
    assert not ax.axison


def test_leaf_flag_overrides_the_children_rule():
    assert Node("x").is_leaf() and not Node("x", [("a", Node("y"))]).is_leaf()
    assert not Node("split, not yet grown", leaf=False).is_leaf()


def test_from_sklearn_reads_splits_thresholds_and_leaf_counts(ax):
    model = DecisionTreeClassifier(criterion="entropy", max_depth=2, random_state=0).fit(X, Y)
    root = from_sklearn(model, ["brown cap", "tapering stalk", "solitary"], ["poisonous", "edible"])
    assert root.text == "tapering stalk <= 0.5"
    (yes_label, not_tapering), (no_label, tapering) = root.children
    assert (yes_label, no_label) == ("yes", "no")
    assert not_tapering.text == "solitary <= 0.5"
    assert tapering.text == "brown cap <= 0.5"
    leaves = [child.text for _, node in root.children for _, child in node.children]
    assert leaves == ["poisonous (1/1)", "edible (5/5)", "edible (1/1)", "poisonous (3/3)"]
    assert len(draw_tree(ax, root)) == model.tree_.node_count
