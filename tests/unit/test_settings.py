import re
from pathlib import Path

import pytest

from dashboard.settings import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if s.name not in readme]
    assert not missing, f"README.md erwähnt diese Einstellungen nicht: {missing}"


def test_every_setting_used_in_code_is_declared():
    declared = {s.name for s in SETTINGS}
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(re.findall(r'"(QM_[A-Z_]+)"', path.read_text(encoding="utf-8")))
    assert used <= declared, f"nicht deklariert: {used - declared}"


def test_every_setting_has_help_text():
    assert all(len(s.help) > 20 for s in SETTINGS)


def test_defaults_and_overrides():
    settings = Settings.from_env({})
    assert settings.mode == "internal" and settings.port == 8050 and not settings.public
    assert settings.data_dir.name == "demo"
    public = Settings.from_env({"QM_MODE": "public", "QM_DEBUG": "1", "QM_PORT": "9000"})
    assert public.public and public.port == 9000
    assert not public.debug  # never debug in public mode


def test_invalid_settings_fail_in_german():
    with pytest.raises(ValueError, match="QM_MODE"):
        Settings.from_env({"QM_MODE": "admin"})
    with pytest.raises(ValueError, match="ganze Zahlen"):
        Settings.from_env({"QM_PORT": "achtzig"})
