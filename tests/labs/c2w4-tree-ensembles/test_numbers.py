"""c2w4-tree-ensembles: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text against the same scikit-learn models (decision trees, bagging, random forest, gradient
boosting) re-fitted here from the same seeded split of the tumours. Stated values are rounded, so
each comparison is made at the number of decimals the text prints (2 for accuracies in percent).
"""

import numpy as np
from helpers import markdown
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import (
    BaggingClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from utils.data import load_tumours

SEED = 0  # the lab's seed


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
