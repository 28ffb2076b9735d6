from pathlib import Path

import pytest

from autograder.coursedir import course_config
from autograder.hub.settings import HubSettings, SettingsError, check_username


def test_course_yml_loads_with_the_syllabus_course_id():
    settings = HubSettings.load()
    assert settings.course_id == "ml-course"
    assert settings.address == "127.0.0.1"  # loopback unless the instructor sets an address
    assert settings.staff == ("instructor", "grader")
    assert settings.course_root.course_dir == settings.folder / "course"


def test_environment_overrides_what_the_file_says(monkeypatch, tmp_path):
    monkeypatch.setenv("HUB_FOLDER", str(tmp_path))
    monkeypatch.setenv("HUB_PORT", "9100")
    monkeypatch.setenv("HUB_ASSISTANTS", "ta1,ta2")
    settings = HubSettings.from_env()
    assert (settings.folder, settings.port) == (tmp_path, 9100)
    assert settings.teaching_assistants == ("ta1", "ta2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hub: {authenticator: ldap}", "authenticator"),
        ("accounts: {grader: instructor}", "accounts of their own"),
        ("accounts: {instructor: Root}", "cannot be an account"),
    ],
)
def test_bad_settings_are_refused_with_a_reason(tmp_path, text, message):
    path = tmp_path / "course.yml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message):
        HubSettings.load(path)


@pytest.mark.parametrize("name", ["root/../x", "-rf", "a" * 40, "Émile", ""])
def test_names_that_cannot_be_accounts_are_refused(name):
    with pytest.raises(SettingsError):
        check_username(name)


def test_the_course_config_is_in_the_repository():
    assert course_config() == Path(__file__).resolve().parents[3] / "course.yml"
