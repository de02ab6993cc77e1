"""Area notes through the real app: an unreleased file shows nothing publicly and says so internally."""
from __future__ import annotations

import json
import shutil

import pytest

from dashboard import create_app
from dashboard.settings import Settings
from dashboard.ui import profile as view
from tests.conftest import DEMO_DIR
from tests.integration.test_app import find, render

AREA = "01010104"
NOTES = "# Am Markt\n\nNoch nicht abgestimmte Beschreibung.\n\n## Ziele\nEntwurf der Ziele\n\n### Abstimmung\nGEHEIM\n"


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    data = tmp_path_factory.mktemp("notizen") / "demo"
    shutil.copytree(DEMO_DIR, data)
    (data / "notes" / f"{AREA}.md").write_text(NOTES, encoding="utf-8")
    return {mode: create_app(Settings(data_dir=data, mode=mode, cache_dir=None)) for mode in ("internal", "public")}


def test_unreleased_notes_are_not_public_and_staff_are_told(apps):
    public = json.dumps(render(apps["public"], f"/gebiet/{AREA}"), ensure_ascii=False)
    assert "Noch nicht abgestimmte" not in public and "Entwurf der Ziele" not in public and "GEHEIM" not in public
    assert view.UNRELEASED not in public
    internal = render(apps["internal"], f"/gebiet/{AREA}")
    assert "Öffentlich: ja" in json.dumps(find(internal, view.UNRELEASED), ensure_ascii=False)
    assert "Noch nicht abgestimmte" in json.dumps(find(internal, view.OWN_NOTES), ensure_ascii=False)
    assert "GEHEIM" in json.dumps(find(internal, view.INTERNAL), ensure_ascii=False)
    english = render(apps["internal"], f"/gebiet/{AREA}", "?sprache=en")
    assert "Not released for publication" in json.dumps(find(english, view.UNRELEASED), ensure_ascii=False)


def test_released_demo_notes_show_publicly_without_the_hint(public_app, app):
    public = render(public_app, f"/gebiet/{AREA}")
    assert "Historischer Stadtkern" in json.dumps(find(public, view.OWN_NOTES), ensure_ascii=False)
    assert "Öffentlich: ja" not in json.dumps(public, ensure_ascii=False)
    assert find(render(app, f"/gebiet/{AREA}"), view.UNRELEASED) is None
