"""Public checks of the graded lab c3w3-deep-q-learning (q_network, optimizer, compute_loss).

``check_q_networks`` reads the architecture of the learner's two Keras networks (not their
weights), with :func:`utils.checks.keras_models.describe_model`, and checks that they share no
weight (a target network built from the Q-network's layers would be the Q-network itself).
``check_optimizer`` reads the optimizer's class and learning rate. ``check_compute_loss`` calls the
learner's function with networks of its own: one linear Dense layer each, with weights chosen so
that every Q-value can be worked out by hand (written next to the case), so a wrong network in
exercise 1 cannot make it fail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from utils.checks import Case, CheckFailed, run_cases
from utils.checks.keras_models import recorded_architecture, shared_weights
from utils.records import record

STATE_SIZE = 8
NUM_ACTIONS = 4
LAYERS = [("Dense", 64, "relu"), ("Dense", 64, "relu"), ("Dense", NUM_ACTIONS, "linear")]
# (8 * 64 + 64) + (64 * 64 + 64) + (64 * 4 + 4)
PARAMETERS = 4996


def _layer_hint(found: list[tuple[Any, Any, Any]]) -> str:
    """The likely mistake in a list of (class, units, activation) that is not ``LAYERS``."""
    if len(found) != len(LAYERS):
        return "the network has 3 Dense layers: 64 relu units, 64 relu units, 4 linear units."
    if any(kind != "Dense" for kind, _, _ in found):
        return "use only keras.layers.Dense layers."
    units = tuple(u for _, u, _ in found)
    if units[-1] != NUM_ACTIONS:
        return "the output layer has one unit per action: 4 units, one Q-value each."
    if units != tuple(u for _, u, _ in LAYERS):
        return "both hidden layers have 64 units."
    activation = found[-1][2]
    if activation != "linear":
        return (
            f"the output layer uses {activation}; Q-values can be any number, negative too, so "
            "the output layer is linear (the default, or activation='linear')."
        )
    return "the hidden layers use activation='relu'."


def _check_network(network: Any, name: str) -> None:
    found = recorded_architecture(network, name, f"{name} architecture")
    if found["input shape"] != (None, STATE_SIZE):
        raise CheckFailed(
            f"{name}: expected the input shape (None, {STATE_SIZE}), got {found['input shape']}."
            "\nHint: a state has 8 numbers; start the layers with keras.Input(shape=(state_size,))."
        )
    if found["layers"] != LAYERS:
        raise CheckFailed(
            f"{name}: expected the layers {LAYERS}, got {found['layers']}.\n"
            f"Hint: {_layer_hint(found['layers'])}"
        )
    if found["parameters"] != PARAMETERS:
        raise CheckFailed(
            f"{name}: expected {PARAMETERS} parameters, got {found['parameters']}; do all layers "
            "use a bias (the default use_bias=True)?"
        )


def check_q_networks(q_network: Any, target_q_network: Any) -> None:
    """Check that both networks are Sequentials 8 → 64 relu → 64 relu → 4 linear, and share no
    weight.

    The architectures are recorded for the autograder before they are checked.

    Args:
        q_network: the learner's Q-network.
        target_q_network: the learner's target network.

    Raises:
        CheckFailed: with a hint at the first problem found.
    """
    _check_network(q_network, "q_network")
    _check_network(target_q_network, "target_q_network")
    if q_network is target_q_network:
        raise CheckFailed(
            "q_network and target_q_network are the same object: build two separate networks "
            "(two keras.Sequential calls), so that the target network keeps weights of its own."
        )
    shared = shared_weights(target_q_network, q_network)
    if shared:
        raise CheckFailed(
            f"target_q_network shares its weights with q_network ({', '.join(shared)}): it is "
            "built from q_network's layer objects, so it is q_network under another name.\n"
            "Hint: the target network must keep weights of its own, which follow q_network "
            "only slowly (the soft update); with shared weights every learning step moves the "
            "targets y too, the soft update changes nothing, and the learning chases its own "
            "tail. Create new Dense layers for target_q_network."
        )
    print("q_network and target_q_network: all public tests passed.")


def check_optimizer(optimizer: Any, alpha: float) -> None:
    """Check that ``optimizer`` is Adam with the learning rate ``alpha``.

    Args:
        optimizer: the learner's optimizer.
        alpha: the lab's learning rate ALPHA.

    Raises:
        CheckFailed: with a hint at the problem found.
    """
    if optimizer is None:
        raise CheckFailed("optimizer is still None: set it to keras.optimizers.Adam(...).")
    if isinstance(optimizer, type):
        raise CheckFailed("optimizer is a class: create one, keras.optimizers.Adam(...).")
    kind = type(optimizer).__name__
    rate = getattr(optimizer, "learning_rate", None)
    rate = None if rate is None else float(np.asarray(rate))
    record("optimizer", (kind, rate))
    if kind != "Adam":
        raise CheckFailed(f"expected an Adam optimizer, got {kind}: keras.optimizers.Adam(...).")
    if rate is None or not np.isclose(rate, alpha, rtol=1e-6):
        raise CheckFailed(
            f"expected the learning rate ALPHA = {alpha:g}, got {rate}: pass learning_rate=ALPHA."
        )
    print("optimizer: all public tests passed.")


def linear_network(W: list[list[float]], b: list[float]) -> keras.Sequential:
    """A network with one linear Dense layer whose output is ``s @ W + b``: Q-values by hand.

    Args:
        W: the weights, shape (state size, number of actions).
        b: the biases, shape (number of actions,).

    Returns:
        The Keras network, with these weights.
    """
    W = np.array(W, dtype=np.float32)
    network = keras.Sequential([keras.Input(shape=(W.shape[0],)), keras.layers.Dense(W.shape[1])])
    network.set_weights([W, np.array(b, dtype=np.float32)])
    return network


def experiences(
    states: Any, actions: Any, rewards: Any, next_states: Any, dones: Any
) -> tuple[tf.Tensor, ...]:
    """A minibatch as ``rl.get_experiences`` returns it: float32 tensors, int32 actions."""
    return (
        tf.constant(states, dtype=tf.float32),
        tf.constant(actions, dtype=tf.int32),
        tf.constant(rewards, dtype=tf.float32),
        tf.constant(next_states, dtype=tf.float32),
        tf.constant(dones, dtype=tf.float32),
    )


def _check_traceable_and_differentiable(compute_loss: Callable, case: Case) -> None:
    """The learning step runs compute_loss in a tf.function and differentiates it."""
    batch, gamma, q_network, target_q_network = case.args
    try:
        traced = tf.function(compute_loss)(batch, gamma, q_network, target_q_network)
    except Exception as error:  # NumPy calls on symbolic tensors, Python ifs on tensors, ...
        raise CheckFailed(
            f"compute_loss fails inside a tf.function, where the learning step runs it: "
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}\n"
            "Hint: use TensorFlow operations (tf.reduce_max, tf.gather_nd, ...) rather than "
            "NumPy functions or .numpy() on the networks' outputs."
        ) from None
    if not np.allclose(np.asarray(traced), case.expected, rtol=1e-5):
        raise CheckFailed(
            f"compute_loss gives {float(np.asarray(traced)):.6g} inside a tf.function but "
            f"{case.expected:.6g} is expected; use TensorFlow operations only."
        )
    with tf.GradientTape() as tape:
        loss = compute_loss(batch, gamma, q_network, target_q_network)
    gradients = tape.gradient(loss, q_network.trainable_variables)
    if any(g is None for g in gradients):
        raise CheckFailed(
            "the loss does not depend on q_network's weights as TensorFlow sees it, so the "
            "learning step cannot compute its gradient.\nHint: compute Q(s, a) with TensorFlow "
            "operations on q_network(states) (no NumPy, no .numpy())."
        )


def check_compute_loss(compute_loss: Callable) -> None:
    """Check ``compute_loss(experiences, gamma, q_network, target_q_network)`` on hand-worked
    minibatches with hand-built linear networks (2 state numbers, 4 actions)."""
    # Q-network:  Q(s)  = s @ [[1, 2, 3, 4], [1, 1, 1, 1]]  = s0 * [1, 2, 3, 4] + s1
    # target:     Q^(s) = s @ [[1, 0, 0, 0], [0, 0, 0, 1]]  = [s0, 0, 0, s1]
    q_network = linear_network([[1, 2, 3, 4], [1, 1, 1, 1]], [0, 0, 0, 0])
    target_q_network = linear_network([[1, 0, 0, 0], [0, 0, 0, 1]], [0, 0, 0, 0])
    batch = experiences(
        states=[[1, 0], [0, 2], [2, 1]],
        actions=[3, 0, 1],
        rewards=[1, -2, 0.5],
        next_states=[[2, 5], [4, 1], [3, 3]],
        dones=[0, 1, 0],
    )
    # Q(s, a):            [1,2,3,4][3] = 4,  [2,2,2,2][0] = 2,  [3,5,7,9][1] = 5
    # max_a' Q^(s', a'):  max[2,0,0,5] = 5,  max[4,0,0,1] = 4,  max[3,0,0,3] = 3
    # y, gamma = 0.9:     1 + 0.9 * 5 = 5.5, -2 (done),         0.5 + 0.9 * 3 = 3.2
    # loss = ((5.5 - 4)^2 + (-2 - 2)^2 + (3.2 - 5)^2) / 3 = (2.25 + 16 + 3.24) / 3 = 21.49 / 3
    first = Case(
        (batch, 0.9, q_network, target_q_network),
        21.49 / 3,
        "3 hand-worked experiences, gamma=0.9",
        hints=[
            # y = -2 + 0.9 * 4 = 1.6 for the last step: (2.25 + 0.16 + 3.24) / 3
            (5.65 / 3, "a step that ends the episode has no future: multiply by (1 - done)."),
            # y = [1, -2 + 3.6, 0.5]: (9 + 0.16 + 20.25) / 3
            (29.41 / 3, "the future counts when the episode goes on: (1 - done), not done."),
            # one max over the whole batch, 5: y = [5.5, -2, 5]: (2.25 + 16 + 0) / 3
            (18.25 / 3, "take the max over the actions of each next state: axis=-1."),
            # q_network on s': max = [13, 17, 15], y = [12.7, -2, 14]: (75.69 + 16 + 81) / 3
            (
                172.69 / 3,
                "the targets y use target_q_network, not q_network: Q^(s', a').",
            ),
            # y = [6, -2, 3.5]: (4 + 16 + 2.25) / 3
            (22.25 / 3, "multiply the max of the target Q-values by gamma."),
            # max_a Q(s, a) = [4, 2, 9] instead of Q(s, a): (2.25 + 16 + 33.64) / 3
            (51.89 / 3, "use Q(s, a) for the action taken, not the largest Q-value of s."),
            # target network on s instead of s': max = [1, 2, 2], y = [1.9, -2, 2.3]
            (27.7 / 3, "the targets use the next states, target_q_network(next_states)."),
            (21.49, "the loss is the mean of the squared errors, not their sum."),
        ],
    )
    # One experience that ends the episode: y = r = 3, Q(s, a=2) = 3 * 1 + (-1) = 2 -> (3 - 2)^2
    # Two that go on, gamma = 0.5: s' = [1, 2] gives max[1, 0, 0, 2] = 2, y = 0 + 0.5 * 2 = 1;
    # s' = [-1, -3] gives max[-1, 0, 0, -3] = 0, y = -1 + 0 = -1.
    # Q: s = [0, 1], a = 0 -> 1;  s = [1, 1], a = 2 -> 3 + 1 = 4.
    # loss = ((3 - 2)^2 + (1 - 1)^2 + (-1 - 4)^2) / 3 = 26 / 3
    second = Case(
        (
            experiences(
                states=[[1, -1], [0, 1], [1, 1]],
                actions=[2, 0, 2],
                rewards=[3, 0, -1],
                next_states=[[5, 5], [1, 2], [-1, -3]],
                dones=[1, 0, 0],
            ),
            0.5,
            q_network,
            target_q_network,
        ),
        26 / 3,
        "3 experiences, the first one ends the episode, gamma=0.5",
        hints=[
            # gamma 0.995 instead of 0.5: y = [3, 1.99, -1]
            (
                (1 + 0.99**2 + 25) / 3,
                "use the argument gamma, not the global GAMMA.",
            ),
        ],
    )
    run_cases(
        compute_loss,
        "compute_loss",
        [first, second],
        default_hint="y = rewards + gamma * max_a' target_q_network(next_states) * (1 - done), "
        "Q(s, a) = q_network(states) at the actions taken, loss = mean of (y - Q(s, a))^2.",
        rtol=1e-5,
    )
    _check_traceable_and_differentiable(compute_loss, first)
    print("compute_loss works inside tf.function and its gradient reaches q_network.")
