"""c3w3-mars-rover: the numbers its text states agree with an independent solution of the MDP.

tests/labs/test_run.py checks that the notebook prints what its text states; this file checks
the text itself, without utils.labs.mdp. The reference solves the Bellman equation of every one of
the 16 deterministic policies (the actions of states 1-4) as a linear system, V = R + gamma P_pi V,
takes the best value of each state over all policies (V*), and gets Q(s, a) = R(s) + gamma
E[V*(s')]. Returns and policy values without missteps are also checked against walks written out
by hand. Unless an assertion says otherwise, a stated number must equal the reference rounded to
the decimals the text shows (tolerance: half a unit of the last digit); lines are compared with
runs of spaces collapsed. States are numbered 0..5 in the text, like the indices here.
"""

import itertools

import numpy as np
import pytest

from autograder import cells
from autograder.syllabus import REPO_ROOT, load_syllabus

LAB = load_syllabus().lab("c3w3-mars-rover")
TEXT = "\n".join(
    c.source
    for c in cells.read_notebook(REPO_ROOT / LAB.notebook).cells
    if c.cell_type == "markdown"
)
LINES = {" ".join(line.split()) for line in TEXT.splitlines()}
R = np.array([100.0, 0, 0, 0, 0, 40])
N = 6


def stated(line: str) -> bool:
    """True when the markdown holds this line (spaces collapsed)."""
    return " ".join(line.split()) in LINES


def step_matrix(actions: list[int], misstep: float) -> np.ndarray:
    """P(s' | s) when state s (1..4) takes actions[s] (0 left, 1 right); terminals stop."""
    p = np.zeros((N, N))
    for s in range(1, N - 1):
        aim = s - 1 if actions[s] == 0 else s + 1
        other = s + 1 if actions[s] == 0 else s - 1
        p[s, aim] += 1 - misstep
        p[s, other] += misstep
    return p


def reference_q(gamma: float, misstep: float = 0.0, rewards: np.ndarray = R) -> np.ndarray:
    """Q (6, 2) from the best of all 16 policies' exact values."""
    best = np.full(N, -np.inf)
    for middle in itertools.product((0, 1), repeat=N - 2):
        p = step_matrix([0, *middle, 0], misstep)
        best = np.maximum(best, np.linalg.solve(np.eye(N) - gamma * p, rewards))
    q = np.repeat(rewards[:, None], 2, axis=1).astype(float)
    for a in (0, 1):
        q[1:-1, a] += gamma * (step_matrix([a] * N, misstep) @ best)[1:-1]
    return q


def walk_value(start: int, actions: list[int], gamma: float) -> float:
    """Return of a deterministic walk from state ``start`` (no missteps), step by step."""
    s, total, discount = start, 0.0, 1.0
    for _ in range(100):
        total += discount * R[s]
        if s in (0, N - 1):
            return total
        s += -1 if actions[s] == 0 else 1
        discount *= gamma
    return total  # a walk that never ends collects only zeros


def table_lines(q: np.ndarray) -> list[str]:
    middle = ["left" if q[s, 0] >= q[s, 1] else "right" for s in range(1, N - 1)]
    best = ["terminal", *middle, "terminal"]
    return [f"{s} {R[s]:g} {q[s, 0]:.2f} {q[s, 1]:.2f} {best[s]}" for s in range(N)]


def test_states_are_numbered_from_zero():
    """The text counts states 0..5 like the code (and says the lecture counts 1..6)."""
    assert stated("state 0 1 2 3 4 5")
    assert "States 0 and 5 are **terminal**" in TEXT
    assert "The lecture numbers the states 1 to 6; this lab counts" in TEXT
    for one_based in ("state 6", "states 2-5", "R(6)", "Q(5,", "Q(6,"):
        assert one_based not in TEXT, one_based


def test_rewards():
    assert stated(f"rewards R(s): {R}")


def test_returns_from_state_3():
    assert stated(f"return from state 3 going left: {0.5**3 * 100}")
    assert stated(f"return from state 3 going right: {0.5**2 * 40}")


@pytest.mark.parametrize(
    ("name", "actions"),
    [
        ("always left", [0] * 6),
        ("always right", [1] * 6),
        ("left, except right in 4", [0, 0, 0, 0, 1, 0]),
    ],
)
def test_policy_values_follow_the_walks(name, actions):
    values = np.array([walk_value(s, actions, 0.5) for s in range(N)])
    assert stated(f"{name}: {np.round(values, 2)}")


def test_value_iteration_sweeps_are_best_returns_within_k_states():
    """After k sweeps from Q = 0, max_a Q(s, a) is the best return of a walk of at most k states."""
    s = np.arange(N)  # state s is s steps from the 100 and N - 1 - s steps from the 40
    for k in range(1, 6):
        left = np.where(s < k, 0.5**s * 100, 0.0)
        right = np.where(N - 1 - s < k, 0.5 ** (N - 1 - s) * 40, 0.0)
        assert stated(f"sweep {k}: max_a Q(s, a) = {np.maximum(left, right)}")


def test_q_table_for_gamma_one_half():
    q = reference_q(0.5)
    for line in table_lines(q):
        assert stated(line), line
    np.testing.assert_allclose(q.max(axis=1), [100, 50, 25, 12.5, 20, 40])
    assert "$\\max_a Q(s, a)$ equals its values $100, 50, 25, 12.5, 20, 40$" in TEXT
    assert "$Q(1, \\cdot) = (50, 12.5)$, ..., $Q(4, \\cdot) = (6.25, 20)$" in TEXT


def test_patient_and_impatient_rover():
    q9, q3 = reference_q(0.9), reference_q(0.3)
    actions9 = ["left" if q9[s, 0] >= q9[s, 1] else "right" for s in range(1, 5)]
    actions3 = ["left" if q3[s, 0] >= q3[s, 1] else "right" for s in range(1, 5)]
    assert stated(f"gamma = 0.9: best actions in states 1-4: {actions9}")
    assert stated(f"gamma = 0.3: best actions in states 1-4: {actions3}")
    assert stated(f"Q(4, left) = {q9[4, 0]:.2f}, Q(4, right) = {q9[4, 1]:.2f}")
    assert stated(f"Q(3, left) = {q3[3, 0]:.2f}, Q(3, right) = {q3[3, 1]:.2f}")


def test_where_states_3_and_4_change_their_minds():
    """The text's crossings, gamma = 0.4 (state 3) and 0.737 (state 4), bracketed to 1e-3."""
    assert "at $\\gamma = 0.4$" in TEXT and "$\\gamma > 0.737$" in TEXT
    for state, cross in ((3, 0.4), (4, 0.4 ** (1 / 3))):
        below, above = reference_q(cross - 1e-3), reference_q(cross + 1e-3)
        assert below[state, 1] > below[state, 0] and above[state, 0] > above[state, 1]
    assert f"{0.4 ** (1 / 3):.3f}" == "0.737"


def test_misstep_one_tenth():
    q0, q = reference_q(0.5), reference_q(0.5, misstep=0.1)
    for line in table_lines(q):
        assert stated(line), line
    lower = bool(np.all(q.max(axis=1)[1:-1] < q0.max(axis=1)[1:-1]))
    assert stated(f"every state's value is lower: {lower}")
    assert stated(f"Q(1, right): {q0[1, 1]:.2f} -> {q[1, 1]:.2f}")
    assert f"(50 to {q[1, 0]:.2f} in state 1)" in TEXT
    assert f"from 12.5 to {q[1, 1]:.2f}" in TEXT
    assert (np.argmax(q, axis=1) == np.argmax(q0, axis=1))[1:-1].all()  # "the same policy"


def test_large_missteps():
    """Text: at p = 0.4 state 3 turns right; at p = 0.5 both columns of Q are equal (1e-9)."""
    q = reference_q(0.5, misstep=0.4)
    assert q[3, 1] > q[3, 0]
    q = reference_q(0.5, misstep=0.5)
    np.testing.assert_allclose(q[:, 0], q[:, 1], atol=1e-9)
