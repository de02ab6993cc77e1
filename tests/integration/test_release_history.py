"""Shareable views pinned to a data release: the writer keeps the folder's earlier releases, and a
link that names an earlier (or unknown) release opens on the current data with a banner naming both."""
from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard import create_app
from dashboard.catalog import load_dataset, release_history
from dashboard.ingest.generic import ingest_from_config
from dashboard.settings import Settings
from dashboard.ui import ids
from tests.integration.conftest import CallbackClient
from tests.integration.test_ingest_generic import WIDE_CSV, write_city


def changed(lines: list[str], old: str, new: str) -> list[str]:
    assert any(old in line for line in lines)
    return [line.replace(old, new) for line in lines]


@pytest.fixture(scope="module")
def updated_city(tmp_path_factory):
    """The Teststadt imported three times: first data, the same again, then a corrected value."""
    config = write_city(tmp_path_factory.mktemp("staende"))
    out = ingest_from_config(config)
    first = load_dataset(out).release
    ingest_from_config(config)  # same content: same release, nothing to remember
    assert load_dataset(out).release == first and release_history(out) == []
    wide = changed(WIDE_CSV, "0102;Lindenhof;3.000;30;1,0", "0102;Lindenhof;3.000;45;1,5")  # a corrected count
    (config.parent / "werte_2024.csv").write_bytes(("\r\n".join(wide) + "\r\n").encode("cp1252"))
    ingest_from_config(config)
    return out, first, load_dataset(out).release


def test_the_writer_remembers_the_replaced_release(updated_city):
    out, first, current = updated_city
    assert current != first
    assert release_history(out) == [{"id": first, "replaced": date.today().isoformat()}]
    assert load_dataset(out).release == current  # the history file does not disturb loading


def render(app, search: str) -> str:
    response = CallbackClient(app).call(ids.PAGE, "children", {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": search},
                                        {f"{ids.LANG}.data": "de"})
    assert response.status_code == 200
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def test_a_link_to_the_replaced_release_opens_with_a_banner_naming_both(updated_city):
    out, first, current = updated_city
    app = create_app(Settings(data_dir=out, mode="public", cache_dir=None))
    page = render(app, f"?indikator=SGB2&stand={first}")
    assert ids.RELEASE_BANNER in page
    assert first in page and current in page and date.today().isoformat() in page
    assert "gezeigt wird der aktuelle Datenstand" in page
    # the current release and no release at all: no banner
    assert ids.RELEASE_BANNER not in render(app, f"?indikator=SGB2&stand={current}")
    assert ids.RELEASE_BANNER not in render(app, "?indikator=SGB2")
    # an unknown release is said to be unknown; the text is cut and never markup
    page = render(app, "?stand=" + "<script>x</script>" * 20)
    assert "ist unbekannt" in page and "<script>" in page and page.count("<script>") <= 3  # a JSON text, not HTML
    english = CallbackClient(app).call(ids.PAGE, "children", {f"{ids.URL}.pathname": "/", f"{ids.URL}.search": f"?stand={first}&sprache=en"},
                                       {f"{ids.LANG}.data": "de"}).get_json()["response"]
    text = json.dumps(english, ensure_ascii=False)
    assert "This link was made with data release" in text and first in text and current in text
    assert english[ids.LANG]["data"] == "en"
