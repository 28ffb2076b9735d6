"""Networks that must own their weights: the c3w2 movie tower and the c3w3 target Q-network.

A network built from another's layer objects has the right architecture but is the other network
under a new name; the checks compare the weights' (and layers') ``id``s.
"""

import keras
import pytest

from utils.checks import CheckFailed
from utils.checks.content_based import check_tower
from utils.checks.deep_q_learning import check_q_networks
from utils.checks.keras_models import shared_weights


def _tower() -> keras.Sequential:
    return keras.Sequential(
        [
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(32),
        ]
    )


def _q_network(layers=None) -> keras.Sequential:
    layers = layers or [
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(4),
    ]
    return keras.Sequential([keras.Input(shape=(8,)), *layers])


def test_shared_weights_before_and_after_the_models_are_built():
    user = _tower()
    same_layers = keras.Sequential(user.layers)
    assert shared_weights(same_layers, user) == [layer.name for layer in user.layers]
    user.build((None, 21))
    assert len(shared_weights(same_layers, user)) == 6  # a kernel and a bias per layer
    assert shared_weights(_tower(), user) == []
    assert shared_weights(keras.models.clone_model(user), user) == []


@pytest.mark.parametrize("make", [lambda user: user, lambda user: keras.Sequential(user.layers)])
def test_a_movie_tower_made_of_the_user_tower_fails(make):
    user_NN = _tower()
    with pytest.raises(CheckFailed, match="item_NN shares its weights with user_NN"):
        check_tower(make(user_NN), "item_NN", 21, ("user_NN", user_NN))


def test_a_movie_tower_of_its_own_passes():
    check_tower(_tower(), "item_NN", 21, ("user_NN", _tower()))


def test_a_target_network_made_of_the_q_network_layers_fails():
    q_network = _q_network()
    with pytest.raises(CheckFailed, match="soft update"):
        check_q_networks(q_network, _q_network(q_network.layers))


def test_a_target_network_of_its_own_passes():
    q_network = _q_network()
    check_q_networks(q_network, keras.models.clone_model(q_network))
    check_q_networks(q_network, _q_network())
