"""The Mars rover: a six-state Markov decision process solved by value iteration.

The rover stands on one of ``n`` states in a row, numbered 0..n-1 like Python indices (the
lecture numbers them 1..n). The two ends are terminal: reaching one ends the episode and pays
its reward (100 on the left, 40 on the right in the course); the states between pay
``step_reward`` (0). In every non-terminal state the rover chooses an action, left (0) or right
(1); with probability ``misstep_prob`` it slips and moves one state the other way.

The state-action value Q(s, a) is the return of starting in s, taking a once, then behaving
optimally. It solves the Bellman equation

    Q(s, a) = R(s) + gamma * sum_s' P(s' | s, a) * max_a' Q(s', a'),

with Q(s, a) = R(s) in a terminal state. :func:`q_values` finds it by value iteration: start from
Q = 0 and apply the right-hand side (:func:`bellman_update`) until Q stops changing.
"""

from __future__ import annotations

import numpy as np

LEFT, RIGHT = 0, 1
ACTIONS: tuple[str, str] = ("left", "right")


def rover_mdp(
    n_states: int = 6,
    left_reward: float = 100.0,
    right_reward: float = 40.0,
    step_reward: float = 0.0,
) -> np.ndarray:
    """The rewards R(s) of the rover's states; the first and the last are terminal.

    Args:
        n_states: number of states in the row (at least 3).
        left_reward: reward of the left terminal state (state 0).
        right_reward: reward of the right terminal state (state n - 1).
        step_reward: reward of every non-terminal state.

    Returns:
        rewards, shape (n_states,).
    """
    if n_states < 3:
        raise ValueError(f"the rover needs at least 3 states, got {n_states}")
    rewards = np.full(n_states, float(step_reward))
    rewards[0], rewards[-1] = left_reward, right_reward
    return rewards


def transitions(n_states: int, misstep_prob: float = 0.0) -> np.ndarray:
    """The probabilities P(s' | s, a) of the next state.

    A terminal state (the first or the last) has no next state: its rows are zero.

    Args:
        n_states: number of states.
        misstep_prob: probability of moving opposite to the chosen action, in [0, 1].

    Returns:
        P, shape (2, n_states, n_states): ``P[a, s, s2]`` for action a taken in state s.
    """
    if not 0.0 <= misstep_prob <= 1.0:
        raise ValueError(f"misstep_prob must be in [0, 1], got {misstep_prob}")
    p = np.zeros((2, n_states, n_states))
    for s in range(1, n_states - 1):
        for action, step in ((LEFT, -1), (RIGHT, 1)):
            p[action, s, s + step] += 1.0 - misstep_prob
            p[action, s, s - step] += misstep_prob
    return p


def bellman_update(
    q: np.ndarray, rewards: np.ndarray, gamma: float, misstep_prob: float = 0.0
) -> np.ndarray:
    """One sweep of value iteration: the right-hand side of the Bellman equation.

    Args:
        q: the current estimate of Q, shape (n, 2) (column 0 left, column 1 right).
        rewards: R(s), shape (n,).
        gamma: the discount factor, in [0, 1].
        misstep_prob: probability of moving opposite to the chosen action.

    Returns:
        R(s) + gamma * E[max_a' q(s', a')], shape (n, 2); equal to R(s) in the terminal states.
    """
    rewards = np.asarray(rewards, dtype=float)
    best_next = q.max(axis=1)  # (n,): max_a' q(s', a')
    expected = transitions(len(rewards), misstep_prob) @ best_next  # (2, n)
    return rewards[:, None] + gamma * expected.T


def q_values(
    rewards: np.ndarray,
    gamma: float = 0.5,
    misstep_prob: float = 0.0,
    tol: float = 1e-10,
    max_iter: int = 100_000,
) -> np.ndarray:
    """The optimal state-action values Q(s, a), by value iteration from Q = 0.

    Args:
        rewards: R(s), shape (n,); the first and the last states are terminal.
        gamma: the discount factor, in [0, 1).
        misstep_prob: probability of moving opposite to the chosen action, in [0, 1].
        tol: stop when no value changes by more than this in one sweep.
        max_iter: give up (RuntimeError) after this many sweeps.

    Returns:
        Q, shape (n, 2): ``Q[s, LEFT]`` and ``Q[s, RIGHT]``.
    """
    if not 0.0 <= gamma < 1.0:
        raise ValueError(f"gamma must be in [0, 1), got {gamma}")
    q = np.zeros((len(rewards), 2))
    for _ in range(max_iter):
        new_q = bellman_update(q, rewards, gamma, misstep_prob)
        if np.max(np.abs(new_q - q)) <= tol:
            return new_q
        q = new_q
    raise RuntimeError(f"value iteration did not converge in {max_iter} sweeps")


def optimal_policy(q: np.ndarray) -> np.ndarray:
    """The best action in each state, argmax_a Q(s, a).

    Ties go to LEFT; in the terminal states, where both values equal R(s), the action means nothing.

    Args:
        q: state-action values, shape (n, 2).

    Returns:
        actions, shape (n,), LEFT (0) or RIGHT (1).
    """
    return np.argmax(q, axis=1)


def discounted_return(rewards: list[float] | np.ndarray, gamma: float) -> float:
    """The return R_1 + gamma R_2 + gamma^2 R_3 + ... of a sequence of rewards.

    Args:
        rewards: the rewards collected, in order, shape (T,).
        gamma: the discount factor.

    Returns:
        the return.
    """
    rewards = np.asarray(rewards, dtype=float)
    return float(np.sum(rewards * gamma ** np.arange(len(rewards))))


def policy_values(
    rewards: np.ndarray, policy: np.ndarray, gamma: float, misstep_prob: float = 0.0
) -> np.ndarray:
    """The expected return V(s) of following a policy from each state.

    Solves the linear system V = R + gamma * P_policy V (the Bellman equation of a fixed policy).

    Args:
        rewards: R(s), shape (n,).
        policy: the action in each state, shape (n,), LEFT or RIGHT (ignored in terminal states).
        gamma: the discount factor, in [0, 1).
        misstep_prob: probability of moving opposite to the chosen action.

    Returns:
        V, shape (n,).
    """
    n = len(rewards)
    p_policy = transitions(n, misstep_prob)[np.asarray(policy), np.arange(n)]  # (n, n)
    return np.linalg.solve(np.eye(n) - gamma * p_policy, np.asarray(rewards, dtype=float))


def format_q(q: np.ndarray, rewards: np.ndarray) -> str:
    """A table of Q(s, left), Q(s, right) and the best action, one line per state (0..n-1).

    Args:
        q: state-action values, shape (n, 2).
        rewards: R(s), shape (n,).

    Returns:
        the table, with a header line.
    """
    policy = optimal_policy(q)
    lines = ["state  reward  Q(s, left)  Q(s, right)  best"]
    for s, (r, (left, right)) in enumerate(zip(rewards, q, strict=True)):
        best = "terminal" if s in (0, len(rewards) - 1) else ACTIONS[policy[s]]
        lines.append(f"{s:>5}  {r:>6g}  {left:>10.2f}  {right:>11.2f}  {best}")
    return "\n".join(lines)
