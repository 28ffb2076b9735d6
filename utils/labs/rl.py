"""Machinery of the deep Q-learning lab (c3w3-deep-q-learning): replay memory, epsilon-greedy
actions, the soft update of the target network, and pictures of the lunar lander.

The lab's notebook writes the training loop itself; this module holds the parts around it that
are not the lesson: a replay buffer that samples fast, a NumPy forward pass of the Q-network that
chooses actions without calling Keras at every step, and the plotting and animation helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from matplotlib import animation
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from utils import plotting
from utils.plotting import COLORS


class Experience(NamedTuple):
    """One step of the agent: (S, A, R, S', done).

    Attributes:
        state: the state before the step, shape (state_size,).
        action: the action taken, an integer.
        reward: the reward received.
        next_state: the state after the step, shape (state_size,).
        done: True when the step ended the episode (the lander landed or crashed).
    """

    state: np.ndarray
    action: int
    reward: float
    next_state: np.ndarray
    done: bool


class ReplayBuffer:
    """The replay memory: the last ``size`` experiences, in NumPy arrays used as a ring.

    When the buffer is full, a new experience replaces the oldest one.

    Args:
        size: how many experiences the buffer keeps.
        state_size: the length of a state vector.
    """

    def __init__(self, size: int, state_size: int) -> None:
        self.size = size
        self.states = np.zeros((size, state_size), dtype=np.float32)
        self.actions = np.zeros(size, dtype=np.int32)
        self.rewards = np.zeros(size, dtype=np.float32)
        self.next_states = np.zeros((size, state_size), dtype=np.float32)
        self.dones = np.zeros(size, dtype=np.float32)
        self.count = 0  # experiences ever added

    def append(self, experience: Experience) -> None:
        """Store one experience, over the oldest one when the buffer is full."""
        i = self.count % self.size
        self.states[i] = experience.state
        self.actions[i] = experience.action
        self.rewards[i] = experience.reward
        self.next_states[i] = experience.next_state
        self.dones[i] = float(experience.done)
        self.count += 1

    def __len__(self) -> int:
        return min(self.count, self.size)


def get_experiences(
    memory: ReplayBuffer, batch_size: int, rng: np.random.Generator
) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]:
    """Sample a minibatch of experiences uniformly at random, without replacement.

    Args:
        memory: the replay buffer (it must hold at least ``batch_size`` experiences).
        batch_size: the number of experiences m.
        rng: the random generator.

    Returns:
        ``(states, actions, rewards, next_states, done_vals)`` as tensors: states and next_states
        float32 (m, state_size), actions int32 (m,), rewards float32 (m,), done_vals float32 (m,)
        with 1.0 where the episode ended.
    """
    idx = rng.choice(len(memory), size=batch_size, replace=False)
    return (
        tf.convert_to_tensor(memory.states[idx]),
        tf.convert_to_tensor(memory.actions[idx]),
        tf.convert_to_tensor(memory.rewards[idx]),
        tf.convert_to_tensor(memory.next_states[idx]),
        tf.convert_to_tensor(memory.dones[idx]),
    )


def check_update_conditions(t: int, num_steps_upd: int, memory_len: int, batch_size: int) -> bool:
    """True when the agent should take a learning step after time step ``t``.

    Args:
        t: the time step within the episode, from 0.
        num_steps_upd: learn once every this many time steps.
        memory_len: the number of experiences in the replay buffer.
        batch_size: the minibatch size; the buffer must hold more experiences than this.

    Returns:
        Whether to learn now.
    """
    return (t + 1) % num_steps_upd == 0 and memory_len > batch_size


def get_new_eps(epsilon: float, decay: float = 0.995, e_min: float = 0.01) -> float:
    """Decay epsilon once (after an episode), never below ``e_min``.

    Args:
        epsilon: the current epsilon.
        decay: the factor applied each time.
        e_min: the smallest epsilon.

    Returns:
        ``max(e_min, decay * epsilon)``.
    """
    return max(e_min, decay * epsilon)


def get_action(q_values: np.ndarray, epsilon: float, rng: np.random.Generator) -> int:
    """Choose an action epsilon-greedily.

    Args:
        q_values: Q(s, a) of the current state for each action, shape (num_actions,).
        epsilon: the probability of a random action.
        rng: the random generator.

    Returns:
        A random action with probability epsilon, else the action of largest Q-value.
    """
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    return int(np.argmax(q_values))


def numpy_weights(model: Any) -> list[np.ndarray]:
    """A copy of a Dense network's weights as NumPy arrays, for :func:`network_q_values`.

    Args:
        model: a Keras Sequential of Dense layers.

    Returns:
        ``[W1, b1, W2, b2, ...]``, W of shape (n_in, n_out), b of shape (n_out,).
    """
    return [v.numpy() for v in model.trainable_variables]


def network_q_values(weights: Sequence[np.ndarray], state: np.ndarray) -> np.ndarray:
    """The Q-network's output for one state, computed in NumPy: ReLU hidden layers, linear output.

    Calling a Keras model costs about a millisecond; this costs a few microseconds, which matters
    when the agent chooses hundreds of thousands of actions.

    Args:
        weights: ``[W1, b1, W2, b2, ...]`` from :func:`numpy_weights`.
        state: one state, shape (state_size,).

    Returns:
        Q(state, a) for each action a, shape (num_actions,).
    """
    a = np.asarray(state, dtype=np.float32)
    last = len(weights) // 2 - 1
    for layer in range(last + 1):
        a = a @ weights[2 * layer] + weights[2 * layer + 1]
        if layer < last:
            a = np.maximum(a, 0.0)
    return a


def update_target_network(q_network: Any, target_q_network: Any, tau: float) -> None:
    """Soft update: move every target weight a fraction ``tau`` towards the Q-network's.

    ``w_target <- tau * w + (1 - tau) * w_target``; works inside a ``tf.function``.

    Args:
        q_network: the network being trained.
        target_q_network: the target network, with the same architecture.
        tau: the fraction, e.g. 1e-3.
    """
    for target_weight, weight in zip(target_q_network.weights, q_network.weights, strict=True):
        target_weight.assign(tau * weight + (1.0 - tau) * target_weight)


def moving_average(values: Sequence[float], window: int) -> np.ndarray:
    """The mean of the last ``window`` values (fewer at the start) at each position.

    Args:
        values: the series, length n.
        window: the number of values averaged.

    Returns:
        The averages, shape (n,).
    """
    values = np.asarray(values, dtype=float)
    sums = np.cumsum(np.concatenate([[0.0], values]))
    ends = np.arange(1, len(values) + 1)
    starts = np.maximum(0, ends - window)
    return (sums[ends] - sums[starts]) / (ends - starts)


def plot_scores(ax: Axes, scores: Sequence[float], window: int = 100, goal: float = 200.0) -> None:
    """Plot the score of each episode, its moving average, and the goal.

    Args:
        ax: the axes to draw on.
        scores: the total reward of each episode, length n.
        window: the number of episodes averaged.
        goal: the average score that counts as solved, drawn as a dashed line.
    """
    episodes = np.arange(1, len(scores) + 1)
    ax.plot(episodes, scores, color=COLORS.model, alpha=0.35, lw=1, label="episode score")
    ax.plot(
        episodes,
        moving_average(scores, window),
        color=COLORS.highlight,
        lw=2,
        label=f"average of the last {window}",
    )
    ax.axhline(goal, color=COLORS.guide, ls="--", lw=1, label=f"goal: {goal:g}")
    ax.set_xlabel("episode")
    ax.set_ylabel("total reward (points)")
    ax.legend(loc="lower right")


class Episode(NamedTuple):
    """Evenly spaced frames of one episode and its score.

    Attributes:
        frames: images (height, width, 3) uint8, the first and the last state among them.
        steps: the time step of each frame (0 is the initial state), same length as frames.
        total: the episode's score, the sum of its rewards.
    """

    frames: list[np.ndarray]
    steps: list[int]
    total: float


def _thin(frames: list[np.ndarray], steps: list[int]) -> tuple[list[np.ndarray], list[int]]:
    """Every other frame, keeping the first and the last."""
    kept = list(range(0, len(frames) - 1, 2)) + [len(frames) - 1]
    return [frames[i] for i in kept], [steps[i] for i in kept]


def render_episode(
    env: Any,
    policy: Callable[[np.ndarray], int],
    *,
    seed: int,
    max_steps: int = 1000,
    max_frames: int = 100,
    downscale: int = 1,
) -> Episode:
    """Play one episode with ``policy`` and keep evenly spaced frames of it.

    Only the kept frames are drawn: every ``stride``-th step, the stride doubling whenever more
    than ``2 * max_frames`` frames are held, so memory stays bounded however long the episode.

    Args:
        env: an environment made with ``render_mode="rgb_array"``.
        policy: the action for a state, e.g. the greedy action of the Q-network.
        seed: the seed of the episode's reset.
        max_steps: the longest episode played.
        max_frames: at most this many frames are kept (2 or more), the first and the last
            among them.
        downscale: keep every ``downscale``-th pixel in each direction (1: full size).

    Returns:
        The frames, their time steps and the episode's score.
    """
    if max_frames < 2:
        raise ValueError(f"keep at least the first and the last frame, not {max_frames}")
    state, _ = env.reset(seed=seed)
    frames, steps, stride, total = [env.render()[::downscale, ::downscale]], [0], 1, 0.0
    for t in range(1, max_steps + 1):
        state, reward, terminated, truncated, _ = env.step(policy(state))
        total += float(reward)
        ended = terminated or truncated or t == max_steps
        if t % stride == 0 or ended:
            frames.append(env.render()[::downscale, ::downscale])
            steps.append(t)
        if ended:
            break
        if len(frames) > 2 * max_frames:
            frames, steps, stride = frames[::2], steps[::2], 2 * stride
    while len(frames) > max_frames:
        frames, steps = _thin(frames, steps)
    return Episode(frames, steps, total)


def animate(frames: Sequence[np.ndarray], *, fps: int = 10, width: float | None = None) -> str:
    """An HTML animation of ``frames`` (JavaScript player, no display needed, works offline).

    Args:
        frames: images (height, width, 3), all the same size.
        fps: frames per second of the player.
        width: the player's width in inches at 100 dpi; None shows the frames at full size,
            one pixel of the player per pixel of a frame.

    Returns:
        The HTML of the animation, for ``IPython.display.HTML``.
    """
    dpi = 100
    height, wide = frames[0].shape[:2]
    width = wide / dpi if width is None else width
    fig, ax = plt.subplots(figsize=(width, width * height / wide), dpi=dpi)
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_axis_off()
    image = ax.imshow(frames[0])

    def show(i: int) -> list:
        image.set_data(frames[i])
        return [image]

    anim = animation.FuncAnimation(fig, show, frames=len(frames), interval=1000 / fps, blit=True)
    html = anim.to_jshtml(default_mode="once")
    plt.close(fig)
    return html


def filmstrip(episode: Episode, count: int = 5) -> Figure:
    """A still of an episode: ``count`` of its frames in a row, evenly spaced from the first to
    the last, each titled with its time step; a PNG, which survives export to HTML.

    Args:
        episode: what :func:`render_episode` returns.
        count: the number of frames shown (fewer if the episode has fewer).

    Returns:
        The figure (``strip``).
    """
    count = min(count, len(episode.frames))
    chosen = np.unique(np.linspace(0, len(episode.frames) - 1, count).round().astype(int))
    fig, axes = plotting.figure("strip", ncols=len(chosen), squeeze=False)
    for ax, i in zip(axes[0], chosen, strict=True):
        ax.imshow(episode.frames[i])
        ax.set_axis_off()
        ax.set_title(f"step {episode.steps[i]}", fontsize=10, fontweight="normal")
    return fig
