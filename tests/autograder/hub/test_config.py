from pathlib import Path

import pytest
from traitlets.config import Config

from autograder.hub import config as hub_config
from autograder.hub.folders import INSTRUCTOR_PANELS, grader_config, learner_config
from autograder.hub.settings import HubSettings

PYTHON = Path("/srv/course/.venv/bin/python")
PROXY = Path("/srv/course/.hub-proxy/node_modules/.bin/configurable-http-proxy")


@pytest.fixture
def settings(tmp_path):
    return HubSettings.load(folder=tmp_path, port=9000, teaching_assistants=("ta1",))


def configured(settings, **kwargs):
    kwargs.setdefault("roster", ["ada", "alan"])
    return hub_config.configure(Config(), settings, python=PYTHON, proxy=PROXY, **kwargs)


def test_the_hub_listens_on_loopback_and_keeps_its_files_in_its_state_folder(settings):
    c = configured(settings)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:9000"
    assert c.JupyterHub.hub_ip == "127.0.0.1"
    assert {c.JupyterHub.hub_port, int(c.ConfigurableHTTPProxy.api_url.rsplit(":", 1)[1])} == {
        9001,
        9002,
    }
    assert c.ConfigurableHTTPProxy.command == [str(PROXY)]
    for path in (c.JupyterHub.db_url.removeprefix("sqlite:///"), c.JupyterHub.cookie_secret_file):
        assert Path(path).parent == settings.state


def test_native_sign_up_needs_the_instructors_approval_and_the_roster_is_allowed(settings):
    c = configured(settings)
    assert c.JupyterHub.authenticator_class == "native"
    assert c.NativeAuthenticator.open_signup is False
    assert c.Authenticator.admin_users == {"instructor"}
    assert c.Authenticator.allowed_users == {"instructor", "ta1", "ada", "alan"}


def test_the_shared_password_authenticator_needs_a_password(settings):
    settings = HubSettings.load(folder=settings.folder, authenticator="shared-password")
    with pytest.raises(ValueError, match="password"):
        configured(settings)
    with pytest.raises(ValueError, match="HUB_ADMIN_PASSWORD"):
        configured(settings, shared_password="a-long-one")
    c = configured(settings, shared_password="a-long-one", admin_password="x" * 32)
    assert c.SharedPasswordAuthenticator.user_password == "a-long-one"
    assert c.SharedPasswordAuthenticator.admin_password == "x" * 32


def test_learners_servers_run_the_course_environment_with_the_learner_config(settings):
    c = configured(settings)
    assert c.JupyterHub.spawner_class == "autograder.hub.spawner.CourseSpawner"
    assert c.Spawner.cmd == [str(PYTHON.parent / "jupyterhub-singleuser")]
    assert c.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(settings.learner_config)
    assert c.Spawner.environment["PATH"].startswith(f"{PYTHON.parent}:")
    assert (c.CourseSpawner.memory_mb, c.CourseSpawner.processes) == (3072, 512)
    assert c.CourseSpawner.group_parent == "ml-course-hub-9000"  # one per hub (its port)


def test_the_formgrader_is_a_service_of_the_grader_account_for_the_staff_only(settings):
    c = configured(settings)
    formgrader = next(s for s in c.JupyterHub.services if s["name"] == "ml-course")
    assert formgrader["user"] == "grader"
    assert formgrader["environment"]["JUPYTER_CONFIG_PATH"] == str(settings.grader_config)
    assert c.JupyterHub.load_groups == {"formgrade-ml-course": {"users": ["instructor", "ta1"]}}
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == hub_config.FORMGRADER_ROLE)
    assert role["groups"] == ["formgrade-ml-course"]
    assert "access:services!service=ml-course" in role["scopes"]
    assert not any("users" in r for r in c.JupyterHub.load_roles)  # no role names a learner


def test_the_idle_culler_stops_servers_idle_for_the_configured_time(settings):
    c = configured(settings)
    culler = next(s for s in c.JupyterHub.services if s["name"] == hub_config.CULLER_ROLE)
    assert "--timeout=3600" in culler["command"]
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == hub_config.CULLER_ROLE)
    assert role["services"] == [hub_config.CULLER_ROLE] and "delete:servers" in role["scopes"]


def test_learners_get_the_exchange_private_submissions_and_no_instructor_panels(settings):
    files = learner_config(settings)
    nbgrader = files["nbgrader_config.json"]
    assert nbgrader["Exchange"]["root"] == str(settings.folder / "exchange")
    assert nbgrader["ExchangeFactory"]["submit"] == "autograder.hub.exchange.PrivateSubmit"
    assert "CourseDirectory" in nbgrader and "root" not in nbgrader["CourseDirectory"]
    disabled = files["labconfig/page_config.json"]["disabledExtensions"]
    assert set(disabled) == set(INSTRUCTOR_PANELS)


def test_the_formgrader_gets_the_course_directory_and_may_be_framed_by_the_hub(settings):
    files = grader_config(settings)
    assert files["nbgrader_config.json"]["CourseDirectory"]["root"] == str(
        settings.folder / "course"
    )
    headers = files["jupyter_server_config.json"]["ServerApp"]["tornado_settings"]["headers"]
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
