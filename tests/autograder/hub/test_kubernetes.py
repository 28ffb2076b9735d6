import yaml

from autograder.hub.kubernetes import LEARNER_CONFIG_MOUNT, values
from autograder.hub.settings import HubSettings


def test_the_kubernetes_values_come_from_the_same_settings_as_make_hub(tmp_path):
    settings = HubSettings.load(folder=tmp_path, memory_mb=2048, idle_minutes=30,
                                teaching_assistants=("ta1",))  # fmt: skip
    data = values(settings, image="example/learner", tag="abc123", roster=["ada"])
    assert data["singleuser"]["memory"]["limit"] == "2048M"
    assert data["cull"]["timeout"] == 1800
    assert data["hub"]["config"]["Authenticator"]["admin_users"] == ["instructor"]
    assert data["hub"]["config"]["Authenticator"]["allowed_users"] == ["ada", "instructor", "ta1"]
    assert data["singleuser"]["image"] == {"name": "example/learner", "tag": "abc123"}
    mounts = data["singleuser"]["storage"]["extraVolumeMounts"]
    assert mounts == [{"name": "exchange", "mountPath": str(tmp_path / "exchange")}]
    files = data["singleuser"]["extraFiles"]
    assert (
        files["nbgrader_config.json"]["mountPath"] == f"{LEARNER_CONFIG_MOUNT}/nbgrader_config.json"
    )
    assert data["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"] == LEARNER_CONFIG_MOUNT
    assert yaml.safe_load(yaml.safe_dump(data)) == data  # plain YAML, as helm reads it
