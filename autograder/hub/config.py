"""JupyterHub's configuration for the course, from ``course.yml``: one function per concern.

``configure`` is what ``jupyterhub_config.py`` calls; each step is a small function with its own
test (``tests/autograder/hub/test_config.py``). The ports follow the hub's: the proxy's API on the
next one, the hub itself on the one after, the formgrader service on the third.
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config

from autograder.hub.settings import HubSettings
from autograder.sandbox import TF_QUIET

CULLER_ROLE = "idle-culler"
FORMGRADER_ROLE = "formgrader"


def formgrader_url(settings: HubSettings) -> str:
    """Where the formgrader service listens (the hub proxies it at /services/<course id>/)."""
    return f"http://127.0.0.1:{settings.formgrader_port}"


def cgroup_parent(settings: HubSettings) -> str:
    """The parent of the learners' cgroups: one per hub (two hubs on one machine never share a
    learner's group, nor kill each other's processes when a server stops)."""
    return f"{settings.course_id}-hub-{settings.port}"


def network(c: Config, settings: HubSettings, proxy: Path) -> None:
    """Where the hub listens; its proxy; its own files kept in ``settings.state``."""
    c.JupyterHub.bind_url = f"http://{settings.address}:{settings.port}"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = settings.hub_port
    c.ConfigurableHTTPProxy.command = [str(proxy)]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.pid_file = str(settings.state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(settings.state / "cookie_secret")
    c.JupyterHub.pid_file = str(settings.state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server


def authentication(
    c: Config,
    settings: HubSettings,
    roster: list[str],
    shared_password: str | None,
    admin_password: str | None,
) -> None:
    """Who may log in: the staff and the roster; with ``native``, learners who sign up and are
    approved by the instructor (those on the roster are approved when they sign up)."""
    c.Authenticator.admin_users = {settings.instructor}
    allowed = {settings.instructor, *settings.teaching_assistants, *roster}
    if settings.authenticator == "native":
        c.JupyterHub.authenticator_class = "native"
        c.NativeAuthenticator.open_signup = False
        c.NativeAuthenticator.check_common_password = True
        c.NativeAuthenticator.minimum_password_length = 8
        c.Authenticator.allowed_users = allowed
    else:
        if not shared_password or not admin_password:
            raise ValueError(
                "the shared-password authenticator needs HUB_PASSWORD (learners, 8 characters or"
                " more) and HUB_ADMIN_PASSWORD (the instructor, 32 or more)"
            )
        c.JupyterHub.authenticator_class = "shared-password"
        c.SharedPasswordAuthenticator.user_password = shared_password
        c.SharedPasswordAuthenticator.admin_password = admin_password
        c.Authenticator.allowed_users = allowed


def learner_servers(c: Config, settings: HubSettings, python: Path) -> None:
    """Each user's JupyterLab: a process of the user's own account, in the user's home, with the
    course's Python environment, the learners' nbgrader configuration and the per-learner limits."""
    scripts = python.parent
    c.JupyterHub.spawner_class = "autograder.hub.spawner.CourseSpawner"
    c.Spawner.cmd = [str(scripts / "jupyterhub-singleuser")]
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.environment = {
        "PATH": f"{scripts}:/usr/local/bin:/usr/bin:/bin",
        "VIRTUAL_ENV": str(scripts.parent),
        "JUPYTER_CONFIG_PATH": str(settings.learner_config),
        **TF_QUIET,
    }
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
    c.CourseSpawner.group_parent = cgroup_parent(settings)
    c.CourseSpawner.memory_mb = settings.memory_mb
    c.CourseSpawner.processes = settings.processes


def services(c: Config, settings: HubSettings, python: Path) -> None:
    """The formgrader, a server of the grader account (staff only), and the idle culler."""
    scripts = python.parent
    c.JupyterHub.services = [
        {
            "name": settings.course_id,
            "url": formgrader_url(settings),
            "command": [
                str(scripts / "jupyterhub-singleuser"),
                f"--port={settings.formgrader_port}",
                f"--ServerApp.root_dir={settings.course_root.course_dir}",
            ],
            "user": settings.grader,
            "cwd": str(settings.course_root.course_dir),
            "environment": {
                "PATH": f"{scripts}:/usr/local/bin:/usr/bin:/bin",
                "JUPYTER_CONFIG_PATH": str(settings.grader_config),
                "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            },
            "oauth_no_confirm": True,
        },
        {
            "name": CULLER_ROLE,
            "command": [
                str(python),
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={settings.idle_minutes * 60}",
                f"--cull-every={max(60, settings.idle_minutes * 60 // 6)}",
            ],
        },
    ]


def roles(c: Config, settings: HubSettings) -> None:
    """The instructor and the assistants reach the formgrader (assistants without being hub
    admins); the culler may stop idle servers. Learners get no role beyond their own server."""
    c.JupyterHub.load_groups = {
        settings.formgrade_group: {"users": [settings.instructor, *settings.teaching_assistants]}
    }
    c.JupyterHub.load_roles = [
        {
            "name": FORMGRADER_ROLE,
            "groups": [settings.formgrade_group],
            "scopes": [
                f"access:services!service={settings.course_id}",
                f"read:services!service={settings.course_id}",
                "list:services",
            ],
        },
        {
            "name": CULLER_ROLE,
            "services": [CULLER_ROLE],
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        },
    ]


def configure(
    c: Config,
    settings: HubSettings,
    *,
    python: Path,
    proxy: Path,
    roster: list[str],
    shared_password: str | None = None,
    admin_password: str | None = None,
) -> Config:
    """The whole hub configuration.

    Args:
        c: the Config to fill (``get_config()`` in ``jupyterhub_config.py``).
        settings: the course's settings.
        python: the course environment's interpreter (its scripts serve every user).
        proxy: the configurable-http-proxy command.
        roster: the learners imported from a roster (``accounts.read_roster``).
        shared_password, admin_password: the learners' and the instructor's passwords of the
            ``shared-password`` authenticator.

    Returns:
        ``c``.
    """
    network(c, settings, proxy)
    authentication(c, settings, roster, shared_password, admin_password)
    learner_servers(c, settings, python)
    services(c, settings, python)
    roles(c, settings)
    return c
