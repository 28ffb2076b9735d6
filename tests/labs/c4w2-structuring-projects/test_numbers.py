"""c4w2-structuring-projects: the numbers and claims its text states agree with references
computed here.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks the
text. The data is rebuilt here from the formula in the generator's docstring (plain NumPy, split
by hand) and must equal ``data.make_shifted_domains()``; class balances and the Bayes error come
from their closed forms; logistic regression is re-fitted by Newton's method in NumPy; the
networks are re-trained on the splits built here, and their errors (which may vary a little by
machine) are checked against the ranges the text states; the mismatch remedy is re-measured with
a different model (k nearest neighbours).
"""

import math
import warnings

import numpy as np
import pytest
from helpers import markdown
from sklearn.exceptions import ConvergenceWarning
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from utils import data

TEXT = " ".join(markdown("c4w2-structuring-projects").split())  # one line: phrases may wrap
HUMAN = 4.0
SETS = ("train", "train_dev", "dev", "test")


def rebuild(n_web=3000, n_app=2000, noise=0.04, seed=0):
    """The generator's docstring, written out: (X, y, source, hidden z) of all pictures and the
    indices of each set."""
    rng = np.random.default_rng(seed)
    z = np.concatenate([rng.normal(0, 1, (n_web, 2)), rng.normal(0, 0.8, (n_app, 2))])
    inside = z[:, 0] ** 2 + z[:, 1] ** 2 < 2 * math.log(2)
    flip = rng.random(n_web + n_app) < noise
    y = np.where(flip, 1 - inside, inside).astype(int)
    source = np.array([0] * n_web + [1] * n_app)
    X = z.copy()
    X[n_web:] = 0.35 * z[n_web:] + [4.0, 0.0]
    mix = n_web + n_app // 2
    order = rng.permutation(mix)
    sets = {
        "train": order[mix // 5 :],
        "train_dev": order[: mix // 5],
        "dev": np.arange(mix, mix + n_app // 4),
        "test": np.arange(mix + n_app // 4, n_web + n_app),
    }
    return X, y, source, z, flip, sets


X, Y, SOURCE, Z, FLIP, SETS_IDX = rebuild()


def test_the_generator_is_its_docstring():
    splits = data.make_shifted_domains()
    for name, idx in SETS_IDX.items():
        assert np.array_equal(splits[name][0], X[idx])
        assert np.array_equal(splits[name][1], Y[idx])
        assert np.array_equal(splits[name][2], SOURCE[idx])


def test_split_sizes_and_sources():
    tr, td = SETS_IDX["train"], SETS_IDX["train_dev"]
    assert (len(tr), (SOURCE[tr] == 0).sum(), (SOURCE[tr] == 1).sum()) == (3200, 2416, 784)
    assert (len(td), (SOURCE[td] == 0).sum(), (SOURCE[td] == 1).sum()) == (800, 584, 216)
    assert "2,416 web pictures and only 784 app pictures" in TEXT
    assert "each of the 2,416 web training pictures" in TEXT
    assert "3,000 web pictures and 2,000 app pictures" in TEXT
    assert 3200 / 200 == 16 and "16 times more pictures" in TEXT
    # "the app pictures ... hold only a quarter of the training pictures"
    assert abs(784 / 3200 - 0.25) < 0.01


def test_class_balance_in_closed_form():
    web = 1 - math.exp(-2 * math.log(2) / 2)  # P(chi2_2 < 2 ln 2) = 1/2
    app = 1 - math.exp(-2 * math.log(2) / (2 * 0.64))
    assert math.isclose(web, 0.5) and "exactly 1/2" in TEXT
    assert f"1 - 2^{{-1/0.64}} = {app:.4f}" in TEXT
    labelled = [0.04 + 0.92 * p for p in (web, app)]
    assert (
        f"{labelled[0]:.1%} of web pictures and {labelled[1]:.1%} of app pictures"
        in TEXT.replace(" %", "%")
    )
    # Monte Carlo check of the closed form on many hidden features
    zz = np.random.default_rng(1).normal(0, 0.8, (200_000, 2))
    assert abs(np.mean(np.sum(zz**2, axis=1) < 2 * math.log(2)) - app) < 0.005
    dev, test = (100 * Y[SETS_IDX[k]].mean() for k in ("dev", "test"))
    assert f"({dev:.1f} % and {test:.1f} %)" in TEXT
    # "samples of 500 from the app's 64.9 %": within 3 standard errors
    se = math.sqrt(labelled[1] * (1 - labelled[1]) / 500)
    assert all(abs(v / 100 - labelled[1]) < 3 * se for v in (dev, test))


def test_bayes_error():
    """The best rule errs exactly on the flipped labels: 4 % in expectation."""
    assert "Bayes error**, $0.04$" in TEXT and 'the "human" proxy is exactly 4.0 %' in TEXT
    assert abs(FLIP.mean() - 0.04) < 3 * math.sqrt(0.04 * 0.96 / len(FLIP))
    # The sources do not overlap: no web picture lies inside the app corner's circle, so the best
    # error of the training mix is the label noise too.
    app_circle = np.hypot(X[:, 0] - 4.0, X[:, 1]) < 0.35 * math.sqrt(2 * math.log(2))
    assert not np.any(app_circle & (SOURCE == 0))
    stated = {k: 100 * FLIP[SETS_IDX[k]].mean() for k in SETS}
    line = (
        f"best possible classifier: train {stated['train']:.1f}%, train-dev "
        f"{stated['train_dev']:.1f}%, dev {stated['dev']:.1f}%, test {stated['test']:.1f}%"
    )
    assert line in TEXT
    assert f"it happens to be {stated['dev']:.1f} %" in TEXT


def logistic_newton(Xt, yt, steps=30):
    """Unregularized logistic regression by Newton's method (scikit-learn's C=1 penalty is
    negligible on 3,200 examples): the weights with the bias first."""
    A = np.column_stack([np.ones(len(Xt)), Xt])
    w = np.zeros(A.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-A @ w))
        w -= np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (p - yt))
    return w


def errors_of(predict, train_idx=None, Xt=None, yt=None):
    """Errors (%) on the four sets of a fitted predict function."""
    tr = SETS_IDX["train"] if train_idx is None else train_idx
    Xt = X[tr] if Xt is None else Xt
    yt = Y[tr] if yt is None else yt
    errs = {"train": 100 * np.mean(predict(Xt) != yt)}
    errs |= {k: 100 * np.mean(predict(X[SETS_IDX[k]]) != Y[SETS_IDX[k]]) for k in SETS[1:]}
    return errs


def gaps(e):
    return (
        e["train"] - HUMAN,
        e["train_dev"] - e["train"],
        e["dev"] - e["train_dev"],
        e["test"] - e["dev"],
    )


def network(hidden, Xt, yt, alpha=1e-4, max_iter=300):
    """The lab's network, trained here on the sets built here: its predict function."""
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net = make_pipeline(
            StandardScaler(), MLPClassifier(hidden, alpha=alpha, max_iter=max_iter, random_state=0)
        ).fit(Xt, yt)
    return net.predict


@pytest.fixture(scope="module")
def tables():
    tr = SETS_IDX["train"]
    w = logistic_newton(X[tr], Y[tr])
    out = {"A": errors_of(lambda A: (np.column_stack([np.ones(len(A)), A]) @ w > 0).astype(int))}
    out["A after"] = errors_of(network((32, 32), X[tr], Y[tr]))
    few = tr[:200]
    out["B"] = errors_of(network((64, 64), X[few], Y[few], alpha=0.0, max_iter=2000), few)
    out["B after"] = errors_of(network((64, 64), X[tr], Y[tr], alpha=0.0, max_iter=2000))
    web = tr[SOURCE[tr] == 0]
    Xa = np.concatenate([X[tr], 0.35 * Z[web] + [4.0, 0.0]])  # hidden z of web = its x
    ya = np.concatenate([Y[tr], Y[web]])
    out["C after"] = errors_of(network((32, 32), Xa, ya), Xt=Xa, yt=ya)
    return out


def test_scenario_a_high_bias(tables):
    e, after = tables["A"], tables["A after"]
    bias, var, mismatch, _ = gaps(e)
    assert round(e["train"]) == 41 and "Training error is about 41 %" in TEXT
    assert bias > 30 and "avoidable bias of over 30 points" in TEXT
    assert abs(var) < 2  # "Train-dev is close to train"
    assert mismatch < 0 and "the dev error is even lower than train-dev" in TEXT
    assert gaps(after)[0] < 5 and "brings the avoidable bias under 5 points" in TEXT
    assert gaps(after)[2] > 3  # "the dev error is several points above train-dev"


def test_scenario_b_high_variance(tables):
    e, after = tables["B"], tables["B after"]
    assert e["train"] < HUMAN and "training error is *below* the 4 % floor" in TEXT
    assert gaps(e)[1] > 5 and "over 5 points higher" in TEXT
    assert abs(gaps(after)[1]) < 1.5 and "has a variance under 1.5 points" in TEXT
    assert after["train"] > HUMAN  # "its training error rises back above the floor"


def test_scenario_c_data_mismatch_closes(tables):
    before, after = tables["A after"], tables["C after"]
    b, a = gaps(before), gaps(after)
    assert b[0] < 3.5 and abs(b[1]) < 1.5  # bias and variance small
    assert 3 < b[2] < 8 and -4 < a[2] < 0  # "from about 5 points to about −2"
    assert "closes the mismatch gap from about 5 points to about −2" in TEXT
    assert abs(after["dev"] - HUMAN) < 1.5 and "within 1.5 points of the Bayes error" in TEXT
    assert after["dev"] < after["train_dev"]  # "now lower than the train-dev error"
    assert abs(a[0] - b[0]) < 1.5 and abs(a[1] - b[1]) < 1.5  # "Bias and variance barely moved"


def test_the_mismatch_remedy_with_another_model():
    """k nearest neighbours on the same sets: adding the synthesized app pictures lowers the dev
    error and the mismatch gap too."""
    tr = SETS_IDX["train"]
    web = tr[SOURCE[tr] == 0]
    Xa = np.concatenate([X[tr], 0.35 * X[web] + [4.0, 0.0]])
    ya = np.concatenate([Y[tr], Y[web]])
    found = []
    for Xt, yt in ((X[tr], Y[tr]), (Xa, ya)):
        knn = KNeighborsClassifier(25).fit(Xt, yt)
        e = errors_of(knn.predict, Xt=Xt, yt=yt)
        found.append((e["dev"], e["dev"] - e["train_dev"]))
    assert found[1][0] < found[0][0] - 1 and found[1][1] < found[0][1] - 1


def test_overfitting_to_dev_is_within_chance(tables):
    assert all(abs(gaps(e)[3]) <= 2 for e in tables.values())
    assert "within ±2 points in every table" in TEXT
    assert f"\\sqrt{{0.1 \\times 0.9 / 500}} \\approx {math.sqrt(0.09 / 500) * 100:.1f}" in TEXT


def test_the_bar_chart_shows_each_scenarios_problem(tables):
    """The tallest 'before' bar of each panel is the scenario's own gap, and the remedy shrinks
    it."""
    for key, gap in (("A", 0), ("B", 1), ("A after", 2)):
        before = np.array(gaps(tables[key]))
        assert int(np.argmax(before)) == gap
    assert gaps(tables["A after"])[0] < gaps(tables["A"])[0]
    assert gaps(tables["B after"])[1] < gaps(tables["B"])[1]
    assert gaps(tables["C after"])[2] < gaps(tables["A after"])[2]
    assert "Look for the tallest grey bar in each panel" in TEXT
