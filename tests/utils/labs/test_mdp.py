"""utils.labs.mdp: the Mars rover's rewards, transitions and value iteration, worked by hand.

References: the course's table of Q(s, a) for gamma = 0.5 (worked by hand in the lecture), the
closed form for a rover that never slips (walk straight to one end: Q(s, left) = gamma^(s-1) R(1)
at best, and so on), and the mirror symmetry of the row.
"""

import numpy as np
import pytest

from utils.labs import mdp

REWARDS = mdp.rover_mdp()


def test_rover_mdp_rewards():
    np.testing.assert_array_equal(REWARDS, [100, 0, 0, 0, 0, 40])
    np.testing.assert_array_equal(mdp.rover_mdp(4, 10, 20, step_reward=-1), [10, -1, -1, 20])
    with pytest.raises(ValueError):
        mdp.rover_mdp(2)


def test_transitions_are_probabilities_and_terminals_have_none():
    p = mdp.transitions(6, misstep_prob=0.2)
    assert p.shape == (2, 6, 6)
    np.testing.assert_allclose(p[:, 1:-1].sum(axis=2), 1.0)
    assert not p[:, [0, -1]].any()
    assert p[mdp.LEFT, 2, 1] == pytest.approx(0.8) and p[mdp.LEFT, 2, 3] == pytest.approx(0.2)
    assert p[mdp.RIGHT, 2, 3] == pytest.approx(0.8) and p[mdp.RIGHT, 2, 1] == pytest.approx(0.2)
    with pytest.raises(ValueError):
        mdp.transitions(6, misstep_prob=1.5)


def test_course_table_for_gamma_one_half():
    """The lecture's values, exact in binary floating point (tolerance 1e-9)."""
    q = mdp.q_values(REWARDS, gamma=0.5)
    expected = [[100, 100], [50, 12.5], [25, 6.25], [12.5, 10], [6.25, 20], [40, 40]]
    np.testing.assert_allclose(q, expected, atol=1e-9)
    np.testing.assert_array_equal(mdp.optimal_policy(q)[1:-1], [0, 0, 0, 1])


@pytest.mark.parametrize("gamma", [0.0, 0.3, 0.5, 0.77, 0.9, 0.99])
def test_no_misstep_matches_the_closed_form(gamma):
    """Without missteps the best plan walks straight to one end: V(s) = max of the two returns."""
    s = np.arange(1, 7)
    v = np.maximum(gamma ** (s - 1) * 100, gamma ** (6 - s) * 40)
    v[[0, -1]] = [100, 40]
    q = mdp.q_values(REWARDS, gamma)
    np.testing.assert_allclose(q[1:-1, mdp.LEFT], gamma * v[:-2], atol=1e-9)
    np.testing.assert_allclose(q[1:-1, mdp.RIGHT], gamma * v[2:], atol=1e-9)


@pytest.mark.parametrize(("gamma", "misstep"), [(0.5, 0.0), (0.5, 0.1), (0.9, 0.3), (0.2, 0.5)])
def test_terminal_states_keep_their_reward(gamma, misstep):
    q = mdp.q_values(mdp.rover_mdp(left_reward=70, right_reward=130), gamma, misstep)
    np.testing.assert_array_equal(q[0], [70, 70])
    np.testing.assert_array_equal(q[-1], [130, 130])


@pytest.mark.parametrize(("gamma", "misstep"), [(0.5, 0.0), (0.5, 0.1), (0.8, 0.25), (0.95, 0.4)])
def test_mirror_symmetry(gamma, misstep):
    """Equal terminal rewards: the mirrored state with the mirrored action has the same value."""
    q = mdp.q_values(mdp.rover_mdp(left_reward=60, right_reward=60), gamma, misstep)
    np.testing.assert_allclose(q, q[::-1, ::-1], atol=1e-9)
    swapped = mdp.q_values(mdp.rover_mdp(left_reward=40, right_reward=100), gamma, misstep)
    np.testing.assert_allclose(
        swapped, mdp.q_values(REWARDS, gamma, misstep)[::-1, ::-1], atol=1e-9
    )


def test_misstep_one_half_makes_both_actions_equal():
    q = mdp.q_values(REWARDS, 0.7, misstep_prob=0.5)
    np.testing.assert_allclose(q[:, 0], q[:, 1], atol=1e-9)


def test_q_is_a_fixed_point_of_the_bellman_update():
    q = mdp.q_values(REWARDS, 0.9, misstep_prob=0.2)
    np.testing.assert_allclose(mdp.bellman_update(q, REWARDS, 0.9, 0.2), q, atol=1e-9)


def test_first_sweeps_of_value_iteration():
    """From Q = 0: one sweep gives R(s); the 100 then travels one state per sweep."""
    q1 = mdp.bellman_update(np.zeros((6, 2)), REWARDS, 0.5)
    np.testing.assert_array_equal(q1, np.repeat(REWARDS[:, None], 2, axis=1))
    q2 = mdp.bellman_update(q1, REWARDS, 0.5)
    np.testing.assert_array_equal(q2[1], [50, 0])
    np.testing.assert_array_equal(q2[4], [0, 20])


def test_q_values_rejects_bad_gamma_and_reports_no_convergence():
    with pytest.raises(ValueError):
        mdp.q_values(REWARDS, gamma=1.0)
    with pytest.raises(RuntimeError):
        mdp.q_values(REWARDS, gamma=0.99, misstep_prob=0.2, max_iter=3)


def test_optimal_policy_breaks_ties_to_the_left():
    q = np.array([[1.0, 2.0], [3.0, 3.0], [5.0, 4.0]])
    np.testing.assert_array_equal(mdp.optimal_policy(q), [mdp.RIGHT, mdp.LEFT, mdp.LEFT])


def test_discounted_return():
    assert mdp.discounted_return([0, 0, 0, 100], 0.5) == pytest.approx(12.5)
    assert mdp.discounted_return([0, 0, 40], 0.5) == pytest.approx(10.0)
    assert mdp.discounted_return([7], 0.3) == pytest.approx(7.0)


def test_policy_values_of_always_left_and_always_right():
    s = np.arange(1, 7)
    left = mdp.policy_values(REWARDS, np.zeros(6, int), 0.5)
    right = mdp.policy_values(REWARDS, np.ones(6, int), 0.5)
    np.testing.assert_allclose(left[:-1], 100 * 0.5 ** (s[:-1] - 1))
    np.testing.assert_allclose(right[1:], 40 * 0.5 ** (6 - s[1:]))
    best = mdp.optimal_policy(mdp.q_values(REWARDS, 0.5))
    np.testing.assert_allclose(
        mdp.policy_values(REWARDS, best, 0.5), mdp.q_values(REWARDS, 0.5).max(axis=1), atol=1e-9
    )


def test_format_q_lines():
    table = mdp.format_q(mdp.q_values(REWARDS, 0.5), REWARDS).splitlines()
    assert table[0].split() == ["state", "reward", "Q(s,", "left)", "Q(s,", "right)", "best"]
    assert table[1].split() == ["0", "100", "100.00", "100.00", "terminal"]
    assert table[2].split() == ["1", "0", "50.00", "12.50", "left"]
    assert table[5].split() == ["4", "0", "6.25", "20.00", "right"]
