"""JupyterHub's configuration file for ``make hub``: everything comes from ``course.yml`` (with
the ``HUB_*`` environment overrides), through ``autograder.hub.config.configure``."""

import os
import sys
from pathlib import Path

from autograder.hub.accounts import saved_roster
from autograder.hub.config import configure
from autograder.hub.settings import HubSettings, proxy_command

settings = HubSettings.from_env()
configure(
    get_config(),  # noqa: F821 (get_config is provided by traitlets)
    settings,
    python=Path(sys.executable),
    proxy=proxy_command(),
    roster=saved_roster(settings),
    shared_password=os.environ.get("HUB_PASSWORD"),
    admin_password=os.environ.get("HUB_ADMIN_PASSWORD"),
)
