"""utils.labs.rl: the replay buffer, epsilon-greedy actions, the NumPy Q-values, the soft update and
the pictures of the deep Q-learning lab."""

import base64
import math
import re

import gymnasium as gym
import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils.labs import rl


def _experience(i: int, state_size: int = 3) -> rl.Experience:
    return rl.Experience(
        state=np.full(state_size, i, dtype=float),
        action=i % 4,
        reward=float(i) / 2,
        next_state=np.full(state_size, i + 1, dtype=float),
        done=i % 5 == 0,
    )


def _network(seed: int) -> keras.Sequential:
    keras.utils.set_random_seed(seed)
    return keras.Sequential(
        [
            keras.Input(shape=(8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(4),
        ]
    )


def test_the_buffer_keeps_the_last_experiences_and_overwrites_the_oldest():
    memory = rl.ReplayBuffer(size=5, state_size=3)
    for i in range(3):
        memory.append(_experience(i))
    assert len(memory) == 3
    for i in range(3, 8):
        memory.append(_experience(i))
    assert len(memory) == 5 and memory.count == 8
    # 5, 6, 7 went over 0, 1, 2: the buffer holds 3..7
    assert sorted(memory.states[:, 0].tolist()) == [3, 4, 5, 6, 7]
    assert memory.states[0, 0] == 5 and memory.next_states[0, 0] == 6
    assert memory.actions[0] == 1 and memory.rewards[0] == 2.5 and memory.dones[0] == 1.0


def test_get_experiences_samples_distinct_rows_as_tensors_of_the_right_types():
    memory = rl.ReplayBuffer(size=100, state_size=3)
    for i in range(40):
        memory.append(_experience(i))
    states, actions, rewards, next_states, dones = rl.get_experiences(
        memory, 16, np.random.default_rng(0)
    )
    assert states.shape == (16, 3) and next_states.shape == (16, 3)
    assert actions.shape == rewards.shape == dones.shape == (16,)
    assert [t.dtype.name for t in (states, actions, rewards, next_states, dones)] == [
        "float32",
        "int32",
        "float32",
        "float32",
        "float32",
    ]
    i = states.numpy()[:, 0].astype(int)
    assert len(set(i.tolist())) == 16 and i.max() < 40  # without replacement, only filled rows
    # every row is one whole experience
    np.testing.assert_array_equal(actions.numpy(), i % 4)
    np.testing.assert_allclose(rewards.numpy(), i / 2)
    np.testing.assert_allclose(next_states.numpy()[:, 0], i + 1)
    np.testing.assert_array_equal(dones.numpy(), (i % 5 == 0).astype(float))


def test_learning_happens_every_few_steps_once_the_buffer_holds_a_minibatch():
    assert rl.check_update_conditions(3, 4, 65, 64)
    assert not rl.check_update_conditions(4, 4, 65, 64)
    assert not rl.check_update_conditions(3, 4, 64, 64)
    assert [t for t in range(12) if rl.check_update_conditions(t, 4, 1000, 64)] == [3, 7, 11]


def test_epsilon_decays_by_its_factor_down_to_its_minimum():
    assert rl.get_new_eps(1.0) == pytest.approx(0.995)
    assert rl.get_new_eps(0.5, decay=0.9, e_min=0.1) == pytest.approx(0.45)
    assert rl.get_new_eps(0.01004) == 0.01  # 0.995 * 0.01004 < 0.01
    epsilon, episodes = 1.0, 0
    while epsilon > 0.01:
        epsilon, episodes = rl.get_new_eps(epsilon), episodes + 1
    assert episodes == math.ceil(math.log(0.01) / math.log(0.995))  # 919


def test_get_action_is_greedy_at_epsilon_0_and_uniform_at_epsilon_1():
    rng = np.random.default_rng(1)
    q = np.array([0.5, -1.0, 2.0, 1.9])
    assert {rl.get_action(q, 0.0, rng) for _ in range(50)} == {2}
    counts = np.bincount([rl.get_action(q, 1.0, rng) for _ in range(4000)], minlength=4)
    assert counts.min() > 850  # about 1000 each
    greedy = np.mean([rl.get_action(q, 0.2, rng) == 2 for _ in range(4000)])
    assert greedy == pytest.approx(0.8 + 0.2 / 4, abs=0.03)


def test_numpy_q_values_match_the_keras_network():
    network = _network(3)
    states = np.random.default_rng(2).normal(size=(6, 8)).astype(np.float32)
    weights = rl.numpy_weights(network)
    assert [w.shape for w in weights] == [(8, 16), (16,), (16, 16), (16,), (16, 4), (4,)]
    expected = network(states).numpy()
    for state, row in zip(states, expected, strict=True):
        np.testing.assert_allclose(rl.network_q_values(weights, state), row, rtol=1e-5, atol=1e-5)


def test_the_soft_update_moves_the_target_weights_a_fraction_tau():
    network, target = _network(4), _network(5)
    before = [w.copy() for w in target.get_weights()]
    rl.update_target_network(network, target, 0.25)
    for new, old, w in zip(target.get_weights(), before, network.get_weights(), strict=True):
        np.testing.assert_allclose(new, 0.25 * w + 0.75 * old, rtol=1e-6, atol=1e-7)
    rl.update_target_network(network, target, 1.0)
    for new, w in zip(target.get_weights(), network.get_weights(), strict=True):
        np.testing.assert_allclose(new, w)


def test_moving_average_uses_the_last_window_values():
    np.testing.assert_allclose(rl.moving_average([2, 4, 6, 8, 10], 3), [2, 3, 4, 6, 8])


def test_plot_scores_draws_the_scores_their_average_and_the_goal():
    fig, ax = plt.subplots()
    rl.plot_scores(ax, [0, 10, 20, 30], window=2, goal=25)
    scores, average, goal = ax.get_lines()
    np.testing.assert_allclose(scores.get_ydata(), [0, 10, 20, 30])
    np.testing.assert_allclose(average.get_ydata(), [0, 5, 15, 25])
    np.testing.assert_allclose(goal.get_ydata(), [25, 25])
    assert ax.get_xlabel() == "episode"
    plt.close(fig)


def test_render_episode_keeps_few_small_frames_and_animate_makes_html():
    env = gym.make("LunarLander-v3", render_mode="rgb_array")
    episode = rl.render_episode(
        env, lambda state: 0, seed=0, max_steps=40, max_frames=10, downscale=4
    )
    env.close()
    assert 2 <= len(episode.frames) <= 10 and len(episode.steps) == len(episode.frames)
    assert episode.frames[0].shape == (100, 150, 3) and episode.frames[0].dtype == np.uint8
    assert np.isfinite(episode.total)
    html = rl.animate(episode.frames, fps=5, width=2)
    assert "<script" in html and html.count("data:image/png;base64") == len(episode.frames)
    assert len(html) < 200_000


@pytest.mark.parametrize("max_steps, max_frames", [(40, 10), (41, 7), (300, 20), (5, 100)])
def test_render_episode_keeps_evenly_spaced_steps_from_the_first_to_the_last(max_steps, max_frames):
    env = gym.make("LunarLander-v3", render_mode="rgb_array")
    episode = rl.render_episode(
        env, lambda state: 2, seed=1, max_steps=max_steps, max_frames=max_frames, downscale=8
    )
    reference = gym.make("LunarLander-v3")
    reference.reset(seed=1)
    total, last, ended = 0.0, 0, False
    while not ended and last < max_steps:
        _, reward, terminated, truncated, _ = reference.step(2)
        total, last, ended = total + float(reward), last + 1, terminated or truncated
    env.close()
    reference.close()
    steps = episode.steps
    assert steps[0] == 0 and steps[-1] == last and len(steps) <= max_frames
    assert steps == sorted(set(steps))
    assert len({b - a for a, b in zip(steps[:-2], steps[1:-1], strict=True)}) <= 1
    assert episode.total == pytest.approx(total)


def test_animate_shows_the_frames_at_full_size_by_default():
    frames = [np.zeros((40, 60, 3), np.uint8), np.full((40, 60, 3), 255, np.uint8)]
    html = rl.animate(frames, fps=5)
    pngs = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=\\n]+)", html)
    assert len(pngs) == 2
    header = base64.b64decode(pngs[0].replace("\\n", "")[:32])
    assert int.from_bytes(header[16:20], "big") == 60  # the PNG's width in pixels


def test_filmstrip_shows_evenly_spaced_frames_with_their_steps_in_a_strip():
    frames = [np.full((40, 60, 3), i, np.uint8) for i in range(11)]
    episode = rl.Episode(frames, [10 * i for i in range(11)], 0.0)
    fig = rl.filmstrip(episode, count=5)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["step 0", "step 20", "step 50", "step 80", "step 100"]
    width, _ = fig.get_size_inches() * fig.dpi
    assert width <= 920
    plt.close(fig)
